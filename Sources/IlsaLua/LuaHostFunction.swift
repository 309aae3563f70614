internal import CLua
internal import CLuaShims
internal import Glibc

/// What a Swift function registered in Lua gives back: a number of results it pushed, or a
/// suspension of the running coroutine.
public struct LuaReturn: Sendable, Equatable {
    @usableFromInline let code: Int32

    @inlinable init(code: Int32) { self.code = code }

    /// No results.
    @inlinable public static var nothing: LuaReturn { LuaReturn(code: 0) }
    /// `count` results, pushed with ``LuaCall/push(_:)-(LuaValue)``.
    @inlinable public static func values(_ count: Int) -> LuaReturn { LuaReturn(code: Int32(count)) }
    /// Suspends the running coroutine; made by ``LuaCall/suspend(with:)``.
    static let suspend = LuaReturn(code: ILSA_RET_SUSPEND)
}

/// The body of a Swift function callable from Lua.
public typealias LuaFunctionBody = (inout LuaCall) throws -> LuaReturn

/// A Swift function registered in a state: the object the trampoline's upvalue points to.
final class LuaHostFunction {
    let name: String
    /// The name as C text, for the trampoline's messages; lives as long as the function.
    let cName: UnsafeMutablePointer<CChar>
    let isMethod: Bool
    let body: LuaFunctionBody
    // The state owns its functions (hostFunctions), so it outlives every call of one.
    unowned(unsafe) let state: LuaState

    init(name: String, isMethod: Bool, state: LuaState, body: @escaping LuaFunctionBody) {
        self.name = name
        self.cName = strdup(name)
        self.isMethod = isMethod
        self.state = state
        self.body = body
    }

    deinit { free(cName) }

    /// Runs the body. A thrown error becomes an error value on the stack and the error code, so
    /// the C trampoline raises it after this frame has returned.
    @inline(__always)
    func invoke(_ L: OpaquePointer) -> Int32 {
        let caller = state.L
        if caller != L { state.L = L }
        defer { if caller != L { state.L = caller } }
        var call = LuaCall(L: L, function: self)
        do {
            return try body(&call).code
        } catch {
            pushError(error, L: L)
            return ILSA_RET_ERROR
        }
    }

    private func pushError(_ error: any Error, L: OpaquePointer) {
        switch error {
        case let error as LuaArgumentError:
            luaL_where(L, 1)
            state.push(error.message(function: name, isMethod: isMethod))
            lua_concat(L, 2)
        case let error as LuaError:
            state.push(error.message)  // already says where
        case let error as LuaRaisedValue:
            state.push(error.value)
        default:
            luaL_where(L, 1)
            state.push(String(describing: error))
            lua_concat(L, 2)
        }
    }

    /// Connects the C trampoline to Swift, once per process.
    static let installCallbacks: Void = ilsa_set_callbacks(dispatch, release)
}

private let dispatch: ilsa_dispatch_fn = { L, function in
    Unmanaged<LuaHostFunction>.fromOpaque(function!)._withUnsafeGuaranteedRef { $0.invoke(L!) }
}

private let release: ilsa_release_fn = { object in
    Unmanaged<AnyObject>.fromOpaque(object!).release()
}

/// A misused argument: becomes `bad argument #2 to 'ilsa.task' (string expected, got nil)`.
public struct LuaArgumentError: Error, Sendable {
    /// The argument's position, from 1.
    public var position: Int
    /// What was wrong, in Lua's words (`string expected, got nil`).
    public var problem: String

    public init(position: Int, problem: String) {
        self.position = position
        self.problem = problem
    }

    /// Lua's `luaL_argerror` wording; for a method, `self` is not counted.
    func message(function: String, isMethod: Bool) -> String {
        guard isMethod else { return "bad argument #\(position) to '\(function)' (\(problem))" }
        if position == 1 { return "calling '\(function)' on bad self (\(problem))" }
        return "bad argument #\(position - 1) to '\(function)' (\(problem))"
    }
}

/// Raises any Lua value as the error, as `error(value, 0)` does (no position added).
///
/// Unchecked: it only carries a value from a host function to its trampoline, on the state's
/// own thread.
public struct LuaRaisedValue: Error, @unchecked Sendable {
    public var value: LuaValue
    public init(_ value: LuaValue) { self.value = value }
}

extension LuaState {
    /// Registers a Swift function as a global, or as a field of a global table when `name` is
    /// dotted (`"ilsa.sleep"` creates the table `ilsa` if needed).
    ///
    /// ```swift
    /// lua.register("greet") { call in
    ///     let name = try call.string(1)
    ///     return call.returning(.string(LuaString("안녕, \(name)")))
    /// }
    /// ```
    public func register(_ name: String, _ body: @escaping LuaFunctionBody) {
        register(name, pushing: { pushFunction(named: name, body) })
    }

    /// Registers the prompt driver's protected call at a dotted global name: `call(f, ...)` is
    /// `pcall`, except that a line stopped by ``LuaInterrupter/stopLine()`` or by the time
    /// limit returns `false, message, reason, tick` (`"interrupted"` or `"time limit exceeded"`,
    /// and where it stopped) and the caller runs on, where any other stop ends the chunk. A stop
    /// lands on a tick (every thousand instructions of the line), so ``stopLine(atTick:)`` stops
    /// a rerun of the same line at the same instruction. Give it to the prompt's driver alone: a
    /// script that had it could outlive its time limit.
    public func registerLineCall(_ name: String) {
        register(name, pushing: { ilsa_push_line_pcall(L) })
    }

    /// Stops the line under way at `tick`, where a stop landed when it ran before. Call from a
    /// host function the line calls.
    public func stopLine(atTick tick: Int) { ilsa_stop_line_at(L, lua_Integer(tick)) }

    private func register(_ name: String, pushing pushValue: () -> Void) {
        let parts = name.split(separator: ".").map(String.init)
        ilsa_pushglobaltable(L)
        for part in parts.dropLast() {
            push(part)
            if lua_rawget(L, -2) != LUA_TTABLE {
                ilsa_pop(L, 1)
                lua_createtable(L, 0, 4)
                push(part)
                lua_pushvalue(L, -2)
                lua_rawset(L, -4)
            }
            lua_rotate(L, -2, -1)
            ilsa_pop(L, 1)
        }
        push(parts.last ?? name)
        pushValue()
        lua_rawset(L, -3)
        ilsa_pop(L, 1)
    }

    /// Makes a Swift function a Lua value, without naming it in the globals.
    public func function(named name: String, _ body: @escaping LuaFunctionBody) -> LuaValue {
        pushFunction(named: name, body)
        defer { ilsa_pop(L, 1) }
        return .function(LuaReference(state: self, index: -1))
    }

    /// Pushes a Swift function. Stack: [-0, +1].
    func pushFunction(named name: String, isMethod: Bool = false, _ body: @escaping LuaFunctionBody) {
        let function = LuaHostFunction(name: name, isMethod: isMethod, state: self, body: body)
        hostFunctions.append(function)
        ilsa_pushhostfunction(L, Unmanaged.passUnretained(function).toOpaque(), function.cName)
    }
}
