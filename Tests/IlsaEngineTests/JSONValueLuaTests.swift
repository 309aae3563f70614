import IlsaEngine
import IlsaLua
import Testing

/// Lua values into and out of a run's history.
struct JSONValueLuaTests {
    @Test func luaToJSONAndBackKeepsIntegersAndFloatsApart() throws {
        let lua = try LuaState()
        let made = try lua.run(
            """
            return {
              i = 1, f = 1.0, big = math.maxinteger, s = "한국어", yes = true,
              list = { 1, 2.5, "three", { x = 1 } }, empty = {},
            }
            """, chunkName: "payload")[0]
        let json = try JSONValue(lua: made, path: "payload")
        #expect(json["i"] == .integer(1))
        #expect(json["f"] == .number(1.0))
        #expect(json["big"] == .integer(Int64.max))
        #expect(json["s"] == "한국어")
        #expect(json["list"] == [1, 2.5, "three", ["x": 1]])
        #expect(json["empty"] == .object([:]))

        // Through the canonical text, then back into Lua.
        let stored = try JSONValue(json: json.encodedText())
        #expect(stored == json)
        let check = try lua.run(
            """
            return function(t)
              return math.type(t.i), math.type(t.f), t.s, #t.list, math.type(t.list[2]), t.list[4].x, t.big
            end
            """, chunkName: "check")[0]
        let results = try lua.call(check, [stored.luaValue])
        #expect(results == ["integer", "float", "한국어", 4, "float", 1, .integer(Int64.max)])
    }

    @Test func scalarsMapDirectly() throws {
        #expect(try JSONValue(lua: .nil) == .null)
        #expect(try JSONValue(lua: false) == .bool(false))
        #expect(try JSONValue(lua: 7) == .integer(7))
        #expect(try JSONValue(lua: 7.0) == .number(7.0))
        #expect(JSONValue.integer(7).luaValue == .integer(7))
        #expect(JSONValue.number(7).luaValue == .number(7))
        #expect(JSONValue.null.luaValue == .nil)
    }

    private func message(_ value: LuaValue) -> String? {
        do {
            _ = try JSONValue(lua: value, path: "payload")
            return nil
        } catch {
            #expect(error.code == .notRepresentable)
            return error.description
        }
    }

    @Test func functionsAreRefusedNamingThePath() throws {
        let lua = try LuaState()
        let made = try lua.run("return { items = { 1, 2, function() end } }", chunkName: "payload")[0]
        #expect(message(made) == "payload.items[3]: a function cannot be stored in a run's history")
        let co = try lua.run("return { ['two words'] = { co = coroutine.create(print) } }", chunkName: "p")[0]
        #expect(message(co) == #"payload["two words"].co: a coroutine cannot be stored in a run's history"#)
    }

    @Test func badKeysAreRefused() throws {
        let lua = try LuaState()
        let boolean = try lua.run("return { [true] = 1 }", chunkName: "p")[0]
        #expect(
            message(boolean)
                == "payload: a table with the boolean key true cannot be stored in a run's history; "
                + "use a list (keys 1...n) or string keys only")
        let float = try lua.run("return { x = { [1.5] = 1 } }", chunkName: "p")[0]
        #expect(message(float)?.hasPrefix("payload.x: a table with the float key 1.5 cannot") == true)
        let gap = try lua.run("return { [1] = 'a', [3] = 'c' }", chunkName: "p")[0]
        #expect(message(gap)?.contains("the key 3 (an integer outside a list 1...n)") == true)
        let mixed = try lua.run("return { 'a', 'b', name = 'c' }", chunkName: "p")[0]
        #expect(message(mixed)?.hasPrefix("payload: a table mixing list items (1...2) and string keys") == true)
    }

    @Test func nanInfinityAndInvalidUTF8AreRefused() throws {
        let lua = try LuaState()
        let values = try lua.run("return { n = 0/0 }, { 1, 1/0 }, { s = '\\xff\\xfe' }", chunkName: "p")
        #expect(message(values[0]) == "payload.n: NaN cannot be stored in a run's history")
        #expect(message(values[1]) == "payload[2]: an infinite number cannot be stored in a run's history")
        #expect(message(values[2]) == "payload.s: a string that is not valid UTF-8 cannot be stored in a run's history")
    }
}
