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
            _ =
                buffer.baseAddress.map { base in
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
        // Each level takes a table and a key/value pair: make room, whatever the depth. Values
        // are at most LuaValue.maximumDepth deep where they come from Lua or JSON text, so the
        // Swift recursion stays shallow.
        guard lua_checkstack(L, 3) != 0 else {
            lua_pushnil(L)  // a million slots used: nothing a bounded value reaches
            return
        }
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
    /// metatables), within ``LuaValue/maximumDepth`` levels and a size the state's memory budget
    /// allows (see ``LuaCopy``); a table that appears in several places is copied once.
    /// - Throws: ``LuaError`` when a table contains itself, is nested too deeply, or is too large.
    func value(at index: Int32) throws -> LuaValue {
        var copy = LuaCopy(budget: limits.memory ?? LuaValue.unlimitedCopyBytes)
        return try copy.value(in: self, at: lua_absindex(L, index), depth: 0)
    }

    /// The string at `index`, which must be a string (numbers are not converted here).
    func string(at index: Int32) -> LuaString {
        var length = 0
        guard let p = lua_tolstring(L, index, &length) else { return LuaString(bytes: []) }
        return LuaString(bytes: Array(UnsafeRawBufferPointer(start: p, count: length)))
    }

    /// Copies the `count` values on top of the stack and pops them.
    func popValues(_ count: Int32) throws -> [LuaValue] {
        defer { ilsa_pop(L, count) }
        var copy = LuaCopy(budget: limits.memory ?? LuaValue.unlimitedCopyBytes)
        let base = lua_gettop(L) - count
        return try (0..<count).map { try copy.value(in: self, at: base + 1 + $0, depth: 0) }
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
        case (ILSA_INTERRUPT_CANCEL, _), (ILSA_INTERRUPT_LINE, _): kind = .cancelled
        case (_, LUA_ERRSYNTAX): kind = .syntax
        case (_, LUA_ERRMEM): kind = .memory
        case (_, LUA_ERRRUN) where message == "not enough memory": kind = .memory  // what a host call allocated
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
