public import Foundation
import Crypto

/// A playbook's text as runs started with it, kept in the store once per content: a run replays
/// the version it started with, whatever the file says now (issue 17), and new runs take the
/// file as it is.
public struct PlaybookVersion: Hashable, Sendable {
    /// `sha256:` and the hex SHA-256 of ``source``: what a run's ``RunRecord/scriptHash`` names.
    public let id: String
    /// The playbook's name (`heavy_rain`).
    public var workflow: String
    /// The file it was read from when a run first started with it.
    public var path: String
    /// The text, whole.
    public let source: String
    /// When a run first started with it.
    public var createdAt: Date

    public init(workflow: String, path: String, source: String, createdAt: Date) {
        id = Self.id(of: source)
        self.workflow = workflow
        self.path = path
        self.source = source
        self.createdAt = createdAt.roundedToMilliseconds
    }

    /// A version read back from a store, which is untrusted: its text must hash to its id.
    /// - Throws: ``StoreError`` `unreadable` when it does not.
    public init(stored id: String, workflow: String, path: String, source: String, createdAt: Date, store: String) throws {
        guard Self.id(of: source) == id else {
            throw StoreError(.unreadable, "playbook version \(id) does not hold the text it names; the store was changed", path: store)
        }
        self.init(workflow: workflow, path: path, source: source, createdAt: createdAt)
    }

    /// The id a text has: `sha256:` and its hex SHA-256. Collision-resistant, unlike the
    /// playbook cache's quick hash: playbooks are untrusted, and a version is found by its id.
    public static func id(of source: String) -> String {
        "sha256:" + SHA256.hash(data: Data(source.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// What the ``workflow`` of a plugin's code starts with (`plugin:kma`): a run keeps the code
    /// of the plugins it started with as it keeps its playbook, and replays with it. `ilsa
    /// playbooks` leaves them out.
    public static let pluginPrefix = "plugin:"

    /// Whether a run's script hash names a stored version (runs started before versions were
    /// kept name their script by a quick hash, and replay the file).
    public static func isVersionID(_ hash: String) -> Bool { hash.hasPrefix("sha256:") }
}

/// A version as `ilsa playbooks` lists it: which runs are on it.
public struct PlaybookVersionSummary: Hashable, Sendable {
    public var id: String
    public var workflow: String
    public var path: String
    public var createdAt: Date
    /// Runs started with it, and those of them not ended yet.
    public var runs: Int
    public var activeRuns: Int

    public init(id: String, workflow: String, path: String, createdAt: Date, runs: Int, activeRuns: Int) {
        self.id = id
        self.workflow = workflow
        self.path = path
        self.createdAt = createdAt
        self.runs = runs
        self.activeRuns = activeRuns
    }
}
