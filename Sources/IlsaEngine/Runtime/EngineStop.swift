import Foundation
import IlsaLua

/// Stops an engine from another thread (SIGTERM, Ctrl-C) within moments, whatever its runs do:
/// the Lua it runs now (a playbook's step, a plugin's hook) is interrupted, the change in
/// progress is not stored, and ``Engine/work(problem:)`` takes no further run. The run is
/// untouched in the store: the next worker does the step again from where the history ends.
///
/// ```swift
/// let stop = engine.stop
/// signalSource.setEventHandler { stop.request() }   // on another thread
/// ```
public final class EngineStop: @unchecked Sendable {
    // A lock guards both fields; interrupters are thread-safe.
    private let lock = NSLock()
    private var requested = false
    private var running: [ObjectIdentifier: LuaInterrupter] = [:]

    public init() {}

    /// Asks the engine to stop now. Safe from any thread; idempotent.
    public func request() {
        let interrupters = lock.withLock {
            requested = true
            return Array(running.values)
        }
        for interrupter in interrupters { interrupter.interrupt() }
    }

    /// Whether a stop was asked for.
    public var isRequested: Bool { lock.withLock { requested } }

    /// Runs `body`, during which a stop interrupts the Lua `interrupter` belongs to.
    func running<T>(_ interrupter: LuaInterrupter, _ body: () throws -> T) throws -> T {
        let key = ObjectIdentifier(interrupter)
        let stopped = lock.withLock {
            running[key] = interrupter
            return requested
        }
        defer { _ = lock.withLock { running.removeValue(forKey: key) } }
        if stopped { throw Self.stopped }
        return try body()
    }

    /// Throws when a stop was asked for.
    func check() throws {
        if isRequested { throw Self.stopped }
    }

    /// What a stopped change throws: nothing of it was stored.
    static var stopped: RuntimeError {
        RuntimeError(.stopped, "stopped before the step was stored; the run goes on from where its history ends")
    }
}
