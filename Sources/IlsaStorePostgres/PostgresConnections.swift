import Foundation
import IlsaStore
import Logging
import NIOCore
import NIOPosix
import PostgresNIO

/// The store's connections to its database, and how a call outlives losing one.
///
/// The store's protocol is synchronous (decision 0003) and is called from the engine's own
/// thread or the server's read queue, never from an event loop or Swift's cooperative threads,
/// so each query is PostgresNIO's future, waited for. Idle connections are kept for the next
/// call (at most ``capacity`` are open at once).
///
/// A connection that fails (the server restarted, the link went down, a query waited past
/// ``queryTimeout``) is dropped and the whole call is tried again on a new one, with growing
/// pauses, for up to ``patience``; the first failure of an outage is reported through `warn`,
/// and so is the recovery. A transaction is tried again only when it certainly did not commit:
/// when the connection was lost on its `COMMIT`, the server is asked what became of it
/// (`txid_status`) before anything is done twice.
final class PostgresConnections: @unchecked Sendable {
    let location: PostgresLocation
    /// How long a call keeps trying to reach the database before it fails.
    let patience: TimeInterval
    /// How long one query may take before its connection is taken for lost.
    let queryTimeout: TimeInterval
    private let configuration: PostgresConnection.Configuration
    private let warn: @Sendable (String) -> Void
    let logger = Logger(label: "ilsa.store.postgres")
    private let group = MultiThreadedEventLoopGroup.singleton
    private let lock = NSLock()
    private var idle: [PostgresConnection] = []
    private var open = 0
    private var nextID = 0
    private var outageSince: Date?
    private var closed = false
    private let available: DispatchSemaphore

    init(
        location: PostgresLocation, patience: TimeInterval, queryTimeout: TimeInterval = 30, capacity: Int = 8,
        warn: @escaping @Sendable (String) -> Void
    ) throws {
        self.location = location
        self.patience = patience
        self.queryTimeout = queryTimeout
        self.warn = warn
        available = DispatchSemaphore(value: capacity)
        var configuration = try location.configuration()
        // A worker cut off mid-transaction must not hold its rows locked until TCP gives up
        // (hours): the server ends a transaction left idle, and probes a silent client.
        configuration.options.additionalStartupParameters += [
            ("idle_in_transaction_session_timeout", "20000"), ("tcp_keepalives_idle", "10"),
            ("tcp_keepalives_interval", "5"), ("tcp_keepalives_count", "3"),
        ]
        self.configuration = configuration
    }

    /// Closes every idle connection; calls made afterwards fail.
    func close() {
        let connections = lock.withLock {
            closed = true
            defer { idle = [] }
            return idle
        }
        for connection in connections { try? connection.closeSoon().wait() }
    }

    // MARK: Calls

    /// Runs `body` on a connection (statements outside a transaction each commit on their own):
    /// for reads. Tried again on a new connection when the connection is lost.
    func withConnection<T>(_ body: (Session) throws -> T) throws -> T {
        try retrying { session in try body(session) }
    }

    /// Runs `body` in a transaction and commits it, or rolls it back when `body` throws. The
    /// transaction is tried again on a new connection when its connection is lost before it
    /// certainly committed, and after a serialization failure or deadlock.
    func transaction<T>(_ body: (Session) throws -> T) throws -> T {
        try retrying { session in
            try session.execute("BEGIN")
            let result: T
            let transaction: Int64?
            do {
                result = try body(session)
                // Only a transaction that wrote has an id (asking for one with txid_current
                // would make even a read-only transaction sync the log when it commits).
                transaction = try session.one("SELECT txid_current_if_assigned()") { try $0.decode(Int64?.self) }
            } catch {
                if !Self.isLost(error) { try? session.execute("ROLLBACK") }
                throw error
            }
            do {
                try session.execute("COMMIT")
            } catch  where Self.isLost(error) {
                // The COMMIT may or may not have reached the server: ask it. A transaction
                // that wrote nothing has nothing to lose, and is simply tried again.
                if let transaction, try committed(transaction) { return result }
                throw error
            }
            return result
        }
    }

    /// Whether a transaction whose connection was lost on `COMMIT` committed, asked on a new
    /// connection (once the server has noticed the old one is gone, the answer is final).
    private func committed(_ transaction: Int64) throws -> Bool {
        let deadline = Date().addingTimeInterval(patience)
        while true {
            let status: String? = try retrying { session in
                try session.one("SELECT txid_status(\(transaction))") { try $0.decode(String?.self) }
            }
            switch status {
            case "committed": return true
            case "in progress" where Date() < deadline: Thread.sleep(forTimeInterval: 0.2)
            default: return false
            }
        }
    }

    /// `body` on a connection, again on a new one while the connection is lost or the
    /// transaction must be retried, with growing pauses, for up to ``patience``.
    private func retrying<T>(_ body: (Session) throws -> T) throws -> T {
        var attempt = 0
        let started = Date()
        while true {
            attempt += 1
            do {
                let connection = try take()
                do {
                    let result = try body(Session(connection: connection, timeout: queryTimeout, logger: logger))
                    give(connection)
                    recovered()
                    return result
                } catch {
                    if Self.isLost(error) { drop(connection) } else { give(connection) }
                    throw error
                }
            } catch  where Self.isRetryable(error) {
                let waited = Date().timeIntervalSince(started)
                if Self.isLost(error) { lost(error) }
                guard waited < patience else { throw storeError(error, after: waited) }
                let pause = min(0.05 * pow(2, Double(min(attempt, 7))), 5) * Double.random(in: 0.5...1)
                Thread.sleep(forTimeInterval: min(pause, max(0.01, patience - waited)))
            } catch {
                throw storeError(error, after: nil)
            }
        }
    }

    private func take() throws -> PostgresConnection {
        available.wait()
        let reused: PostgresConnection? = lock.withLock {
            if closed { return nil }
            while let connection = idle.popLast() {
                if !connection.isClosed { return connection }
                open -= 1
            }
            open += 1
            nextID += 1
            return nil
        }
        if let reused { return reused }
        if lock.withLock({ closed }) {
            available.signal()
            throw StoreError(.io, "the store was closed", path: location.description)
        }
        do {
            let id = lock.withLock { nextID }
            return try PostgresConnection.connect(on: group.next(), configuration: configuration, id: id, logger: logger)
                .wait()
        } catch {
            lock.withLock { open -= 1 }
            available.signal()
            throw error
        }
    }

    /// A connection of its own, outside the pool, for the change listener.
    func dedicatedConnection() throws -> PostgresConnection {
        let id = lock.withLock {
            nextID += 1
            return nextID
        }
        return try PostgresConnection.connect(on: group.next(), configuration: configuration, id: id, logger: logger).wait()
    }

    private func give(_ connection: PostgresConnection) {
        lock.withLock {
            if connection.isClosed || closed { open -= 1 } else { idle.append(connection) }
        }
        if lock.withLock({ closed }) { connection.closeSoon() }
        available.signal()
    }

    private func drop(_ connection: PostgresConnection) {
        connection.closeSoon()
        lock.withLock { open -= 1 }
        available.signal()
    }

    private func lost(_ error: any Error) {
        let first = lock.withLock {
            defer { outageSince = outageSince ?? Date() }
            return outageSince == nil
        }
        if first { warn("lost the database at \(location) (\(Self.reason(error))); trying again for up to \(Int(patience)) s") }
    }

    private func recovered() {
        guard
            let since =
                (lock.withLock {
                    defer { outageSince = nil }; return outageSince
                })
        else { return }
        let seconds = Date().timeIntervalSince(since).formatted(.number.precision(.fractionLength(1)))
        warn("the database at \(location) is back after \(seconds) s")
    }

    // MARK: Errors

    /// Whether an error means the connection is gone (or never came), so a new one may succeed.
    static func isLost(_ error: any Error) -> Bool {
        if let error = error as? PSQLError {
            switch error.code {
            case .connectionError, .serverClosedConnection, .uncleanShutdown, .clientClosedConnection,
                .messageDecodingFailure, .unexpectedBackendMessage:
                return true
            case .server:
                // 08: connection exception; 57P01-03: the server shutting down or starting up.
                let state = error.serverInfo?[.sqlState] ?? ""
                return state.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(state)
            default:
                return false
            }
        }
        return error is ChannelError || error is IOError
    }

    /// Whether trying again may succeed: a lost connection, a serialization failure, a deadlock.
    static func isRetryable(_ error: any Error) -> Bool {
        if isLost(error) { return true }
        guard let error = error as? PSQLError, error.code == .server else { return false }
        return ["40001", "40P01"].contains(error.serverInfo?[.sqlState] ?? "")
    }

    /// The server's message, else the error's, in one line.
    static func reason(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return message }
            if let underlying = error.underlying { return "\(underlying)" }
            return "\(error.code)"
        }
        return "\(error)"
    }

    /// A ``StoreError`` for what a call failed with.
    func storeError(_ error: any Error, after waited: TimeInterval?) -> StoreError {
        if let error = error as? StoreError { return error }
        let path = location.description
        if Self.isLost(error) {
            let time = waited.map { " (tried for \(Int($0.rounded())) s)" } ?? ""
            return StoreError(.io, "cannot reach the database: \(Self.reason(error))\(time)", path: path)
        }
        guard let error = error as? PSQLError, error.code == .server else { return StoreError(.io, Self.reason(error), path: path) }
        let state = error.serverInfo?[.sqlState] ?? ""
        let message = error.serverInfo?[.message] ?? "\(error.code)"
        switch state {
        case "23505", "23503": return StoreError(.conflict, "a concurrent write got there first (\(message))", path: path)
        case "40001", "40P01": return StoreError(.busy, "the database kept refusing the write (\(message)); try again", path: path)
        case "22021", "22P05":
            return StoreError(.invalidEvents, "holds a NUL character, which PostgreSQL cannot keep (\(message))", path: path)
        case "28P01", "28000": return StoreError(.io, "the database refused the sign-in: \(message)", path: path)
        case "3D000": return StoreError(.io, "\(message): create it first (createdb)", path: path)
        default: return StoreError(.io, "\(message) (SQLSTATE \(state))", path: path)
        }
    }
}

/// One connection, for the statements of one call.
struct Session {
    let connection: PostgresConnection
    let timeout: TimeInterval
    let logger: Logger

    /// Runs a statement and returns its rows, and how many rows it changed. A statement that
    /// takes longer than the timeout closes the connection (it is taken for lost).
    @discardableResult
    func query(_ query: PostgresQuery) throws -> (rows: [PostgresRow], changed: Int) {
        let connection = connection
        let timer = connection.eventLoop.scheduleTask(in: .milliseconds(Int64(timeout * 1000))) { connection.closeSoon() }
        defer { timer.cancel() }
        let result = try connection.query(query, logger: logger).wait()
        return (Array(result.rows), result.metadata.rows ?? 0)
    }

    func execute(_ sql: PostgresQuery) throws {
        try query(sql)
    }

    /// Each row decoded.
    func all<T>(_ sql: PostgresQuery, _ decode: (PostgresRow) throws -> T) throws -> [T] {
        try query(sql).rows.map(decode)
    }

    /// The first row decoded, or nil when there is none.
    func first<T>(_ sql: PostgresQuery, _ decode: (PostgresRow) throws -> T) throws -> T? {
        try query(sql).rows.first.map(decode)
    }

    /// The first row's first column, or nil when there is no row.
    func value<T: PostgresDecodable>(_ sql: PostgresQuery, as type: T.Type) throws -> T? {
        guard let cell = try query(sql).rows.first?.first else { return nil }
        return try cell.decode(T.self)
    }

    /// The first row's first column (a query that always returns a row).
    func one<T>(_ sql: PostgresQuery, _ decode: (PostgresCell) throws -> T) throws -> T {
        guard let cell = try query(sql).rows.first?.first else {
            throw StoreError(.io, "the database returned no row for \(sql.sql)", path: "")
        }
        return try decode(cell)
    }
}

extension PostgresConnection {
    /// Starts closing the connection; the future says when it is closed.
    @discardableResult
    func closeSoon() -> EventLoopFuture<Void> {
        let closing: EventLoopFuture<Void> = close()
        return closing
    }
}
