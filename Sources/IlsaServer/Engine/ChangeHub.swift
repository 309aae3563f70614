public import IlsaEngine
public import IlsaStore
public import Foundation
import Synchronization

/// What a change touched, as the live stream sends it: the run, its status, and for each task
/// and escalation its id, state and where it belongs (so each subscriber gets only what its
/// account may see). Changes another process made (the CLI, another server) arrive as
/// `external`, with nothing in them but the fact: the board reloads what it shows.
public struct ChangeNotice: Sendable {
    public var run: RunID?
    public var status: RunStatus?
    public var tasks: [TaskSummary]
    public var escalations: [EscalationSummary]
    /// When the change was published (for the stream's latency figures).
    public var at: Date
    /// Whether another process made it: nothing is known of it but that the store changed.
    public var external = false
    /// Nothing changed: the stream says it is alive, so idle connections stay open and closed
    /// ones are noticed.
    public var keepAlive = false

    public static func external(at date: Date) -> ChangeNotice {
        ChangeNotice(run: nil, status: nil, tasks: [], escalations: [], at: date, external: true)
    }

    public static func keepAlive(at date: Date) -> ChangeNotice {
        ChangeNotice(run: nil, status: nil, tasks: [], escalations: [], at: date, keepAlive: true)
    }
}

/// Hands every change to every live stream that is listening. A slow listener loses nothing
/// it has not read: each has its own buffer of up to ``bufferLimit`` notices, and one that
/// falls further behind is told to reload (its stream ends; the board reconnects).
public final class ChangeHub: Sendable {
    public static let bufferLimit = 256

    private struct State {
        var version = 0
        var next = 0
        var listeners: [Int: AsyncStream<ChangeNotice>.Continuation] = [:]
        var closed = false
    }

    private let state = Mutex(State())

    public init() {}

    /// Publishes what an engine call changed; an empty change is not published.
    public func publish(_ change: RunChange) {
        guard !change.isEmpty else { return }
        publish(ChangeNotice(run: change.run, status: change.status, tasks: change.tasks, escalations: change.escalations, at: Date()))
    }

    public func publish(_ notice: ChangeNotice) {
        let listeners = state.withLock { state in
            if !notice.keepAlive { state.version += 1 }
            return Array(state.listeners.values)
        }
        for listener in listeners { listener.yield(notice) }
    }

    /// How many changes have been published: what the server's answers were made from. An
    /// answer made after reading it shows at least that version of the store.
    public var version: Int { state.withLock { $0.version } }

    /// A stream of the changes from now on; it ends when the hub closes or the listener falls
    /// ``bufferLimit`` notices behind.
    public func listen() -> AsyncStream<ChangeNotice> {
        let (stream, continuation) = AsyncStream<ChangeNotice>.makeStream(bufferingPolicy: .bufferingNewest(Self.bufferLimit))
        let id: Int? = state.withLock { state in
            guard !state.closed else { return nil }
            state.next += 1
            state.listeners[state.next] = continuation
            return state.next
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.listeners.removeValue(forKey: id) }
        }
        return stream
    }

    /// How many streams listen now.
    public var listenerCount: Int { state.withLock { $0.listeners.count } }

    /// Ends every stream (the server is stopping) and refuses new ones.
    public func close() {
        let listeners = state.withLock { state in
            state.closed = true
            defer { state.listeners = [:] }
            return Array(state.listeners.values)
        }
        for listener in listeners { listener.finish() }
    }
}
