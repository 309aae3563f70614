import IlsaStore
import Foundation

/// The timeline and the critical path, read from the run's history.
extension DrillReport {
    /// One entry per fact people care about: the start, logs, tasks created and answered, ladder
    /// climbs, escalations and decisions, signals, the end. Waits and timers are left out.
    func timelineEntries(_ history: [HistoryEvent], offset: (Date) -> Duration) -> [Entry] {
        let tasksByID = Dictionary(uniqueKeysWithValues: tasks.map { ($0.id, $0) })
        let escalationsByID = Dictionary(uniqueKeysWithValues: escalations.map { ($0.id, $0) })
        func title(_ task: String?) -> String { task.flatMap { tasksByID[$0]?.title } ?? task ?? "?" }
        var entries: [Entry] = []
        for event in history {
            let at = offset(event.at)
            func add(_ kind: Entry.Kind, _ text: String, _ reference: String? = nil) {
                entries.append(Entry(at: at, kind: kind, text: text, reference: reference))
            }
            let payload = event.payload
            let by = payload["by"]?.stringValue ?? "?"
            switch (event.kind, event.name) {
            case (.runStarted, _):
                let values = parameters.map { "\($0.name)=\($0.value)" }.joined(separator: ", ")
                add(.started, "run started: \(playbook)" + (values.isEmpty ? "" : " (\(values))"))
            case (.commandIssued, "log"):
                add(.log, "log: \(payload["message"]?.stringValue ?? "")")
            case (.commandIssued, "task.create"):
                let id = "\(Drill.runID).\(event.command ?? 0)"
                let task = tasksByID[id]
                let due = task?.due.map { ", due \(Self.offsetText($0))" } ?? ""
                add(.task, "task \(title(id)) → \(task?.assignee ?? "?")\(due)", id)
            case (.commandIssued, "task.cancel"):
                let id = payload["task"]?.stringValue
                add(.cancelled, "cancelled by the playbook: \(title(id))", id)
            case (.commandIssued, "escalation.create"):
                let id = "\(Drill.runID).\(event.command ?? 0)"
                let severity = Self.severityText(payload["severity"]?.stringValue ?? "")
                add(.escalated, "escalated to \(payload["to"]?.stringValue ?? "?"), \(severity): \(payload["reason"]?.stringValue ?? "")", id)
            case (.commandIssued, "escalation.withdraw"):
                add(.cancelled, "escalation withdrawn by the playbook", payload["escalation"]?.stringValue)
            case (.taskUpdated, _):
                let id = payload["task"]?.stringValue
                switch payload["state"]?.stringValue.flatMap(TaskState.init(rawValue:)) {
                case .acknowledged?: add(.acknowledged, "acknowledged by \(by): \(title(id))", id)
                case .inProgress? where payload["action"]?.stringValue == "start": add(.acknowledged, "started by \(by): \(title(id))", id)
                case .done?:
                    let task = id.flatMap { tasksByID[$0] }
                    let late = task?.lateness.map { "missed, \(Self.durationText($0)) late" } ?? (task?.due == nil ? "done" : "met")
                    add(.done, "done by \(by): \(title(id)) — \(late)", id)
                case .failed?: add(.failed, "failed by \(by): \(title(id))", id)
                default: break
                }
            case (.taskEscalated, _):
                let id = payload["task"]?.stringValue
                let rung = payload["rung"]?.integerValue ?? 0
                add(.climbed, "not acknowledged: \(title(id)) climbed to rung \(rung) (\(payload["to"]?.stringValue ?? "?"))", id)
            case (.escalationAcknowledged, _):
                add(.escalationAcknowledged, "\(by) acknowledged the escalation", payload["escalation"]?.stringValue)
            case (.escalationDecided, _):
                let id = payload["escalation"]?.stringValue
                let took = id.flatMap { escalationsByID[$0]?.timeToDecide }.map { " (\(Self.durationText($0)) after it was raised)" } ?? ""
                add(.decided, "\(by) decided: \(payload["option"]?.stringValue ?? "?")\(took)", id)
            case (.signalReceived, _):
                let body = payload["payload"].map { $0 == .null ? "" : " \($0.description)" } ?? ""
                add(.signal, "signal \(payload["signal"]?.stringValue ?? "?")\(body)")
            case (.runCompleted, _):
                add(.ended, "run completed")
            case (.runFailed, _):
                add(.ended, "run failed: \(payload["message"]?.stringValue ?? "")")
            case (.runCancelled, _):
                add(.ended, "run cancelled")
            default:
                break
            }
        }
        if outcome == .waiting {
            entries.append(Entry(at: end, kind: .ended, text: "still waiting at the horizon (\(horizonText))"))
        }
        return entries
    }

    // MARK: Critical path

    /// The critical path (see ``Step``): from the fact that let the run end back to the start.
    func criticalLinks(_ history: [HistoryEvent], offset: (Date) -> Duration) -> [Step] {
        let tasksByID = Dictionary(uniqueKeysWithValues: tasks.map { ($0.id, $0) })
        let escalationsByID = Dictionary(uniqueKeysWithValues: escalations.map { ($0.id, $0) })
        let endIndex = history.firstIndex { [.runCompleted, .runFailed, .runCancelled].contains($0.kind) } ?? history.count
        let endLabel = switch outcome {
        case .completed: "run completed"
        case .failed: "run failed"
        case .cancelled: "run cancelled"
        case .waiting: "still waiting at the horizon"
        }
        var links = [Step(kind: .end, label: endLabel, from: end, to: end)]
        var cursor = Self.trigger(in: history, before: endIndex)
        while let index = cursor {
            let event = history[index]
            let at = offset(event.at)
            cursor = nil
            switch event.kind {
            case .runStarted:
                links.append(Step(kind: .start, label: "run started", from: at, to: at))
            case .signalReceived:
                links.append(Step(kind: .signal, label: "signal \(event.payload["signal"]?.stringValue ?? "?")", from: at, to: at))
                links.append(Step(kind: .start, label: "run started", from: .zero, to: .zero))
            case .taskUpdated:
                guard let id = event.payload["task"]?.stringValue, let created = Self.command(in: history, id: id, name: "task.create") else { break }
                let task = tasksByID[id]
                let label = "\(task?.title ?? id) (\(task?.assignee ?? "?"))"
                links.append(Step(kind: .task, label: label, from: offset(history[created].at), to: at, reference: id))
                cursor = Self.trigger(in: history, before: created)
            case .escalationDecided:
                guard let id = event.payload["escalation"]?.stringValue,
                    let raised = Self.command(in: history, id: id, name: "escalation.create")
                else { break }
                let escalation = escalationsByID[id]
                let label = "escalation to \(escalation?.to ?? "?"), \(Self.severityText(escalation?.severity ?? "")): \(escalation?.decision ?? "?")"
                links.append(Step(kind: .escalation, label: label, from: offset(history[raised].at), to: at, reference: id))
                cursor = Self.trigger(in: history, before: raised)
            default: // a timer fired
                guard let until = event.payload["timer"]?.integerValue, let set = Self.timerCommand(in: history, until: until, before: index) else { break }
                let name = history[set].name == "sleep" ? "sleep" : "timer"
                let length = Self.durationText(.milliseconds(until - history[set].at.millisecondsSince1970))
                links.append(Step(kind: .timer, label: "\(name) \(length)", from: offset(history[set].at), to: at))
                cursor = Self.trigger(in: history, before: set)
            }
        }
        return links.reversed()
    }

    /// The latest fact before `index` that wakes a run: the start, a task done or failed, a
    /// decision, a signal, a timer firing.
    static func trigger(in history: [HistoryEvent], before index: Int) -> Int? {
        var i = min(index, history.count) - 1
        while i >= 0 {
            let event = history[i]
            switch event.kind {
            case .runStarted, .signalReceived, .escalationDecided: return i
            case .taskUpdated:
                if let state = event.payload["state"]?.stringValue, state == "done" || state == "failed" { return i }
            case .commandAnswered:
                if event.payload["timer"] != nil { return i }
            default: break
            }
            i -= 1
        }
        return nil
    }

    /// The command that made the task or escalation with this id.
    static func command(in history: [HistoryEvent], id: String, name: String) -> Int? {
        let number = DrillReport.number(id)
        return history.firstIndex { $0.kind == .commandIssued && $0.command == number && $0.name == name }
    }

    /// The first command before `index` that set a timer until `until`: `ilsa.timer` or `ilsa.sleep`.
    static func timerCommand(in history: [HistoryEvent], until: Int64, before index: Int) -> Int? {
        history[..<index].firstIndex { event in
            guard event.kind == .commandIssued else { return false }
            if event.name == "timer.start" { return event.payload["until"]?.integerValue == until }
            return event.name == "sleep" && event.payload.arrayValue?.contains { $0["timer"]?.integerValue == until } == true
        }
    }
}
