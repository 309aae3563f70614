internal import CLua
internal import CLuaShims

/// One Lua 5.4 state: its globals, its libraries, its limits.
///
/// A state is not thread-safe: own it from one isolation domain (an actor, a thread). Another
/// thread may stop it through ``interrupter``.
///
/// ```swift
/// let lua = try LuaState(profile: .sandbox, limits: .init(memory: 8 << 20, time: .seconds(1)))
/// let results = try lua.run("return 1 + 1", chunkName: "=example")   // [.integer(2)]
/// ```
public final class LuaState {
    /// The profile the state was opened with.
    public let profile: LuaProfile
    /// Limits for each entry from the host.
    public var limits: LuaLimits {
        didSet { ilsa_set_memory_limit(L, Self.memoryBudget(limits.memory)) }
    }

    /// The thread the stack helpers work on: the main thread, or the coroutine whose host
    /// function is running (a host function must read and push on its caller's stack).
    var L: OpaquePointer
    /// The main thread, which owns the state.
    let mainThread: OpaquePointer
    let host: OpaquePointer
    /// Swift functions registered in this state; they live as long as it does.
    var hostFunctions: [LuaHostFunction] = []
    /// Metatables of the Swift object types pushed as userdata, by type.
    var objectMetatables: [ObjectIdentifier: Int32] = [:]
    /// The names of objects of each registered type (their `describe`), by type.
    var objectNames: [ObjectIdentifier: ((AnyObject) -> String)?] = [:]
    /// Registry reference of the weak table that maps Swift objects to their userdata.
    var objectCache: Int32?
    /// The command of the host function that suspended last, until the host takes it.
    @exclusivity(unchecked) var pendingCommand: Any?
    private(set) var isClosed = false
    /// Whether an entry from the host is under way (nested entries share its time limit).
    @exclusivity(unchecked) var isRunning = false

    /// Opens a state.
    /// - Throws: ``LuaError`` when the libraries cannot be opened within the memory limit.
    public init(profile: LuaProfile = .sandbox, limits: LuaLimits = .none) throws {
        LuaHostFunction.installCallbacks
        guard let L = ilsa_newstate(Self.memoryBudget(limits.memory)) else {
            throw LuaError(kind: .memory, message: "not enough memory to create a Lua state")
        }
        self.L = L
        self.mainThread = L
        self.host = ilsa_gethost(L)
        self.profile = profile
        self.limits = limits
        var status = profile == .full ? ilsa_cpcall(L, ilsa_open_full, nil) : ilsa_cpcall(L, ilsa_open_sandbox, nil)
        if status == LUA_OK, profile == .replayable { status = ilsa_cpcall(L, ilsa_open_replayable, nil) }
        if status != LUA_OK {
            let error = popError(status: status)
            close()
            throw error
        }
    }

    deinit { close() }

    /// Closes the state, running pending `__close` and `__gc` handlers. Idempotent.
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        ilsa_close(mainThread)
        hostFunctions.removeAll()
    }

    /// Runs a full garbage collection, releasing Swift objects no script holds any more.
    public func collectGarbage() { ilsa_gc_collect(mainThread) }

    /// Bytes the state holds now.
    public var memoryInUse: Int { ilsa_memory_used(L) }
    /// The most bytes the state has held.
    public var peakMemory: Int { ilsa_memory_peak(L) }

    /// The raw `lua_State *`, for benchmarks and tests that compare against plain C. Using it
    /// breaks every guarantee this type gives.
    @_spi(Unsafe) public var unsafeLuaState: OpaquePointer { L }

    /// The Lua library's release, `"Lua 5.4.4"`.
    public static var luaRelease: String { String(cString: ilsa_lua_release()) }

    /// A handle another thread can use to stop whatever this state runs.
    public var interrupter: LuaInterrupter { LuaInterrupter(host: host) }

    private static func memoryBudget(_ limit: Int?) -> Int {
        guard let limit else { return 0 }
        return max(limit, 1)
    }
}

@available(*, unavailable)
extension LuaState: Sendable {}

/// Stops a running ``LuaState`` from any thread: the chunk ends with a ``LuaError`` of kind
/// ``LuaError/Kind/cancelled``. An interrupt that arrives while nothing runs stops the next entry.
public final class LuaInterrupter: @unchecked Sendable {
    // The host context is reference-counted in C and its interrupt path is thread-safe.
    private let host: OpaquePointer

    init(host: OpaquePointer) {
        self.host = host
        ilsa_host_retain(host)
    }

    deinit { ilsa_host_release(host) }

    /// Asks the running chunk to stop. Nothing Lua does (`pcall`, `__close`) can catch it.
    public func interrupt() { ilsa_interrupt(host, ILSA_INTERRUPT_CANCEL) }

    /// Stops the prompt line (Ctrl-C at `ilsa repl`) at its next tick, the one under way or the
    /// next to begin: the line's call (``LuaState/registerLineCall(_:)``) returns and its caller
    /// runs on. A stop that has not landed when the running chunk returns to the host is
    /// dropped, as by ``forgetLineStop()``.
    public func stopLine() { ilsa_stop_line(host) }

    /// Drops a line stop that has not landed (the prompt stops listening for Ctrl-C).
    public func forgetLineStop() { ilsa_forget_line_stop(host) }
}
