public import Foundation
public import IlsaEngine

/// The engine on a test bench: an ``Engine`` on a store, a ``VirtualClock``, the roster and
/// plugins a test gives it, and restarts.
///
/// The store is in memory unless the test asks for SQLite or for restarts: then it is a file in
/// a temporary folder, and a restart opens it again, as a new process would. With `restarts`,
/// ``step()`` gives a fresh engine (nothing live, every run rebuilt from its history) before
/// every step, so a test run both ways shows that a restart changes nothing.
///
/// ```swift
/// let bench = try EngineBench(source, restarts: true)
/// try bench.step().start(playbook: "p.lua", id: "r1")
/// try bench.clock.advance(by: .seconds(3600))
/// try bench.step().completeTask("r1.1", by: "DONG.HEAD")
/// #expect(try bench.result() == "done")
/// ```
public final class EngineBench {
    /// The folder of the SQLite store, and of any file a test writes.
    public let folder: TemporaryFolder
    public let clock: VirtualClock
    /// Where the runs are kept.
    public let kind: StoreKind
    /// Whether ``step()`` restarts the engine before every step.
    public let restarts: Bool
    public let roster: Roster?
    public let plugins: PluginSet
    public let cacheCapacity: Int
    /// Gives a playbook's text for the path a run was started with.
    public let source: (String) throws -> String
    /// The engine the last step used.
    public private(set) var engine: Engine
    /// The in-memory store, kept across restarts.
    private let memory: InMemoryRunStore?

    /// A bench for one playbook's text, whatever path a run names.
    ///
    /// - Parameters:
    ///   - start: The clock's first time: ``Fixtures/t0`` unless given.
    ///   - restarts: Whether ``step()`` restarts the engine before every step.
    ///   - store: `.memory` or `.sqlite`; by default SQLite when the bench restarts, else memory.
    ///   - roster: The roster the engine checks assignees against: none unless given.
    public convenience init(
        _ playbook: String, start: Date = Fixtures.t0, restarts: Bool = false, store: StoreKind? = nil,
        roster: Roster? = nil, plugins: PluginSet = .empty, cacheCapacity: Int = 256
    ) throws {
        try self.init(
            source: { _ in playbook }, start: start, restarts: restarts, store: store, roster: roster, plugins: plugins,
            cacheCapacity: cacheCapacity)
    }

    /// A bench whose playbooks are read by `source` (for the shipped playbooks,
    /// ``Fixtures/text(_:)``: paths from the package root).
    public init(
        source: @escaping (String) throws -> String, start: Date = Fixtures.t0, restarts: Bool = false,
        store: StoreKind? = nil, roster: Roster? = nil, plugins: PluginSet = .empty, cacheCapacity: Int = 256
    ) throws {
        let kind = store ?? (restarts ? .sqlite : .memory)
        let folder = try TemporaryFolder(prefix: "ilsa-bench")
        let memory = kind == .memory ? InMemoryRunStore() : nil
        let clock = VirtualClock(startingAt: start)
        self.folder = folder
        self.clock = clock
        self.kind = kind
        self.restarts = restarts
        self.roster = roster
        self.plugins = plugins
        self.cacheCapacity = cacheCapacity
        self.source = source
        self.memory = memory
        engine = Engine(
            store: try memory ?? folder.store(), clock: clock, roster: roster, source: source, cacheCapacity: cacheCapacity,
            plugins: plugins)
    }

    /// The store, as a reader sees it: the same one for memory, opened again for SQLite.
    public func store() throws -> any RunStore {
        if let memory { return memory }
        return try folder.store()
    }

    /// A new engine on the store (opened again), with the bench's clock, roster and plugins; the
    /// next steps use it.
    @discardableResult
    public func restart() throws -> Engine {
        engine = try makeEngine()
        return engine
    }

    /// Another engine on the same store, as another process would have, leaving the bench's
    /// own alone; `source` defaults to the bench's.
    public func makeEngine(source: ((String) throws -> String)? = nil) throws -> Engine {
        Engine(
            store: try store(), clock: clock, roster: roster, source: source ?? self.source,
            cacheCapacity: cacheCapacity, plugins: plugins)
    }

    /// The engine for the next step: a restarted one when the bench restarts.
    public func step() throws -> Engine {
        if restarts { try restart() }
        return engine
    }

    /// Starts run `id` of the playbook at `path` and returns what the start made.
    @discardableResult
    public func start(
        _ path: String = "p.lua", params: JSONValue = .object([:]), id: RunID = "r1", seed: UInt64? = nil
    ) throws -> RunChange {
        try step().start(playbook: path, params: params, id: id, seed: seed)
    }

    /// Moves the clock on by `duration` and has the engine do what is due; returns the runs that changed.
    @discardableResult
    public func work(after duration: Duration) throws -> [RunChange] {
        try clock.advance(by: duration)
        return try step().work()
    }

    /// A run's history, from the store.
    public func history(of run: RunID = "r1") throws -> [HistoryEvent] { try store().history(of: run) }

    /// What a run returned (the last event's result), or nil while it has not.
    public func result(of run: RunID = "r1") throws -> JSONValue? {
        try history(of: run).last { $0.kind == .runCompleted }?.payload["result"]
    }

    /// The titles of the tasks a run created, in order.
    public func titles(of run: RunID = "r1") throws -> [String] {
        try history(of: run).filter { $0.kind == .commandIssued && $0.name == "task.create" }.compactMap {
            $0.payload["title"]?.stringValue
        }
    }

    /// The messages a run logged, in order.
    public func logs(of run: RunID = "r1") throws -> [String] {
        try history(of: run).filter { $0.kind == .commandIssued && $0.name == "log" }.compactMap { $0.payload["message"]?.stringValue }
    }
}
