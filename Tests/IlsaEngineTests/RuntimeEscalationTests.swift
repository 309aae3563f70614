import Foundation
import IlsaEngine
import IlsaTesting
import Testing

/// Explicit escalation to the control tower, and waiting for its decision.
struct RuntimeEscalationTests {
    static let playbook = """
        return ilsa.workflow { name = "p", title = "P", run = function()
          local ack = ilsa.task { title = "Contact every semi-basement household" }
          if ilsa.any { ack, ilsa.timer("3h") } == ack then return "reached" end
          local e = ilsa.escalate {
            to = "control_tower", severity = "alert", reason = "households unreachable after 3h",
            options = { "police_check", "wait" },
          }
          local decision = e:wait()
          if decision.option == "police_check" then
            ilsa.task { title = "Welfare check by police box" }:wait()
          end
          return decision.option .. " by " .. decision.by
        end }
        """

    @Test(arguments: [false, true])
    func unreachableHouseholdsClimbToTheControlTower(restarts: Bool) throws {
        let bench = try EngineBench(Self.playbook, start: Date(timeIntervalSince1970: 1_752_624_000), restarts: restarts)
        try bench.step().start(playbook: "p.lua", id: "r1", seed: 1)
        try bench.clock.advance(by: .seconds(3 * 3600))
        try bench.step().work()
        let created = try #require(try bench.history().last { $0.name == "escalation.create" })
        #expect(created.payload["severity"] == .string("alert"))
        #expect(created.payload["options"] == .array(["police_check", "wait"]))
        // A decision the escalation does not offer is refused and changes nothing.
        do {
            try bench.step().decide("r1.4", option: "evacuate", by: "mayor")
            Issue.record("expected an error")
        } catch let error as RuntimeError {
            #expect(error.message == "escalation 'r1.4' offers 'police_check', 'wait'; 'evacuate' is not one of them")
        }
        try bench.step().decide("r1.4", option: "police_check", by: "mayor", note: "Danwon police box to visit")
        #expect(throws: RuntimeError.self) { try bench.step().decide("r1.4", option: "wait", by: "mayor") }
        try bench.step().completeTask("r1.6", by: "POL.BOX")
        #expect(try bench.result() == .string("police_check by mayor"))
    }

    @Test(arguments: [
        ("{ severity = 'alert', reason = 'x', options = {'a'} }", "field 'to' must be a non-empty string"),
        ("{ to = 'mayor', severity = 'alert', reason = 'x', options = {'a'} }", "field 'to' must be 'control_tower'"),
        ("{ to = 'control_tower', severity = 'high', reason = 'x', options = {'a'} }", "field 'severity' must be 'interest'"),
        ("{ to = 'control_tower', severity = 'alert', options = {'a'} }", "field 'reason' must be a non-empty string"),
        ("{ to = 'control_tower', severity = 'alert', reason = 'x', options = {} }", "field 'options' must be a list of strings"),
    ])
    func misuseReadsLikeLua(spec: String, message: String) throws {
        let source =
            "return ilsa.workflow { name = 'p', title = 'P', run = function() local ok, m = pcall(ilsa.escalate, \(spec)) return m end }"
        let bench = try EngineBench(source, start: Date(timeIntervalSince1970: 0), restarts: false)
        try bench.step().start(playbook: "p.lua", id: "r1")
        let result = try #require(try bench.result()?.stringValue)
        #expect(result.contains("bad argument #1 to 'ilsa.escalate' (\(message)"), "\(result)")
    }
}

/// Cancelling a task from the playbook, and a whole run from outside.
struct RuntimeCancellationTests {
    @Test(arguments: [false, true])
    func cancelledTaskAnswersItsWaitsAndRefusesCompletion(restarts: Bool) throws {
        let source = """
            return ilsa.workflow { name = "p", title = "P", run = function()
              local shelter = ilsa.task { title = "Open the temporary shelter at Gojan" }
              local first = ilsa.any { shelter, ilsa.signal("stand_down") }
              if first ~= shelter then shelter:cancel() end
              return shelter:wait().state
            end }
            """
        let bench = try EngineBench(source, start: Date(timeIntervalSince1970: 0), restarts: restarts)
        try bench.step().start(playbook: "p.lua", id: "r1", seed: 1)
        try bench.step().signal("r1", name: "stand_down")
        #expect(try bench.result() == .string("cancelled"))
        do {
            try bench.step().completeTask("r1.1", by: "DONG.HEAD")
            Issue.record("expected an error")
        } catch let error as RuntimeError {
            #expect(error.code == .invalidState)
        }
    }

    @Test(arguments: [false, true])
    func cancelledRunStopsWhereItWaitsAndStaysCancelled(restarts: Bool) throws {
        let source = """
            return ilsa.workflow { name = "p", title = "P", run = function()
              ilsa.task { title = "Patrol the streams" }:wait()
              ilsa.log("never reached")
            end }
            """
        let bench = try EngineBench(source, start: Date(timeIntervalSince1970: 0), restarts: restarts)
        try bench.step().start(playbook: "p.lua", id: "r1", seed: 1)
        try bench.step().cancel("r1", by: "CITY.SITROOM", reason: "warning lifted")
        let history = try bench.history()
        #expect(history.last?.kind == .runCancelled)
        #expect(history.last?.payload["reason"] == .string("warning lifted"))
        #expect(try bench.store().run("r1")?.status == .cancelled)
        #expect(throws: RuntimeError.self) { try bench.step().completeTask("r1.1", by: "x") }
        #expect(throws: RuntimeError.self) { try bench.step().cancel("r1", by: "x") }
        #expect(try bench.history().count == history.count)
    }
}

/// An escalation's life: acknowledged by the control tower, then decided, or withdrawn by the
/// playbook when it is no longer needed.
struct RuntimeEscalationLifecycleTests {
    static let playbook = """
        return ilsa.workflow { name = "p", title = "P", run = function()
          local e = ilsa.escalate { to = "control_tower", severity = "caution", reason = "crowd rising", options = { "close_gate", "wait" } }
          local first, answer = ilsa.any { e, ilsa.signal("density_down") }
          if first ~= e then e:withdraw() return "withdrawn" end
          return answer.state .. ":" .. answer.option
        end }
        """

    @Test(arguments: [false, true])
    func acknowledgedThenDecided(restarts: Bool) throws {
        let bench = try EngineBench(Self.playbook, start: Date(timeIntervalSince1970: 0), restarts: restarts)
        try bench.step().start(playbook: "p.lua", id: "r1", seed: 1)
        try bench.step().acknowledge(escalation: "r1.1", by: "mayor")
        #expect(throws: RuntimeError.self) { try bench.step().acknowledge(escalation: "r1.1", by: "mayor") }
        try bench.step().decide("r1.1", option: "close_gate", by: "mayor")
        #expect(try bench.result() == .string("decided:close_gate"))
    }

    @Test(arguments: [false, true])
    func withdrawnByThePlaybookTakesNoDecision(restarts: Bool) throws {
        let bench = try EngineBench(Self.playbook, start: Date(timeIntervalSince1970: 0), restarts: restarts)
        try bench.step().start(playbook: "p.lua", id: "r1", seed: 1)
        try bench.step().signal("r1", name: "density_down")
        #expect(try bench.result() == .string("withdrawn"))
        #expect(throws: RuntimeError.self) { try bench.step().decide("r1.1", option: "wait", by: "mayor") }
    }
}
