import IlsaStoreSQLite
import IlsaStorePostgres
import IlsaStore
import ArgumentParser
import Foundation
import IlsaEngine

/// The store a command reads and writes runs in.
///
/// `--store` names it, else `$ILSA_STORE`, else `.ilsa/ilsa.sqlite` under the current folder: a
/// path is an SQLite file (one machine), a `postgres://` URL a PostgreSQL database that several
/// machines share (docs/operations.md). Commands that only read (status, tasks, history) refuse
/// an SQLite file that does not exist rather than create an empty one.
///
/// ```swift
/// @OptionGroup var storeOption: StoreOption
/// let store = try storeOption.open(create: false)
/// ```
struct StoreOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The store: an SQLite file, or postgres://user@host:port/database for a store several machines share (default: $ILSA_STORE, else .ilsa/ilsa.sqlite under the current folder).",
            valueName: "path|url"))
    var store: String?

    /// What `--store` or `ILSA_STORE` names, as given.
    private var named: String? {
        if let store { return store }
        if let configured = ProcessInfo.processInfo.environment["ILSA_STORE"], !configured.isEmpty { return configured }
        return nil
    }

    /// Where the store is, for messages: the file's absolute path, or the database's URL
    /// without its password.
    var path: String {
        if let named, PostgresLocation.names(named) {
            return (try? PostgresLocation(named).description) ?? named
        }
        guard let store else { return SQLiteRunStore.defaultPath() }
        return URL(fileURLWithPath: store).standardizedFileURL.path
    }

    /// Opens the store.
    /// - Parameter create: Whether a missing SQLite file is created (commands that start runs)
    ///   or refused with a hint (commands that read). A PostgreSQL database must exist; the
    ///   store's tables are made in it on first use.
    /// - Throws: ``InputError`` for a missing store; `StoreError` for one that is locked, newer,
    ///   not a store or cannot be reached (the CLI reports both without a stack trace).
    func open(create: Bool) throws -> any RunStore & AccountStore {
        try Self.open(named ?? path, create: create)
    }

    /// Opens the store a path or `postgres://` URL names (see ``open(create:)``).
    static func open(_ named: String, create: Bool) throws -> any RunStore & AccountStore {
        if PostgresLocation.names(named) {
            return try PostgresRunStore(try PostgresLocation(named), warn: { Console.warning($0) })
        }
        let path = URL(fileURLWithPath: named).standardizedFileURL.path
        if !create && !FileManager.default.fileExists(atPath: path) {
            throw InputError(
                "no store at \(path): start a run first (ilsa run WORKFLOW), or name the store with --store PATH or ILSA_STORE")
        }
        return try SQLiteRunStore(path: path)
    }
}
