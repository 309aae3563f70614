import Foundation
import IlsaEngine
import Testing

extension WorkflowPatterns {
    /// Workflow Patterns WCP-6 to WCP-9: multi-choice, structured synchronizing merge, multi-merge,
    /// structured discriminator.
    struct AdvancedBranchingTests {
        /// WCP-6 and WCP-7: one or more agencies are activated by the flood report (OR-split), and
        /// the district reopens once every activated agency, and only those, has finished (OR-join).
        static let flooding = """
            return ilsa.workflow { name = "flooding", title = "Flash flooding", run = function(ctx)
              local report = ctx.params
              local branches, agencies = {}, {}
              local function activate(agency, title)
                agencies[#agencies + 1] = agency
                branches[#branches + 1] = function() return ilsa.task { title = title }:wait().by end
              end
              if report.road_flooded then activate("public_works", "Pump flooded roads") end
              if report.power_out then activate("utilities", "Restore power") end
              if report.bus_route_cut then activate("transit", "Divert bus routes") end
              local finishers = ilsa.parallel(branches)
              ilsa.task { title = "Reopen district" }:wait()
              return table.concat(agencies, "+") .. " by " .. table.concat(finishers, ",")
            end }
            """

        static let floodReports: [(road: Bool, power: Bool, bus: Bool, tasks: [String])] = [
            (true, false, true, ["Pump flooded roads", "Divert bus routes"]),
            (false, true, false, ["Restore power"]),
            (true, true, true, ["Pump flooded roads", "Restore power", "Divert bus routes"]),
        ]

        @Test(arguments: 0..<3)
        func wcp06MultiChoice(report: Int) throws {
            let (road, power, bus, tasks) = Self.floodReports[report]
            let params: JSONValue = ["road_flooded": .bool(road), "power_out": .bool(power), "bus_route_cut": .bool(bus)]
            _ = try WorkflowPattern.drive(Self.flooding, params: params) { (bench: WorkflowPattern.Bench) throws -> Void in
                // Exactly the activated agencies' tasks, all open at once.
                #expect(try bench.titles() == tasks)
                #expect(try bench.openTasks() == tasks)
            }
        }

        @Test func wcp07StructuredSynchronizingMerge() throws {
            let params: JSONValue = ["road_flooded": true, "power_out": false, "bus_route_cut": true]
            let bench = try WorkflowPattern.drive(Self.flooding, params: params) { bench in
                try bench.complete("Divert bus routes", by: "TRANSIT")
                // One of the two activated branches is done; the one never activated is not waited for.
                #expect(try bench.titles() == ["Pump flooded roads", "Divert bus routes"])
                try bench.complete("Pump flooded roads", by: "PUBLIC.WORKS")
                #expect(try bench.titles() == ["Pump flooded roads", "Divert bus routes", "Reopen district"])
                try bench.complete("Reopen district", by: "DISTRICT.CHAIR")
            }
            #expect(try bench.result() == "public_works+transit by PUBLIC.WORKS,TRANSIT")
            #expect(try bench.titles().filter { $0 == "Reopen district" }.count == 1)
        }

        /// WCP-8: branches converge without synchronization, and every arrival runs what follows
        /// again: each sector's report updates the dashboard as soon as it comes in.
        static let multiMerge = """
            return ilsa.workflow { name = "sector_reports", title = "Festival sector reports", run = function(ctx)
              local updates = {}
              local function update_dashboard(sector, report)
                ilsa.task { title = "Update dashboard: sector " .. sector }:wait()
                updates[#updates + 1] = sector .. "=" .. report.note
              end
              local branches = {}
              for _, sector in ipairs(ctx.params.sectors) do
                branches[#branches + 1] = function()
                  update_dashboard(sector, ilsa.task { title = "Crowd report: sector " .. sector }:wait())
                end
              end
              ilsa.parallel(branches)
              return table.concat(updates, ",")
            end }
            """

        @Test func wcp08MultiMerge() throws {
            let bench = try WorkflowPattern.drive(Self.multiMerge, params: ["sectors": ["A", "B", "C"]]) { bench in
                #expect(try bench.titles() == ["Crowd report: sector A", "Crowd report: sector B", "Crowd report: sector C"])
                try bench.complete("Crowd report: sector B", by: "STEWARD.B", note: "dense")
                // B's arrival alone triggers the update; nobody waits for A or C.
                #expect(try bench.titles().last == "Update dashboard: sector B")
                try bench.complete("Crowd report: sector C", by: "STEWARD.C", note: "normal")
                #expect(try bench.titles().last == "Update dashboard: sector C")
                try bench.complete("Update dashboard: sector C", by: "OPS")
                try bench.complete("Crowd report: sector A", by: "STEWARD.A", note: "light")
                try bench.complete("Update dashboard: sector A", by: "OPS")
                try bench.complete("Update dashboard: sector B", by: "OPS")
            }
            #expect(
                try bench.titles().filter { $0.hasPrefix("Update dashboard") }
                    == ["Update dashboard: sector B", "Update dashboard: sector C", "Update dashboard: sector A"])
            #expect(try bench.result() == "C=normal,A=light,B=dense")
        }

        /// WCP-9: the first of the checks to finish starts triage; the later one is taken but
        /// triggers nothing (the discriminator resets only once both have arrived). The catalogue's
        /// own example: cardiac arrest.
        static let discriminator = """
            return ilsa.workflow { name = "cardiac_arrest", title = "Cardiac arrest at the fan zone", run = function(ctx)
              local breathing = ilsa.task { title = "Check breathing" }
              local pulse = ilsa.task { title = "Check pulse" }
              local first = ilsa.any { breathing, pulse }
              local triage = ilsa.task { title = "Triage" }
              local later = first == breathing and pulse or breathing
              later:wait()
              local decided = triage:wait()
              return (first == breathing and "breathing" or "pulse") .. " first; triage by " .. decided.by
            end }
            """

        @Test(arguments: [("Check pulse", "Check breathing", "pulse"), ("Check breathing", "Check pulse", "breathing")])
        func wcp09StructuredDiscriminator(first: String, second: String, name: String) throws {
            let bench = try WorkflowPattern.drive(Self.discriminator) { bench in
                #expect(try bench.titles() == ["Check breathing", "Check pulse"])
                try bench.complete(first, by: "MEDIC.1")
                #expect(try bench.titles() == ["Check breathing", "Check pulse", "Triage"])
                try bench.complete(second, by: "MEDIC.2")
                #expect(try bench.titles() == ["Check breathing", "Check pulse", "Triage"])
                #expect(try bench.status() == .waiting)
                try bench.complete("Triage", by: "PARAMEDIC")
            }
            #expect(try bench.result() == .string("\(name) first; triage by PARAMEDIC"))
        }
    }
}
