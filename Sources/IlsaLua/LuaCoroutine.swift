internal import CLua
internal import CLuaShims

/// A coroutine the host drives: the shape of a playbook run.
///
/// The host resumes it; it runs until it finishes, fails, or a host function suspends it with a
/// command (``LuaCall/suspend(with:)``). The host then does the work the command asks for, maybe
/// much later, and resumes it with the answer. Coroutines the script creates itself keep working:
/// a suspension inside one passes through to the host and the answer comes back down.
///
/// ```swift
/// let run = try lua.coroutine(try lua.load(source, chunkName: "@heavy_rain.lua"))
/// var outcome = try run.resume()
/// while case .suspended(let command) = outcome {
///     outcome = try run.resume(answer(to: command))
/// }
/// ```
public final class LuaCoroutine {
    /// Where a resume left the coroutine.
    public enum Outcome {
        /// A host function suspended it with this command (see ``LuaCall/suspend(with:)``).
        case suspended(Any)
        /// The script called `coroutine.yield` at its top level with these values.
        case yielded([LuaValue])
        /// The function returned these values; the coroutine is dead.
        case finished([LuaValue])
    }

    public let state: LuaState
    private let reference: LuaReference
    private let thread: OpaquePointer
    /// Whether the function has returned or failed.
    @exclusivity(unchecked) public private(set) var isFinished = false

    init(state: LuaState, function: LuaValue) {
        self.state = state
        let L = state.L
        thread = lua_newthread(L)!
        reference = LuaReference(state: state, index: -1)
        ilsa_pop(L, 1)
        state.push(function)
        lua_xmove(L, thread, 1)
    }

    /// Resumes with `values`: the arguments on the first resume, the answer to the suspending
    /// call afterwards.
    /// - Throws: ``LuaError`` when the function fails (the coroutine is then finished) or the
    ///   coroutine cannot be resumed.
    public func resume(_ values: [LuaValue] = []) throws -> Outcome {
        guard !isFinished else { throw LuaError(kind: .runtime, message: "cannot resume dead coroutine") }
        for value in values { pushOnThread(value) }
        return try resume(count: Int32(values.count))
    }

    /// Resumes and makes the suspended host call raise `error` in the script, where `pcall` can
    /// catch it (a cancelled task, a refused decision).
    public func resume(throwing error: LuaValue) throws -> Outcome {
        guard !isFinished else { throw LuaError(kind: .runtime, message: "cannot resume dead coroutine") }
        lua_pushlightuserdata(state.L, ilsa_raise_marker())
        lua_xmove(state.L, thread, 1)
        pushOnThread(error)
        return try resume(count: 2)
    }

    private func pushOnThread(_ value: LuaValue) {
        state.push(value)
        lua_xmove(state.L, thread, 1)
    }

    private func resume(count: Int32) throws -> Outcome {
        var results: Int32 = 0
        let (status, interrupt) = state.enter { ilsa_resume(thread, state.L, count, &results) }
        switch status {
        case LUA_YIELD:
            if results >= 1, lua_touserdata(thread, -results) == ilsa_suspend_marker() {
                lua_settop(thread, lua_gettop(thread) - results)
                let command = state.pendingCommand
                state.pendingCommand = nil
                return .suspended(command ?? ())
            }
            return .yielded(try popFromThread(results))
        case LUA_OK:
            isFinished = true
            return .finished(try popFromThread(results))
        default:
            isFinished = true
            let message =
                lua_type(thread, -1) == LUA_TSTRING
                ? state.stringOnThread(thread)
                : "(error object is a \(String(cString: ilsa_typename_at(thread, -1))) value)"
            if status == LUA_ERRMEM {
                state.push(message)
            } else {
                ilsa_traceback(state.L, thread, message)
            }
            let error = state.popError(status: status, interrupt: interrupt)
            if interrupt == ILSA_INTERRUPT_NONE {
                // Its pending __close handlers run now, within the limits, as any Lua the
                // script causes (their own errors are dropped: the first error is the run's).
                _ = state.enter { ilsa_closethread(thread) }
            } else {
                // An interrupt stopped it with its hooks off for good: nothing could stop its
                // __close handlers, so they never run, and no script may resume or close it.
                ilsa_mark_stopped(state.L, thread)
            }
            throw error
        }
    }

    private func popFromThread(_ count: Int32) throws -> [LuaValue] {
        lua_xmove(thread, state.L, count)
        return try state.popValues(count)
    }
}

extension LuaState {
    /// Makes a coroutine that runs `function` when first resumed.
    public func coroutine(_ function: LuaValue) -> LuaCoroutine {
        LuaCoroutine(state: self, function: function)
    }

    func stringOnThread(_ thread: OpaquePointer) -> String {
        var length = 0
        guard let p = lua_tolstring(thread, -1, &length) else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: p, count: length), as: UTF8.self)
    }
}
