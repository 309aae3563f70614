import IlsaStore
import Foundation

/// The timeline and the critical path, read from the run's history.
extension DrillReport {
    /// One entry per fact people care about: the start, logs, tasks created and answered, ladder
    /// climbs, escalations and decisions, signals, the end. Waits and timers are left out.
    func timelineEntries(_ history: [HistoryEvent], offset: (Date) -> Duration) -> [Entry] {
        let tasksByID = Dictionary(uniqueKeysWithValues: tasks.map { ($0.id, $0) })
        let escalationsByID = Dictionary(uniqueKeysWithValues: escalations.map { ($0.id, $0) })
        func title(_ task: TaskID) -> String { tasksByID[task.description]?.title ?? task.description }
        /// Who acted, with the task's district when the name does not say it: three districts'
        /// `POL.BOX` acknowledging the same title are three lines that differ.
        func who(_ by: String?, _ task: TaskID) -> String {
            let by = by ?? "?"
            guard let district = tasksByID[task.description]?.district, !by.contains(district) else { return by }
            return "\(by) \(district)"
        }
        var entries: [Entry] = []
        for event in history {
            let at = offset(event.at)
            func add(_ kind: Entry.Kind, _ text: String, _ reference: String? = nil) {
                entries.append(Entry(at: at, kind: kind, text: text, reference: reference))
            }
            switch event.fact {
            case .started:
                let values = parameters.map { "\($0.name)=\($0.value)" }.joined(separator: ", ")
                add(.started, "run started: \(playbook)" + (values.isEmpty ? "" : " (\(values))"))
            case .issued(let command):
                switch command.request {
                case .log(let message):
                    add(.log, "log: \(message)")
                case .createTask:
                    let id = TaskID(run: Drill.runID, number: command.number)
                    let task = tasksByID[id.description]
                    let due = task?.due.map { ", due \(Self.offsetText($0))" } ?? ""
                    add(.task, "task \(title(id)) → \(task?.assignee ?? "?")\(due)", id.description)
                case .cancelTask(let id):
                    add(.cancelled, "cancelled by the playbook: \(title(id))", id.description)
                case .escalate(let spec):
                    let id = EscalationID(run: Drill.runID, number: command.number)
                    add(.escalated, "escalated to \(spec.to), \(Self.severityText(spec.severity)): \(spec.reason)", id.description)
                case .withdrawEscalation(let id):
                    add(.cancelled, "escalation withdrawn by the playbook", id.description)
                default:
                    break
                }
            case .taskUpdated(let update):
                let id = update.task
                let by = who(update.by, id)
                switch update.state {
                case .acknowledged: add(.acknowledged, "acknowledged by \(by): \(title(id))", id.description)
                case .inProgress where update.action == .start: add(.acknowledged, "started by \(by): \(title(id))", id.description)
                case .done:
                    let task = tasksByID[id.description]
                    let late = task?.lateness.map { "missed, \(Self.durationText($0)) late" } ?? (task?.due == nil ? "done" : "met")
                    add(.done, "done by \(by): \(title(id)) — \(late)", id.description)
                case .failed: add(.failed, "failed by \(by): \(title(id))", id.description)
                default: break
                }
            case .taskClimbed(let climb):
                add(.climbed, "not acknowledged: \(title(climb.task)) climbed to rung \(climb.rung) (\(climb.to))", climb.task.description)
            case .escalationAcknowledged(let acknowledgement):
                add(.escalationAcknowledged, "\(acknowledgement.by) acknowledged the escalation", acknowledgement.escalation.description)
            case .escalationDecided(let end):
                let id = end.escalation.description
                let took = escalationsByID[id]?.timeToDecide.map { " (\(Self.durationText($0)) after it was raised)" } ?? ""
                add(.decided, "\(end.by ?? "?") decided: \(end.option ?? "?")\(took)", id)
            case .signalReceived(let arrival):
                add(.signal, "signal \(arrival.signal)" + (arrival.payload == .null ? "" : " \(arrival.payload.description)"))
            case .completed:
                add(.ended, "run completed")
            case .failed(let failure):
                add(.ended, "run failed: \(failure.message)")
            case .cancelled:
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
        let endIndex = history.firstIndex { $0.fact.endsRun } ?? history.count
        let endLabel =
            switch outcome {
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
            switch event.fact {
            case .started:
                links.append(Step(kind: .start, label: "run started", from: at, to: at))
            case .signalReceived(let arrival):
                links.append(Step(kind: .signal, label: "signal \(arrival.signal)", from: at, to: at))
                links.append(Step(kind: .start, label: "run started", from: .zero, to: .zero))
            case .taskUpdated(let update):
                guard let created = Self.command(in: history, number: update.task.number) else { break }
                let task = tasksByID[update.task.description]
                let label = "\(task?.title ?? update.task.description) (\(task?.assignee ?? "?"))"
                links.append(Step(kind: .task, label: label, from: offset(history[created].at), to: at, reference: update.task.description))
                cursor = Self.trigger(in: history, before: created)
            case .escalationDecided(let decision):
                guard let raised = Self.command(in: history, number: decision.escalation.number) else { break }
                let escalation = escalationsByID[decision.escalation.description]
                let label =
                    "escalation to \(escalation?.to ?? "?"), \(Self.severityText(escalation?.severity ?? "")): \(escalation?.decision ?? "?")"
                links.append(
                    Step(
                        kind: .escalation, label: label, from: offset(history[raised].at), to: at,
                        reference: decision.escalation.description))
                cursor = Self.trigger(in: history, before: raised)
            case .answered(let answer):  // a timer fired
                guard case .timer(let until) = answer.outcome, let set = Self.timerCommand(in: history, until: until, before: index) else {
                    break
                }
                let name = history[set].name == WaitKind.sleep.rawValue ? "sleep" : "timer"
                let length = Self.durationText(.milliseconds(until.millisecondsSince1970 - history[set].at.millisecondsSince1970))
                links.append(Step(kind: .timer, label: "\(name) \(length)", from: offset(history[set].at), to: at))
                cursor = Self.trigger(in: history, before: set)
            default:
                break
            }
        }
        return links.reversed()
    }

    /// The latest fact before `index` that wakes a run: the start, a task done or failed, a
    /// decision, a signal, a timer firing.
    static func trigger(in history: [HistoryEvent], before index: Int) -> Int? {
        var i = min(index, history.count) - 1
        while i >= 0 {
            switch history[i].fact {
            case .started, .signalReceived, .escalationDecided: return i
            case .taskUpdated(let update) where update.state == .done || update.state == .failed: return i
            case .answered(let answer):
                if case .timer = answer.outcome { return i }
            default: break
            }
            i -= 1
        }
        return nil
    }

    /// The event of the command that made the task or escalation numbered `number`.
    static func command(in history: [HistoryEvent], number: Int) -> Int? {
        history.firstIndex { if case .issued(let command) = $0.fact { command.number == number } else { false } }
    }

    /// The first command before `index` that set a timer until `until`: `ilsa.timer` or `ilsa.sleep`.
    static func timerCommand(in history: [HistoryEvent], until: Date, before index: Int) -> Int? {
        history[..<index].firstIndex { event in
            guard case .issued(let command) = event.fact else { return false }
            switch command.request {
            case .startTimer(let time): return time == until
            case .wait(.sleep, let conditions): return conditions.contains(.timer(until))
            default: return false
            }
        }
    }
}
