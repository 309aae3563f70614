import Foundation
import IlsaTesting
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The kma and notify plugins end to end from the command line: a warning file appears, `ilsa
/// work --follow` signals the run that asked for it, the run creates its task, and notify writes
/// the outbox line once, even when the worker is killed with SIGKILL and another one resumes.
struct PluginKillTests {
    static let flood = """
        return ilsa.workflow {
          name = "flood", title = "침수 대비",
          params = { { name = "district", type = "district", default = "singil" } },
          run = function(ctx)
            local warning = ilsa.wait_signal("kma.heavy_rain")
            local t = ilsa.task {
              title = "반지하 세대 대피 안내 (" .. warning.payload.level .. ")",
              assignee = { role = "DONG.HEAD", district = ctx.params.district }, due = "30m", class = "life_safety",
            }
            t:wait()
            return "evacuated"
          end,
        }

        """

    @Test func aWarningFileBecomesOneNotificationThroughAKill() async throws {
        let scratch = try Workspace()
        try scratch.write("flood.lua", Self.flood)
        scratch.pluginPath = Fixtures.plugins.path
        func ilsa(_ arguments: [String]) async throws -> RunResult { try await scratch.ilsa(arguments) }
        func worker() throws -> RunningProcess { try scratch.spawn(["work", "--follow", "--interval", "0.2"]) }
        func outbox() -> [String] {
            let text = (try? String(contentsOf: scratch.url.appendingPathComponent(".ilsa/outbox.jsonl"), encoding: .utf8)) ?? ""
            return text.split(separator: "\n").map(String.init)
        }
        #expect(try await ilsa(["run", "--detach", "--id", "f1", "flood.lua"]).exited(0))

        let first = try worker()
        try FileManager.default.createDirectory(at: scratch.url.appendingPathComponent("feeds/kma"), withIntermediateDirectories: true)
        try scratch.write(
            "feeds/kma/0300.json",
            """
            [{ "id": "kma-0300", "hazard": "heavy_rain", "level": "warning", "districts": ["singil"] }]
            """)
        let created = try await scratch.eventually(timeout: .seconds(30)) {
            (try? await scratch.json(["tasks", "--run", "f1"]) as? [[String: Any]])?.count == 1
        }
        #expect(created)
        first.send(SIGKILL)
        _ = await first.wait(timeout: .seconds(20))

        // Another worker resumes: the feed is read again, nothing is signalled or sent twice.
        let second = try worker()
        try await Task.sleep(for: .seconds(1))
        second.send(SIGTERM)
        #expect(await second.wait(timeout: .seconds(20)).exited(0))

        let history = try await scratch.history("f1")
        #expect(history.filter { $0["kind"] as? String == "signal_received" }.count == 1)
        let created1 = outbox().filter { $0.contains("\"kind\":\"task_created\"") }
        #expect(created1.count == 1, "\(outbox())")
        #expect(created1.first?.contains("반지하 세대 대피 안내 (warning)") == true, "\(outbox())")

        #expect(try await ilsa(["task", "done", "f1.2", "--by", "신길동장"]).exited(0))
        #expect(try await scratch.status("f1")["status"] as? String == "completed")
        #expect(outbox().filter { $0.contains("\"kind\":\"task_created\"") }.count == 1)
    }
}
