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
    /// Task titles by task id, from the `task.create` commands seen so far.
    private var titles: [String: String] = [:]

    init(run: RunID) {
        self.run = run
    }

    /// Takes an event into account without putting it into words.
    mutating func learn(_ event: HistoryEvent) {
        _ = narrate(event, detail: .full)
    }

    /// The event in words, or nil when `detail` leaves it out.
    mutating func narrate(_ event: HistoryEvent, detail: Detail) -> Line? {
        let payload = event.payload
        switch event.kind {
        case .runStarted:
            let params = Self.parameters(payload["params"] ?? .null)
            return Line(text: "run \(run) started: \(event.name)" + (params.isEmpty ? "" : " (\(params))"), tone: .plain)
        case .commandIssued:
            return issued(event, detail: detail)
        case .commandAnswered:
            return answered(event, detail: detail)
        case .runCompleted:
            let result = payload["result"] ?? .null
            return Line(text: "run completed" + (result == .null ? "" : ": \(Self.compact(result))"), tone: .good)
        case .runFailed:
            return Line(text: "run failed: \(payload["message"]?.stringValue ?? Self.compact(payload))", tone: .bad)
        case .runCancelled:
            let unreplayable = payload["unreplayable"]?.stringValue.map { " (without replaying it: \($0))" } ?? ""
            return Line(text: "run cancelled" + Self.by(payload) + Self.suffix(payload["reason"]) + unreplayable, tone: .bad)
        case .taskUpdated:
            return taskUpdated(payload)
        case .taskEscalated:
            let task = payload["task"]?.stringValue ?? "?"
            let rung = payload["rung"]?.integerValue.map { " (rung \($0))" } ?? ""
            return Line(text: "task \(task) climbed to \(payload["to"]?.stringValue ?? "?")\(rung)\(title(task))", tone: .notice)
        case .escalationAcknowledged:
            return Line(text: "escalation \(payload["escalation"]?.stringValue ?? "?") acknowledged" + Self.by(payload), tone: .plain)
        case .escalationDecided:
            let option = payload["option"]?.stringValue ?? "?"
            return Line(
                text: "escalation \(payload["escalation"]?.stringValue ?? "?") decided" + Self.by(payload) + ": \(option)"
                    + Self.note(payload["note"]),
                tone: .good)
        case .signalReceived:
            let data = payload["payload"] ?? .null
            return Line(
                text: "signal '\(payload["signal"]?.stringValue ?? event.name)' received" + (data == .null ? "" : ": \(Self.compact(data))"),
                tone: .plain)
        default:
            return detail == .full ? Line(text: "\(event.kind) \(event.name) \(Self.compact(payload))", tone: .quiet) : nil
        }
    }

    /// A task past its due time and not finished: `ilsa run` says so once, when it happens.
    func overdue(_ task: TaskSummary, now: Date) -> Line {
        let late = task.due.map { RelativeTime.describe(from: now, to: $0) }.flatMap { $0.hasPrefix("overdue") ? $0 : nil } ?? "overdue"
        let assignee = TaskSummary.assignee(role: task.role, district: task.district, unit: task.unit, person: task.person)
        return Line(text: "task \(task.id) \(late): \(task.title)" + (assignee.map { " → \($0)" } ?? ""), tone: .notice)
    }

    // MARK: Commands

    private mutating func issued(_ event: HistoryEvent, detail: Detail) -> Line? {
        let payload = event.payload
        let id = "\(run).\(event.command ?? 0)"
        let full = detail == .full
        switch event.name {
        case "task.create":
            let title = payload["title"]?.stringValue ?? ""
            titles[id] = title
            var parts = [title]
            let assignee = TaskSummary.assignee(
                role: payload["assignee"]?["role"]?.stringValue, district: payload["assignee"]?["district"]?.stringValue,
                unit: payload["assignee"]?["unit"]?.stringValue, person: payload["assignee"]?["person"]?.stringValue)
            if let assignee { parts[0] += " → \(assignee)" }
            if let due = Self.date(payload["due"]) { parts.append("due \(RelativeTime.describe(from: event.at, to: due))") }
            if let priority = payload["priority"]?.stringValue, priority != "normal" { parts.append(priority) }
            return Line(text: "task \(id) created: " + parts.joined(separator: ", "), tone: .plain)
        case "task.cancel":
            let task = payload["task"]?.stringValue ?? "?"
            return Line(text: "task \(task) cancelled by the playbook\(title(task))", tone: .plain)
        case "escalation.create":
            let options = payload["options"]?.arrayValue?.compactMap(\.stringValue).joined(separator: ", ") ?? ""
            return Line(
                text: "escalation \(id) to \(payload["to"]?.stringValue ?? "?") (\(payload["severity"]?.stringValue ?? "?")): "
                    + "\(payload["reason"]?.stringValue ?? "") — options: \(options)",
                tone: .notice)
        case "escalation.withdraw":
            return Line(text: "escalation \(payload["escalation"]?.stringValue ?? "?") withdrawn by the playbook", tone: .plain)
        case "timer.start":
            let fires = Self.date(payload["until"]).map { ": fires \(RelativeTime.describe(from: event.at, to: $0))" } ?? ""
            return Line(text: "timer \(id) set\(fires)", tone: .quiet)
        case "sleep":
            let wakes = Self.date(payload.arrayValue?.first?["timer"]).map { ": wakes \(RelativeTime.describe(from: event.at, to: $0))" }
            return Line(text: "sleeping" + (wakes ?? ""), tone: .quiet)
        case "signal.wait":
            return Line(text: "waiting for " + conditions(payload, at: event.at), tone: .quiet)
        case "any":
            let watches = payload.arrayValue?.contains { $0["signal"] != nil || $0["timer"] != nil } ?? false
            guard full || watches else { return nil }
            return Line(text: "waiting for the first of: " + conditions(payload, at: event.at), tone: .quiet)
        case "task.wait", "escalation.wait", "branch.wait", "timer.wait":
            return full ? Line(text: "waiting for " + conditions(payload, at: event.at), tone: .quiet) : nil
        case "parallel":
            return full ? Line(text: "running \(payload["branches"]?.integerValue ?? 0) branches side by side", tone: .quiet) : nil
        case "branch.start":
            return full ? Line(text: "branch \(id) started", tone: .quiet) : nil
        case "branch.cancel":
            return Line(text: "branch \(payload["branch"]?.stringValue ?? "?") cancelled by the playbook", tone: .plain)
        case "roster.units":
            guard full else { return nil }
            let count = payload["result"]?.arrayValue?.count ?? 0
            return Line(text: "asked the roster for units \(Self.compact(payload["query"] ?? .null)): \(count) found", tone: .quiet)
        case "roster.district":
            return full ? Line(text: "asked the roster for district \(payload["query"]?.stringValue ?? "?")", tone: .quiet) : nil
        case "log":
            return Line(text: "log: \(payload["message"]?.stringValue ?? Self.compact(payload))", tone: .plain)
        default:
            return full ? Line(text: "\(event.name) \(Self.compact(payload))", tone: .quiet) : nil
        }
    }

    /// The answer that resumed a wait: a task that ended, a timer, a signal, a decision, a branch.
    private func answered(_ event: HistoryEvent, detail: Detail) -> Line? {
        let payload = event.payload
        let text: String
        if let task = payload["task"]?.stringValue {
            text = "task \(task) \(Self.words(payload["state"]?.stringValue ?? "ended"))"
        } else if payload["timer"] != nil {
            return Line(text: detail == .full ? "answered #\(event.command ?? 0): timer fired" : "timer fired", tone: .quiet)
        } else if let signal = payload["signal"]?.stringValue {
            text = "signal '\(signal)' taken"
        } else if let escalation = payload["escalation"]?.stringValue {
            let outcome = payload["option"]?.stringValue ?? Self.words(payload["state"]?.stringValue ?? "ended")
            text = "escalation \(escalation): \(outcome)"
        } else if let branch = payload["branch"]?.stringValue {
            text = "branch \(branch) \(Self.words(payload["state"]?.stringValue ?? "ended"))"
        } else {
            text = Self.compact(payload)
        }
        return detail == .full ? Line(text: "answered #\(event.command ?? 0): \(text)", tone: .quiet) : nil
    }

    private func taskUpdated(_ payload: JSONValue) -> Line {
        let task = payload["task"]?.stringValue ?? "?"
        let action = payload["action"]?.stringValue ?? ""
        let verb: String
        var tone = Tone.plain
        switch action {
        case "acknowledge": verb = "acknowledged"
        case "start": verb = "started"
        case "complete":
            verb = "done"
            tone = .good
        case "fail":
            verb = "failed"
            tone = .bad
        case "note": verb = "noted"
        default: verb = Self.words(payload["state"]?.stringValue ?? action)
        }
        return Line(text: "task \(task) \(verb)" + Self.by(payload) + title(task) + Self.note(payload["note"]), tone: tone)
    }

    // MARK: Pieces

    /// `: <title>` for a task seen created, else nothing.
    private func title(_ task: String) -> String {
        titles[task].map { ": \($0)" } ?? ""
    }

    private func conditions(_ payload: JSONValue, at now: Date) -> String {
        let items = (payload.arrayValue ?? []).map { condition -> String in
            if let task = condition["task"]?.stringValue { return "task \(task)" }
            if let signal = condition["signal"]?.stringValue { return "signal '\(signal)'" }
            if let escalation = condition["escalation"]?.stringValue { return "the decision on \(escalation)" }
            if let branch = condition["branch"]?.stringValue { return "branch \(branch)" }
            if let until = Self.date(condition["timer"]) { return "a timer (fires \(RelativeTime.describe(from: now, to: until)))" }
            return Self.compact(condition)
        }
        return items.joined(separator: ", ")
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
    private static func by(_ payload: JSONValue) -> String {
        payload["by"]?.stringValue.map { " by \($0)" } ?? ""
    }

    /// ` — "note"`, or nothing.
    private static func note(_ value: JSONValue?) -> String {
        value?.stringValue.map { " — \"\($0)\"" } ?? ""
    }

    /// `: reason`, or nothing.
    private static func suffix(_ value: JSONValue?) -> String {
        value?.stringValue.map { ": \($0)" } ?? ""
    }

    /// `in_progress` → `in progress`.
    private static func words(_ code: String) -> String {
        code.replacingOccurrences(of: "_", with: " ")
    }

    /// A time stored as milliseconds since 1970.
    static func date(_ value: JSONValue?) -> Date? {
        value?.integerValue.map { Date(millisecondsSince1970: $0) }
    }
}
