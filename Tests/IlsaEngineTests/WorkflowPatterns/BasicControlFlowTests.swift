import Foundation
import IlsaEngine
import Testing

extension WorkflowPatterns {
    /// Workflow Patterns WCP-1 to WCP-5: sequence, parallel split, synchronization, exclusive
    /// choice, simple merge.
    struct BasicControlFlowTests {
        /// WCP-1: a task is enabled only after the preceding one completes.
        static let sequence = """
            return ilsa.workflow { name = "park_closure", title = "Close the riverside park", run = function(ctx)
              local gates = ilsa.task { title = "Close park gates", due = "1h" }:wait()
              local signs = ilsa.task { title = "Post closure signage" }:wait()
              return "closed by " .. gates.by .. ", signed by " .. signs.by
            end }
            """

        @Test func wcp01Sequence() throws {
            let bench = try WorkflowPattern.drive(Self.sequence) { bench in
                #expect(try bench.titles() == ["Close park gates"])
                try bench.complete("Close park gates", by: "PARK.OPS")
                #expect(try bench.titles() == ["Close park gates", "Post closure signage"])
                try bench.complete("Post closure signage", by: "DONG.OFFICE")
            }
            #expect(try bench.result() == "closed by PARK.OPS, signed by DONG.OFFICE")
            #expect(try bench.status() == .completed)
        }

        /// WCP-2: one thread splits into branches that run at the same time.
        static let parallelSplit = """
            return ilsa.workflow { name = "notify_agencies", title = "Notify agencies", run = function(ctx)
              local branches = {}
              for _, agency in ipairs { "police", "fire", "ems" } do
                branches[#branches + 1] = function()
                  return ilsa.task { title = "Notify " .. agency }:wait().by
                end
              end
              return table.concat(ilsa.parallel(branches), ",")
            end }
            """

        @Test func wcp02ParallelSplit() throws {
            let bench = try WorkflowPattern.drive(Self.parallelSplit) { bench in
                // All three are open at once, before anyone answers.
                #expect(try bench.titles() == ["Notify police", "Notify fire", "Notify ems"])
                #expect(try bench.openTasks() == ["Notify police", "Notify fire", "Notify ems"])
                try bench.complete("Notify ems", by: "EMS.DESK")
                try bench.complete("Notify police", by: "POL.DESK")
                try bench.complete("Notify fire", by: "FIRE.DESK")
            }
            #expect(try bench.result() == "POL.DESK,FIRE.DESK,EMS.DESK")
        }

        /// WCP-3: continue only when every incoming branch has completed.
        static let synchronization = """
            return ilsa.workflow { name = "check_in", title = "Agency check-in", run = function(ctx)
              ilsa.parallel {
                function() ilsa.task { title = "Police check-in" }:wait() end,
                function() ilsa.task { title = "Fire check-in" }:wait() end,
                function() ilsa.task { title = "EMS check-in" }:wait() end,
              }
              local ready = ilsa.task { title = "Declare ready" }:wait()
              return "ready: " .. ready.by
            end }
            """

        @Test func wcp03Synchronization() throws {
            let bench = try WorkflowPattern.drive(Self.synchronization) { bench in
                try bench.complete("Fire check-in", by: "FIRE")
                try bench.complete("EMS check-in", by: "EMS")
                // Two of three branches done: the join still waits.
                #expect(try !bench.titles().contains("Declare ready"))
                try bench.complete("Police check-in", by: "POLICE")
                #expect(try bench.titles().last == "Declare ready")
                try bench.complete("Declare ready", by: "DISTRICT.CHAIR")
            }
            #expect(try bench.titles() == ["Police check-in", "Fire check-in", "EMS check-in", "Declare ready"])
            #expect(try bench.result() == "ready: DISTRICT.CHAIR")
        }

        /// WCP-4: exactly one branch, chosen from data (the forecast wind speed).
        static let exclusiveChoice = """
            return ilsa.workflow { name = "typhoon", title = "Typhoon response", run = function(ctx)
              if ctx.params.wind_kmh > 90 then
                ilsa.task { title = "Evacuate coastal blocks" }:wait()
                return "evacuated"
              else
                ilsa.task { title = "Advise shelter in place" }:wait()
                return "sheltered"
              end
            end }
            """

        @Test(arguments: [(95, "Evacuate coastal blocks", "evacuated"), (60, "Advise shelter in place", "sheltered")])
        func wcp04ExclusiveChoice(wind: Int, task: String, result: String) throws {
            let bench = try WorkflowPattern.drive(Self.exclusiveChoice, params: ["wind_kmh": .integer(Int64(wind))]) { bench in
                #expect(try bench.titles() == [task])
                try bench.complete(task, by: "DONG.HEAD")
            }
            #expect(try bench.result() == .string(result))
        }

        /// WCP-5: alternative branches (never both) converge on one next task, without a join.
        static let simpleMerge = """
            return ilsa.workflow { name = "rain_advisory", title = "Heavy-rain advisory", run = function(ctx)
              local forecast = ilsa.wait_signal("kma.forecast").payload
              local branch
              if forecast.rain_mm >= 80 then
                ilsa.task { title = "Close underpasses" }:wait()
                branch = "underpasses closed"
              else
                ilsa.task { title = "Inspect drains" }:wait()
                branch = "drains inspected"
              end
              ilsa.task { title = "Publish advisory" }:wait()
              return branch .. ", advisory published"
            end }
            """

        @Test(arguments: [(120, "Close underpasses", "underpasses closed"), (30, "Inspect drains", "drains inspected")])
        func wcp05SimpleMerge(rain: Int, branchTask: String, branch: String) throws {
            let bench = try WorkflowPattern.drive(Self.simpleMerge) { bench in
                #expect(try bench.titles().isEmpty)
                try bench.signal("kma.forecast", ["rain_mm": .integer(Int64(rain))])
                #expect(try bench.titles() == [branchTask])
                try bench.complete(branchTask, by: "ROADS")
                #expect(try bench.titles() == [branchTask, "Publish advisory"])
                try bench.complete("Publish advisory", by: "PR.OFFICE")
            }
            #expect(try bench.result() == .string(branch + ", advisory published"))
        }
    }
}
