import IlsaStore
import Foundation
import IlsaEngine
import IlsaTerminal

/// A run's history in words: the one formatter behind `ilsa run`'s progress lines, `ilsa work`
/// and `ilsa history`, so an event reads the same wherever it is shown.
///
/// Feed it the run's events in order, from the first: it remembers what earlier ones said (a
/// task's title), so later ones can name it. ``learn(_:)`` takes an event without telling it.
///
/// ```swift
/// var narrator = EventNarrator(run: "a1b2c3d4")
/// for event in try store.history(of: "a1b2c3d4") {
///     if let line = narrator.narrate(event, detail: .full) { print(line.text) }
/// }
/// // run a1b2c3d4 started: heavy_rain (district=singil, level=advisory, ...)
/// // task a1b2c3d4.4 created: 반지하 취약가구 연락·대피 안내 → DONG.HEAD singil, due in 1h00m, urgent
/// ```
struct EventNarrator {
    /// How much to tell.
    enum Detail {
        /// What someone watching a run wants to see as it happens: tasks, escalations, signals,
        /// logs, timers, the end; not every wait and answer.
        case progress
        /// Every event, waits and answers included (`ilsa history`).
        case full
    }

    /// How a line should stand out, where colour is on.
    enum Tone {
        case plain, quiet, good, notice, bad
    }

    /// One event in words.
    ///
    /// The words hold what a playbook, a plugin or a signal chose (titles, log lines, reasons,
    /// error messages, payloads), so a line makes its control characters visible when it is
    /// made (`\x1B`, `\r`, `\n`: see `visibleControls`): whatever prints or styles it, and the
    /// `text` of `--json`, has one line that sends nothing to the terminal.
    struct Line: Equatable {
        /// The words, control characters made visible.
        let text: String
        var tone: Tone

        init(text: String, tone: Tone) {
            self.text = text.visibleControls
            self.tone = tone
        }
    }

    let run: RunID
    /// Task titles by task id, from the tasks seen created so far.
    private var titles: [TaskID: String] = [:]

    init(run: RunID) {
        self.run = run
    }

    /// Takes an event into account without putting it into words.
    mutating func learn(_ event: HistoryEvent) {
        _ = narrate(event, detail: .full)
    }

    /// The event in words, or nil when `detail` leaves it out.
    mutating func narrate(_ event: HistoryEvent, detail: Detail) -> Line? {
        switch event.fact {
        case .started(let start):
            let params = Self.parameters(start.params)
            return Line(
                text: "run \(run) started: \(start.workflow)" + (params.isEmpty ? "" : " (\(params))")
                    + (start.startedBy.map { " by \($0)" } ?? ""),
                tone: .plain)
        case .issued(let command):
            return issued(command, at: event.at, detail: detail)
        case .answered(let answer):
            if detail == .full { return Line(text: "answered #\(answer.number): \(Self.outcome(answer.outcome))", tone: .quiet) }
            if case .timer = answer.outcome { return Line(text: "timer fired", tone: .quiet) }
            return nil
        case .completed(let completion):
            return Line(text: "run completed" + (completion.result == .null ? "" : ": \(Self.compact(completion.result))"), tone: .good)
        case .failed(let failure):
            return Line(text: "run failed: \(failure.message)", tone: .bad)
        case .cancelled(let cancellation):
            let unreplayable = cancellation.unreplayable.map { " (without replaying it: \($0))" } ?? ""
            return Line(text: "run cancelled" + Self.by(cancellation.by) + Self.suffix(cancellation.reason) + unreplayable, tone: .bad)
        case .taskUpdated(let update):
            return taskUpdated(update)
        case .taskClimbed(let climb):
            return Line(text: "task \(climb.task) climbed to \(climb.to) (rung \(climb.rung))\(title(climb.task))", tone: .notice)
        case .escalationAcknowledged(let acknowledgement):
            return Line(text: "escalation \(acknowledgement.escalation) acknowledged" + Self.by(acknowledgement.by), tone: .plain)
        case .escalationDecided(let decision):
            return Line(
                text: "escalation \(decision.escalation) decided" + Self.by(decision.by) + ": \(decision.option ?? "?")"
                    + Self.note(decision.note),
                tone: .good)
        case .signalReceived(let arrival):
            return Line(
                text: "signal '\(arrival.signal)' received" + (arrival.payload == .null ? "" : ": \(Self.compact(arrival.payload))"),
                tone: .plain)
        case .hookRan(let hook):
            return hookRan(hook, detail: detail)
        case .closed(let closed):
            return Line(text: closedText(closed), tone: .notice)
        case .upgraded(let change):
            return Line(text: "run moved to playbook version \(VersionText.short(change.to))" + Self.by(change.by), tone: .notice)
        case .retried(let change):
            return Line(
                text: "run retried on playbook version \(VersionText.short(change.to))" + Self.by(change.by)
                    + ": it goes on from its failure",
                tone: .notice)
        case .paused(let hold):
            return Line(
                text: "run paused" + Self.by(hold.by) + Self.suffix(hold.reason) + ": its timers and ladders wait", tone: .notice)
        case .resumed(let hold):
            return Line(text: "run resumed" + Self.by(hold.by) + Self.suffix(hold.reason), tone: .notice)
        case .unrecognized(let stored):
            return detail == .full ? Line(text: "\(stored.kind) \(stored.name) \(Self.compact(stored.payload))", tone: .quiet) : nil
        }
    }

    /// A task past its due time and not finished: `ilsa run` says so once, when it happens.
    func overdue(_ task: TaskSummary, now: Date) -> Line {
        let late = task.due.map { RelativeTime.describe(from: now, to: $0) }.flatMap { $0.hasPrefix("overdue") ? $0 : nil } ?? "overdue"
        let assignee = TaskSummary.assignee(role: task.role, district: task.district, unit: task.unit, person: task.person)
        return Line(text: "task \(task.id) \(late): \(task.title)" + (assignee.map { " → \($0)" } ?? ""), tone: .notice)
    }

    // MARK: Commands

    private mutating func issued(_ command: Command, at time: Date, detail: Detail) -> Line? {
        let full = detail == .full
        switch command.request {
        case .createTask(let spec):
            let id = TaskID(run: run, number: command.number)
            titles[id] = spec.title
            var parts = [spec.title]
            if let assignee = spec.assignee?.text { parts[0] += " → \(assignee)" }
            if let due = spec.due { parts.append("due \(RelativeTime.describe(from: time, to: due))") }
            if let priority = spec.priority, priority != "normal" { parts.append(priority) }
            return Line(text: "task \(id) created: " + parts.joined(separator: ", "), tone: .plain)
        case .cancelTask(let task):
            return Line(text: "task \(task) cancelled by the playbook\(title(task))", tone: .plain)
        case .escalate(let spec):
            let id = EscalationID(run: run, number: command.number)
            return Line(
                text:
                    "escalation \(id) to \(spec.to) (\(spec.severity)): \(spec.reason) — options: \(spec.options.joined(separator: ", "))",
                tone: .notice)
        case .withdrawEscalation(let escalation):
            return Line(text: "escalation \(escalation) withdrawn by the playbook", tone: .plain)
        case .startTimer(let until):
            return Line(text: "timer \(run).\(command.number) set: fires \(RelativeTime.describe(from: time, to: until))", tone: .quiet)
        case .wait(.sleep, let conditions):
            let wakes = conditions.compactMap { if case .timer(let until) = $0 { until } else { nil } }.first
            return Line(text: "sleeping" + (wakes.map { ": wakes \(RelativeTime.describe(from: time, to: $0))" } ?? ""), tone: .quiet)
        case .wait(.signal, let conditions):
            return Line(text: "waiting for " + Self.conditions(conditions, at: time), tone: .quiet)
        case .wait(.any, let conditions):
            let watches = conditions.contains { if case .signal = $0 { true } else if case .timer = $0 { true } else { false } }
            guard full || watches else { return nil }
            return Line(text: "waiting for the first of: " + Self.conditions(conditions, at: time), tone: .quiet)
        case .wait(_, let conditions):
            return full ? Line(text: "waiting for " + Self.conditions(conditions, at: time), tone: .quiet) : nil
        case .parallel(let branches):
            return full ? Line(text: "running \(branches) branches side by side", tone: .quiet) : nil
        case .startBranch:
            return full ? Line(text: "branch \(run).\(command.number) started", tone: .quiet) : nil
        case .cancelBranch(let branch):
            return Line(text: "branch \(branch) cancelled by the playbook", tone: .plain)
        case .askRoster(let question):
            guard full else { return nil }
            switch question.kind {
            case .units:
                return Line(
                    text: "asked the roster for units \(Self.compact(question.query)): \(question.result.arrayValue?.count ?? 0) found",
                    tone: .quiet)
            case .district:
                return Line(
                    text: "asked the roster for district \(question.query.stringValue ?? Self.compact(question.query))", tone: .quiet)
            }
        case .log(let message):
            return Line(text: "log: \(message)", tone: .plain)
        case .patch(let name):
            return full ? Line(text: "took the new path of patch '\(name)'", tone: .quiet) : nil
        case .lineStopped(let message, _):
            return Line(text: "the prompt's line was stopped: \(message)", tone: .plain)
        case .unrecognized(let name, let arguments):
            return full ? Line(text: "\(name) \(Self.compact(arguments))", tone: .quiet) : nil
        }
    }

    /// How the thing a wait waited for ended, in a few words.
    private static func outcome(_ outcome: Answer.Outcome) -> String {
        switch outcome {
        case .task(let update): "task \(update.task) \(words(update.state.rawValue))"
        case .timer: "timer fired"
        case .signal(let arrival, _): "signal '\(arrival.signal)' taken"
        case .escalation(let end): "escalation \(end.escalation): \(end.option ?? words(end.state.rawValue))"
        case .branch(let end): "branch \(end.branch) \(words(end.state))"
        case .unrecognized(let value): compact(value)
        }
    }

    private func taskUpdated(_ update: TaskUpdate) -> Line {
        let verb: String
        var tone = Tone.plain
        switch update.action {
        case .acknowledge: verb = "acknowledged"
        case .start: verb = "started"
        case .complete:
            verb = "done"
            tone = .good
        case .fail:
            verb = "failed"
            tone = .bad
        case .note: verb = "noted"
        case .reassign:
            verb =
                "reassigned to \(update.assignee?.person ?? update.assignee?.unit ?? "?")"
                + (update.restartsLadder ? ", its escalation ladder started again" : "")
        case nil: verb = Self.words(update.state.rawValue)
        }
        return Line(text: "task \(update.task) \(verb)" + Self.by(update.by) + title(update.task) + Self.note(update.note), tone: tone)
    }

    /// What a plugin hook did, in words, for `ilsa history`.
    private func hookRan(_ hook: HookRun, detail: Detail) -> Line? {
        let sent = hook.effects.map { effect -> String in
            switch effect {
            case .console: "a console line"
            // Older histories recorded the send itself (a duplicate skipped, a status); newer ones
            // record the queued effect, whose delivery `ilsa effects` shows.
            case .outbox(let id, let duplicate): "outbox line \(id)" + (duplicate ? " (already there)" : "")
            case .webhook(let id, let status, let error):
                "webhook \(id)" + (status.map { " → \($0)" } ?? "") + (error.map { " failed: \($0)" } ?? "")
            }
        }
        guard detail == .full else { return nil }  // as it happens, failures come as warnings
        if let error = hook.error {
            return Line(text: "plugin \(hook.plugin) \(hook.hook) failed: \(error)", tone: .bad)
        }
        return Line(
            text: "plugin \(hook.plugin) \(hook.hook)" + (sent.isEmpty ? ": sent nothing" : " queued " + sent.joined(separator: ", ")),
            tone: .quiet)
    }

    // MARK: Pieces

    /// `closed with the run: task r1.3 (Sandbags), escalation r1.5`.
    private func closedText(_ closed: ItemsClosed) -> String {
        let items =
            closed.tasks.map { "task \($0)" + (titles[$0].map { " (\($0))" } ?? "") } + closed.escalations.map { "escalation \($0)" }
        let what =
            switch closed.cause {
            case "branch.cancel": "closed with branch \(closed.branch.map(\.description) ?? "?")"
            case "run.completed": "left open when run returned, closed"
            default: "closed with the run"
            }
        return "\(what): " + items.joined(separator: ", ")
    }

    /// `: <title>` for a task seen created, else nothing.
    private func title(_ task: TaskID) -> String {
        titles[task].map { ": \($0)" } ?? ""
    }

    private static func conditions(_ conditions: [WaitCondition], at now: Date) -> String {
        conditions.map { condition -> String in
            switch condition {
            case .task(let task): "task \(task)"
            case .taskReached(let task, let milestone): "task \(task) \(milestone.rawValue)"
            case .signal(let signal): "signal '\(signal)'"
            case .escalation(let escalation): "the decision on \(escalation)"
            case .branch(let branch): "branch \(branch)"
            case .timer(let until): "a timer (fires \(RelativeTime.describe(from: now, to: until)))"
            }
        }.joined(separator: ", ")
    }

    /// `district=singil, level=advisory`: parameters as they were given, by name.
    static func parameters(_ params: JSONValue) -> String {
        guard case .object(let fields) = params else { return "" }
        return fields.keys.sorted().map { "\($0)=\(plain(fields[$0] ?? .null))" }.joined(separator: ", ")
    }

    /// A value as a person would write it: strings bare, whole floats without `.0`, lists with commas.
    static func plain(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): return text
        case .integer(let number): return String(number)
        case .number(let number) where number.rounded() == number && abs(number) < 1e15: return String(Int64(number))
        case .array(let items) where items.allSatisfy({ $0.stringValue != nil }):
            return items.compactMap(\.stringValue).joined(separator: ",")
        default: return compact(value)
        }
    }

    static func compact(_ value: JSONValue) -> String {
        (try? value.encodedText()) ?? "\(value)"
    }

    /// ` by kim`, or nothing.
    private static func by(_ person: String?) -> String {
        person.map { " by \($0)" } ?? ""
    }

    /// ` — "note"`, or nothing.
    private static func note(_ text: String?) -> String {
        text.map { " — \"\($0)\"" } ?? ""
    }

    /// `: reason`, or nothing.
    private static func suffix(_ text: String?) -> String {
        text.map { ": \($0)" } ?? ""
    }

    /// `in_progress` → `in progress`.
    private static func words(_ code: String) -> String {
        code.replacingOccurrences(of: "_", with: " ")
    }
}
