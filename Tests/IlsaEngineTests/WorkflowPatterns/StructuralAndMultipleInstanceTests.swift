import Foundation
import IlsaEngine
import Testing

extension WorkflowPatterns {
    /// Workflow Patterns WCP-10 to WCP-15: arbitrary cycles, implicit termination, and the four
    /// multiple-instance patterns.
    struct StructuralAndMultipleInstanceTests {
        /// WCP-10: an unstructured loop with two entry points (inspect, repair) and two exits
        /// (all pass, or unrepairable), written with Lua's `goto`.
        static let arbitraryCycles = """
            return ilsa.workflow { name = "barricades", title = "Barricade inspection", run = function(ctx)
              local round, answer = 0, nil
              if ctx.params.start_at == "repair" then goto repair end
              ::inspect::
              round = round + 1
              answer = ilsa.task { title = "Inspect barricades, round " .. round }:wait()
              if answer.note == "pass" then goto passed end
              ::repair::
              answer = ilsa.task { title = "Repair barricades" }:wait()
              if answer.note == "unrepairable" then return "road closed after " .. round .. " inspection(s)" end
              goto inspect
              ::passed::
              return "passed after " .. round .. " inspection(s)"
            end }
            """

        static let cycleRuns: [(start: String, answers: [(String, String)], result: String)] = [
            (
                "inspect",
                [
                    ("Inspect barricades, round 1", "fail"), ("Repair barricades", "fixed"),
                    ("Inspect barricades, round 2", "fail"), ("Repair barricades", "fixed"),
                    ("Inspect barricades, round 3", "pass"),
                ], "passed after 3 inspection(s)"
            ),
            ("repair", [("Repair barricades", "fixed"), ("Inspect barricades, round 1", "pass")], "passed after 1 inspection(s)"),
            (
                "inspect", [("Inspect barricades, round 1", "fail"), ("Repair barricades", "unrepairable")],
                "road closed after 1 inspection(s)"
            ),
        ]

        @Test(arguments: 0..<3)
        func wcp10ArbitraryCycles(run: Int) throws {
            let (entry, answers, result) = Self.cycleRuns[run]
            let bench = try WorkflowPattern.drive(Self.arbitraryCycles, params: ["start_at": .string(entry)]) { bench in
                for (title, note) in answers {
                    // Exactly one task is open at a time, and it is the one the cycle is at.
                    #expect(try bench.openTasks() == [title])
                    try bench.complete(title, by: "BARRICADE.CREW", note: note)
                }
            }
            #expect(try bench.titles() == answers.map(\.0))
            #expect(try bench.result() == .string(result))
        }

        /// WCP-11: no end node; the run ends by itself once no branch has work left.
        static let implicitTermination = """
            return ilsa.workflow { name = "river_sweep", title = "River bank sweep", run = function(ctx)
              ilsa.parallel {
                function() ilsa.task { title = "Sweep north bank" }:wait() end,
                function()
                  ilsa.task { title = "Sweep south bank" }:wait()
                  ilsa.task { title = "Check south bank pumps" }:wait()
                end,
              }
            end }
            """

        @Test func wcp11ImplicitTermination() throws {
            let bench = try WorkflowPattern.drive(Self.implicitTermination) { bench in
                try bench.complete("Sweep south bank", by: "UNIT.S")
                try bench.complete("Sweep north bank", by: "UNIT.N")
                // A branch still has work: the run goes on.
                #expect(try bench.status() == .waiting)
                #expect(try bench.openTasks() == ["Check south bank pumps"])
                try bench.complete("Check south bank pumps", by: "UNIT.S")
            }
            #expect(try bench.status() == .completed)
            #expect(try bench.history().last?.kind == .runCompleted)
            #expect(try bench.result() == .null)
        }

        /// WCP-12: one task per block captain, never joined; the run goes on and ends without them.
        static let withoutSynchronization = """
            return ilsa.workflow { name = "captain_notices", title = "Notify block captains", run = function(ctx)
              for _, captain in ipairs(ctx.params.captains) do
                ilsa.task { title = "Text block captain " .. captain }
              end
              ilsa.sleep("15m")
              return "notified " .. #ctx.params.captains .. " captains"
            end }
            """

        @Test func wcp12MultipleInstancesWithoutSynchronization() throws {
            let captains = ["Kim", "Lee", "Park"]
            let bench = try WorkflowPattern.drive(Self.withoutSynchronization, params: ["captains": .array(captains.map { .string($0) })]) {
                bench in
                #expect(try bench.openTasks() == captains.map { "Text block captain " + $0 })
                try bench.complete("Text block captain Lee", by: "DONG.OFFICE")
                #expect(try bench.fireTimers(after: .seconds(15 * 60)) == 1)
            }
            // The run ended without waiting for Kim's and Park's notices.
            #expect(try bench.result() == "notified 3 captains")
            #expect(try bench.history().filter { $0.name == "task.wait" || $0.name == "any" }.isEmpty)
        }

        /// WCP-13: the number of instances is fixed in the playbook: always the four pumping
        /// stations, joined when all are checked.
        static let designTimeKnowledge = """
            return ilsa.workflow { name = "pumps", title = "Pumping station check", run = function(ctx)
              local function check(station)
                return function() return station .. ":" .. ilsa.task { title = "Check pumping station " .. station }:wait().note end
              end
              local results = ilsa.parallel { check("Gojan"), check("Wongok"), check("Seonbu"), check("Choji") }
              return table.concat(results, ",")
            end }
            """

        @Test func wcp13MultipleInstancesWithDesignTimeKnowledge() throws {
            let stations = ["Gojan", "Wongok", "Seonbu", "Choji"]
            let bench = try WorkflowPattern.drive(Self.designTimeKnowledge) { bench in
                #expect(try bench.openTasks() == stations.map { "Check pumping station " + $0 })
                for (index, station) in stations.reversed().enumerated() {
                    #expect(try bench.result() == nil)
                    try bench.complete("Check pumping station " + station, by: "PUMP.CREW", note: index == 0 ? "fault" : "ok")
                }
            }
            #expect(try bench.result() == "Gojan:ok,Wongok:ok,Seonbu:ok,Choji:fault")
        }

        /// WCP-14: the number of instances is known when the run starts (today's shelter list),
        /// and they are joined when all finish.
        static let runTimeKnowledge = """
            return ilsa.workflow { name = "shelters", title = "Shelter inspection", run = function(ctx)
              local branches = {}
              for _, shelter in ipairs(ctx.params.shelters) do
                branches[#branches + 1] = function()
                  return ilsa.task { title = "Inspect shelter " .. shelter }:wait().by
                end
              end
              local inspectors = ilsa.parallel(branches)
              return #inspectors .. " shelters inspected"
            end }
            """

        @Test(arguments: [["Wa-dong school"], ["Wa-dong school", "Gojan gym", "Choji church", "Daebu hall", "Singil library"]])
        func wcp14MultipleInstancesWithRunTimeKnowledge(shelters: [String]) throws {
            let bench = try WorkflowPattern.drive(Self.runTimeKnowledge, params: ["shelters": .array(shelters.map { .string($0) })]) {
                bench in
                #expect(try bench.openTasks() == shelters.map { "Inspect shelter " + $0 })
                for shelter in shelters {
                    #expect(try bench.status() == .waiting)
                    try bench.complete("Inspect shelter " + shelter, by: "INSPECTOR")
                }
            }
            #expect(try bench.result() == .string("\(shelters.count) shelters inspected"))
        }

        /// WCP-15: instances are added while others run, until an "all clear"; then the run waits
        /// for every one of them.
        static let noPriorKnowledge = """
            return ilsa.workflow { name = "downed_trees", title = "Downed trees after the storm", run = function(ctx)
              local crews = {}
              while true do
                local _, report = ilsa.any { ilsa.signal("tree.down"), ilsa.signal("all.clear") }
                if report.signal == "all.clear" then break end
                crews[#crews + 1] = ilsa.task { title = "Clear tree on " .. report.payload.street }
              end
              for _, crew in ipairs(crews) do crew:wait() end
              return #crews .. " trees cleared"
            end }
            """

        @Test func wcp15MultipleInstancesWithoutPriorRunTimeKnowledge() throws {
            let bench = try WorkflowPattern.drive(Self.noPriorKnowledge) { bench in
                try bench.signal("tree.down", ["street": "Gwangdeok-ro"])
                try bench.signal("tree.down", ["street": "Haean-ro"])
                try bench.complete("Clear tree on Gwangdeok-ro", by: "CREW.1")
                try bench.signal("tree.down", ["street": "Jungang-daero"])
                #expect(try bench.openTasks() == ["Clear tree on Haean-ro", "Clear tree on Jungang-daero"])
                try bench.signal("all.clear")
                // No more instances can be added, but two still run.
                #expect(try bench.status() == .waiting)
                try bench.complete("Clear tree on Jungang-daero", by: "CREW.2")
                try bench.complete("Clear tree on Haean-ro", by: "CREW.3")
            }
            #expect(try bench.titles() == ["Clear tree on Gwangdeok-ro", "Clear tree on Haean-ro", "Clear tree on Jungang-daero"])
            #expect(try bench.result() == "3 trees cleared")
        }
    }
}
