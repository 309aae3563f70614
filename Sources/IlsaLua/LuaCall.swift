internal import CLua
internal import CLuaShims

/// One call of a Swift function from Lua: its arguments and its results.
///
/// Argument readers check types the way Lua's auxiliary library does and throw
/// ``LuaArgumentError``, which Lua sees as `bad argument #1 to 'name' (table expected, got nil)`.
public struct LuaCall {
    let L: OpaquePointer
    unowned(unsafe) let function: LuaHostFunction

    /// The state the call runs in.
    public var state: LuaState { function.state }
    /// How many arguments Lua passed.
    public var count: Int { Int(lua_gettop(L)) }

    // MARK: Arguments

    /// The argument at `position` (from 1), copied; `nil` when absent.
    /// - Throws: ``LuaArgumentError`` for a table the host cannot copy (see ``LuaCopy``).
    public func value(_ position: Int) throws -> LuaValue {
        do {
            return try state.value(at: Int32(position))
        } catch let error as LuaError {
            throw LuaArgumentError(position: position, problem: error.message)
        }
    }

    /// A string argument; numbers are converted, as `luaL_checkstring` does.
    public func string(_ position: Int) throws -> String {
        try luaString(position).text
    }

    /// A string argument as bytes.
    public func luaString(_ position: Int) throws -> LuaString {
        let index = Int32(position)
        switch lua_type(L, index) {
        case LUA_TSTRING: return state.string(at: index)
        case LUA_TNUMBER:
            lua_pushvalue(L, index)
            defer { ilsa_pop(L, 1) }
            return state.string(at: -1)
        default: throw typeError(position, expected: "string")
        }
    }

    /// A string argument, or nil when absent or nil.
    public func optionalString(_ position: Int) throws -> String? {
        ilsa_isnoneornil(L, Int32(position)) != 0 ? nil : try string(position)
    }

    /// An integer argument: an integer, or a float or string with an exact integer value.
    public func integer(_ position: Int) throws -> Int64 {
        let index = Int32(position)
        var ok: Int32 = 0
        let i = lua_tointegerx(L, index, &ok)
        if ok != 0 { return i }
        if lua_type(L, index) == LUA_TNUMBER || lua_type(L, index) == LUA_TSTRING,
            lua_tonumberx(L, index, nil) != 0 || lua_type(L, index) == LUA_TNUMBER
        {
            var isNumber: Int32 = 0
            _ = lua_tonumberx(L, index, &isNumber)
            if isNumber != 0 { throw LuaArgumentError(position: position, problem: "number has no integer representation") }
        }
        throw typeError(position, expected: "number")
    }

    /// A number argument (integers are converted to floats).
    public func number(_ position: Int) throws -> Double {
        var ok: Int32 = 0
        let d = lua_tonumberx(L, Int32(position), &ok)
        if ok == 0 { throw typeError(position, expected: "number") }
        return d
    }

    /// A boolean argument with Lua's truthiness: only `nil` and `false` are false.
    public func boolean(_ position: Int) -> Bool {
        lua_toboolean(L, Int32(position)) != 0
    }

    /// A table argument, copied.
    public func table(_ position: Int) throws -> LuaTable {
        guard lua_type(L, Int32(position)) == LUA_TTABLE else { throw typeError(position, expected: "table") }
        return try value(position).tableValue ?? LuaTable()
    }

    /// The raw length (`#` without metamethods) of the argument at `position`: a string's bytes,
    /// a table's border; 0 for other types. Cheap: nothing is copied.
    public func length(_ position: Int) -> Int {
        Int(clamping: lua_rawlen(L, Int32(position)))
    }

    /// A function argument, referenced.
    public func function(_ position: Int) throws -> LuaValue {
        guard lua_type(L, Int32(position)) == LUA_TFUNCTION else { throw typeError(position, expected: "function") }
        return try value(position)
    }

    /// The Lua type name of the argument at `position` (`"no value"` when absent).
    public func typeName(_ position: Int) -> String {
        let index = Int32(position)
        if lua_type(L, index) == LUA_TNONE { return "no value" }
        return String(cString: ilsa_typename_at(L, index))
    }

    /// An error for an argument of the wrong type: `table expected, got nil`.
    public func typeError(_ position: Int, expected: String) -> LuaArgumentError {
        LuaArgumentError(position: position, problem: "\(expected) expected, got \(typeName(position))")
    }

    // MARK: Results

    /// Pushes a result.
    public func push(_ value: LuaValue) { state.push(value) }
    /// Pushes a string result.
    public func push(_ text: String) { state.push(text) }
    /// Pushes an integer result.
    public func push(_ integer: Int64) { lua_pushinteger(L, integer) }
    /// Pushes a float result.
    public func push(_ number: Double) { lua_pushnumber(L, number) }

    /// Pushes the argument at `position` as it is, without copying it into Swift; it must be a
    /// string (or a number, as `luaL_checkstring` accepts).
    public func pushString(argument position: Int) throws {
        let type = lua_type(L, Int32(position))
        guard type == LUA_TSTRING || type == LUA_TNUMBER else { throw typeError(position, expected: "string") }
        lua_pushvalue(L, Int32(position))
    }

    /// Pushes a new empty table, sized for what will go in it. Fill it with ``setField(_:)``.
    public func pushTable(arrayCount: Int = 0, fieldCount: Int = 0) {
        lua_createtable(L, Int32(clamping: arrayCount), Int32(clamping: fieldCount))
    }

    /// Pops the value on top of the stack into field `name` of the table just below it (raw).
    ///
    /// ```swift
    /// call.pushTable(fieldCount: 2)
    /// try call.pushString(argument: 1); call.setField("name")
    /// call.push(Int64(42)); call.setField("value")
    /// return .values(1)
    /// ```
    public func setField(_ name: StaticString) {
        name.withUTF8Buffer { utf8 in
            utf8.withMemoryRebound(to: CChar.self) { _ = lua_pushlstring(L, $0.baseAddress, $0.count) }
        }
        lua_rotate(L, -2, 1)
        lua_rawset(L, -3)
    }

    /// Pushes `values` and returns them as the results.
    public func returning(_ values: LuaValue...) -> LuaReturn {
        for value in values { state.push(value) }
        return .values(values.count)
    }

    /// Suspends the running coroutine and hands `command` to the host, which gets it from
    /// ``LuaCoroutine/resume(_:)`` as ``LuaCoroutine/Outcome/suspended(_:)``. What the host
    /// resumes with becomes this call's results. Where Lua cannot suspend (a `table.sort`
    /// comparator, a metamethod, the main chunk), the script gets an error naming this function.
    public func suspend(with command: Any) -> LuaReturn {
        state.pendingCommand = command
        return .suspend
    }
}
