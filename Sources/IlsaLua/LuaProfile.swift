/// Which libraries a ``LuaState`` opens.
public enum LuaProfile: String, Sendable, CaseIterable {
    /// For playbooks and other untrusted code: base, table, string, math, utf8 and coroutine,
    /// with text-only `load`, no `dofile`/`loadfile`/`string.dump`, `collectgarbage("count")`
    /// only, no `__gc` from scripts, a protected string metatable, and bounded `string.rep` and
    /// pattern functions. No `io`, `os`, `debug` or `package`.
    case sandbox
    /// Every standard library, with standard Lua 5.4 semantics, for trusted code.
    case full
}

/// Limits on what one chunk may use. A breached limit ends the chunk with a ``LuaError`` of kind
/// ``LuaError/Kind/memory`` or ``LuaError/Kind/timeout``; the state stays usable.
public struct LuaLimits: Sendable, Equatable {
    /// Bytes the whole state may hold, or nil for no limit.
    public var memory: Int?
    /// Wall-clock time one entry from the host (a chunk, a call, a resume) may run, or nil.
    public var time: Duration?

    public init(memory: Int? = nil, time: Duration? = nil) {
        self.memory = memory
        self.time = time
    }

    /// No limits: for trusted code.
    public static let none = LuaLimits()
    /// The playbook default: 64 MiB and 5 seconds for each step between two waits.
    public static let sandboxDefault = LuaLimits(memory: 64 << 20, time: .seconds(5))
}
