public import IlsaStore
public import Foundation
import PostgresNIO

/// The store for several machines: one PostgreSQL database shared by every `ilsa work` and
/// `ilsa serve` process (decision 0007).
///
/// It keeps what the SQLite store keeps, in the same shape, and passes the same conformance
/// suite. What one database shared by many processes adds:
///
/// - **Leases on due work.** ``claimDue(at:limit:owner:for:)`` hands each due run to one worker
///   for a while (`FOR UPDATE SKIP LOCKED`, so workers never wait on each other) and counts
///   the hand-over in the run's fence. An append made under a lease must still hold it, so a
///   worker that lost its lease (paused, cut off) cannot write afterwards, even when nobody
///   has written since; a dead worker's runs are anyone's when its lease runs out. The lease
///   goes when the append that did the work commits.
/// - **Effects once across all.** Claims take pending effects nobody holds, skipping rows
///   another claim is taking.
/// - **Change notices.** Every write ends with `pg_notify`; ``externalChangeMark()`` counts the
///   notices other processes sent, so a server's live change stream sees their changes.
/// - **Outages survived.** A lost connection is retried with growing pauses for up to the
///   store's patience, warned about once and when it is back; a transaction lost on its
///   `COMMIT` is looked up before it is tried again (``PostgresConnections``).
public final class PostgresRunStore: RunStore, AccountStore, @unchecked Sendable {
    /// Where the database is (without its password).
    public let location: PostgresLocation
    let connections: PostgresConnections
    /// This store's own notices carry it, so the listener can leave them out.
    let instance = UUID().uuidString
    private let listener = NSLock()
    private var changeListener: PostgresChangeListener?

    /// Connects to the database, creating the store's schema in it (or bringing it up to date)
    /// under an advisory lock, so two processes opening a new database do not both make it.
    ///
    /// - Parameters:
    ///   - location: The database.
    ///   - patience: How long a call keeps trying to reach the database before it fails.
    ///   - warn: Told, in one line, when the database is lost and when it is back.
    /// - Throws: ``StoreError``: `io` when the database cannot be reached or refuses the
    ///   sign-in, `notAStore` for a schema holding other tables, `newerVersion`.
    public init(
        _ location: PostgresLocation, patience: TimeInterval = 60,
        warn: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data("ilsa: warning: \($0)\n".utf8)) }
    ) throws {
        self.location = location
        connections = try PostgresConnections(location: location, patience: patience, warn: warn)
        try migrate()
    }

    /// Opens the store a `postgres://` URL names.
    public convenience init(url: String, patience: TimeInterval = 60) throws {
        try self.init(try PostgresLocation(url), patience: patience)
    }

    deinit {
        changeListener?.stop()
        connections.close()
    }

    var path: String { location.description }

    /// The channel the store's notices go on: one per schema, so stores sharing a database
    /// do not hear each other.
    var channel: String { "ilsa.\(location.schema)" }

    /// Tells listeners in other processes that the store changed: in a write's transaction,
    /// so they hear it when it commits, and only then.
    func notify(_ session: Session) throws {
        try session.execute("SELECT pg_notify(\(channel), \(instance))")
    }

    /// How many notices other processes have sent since the store started listening, which it
    /// does from the first call; a reconnection of the listener counts as one (notices may
    /// have been missed while it was away).
    public func externalChangeMark() throws -> Int? {
        let listener = self.listener.withLock {
            if let changeListener { return changeListener }
            let started = PostgresChangeListener(connections: connections, channel: channel, ignoring: instance)
            changeListener = started
            return started
        }
        return listener.count
    }

    /// Forgets everything in the store's schema: for tests, which each use a schema of their own.
    package func dropSchema() throws {
        try connections.withConnection { session in
            try session.execute(PostgresQuery(unsafeSQL: "DROP SCHEMA IF EXISTS \(location.schema) CASCADE"))
        }
    }
}
