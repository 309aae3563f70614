internal import CLua
internal import CLuaShims
internal import Glibc

/// Compiling and running chunks, calling functions.
extension LuaState {
    /// Compiles a text chunk without running it.
    ///
    /// - Parameters:
    ///   - source: Lua source text. Binary chunks are refused.
    ///   - chunkName: The name in messages: `"@path/file.lua"` shows `file.lua:3:`, `"=stdin"`
    ///     shows `stdin:3:`.
    /// - Returns: The compiled chunk, a function.
    /// - Throws: ``LuaError`` of kind ``LuaError/Kind/syntax``; ``LuaError/isIncompleteInput``
    ///   tells whether more lines could complete it.
    public func load(_ source: String, chunkName: String) throws -> LuaValue {
        try load(LuaString(source), chunkName: chunkName)
    }

    /// Compiles a chunk given as bytes. See ``load(_:chunkName:)-(String,_)``.
    public func load(_ source: LuaString, chunkName: String) throws -> LuaValue {
        let status = source.bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                chunkName.withCString { name in ilsa_loadtext(L, chars.baseAddress, chars.count, name) }
            }
        }
        if status != LUA_OK { throw popError(status: status) }
        return try popValues(1)[0]
    }

    /// A compiled chunk as bytes, to load into other states of this process without compiling
    /// the text again (``load(compiled:chunkName:)``).
    /// - Throws: ``LuaError`` when `function` is not a Lua function or memory runs out.
    public func dump(_ function: LuaValue) throws -> LuaCompiledChunk {
        push(function)
        defer { ilsa_pop(L, 1) }
        guard lua_type(L, -1) == LUA_TFUNCTION, lua_iscfunction(L, -1) == 0 else {
            throw LuaError(kind: .runtime, message: "only a Lua function can be dumped")
        }
        var size = 0
        guard let bytes = ilsa_dump(L, &size) else { throw LuaError(kind: .memory, message: "not enough memory to dump the chunk") }
        defer { free(bytes) }
        return LuaCompiledChunk(bytes: Array(UnsafeRawBufferPointer(start: bytes, count: size)))
    }

    /// Loads a chunk this process compiled (``dump(_:)``) without reading its text again.
    public func load(compiled chunk: LuaCompiledChunk, chunkName: String) throws -> LuaValue {
        let status = chunk.bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                chunkName.withCString { name in ilsa_loadbinary(L, chars.baseAddress, chars.count, name) }
            }
        }
        if status != LUA_OK { throw popError(status: status) }
        return try popValues(1)[0]
    }

    /// Compiles and runs a chunk, within the state's limits.
    /// - Returns: What the chunk returned.
    /// - Throws: ``LuaError``.
    @discardableResult
    public func run(_ source: String, chunkName: String, arguments: [LuaValue] = []) throws -> [LuaValue] {
        let chunk = try load(source, chunkName: chunkName)
        return try call(chunk, arguments)
    }

    /// Calls a Lua function (or any value with `__call`), within the state's limits.
    /// - Throws: ``LuaError`` with Lua's message and traceback.
    @discardableResult
    public func call(_ function: LuaValue, _ arguments: [LuaValue] = []) throws -> [LuaValue] {
        let base = lua_gettop(L)
        push(function)
        for argument in arguments { push(argument) }
        let (status, interrupt) = enter { ilsa_pcall(L, Int32(arguments.count), LUA_MULTRET) }
        if status != LUA_OK { throw popError(status: status, interrupt: interrupt) }
        return try popValues(lua_gettop(L) - base)
    }

    /// Calls a Lua function for what it does, not what it returns: its results are dropped in
    /// Lua, never copied into Swift (a hook's return value is nobody's business).
    /// - Throws: ``LuaError`` with Lua's message and traceback.
    public func perform(_ function: LuaValue, _ arguments: [LuaValue] = []) throws {
        push(function)
        for argument in arguments { push(argument) }
        let (status, interrupt) = enter { ilsa_pcall(L, Int32(arguments.count), 0) }
        if status != LUA_OK { throw popError(status: status, interrupt: interrupt) }
    }

    /// Reads a global variable (raw, without metamethods).
    public func global(_ name: String) throws -> LuaValue {
        ilsa_pushglobaltable(L)
        push(name)
        lua_rawget(L, -2)
        defer { ilsa_pop(L, 2) }
        return try value(at: -1)
    }

    /// Sets a global variable (raw, without metamethods).
    public func setGlobal(_ name: String, _ value: LuaValue) {
        ilsa_pushglobaltable(L)
        push(name)
        push(value)
        lua_rawset(L, -3)
        ilsa_pop(L, 1)
    }

    /// Runs `body`, an entry into Lua. The outermost entry arms the time limit, and on the way
    /// out clears any interrupt and returns its reason; nested entries (a host function calling
    /// back into Lua) return the reason without clearing it, so the interrupt reaches the outer
    /// chunk too.
    func enter<T>(_ body: () -> T) -> (T, Int32) {
        guard !isRunning else { return (body(), ilsa_interrupt_reason(host)) }
        isRunning = true
        if let time = limits.time { ilsa_deadline_arm(host, time.seconds) }
        let result = body()
        if limits.time != nil { ilsa_deadline_disarm(host) }
        isRunning = false
        ilsa_forget_line_stop(host)
        let interrupt = ilsa_interrupt_reason(host)
        if interrupt != ILSA_INTERRUPT_NONE { ilsa_interrupt_clear(L) }
        return (result, interrupt)
    }
}

/// A chunk compiled by a ``LuaState`` of this process, as bytes: loading it skips the parser.
/// Only the host makes one (``LuaState/dump(_:)``); scripts never load binary chunks, and a
/// chunk is never read from a file, since Lua cannot check bytecode it did not make.
public struct LuaCompiledChunk: Sendable, Hashable {
    fileprivate(set) public var bytes: [UInt8]
    fileprivate init(bytes: [UInt8]) { self.bytes = bytes }
}
