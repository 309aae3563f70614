/// Which libraries a ``LuaState`` opens.
public enum LuaProfile: String, Sendable, CaseIterable {
    /// For untrusted code: base, table, string, math, utf8 and coroutine, with text-only
    /// `load`, no `dofile`/`loadfile`/`string.dump`, `collectgarbage("count")` only, no `__gc`
    /// from scripts, a protected string metatable, and bounded `string.rep`, pattern and table
    /// functions; a coroutine the host drives cannot be resumed or closed by the script. No
    /// `io`, `os`, `debug` or `package`.
    case sandbox
    /// The sandbox, for code that is replayed (playbook runs): whatever the script computes is a
    /// function of what it was given, never of the state it runs in. `pairs` and `next` visit
    /// keys in an order fixed by the keys themselves (numbers, then strings by their bytes, then
    /// booleans, then host objects by name; a table keyed by tables or functions cannot be
    /// iterated), `tostring` and `string.format("%s")` name tables and functions by the order
    /// the script first showed them instead of by address, and `string.format("%p")`,
    /// `math.random` and `collectgarbage` raise.
    case replayable
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
