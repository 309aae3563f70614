import Foundation
import IlsaTesting
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Issue 12 from outside, with the real binary: untrusted input never crashes, freezes or
/// floods an Ilsa process, and every stored run can be cancelled.
@Suite(.serialized) struct HostBoundaryAttackTests {
    /// A JSON array nested `depth` deep.
    static func nestedJSON(_ depth: Int) -> String {
        String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth)
    }

    /// A Lua table constructor nested `depth` deep, built in a loop (the parser refuses 200
    /// nested braces on its own).
    static func nestedLua(_ depth: Int, name: String = "t") -> String {
        "local \(name) = {} for i = 1, \(depth) do \(name) = {\(name)} end"
    }

    static let waiter = """
        return ilsa.workflow { name = "waiter", title = "waiter", run = function(ctx)
          local s = ilsa.wait_signal("gauge")
          ilsa.log("got a reading")
          local t = ilsa.task { title = "check", assignee = { role = "DONG.HEAD", district = "singil" } }
          t:wait()
        end }

        """

    @Test func deepSignalPayloadsNeitherCrashNorPoisonTheRun() async throws {
        let scratch = try Workspace()
        try scratch.write("waiter.lua", Self.waiter)
        #expect(try await scratch.ilsa(["run", "--detach", "--id", "w1", "waiter.lua"]).exited(0))
        // Past the limit: refused at the door, one line, nothing stored.
        let deep = try await scratch.ilsa(["signal", "w1", "gauge", Self.nestedJSON(100)])
        #expect(deep.exited(2), "\(deep.summary)")
        #expect(deep.stderrText.hasPrefix("ilsa: ") && deep.stderrText.contains("nested more than 64 levels deep"), "\(deep.summary)")
        #expect(deep.stderrText.split(separator: "\n").count == 1)
        // Within it (the 60 levels that once crashed every later command): taken, and the run goes on.
        let accepted = try await scratch.ilsa(["signal", "w1", "gauge", Self.nestedJSON(60)])
        #expect(accepted.exited(0), "\(accepted.summary)")
        for command in [["status", "w1"], ["history", "w1"], ["tasks"], ["work"]] {
            let result = try await scratch.ilsa(command)
            #expect(!result.signaled && result.status <= 1, "\(command): \(result.summary)")
        }
        let done = try await scratch.ilsa(["task", "done", "w1.3"])
        #expect(done.exited(0), "\(done.summary)")
        #expect(try await scratch.status("w1")["status"] as? String == "completed")
    }

    @Test func deepFilesAreOneLineErrors() async throws {
        let scratch = try Workspace()
        try scratch.write("waiter.lua", Self.waiter)
        // A roster, a responders file and a plugin manifest, each nested 300 deep.
        try scratch.write("roster.lua", Self.nestedLua(300) + " return { districts = t }\n")
        try scratch.write("responders.lua", Self.nestedLua(300) + " signal { at = \"1m\", name = \"gauge\", payload = t }\n")
        try FileManager.default.createDirectory(at: scratch.url.appendingPathComponent("extra/deep"), withIntermediateDirectories: true)
        try scratch.write(
            "extra/deep/plugin.lua",
            "return { name = 'deep', version = '1.0.0', api = {1}, description = 'd', provides = { modules = { 'deep' } }, config = { x = { type = 'table', default = (function() \(Self.nestedLua(300)) return t end)() } } }\n"
        )
        try scratch.write("extra/deep/init.lua", "return { modules = { deep = {} } }\n")
        let checks: [([String], [String: String])] = [
            (["status"], ["ILSA_ROSTER": scratch.url.appendingPathComponent("roster.lua").path]),
            (["run", "--detach", "waiter.lua"], ["ILSA_ROSTER": scratch.url.appendingPathComponent("roster.lua").path]),
            (["drill", "waiter.lua", "--responders", "responders.lua"], [:]),
            (["plugins", "list"], ["ILSA_PLUGIN_PATH": scratch.url.appendingPathComponent("extra").path]),
        ]
        for (arguments, extra) in checks {
            var environment = scratch.environment
            environment.merge(extra) { _, new in new }
            let result = try await CLI.ilsa(arguments, environment: environment, in: scratch.url, timeout: .seconds(30))
            #expect(!result.signaled && !result.timedOut, "\(arguments): \(result.summary)")
            if arguments != ["status"] {  // status reads no roster
                #expect(result.exited(2), "\(arguments): \(result.summary)")
                #expect(result.stderrText.contains("nested more than 64 levels deep"), "\(arguments): \(result.summary)")
            }
        }
    }

    @Test func aRunWhoseHistoryCannotBeReadIsStillCancelled() async throws {
        let scratch = try Workspace()
        try scratch.write("waiter.lua", Self.waiter)
        #expect(try await scratch.ilsa(["run", "--detach", "--id", "p1", "waiter.lua"]).exited(0))
        // Another program writes JSON that does not parse, and JSON nested past what the store
        // reads, into its history.
        let python = """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.execute("UPDATE history SET payload = ? WHERE run_id = 'p1' AND sequence = 1", ("[" * 500 + "]" * 500,))
            db.execute("UPDATE history SET payload = '{not json' WHERE run_id = 'p1' AND sequence = 2")
            db.commit()
            """
        try scratch.write("poison.py", python)
        let poisoned = try await RunningProcess(URL(fileURLWithPath: "/usr/bin/python3"), ["poison.py", scratch.store], in: scratch.url)
            .wait()
        #expect(poisoned.exited(0), "\(poisoned.summary)")
        let history = try await scratch.ilsa(["history", "p1"])
        #expect(history.exited(2) && history.stderrText.contains("cannot be read back"), "\(history.summary)")
        let cancelled = try await scratch.ilsa(["cancel", "p1", "--reason", "poisoned"])
        #expect(!cancelled.signaled && cancelled.status == 0, "\(cancelled.summary)")
        let status = try await scratch.ilsa(["status", "--all"])
        #expect(status.stdoutText.contains("cancelled"), "\(status.summary)")
        let tasks = try await scratch.ilsa(["tasks"])
        #expect(!tasks.stdoutText.contains("p1."), "\(tasks.summary)")
    }

    static let hog = """
        return ilsa.workflow { name = "hog", title = "hog", run = function(ctx)
          ilsa.sleep("1s")
          local x <close> = setmetatable({}, { __close = function() while true do end end })
          while true do end
        end }

        """

    @Test func oneRunCannotKeepTheWorkerFromMovingTheOthers() async throws {
        let scratch = try Workspace()
        try scratch.write("hog.lua", Self.hog)
        try scratch.write("nap.lua", FixturePlaybooks.nap(2))
        #expect(try await scratch.ilsa(["run", "--detach", "--id", "hog", "hog.lua"]).exited(0))
        #expect(try await scratch.ilsa(["run", "--detach", "--id", "nap", "nap.lua"]).exited(0))
        let worker = try scratch.spawn(["work", "--follow", "--interval", "0.2"])
        let moved = try await scratch.eventually(timeout: .seconds(30)) {
            let nap = try await scratch.status("nap")["status"] as? String
            let hog = try await scratch.status("hog")["status"] as? String
            return nap == "completed" && hog == "failed"
        }
        #expect(moved)
        worker.send(SIGTERM)
        let result = await worker.wait(timeout: .seconds(10))
        #expect(result.exited(0), "\(result.summary)")
        let history = try await scratch.ilsa(["history", "hog"])
        #expect(history.stdoutText.contains("time limit exceeded"), "\(history.summary)")
    }

    @Test func sigtermStopsAWorkerWithinASecondEvenMidStep() async throws {
        let scratch = try Workspace()
        try scratch.write("hog.lua", Self.hog)
        #expect(try await scratch.ilsa(["run", "--detach", "--id", "hog", "hog.lua"]).exited(0))
        try await Task.sleep(for: .milliseconds(1100))  // the hog's timer is due: the next step loops
        let worker = try scratch.spawn(["work", "--follow"])
        try await Task.sleep(for: .milliseconds(1500))  // inside the hog's 5-second step now
        let sent = ContinuousClock.now
        worker.send(SIGTERM)
        let result = await worker.wait(timeout: .seconds(10))
        let took = ContinuousClock.now - sent
        #expect(took < .milliseconds(1500), "stopped after \(took)")
        #expect(!result.signaled, "\(result.summary)")
        // The step was not stored: the run still waits, and another worker does it again.
        #expect(try await scratch.status("hog")["status"] as? String == "waiting")
    }
}
