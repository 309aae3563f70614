internal import CLua
internal import CLuaShims

/// A Lua function, userdata or coroutine kept alive from Swift (a registry reference).
///
/// The reference is released when the last Swift copy goes away. It stays valid while its state
/// is open; after ``LuaState/close()`` it pushes `nil`.
public final class LuaReference: Hashable {
    private weak var state: LuaState?
    private let ref: Int32
    /// The object's identity in Lua (`lua_topointer`), so two references to one function are equal.
    private let identity: UnsafeRawPointer?

    /// References the value at `index`. Stack: [-0, +0].
    init(state: LuaState, index: Int32) {
        self.state = state
        identity = lua_topointer(state.L, index)
        lua_pushvalue(state.L, index)
        ref = luaL_ref(state.L, ilsa_registryindex())
    }

    deinit {
        if let state, !state.isClosed {
            luaL_unref(state.L, ilsa_registryindex(), ref)
        }
    }

    /// Pushes the referenced value, or nil when its state is gone. Stack: [-0, +1].
    func push(into state: LuaState) {
        guard self.state === state else {
            lua_pushnil(state.L)
            return
        }
        lua_rawgeti(state.L, ilsa_registryindex(), lua_Integer(ref))
    }

    public static func == (a: LuaReference, b: LuaReference) -> Bool {
        a === b || (a.identity != nil && a.identity == b.identity && a.state === b.state)
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(identity) }
}
