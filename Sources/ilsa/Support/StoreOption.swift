import IlsaStoreSQLite
import IlsaStore
import ArgumentParser
import Foundation
import IlsaEngine

/// `--store PATH`, for every command that reads or writes runs.
///
/// The store is the file `--store` names, else `$ILSA_STORE`, else `.ilsa/ilsa.sqlite` under
/// the current folder. Commands that only read (status, tasks, history) refuse a store that does
/// not exist rather than create an empty one.
///
/// ```swift
/// @OptionGroup var storeOption: StoreOption
/// let store = try storeOption.open(create: false)
/// ```
struct StoreOption: ParsableArguments {
    @Option(
        help: ArgumentHelp("The store file (default: $ILSA_STORE, else .ilsa/ilsa.sqlite under the current folder).", valueName: "path"))
    var store: String?

    /// The store's absolute path.
    var path: String {
        guard let store else { return SQLiteRunStore.defaultPath() }
        return URL(fileURLWithPath: store).standardizedFileURL.path
    }

    /// Opens the store.
    /// - Parameter create: Whether a missing store is created (commands that start runs) or
    ///   refused with a hint (commands that read).
    /// - Throws: ``InputError`` for a missing store; `StoreError` for one that is locked, newer
    ///   or not a store (the CLI reports both without a stack trace).
    func open(create: Bool) throws -> SQLiteRunStore {
        if !create && !FileManager.default.fileExists(atPath: path) {
            throw InputError(
                "no store at \(path): start a run first (ilsa run WORKFLOW), or name the store with --store PATH or ILSA_STORE")
        }
        return try SQLiteRunStore(path: path)
    }
}
