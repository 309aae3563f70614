import Foundation
import IlsaLua
import Testing

/// Standard library C functions a script can make loop for ever with crafted arguments: they
/// run no Lua instruction, so only their own checks can stop them. Each must end at the time
/// limit, and at an interrupt (Ctrl-C) when there is none.
struct LoopingCAttackTests {
    static let attacks: [(String, String)] = [
        ("table.move over 2^50", "table.move({}, 1, 1 << 50, 2)"),
        ("table.move backwards", "local t = {} table.move(t, 1, 1 << 50, 1 << 40, t)"),
        (
            "table.concat through a C __index",
            "local t = setmetatable({}, {__index = table.concat}) table.concat(t, '', 1, math.maxinteger)"
        ),
        (
            "table.insert under a huge __len",
            "local t = setmetatable({}, {__len = function() return math.maxinteger - 1 end}) table.insert(t, 1, 'x')"
        ),
        (
            "table.remove under a huge __len",
            "local t = setmetatable({}, {__len = function() return math.maxinteger end}) table.remove(t, 1)"
        ),
        (
            "table.sort through C metamethods",
            "local t = setmetatable({}, {__len = function() return (1 << 31) - 2 end, __index = rawlen, __newindex = rawequal}) table.sort(t)"
        ),
        ("table.unpack of a huge range", "table.unpack({}, 1, 1 << 40)"),
        ("pattern backtracking", "string.rep('a', 150):find('.-.-.-.-b')"),
    ]

    @Test(arguments: attacks)
    func endsAtTheTimeLimit(name: String, source: String) throws {
        let lua = try LuaState(limits: LuaLimits(memory: 64 << 20, time: .milliseconds(300)))
        let start = ContinuousClock.now
        let error = try #require(failure(source, in: lua))
        #expect(ContinuousClock.now - start < .seconds(3), "\(name) ran \(ContinuousClock.now - start)")
        #expect([.timeout, .runtime, .memory].contains(error.kind), "\(name): \(error)")
        #expect(try lua.isHealthy())
    }

    @Test(arguments: attacks.prefix(6))
    func endsAtAnInterruptWithoutALimit(name: String, source: String) throws {
        let lua = try LuaState(limits: LuaLimits(memory: 64 << 20))
        let interrupter = lua.interrupter
        // A thread of its own: the shared queues' threads may all be busy running other tests'
        // loops, each waiting for its own interrupt.
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: 0.2)
            interrupter.interrupt()
        }
        let start = ContinuousClock.now
        let error = try #require(failure(source, in: lua))
        #expect(ContinuousClock.now - start < .seconds(3), "\(name) ran \(ContinuousClock.now - start)")
        #expect(error.kind == .cancelled || error.kind == .runtime, "\(name): \(error)")
    }

    @Test func anEmptyRepetitionReturnsAtOnce() throws {
        let start = ContinuousClock.now
        #expect(
            try run("return string.rep('', math.maxinteger), string.rep('', math.maxinteger, ''), string.rep('ab', 0)") == ["", "", ""])
        #expect(ContinuousClock.now - start < .seconds(1))
    }

    @Test func boundedTableFunctionsKeepLuaSemantics() throws {
        // The conformance suite compares every message with lua5.4; here, the corners.
        #expect(try run("local t = {3, 1, 2} table.sort(t) return table.concat(t, ',')") == ["1,2,3"])
        #expect(
            try run(
                "local t = {} for i = 1, 1000 do t[i] = (i * 7919) % 1000 end table.sort(t, function(a, b) return a > b end) return t[1], t[1000]"
            ) == [999, 0])
        #expect(try run("return table.concat(table.move({1, 2, 3}, 1, 3, 2), ',')") == ["1,1,2,3"])
        let lua = try LuaState()
        let error = try #require(failure("local t = {} for i = 1, 100 do t[i] = i end table.sort(t, function() return true end)", in: lua))
        #expect(error.message.contains("invalid order function for sorting"))
    }
}
