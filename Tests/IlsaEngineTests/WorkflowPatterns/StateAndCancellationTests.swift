import Foundation
import IlsaEngine
import Testing

extension WorkflowPatterns {
    /// Workflow Patterns WCP-16 to WCP-20: deferred choice, interleaved parallel routing, milestone,
    /// cancel task, cancel case.
    struct StateAndCancellationTests {
        /// WCP-16: the branch is chosen by whichever outside event comes first (the station's
        /// acknowledgement, 15 minutes passing, the warning being lifted), not by data.
        static let deferredChoice = """
            return ilsa.workflow { name = "dispatch_ack", title = "Dispatch acknowledgement", run = function(ctx)
              local ack = ilsa.task { title = "Acknowledge dispatch to Wa-dong" }
              local lifted = ilsa.signal("kma.lifted")
              local first, answer = ilsa.any { ack, ilsa.timer("15m"), lifted }
              if first == ack then return "acknowledged by " .. answer.by end
              if first == lifted then return "stood down" end
              local e = ilsa.escalate {
                to = "control_tower", severity = "alert", reason = "no acknowledgement in 15 minutes",
                options = { "send_reserve", "keep_waiting" },
              }
              return "escalated: " .. e:wait().option
            end }
            """

        @Test(arguments: ["task", "timer", "signal"])
        func wcp16DeferredChoice(first: String) throws {
            let bench = try WorkflowPattern.drive(Self.deferredChoice) { bench in
                switch first {
                case "task":
                    try bench.complete("Acknowledge dispatch to Wa-dong", by: "FIRE.WA")
                case "signal":
                    try bench.signal("kma.lifted")
                default:
                    #expect(try bench.fireTimers(after: .seconds(14 * 60)) == 0)
                    #expect(try bench.fireTimers(after: .seconds(60)) == 1)
                    let escalation = try #require(try bench.escalations().first)
                    try bench.step().decide(escalation, option: "send_reserve", by: "TOWER")
                }
                // Whichever came first, the others no longer matter.
                try bench.fireTimers(after: .seconds(3600))
                #expect(try bench.status() == .completed)
            }
            let expected = ["task": "acknowledged by FIRE.WA", "signal": "stood down", "timer": "escalated: send_reserve"][first]!
            #expect(try bench.result() == .string(expected))
            #expect(try bench.escalations().count == (first == "timer" ? 1 : 0))
        }

        /// WCP-17: one crane crew serves every site, in an order chosen as it goes (the district
        /// chair picks the next site each time), never two sites at once.
        static let interleavedRouting = """
            return ilsa.workflow { name = "crane", title = "Crane crew after the storm", run = function(ctx)
              local remaining, order = { table.unpack(ctx.params.sites) }, {}
              while #remaining > 0 do
                local site = remaining[1]
                if #remaining > 1 then
                  site = ilsa.escalate {
                    to = "district_chair", severity = "caution", reason = "crane crew free: which site next?",
                    options = remaining,
                  }:wait().option
                end
                ilsa.task { title = "Crane lift at " .. site }:wait()
                order[#order + 1] = site
                for i, s in ipairs(remaining) do if s == site then table.remove(remaining, i) break end end
              end
              return table.concat(order, " > ")
            end }
            """

        @Test func wcp17InterleavedParallelRouting() throws {
            let bench = try WorkflowPattern.drive(Self.interleavedRouting, params: ["sites": ["Hoosu", "Seonbu", "Daebu"]]) { bench in
                for next in ["Seonbu", "Daebu"] {
                    #expect(try bench.openTasks().isEmpty)
                    try bench.step().decide(try #require(try bench.escalations().last), option: next, by: "DISTRICT.CHAIR")
                    #expect(try bench.openTasks() == ["Crane lift at " + next])
                    try bench.complete("Crane lift at " + next, by: "CRANE.CREW")
                }
                // The last site needs no choice.
                #expect(try bench.openTasks() == ["Crane lift at Hoosu"])
                try bench.complete("Crane lift at Hoosu", by: "CRANE.CREW")
            }
            #expect(try bench.result() == "Seonbu > Daebu > Hoosu")
            // Never two lifts at once: every lift is done before the next one is created.
            let lifts = try bench.history().compactMap { event -> String? in
                if event.name == "task.create" { return "create" }
                if event.kind != HistoryEvent.Kind.commandIssued, event.kind != HistoryEvent.Kind.commandAnswered,
                    event.payload["by"] == "CRANE.CREW"
                {
                    return "done"
                }
                return nil
            }
            #expect(lifts == ["create", "done", "create", "done", "create", "done"])
        }

        /// WCP-18: opening the gates is possible only while the case is in a state (the storm
        /// warning lifted); a request in another state is refused.
        static let milestone = """
            return ilsa.workflow { name = "park_gates", title = "Park gates during a storm", run = function(ctx)
              local warning_in_force, opened = true, {}
              while true do
                local _, s = ilsa.any { ilsa.signal("kma.warning"), ilsa.signal("gates.request"), ilsa.signal("storm.over") }
                if s.signal == "kma.warning" then
                  warning_in_force = s.payload.level ~= "lifted"
                elseif s.signal == "gates.request" then
                  if warning_in_force then
                    ilsa.log("gates at " .. s.payload.park .. " stay shut: storm warning in force")
                  else
                    ilsa.task { title = "Open gates at " .. s.payload.park }:wait()
                    opened[#opened + 1] = s.payload.park
                  end
                else
                  return "opened: " .. table.concat(opened, ",")
                end
              end
            end }
            """

        @Test func wcp18Milestone() throws {
            let bench = try WorkflowPattern.drive(Self.milestone) { bench in
                try bench.signal("gates.request", ["park": "Hoosu"])
                #expect(try bench.titles().isEmpty)
                try bench.signal("kma.warning", ["level": "lifted"])
                try bench.signal("gates.request", ["park": "Hoosu"])
                #expect(try bench.openTasks() == ["Open gates at Hoosu"])
                try bench.complete("Open gates at Hoosu", by: "PARK.OPS")
                try bench.signal("kma.warning", ["level": "warning"])
                try bench.signal("gates.request", ["park": "Daebu"])
                try bench.signal("storm.over")
            }
            #expect(try bench.titles() == ["Open gates at Hoosu"])
            #expect(
                try bench.logs() == [
                    "gates at Hoosu stay shut: storm warning in force", "gates at Daebu stay shut: storm warning in force",
                ])
            #expect(try bench.result() == "opened: Hoosu")
        }

        /// WCP-19: a task is withdrawn before it completes when the forecast is downgraded.
        static let cancelTask = """
            return ilsa.workflow { name = "sandbags", title = "Sandbags for Haean-ro", run = function(ctx)
              local sandbags = ilsa.task { title = "Deploy sandbags on Haean-ro" }
              local first = ilsa.any { sandbags, ilsa.signal("forecast.downgraded") }
              if first == sandbags then return "sandbags deployed" end
              sandbags:cancel()
              ilsa.task { title = "Tell crews sandbags are stood down" }:wait()
              return "stood down"
            end }
            """

        @Test func wcp19CancelTask() throws {
            let bench = try WorkflowPattern.drive(Self.cancelTask) { bench in
                try bench.signal("forecast.downgraded", ["level": "advisory"])
                // The run no longer waits for the sandbags and has moved on.
                #expect(try bench.titles() == ["Deploy sandbags on Haean-ro", "Tell crews sandbags are stood down"])
                #expect(try bench.openTasks() == ["Tell crews sandbags are stood down"])
                let states = try bench.step().tasks(of: "r1")
                #expect(states[try bench.task("Deploy sandbags on Haean-ro")] == .cancelled)
                #expect(throws: RuntimeError.self) { try bench.step().completeTask(try bench.task("Deploy sandbags on Haean-ro"), by: "x") }
                try bench.complete("Tell crews sandbags are stood down", by: "DONG.OFFICE")
            }
            #expect(try bench.result() == "stood down")
        }

        /// WCP-20: the festival is cancelled: the duty officer cancels the whole run, which ends
        /// where it waits, with all its active tasks.
        static let cancelCase = """
            return ilsa.workflow { name = "festival", title = "Festival crowd safety", run = function(ctx)
              local results = ilsa.parallel {
                function() return ilsa.task { title = "Post gate stewards" }:wait().by end,
                function() return ilsa.task { title = "Set up first-aid tent" }:wait().by end,
                function() return ilsa.task { title = "Brief traffic police" }:wait().by end,
              }
              ilsa.task { title = "Open festival grounds" }:wait()
              return "festival opened"
            end }
            """

        @Test func wcp20CancelCase() throws {
            let bench = try WorkflowPattern.drive(Self.cancelCase) { bench in
                try bench.complete("Set up first-aid tent", by: "EMS")
                try bench.clock.advance(by: .seconds(60))
                try bench.step().cancel("r1", by: "CITY.SITROOM", reason: "typhoon")
                // The run ends at once, nothing further starts, and no open task remains.
                #expect(try bench.titles() == ["Post gate stewards", "Set up first-aid tent", "Brief traffic police"])
                #expect(try bench.status() == .cancelled)
                #expect(try bench.openTasks().isEmpty)
                #expect(throws: RuntimeError.self) { try bench.complete("Post gate stewards", by: "late") }
            }
            #expect(try bench.history().last?.kind == .runCancelled)
        }
    }
}
