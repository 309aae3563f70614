import Foundation
import IlsaEngine
import IlsaTesting
import Testing

/// Helpers for the Workflow Patterns conformance tests (WCP-1 … WCP-20, workflowpatterns.com):
/// every pattern's playbook is driven twice, once with one engine and once with an engine
/// restarted before every step, and the two histories must be identical.
/// The conformance suites, grouped so that `--filter WorkflowPatterns` selects them all.
@Suite enum WorkflowPatterns {}

/// What the conformance suites share.
enum WorkflowPattern {
    static let start = Date(timeIntervalSince1970: 1_752_624_000)
    typealias Bench = EngineBench

    /// Starts run `r1` of `source` and applies `steps`, plainly and with kill-and-resume before
    /// every step; expects both histories to be equal and returns the plain bench.
    ///
    /// `steps` runs once per drive, so what it expects must hold in both.
    @discardableResult
    static func drive(
        _ source: String, params: JSONValue = .object([:]), sourceLocation: SourceLocation = #_sourceLocation,
        _ steps: (Bench) throws -> Void = { _ in }
    ) throws -> Bench {
        var benches: [Bench] = []
        for restarts in [false, true] {
            let bench = try Bench(source, start: start, restarts: restarts)
            try bench.step().start(playbook: "p.lua", params: params, id: "r1", seed: 42)
            try steps(bench)
            benches.append(bench)
        }
        let plain = try benches[0].history()
        #expect(try benches[1].history() == plain, "restarting before every step changed the history", sourceLocation: sourceLocation)
        #expect(plain.count > 1, sourceLocation: sourceLocation)
        return benches[0]
    }
}

/// What the conformance suites ask of a bench beyond the kit's (``EngineBench/titles(of:)``,
/// ``EngineBench/logs(of:)``).
extension EngineBench {
    /// The tasks the run has created, in order: ids read from the history (run, command number).
    func createdTasks() throws -> [(id: TaskID, title: String)] {
        try history().filter { $0.kind == .commandIssued && $0.name == "task.create" }.map {
            (TaskID(run: "r1", number: $0.command ?? 0), $0.payload["title"]?.stringValue ?? "")
        }
    }

    /// The id of the (latest) task with this title.
    func task(_ title: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> TaskID {
        let tasks = try createdTasks()
        return try #require(tasks.last { $0.title == title }, "no task '\(title)' in \(tasks.map(\.title))", sourceLocation: sourceLocation)
            .id
    }

    /// Completes the task with this title.
    func complete(_ title: String, by person: String, note: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let id = try task(title, sourceLocation: sourceLocation)
        try clock.advance(by: .seconds(60))
        try step().completeTask(id, by: person, note: note)
    }

    /// Sends a signal to the run, a minute after the last step.
    func signal(_ name: String, _ payload: JSONValue = .null) throws {
        try clock.advance(by: .seconds(60))
        try step().signal("r1", name: name, payload: payload)
    }

    /// Moves the clock on and has the engine do what is due (timers); returns how many runs
    /// changed.
    @discardableResult
    func fireTimers(after duration: Duration) throws -> Int {
        try clock.advance(by: duration)
        return try step().work().count
    }

    /// Ids of the escalations the run has made, in order.
    func escalations() throws -> [EscalationID] {
        try history().filter { $0.kind == .commandIssued && $0.name == "escalation.create" }.map {
            EscalationID(run: "r1", number: $0.command ?? 0)
        }
    }

    /// The titles of the tasks nobody has completed (or closed) yet, in creation order, as the
    /// engine reports them.
    func openTasks() throws -> [String] {
        let states = try step().tasks(of: "r1")
        return try createdTasks().filter { states[$0.id].map { !$0.isTerminal } ?? false }.map(\.title)
    }

    /// The run's status in the store.
    func status() throws -> RunStatus? { try store().run("r1")?.status }
}
