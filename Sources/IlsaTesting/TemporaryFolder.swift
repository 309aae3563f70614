public import Foundation
public import IlsaEngine
public import IlsaStoreSQLite
public import IlsaStorePostgres
import GRDB

/// A fresh temporary folder for one test, removed when the test is done with it: keep it (a
/// `let` of the test's, a property of its suite) for as long as its files are used, or they go
/// with it.
public final class TemporaryFolder {
    public let url: URL

    /// Makes an empty folder under the system's temporary folder; `prefix` starts its name.
    public init(prefix: String = "ilsa-test") throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// The PostgreSQL schema of the folder's store on the test server, once one was opened.
    private var postgresSchema: String?

    deinit {
        try? FileManager.default.removeItem(at: url)
        if let postgresSchema, let url = try? Self.postgresURL() {
            try? PostgresRunStore(url: url + "?schema=\(postgresSchema)", patience: 2).dropSchema()
        }
    }

    /// A path inside the folder.
    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Writes `contents` to `name` in the folder (making the folders on its way) and returns its URL.
    @discardableResult
    public func write(_ name: String, _ contents: String) throws -> URL {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: file)
        return file
    }

    /// The store file ``store(_:busyTimeout:)`` opens by default: `.ilsa/ilsa.sqlite`.
    public static let defaultStore = ".ilsa/ilsa.sqlite"

    /// Makes runs in the folder's store look as a store from before playbook versions holds
    /// them (their script named by a quick hash, no version): they replay the file their
    /// playbook is read from now, for tests of a playbook edited under its runs.
    public func unpin(_ runs: RunID..., in name: String = defaultStore) throws {
        let queue = try DatabaseQueue(path: path(name))
        try queue.write { db in
            for run in runs {
                try db.execute(sql: "UPDATE runs SET script_hash = 'cbf29ce484222325' WHERE id = ?", arguments: [run.rawValue])
            }
        }
    }

    /// A store in the folder (by default under a subfolder that does not exist yet); each call
    /// opens it again, as another process would.
    public func store(_ name: String = defaultStore, busyTimeout: TimeInterval = 5) throws -> SQLiteRunStore {
        try SQLiteRunStore(path: path(name), busyTimeout: busyTimeout)
    }
}

extension TemporaryFolder {
    /// A store on the test's PostgreSQL server (`ILSA_TEST_POSTGRES`), in a schema of the
    /// folder's own, dropped with the folder; each call opens it again, as another process would.
    public func postgresStore(patience: TimeInterval = 10) throws -> PostgresRunStore {
        try PostgresRunStore(url: try postgresStoreURL(), patience: patience)
    }

    /// The URL of the folder's PostgreSQL store, for a process the test starts (`--store`).
    public func postgresStoreURL() throws -> String {
        let schema = postgresSchema ?? "t_" + UUID().uuidString.prefix(13).lowercased().replacingOccurrences(of: "-", with: "")
        postgresSchema = schema
        return try Self.postgresURL() + "?schema=\(schema)"
    }

    /// The test server's database: `ILSA_TEST_POSTGRES`, which `scripts/test` and `.ci/run` set
    /// after starting a throw-away server (`scripts/postgres start`).
    public static func postgresURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["ILSA_TEST_POSTGRES"], !url.isEmpty else {
            throw TestSetupError(
                "no PostgreSQL server for the tests: start one with scripts/postgres start and export ILSA_TEST_POSTGRES=$(scripts/postgres url) (scripts/test does both)"
            )
        }
        return url
    }
}

/// What a test needs and could not get, said plainly.
public struct TestSetupError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Each kind of store the tests run against. A store on a server adds a case.
public enum StoreKind: String, CaseIterable, CustomStringConvertible, Sendable {
    /// ``InMemoryRunStore``: nothing survives the process.
    case memory
    /// ``SQLiteRunStore`` in a temporary folder.
    case sqlite
    /// ``PostgresRunStore`` on the test server (`ILSA_TEST_POSTGRES`), in a schema of its own.
    case postgres

    public var description: String { rawValue }

    /// A new, empty store of this kind; an SQLite file goes in the folder.
    public func make(in folder: TemporaryFolder) throws -> any RunStore & AccountStore {
        switch self {
        case .memory: InMemoryRunStore()
        case .sqlite: try folder.store()
        case .postgres: try folder.postgresStore()
        }
    }
}
