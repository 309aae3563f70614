import IlsaLua
import Testing

/// Values crossing between Swift and Lua keep their Lua types.
struct ValueTests {
    @Test func roundTrips() throws {
        let values: [LuaValue] = [
            .nil, true, false, 0, -1, .integer(.max), .integer(.min), 1.0, 0.5, -0.0, 1e300,
            "", "안녕 일사천리", .string(LuaString(bytes: [0, 255, 10, 0xC3])),
            [1, 2, 3], ["district": "신길", "level": 3], .table(LuaTable(array: [1, [2, [3]]], fields: ["k": true])),
        ]
        let lua = try LuaState()
        for value in values {
            lua.setGlobal("v", value)
            #expect(try lua.global("v") == value)
            #expect(try lua.run("return v", chunkName: "=t") == [value])
        }
    }

    @Test func integersAndFloatsStayApart() throws {
        #expect(
            try run("return 1, 1.0, 3 // 2, 3 / 2, 2^53") == [
                .integer(1), .number(1), .integer(1), .number(1.5), .number(9007199254740992),
            ])
        let lua = try LuaState()
        let results = try lua.call(
            try lua.load("return math.type(...), math.type(select(2, ...))", chunkName: "=t"), [.integer(1), .number(1)])
        #expect(results == ["integer", "float"])
    }

    @Test func tablesWithHolesAndMixedKeys() throws {
        let value = try run("return {1, 2, nil, 4, x = 'y', [10] = 'ten', [2.5] = 'f', [true] = 'b'}")[0]
        let table = try #require(value.tableValue)
        #expect(table.array == [1, 2])
        #expect(table[4] == 4)
        #expect(table["x"] == "y")
        #expect(table[10] == "ten")
        #expect(table[2.5] == "f")
        #expect(table[true] == "b")
    }

    @Test func cyclesAreAnErrorNotACrash() throws {
        let lua = try LuaState()
        #expect(throws: LuaError.self) { try lua.run("local t = {} t.self = t return t", chunkName: "=t") }
        #expect(try lua.isHealthy())
    }

    @Test func functionsAreReferences() throws {
        let lua = try LuaState()
        let f = try lua.run("return function(a, b) return a .. b end", chunkName: "=t")[0]
        guard case .function = f else { Issue.record("expected a function"); return }
        #expect(try lua.call(f, ["일", "사"]) == ["일사"])
        // The same function twice is the same reference.
        let pair = try lua.run("local f = function() end return f, f", chunkName: "=t")
        #expect(pair[0] == pair[1])
    }
}
