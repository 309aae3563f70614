import IlsaStore
import Foundation
import IlsaEngine

/// How tasks and escalations read in the duty officer's tables and confirmations.
enum DutyText {
    /// The national four-level alert names (재난 위기경보) for the engine's severities.
    /// `3f9c1a2b heavy_rain singil`: a run's id with its playbook and the districts it was started
    /// for, so runs of one playbook are told apart.
    static func run(_ id: RunID, _ record: RunRecord?) -> String {
        guard let record else { return id.rawValue }
        let districts = record.districts
        return ([id.rawValue, record.workflow] + (districts.isEmpty ? [] : [districts.joined(separator: ",")])).joined(separator: " ")
    }

    /// `경계 alert`, or the severity alone when it has no Korean name.
    static func severity(_ severity: String) -> String {
        ReadModelJSON.koreanSeverity[severity].map { "\($0) \(severity)" } ?? severity
    }

    /// What a confirmation says was done: `acknowledged`, `completed`.
    static func pastTense(_ action: TaskAction) -> String {
        switch action {
        case .acknowledge: "acknowledged"
        case .start: "started"
        case .complete: "completed"
        case .fail: "failed"
        case .note: "noted"
        case .reassign: "reassigned"
        }
    }

    /// The task states as `--state` takes them, in life order.
    static var stateNames: String { TaskState.allCases.map(\.rawValue).joined(separator: ", ") }

    /// A task's due time as people read it (`in 40m`, `overdue 12m`), `-` without one; a finished
    /// task's deadline no longer matters, so it shows `-` too.
    static func due(_ task: TaskSummary, now: Date) -> String {
        guard let due = task.due, !task.state.isTerminal else { return "-" }
        return RelativeTime.describe(from: now, to: due)
    }

    /// One line about a task for confirmations: `반지하 취약가구 연락 (DONG.HEAD singil, due in 52m)`.
    static func brief(_ task: TaskSummary, now: Date) -> String {
        var facts = [task.assignee]
        if let clause = dueClause(task, now: now) { facts.append(clause) }
        if task.state.isTerminal { facts.append(task.state.rawValue) }
        return "\(task.title) (\(facts.joined(separator: ", ")))"
    }

    /// `acknowledged, due in 52m`, `in_progress, overdue 3m`, `done`.
    static func stateAndDue(_ task: TaskSummary, now: Date) -> String {
        dueClause(task, now: now).map { task.state.rawValue + ", " + $0 } ?? task.state.rawValue
    }

    /// `due in 52m`, `overdue 3m`, `due now`; nil without a due time or once finished.
    static func dueClause(_ task: TaskSummary, now: Date) -> String? {
        guard task.due != nil, !task.state.isTerminal else { return nil }
        let text = due(task, now: now)
        return text.hasPrefix("overdue") ? text : "due " + text
    }

    /// The person acting: `--by` (trimmed), else `$USER`, else the account's name, else
    /// `unknown`. Every command with `--by` asks here.
    /// - Throws: ``InputError`` for a `--by` that is empty or only white space: a record that
    ///   says "cancelled by " names nobody.
    static func person(_ by: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        if let by {
            let trimmed = by.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { throw InputError("--by needs a name: who is acting (default: $USER)") }
            return trimmed
        }
        if let user = environment["USER"], !user.isEmpty { return user }
        let account = NSUserName()
        return account.isEmpty ? "unknown" : account
    }
}
