import IlsaLua
import Testing

/// Swift functions called from Lua: arguments, results, errors.
struct HostFunctionTests {
    @Test func argumentsAndResultsCross() throws {
        let lua = try LuaState()
        lua.register("ilsa.describe") { call in
            let name = try call.string(1)
            let count = try call.integer(2)
            return call.returning(.table(LuaTable(fields: ["name": .string(LuaString(name)), "count": .integer(count + 1)])))
        }
        let results = try lua.run("local t = ilsa.describe('신길', 41) return t.name, t.count, math.type(t.count)", chunkName: "=t")
        #expect(results == ["신길", 42, "integer"])
    }

    @Test func misuseReadsLikeLuasOwnErrors() throws {
        let lua = try LuaState()
        lua.register("ilsa.task") { call in
            _ = try call.table(1)
            return .nothing
        }
        let error = try #require(failure("ilsa.task()", in: lua))
        #expect(error.message == "test:1: bad argument #1 to 'ilsa.task' (table expected, got no value)")
        let second = try #require(failure("ilsa.task(nil)", in: lua))
        #expect(second.message == "test:1: bad argument #1 to 'ilsa.task' (table expected, got nil)")
        lua.register("count") { call in call.returning(.integer(try call.integer(1))) }
        #expect(failure("count(1.5)", in: lua)?.message == "test:1: bad argument #1 to 'count' (number has no integer representation)")
        #expect(try lua.run("return count(2.0), count('7')", chunkName: "=t") == [2, 7])
    }

    @Test func swiftErrorsAreCatchableByPcall() throws {
        struct Refused: Error, CustomStringConvertible { var description: String { "the district refused" } }
        let lua = try LuaState()
        lua.register("fail") { _ in throw Refused() }
        // Called by pcall (a C function) there is no Lua line to name, exactly as with luaL_error.
        #expect(try lua.run("return pcall(fail)", chunkName: "=t") == [false, "the district refused"])
        #expect(try lua.run("return pcall(function() fail() end)", chunkName: "=t") == [false, "t:1: the district refused"])
        lua.register("raise") { _ in throw LuaRaisedValue(["code": 7]) }
        #expect(try lua.run("local ok, e = pcall(raise) return ok, e.code", chunkName: "=t") == [false, 7])
        // Uncaught, it fails the chunk with a traceback through the Swift function.
        let error = try #require(failure("local function step() fail() end step()", in: lua))
        #expect(error.kind == .runtime)
        #expect(error.message == "test:1: the district refused")
        #expect(error.traceback?.contains("in function 'fail'") == true)
        #expect(try lua.isHealthy())
    }

    @Test func manyErrorsLeakNothing() throws {
        final class Tracked { nonisolated(unsafe) static var alive = 0; init() { Self.alive += 1 }; deinit { Self.alive -= 1 } }
        let lua = try LuaState()
        lua.register("fail") { _ in
            let tracked = Tracked()
            withExtendedLifetime(tracked) {}
            throw LuaRaisedValue("no")
        }
        try lua.run("for i = 1, 1000 do pcall(fail) end", chunkName: "=t")
        #expect(Tracked.alive == 0)
    }

    @Test func hostCanCallBackIntoLua() throws {
        let lua = try LuaState()
        lua.register("each") { call in
            let f = try call.function(2)
            var sum: Int64 = 0
            for value in try call.table(1).array {
                sum += try call.state.call(f, [value]).first?.integerValue ?? 0
            }
            return call.returning(.integer(sum))
        }
        #expect(try lua.run("return each({1, 2, 3}, function(x) return x * 10 end)", chunkName: "=t") == [60])
        // An error inside the callback reaches the script's pcall.
        #expect(try lua.run("return pcall(each, {1}, function() error('inner', 0) end)", chunkName: "=t") == [false, "inner"])
    }
}
