import Foundation
import IlsaEngine
import IlsaTesting
import Testing

/// Branches inside a run (one per district), joined when all finish, across restarts.
struct RuntimeParallelTests {
    static let playbook = """
        return ilsa.workflow { name = "p", title = "P", run = function(ctx)
          local branches = {}
          for _, district in ipairs(ctx.params.districts) do
            branches[#branches + 1] = function()
              local t = ilsa.task { title = "Check underpasses in " .. district }
              local answer = t:wait()
              ilsa.sleep("30m")
              return district .. ":" .. answer.by
            end
          end
          local results = ilsa.parallel(branches)
          return table.concat(results, ",")
        end }
        """

    /// Completes the districts' tasks in the given order (positions in the district list).
    func drive(order: [Int], restarts: Bool) throws -> EngineBench {
        let bench = try EngineBench(Self.playbook, start: Date(timeIntervalSince1970: 1_752_624_000), restarts: restarts)
        try bench.step().start(playbook: "p.lua", params: ["districts": ["singil", "choji", "daebu"]], id: "r1", seed: 3)
        // Every branch ran up to its wait, in branch order: the task ids follow the command numbers.
        let tasks = try bench.history().filter { $0.name == "task.create" }.map { TaskID(run: "r1", number: $0.command ?? 0) }
        #expect(tasks == ["r1.2", "r1.4", "r1.6"])
        for (step, position) in order.enumerated() {
            try bench.clock.advance(by: .seconds(600))
            try bench.step().completeTask(tasks[position], by: "unit\(step)")
        }
        try bench.clock.advance(by: .seconds(3600))
        try bench.step().work()
        return bench
    }

    @Test(arguments: [false, true])
    func resultsComeBackInBranchOrderWhateverOrderTheyFinish(restarts: Bool) throws {
        let bench = try drive(order: [2, 0, 1], restarts: restarts)
        #expect(try bench.result() == .string("singil:unit1,choji:unit2,daebu:unit0"))
    }

    @Test func restartsDoNotChangeTheHistory() throws {
        let plain = try drive(order: [1, 2, 0], restarts: false).history()
        #expect(try drive(order: [1, 2, 0], restarts: true).history() == plain)
        #expect(plain.last?.kind == .runCompleted)
    }

    @Test func aFailingBranchFailsTheRun() throws {
        let source = """
            return ilsa.workflow { name = "p", title = "P", run = function()
              ilsa.parallel { function() ilsa.sleep("1m") end, function() error("no boats at Daebu") end }
            end }
            """
        let bench = try EngineBench(source, start: Date(timeIntervalSince1970: 0), restarts: false)
        try bench.step().start(playbook: "p.lua", id: "r1")
        let last = try #require(try bench.history().last)
        #expect(last.kind == .runFailed)
        #expect(last.payload["message"]?.stringValue?.contains("no boats at Daebu") == true)
    }
}
