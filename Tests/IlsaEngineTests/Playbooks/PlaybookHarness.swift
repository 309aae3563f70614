import IlsaDrill
import Foundation
import IlsaEngine
import IlsaTesting
import Testing

/// What the city's playbook tests share besides the kit's fixtures (the real roster, the shipped
/// plugins' modules, T0): a run of one playbook stepped by hand on a virtual clock (people
/// answering, the tower deciding), or a drill with a fixed seed and a responders profile.
enum PlaybookHarness {
    /// 16 July 2025, 09:00 in Ansan (the drills' T0).
    static let t0 = Drill.defaultStart

    /// A drill of `workflows/<name>.lua` with the built-in Ansan responders changed by `responders`
    /// (a responders file's text: role overrides, scripted signals).
    static func drill(_ name: String, _ arguments: [String: String] = [:], seed: UInt64, responders: String = "") throws -> Drill {
        let path = "workflows/\(name).lua"
        var drill = try Drill(contentsOfFile: Fixtures.path(path), roster: Fixtures.roster)
        drill.path = path
        drill.arguments = arguments
        drill.seed = seed
        drill.plugins = Fixtures.pluginModules
        drill.responders = try ResponderProfile.load(source: responders, chunkName: "\(name)-responders.lua")
        return drill
    }

    /// Minutes after T0, as a drill report's offsets are.
    static func minutes(_ duration: Duration?) -> Int? { duration.map { Int($0.components.seconds / 60) } }
}

/// One run (`r1`) of a shipped playbook, stepped by hand on the kit's bench: the real roster and
/// plugins, the playbook read from the repository, a store in memory, a virtual clock at T0.
final class PlaybookRun {
    let path: String
    let bench: EngineBench
    var clock: VirtualClock { bench.clock }
    var engine: Engine { bench.engine }

    init(_ name: String, _ given: [String: String] = [:]) throws {
        path = "workflows/\(name).lua"
        bench = try EngineBench(
            source: Fixtures.text, start: PlaybookHarness.t0, roster: Fixtures.roster, plugins: Fixtures.pluginModules)
        let playbook = try Playbook.load(contentsOfFile: Fixtures.path(path), plugins: Fixtures.pluginModules)
        let params = try playbook.resolveParameters(given, roster: Fixtures.roster)
        try bench.start(path, params: .object(params), id: "r1", seed: 1)
    }

    /// Moves the clock to `minutes` after T0 and lets the engine do what is due (ladder climbs, timers).
    func at(_ minutes: Int) throws {
        try clock.advance(to: PlaybookHarness.t0 + Double(minutes * 60))
        _ = try engine.work()
    }

    func history() throws -> [HistoryEvent] { try bench.history() }
    func result() throws -> JSONValue? { try history().last { $0.kind == .runCompleted }?.payload["result"] }
    var completed: Bool { get throws { try history().last?.kind == .runCompleted } }
    func tasks() throws -> [TaskID: TaskState] { try engine.tasks(of: "r1") }
    func created() throws -> [HistoryEvent] { try history().filter { $0.kind == .commandIssued && $0.name == "task.create" } }
    func titles() throws -> [String] { try bench.titles() }
    func logs() throws -> [String] { try bench.logs() }

    /// The tasks with this title, in the order they were created.
    func created(_ title: String) throws -> [HistoryEvent] { try created().filter { $0.payload["title"]?.stringValue == title } }

    /// The id of the task with this title (in this district, when given).
    func task(_ title: String, district: String? = nil) throws -> TaskID {
        let event = try #require(
            try created(title).first { district == nil || $0.payload["assignee"]?["district"]?.stringValue == district },
            "no task '\(title)'\(district.map { " in \($0)" } ?? "")")
        return TaskID(run: "r1", number: event.command ?? 0)
    }

    /// The escalations the run raised: id and payload (to, severity, reason, options).
    func escalations() throws -> [(id: EscalationID, payload: JSONValue)] {
        try history().filter { $0.kind == .commandIssued && $0.name == "escalation.create" }.map {
            (EscalationID(run: "r1", number: $0.command ?? 0), $0.payload)
        }
    }

    /// Each ladder climb: `task → rung target`.
    func climbs() throws -> [String] {
        try history().filter { $0.kind == .taskEscalated }.map {
            "\($0.payload["task"]?.stringValue ?? "?") → \($0.payload["to"]?.stringValue ?? "?")"
        }
    }

    func complete(_ id: TaskID, by person: String = "담당자", note: String? = nil) throws {
        try engine.completeTask(id, by: person, note: note)
    }

    func signal(_ name: String, _ payload: JSONValue = .null) throws { try engine.signal("r1", name: name, payload: payload) }

    func decide(_ escalation: EscalationID, _ option: String, by: String = "안산시장") throws {
        try engine.decide(escalation, option: option, by: by)
    }

    /// Completes the open task with the lowest id, again and again, until none is left
    /// (completing one may open others, or cancel them).
    func completeEverything(by person: String = "담당자") throws {
        for _ in 0..<200 {
            let open = try tasks().filter { !$0.value.isTerminal }.keys.sorted()
            guard let first = open.first else { return }
            try complete(first, by: person)
        }
    }
}
