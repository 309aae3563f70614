public import Foundation
public import IlsaEngine
public import IlsaStore
import Dispatch

/// The one engine of a server process, on a thread of its own.
///
/// `Engine` is not thread-safe and its calls block (Lua runs, the store commits), so every call
/// is made on one serial queue: the API's actions, the scheduler's steps and the signal polls,
/// in the order they arrive. Reads of the store's lists go to a concurrent queue instead (SQLite
/// reads in WAL mode do not wait for the writer). Neither blocks the server's event loops or
/// Swift's cooperative threads. Every change the engine returns is published to ``changes``.
public final class EngineService: @unchecked Sendable {
    /// The store, for reads and accounts; writes go through the engine.
    public let store: any RunStore & AccountStore
    public let roster: Roster
    public let city: CityTime
    public let changes = ChangeHub()
    /// Only touched on `queue`.
    private let engine: Engine
    private let queue = DispatchQueue(label: "ilsa.engine", qos: .userInitiated)
    private let readers = DispatchQueue(label: "ilsa.reads", qos: .userInitiated, attributes: .concurrent)

    public init(engine: Engine, store: any RunStore & AccountStore, roster: Roster) {
        self.engine = engine
        self.store = store
        self.roster = roster
        city = CityTime(roster: roster)
    }

    /// Runs an action on the engine and publishes what it changed.
    public func act(_ body: @escaping @Sendable (Engine) throws -> RunChange) async throws -> RunChange {
        let change = try await onEngine(body)
        changes.publish(change)
        return change
    }

    /// Runs something on the engine's queue (the scheduler's step, a check before an action).
    public func onEngine<T: Sendable>(_ body: @escaping @Sendable (Engine) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body(self.engine) }) }
        }
    }

    /// Reads the store off the event loops.
    public func read<T: Sendable>(_ body: @escaping @Sendable (any RunStore & AccountStore) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            readers.async { [store] in continuation.resume(with: Result { try body(store) }) }
        }
    }

    /// The engine's clock's time.
    public var now: Date { engine.clock.now }
}
