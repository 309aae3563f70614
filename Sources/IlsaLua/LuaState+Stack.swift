internal import CLua
internal import CLuaShims

/// Moving values between Swift and the Lua stack. Every function here uses only Lua API calls
/// that cannot raise while the host runs (raw access; allocation failures are deferred).
extension LuaState {
    /// Pushes a value. Stack: [-0, +1].
    func push(_ value: LuaValue) {
        switch value {
        case .nil: lua_pushnil(L)
        case .boolean(let b): lua_pushboolean(L, b ? 1 : 0)
        case .integer(let i): lua_pushinteger(L, i)
        case .number(let d): lua_pushnumber(L, d)
        case .string(let s): push(s)
        case .table(let t): push(t)
        case .function(let r), .userdata(let r), .thread(let r): r.push(into: self)
        }
    }

    func push(_ s: LuaString) {
        s.bytes.withUnsafeBufferPointer { buffer in
            _ = buffer.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { lua_pushlstring(L, $0, buffer.count) }
            } ?? lua_pushlstring(L, "", 0)
        }
    }

    func push(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            utf8.withMemoryRebound(to: CChar.self) { _ = lua_pushlstring(L, $0.baseAddress, $0.count) }
        }
    }

    func push(_ table: LuaTable) {
        lua_createtable(L, Int32(clamping: table.array.count), Int32(clamping: table.fields.count))
        for (i, element) in table.array.enumerated() {
            push(element)
            lua_rawseti(L, -2, lua_Integer(i + 1))
        }
        for (key, element) in table.fields where key != .nil {
            if case .number(let d) = key, d.isNaN { continue }
            push(key)
            push(element)
            lua_rawset(L, -3)
        }
    }

    /// Copies the value at `index` into Swift. Tables are copied deeply (raw, without
    /// metatables).
    /// - Throws: ``LuaError`` when a table contains itself.
    func value(at index: Int32) throws -> LuaValue {
        var visiting: Set<UnsafeRawPointer> = []
        return try value(at: lua_absindex(L, index), visiting: &visiting)
    }

    private func value(at relativeIndex: Int32, visiting: inout Set<UnsafeRawPointer>) throws -> LuaValue {
        let index = lua_absindex(L, relativeIndex)
        switch lua_type(L, index) {
        case LUA_TNIL, LUA_TNONE: return .nil
        case LUA_TBOOLEAN: return .boolean(lua_toboolean(L, index) != 0)
        case LUA_TNUMBER:
            var isInteger: Int32 = 0
            let i = lua_tointegerx(L, index, &isInteger)
            return lua_isinteger(L, index) != 0 && isInteger != 0 ? .integer(i) : .number(lua_tonumberx(L, index, nil))
        case LUA_TSTRING: return .string(string(at: index))
        case LUA_TTABLE: return .table(try table(at: index, visiting: &visiting))
        case LUA_TFUNCTION: return .function(LuaReference(state: self, index: index))
        case LUA_TTHREAD: return .thread(LuaReference(state: self, index: index))
        default: return .userdata(LuaReference(state: self, index: index))
        }
    }

    /// The string at `index`, which must be a string (numbers are not converted here).
    func string(at index: Int32) -> LuaString {
        var length = 0
        guard let p = lua_tolstring(L, index, &length) else { return LuaString(bytes: []) }
        return LuaString(bytes: Array(UnsafeRawBufferPointer(start: p, count: length)))
    }

    private func table(at index: Int32, visiting: inout Set<UnsafeRawPointer>) throws -> LuaTable {
        guard let identity = lua_topointer(L, index) else { return LuaTable() }
        guard visiting.insert(identity).inserted else {
            throw LuaError(kind: .runtime, message: "cannot copy a table that contains itself")
        }
        defer { visiting.remove(identity) }
        var result = LuaTable()
        let length = lua_rawlen(L, index)
        result.array.reserveCapacity(Int(length))
        var n: lua_Integer = 1
        while lua_rawgeti(L, index, n) != LUA_TNIL {
            result.array.append(try value(at: -1, visiting: &visiting))
            ilsa_pop(L, 1)
            n += 1
        }
        ilsa_pop(L, 1)
        lua_pushnil(L)
        while lua_next(L, index) != 0 {
            var isInteger: Int32 = 0
            let k = lua_tointegerx(L, -2, &isInteger)
            let inArray = lua_isinteger(L, -2) != 0 && isInteger != 0 && k >= 1 && k < n
            if !inArray {
                let key = try value(at: -2, visiting: &visiting)
                result.fields[key] = try value(at: -1, visiting: &visiting)
            }
            ilsa_pop(L, 1)
        }
        return result
    }

    /// Copies the `count` values on top of the stack and pops them.
    func popValues(_ count: Int32) throws -> [LuaValue] {
        defer { ilsa_pop(L, count) }
        return try (0..<count).map { try value(at: -count + $0) }
    }

    /// Turns a failed status into a ``LuaError`` and pops the error value. An interrupt reason
    /// (from ``enter(_:)``) decides the kind when the chunk was stopped.
    func popError(status: Int32, interrupt: Int32 = ILSA_INTERRUPT_NONE) -> LuaError {
        let text: String
        if lua_type(L, -1) == LUA_TSTRING {
            text = string(at: -1).text
        } else {
            text = "(error object is a \(String(cString: ilsa_typename_at(L, -1))) value)"
        }
        ilsa_pop(L, 1)
        var message = text
        var traceback: String?
        if let range = text.range(of: "\nstack traceback:") {
            message = String(text[..<range.lowerBound])
            traceback = String(text[text.index(after: range.lowerBound)...])
        }
        let kind: LuaError.Kind
        switch (interrupt, status) {
        case (ILSA_INTERRUPT_TIMEOUT, _): kind = .timeout
        case (ILSA_INTERRUPT_CANCEL, _): kind = .cancelled
        case (_, LUA_ERRSYNTAX): kind = .syntax
        case (_, LUA_ERRMEM): kind = .memory
        case (_, LUA_ERRERR): kind = .errorHandler
        default: kind = .runtime
        }
        if kind == .memory, let limit = limits.memory {
            message += " (memory limit \(limit) bytes)"
        }
        if kind == .timeout, let time = limits.time {
            message += " (\(time.formatted))"
        }
        let incomplete = kind == .syntax && message.hasSuffix("<eof>")
        return LuaError(kind: kind, message: message, traceback: traceback, isIncompleteInput: incomplete)
    }
}

extension Duration {
    /// `2s`, `0.5s`: how limits are shown in messages.
    var formatted: String {
        let seconds = Double(components.seconds) + Double(components.attoseconds) / 1e18
        return seconds == seconds.rounded() ? "\(Int(seconds))s" : "\(seconds)s"
    }

    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
