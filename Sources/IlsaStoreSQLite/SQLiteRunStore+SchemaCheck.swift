import IlsaStore
import Foundation
import GRDB
import Synchronization

/// Ilsa opens only stores whose schema it made.
///
/// A store file is untrusted input: whoever hands one over may have added a trigger that fires
/// on every write (and loops for ever), a view, an index, or changed a table. SQLite runs all of
/// that as part of Ilsa's own statements. So before anything is written, the file's whole schema
/// (every row of `sqlite_master`) is compared with what Ilsa's migrator makes, read from an
/// in-memory database migrated once per process; any object Ilsa does not create, or creates
/// differently, or lacks, refuses the file with ``StoreError/Code/notAStore``.
extension SQLiteRunStore {
    /// One row of `sqlite_master`: a table, index, view or trigger.
    struct SchemaObject: Equatable, Sendable {
        var type: String
        var name: String
        var table: String
        /// `CREATE ...` as SQLite keeps it; nil for the indexes SQLite makes for `PRIMARY KEY`
        /// and `UNIQUE` (`sqlite_autoindex_...`).
        var sql: String?
    }

    /// The schemas Ilsa makes: the one each migration starts from, and the current one.
    struct MadeSchema: Sendable {
        /// `before[n - 1]`: the schema when migration `n` starts, after GRDB has made its
        /// `grdb_migrations` table.
        var before: [[SchemaObject]]
        /// The schema once every migration has run.
        var current: [SchemaObject]

        /// The schema of a store at a version, `1...schemaVersion`: what its last migration left.
        func at(version: Int) -> [SchemaObject] {
            version < before.count ? before[version] : current
        }
    }

    /// Tables SQLite makes by itself, which a store may hold as long as they are exactly
    /// SQLite's: `sqlite_sequence` (AUTOINCREMENT) and the `sqlite_stat` tables `ANALYZE` and
    /// `PRAGMA optimize` write. They only steer the query planner. Anything else named
    /// `sqlite_...` is foreign: `PRAGMA writable_schema` lets a file hold a trigger named
    /// `sqlite_evil`, and SQLite fires it.
    static let sqliteTables: [SchemaObject] = [
        ("sqlite_sequence", "name,seq"), ("sqlite_stat1", "tbl,idx,stat"), ("sqlite_stat2", "tbl,idx,sampleno,sample"),
        ("sqlite_stat3", "tbl,idx,neq,nlt,ndlt,sample"), ("sqlite_stat4", "tbl,idx,neq,nlt,ndlt,sample"),
    ].map { SchemaObject(type: "table", name: $0.0, table: $0.0, sql: "CREATE TABLE \($0.0)(\($0.1))") }

    /// The schemas the migrator makes, built in memory at the first open and kept for the
    /// process (about a millisecond).
    private static let madeSchema: Result<MadeSchema, StoreError> = {
        final class Recorder: Sendable {
            let before = Mutex<[[SchemaObject]]>([])
        }
        let recorder = Recorder()
        do {
            let memory = try DatabaseQueue()
            try SQLiteRunStore.migrator(before: { _, db in
                let schema = try SQLiteRunStore.schemaObjects(db)
                recorder.before.withLock { $0.append(schema) }
            }).migrate(memory)
            let current = try memory.read(SQLiteRunStore.schemaObjects)
            return .success(MadeSchema(before: recorder.before.withLock { $0 }, current: current))
        } catch {
            return .failure(StoreError(.io, "cannot work out the schema Ilsa makes: \(error)", path: ""))
        }
    }()

    /// The schemas Ilsa makes; fails only when SQLite cannot make an in-memory database.
    static func made(path: String) throws -> MadeSchema {
        try madeSchema.mapError { StoreError($0.code, $0.message, path: path) }.get()
    }

    /// Every row of `sqlite_master`, in the order SQLite made them. The casts keep a hostile
    /// file's odd values (a blob for a name) from failing the conversion to `String`.
    static let schemaQuery = """
        SELECT CAST(type AS TEXT), CAST(name AS TEXT), CAST(tbl_name AS TEXT), CAST(sql AS TEXT)
        FROM sqlite_master ORDER BY rowid
        """

    /// Every row of `sqlite_master`, in the order SQLite made them.
    static func schemaObjects(_ db: Database) throws -> [SchemaObject] {
        try Row.fetchAll(db, sql: schemaQuery).map(SchemaObject.init)
    }

    /// Refuses a file that is not a store Ilsa made at a version it reads: another program's
    /// database, a newer schema, or a schema other than the one Ilsa's migrations make for the
    /// file's version. Only reads: runs before anything is written to the file.
    ///
    /// - Returns: The file's schema version (`PRAGMA user_version`).
    @discardableResult
    static func checkStore(_ db: Database, path: String) throws -> Int {
        let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        let application = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        // The first migration sets both: a version without Ilsa's mark is another program's.
        if application != 0 && application != applicationID || application == 0 && version != 0 {
            throw StoreError(.notAStore, "is not an Ilsa store (an SQLite database of another program)", path: path)
        }
        if application == 0,
            try Bool.fetchOne(db, sql: "SELECT 1 FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' LIMIT 1") != nil
        {
            throw StoreError(.notAStore, "is not an Ilsa store (an SQLite database with other tables)", path: path)
        }
        if version > schemaVersion {
            throw StoreError(
                .newerVersion,
                "store was written by a newer version of Ilsa (schema \(version); this ilsa reads up to "
                    + "\(schemaVersion)); upgrade ilsa",
                path: path)
        }
        // Version 0 is a new file (or one another program left empty): nothing in it yet.
        guard version > 0 else {
            try checkSchema(db, matches: [], path: path)
            return version
        }
        try checkSchema(db, matches: made(path: path).at(version: version), path: path)
        let applied = try String.fetchSet(db, sql: "SELECT coalesce(CAST(identifier AS TEXT), '') FROM grdb_migrations")
        if applied != Set(migrations.prefix(version).map(\.identifier)) {
            throw notMade(
                "its record of migrations (grdb_migrations) does not match its schema version \(version)", path: path)
        }
        return version
    }

    /// The schema last checked to be Ilsa's current one, by its cookie (`PRAGMA schema_version`,
    /// which SQLite changes with every change to the schema, in this process or another).
    final class CheckedSchema: Sendable {
        let path: String
        private let cookie = Mutex<Int?>(nil)

        init(path: String) { self.path = path }

        /// Checks the store whole (``checkStore(_:path:)``) unless its schema is the one last
        /// found current; call it in a transaction, so the cookie and the schema agree.
        /// - Returns: The store's schema version.
        func check(_ db: Database) throws -> Int {
            let current = try Int.fetchOne(db.cachedStatement(sql: "PRAGMA schema_version"))
            if let current, cookie.withLock({ $0 == current }) { return schemaVersion }
            let version = try checkStore(db, path: path)
            if version == schemaVersion { cookie.withLock { $0 = current } }
            return version
        }

        /// Checks the store and refuses one that is not at the current version: another
        /// program has put an older schema in its place.
        func checkCurrent(_ db: Database) throws {
            let version = try check(db)
            if version != schemaVersion {
                throw notMade("its schema is at version \(version), not \(schemaVersion), since it was opened", path: path)
            }
        }
    }

    /// Refuses a schema other than `made`, naming the first object in the file that Ilsa does
    /// not create or creates differently, else the first one Ilsa creates that the file lacks.
    /// The file's objects are read one at a time, so a file with a million of them costs no
    /// more than its first foreign one.
    static func checkSchema(_ db: Database, matches made: [SchemaObject], path: String) throws {
        var expected: [Key: SchemaObject] = [:]
        for object in made { expected[Key(object)] = object }
        let rows = try Row.fetchCursor(db, sql: schemaQuery)
        while let row = try rows.next() {
            let object = SchemaObject(row)
            if let ours = expected.removeValue(forKey: Key(object)) {
                if ours != object {
                    throw notMade("its \(describe(object)) is not the one Ilsa creates", path: path)
                }
            } else if !sqliteTables.contains(object) {
                throw notMade("it has \(article(object)) \(describe(object)) that Ilsa does not create", path: path)
            }
        }
        if let missing = made.first(where: { expected[Key($0)] != nil }) {
            throw notMade("it lacks the \(describe(missing)) that Ilsa creates", path: path)
        }
    }

    /// Objects are matched by type and name; SQL text and table must then be equal.
    private struct Key: Hashable {
        var type: String
        var name: String
        init(_ object: SchemaObject) { (type, name) = (object.type, object.name) }
    }

    private static func notMade(_ what: String, path: String) -> StoreError {
        StoreError(.notAStore, "not a store Ilsa made: \(what); Ilsa opens only stores whose schema it made", path: path)
    }

    /// `trigger 'evil' on table 'history'`, `table 'notes'`.
    private static func describe(_ object: SchemaObject) -> String {
        let text = "\(printable(object.type, limit: 16)) '\(printable(object.name))'"
        guard object.type == "index" || object.type == "trigger" else { return text }
        return text + " on table '\(printable(object.table))'"
    }

    private static func article(_ object: SchemaObject) -> String {
        object.type == "index" ? "an" : "a"
    }

    /// A name from the file fit for a one-line message: control, format (bidi overrides) and
    /// line-breaking characters become `?`, and a long name is cut.
    private static func printable(_ text: String, limit: Int = 64) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars.prefix(limit) {
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .unassigned: scalars.append("?")
            default: scalars.append(scalar)
            }
        }
        return String(scalars) + (text.unicodeScalars.count > limit ? "…" : "")
    }
}

extension SQLiteRunStore.SchemaObject {
    init(_ row: Row) {
        self.init(
            type: row[0] as String? ?? "", name: row[1] as String? ?? "", table: row[2] as String? ?? "",
            sql: row[3] as String?)
    }
}
