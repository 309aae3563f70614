import Foundation
import IlsaTesting
import Testing

/// A worker on a PostgreSQL store outlives the database: restarted cleanly, then crashed and
/// recovered while runs fall due and notifications go out. It says so, waits, and goes on;
/// nothing is lost, no timer fires twice, no notification goes out twice.
@Suite(.serialized) struct DatabaseOutageTests {
    @Test func aWorkerOutlivesADatabaseRestartAndACrash() async throws {
        let database = try PostgresServer()
        let scratch = try Workspace()
        scratch.pluginPath = Fixtures.plugins.path
        try scratch.write("three.lua", EffectDeliveryCLITests.threeTasks)
        let environment = ["ILSA_STORE": database.url(schema: "outage")]
        let runs = 12
        for n in 0..<runs / 2 {
            #expect(try await scratch.ilsa(["run", "--detach", "--id", "o\(n)", "three.lua"], environment: environment).exited(0))
        }
        let worker = try scratch.spawn(["work", "--follow", "--interval", "0.2", "--lease", "3"], environment: environment)
        try await Task.sleep(for: .milliseconds(500))

        try database.stop(mode: "fast")  // a restart: sessions ended cleanly
        try await Task.sleep(for: .seconds(2))
        try database.start()
        for n in runs / 2..<runs {
            #expect(try await scratch.ilsa(["run", "--detach", "--id", "o\(n)", "three.lua"], environment: environment).exited(0))
        }
        try await Task.sleep(for: .milliseconds(1500))
        try database.stop(mode: "immediate")  // a crash, recovered from the log
        try await Task.sleep(for: .seconds(2))
        try database.start()

        let settled = try await scratch.eventually(timeout: .seconds(60)) {
            let active = try await scratch.ilsa(["status", "--json"], environment: environment)
            let pending = try await scratch.ilsa(["effects", "--json"], environment: environment)
            return active.stdoutText == "[]\n" && pending.stdoutText == "[]\n"
        }
        #expect(settled, "every run ended and every notification went out")
        #expect(!worker.hasExited, "the worker waited the outages out")
        worker.send(SIGTERM)
        let result = await worker.wait(timeout: .seconds(20))
        #expect(result.exited(0), "\(result.summary)")
        #expect(result.stderrText.contains("lost the database"), "\(result.stderrText)")
        #expect(result.stderrText.contains("is back after"), "\(result.stderrText)")

        for n in 0..<runs {
            let history = try await scratch.ilsa(["history", "o\(n)", "--json"], environment: environment)
            let events = try #require(try JSONSerialization.jsonObject(with: history.stdout) as? [[String: Any]])
            let fired = events.filter { ($0["text"] as? String ?? "").contains("timer fired") }
            #expect(fired.count == 1, "o\(n)'s timer fired \(fired.count) times")
            #expect(events.contains { $0["kind"] as? String == "run_completed" }, "o\(n) completed")
        }
        let lines = ((try? String(contentsOfFile: scratch.path(".ilsa/outbox.jsonl"), encoding: .utf8)) ?? "")
            .split(separator: "\n")
        let ids = lines.compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["id"] as? String
        }
        #expect(ids.count == lines.count, "every line whole")
        #expect(ids.count == runs * 4, "\(ids.count) notifications: three tasks and the end of each run")
        #expect(Set(ids).count == ids.count, "none twice")
    }
}
