import IlsaDrill
import IlsaEngine
import IlsaTerminal

/// A drill report as text for the terminal: the header, the timeline, the tasks, the
/// escalations, the critical path and the result, in aligned tables (Korean titles line up).
struct DrillText {
    let report: DrillReport
    var styler: Styler = .plain
    /// The terminal's width, to fit the tables to; nil not to cut anything.
    var width: Int?

    /// The report as lines for the terminal. What the playbook and the responders file wrote
    /// (titles, parameters, the failure, the result) has its control characters made visible
    /// before it is styled; the tables do that to their cells.
    func render() -> String {
        var lines: [String] = []
        lines.append(styler.apply(.bold, to: "Drill of \(report.playbook) — \(report.title)".visibleControls))
        let values = report.parameters.map { "\($0.name)=\($0.value)" }.joined(separator: ", ")
        lines.append(("  \(report.path)" + (values.isEmpty ? "" : " · \(values)")).visibleControls)
        lines.append(
            ("  seed \(report.seed) · T0 \(report.startText) (virtual clock) · horizon \(report.horizonText)"
                + " · responders: \(report.responders)").visibleControls)
        lines += section("Timeline", timeline())
        lines += section("Tasks", tasks())
        lines += section("Escalations", report.escalations.isEmpty ? ["none"] : escalations())
        lines += section("Critical path", criticalPath())
        lines.append("")
        lines.append(styler.apply(.bold, to: "Result: ") + summary())
        if let returned = report.returned, returned != .null { lines.append("Returned: \(returned)".visibleControls) }
        return lines.joined(separator: "\n") + "\n"
    }

    private func section(_ title: String, _ body: [String]) -> [String] {
        ["", styler.apply(.bold, to: title)] + body
    }

    private func render(_ table: TextTable, style: (Int, Int) -> Style = { _, _ in .plain }) -> [String] {
        table.lines(fittingWidth: width, styler: styler, headerStyle: .dim, cellStyle: style)
    }

    private func timeline() -> [String] {
        var table = TextTable(columns: [.init("TIME"), .init("EVENT", truncatable: true)])
        for entry in report.timeline { table.append([DrillReport.offsetText(entry.at), entry.text]) }
        return render(table) { row, column in
            guard column == 1 else { return .dim }
            switch report.timeline[row].kind {
            case .climbed, .failed: return .color(.red)
            case .escalated, .decided: return .color(.magenta)
            case .signal: return .color(.cyan)
            case .ended, .started: return .bold
            default: return .plain
            }
        }
    }

    private func tasks() -> [String] {
        var table = TextTable(columns: [
            .init("ID"), .init("TASK", maxWidth: 36, truncatable: true), .init("ASSIGNEE", truncatable: true), .init("DUE"),
            .init("ACKNOWLEDGED"), .init("DONE"), .init("LADDER"), .init("RESULT"),
        ])
        for task in report.tasks {
            let ladder = task.climbs.last.map { "\($0.rung) \($0.to)" } ?? "—"
            table.append([
                task.id, task.title, task.assignee, task.due.map(DrillReport.offsetText) ?? "—",
                task.acknowledged.map(DrillReport.offsetText) ?? "—", task.finished.map(DrillReport.offsetText) ?? "—", ladder,
                result(task),
            ])
        }
        return render(table) { row, column in
            guard column == 7 else { return column == 6 && !report.tasks[row].climbs.isEmpty ? .color(.red) : .plain }
            switch report.tasks[row].result {
            case .met: return .color(.green)
            case .missed, .open: return .color(.yellow)
            case .failed: return .color(.red)
            case .cancelled: return .dim
            }
        }
    }

    private func result(_ task: DrillReport.Task) -> String {
        switch task.result {
        case .missed: task.lateness.map { "missed (+\(DrillReport.durationText($0)))" } ?? "missed"
        case .cancelled where task.acknowledged == nil: "cancelled, never acknowledged"
        default: task.result.rawValue
        }
    }

    private func escalations() -> [String] {
        var table = TextTable(columns: [
            .init("ID"), .init("TO"), .init("SEVERITY"), .init("RAISED"), .init("DECIDED"), .init("DECISION"), .init("TOOK"),
            .init("REASON", truncatable: true),
        ])
        for escalation in report.escalations {
            table.append([
                escalation.id, escalation.to, DrillReport.severityText(escalation.severity), DrillReport.offsetText(escalation.raised),
                escalation.decided.map(DrillReport.offsetText) ?? "—", escalation.decision ?? escalation.state.rawValue,
                escalation.timeToDecide.map(DrillReport.durationText) ?? "—", escalation.reason,
            ])
        }
        return render(table)
    }

    private func criticalPath() -> [String] {
        var table = TextTable(columns: [.init("FROM"), .init("TO"), .init("TOOK", alignment: .right), .init("STEP", truncatable: true)])
        for step in report.criticalPath {
            let took = step.to > step.from ? DrillReport.durationText(step.to - step.from) : ""
            table.append([DrillReport.offsetText(step.from), DrillReport.offsetText(step.to), took, "\(step.kind.rawValue): \(step.label)"])
        }
        return render(table)
    }

    /// `completed at T+3:00:00 · tasks: 3 met, 1 missed · ladders: ... · escalations: ...`, its
    /// control characters made visible (it names a task and may quote the playbook's error).
    func summary() -> String {
        var parts: [String] = []
        switch report.outcome {
        case .completed: parts.append("completed at \(DrillReport.offsetText(report.end))")
        case .failed: parts.append("failed at \(DrillReport.offsetText(report.end)): \(report.failure ?? "")")
        case .cancelled: parts.append("cancelled at \(DrillReport.offsetText(report.end))")
        case .waiting: parts.append("still waiting at the horizon, \(DrillReport.offsetText(report.end))")
        }
        let counts: [(DrillReport.Task.Result, String)] = [
            (.met, "met"), (.missed, "missed"), (.failed, "failed"), (.cancelled, "cancelled"), (.open, "open"),
        ]
        let tasks = counts.compactMap { result, word in
            let n = report.count(result)
            return n > 0 || result == .met || result == .missed ? "\(n) \(word)" : nil
        }
        parts.append("tasks: " + tasks.joined(separator: ", "))
        if let (task, climb) = report.highestClimb {
            let climbed = report.tasks.count { !$0.climbs.isEmpty }
            parts.append("ladders: \(climbed) climbed, highest rung \(climb.rung) (\(climb.to), \(task.title))")
        } else {
            parts.append("ladders: none climbed")
        }
        if let highest = report.highestEscalation {
            let decided = highest.decision.map { ", decided \($0)" } ?? ""
            parts.append(
                "escalations: \(report.escalations.count), highest \(DrillReport.severityText(highest.severity)) to \(highest.to)\(decided)"
            )
        } else {
            parts.append("escalations: none")
        }
        return parts.joined(separator: " · ").visibleControls
    }
}
