import IlsaLua
import Testing

/// The replayable profile: nothing a script computes depends on the state it runs in.
struct ReplayableProfileTests {
    /// Runs `source` in a fresh replayable state.
    static func replay(_ source: String) throws -> [LuaValue] {
        try run(source, profile: .replayable, limits: LuaLimits(memory: 64 << 20, time: .seconds(5)))
    }

    @Test func pairsVisitsKeysInAnOrderFixedByTheKeys() throws {
        let source = """
            local t = {}
            for i = 1, 200 do t['k' .. ((i * 37) % 200)] = i end
            t[3] = 'three'; t[1.5] = 'x'; t[-7] = 'y'; t[true] = 't'; t[false] = 'f'
            local seen = {}
            for k in pairs(t) do seen[#seen + 1] = tostring(k) end
            return table.concat(seen, ' ')
            """
        let first = try Self.replay(source)
        // Other insertion orders, other states: the same order.
        let reversed = source.replacingOccurrences(of: "for i = 1, 200 do", with: "for i = 200, 1, -1 do")
        for _ in 0..<3 {
            #expect(try Self.replay(source) == first)
            #expect(try Self.replay(reversed) == first)
        }
        let text = try #require(first.first?.stringValue)
        #expect(text.hasPrefix("-7 1.5 3 k0 k1 k10 k100"), "\(text)")
        #expect(text.hasSuffix("false true"), "\(text)")
    }

    @Test func nextAgreesWithPairs() throws {
        let results = try Self.replay(
            """
            local t = {b = 1, a = 2, [2] = 3, c = 4}
            local viaNext, viaPairs = {}, {}
            local k = next(t)
            while k ~= nil do viaNext[#viaNext + 1] = tostring(k) k = next(t, k) end
            for k in pairs(t) do viaPairs[#viaPairs + 1] = tostring(k) end
            return table.concat(viaNext, ' '), table.concat(viaPairs, ' '), next({}) == nil
            """)
        #expect(results == ["2 a b c", "2 a b c", true])
    }

    @Test func keysRemovedWhileIteratingAreSkipped() throws {
        let results = try Self.replay(
            """
            local t = {a = 1, b = 2, c = 3, d = 4}
            local seen = {}
            for k in pairs(t) do seen[#seen + 1] = k if k == 'a' then t.b = nil end end
            return table.concat(seen, ' ')
            """)
        #expect(results == ["a c d"])
    }

    @Test func tablesKeyedByTablesCannotBeIterated() throws {
        let lua = try LuaState(profile: .replayable)
        for source in ["local t = {[{}] = 1} for k in pairs(t) do end", "next({[print] = 1})"] {
            let error = try #require(failure(source, in: lua))
            #expect(error.message.contains("no fixed order"), "\(error)")
        }
        // __pairs still decides for itself.
        #expect(
            try Self.replay(
                "local t = setmetatable({}, {__pairs = function(t) return function(_, k) if not k then return 1, 'one' end end, t, nil end}) for k, v in pairs(t) do return v end"
            ) == ["one"])
    }

    @Test func addressesNeverShow() throws {
        let results = try Self.replay(
            """
            local a, b = {}, function() end
            return tostring(b), tostring(a), tostring(b), string.format('%s and %s', a, 'x')
            """)
        #expect(results == ["function: #1", "table: #2", "function: #1", "table: #2 and x"])
        let lua = try LuaState(profile: .replayable)
        for (source, words) in [
            ("return string.format('%p', {})", "%p"), ("return math.random()", "ilsa.random"),
            ("return math.randomseed(1)", "ilsa.random"), ("return collectgarbage('count')", "replay"),
        ] {
            let error = try #require(failure(source, in: lua))
            #expect(error.message.contains(words), "\(source): \(error)")
        }
    }

    @Test func hostObjectsOrderByTheirNames() throws {
        final class Handle {
            let id: String
            init(_ id: String) { self.id = id }
        }
        let lua = try LuaState(profile: .replayable)
        var type = LuaObjectType<Handle>(name: "test.Handle")
        type.describe = { "handle \($0.id)" }
        lua.register(type)
        let handles = ["c", "a", "b"].map(Handle.init)
        lua.register("handle") { call in
            call.push(object: handles[Int(try call.integer(1)) - 1])
            return .values(1)
        }
        let results = try lua.run(
            """
            local t = {[handle(1)] = 1, [handle(2)] = 2, [handle(3)] = 3}
            local seen = {}
            for k, v in pairs(t) do seen[#seen + 1] = tostring(k) end
            return table.concat(seen, ', ')
            """, chunkName: "=objects")
        #expect(results == ["handle a, handle b, handle c"])
    }
}
