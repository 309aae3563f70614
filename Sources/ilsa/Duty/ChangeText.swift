import Foundation
import IlsaEngine

/// What a run did in answer to the duty officer, from the engine's own account of it
/// (``RunChange``): the tasks and escalations it made, and whether it ended.
///
/// ```swift
/// let change = try engine.update(task: task.id, .complete, by: person)
/// for line in ChangeText(change).lines(now: now) { Console.out(line) }
/// ```
struct ChangeText {
    let change: RunChange

    init(_ change: RunChange) { self.change = change }

    /// Why the run failed, when the change ended it so.
    var failure: String? {
        change.events.lazy.compactMap { if case .failed(let failure) = $0.fact { failure.message } else { nil } }.first
    }

    /// Indented lines for people: new tasks, new escalations, how the run ended. They hold the
    /// playbook's words (titles, reasons, its error): print them with `Console.out`.
    func lines(now: Date) -> [String] {
        var lines = change.createdTasks.map { "  new task \($0.id): " + DutyText.brief($0, now: now) }
        lines += change.raisedEscalations.map {
            "  new escalation \($0.id) to \($0.to) (\(DutyText.severity($0.severity))): \($0.reason)"
        }
        switch change.status {
        case .completed: lines.append("  run \(change.run) completed")
        case .failed: lines.append("  run \(change.run) failed" + (failure.map { ": \($0)" } ?? ""))
        case .cancelled: lines.append("  run \(change.run) was cancelled")
        case .paused: lines.append("  run \(change.run) is paused: its timers and ladders wait until it resumes")
        case .running, .waiting: break
        }
        lines += change.tasksClosedByRun.map { "  closed task \($0.id): \($0.title)" }
        return lines
    }

    /// `run`, `run_status`, `new_tasks`, `new_escalations`, `closed_tasks` for `--json`.
    func json(now: Date, city: CityTime) -> [String: JSONValue] {
        [
            "run": .string(change.run.rawValue),
            "run_status": .string(change.status.rawValue),
            "run_error": ReadModelJSON.text(failure),
            "new_tasks": .array(change.createdTasks.map { ReadModelJSON.task($0, now: now, city: city) }),
            "new_escalations": .array(change.raisedEscalations.map { ReadModelJSON.escalation($0, city: city) }),
            "closed_tasks": .array(change.tasksClosedByRun.map { ReadModelJSON.task($0, now: now, city: city) }),
        ]
    }
}
