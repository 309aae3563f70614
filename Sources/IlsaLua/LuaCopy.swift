internal import CLua
internal import CLuaShims

extension LuaValue {
    /// How deeply tables may nest in a value that crosses between Lua and the host: a table
    /// copied out of Lua, and JSON text the engine reads (signal payloads, feeds, stored
    /// histories). Playbook data nests three or four levels (a task's checklist in its spec, a
    /// roster's units in a district); 64 leaves room for any real document and keeps every
    /// recursive walk of a value (copying, encoding, comparing) a few kilobytes of stack.
    public static let maximumDepth = 64

    /// The size a value copied out of a state without a memory limit may have, in the bytes
    /// ``LuaCopy`` counts.
    static let unlimitedCopyBytes = 256 << 20
}

/// One copy of Lua values into Swift, bounded so that no script can make the host do more
/// work or hold more memory than the script's own state could.
///
/// - Depth: a table nested deeper than ``LuaValue/maximumDepth`` is refused, and each level
///   makes room on the Lua stack first (a table 45 deep once overflowed it into the heap).
/// - Sharing: a table that appears in several places is copied once and shared (Swift values
///   are copy-on-write), but it counts toward the size each time it appears, because whatever
///   walks the value later (JSON, a history, a hash) walks every appearance: 30 tables that
///   each hold the next one twice are 2^30 places.
/// - Size: every place counts 16 bytes plus its string's bytes, and a table 32 more; the total
///   may not pass the state's memory budget (256 MiB without one). So a copy costs at most what
///   the script's own state may hold.
/// - Cycles: a table that contains itself is refused.
struct LuaCopy {
    private let budget: Int
    private var spent = 0
    /// Tables copied so far, by identity, with the size each one counts for.
    private var copied: [UnsafeRawPointer: (table: LuaTable, size: Int)] = [:]
    /// Tables being copied now: the path from the root.
    private var visiting: Set<UnsafeRawPointer> = []

    init(budget: Int) { self.budget = budget }

    mutating func value(in state: LuaState, at index: Int32, depth: Int) throws -> LuaValue {
        let L = state.L
        switch lua_type(L, index) {
        case LUA_TNIL, LUA_TNONE:
            try spend(16)
            return .nil
        case LUA_TBOOLEAN:
            try spend(16)
            return .boolean(lua_toboolean(L, index) != 0)
        case LUA_TNUMBER:
            try spend(16)
            var isInteger: Int32 = 0
            let i = lua_tointegerx(L, index, &isInteger)
            return lua_isinteger(L, index) != 0 && isInteger != 0 ? .integer(i) : .number(lua_tonumberx(L, index, nil))
        case LUA_TSTRING:
            var length = 0
            _ = lua_tolstring(L, index, &length)
            try spend(16 + length)
            return .string(state.string(at: index))
        case LUA_TTABLE:
            return .table(try table(in: state, at: index, depth: depth))
        case LUA_TFUNCTION:
            try spend(16)
            return .function(LuaReference(state: state, index: index))
        case LUA_TTHREAD:
            try spend(16)
            return .thread(LuaReference(state: state, index: index))
        default:
            try spend(16)
            return .userdata(LuaReference(state: state, index: index))
        }
    }

    private mutating func table(in state: LuaState, at index: Int32, depth: Int) throws -> LuaTable {
        let L = state.L
        guard let identity = lua_topointer(L, index) else { return LuaTable() }
        if let (table, size) = copied[identity] {
            try spend(size)
            return table
        }
        guard visiting.insert(identity).inserted else {
            throw LuaError(kind: .runtime, message: "cannot copy a table that contains itself")
        }
        defer { visiting.remove(identity) }
        guard depth < LuaValue.maximumDepth else {
            throw LuaError(kind: .runtime, message: "cannot copy a table nested more than \(LuaValue.maximumDepth) levels deep")
        }
        guard lua_checkstack(L, 3) != 0 else {
            throw LuaError(kind: .runtime, message: "cannot copy the table: the Lua stack is full")
        }
        let before = spent
        try spend(32)
        var result = LuaTable()
        let length = lua_rawlen(L, index)
        result.array.reserveCapacity(Int(min(length, 1 << 16)))
        var n: lua_Integer = 1
        while lua_rawgeti(L, index, n) != LUA_TNIL {
            result.array.append(try value(in: state, at: lua_gettop(L), depth: depth + 1))
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
                let top = lua_gettop(L)
                let key = try value(in: state, at: top - 1, depth: depth + 1)
                result.fields[key] = try value(in: state, at: top, depth: depth + 1)
            }
            ilsa_pop(L, 1)
        }
        copied[identity] = (result, spent - before)
        return result
    }

    private mutating func spend(_ bytes: Int) throws {
        spent += bytes
        guard spent <= budget else {
            throw LuaError(
                kind: .memory,
                message: "cannot copy a value that large out of Lua (more than \(budget >> 20) MiB, counting a table "
                    + "once for every place it appears)")
        }
    }
}
