import Foundation
import IlsaLua
import Testing

/// The prompt driver's protected call: a line stop and the time limit return from it, with the
/// tick the line stopped at; any other stop goes on up, and a rerun stops at the same tick.
@Suite struct LineCallTests {
    private func state(time: Duration = .seconds(5)) throws -> LuaState {
        let lua = try LuaState(profile: .sandbox, limits: LuaLimits(memory: 32 << 20, time: time))
        lua.registerLineCall("line")
        return lua
    }

    private func stop(_ interrupter: LuaInterrupter, after seconds: Double, cancel: Bool = false) {
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: seconds)
            if cancel { interrupter.interrupt() } else { interrupter.stopLine() }
        }
    }

    @Test func aLineCallIsPcallWhenNothingStopsIt() throws {
        let lua = try state()
        #expect(try lua.run("return line(function(a, b) return a + b, 'x' end, 1, 2)", chunkName: "=t") == [true, 3, "x"])
        #expect(try lua.run("return line(error, 'boom', 0)", chunkName: "=t") == [false, "boom"])
    }

    @Test func aStopReturnsFromTheLineAndTheChunkGoesOn() throws {
        let lua = try state()
        stop(lua.interrupter, after: 0.2)
        let results = try lua.run(
            """
            n = 0
            local ok, message, reason, tick = line(function() while true do pcall(function() while true do n = n + 1 end end) end end)
            return ok, message, reason, tick > 0, n > 0
            """, chunkName: "=t")
        #expect(results == [false, "t:2: interrupted", "interrupted", true, true])
    }

    @Test func theTimeLimitReturnsFromTheLine() throws {
        let lua = try state(time: .milliseconds(300))
        let results = try lua.run("local ok, _, reason = line(function() while true do end end) return ok, reason", chunkName: "=t")
        #expect(results == [false, "time limit exceeded"])
    }

    @Test func aCancelGoesOnUpThroughTheLine() throws {
        let lua = try state()
        stop(lua.interrupter, after: 0.2, cancel: true)
        let error = try #require(failure("line(function() while true do end end) while true do end", in: lua))
        #expect(error.kind == .cancelled)
    }

    @Test func aStopWithNoLineWaitsForTheNextUnlessForgotten() throws {
        let lua = try state()
        let loop = "return line(function() for i = 1, 1e6 do end return 1 end)"
        lua.interrupter.stopLine()
        lua.interrupter.forgetLineStop()
        #expect(try lua.run(loop, chunkName: "=t") == [true, 1])
        lua.interrupter.stopLine()
        #expect(try lua.run(loop, chunkName: "=t").prefix(3) == [false, "t:1: interrupted", "interrupted"])
    }

    /// The same line stopped at a tick, run again with the stop asked at that tick, stops at the
    /// same instruction: what it counted is the same.
    @Test func aRerunStoppedAtTheTickCountsTheSame() throws {
        let live = try state()
        stop(live.interrupter, after: 0.2)
        let source = "n = 0 local ok, _, _, tick = line(function() stopper() while true do n = n + 1 end end) return tick, n"
        live.register("stopper") { _ in .values(0) }
        let first = try live.run(source, chunkName: "=t")
        guard case .integer(let tick) = first.first else { Issue.record("no tick: \(first)"); return }

        let rerun = try state()
        rerun.register("stopper") { [unowned rerun] _ in
            rerun.stopLine(atTick: Int(tick))
            return .values(0)
        }
        #expect(try rerun.run(source, chunkName: "=t") == first)
    }
}
