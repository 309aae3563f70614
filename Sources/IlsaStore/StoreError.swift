/// Why the store could not do what was asked: the code says what kind of problem it is, the
/// message says what happened and what to do, the path names the store.
///
/// ```text
/// /srv/ilsa/.ilsa/ilsa.sqlite: store was written by a newer version of Ilsa (schema 3; this ilsa reads up to 1); upgrade ilsa
/// ```
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// What kind of problem this is. A struct, so codes can be added without breaking `switch`es.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: Hashable, Sendable {
            case notFound, conflict, newerVersion, notAStore, busy, io, invalidEvents, unreadable, leaseLost
        }
        private let wrapped: Wrapped
        private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

        /// No run has that id.
        public static let notFound = Code(.notFound)
        /// Someone else got there first: the run already exists, or its history has grown past
        /// the sequence the caller read (another runner is extending it).
        public static let conflict = Code(.conflict)
        /// The store was written by a newer Ilsa whose schema this one cannot read.
        public static let newerVersion = Code(.newerVersion)
        /// The file is not an Ilsa store: not SQLite at all, damaged, another program's database,
        /// or a store whose schema Ilsa did not make (an object added or changed).
        public static let notAStore = Code(.notAStore)
        /// Another process held the store locked for longer than the busy timeout.
        public static let busy = Code(.busy)
        /// The file could not be created, read or written (permissions, a full disk, I/O errors),
        /// or what it holds cannot be read back.
        public static let io = Code(.io)
        /// The events given do not follow on from the history: their sequences are not the
        /// next numbers.
        public static let invalidEvents = Code(.invalidEvents)
        /// What the store holds for a run cannot be read back: a value of the wrong type, JSON
        /// that does not parse or nests past the limit. The file was changed by something other
        /// than Ilsa; the run can still be cancelled.
        public static let unreadable = Code(.unreadable)
        /// A write made under a lease on a run (``RunLease``) that no longer holds it: the lease
        /// ran out while the worker was paused or cut off, and another worker took the run
        /// over. The worker leaves the run to the other.
        public static let leaseLost = Code(.leaseLost)

        public var description: String {
            switch wrapped {
            case .notFound: "not_found"
            case .conflict: "conflict"
            case .newerVersion: "newer_version"
            case .notAStore: "not_a_store"
            case .busy: "busy"
            case .io: "io"
            case .invalidEvents: "invalid_events"
            case .unreadable: "unreadable"
            case .leaseLost: "lease_lost"
            }
        }
    }

    public var code: Code
    /// What went wrong and, when there is one, the fix; without the path.
    public var message: String
    /// The store's location: a file path for SQLite; empty for a store in memory.
    public var path: String
    /// The run the error is about, when it is about one: in a batch (``RunStore/write(_:)``),
    /// the run whose change was refused, so a caller can rebuild that run alone and try again.
    public var run: RunID?

    public init(_ code: Code, _ message: String, path: String, run: RunID? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.run = run
    }

    /// `<path>: <message>`.
    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}
