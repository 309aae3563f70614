import Foundation
import IlsaEngine
import IlsaTesting
import Testing

/// `ilsa.branch`: branches that run beside the run's main line and can be waited for or
/// cancelled one by one.
struct RuntimeBranchTests {
    let start = Date(timeIntervalSince1970: 1_752_624_000)

    static let race = """
        return ilsa.workflow { name = "p", title = "P", run = function()
          local pumps = ilsa.branch(function()
            ilsa.task { title = "배수펌프 가동" }:wait()
            return "pumped"
          end)
          local bags = ilsa.branch(function()
            local t = ilsa.task { title = "모래주머니 배치" }
            t:wait()
            ilsa.task { title = "never reached when cancelled" }
            return "bagged"
          end)
          local first, answer = ilsa.any { pumps, bags }
          if first == pumps then bags:cancel() else pumps:cancel() end
          ilsa.log("first: " .. answer.result)
          return answer.result
        end }
        """

    @Test(arguments: [false, true])
    func theFirstBranchToFinishWinsAndTheOtherIsCancelled(restarts: Bool) throws {
        let bench = try EngineBench(Self.race, start: start, restarts: restarts)
        try bench.step().start(playbook: "p.lua", id: "r1")
        // Commands: branch 1, branch 2, any 3; then branch 1 runs: task 4, wait 5; branch 2: task 6, wait 7.
        #expect(try bench.step().tasks(of: "r1") == ["r1.4": .open, "r1.6": .open])
        try bench.step().completeTask("r1.4", by: "119")
        #expect(try bench.result() == "pumped")
        #expect(try bench.step().tasks(of: "r1") == ["r1.4": .done, "r1.6": .cancelled])
        // The cancelled branch never runs on: its later task was never created.
        #expect(try bench.history().contains { $0.payload["title"] == "never reached when cancelled" } == false)
    }

    @Test func aCancelledBranchCancelsTheBranchesItStarted() throws {
        let bench = try EngineBench(
            """
            return ilsa.workflow { name = "p", title = "P", run = function()
              local district = ilsa.branch(function()
                ilsa.parallel {
                  function() ilsa.task { title = "A" }:wait() end,
                  function() ilsa.task { title = "B" }:wait() end,
                }
              end)
              ilsa.sleep("1h")
              district:cancel()
              local answer = district:wait()
              return answer.state
            end }
            """, start: start, restarts: true)
        try bench.step().start(playbook: "p.lua", id: "r1")
        #expect(try bench.step().tasks(of: "r1").values.allSatisfy { $0 == .open })
        try bench.clock.advance(by: .seconds(3600))
        try bench.step().work()
        #expect(try bench.result() == "cancelled")
        #expect(try bench.step().tasks(of: "r1").values.sorted { $0.rawValue < $1.rawValue } == [.cancelled, .cancelled])
    }

    @Test func waitingForABranchGivesItsResult() throws {
        let bench = try EngineBench(
            """
            return ilsa.workflow { name = "p", title = "P", run = function()
              local b = ilsa.branch(function() ilsa.sleep("10m"); return { checked = 3 } end)
              local answer = b:wait()
              b:cancel() -- cancelling a finished branch does nothing
              return answer.state .. " " .. answer.result.checked
            end }
            """, start: start, restarts: true)
        try bench.step().start(playbook: "p.lua", id: "r1")
        try bench.clock.advance(by: .seconds(600))
        try bench.step().work()
        #expect(try bench.result() == "done 3")
    }

    @Test func aBranchCannotCancelItself() throws {
        let bench = try EngineBench(
            """
            return ilsa.workflow { name = "p", title = "P", run = function()
              local me
              me = ilsa.branch(function() ilsa.sleep("1m"); me:cancel() end)
              return me:wait()
            end }
            """, start: start, restarts: false)
        try bench.step().start(playbook: "p.lua", id: "r1")
        try bench.clock.advance(by: .seconds(60))
        try bench.step().work()
        let failed = try #require(try bench.history().last)
        #expect(failed.kind == .runFailed)
        #expect(
            failed.payload["message"]?.stringValue?.contains("p.lua:3: calling 'cancel' on bad self (branch r1.1 cannot cancel itself")
                == true)
    }

    @Test func branchRefusesWhatIsNotAFunction() throws {
        let bench = try EngineBench(
            """
            return ilsa.workflow { name = "p", title = "P", run = function()
              local ok, message = pcall(ilsa.branch, "pumps")
              return message
            end }
            """, start: start, restarts: false)
        try bench.step().start(playbook: "p.lua", id: "r1")
        #expect(try bench.result() == "bad argument #1 to 'ilsa.branch' (a function expected (the branch to run), got string)")
    }
}
