import Foundation
@testable import IlsaEngine
import IlsaTesting
import Testing

/// Durable runs: a run continues after any restart exactly where it was, nothing done twice.
struct RuntimeTests {
    static let playbook = """
        return ilsa.workflow {
          name = "semi_basement_check",
          title = "Semi-basement households",
          params = { district = { type = "district", required = true } },
          run = function(ctx)
            local contact = ilsa.task { title = "Contact every semi-basement household in " .. ctx.params.district, due = "1h" }
            local answer = contact:wait()
            ilsa.log("contacted by " .. answer.by .. ", roll " .. ilsa.random(1, 6))
            ilsa.sleep("3h")
            local check = ilsa.task { title = "Re-check after the rain" }
            check:wait()
            return "stood down at " .. ilsa.now()
          end,
        }
        """

    let start = Date(timeIntervalSince1970: 1_752_624_000)  // 2025-07-16T00:00:00Z

    /// The steps the outside world takes; `restart` runs before each one.
    func drive(_ folder: TemporaryFolder, restart: (Int) -> Bool) throws -> [HistoryEvent] {
        let clock = VirtualClock(startingAt: start)
        let store = try folder.store()
        var engine = Engine(store: store, clock: clock, source: { _ in Self.playbook })
        let steps: [(Engine) throws -> Void] = [
            { try $0.start(playbook: "semi_basement_check.lua", params: ["district": "singil"], id: "r1", seed: 42) },
            { _ in try clock.advance(by: .seconds(600)) },
            { try $0.completeTask("r1.1", by: "DONG.HEAD 신길동") },
            { _ in try clock.advance(by: .seconds(3 * 3600)) },
            { try $0.work() },
            { try $0.completeTask("r1.5", by: "FIRE.SC119") },
        ]
        for (index, step) in steps.enumerated() {
            if restart(index) { engine = Engine(store: try folder.store(), clock: clock, source: { _ in Self.playbook }) }
            try step(engine)
        }
        return try store.history(of: "r1")
    }

    @Test func runCompletesWithTheExpectedHistory() throws {
        let history = try drive(try TemporaryFolder(), restart: { _ in false })
        #expect(
            history.map(\.name) == [
                "semi_basement_check", "task.create", "task.wait", "task.complete", "answer", "log",
                "sleep", "answer", "task.create", "task.wait", "task.complete", "answer", "run",
            ])
        #expect(history.last?.kind == .runCompleted)
        #expect(history[1].payload["title"] == .string("Contact every semi-basement household in singil"))
        #expect(history[1].payload["due"] == .integer((start.millisecondsSince1970) + 3_600_000))
        #expect(history.last?.payload["result"] == .string("stood down at \(1_752_624_000 + 600 + 10800).0"))
    }

    @Test(arguments: 0..<6)
    func restartBeforeAnyStepChangesNothing(step: Int) throws {
        let uninterrupted = try drive(try TemporaryFolder(), restart: { _ in false })
        let restarted = try drive(try TemporaryFolder(), restart: { $0 == step })
        #expect(restarted == uninterrupted)
    }

    @Test func restartBeforeEveryStepChangesNothing() throws {
        let uninterrupted = try drive(try TemporaryFolder(), restart: { _ in false })
        #expect(try drive(try TemporaryFolder(), restart: { _ in true }) == uninterrupted)
    }

    @Test(arguments: [false, true])
    func taskDoneWhileTheRunSleepsIsAnsweredAtOnceLater(restart: Bool) throws {
        let folder = try TemporaryFolder()
        let clock = VirtualClock(startingAt: start)
        let source =
            "return ilsa.workflow { name = 'p', title = 'P', run = function() local t = ilsa.task { title = 'x' } ilsa.sleep('1h') return t:wait().by end }"
        let store = try folder.store()
        var engine = Engine(store: store, clock: clock, source: { _ in source })
        try engine.start(playbook: "p.lua", id: "r1")
        try engine.completeTask("r1.1", by: "early bird")
        if restart { engine = Engine(store: try folder.store(), clock: clock, source: { _ in source }) }
        try clock.advance(by: .seconds(3600))
        #expect(try engine.work().count == 1)
        #expect(try store.history(of: "r1").last?.payload["result"] == .string("early bird"))
        #expect(throws: RuntimeError.self) { try engine.completeTask("r1.1", by: "late") }
    }

    @Test func tasksOfAnEndedRunAreClosed() throws {
        let folder = try TemporaryFolder()
        let clock = VirtualClock(startingAt: start)
        let source = "return ilsa.workflow { name = 'p', title = 'P', run = function() ilsa.task { title = 'never waited for' } end }"
        let engine = Engine(store: try folder.store(), clock: clock, source: { _ in source })
        try engine.start(playbook: "p.lua", id: "r1")
        do {
            try engine.completeTask("r1.1", by: "someone")
            Issue.record("expected an error")
        } catch let error as RuntimeError {
            #expect(error.code == .invalidState)
            #expect(
                error.message.hasPrefix("run 'r1' has ended") && error.message.contains("its tasks and escalations are closed"),
                "\(error.message)")
        }
    }

    @Test func editedPlaybookIsANondeterminismErrorNamingBothCommands() throws {
        let folder = try TemporaryFolder()
        let clock = VirtualClock(startingAt: start)
        try Engine(store: try folder.store(), clock: clock, source: { _ in Self.playbook })
            .start(playbook: "p.lua", params: ["district": "singil"], id: "r1", seed: 1)
        try folder.unpin("r1")  // a run that replays its file (an edited version is its own)
        let edited = Self.playbook.replacingOccurrences(of: "Contact every", with: "Call every")
        let restarted = Engine(store: try folder.store(), clock: clock, source: { _ in edited })
        do {
            try restarted.completeTask("r1.1", by: "x")
            Issue.record("expected a nondeterminism error")
        } catch let error as RuntimeError {
            #expect(error.code == .nondeterminism)
            #expect(error.message.contains("Contact every semi-basement household"), "\(error.message)")
            #expect(error.message.contains("Call every semi-basement household"), "\(error.message)")
        }
    }

    @Test func scriptCannotCatchANondeterminismError() throws {
        let folder = try TemporaryFolder()
        let clock = VirtualClock(startingAt: start)
        let v1 = "return ilsa.workflow { name = 'p', title = 'P', run = function() ilsa.log('a') ilsa.sleep('1m') end }"
        let v2 = "return ilsa.workflow { name = 'p', title = 'P', run = function() pcall(ilsa.log, 'b') ilsa.sleep('1m') end }"
        try Engine(store: try folder.store(), clock: clock, source: { _ in v1 }).start(playbook: "p.lua", id: "r1")
        try folder.unpin("r1")
        try clock.advance(by: .seconds(120))
        #expect(throws: RuntimeError.self) {
            try Engine(store: try folder.store(), clock: clock, source: { _ in v2 }).work()
        }
    }

    @Test func aTaskIsCreatedOnceAndCompletedOnce() throws {
        let folder = try TemporaryFolder()
        let clock = VirtualClock(startingAt: start)
        let engine = Engine(store: try folder.store(), clock: clock, source: { _ in Self.playbook })
        try engine.start(playbook: "p.lua", params: ["district": "choji"], id: "r1")
        engine.evictAll()
        #expect(try engine.tasks(of: "r1").count == 1)
        try engine.completeTask("r1.1", by: "a")
        #expect(throws: RuntimeError.self) { try engine.completeTask("r1.1", by: "b") }
        #expect(throws: RuntimeError.self) { try engine.completeTask("r1.99", by: "b") }
        #expect(try folder.store().history(of: "r1").filter { $0.name == "task.create" }.count == 1)
    }

    @Test func playbookErrorFailsTheRunWithFileAndLine() throws {
        let folder = try TemporaryFolder()
        let clock = VirtualClock(startingAt: start)
        let broken =
            "return ilsa.workflow { name = 'broken', title = 'Broken', run = function(ctx)\n  local t = ilsa.task { title = 'x' }\n  return ctx.params.missing.field\nend }"
        let store = try folder.store()
        try Engine(store: store, clock: clock, source: { _ in broken }).start(playbook: "broken.lua", id: "r1")
        let last = try #require(try store.history(of: "r1").last)
        #expect(last.kind == .runFailed)
        #expect(last.payload["message"]?.stringValue?.hasPrefix("broken.lua:3:") == true, "\(last.payload)")
        #expect(try store.run("r1")?.status == .failed)
    }
}
