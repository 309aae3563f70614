import Foundation
import NIOConcurrencyHelpers
import NIOCore
import PostgresNIO

/// Listens for the store's change notices (`LISTEN`) on a connection of its own, on a thread
/// of its own, and counts those other processes sent. When the connection is lost it
/// reconnects, with growing pauses, and counts one more: a notice sent meanwhile was missed,
/// so whoever watches the count reads the store again.
final class PostgresChangeListener: Sendable {
    private let state = NIOLockedValueBox(State())

    private struct State {
        var count = 0
        var stopped = false
        var connection: PostgresConnection?
    }

    init(connections: PostgresConnections, channel: String, ignoring instance: String) {
        let thread = Thread { [state] in
            Self.listen(connections: connections, channel: channel, ignoring: instance, state: state)
        }
        thread.name = "ilsa.store.listen"
        thread.start()
    }

    /// The notices heard from other processes, and reconnections.
    var count: Int { state.withLockedValue { $0.count } }

    /// Stops listening and closes the connection.
    func stop() {
        let connection = state.withLockedValue { state in
            state.stopped = true
            return state.connection
        }
        connection?.closeSoon()
    }

    private static func listen(
        connections: PostgresConnections, channel: String, ignoring instance: String, state: NIOLockedValueBox<State>
    ) {
        var failures = 0
        while !state.withLockedValue({ $0.stopped }) {
            do {
                let connection = try connections.dedicatedConnection()
                connection.addListener(channel: channel) { _, notice in
                    guard notice.payload != instance else { return }
                    state.withLockedValue { $0.count += 1 }
                }
                let quoted = "\"" + channel.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                _ = try connection.query(PostgresQuery(unsafeSQL: "LISTEN \(quoted)"), logger: connections.logger).wait()
                let stopped = state.withLockedValue { state in
                    state.connection = connection
                    if failures > 0 { state.count += 1 }
                    return state.stopped
                }
                failures = 0
                if stopped { connection.closeSoon() }
                // Until the connection is lost (or closed by stop()). A silent link is found by
                // a ping every 10 s, which closes the connection when it takes longer than 5.
                let closed = DispatchSemaphore(value: 0)
                connection.closeFuture.whenComplete { _ in closed.signal() }
                let session = Session(connection: connection, timeout: 5, logger: connections.logger)
                while closed.wait(timeout: .now() + 10) == .timedOut {
                    if (try? session.execute("SELECT 1")) == nil { connection.closeSoon() }
                }
                state.withLockedValue { $0.connection = nil }
                failures = 1
            } catch {
                failures += 1
                Thread.sleep(forTimeInterval: min(0.1 * pow(2, Double(min(failures, 6))), 5))
            }
        }
    }
}
