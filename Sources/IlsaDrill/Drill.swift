public import IlsaEngine
public import IlsaStore
public import Foundation

/// A drill: a playbook run on a virtual clock against simulated responders, in a throw-away
/// store in memory (``InMemoryRunStore``), through the same ``Engine`` as a live run.
///
/// The drill starts the run, then repeatedly moves the clock to whichever comes first, the next
/// thing a simulated person does or the engine's next wake time (``Engine/nextWake()``), and
/// does it: ``Engine/update(task:_:by:note:)``, ``Engine/acknowledge(escalation:by:)``,
/// ``Engine/decide(_:option:by:note:)``, ``Engine/signal(_:name:payload:)`` or
/// ``Engine/work()``. It stops when the run ends or at the horizon. Nothing reads the machine's
/// clock or draws an unseeded number, so the same seed gives the same report, byte for byte.
///
/// ```swift
/// let roster = try Roster.load(contentsOfFile: "plugins/ansan/roster.lua")
/// var drill = try Drill(contentsOfFile: "workflows/heavy_rain.lua", roster: roster)
/// drill.arguments = ["district": "singil"]
/// drill.seed = 7
/// let report = try drill.run()
/// try report.html().write(toFile: "drill-report.html", atomically: true, encoding: .utf8)
/// ```
public struct Drill: Sendable {
    /// T0 unless told otherwise: 16 July 2025, 09:00 in Ansan (KST), the morning of the 2025
    /// heavy-rain advisory.
    public static let defaultStart = Date(timeIntervalSince1970: 1_752_624_000)
    /// How long a drill runs at most, in simulated time: 72 hours.
    public static let defaultHorizon: Duration = .seconds(72 * 3_600)
    /// The id of the drill's run; its tasks are `drill.3`, `drill.4`...
    public static let runID: RunID = "drill"

    /// The playbook's path, as the run records it and reports show it.
    public var path: String
    /// The playbook's text.
    public var source: String
    public var roster: Roster
    /// The playbook's parameters as text (`district=singil`), checked as `ilsa run` checks them.
    public var arguments: [String: String] = [:]
    /// Seeds the run's `ilsa.random` and every draw of the simulated responders.
    public var seed: UInt64 = 1
    /// How long the drill runs at most; a run still waiting then is reported as waiting.
    public var horizon: Duration = Drill.defaultHorizon
    public var responders: ResponderProfile = .ansan
    /// T0 on the virtual clock: where it starts.
    public var start: Date = Drill.defaultStart
    /// Whether the playbook is started by its own schedules (`schedules = { ... }`) rather than
    /// at once: the virtual clock goes from ``start`` to the first occurrence, and the run
    /// starts there, as `ilsa work` would start it, with the schedule's parameters.
    public var onSchedule = false
    /// The plugins whose modules the playbook may `require`. Only their modules: a drill runs no
    /// hooks and reads no feeds, so nothing reaches the outside world.
    public var plugins: PluginSet = .empty

    /// A drill of a playbook given as text.
    public init(playbook path: String, source: String, roster: Roster) {
        self.path = path
        self.source = source
        self.roster = roster
    }

    /// A drill of the playbook file at a path.
    /// - Throws: ``PlaybookError`` `unreadable` when the file cannot be read or is not UTF-8.
    public init(contentsOfFile path: String, roster: Roster) throws {
        self.init(playbook: path, source: try Playbook.text(ofFile: path), roster: roster)
    }

    /// The most steps a drill takes before it gives up: a playbook that loops without waiting
    /// for time to pass would otherwise never end.
    static let stepLimit = 1_000_000

    /// Runs the drill and reports what happened.
    ///
    /// - Throws: ``PlaybookError`` for a playbook that does not load or parameters that do not
    ///   fit it (nothing runs then); ``ResponderProfileError`` for a profile naming roles the
    ///   roster lacks; ``RuntimeError`` when the drill cannot go on.
    public func run() throws -> DrillReport {
        try responders.validate(against: roster)
        // A drill keeps nothing: its store is in memory, and the report is what it leaves.
        let store = InMemoryRunStore()
        let clock = VirtualClock(startingAt: start.roundedToMilliseconds)
        let source = self.source
        let engine = Engine(store: store, clock: clock, roster: roster, source: { _ in source }, plugins: plugins.modulesOnly)
        let run: RunID
        if onSchedule {
            run = try startOnSchedule(engine, clock: clock)
        } else {
            run = Self.runID
            try engine.start(playbook: path, arguments: arguments, id: run, seed: seed)
        }

        var people = ResponderSimulator(profile: responders, roster: roster, run: run, seed: seed)
        let end = clock.now.addingTimeInterval(ResponderSimulator.seconds(horizon))
        var seen = 0
        var steps = 0
        while true {
            for event in try store.history(of: run, after: seen) {
                people.observe(event)
                seen = event.sequence
            }
            guard let record = try store.run(run), !record.status.isFinal else { break }
            let wake = try engine.nextWake()
            guard let next = [people.nextTime, wake].compactMap({ $0 }).min(), next <= end else { break }
            steps += 1
            guard steps <= Self.stepLimit else {
                throw RuntimeError(
                    .invalidState,
                    "the drill stopped after \(Self.stepLimit) steps at \(ISOTime.format(clock.now)): the playbook keeps going without time passing"
                )
            }
            if next > clock.now { try clock.advance(to: next) }
            if let due = people.nextTime, due <= clock.now, let action = people.takeNext() {
                try perform(action, on: engine, people: &people)
            } else {
                try engine.work()
            }
        }
        if let record = try store.run(run), !record.status.isFinal, clock.now < end { try clock.advance(to: end) }
        return try DrillReport.build(drill: self, store: store, run: run, stoppedAt: clock.now)
    }

    /// Moves the virtual clock to the playbook's first scheduled occurrence from ``start`` and
    /// starts the run there, as a worker would. - Returns: The run's id.
    private func startOnSchedule(_ engine: Engine, clock: VirtualClock) throws -> RunID {
        let playbook = try Playbook.load(source: source, chunkName: path, plugins: plugins.modulesOnly)
        let schedules = playbook.schedules.enumerated().map { index, spec in
            Schedule(id: "\(playbook.name)#\(index + 1)", workflow: playbook.name, path: path, spec: spec)
        }
        let zone = CityTime(roster: roster).zone
        let due = schedules.compactMap { $0.spec.latest(notAfter: clock.now, in: zone) == clock.now ? clock.now : nil }.first
        guard let first = due ?? engine.nextScheduled(schedules) else {
            throw RuntimeError(
                .invalidState,
                schedules.isEmpty
                    ? "\(path) declares no schedules (schedules = { ... }); drill it without --on-schedule"
                    : "no schedule of \(path) falls due after \(CityTime(roster: roster).stamp(clock.now)); start the drill earlier (--t0)")
        }
        try clock.advance(to: first)
        guard let started = try engine.startDue(schedules, problem: { _, error in _ = error }).first else {
            throw RuntimeError(.invalidState, "the schedule due at \(CityTime(roster: roster).stamp(first)) did not start the playbook")
        }
        return started.change.run
    }

    /// Does one thing a simulated person planned, unless it no longer applies (the task was
    /// already acknowledged by someone else, the escalation withdrawn).
    private func perform(_ action: ResponderSimulator.Action, on engine: Engine, people: inout ResponderSimulator) throws {
        guard people.applies(action), !people.holdIfBlocked(action) else { return }
        switch action.kind {
        case .acknowledge(let task, let by):
            try engine.update(task: task, .acknowledge, by: by)
        case .finish(let task, let fail, let by):
            try engine.update(task: task, fail ? .fail : .complete, by: by)
        case .acknowledgeEscalation(let escalation, let by):
            try engine.acknowledge(escalation: escalation, by: by)
        case .decide(let escalation, let option, let by):
            try engine.decide(escalation, option: option, by: by)
        case .signal(let name, let payload):
            try engine.signal(Self.runID, name: name, payload: payload)
        }
    }
}
