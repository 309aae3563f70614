import IlsaLua
import Testing

/// Each sandbox rule, and an attempt to get around it.
struct SandboxTests {
    @Test(arguments: ["io", "os", "debug", "package", "require", "dofile", "loadfile"])
    func removedGlobalIsAbsent(name: String) throws {
        #expect(try run("return \(name)") == [.nil])
        #expect(try run("return rawget(_G, '\(name)')") == [.nil])
        #expect(try run("for k in pairs(_G) do if k == '\(name)' then return true end end return false") == [false])
    }

    @Test func libraryIsNotReachableThroughLoadedTablesOrStrings() throws {
        // No package.loaded to reach, no string method that leads out.
        #expect(try run("return string.dump") == [.nil])
        #expect(try run("return ('').dump") == [.nil])
        #expect(try run("return select('#', pcall(function() return ('x'):dump() end))") == [.integer(2)])
    }

    @Test func binaryChunksAreRefused() throws {
        let full = try LuaState(profile: .full)
        let bytecode = try full.run("return string.dump(function() return 42 end)", chunkName: "=dump")[0]
        let lua = try LuaState()
        lua.setGlobal("bytecode", bytecode)
        let results = try lua.run("return load(bytecode)", chunkName: "=t")
        #expect(results.first == .nil)
        #expect(results.last?.stringValue?.contains("attempt to load a binary chunk") == true)
        // Asking for binary mode explicitly changes nothing.
        let explicit = try lua.run("return load(bytecode, 'x', 'b')", chunkName: "=t")
        #expect(explicit.first == .nil)
        // Nor does the host's own loader accept it.
        #expect(throws: LuaError.self) { try lua.load(bytecode.stringValue.map { LuaString($0) } ?? "", chunkName: "=b") }
    }

    @Test func loadKeepsTextChunksAndEnvironments() throws {
        #expect(try run("return load('return 1 + 1')()") == [.integer(2)])
        #expect(try run("return load('return x', 't', 't', {x = 7})()") == [.integer(7)])
        #expect(
            try run("local parts = {'return ', '5'} local i = 0 return load(function() i = i + 1 return parts[i] end)()") == [.integer(5)])
        // An explicit nil environment is honoured as in standard Lua: globals are unreachable.
        let results = try run("return pcall(load('return print', 'c', 't', nil))")
        #expect(results.first == false)
        #expect(results.last?.stringValue?.contains("upvalue '_ENV'") == true)
    }

    @Test func collectgarbageOnlyCounts() throws {
        #expect(try run("return type(collectgarbage('count'))") == ["number"])
        for option in ["collect", "stop", "restart", "step", "incremental", "generational", "isrunning"] {
            let lua = try LuaState()
            let error = failure("collectgarbage('\(option)')", in: lua)
            #expect(error?.message.contains("only 'count'") == true)
        }
    }

    @Test func finalizersAreRefused() throws {
        let lua = try LuaState()
        let error = failure("setmetatable({}, {__gc = function() while true do end end})", in: lua)
        #expect(error?.message.contains("__gc metamethods are not allowed") == true)
        // __gc added to the metatable afterwards does not mark the object (Lua 5.4 rule), so the
        // loop never runs; collecting is not even possible from the sandbox.
        #expect(
            try lua.run("local mt = {} local t = setmetatable({}, mt) mt.__gc = function() while true do end end return 1", chunkName: "=t")
                == [1])
        lua.close()
    }

    @Test func stringMetatableIsProtected() throws {
        #expect(try run("return getmetatable('')") == [false])
        let lua = try LuaState()
        let error = failure("setmetatable('', {})", in: lua)
        #expect(error != nil)
        // The string table itself is the state's own: changing it harms only this run.
        #expect(try lua.run("string.upper = nil return ('a').upper", chunkName: "=t") == [.nil])
        #expect(try run("return ('a'):upper()") == ["A"])
    }

    @Test func eachStateHasItsOwnGlobals() throws {
        let a = try LuaState(), b = try LuaState()
        try a.run("secret = 'a' string.format = nil", chunkName: "=a")
        #expect(try b.run("return secret, type(string.format)", chunkName: "=b") == [.nil, "function"])
    }

    @Test func fullProfileHasEveryLibrary() throws {
        #expect(
            try run("return type(io), type(os), type(debug), type(package), type(string.dump)", profile: .full)
                == ["table", "table", "table", "table", "function"])
    }
}
