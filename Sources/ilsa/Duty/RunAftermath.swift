import IlsaStore
import Foundation
import IlsaEngine

/// What a run did in answer to the duty officer: the tasks and escalations it created, and
/// whether it ended. Take a snapshot before acting, then ask what changed.
///
/// ```swift
/// let before = try RunAftermath(run: task.run, store: engine.store)
/// try engine.update(task: task.id, .complete, by: person)
/// for line in try before.changes(store: engine.store).lines(now: now) { Console.out(line) }
/// ```
struct RunAftermath {
    let run: RunID
    private let tasks: Set<String>
    private let escalations: Set<String>

    init(run: RunID, store: any RunStore) throws {
        self.run = run
        tasks = Set(try store.tasks(TaskQuery(run: run)).map(\.id))
        escalations = Set(try store.escalations(run: run, openOnly: false).map(\.id))
    }

    /// What changed since the snapshot.
    struct Changes {
        var run: RunID
        var status: RunStatus
        var newTasks: [TaskSummary]
        var newEscalations: [EscalationSummary]
        /// Why the run failed, when it did.
        var failure: String?

        /// Indented lines for people: new tasks, new escalations, how the run ended. They hold
        /// the playbook's words (titles, reasons, its error): print them with `Console.out`.
        func lines(now: Date) -> [String] {
            var lines = newTasks.map { "  new task \($0.id): " + DutyText.brief($0, now: now) }
            lines += newEscalations.map {
                "  new escalation \($0.id) to \($0.to) (\(DutyText.severity($0.severity))): \($0.reason)"
            }
            switch status {
            case .completed: lines.append("  run \(run) completed")
            case .failed: lines.append("  run \(run) failed" + (failure.map { ": \($0)" } ?? ""))
            case .cancelled: lines.append("  run \(run) was cancelled")
            case .running, .waiting: break
            }
            return lines
        }

        /// `run`, `run_status`, `new_tasks`, `new_escalations` for `--json`.
        func json(now: Date) -> [String: JSONValue] {
            [
                "run": .string(run.rawValue),
                "run_status": .string(status.rawValue),
                "run_error": DutyJSON.text(failure),
                "new_tasks": .array(newTasks.map { DutyJSON.task($0, now: now) }),
                "new_escalations": .array(newEscalations.map(DutyJSON.escalation)),
            ]
        }
    }

    func changes(store: any RunStore) throws -> Changes {
        let record = try store.run(run)
        let status = record?.status ?? .waiting
        var failure: String?
        if status == .failed, let record, let last = try store.history(of: run, after: record.lastSequence - 1).last {
            failure = last.payload["message"]?.stringValue
        }
        return Changes(
            run: run, status: status,
            newTasks: try store.tasks(TaskQuery(run: run)).filter { !tasks.contains($0.id) },
            newEscalations: try store.escalations(run: run, openOnly: false).filter { !escalations.contains($0.id) },
            failure: failure)
    }
}
