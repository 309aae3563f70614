import Foundation
import IlsaEngine
import IlsaTesting
import Testing

/// Waits for a task's milestones, what a run closes when it ends or cancels a branch (named in
/// its history), a playbook that cancels its own run, and `ilsa.patched` (issue 17). Each with
/// and without restarts between steps, so every path is also a replay.
struct RuntimeEndsAndMilestonesTests {
    let start = Date(timeIntervalSince1970: 1_752_624_000)

    /// Whichever agency starts first takes the job; the other task is cancelled.
    static let firstToStart = """
        return ilsa.workflow { name = "p", title = "P", run = function()
          local fire = ilsa.task { title = "배수 지원 (소방)" }
          local police = ilsa.task { title = "배수 지원 (경찰)" }
          local first, answer = ilsa.any { fire:reached("started"), police:reached("started"), ilsa.timer("30m") }
          if first == nil or answer.timer then return "nobody" end
          local taker = first:task()
          if taker:id() == fire:id() then police:cancel() else fire:cancel() end
          taker:wait()
          return taker:id() .. " by " .. answer.by .. " (" .. answer.state .. ")"
        end }
        """

    @Test(arguments: [false, true])
    func whicheverAgencyStartsFirstTakesTheJob(restarts: Bool) throws {
        let bench = try EngineBench(Self.firstToStart, start: start, restarts: restarts)
        try bench.step().start(playbook: "p.lua", id: "r1")
        // Acknowledging is not starting: the wait goes on.
        try bench.step().update(task: "r1.1", .acknowledge, by: "소방")
        #expect(try bench.store().tasks(TaskQuery(run: "r1")).allSatisfy { !$0.state.isTerminal })
        try bench.step().update(task: "r1.2", .start, by: "경찰")
        #expect(try bench.store().task("r1.1")?.state == .cancelled)
        try bench.step().completeTask("r1.2", by: "경찰")
        #expect(try bench.result() == .string("r1.2 by 경찰 (in_progress)"))
    }

    @Test(arguments: [false, true])
    func aMilestoneWaitAnswersWhenTheTaskEndsWithoutIt(restarts: Bool) throws {
        let source = """
            return ilsa.workflow { name = "p", title = "P", run = function()
              local t = ilsa.task { title = "현장 확인" }
              local seen = t:wait("acknowledged")
              local started = t:wait("started")
              return seen.state .. "," .. started.state
            end }
            """
        let bench = try EngineBench(source, start: start, restarts: restarts)
        try bench.step().start(playbook: "p.lua", id: "r1")
        try bench.step().update(task: "r1.1", .acknowledge, by: "kim")
        #expect(try bench.result() == nil)
        try bench.step().update(task: "r1.1", .fail, by: "kim", note: "도로 침수")
        #expect(try bench.result() == .string("acknowledged,failed"))
    }

    @Test func aBadMilestoneIsTheScriptsMistake() throws {
        let source = """
            return ilsa.workflow { name = "p", title = "P", run = function()
              local ok, message = pcall(function() return ilsa.task { title = "t" }:reached("begun") end)
              return message
            end }
            """
        let bench = try EngineBench(source, start: start, restarts: false)
        try bench.step().start(playbook: "p.lua", id: "r1")
        #expect(try bench.result()?.stringValue?.contains("\"acknowledged\" or \"started\" expected, got \"begun\"") == true)
    }

    /// Work `run` did not wait for is closed when it returns, and the history names each item.
    @Test(arguments: [false, true])
    func workLeftOpenWhenRunReturnsIsNamedInTheHistory(restarts: Bool) throws {
        let source = """
            return ilsa.workflow { name = "p", title = "P", run = function()
              ilsa.task { title = "안내 문자 발송" }
              ilsa.escalate { to = "control_tower", severity = "interest", reason = "참고", options = { "ok" } }
              ilsa.task { title = "순찰" }:wait()
              return "done"
            end }
            """
        let bench = try EngineBench(source, start: start, restarts: restarts)
        try bench.step().start(playbook: "p.lua", id: "r1")
        let change = try bench.step().completeTask("r1.3", by: "kim")
        #expect(change.tasksClosedByRun.map(\.id) == ["r1.1"])
        let closed = try #require(
            try bench.history().compactMap { event -> ItemsClosed? in if case .closed(let items) = event.fact { items } else { nil } }.first
        )
        #expect(closed.cause == "run.completed" && closed.tasks == ["r1.1"] && closed.escalations == ["r1.2"])
        #expect(try bench.result() == .string("done"))
        #expect(try bench.store().task("r1.1")?.state == .cancelled)
    }

    @Test(arguments: [false, true])
    func cancellingABranchReturnsAndRecordsWhatItClosed(restarts: Bool) throws {
        let source = """
            return ilsa.workflow { name = "p", title = "P", run = function()
              local watch = ilsa.branch(function()
                ilsa.task { title = "하천 순찰" }
                ilsa.task { title = "수위 확인" }:wait()
              end)
              ilsa.wait_signal("lifted")
              local closed = watch:cancel()
              return table.concat(closed, ",")
            end }
            """
        let bench = try EngineBench(source, start: start, restarts: restarts)
        try bench.step().start(playbook: "p.lua", id: "r1")
        let change = try bench.step().signal("r1", name: "lifted")
        #expect(try bench.result() == .string("r1.3,r1.4"), "the branch runs once main waits: its tasks are commands 3 and 4")
        #expect(change.tasksClosedByRun.map(\.id) == ["r1.3", "r1.4"], "a signal says what it cancelled")
        let closed = try bench.history().compactMap { event -> ItemsClosed? in
            if case .closed(let items) = event.fact { items } else { nil }
        }
        #expect(closed.map(\.cause) == ["branch.cancel"] && closed.first?.branch == "r1.1")
    }

    @Test(arguments: [false, true])
    func aPlaybookEndsItsOwnRunAsCancelledWithAReason(restarts: Bool) throws {
        let source = """
            return ilsa.workflow { name = "p", title = "P", run = function()
              ilsa.task { title = "대비 태세" }
              local lifted = ilsa.signal("lifted")
              ilsa.branch(function()
                if ilsa.any { lifted, ilsa.timer("1h") } == lifted then ilsa.cancel_run("주의보 해제") end
              end)
              ilsa.sleep("2h")
              return "held"
            end }
            """
        let bench = try EngineBench(source, start: start, restarts: restarts)
        try bench.step().start(playbook: "p.lua", id: "r1")
        let change = try bench.step().signal("r1", name: "lifted")
        #expect(change.status == .cancelled)
        let cancelled = try #require(
            try bench.history().compactMap { event -> RunCancellation? in if case .cancelled(let c) = event.fact { c } else { nil } }.first)
        #expect(cancelled.by == "playbook" && cancelled.reason == "주의보 해제")
        #expect(try bench.store().run("r1")?.status == .cancelled)
        #expect(try bench.store().task("r1.1")?.state == .cancelled)
    }

    /// `ilsa.patched` is true for a run that reaches it live and stays so (a loop asks again);
    /// a run recorded without it keeps the old path even after it goes live again.
    @Test func patchedIsDecidedOnceAndReplaysAsRecorded() throws {
        let old = """
            return ilsa.workflow { name = "p", title = "P", run = function()
              for i = 1, 3 do
                ilsa.wait_signal("tick")
              end
              return "old"
            end }
            """
        let new = old.replacingOccurrences(
            of: "ilsa.wait_signal(\"tick\")",
            with: "if ilsa.patched(\"log\") then ilsa.log(\"tick \" .. i) end\n    ilsa.wait_signal(\"tick\")")
        var text = old
        let bench = try EngineBench(old, start: start, restarts: true)
        let engine = { try bench.makeEngine(source: { _ in text }) }
        try engine().start(playbook: "p.lua", id: "old")
        try engine().signal("old", name: "tick")
        text = new
        try engine().start(playbook: "p.lua", id: "new")
        try engine().upgrade("old", by: "kim")
        for run: RunID in ["old", "new"] {
            for _ in 1...3 where try bench.store().run(run)?.status.isFinal == false { try engine().signal(run, name: "tick") }
        }
        #expect(try bench.logs(of: "old").isEmpty, "the old run took the old path on every turn")
        #expect(try bench.logs(of: "new") == ["tick 1", "tick 2", "tick 3"])
        let markers = try bench.history(of: "new").filter { $0.name == "patch" }
        #expect(markers.count == 1, "one marker, at the first call")
    }
}
