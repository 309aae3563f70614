internal import CLua
internal import CLuaShims

/// How a Swift class appears in Lua: a userdata with a type name, methods and `tostring`.
///
/// The userdata holds a strong reference that `__gc` (or `__close`, for `local x <close>`)
/// releases. Its metatable is protected: `getmetatable(x)` gives `false`.
///
/// ```swift
/// var type = LuaObjectType<Task>(name: "ilsa.Task")
/// type.method("wait") { task, call in call.suspend(with: WaitFor.task(task.id)) }
/// type.describe = { "task \($0.id)" }
/// lua.register(type)
/// lua.push(task) // in a host function: call.push(call.state.value(for: task))
/// ```
public struct LuaObjectType<Object: AnyObject> {
    /// The `__name` of the userdata, used in `tostring` and type errors.
    public var name: String
    /// Methods called as `object:method(...)`; argument 1 is the object.
    public var methods: [String: (Object, inout LuaCall) throws -> LuaReturn] = [:]
    /// What `tostring(object)` shows; the default is `name: address`. It is also the object's
    /// name in the replayable profile's fixed key order (see ``LuaProfile/replayable``), so it
    /// should tell objects apart by what they are (`task R.17`), not by where they are.
    public var describe: ((Object) -> String)?

    public init(name: String) { self.name = name }

    /// Adds a method.
    public mutating func method(_ name: String, _ body: @escaping (Object, inout LuaCall) throws -> LuaReturn) {
        methods[name] = body
    }
}

extension LuaState {
    /// Makes a Swift class usable as userdata in this state. Registering the same class again
    /// replaces its methods for objects pushed from then on.
    public func register<Object: AnyObject>(_ type: LuaObjectType<Object>) {
        lua_createtable(L, 0, 6)  // [mt]
        setField("__name", .string(LuaString(type.name)))
        push("__metatable")
        lua_pushboolean(L, 0)
        lua_rawset(L, -3)
        for metamethod in ["__gc", "__close"] {
            push(metamethod)
            lua_pushcclosure(L, ilsa_object_release, 0)
            lua_rawset(L, -3)
        }
        push("__index")
        lua_createtable(L, 0, Int32(type.methods.count))  // [mt, "__index", methods]
        for (name, body) in type.methods {
            push(name)
            pushFunction(named: name, isMethod: true) { call in
                let object = try call.object(1, as: Object.self, typeName: type.name)
                return try body(object, &call)
            }
            lua_rawset(L, -3)
        }
        lua_rawset(L, -3)
        let typeName = type.name
        let describe = type.describe
        push("__tostring")
        pushFunction(named: "tostring") { call in
            let object = try call.object(1, as: Object.self, typeName: typeName)
            let text = describe?(object) ?? "\(typeName): \(ObjectIdentifier(object).debugDescription)"
            return call.returning(.string(LuaString(text)))
        }
        lua_rawset(L, -3)
        objectMetatables[ObjectIdentifier(Object.self)] = luaL_ref(L, ilsa_registryindex())
        objectNames[ObjectIdentifier(Object.self)] = describe.map { describe in { describe($0 as! Object) } }
    }

    /// The Lua value for a Swift object of a registered type: a userdata that keeps it alive.
    /// The same object gives the same userdata while Lua holds it, so `a == b` and table keys
    /// work in scripts.
    public func value<Object: AnyObject>(for object: Object) -> LuaValue {
        pushObject(object)
        defer { ilsa_pop(L, 1) }
        return .userdata(LuaReference(state: self, index: -1))
    }

    /// Pushes the userdata for `object`, reusing the one Lua already holds. Stack: [-0, +1].
    func pushObject<Object: AnyObject>(_ object: Object) {
        guard let metatable = objectMetatables[ObjectIdentifier(Object.self)] else {
            preconditionFailure("\(Object.self) is not registered with LuaState.register(_:)")
        }
        let key = Unmanaged.passUnretained(object as AnyObject).toOpaque()
        pushObjectCache()  // [cache]
        lua_pushlightuserdata(L, key)
        if lua_rawget(L, -2) == LUA_TUSERDATA {  // [cache, userdata]
            lua_rotate(L, -2, -1)
            ilsa_pop(L, 1)
            return
        }
        ilsa_pop(L, 1)
        lua_rawgeti(L, ilsa_registryindex(), lua_Integer(metatable))  // [cache, mt]
        ilsa_pushobject(L, Unmanaged.passRetained(object as AnyObject).toOpaque(), -1)  // [cache, mt, ud]
        if let name = objectNames[ObjectIdentifier(Object.self)] ?? nil {
            push(name(object))
            lua_setiuservalue(L, -2, 1)  // the name it sorts by as a key
        }
        lua_rotate(L, -2, -1)
        ilsa_pop(L, 1)  // [cache, ud]
        lua_pushlightuserdata(L, key)
        lua_pushvalue(L, -2)
        lua_rawset(L, -4)  // cache[key] = ud
        lua_rotate(L, -2, -1)
        ilsa_pop(L, 1)  // [ud]
    }

    /// Pushes the weak-valued table from object addresses to their userdata, making it once.
    private func pushObjectCache() {
        if let objectCache {
            lua_rawgeti(L, ilsa_registryindex(), lua_Integer(objectCache))
            return
        }
        lua_createtable(L, 0, 0)
        lua_createtable(L, 0, 1)
        setField("__mode", "v")
        lua_setmetatable(L, -2)
        lua_pushvalue(L, -1)
        objectCache = luaL_ref(L, ilsa_registryindex())
    }

    /// Sets `t[name] = value` on the table on top of the stack (raw).
    func setField(_ name: String, _ value: LuaValue) {
        push(name)
        push(value)
        lua_rawset(L, -3)
    }
}

extension LuaState {
    /// The Swift object a userdata value holds, when it is a live object of `type`.
    public func object<Object: AnyObject>(_ value: LuaValue, as type: Object.Type) -> Object? {
        guard case .userdata = value else { return nil }
        push(value)
        defer { ilsa_pop(L, 1) }
        if case .live(let object) = objectSlot(at: -1, as: type) { return object }
        return nil
    }

    /// What the value at `index` is for objects of `type`.
    enum ObjectSlot<Object> {
        case live(Object)
        /// A userdata of that type whose object `__gc` or `__close` released.
        case released
        case otherType
    }

    func objectSlot<Object: AnyObject>(at index: Int32, as type: Object.Type) -> ObjectSlot<Object> {
        guard let metatable = objectMetatables[ObjectIdentifier(Object.self)], lua_getmetatable(L, index) != 0 else {
            return .otherType
        }
        lua_rawgeti(L, ilsa_registryindex(), lua_Integer(metatable))
        let matches = lua_rawequal(L, -1, -2) != 0
        ilsa_pop(L, 2)
        guard matches else { return .otherType }
        guard let pointer = ilsa_toobject(L, index) else { return .released }
        return .live(Unmanaged<AnyObject>.fromOpaque(pointer).takeUnretainedValue() as! Object)
    }
}

extension LuaCall {
    /// Pushes the userdata for a Swift object of a registered type as a result.
    public func push<Object: AnyObject>(object: Object) { state.pushObject(object) }

    /// The Swift object in the userdata at `position`.
    /// - Throws: ``LuaArgumentError`` when it is not an object of that type, or was released.
    public func object<Object: AnyObject>(_ position: Int, as type: Object.Type, typeName: String? = nil) throws -> Object {
        let expected = typeName ?? String(describing: Object.self)
        switch state.objectSlot(at: Int32(position), as: type) {
        case .live(let object): return object
        case .released: throw LuaArgumentError(position: position, problem: "\(expected) was released")
        case .otherType: throw typeError(position, expected: expected)
        }
    }
}
