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

/// Hands every change to every live stream that is listening. Each listener has its own buffer
/// of up to ``bufferLimit`` notices; one that falls further behind loses the oldest (a board
/// draws its page from the store, so the newest notice is enough). An account may hold at most
/// ``streamsPerAccount`` streams at once.
public final class ChangeHub: Sendable {
    public static let bufferLimit = 256
    public static let streamsPerAccount = 20

    private struct State {
        var version = 0
        var next = 0
        var listeners: [Int: AsyncStream<ChangeNotice>.Continuation] = [:]
        var owners: [Int: String] = [:]
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

    /// A stream of the changes from now on for an account, ending when the hub closes or `end`
    /// is called (its connection closed); nil when the account already holds
    /// ``streamsPerAccount`` streams.
    public func listen(for owner: String) -> (stream: AsyncStream<ChangeNotice>, end: @Sendable () -> Void)? {
        let (stream, continuation) = AsyncStream<ChangeNotice>.makeStream(bufferingPolicy: .bufferingNewest(Self.bufferLimit))
        enum Outcome { case listening(Int), closed, full }
        let outcome: Outcome = state.withLock { state in
            guard !state.closed else { return .closed }
            guard state.owners.values.count(where: { $0 == owner }) < Self.streamsPerAccount else { return .full }
            state.next += 1
            state.listeners[state.next] = continuation
            state.owners[state.next] = owner
            return .listening(state.next)
        }
        switch outcome {
        case .full: return nil
        case .closed: continuation.finish()
        case .listening(let id):
            continuation.onTermination = { [weak self] _ in
                self?.state.withLock { state in
                    state.listeners[id] = nil
                    state.owners[id] = nil
                }
            }
        }
        return (stream, { continuation.finish() })
    }

    /// Ends every stream (the server is stopping) and refuses new ones.
    public func close() {
        let listeners = state.withLock { state in
            state.closed = true
            defer {
                state.listeners = [:]
                state.owners = [:]
            }
            return Array(state.listeners.values)
        }
        for listener in listeners { listener.finish() }
    }
}
