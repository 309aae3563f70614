import Foundation
import IlsaEngine
import IlsaTesting
import Testing

/// Waiting for the first of several things (tasks, timers, signals), across restarts.
struct RuntimeWaitTests {
    let start = Date(timeIntervalSince1970: 1_752_624_000)

    static let deferredChoice = """
        return ilsa.workflow { name = "p", title = "P", run = function()
          local ack = ilsa.task { title = "Contact households" }
          local first = ilsa.any { ack, ilsa.timer("3h") }
          if first == ack then return "acknowledged" end
          return "escalate: unreachable"
        end }
        """

    @Test(arguments: [false, true])
    func deferredChoiceTaskFirst(restarts: Bool) throws {
        let bench = try EngineBench(Self.deferredChoice, start: start, restarts: restarts)
        try bench.step().start(playbook: "p.lua", id: "r1")
        try bench.clock.advance(by: .seconds(3600))
        try bench.step().completeTask("r1.1", by: "DONG.HEAD")
        #expect(try bench.result() == .string("acknowledged"))
    }

    @Test(arguments: [false, true])
    func deferredChoiceTimerFirst(restarts: Bool) throws {
        let bench = try EngineBench(Self.deferredChoice, start: start, restarts: restarts)
        try bench.step().start(playbook: "p.lua", id: "r1")
        try bench.clock.advance(by: .seconds(2 * 3600))
        #expect(try bench.step().work().isEmpty)
        try bench.clock.advance(by: .seconds(3600))
        #expect(try bench.step().work().count == 1)
        #expect(try bench.result() == .string("escalate: unreachable"))
        // The run has ended and its task closed with it: it takes no more answers.
        #expect(throws: RuntimeError.self) { try bench.step().completeTask("r1.1", by: "late") }
    }

    static let signals = """
        return ilsa.workflow { name = "p", title = "P", run = function()
          local seen = {}
          for i = 1, 3 do
            local s = ilsa.wait_signal("kma.warning")
            seen[#seen + 1] = s.payload.level
          end
          local first, answer = ilsa.any { ilsa.signal("crowd.density"), ilsa.timer("1h") }
          seen[#seen + 1] = answer.signal or "timeout"
          return table.concat(seen, ",")
        end }
        """

    @Test(arguments: [false, true])
    func signalsAreTakenInOrderWhetherTheyCameEarlyOrLate(restarts: Bool) throws {
        let bench = try EngineBench(Self.signals, start: start, restarts: restarts)
        try bench.step().start(playbook: "p.lua", id: "r1")
        // Two arrive while the run waits for the first; one arrives later. Another name waits.
        try bench.step().signal("r1", name: "crowd.density", payload: ["level": "caution"])
        try bench.step().signal("r1", name: "kma.warning", payload: ["level": "advisory"])
        try bench.step().signal("r1", name: "kma.warning", payload: ["level": "warning"])
        try bench.clock.advance(by: .seconds(60))
        try bench.step().signal("r1", name: "kma.warning", payload: ["level": "lifted"])
        #expect(try bench.result() == .string("advisory,warning,lifted,crowd.density"))
    }

    @Test func restartingAtEveryStepGivesTheSameHistory() throws {
        func drive(restarts: Bool) throws -> [HistoryEvent] {
            let bench = try EngineBench(Self.signals, start: start, restarts: restarts)
            try bench.step().start(playbook: "p.lua", id: "r1", seed: 7)
            try bench.step().signal("r1", name: "kma.warning", payload: ["level": "advisory"])
            try bench.clock.advance(by: .seconds(60))
            try bench.step().signal("r1", name: "kma.warning", payload: ["level": "warning"])
            try bench.step().signal("r1", name: "kma.warning", payload: ["level": "lifted"])
            try bench.clock.advance(by: .seconds(3600))
            try bench.step().work()
            return try bench.history()
        }
        let history = try drive(restarts: false)
        #expect(history.last?.payload["result"] == .string("advisory,warning,lifted,timeout"))
        #expect(try drive(restarts: true) == history)
    }

    @Test func anyRefusesWhatIsNotAWaitable() throws {
        let bench = try EngineBench(
            """
            return ilsa.workflow { name = "p", title = "P", run = function()
              local ok, message = pcall(ilsa.any, { 42 })
              return message
            end }
            """, start: start, restarts: false)
        try bench.step().start(playbook: "p.lua", id: "r1")
        #expect(
            try bench.result()?.stringValue?.contains(
                "bad argument #1 to 'ilsa.any' (item 1 is not a task, timer, signal, escalation or branch (got number))") == true)
    }
}

/// `ilsa.all` and waits until a time.
struct RuntimeAllAndUntilTests {
    let start = Date(timeIntervalSince1970: 1_752_624_000)

    @Test(arguments: [false, true])
    func allWaitsForEveryItemAndAnswersInOrder(restarts: Bool) throws {
        let bench = try EngineBench(
            """
            return ilsa.workflow { name = "p", title = "P", run = function()
              local a = ilsa.task { title = "A" }
              local b = ilsa.task { title = "B" }
              local answers = ilsa.all { a, b, ilsa.timer("T0+2h"), ilsa.signal("go") }
              return answers[1].by .. " " .. answers[2].by .. " " .. answers[4].payload .. " " .. answers[3].index
            end }
            """, start: start, restarts: restarts)
        try bench.step().start(playbook: "p.lua", id: "r1")
        try bench.step().completeTask("r1.2", by: "second")  // B first: all still waits for A
        try bench.step().signal("r1", name: "go", payload: "now")
        try bench.step().completeTask("r1.1", by: "first")
        #expect(try bench.result() == nil)  // the timer is not due
        try bench.clock.advance(by: .seconds(2 * 3600))
        try bench.step().work()
        #expect(try bench.result() == "first second now 3")
    }

    @Test func sleepUntilAnOffsetOrATimeAndPastTimersFireWithTheScheduler() throws {
        let bench = try EngineBench(
            """
            return ilsa.workflow { name = "p", title = "P", run = function()
              ilsa.sleep("T0+30m")
              local a = ilsa.now()
              ilsa.sleep("2025-07-16T01:00:00Z") -- an hour after the start (00:00Z)
              local b = ilsa.now()
              ilsa.timer("T0+10m"):wait() -- already past: the same work() answers it
              return string.format("%d %d", (a - \(Int(start.timeIntervalSince1970))) // 60, (b - \(Int(start.timeIntervalSince1970))) // 60)
            end }
            """, start: start, restarts: true)
        try bench.step().start(playbook: "p.lua", id: "r1")
        try bench.clock.advance(by: .seconds(30 * 60))
        try bench.step().work()
        try bench.clock.advance(by: .seconds(30 * 60))
        try bench.step().work()
        #expect(try bench.result() == "30 60")
    }

    @Test func allOfNothingReturnsAtOnce() throws {
        // A playbook that collects life-safety tasks per district may have none in one.
        let bench = try EngineBench(
            """
            return ilsa.workflow { name = "p", title = "P", run = function()
              return #ilsa.all {}
            end }
            """, start: start, restarts: false)
        try bench.step().start(playbook: "p.lua", id: "r1")
        #expect(try bench.result() == 0)
    }

    @Test func badDueTimesReadLikeLua() throws {
        let bench = try EngineBench(
            """
            return ilsa.workflow { name = "p", title = "P", run = function()
              local ok, message = pcall(ilsa.sleep, "soon")
              return message
            end }
            """, start: start, restarts: false)
        try bench.step().start(playbook: "p.lua", id: "r1")
        #expect(
            try bench.result()?.stringValue?.hasPrefix(
                "bad argument #1 to 'ilsa.sleep' (a duration like \"15m\", a start offset like \"T0+2h\"") == true)
    }
}
