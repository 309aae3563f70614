public import Foundation
public import IlsaEngine
public import IlsaStoreSQLite

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

    deinit { try? FileManager.default.removeItem(at: url) }

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

    /// A store in the folder (by default under a subfolder that does not exist yet); each call
    /// opens it again, as another process would.
    public func store(_ name: String = defaultStore, busyTimeout: TimeInterval = 5) throws -> SQLiteRunStore {
        try SQLiteRunStore(path: path(name), busyTimeout: busyTimeout)
    }
}

/// Each kind of store the tests run against. A store on a server adds a case.
public enum StoreKind: String, CaseIterable, CustomStringConvertible, Sendable {
    /// ``InMemoryRunStore``: nothing survives the process.
    case memory
    /// ``SQLiteRunStore`` in a temporary folder.
    case sqlite

    public var description: String { rawValue }

    /// A new, empty store of this kind; an SQLite file goes in the folder.
    public func make(in folder: TemporaryFolder) throws -> any RunStore {
        switch self {
        case .memory: InMemoryRunStore()
        case .sqlite: try folder.store()
        }
    }
}
