/// Calls from a Lua loop (`for i = 1, N do f() end`) into Lua, C and Swift functions.
@_spi(Unsafe) import IlsaLua
import CLua
import IlsaBenchC

/// The Lua source every call case runs: `f` and `N` (and a string `s`) are the chunk's arguments,
/// so `f` is a local in every case.
enum CallChunks {
    static let loop = "local f, N, s = ...\nfor i = 1, N do end"
    static let call = "local f, N, s = ...\nfor i = 1, N do f() end"
    static let record = "local f, N, s = ...\nfor i = 1, N do local t = f(s, i) end"
}

func callCases(_ options: Options) throws -> [Case] {
    let lua = try LuaState(profile: .sandbox)
    let L = lua.unsafeLuaState

    // (b) and (d-C): lua_CFunctions, registered with the raw API.
    lua_pushcclosure(L, ilsabench_noop, 0)
    lua_setglobal(L, "c_noop")
    lua_pushcclosure(L, ilsabench_record, 0)
    lua_setglobal(L, "c_record")

    // (c): the cheapest Swift function.
    lua.register("swift_noop") { _ in .nothing }

    // (d): string and number in, {name = s, value = n + 1} out, through the public API's
    // table-building calls (nothing is copied into Swift but the number).
    lua.register("swift_record") { call in
        let n = try call.integer(2)
        call.pushTable(fieldCount: 2)
        try call.pushString(argument: 1)
        call.setField("name")
        call.push(n + 1)
        call.setField("value")
        return .values(1)
    }
    // (d) written with LuaValue: copies the string into Swift and builds a LuaTable (a Dictionary).
    lua.register("swift_record_value") { call in
        let name = try call.luaString(1)
        let n = try call.integer(2)
        return call.returning(.table(LuaTable(fields: ["name": .string(name), "value": .integer(n + 1)])))
    }
    // The parts of (d), to see where its time goes.
    lua.register("swift_record_string") { call in
        let name = try call.string(1)
        let n = try call.integer(2)
        return call.returning(.table(LuaTable(fields: ["name": .string(LuaString(name)), "value": .integer(n + 1)])))
    }
    lua.register("swift_args") { call in
        _ = try call.luaString(1)
        _ = try call.integer(2)
        return .nothing
    }
    lua.register("swift_table") { call in
        call.returning(.table(LuaTable(fields: ["name": "alpha", "value": .integer(2)])))
    }
    let prebuilt = LuaValue.table(LuaTable(fields: ["name": "alpha", "value": .integer(2)]))
    lua.register("swift_push_prebuilt") { call in call.returning(prebuilt) }
    // A Swift closure registered the same way, marshalling with the raw C API: what (d) could
    // cost with a table-building call on LuaCall. Uses the main thread's L, which is where it runs.
    lua.register("swift_record_raw") { _ in
        var length = 0
        let s = lua_tolstring(L, 1, &length)
        let n = lua_tointegerx(L, 2, nil)
        lua_createtable(L, 0, 2)
        lua_pushlstring(L, s, length)
        lua_setfield(L, -2, "name")
        lua_pushinteger(L, n + 1)
        lua_setfield(L, -2, "value")
        return .values(1)
    }

    let loop = try lua.load(CallChunks.loop, chunkName: "=loop")
    let call = try lua.load(CallChunks.call, chunkName: "=call")
    let record = try lua.load(CallChunks.record, chunkName: "=record")
    let emptyLua = try lua.run("return function() end", chunkName: "=a")[0]
    let recordLua = try lua.run("return function(s, n) return {name = s, value = n + 1} end", chunkName: "=a2")[0]
    let s: LuaValue = "alpha"

    func make(_ key: String, _ label: String, chunk: LuaValue, _ f: LuaValue, n: Int) -> Case {
        Case(key: key, label: label, unit: "ns/call", prepare: { ilsabench_fullgc(L) }) {
            try nanoseconds { try lua.call(chunk, [f, .integer(Int64(n)), s]) } / Double(n)
        }
    }
    let cheap = options.callN, heavy = options.marshalN
    return [
        make("calls.loop", "(loop) empty loop, per iteration", chunk: loop, .nil, n: cheap),
        make("calls.a", "(a) empty Lua function", chunk: call, emptyLua, n: cheap),
        make("calls.b", "(b) C function (lua_CFunction)", chunk: call, try lua.global("c_noop"), n: cheap),
        make("calls.c", "(c) Swift function, register { _ in .nothing }", chunk: call, try lua.global("swift_noop"), n: cheap),
        make("calls.d", "(d) Swift (s, n) -> {name, value}, pushTable/setField", chunk: record, try lua.global("swift_record"), n: heavy),
        make("calls.dValue", "(d) the same with LuaValue/LuaTable", chunk: record, try lua.global("swift_record_value"), n: heavy),
        make("calls.dC", "(d-C) the same in C", chunk: record, try lua.global("c_record"), n: heavy),
        make("calls.dLua", "(d-Lua) the same in Lua", chunk: record, recordLua, n: heavy),
        make(
            "calls.dString", "(d) with call.string(1) instead of luaString", chunk: record, try lua.global("swift_record_string"), n: heavy),
        make("calls.dArgs", "(d) parts: read the 2 arguments only", chunk: record, try lua.global("swift_args"), n: heavy),
        make("calls.dTable", "(d) parts: build + push the LuaTable only", chunk: record, try lua.global("swift_table"), n: heavy),
        make("calls.dPrebuilt", "(d) parts: push a prebuilt LuaTable only", chunk: record, try lua.global("swift_push_prebuilt"), n: heavy),
        make("calls.dRaw", "(d) Swift closure, raw C API marshalling", chunk: record, try lua.global("swift_record_raw"), n: heavy),
    ].filter { options.selects($0.key) }
}
