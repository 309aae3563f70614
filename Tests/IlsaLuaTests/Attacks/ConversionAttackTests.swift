import Foundation
import IlsaLua
import Testing

/// Values that cross from Lua into the host: deep, wide, shared and cyclic tables, through every
/// way the host copies them (chunk results, host function arguments, coroutine results).
struct ConversionAttackTests {
    /// `depth` tables nested in each other: `{{{...}}}`.
    static func nested(_ depth: Int) -> String {
        String(repeating: "{", count: depth) + String(repeating: "}", count: depth)
    }

    @Test func tablesNestedToTheLimitAreCopied() throws {
        let results = try run("return " + Self.nested(LuaValue.maximumDepth))
        var value = try #require(results.first)
        var levels = 0
        while case .table(let t) = value {
            levels += 1
            value = t.array.first ?? .nil
        }
        #expect(levels == LuaValue.maximumDepth)
    }

    @Test(arguments: [LuaValue.maximumDepth + 1, 45, 200, 100_000])
    func deeperTablesAreRefusedNotACrash(depth: Int) throws {
        let lua = try LuaState(limits: LuaLimits(memory: 256 << 20, time: .seconds(5)))
        // Built in a loop: the parser itself refuses 200 nested braces.
        let source = "local t = {} for i = 1, \(depth - 1) do t = {t} end return t"
        if depth <= LuaValue.maximumDepth {
            #expect(throws: Never.self) { try lua.run(source, chunkName: "=deep") }
            return
        }
        let error = try #require(failure(source, in: lua))
        #expect(error.message.contains("nested more than \(LuaValue.maximumDepth) levels"), "\(error)")
        #expect(try lua.isHealthy())
    }

    @Test func deepArgumentsToAHostFunctionAreABadArgument() throws {
        let lua = try LuaState(limits: LuaLimits(memory: 64 << 20, time: .seconds(5)))
        lua.register("take") { call in
            _ = try call.table(1)
            return .nothing
        }
        let error = try #require(failure("local t = {} for i = 1, 1000 do t = {t} end take(t)", in: lua))
        #expect(error.message.contains("bad argument #1 to 'take'"), "\(error)")
        #expect(error.message.contains("nested more than"), "\(error)")
        // Deep as a key, and deep under a string key, too.
        let key = try #require(failure("local t = {} for i = 1, 100 do t = {[t] = 1} end take(t)", in: lua))
        #expect(key.message.contains("nested more than"), "\(key)")
        #expect(try lua.isHealthy())
    }

    @Test func sharedTablesAreCopiedOnceAndCountedWhereverTheyAppear() throws {
        // A diamond: copied once, and the copy keeps the shape.
        let shared = try run("local s = {1, 2} return {a = s, b = s}")
        let table = try #require(shared.first?.tableValue)
        #expect(table["a"] == table["b"])
        #expect(table["a"] == [1, 2])
        // 40 tables, each holding the next twice: 2^40 places. Refused at once, not walked.
        let lua = try LuaState(limits: LuaLimits(memory: 64 << 20, time: .seconds(5)))
        let start = ContinuousClock.now
        let error = try #require(failure("local t = {} for i = 1, 40 do t = {t, t} end return t", in: lua))
        #expect(error.kind == .memory, "\(error)")
        #expect(error.message.contains("cannot copy a value that large"), "\(error)")
        #expect(ContinuousClock.now - start < .seconds(2))
        #expect(try lua.isHealthy())
    }

    @Test func wideValuesCostNoMoreThanTheStateMayHold() throws {
        let lua = try LuaState(limits: LuaLimits(memory: 4 << 20, time: .seconds(5)))
        lua.register("take") { call in
            _ = try call.value(1)
            return .nothing
        }
        // A 1 MB string fits the state; 40 references to it do not fit a copy.
        let error = try #require(failure("local s = string.rep('x', 1 << 20) local t = {} for i = 1, 40 do t[i] = s end take(t)", in: lua))
        #expect(error.message.contains("cannot copy a value that large"), "\(error)")
        #expect(try lua.isHealthy())
    }

    @Test func cyclesAreRefusedEverywhere() throws {
        let lua = try LuaState()
        lua.register("take") { call in
            _ = try call.value(1)
            return .nothing
        }
        for source in [
            "local t = {} t.self = t take(t)", "local a, b = {}, {} a[1] = b b[1] = a take(a)",
            "local t = {} t[t] = 1 take(t)", "local t = {} t = {t} t[1][1] = t return t",
        ] {
            let error = try #require(failure(source, in: lua))
            #expect(error.message.contains("contains itself"), "\(source): \(error)")
        }
    }

    @Test func coroutineResultsAreBoundedToo() throws {
        let lua = try LuaState(limits: LuaLimits(memory: 64 << 20, time: .seconds(5)))
        let run = lua.coroutine(try lua.load("local t = {} for i = 1, 500 do t = {t} end coroutine.yield(t)", chunkName: "=co"))
        #expect(throws: LuaError.self) { try run.resume() }
    }

    @Test func deepValuesFromTheHostArePushedSafely() throws {
        // The host builds a value to the limit; Lua gets it whole.
        var value: LuaValue = "core"
        for _ in 0..<LuaValue.maximumDepth { value = [value] }
        let lua = try LuaState()
        lua.setGlobal("deep", value)
        let depth = try lua.run("local d, t = 0, deep while type(t) == 'table' do d = d + 1 t = t[1] end return d, t", chunkName: "=d")
        #expect(depth == [.integer(Int64(LuaValue.maximumDepth)), "core"])
    }

    @Test func whatAHostCallAllocatesPastTheBudgetFailsTheCall() throws {
        let lua = try LuaState(limits: LuaLimits(memory: 2 << 20, time: .seconds(5)))
        lua.register("big") { call in call.returning(.string(LuaString(bytes: Array(repeating: 65, count: 8 << 20)))) }
        let error = try #require(failure("local s = big() return #s", in: lua))
        #expect(error.kind == .memory, "\(error)")
        lua.collectGarbage()
        #expect(try lua.isHealthy())
    }
}
