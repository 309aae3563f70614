public import IlsaStore
public import Foundation
import GRDB
import GRDBSQLite

/// The embedded ``RunStore``: one SQLite file in WAL mode, through GRDB.
///
/// What a confirmed write survives is ``Durability``: by default a power cut (`synchronous =
/// FULL`, the write-ahead log synced at every commit). The log is copied into the database
/// (a checkpoint) on a background connection once it passes 1,000 pages, so no write waits for it.
///
/// Several processes may open the same file; SQLite's locks serialise their writes and the
/// store's optimistic check on a history's last sequence keeps two runners from both extending
/// one run. A writer that finds the file locked waits up to the busy timeout, then fails with
/// ``StoreError/Code/busy``.
///
/// The schema is versioned: a file written by a newer Ilsa is refused with
/// ``StoreError/Code/newerVersion`` rather than misread, and a file that is not an Ilsa store
/// is refused with ``StoreError/Code/notAStore``, as is one whose schema Ilsa did not make (a
/// trigger, view, table or index added, a table changed): a store file is untrusted input.
public final class SQLiteRunStore: RunStore, AccountStore {
    /// The store file's path.
    public let path: String
    /// How long a write waits for another process's lock before failing with `busy`.
    public let busyTimeout: TimeInterval
    /// What a confirmed write survives.
    public let durability: Durability

    let pool: DatabasePool
    /// Copies the write-ahead log into the database off the writes' path; nil when SQLite's
    /// own automatic checkpoint does it in the write that crosses its threshold.
    let checkpointer: Checkpointer?
    /// The schema checked to be Ilsa's, for every transaction to compare with.
    let checkedSchema: CheckedSchema

    /// Opens the store at a path, creating the file and its folder when missing and bringing
    /// an older schema up to date. The file's whole schema is checked before anything is
    /// written to it.
    ///
    /// - Parameters:
    ///   - path: The SQLite file.
    ///   - durability: What a confirmed write survives: by default a power cut.
    ///   - busyTimeout: How long to wait for another process's lock, in seconds.
    /// - Throws: ``StoreError``: `notAStore`, `newerVersion`, `busy` or `io`.
    public convenience init(path: String, durability: Durability = .powerCutSafe, busyTimeout: TimeInterval = 5) throws {
        try self.init(path: path, durability: durability, busyTimeout: busyTimeout, checkpoints: .background)
    }

    /// Opens the store, choosing where checkpoints happen (for the benchmarks and tests).
    ///
    /// `connectionObserver` is called with each SQLite connection the store opens: its raw
    /// handle (`sqlite3 *`) and whether it is a read-only reader, at the end of the store's own
    /// setup of the connection. For measurement only: `ilsa-bench --filter reference` installs
    /// `sqlite3_trace_v2` with it to count the statements the store compiles and the commits it
    /// makes. The observer must not change the connection's settings, hooks other than the
    /// trace, or data.
    package init(
        path: String, durability: Durability, busyTimeout: TimeInterval, checkpoints: Checkpoints,
        connectionObserver: (@Sendable (OpaquePointer, Bool) -> Void)? = nil
    ) throws {
        self.path = path
        self.busyTimeout = busyTimeout
        self.durability = durability
        try Self.prepareFile(at: path)
        let opening = OpeningLock(folderOf: path)
        defer { opening.release() }
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "ilsa.store"
        let checkedSchema = CheckedSchema(path: path)
        self.checkedSchema = checkedSchema
        configuration.prepareDatabase { db in
            // The file may come from anyone (https://sqlite.org/security.html, untrusted
            // database files): SQL in its schema may call only innocuous functions, pages are
            // checked as they are read, and the file is read, not memory-mapped.
            try db.execute(sql: "PRAGMA trusted_schema = OFF; PRAGMA cell_size_check = ON; PRAGMA mmap_size = 0")
            // The write-ahead log is kept, at its size, when the last connection closes (it is
            // checkpointed first, so the database file alone holds everything). A commit that
            // overwrites the log syncs data only; one that makes it longer also syncs the
            // file's size: 160 against 100 µs a power-cut-safe commit on this project's VM. So
            // the log is grown once, by the store's first writes, and reused from then on.
            var persist: Int32 = 1
            _ = sqlite3_file_control(db.sqliteConnection, "main", SQLITE_FCNTL_PERSIST_WAL, &persist)
            // The writer connects first, before GRDB or a migration writes anything.
            if !db.configuration.readonly {
                try db.inTransaction(.deferred) {
                    _ = try checkedSchema.check(db)
                    return .commit
                }
            }
            if let connectionObserver, let handle = db.sqliteConnection {
                connectionObserver(handle, db.configuration.readonly)
            }
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw Self.storeError(error, path: path, busyTimeout: busyTimeout)
        }
        switch checkpoints {
        case .onCommit: checkpointer = nil
        case .background: checkpointer = Checkpointer(path: path, durability: durability, busyTimeout: busyTimeout)
        }
        // GRDB sets `synchronous = NORMAL` on the writer when it turns WAL on, after
        // `prepareDatabase`: the store's setting goes on afterwards. Only the writer commits.
        try perform {
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = \(Self.synchronous(durability))")
                if let checkpointer {
                    checkpointer.install(on: db)
                } else {
                    try db.execute(sql: "PRAGMA wal_autocheckpoint = \(Checkpointer.pages)")
                }
            }
        }
        try migrate()
    }

    /// A `PRAGMA`'s value on the writer's connection, as text (`synchronous` is `1` for
    /// NORMAL, `2` for FULL): what the store runs with, for measurement and reports
    /// (`ilsa-bench` prints it). Reads only; `name` is a bare pragma name.
    package func writerPragma(_ name: String) throws -> String? {
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "_") }) else {
            throw StoreError(.io, "not a pragma name: \(name)", path: path)
        }
        return try perform {
            try pool.writeWithoutTransaction { db in
                guard let value = try DatabaseValue.fetchOne(db, sql: "PRAGMA \(name)") else { return nil }
                switch value.storage {
                case .null: return nil
                case .int64(let number): return String(number)
                case .double(let number): return String(number)
                case .string(let text): return text
                case .blob(let data): return data.base64EncodedString()
                }
            }
        }
    }

    deinit {
        // The log hook points at the checkpointer, which goes with the store.
        if let checkpointer { pool.writeWithoutTransaction { db in checkpointer.uninstall(from: db) } }
    }

    /// Where the write-ahead log is copied into the database.
    package enum Checkpoints: Sendable {
        /// In the write that takes the log past 1,000 pages, before that write returns (SQLite's
        /// automatic checkpoint).
        case onCommit
        /// On a connection of the store's own, on a background queue, once a write has taken
        /// the log past 1,000 pages: no write waits for it.
        case background
    }

    /// `PRAGMA synchronous` for a durability: 2 (FULL) or 1 (NORMAL).
    static func synchronous(_ durability: Durability) -> Int {
        durability.survivesPowerCut ? 2 : 1
    }

    /// The store's path when none is given: `ILSA_STORE` when set (relative to the current
    /// folder), else `.ilsa/ilsa.sqlite` under the current folder.
    public static func defaultPath(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) -> String {
        let base = URL(fileURLWithPath: currentDirectory, isDirectory: true)
        if let configured = environment["ILSA_STORE"], !configured.isEmpty {
            return URL(fileURLWithPath: configured, relativeTo: base).standardizedFileURL.path
        }
        return base.appendingPathComponent(".ilsa/ilsa.sqlite").standardizedFileURL.path
    }

    /// Creates the parent folder, and refuses an existing file that does not start as SQLite
    /// files do (an empty file is fine: SQLite makes a database of it).
    private static func prepareFile(at path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw StoreError(.io, "cannot create the folder \(folder.path): \(error.localizedDescription)", path: path)
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return }
        if isDirectory.boolValue {
            throw StoreError(.notAStore, "is a folder, not an Ilsa store", path: path)
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw StoreError(.io, "cannot read the store file (check its permissions)", path: path)
        }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        if !header.isEmpty && header != Data("SQLite format 3\0".utf8) {
            throw StoreError(.notAStore, "is not an Ilsa store (not an SQLite database)", path: path)
        }
    }

    /// A read transaction on a schema checked to be Ilsa's: another program may change the
    /// file while the store is open (a trigger added under `ilsa work --follow`), so each
    /// transaction compares the schema's cookie with the one checked, and checks the schema
    /// again when it has changed.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.unsafeRead { db in
            try Self.inTransaction(db, begin: "BEGIN DEFERRED TRANSACTION") {
                try checkedSchema.checkCurrent(db)
                return try body(db)
            }
        }
    }

    /// A write transaction on a schema checked to be Ilsa's (see ``read(_:)``). The check comes
    /// first in the transaction, which holds the write lock from its start: no foreign trigger
    /// can fire in it.
    func transaction<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.writeWithoutTransaction { db in
            try Self.inTransaction(db, begin: "BEGIN IMMEDIATE TRANSACTION") {
                try checkedSchema.checkCurrent(db)
                return try body(db)
            }
        }
    }

    /// `body` in a transaction begun and committed by cached statements: GRDB's own transactions
    /// compile `BEGIN` and `COMMIT` each time, which cost more than the statements between them.
    /// Rolls back when `body` or the commit fails.
    private static func inTransaction<T>(_ db: Database, begin: String, _ body: () throws -> T) throws -> T {
        try db.cachedStatement(sql: begin).execute()
        do {
            let result = try body()
            try db.cachedStatement(sql: "COMMIT TRANSACTION").execute()
            return result
        } catch {
            if db.isInsideTransaction { try? db.cachedStatement(sql: "ROLLBACK TRANSACTION").execute() }
            throw error
        }
    }

    /// Runs a database operation, turning GRDB's errors into ``StoreError``s.
    func perform<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw Self.storeError(error, path: path, busyTimeout: busyTimeout)
        }
    }

    /// A ``StoreError`` for any error a database operation throws.
    static func storeError(_ error: any Error, path: String, busyTimeout: TimeInterval) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let error = error as? DatabaseError else {
            return StoreError(.io, "\(error)", path: path)
        }
        let sqlite = error.message ?? "SQLite error \(error.resultCode.rawValue)"
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            let seconds = busyTimeout.formatted(.number.precision(.fractionLength(0...1)))
            return StoreError(
                .busy,
                "the store is locked by another process (waited \(seconds) s); try again when it is done",
                path: path)
        case .SQLITE_NOTADB:
            return StoreError(.notAStore, "is not an Ilsa store (not an SQLite database)", path: path)
        case .SQLITE_CORRUPT:
            return StoreError(.notAStore, "the store file is damaged (\(sqlite))", path: path)
        case .SQLITE_CONSTRAINT:
            return StoreError(.conflict, "a concurrent write got there first (\(sqlite))", path: path)
        default:
            return StoreError(.io, sqlite, path: path)
        }
    }
}
