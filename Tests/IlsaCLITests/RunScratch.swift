import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A temporary folder with a store and playbooks, for the commands that run playbooks
/// (`ilsa run`, `work`, `status`, `history`, `cancel`), removed when the test is done with it.
///
/// Every command runs in the folder with `ILSA_STORE` naming the folder's store, `ILSA_ROSTER`
/// the project's roster and `USER=tester`.
final class RunScratch {
    let url: URL
    var roster = CLI.packageRoot.appendingPathComponent("plugins/ansan/roster.lua").path

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("ilsa-run-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// The store's path.
    var store: String { url.appendingPathComponent("store.sqlite").path }

    var environment: [String: String] {
        ["ILSA_STORE": store, "ILSA_ROSTER": roster, "ILSA_WORKFLOWS": "", "USER": "tester", "NO_COLOR": "1"]
    }

    /// Writes `contents` to `name` in the folder.
    func write(_ name: String, _ contents: String) throws {
        try Data(contents.utf8).write(to: url.appendingPathComponent(name))
    }

    /// Runs `ilsa ARGUMENTS` in the folder to completion.
    func ilsa(_ arguments: [String], in directory: URL? = nil, timeout: Duration = .seconds(60)) async throws -> RunResult {
        try await CLI.ilsa(arguments, environment: environment, in: directory ?? url, timeout: timeout)
    }

    /// Starts `ilsa ARGUMENTS` in the folder and returns at once.
    func start(_ arguments: [String]) throws -> RunningProcess {
        try RunningProcess(try CLI.ilsaURL(), arguments, environment: environment, in: url)
    }

    /// Runs `ilsa ARGUMENTS --json` and reads its standard output as JSON.
    func json(_ arguments: [String]) async throws -> Any {
        let result = try await ilsa(arguments + ["--json"])
        guard result.exited(0) else { throw CLIError("ilsa \(arguments.joined(separator: " ")) --json: \(result.summary)") }
        return try JSONSerialization.jsonObject(with: result.stdout)
    }

    /// `ilsa status RUN --json`.
    func status(_ run: String) async throws -> [String: Any] {
        try await json(["status", run]) as? [String: Any] ?? [:]
    }

    /// `ilsa history RUN --json`.
    func history(_ run: String) async throws -> [[String: Any]] {
        try await json(["history", run]) as? [[String: Any]] ?? []
    }

    /// Polls `condition` every 100 ms until it holds or `timeout` passes; returns whether it held.
    func eventually(timeout: Duration = .seconds(20), _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try await condition()
    }
}

/// Small playbooks for the run commands' tests.
enum TestPlaybooks {
    /// Creates a task for the dong head and waits for it.
    static let sandbags = """
        return ilsa.workflow {
          name = "sandbags", title = "모래주머니 배치",
          params = { { name = "district", type = "district", default = "singil" } },
          run = function(ctx)
            local t = ilsa.task {
              title = "모래주머니 배치", assignee = { role = "DONG.HEAD", district = ctx.params.district }, due = "1h",
            }
            ilsa.log("waiting for the sandbags")
            t:wait()
            return "placed"
          end,
        }

        """

    /// A task, then three steps of a second each, each drawing a random number: several
    /// commands and timers, and a result that depends on the seed.
    static let steps = """
        return ilsa.workflow {
          name = "steps", title = "단계별 점검",
          run = function(ctx)
            local t = ilsa.task { title = "배수로 점검", assignee = { role = "DONG.HEAD", district = "singil" }, due = "1h" }
            local drawn = {}
            for i = 1, 3 do
              ilsa.log("step " .. i)
              ilsa.sleep("1s")
              drawn[i] = ilsa.random(1, 1000000)
            end
            t:wait()
            ilsa.log("all steps done")
            return { drawn = drawn, task = t:id() }
          end,
        }

        """

    /// Waits for a gauge reading, then sleeps a second.
    static let gauge = """
        return ilsa.workflow {
          name = "gauge", title = "강우량 확인",
          run = function(ctx)
            local reading = ilsa.wait_signal("gauge")
            ilsa.log(string.format("rain %d mm/h", reading.payload.mm))
            ilsa.sleep("1s")
            return reading.payload.mm
          end,
        }

        """

    /// Sleeps `seconds`, then completes.
    static func nap(_ seconds: Int) -> String {
        """
        return ilsa.workflow {
          name = "nap", title = "잠깐 대기",
          run = function(ctx)
            ilsa.log("before")
            ilsa.sleep("\(seconds)s")
            ilsa.log("after")
            return "rested"
          end,
        }

        """
    }

    /// A life-safety task due in a second that nobody acknowledges, watched for three seconds.
    static let unanswered = """
        return ilsa.workflow {
          name = "unanswered", title = "응답 없는 과업",
          run = function(ctx)
            local t = ilsa.task {
              title = "대피 안내", assignee = { role = "DONG.HEAD", district = "singil" }, due = "1s", class = "life_safety",
            }
            ilsa.any { t, ilsa.timer("3s") }
            return "watched"
          end,
        }

        """
}
