/// The report's timeline chart: inline SVG, one row per task grouped by who has it, then one
/// per escalation. A bar runs from creation to the end (done, failed, cancelled; to the end of
/// the drill while open), coloured by result; a circle marks the acknowledgement, a red dashed
/// tick the due time, triangles the ladder climbs; bars on the critical path have a dark
/// outline. Signals and the end of the run are vertical lines across the chart.
extension DrillReport {
    private static let chartWidth = 1_100
    private static let labelWidth = 330
    private static let rightMargin = 30
    private static let top = 70
    private static let rowHeight = 22

    /// The chart as an `<svg>` element.
    func chartSVG() -> String {
        let plot = Self.chartWidth - Self.labelWidth - Self.rightMargin
        let (span, step) = Self.scale(for: chartSpan)
        func x(_ offset: Duration) -> Int {
            Self.labelWidth + Int((Double(plot) * Self.seconds(offset) / Self.seconds(span)).rounded())
        }
        let critical = Set(criticalPath.compactMap(\.reference))
        var rows: [String] = []
        var y = Self.top
        for (lane, members) in lanes {
            let title = members.first?.role.flatMap { roleTitles[$0] }.map { " · \($0)" } ?? ""
            rows.append(
                #"<text class="lane" x="8" y="\#(y + 15)">\#(HTMLText.escape(HTMLText.truncate(lane + title, toWidth: 52)))</text>"#)
            y += Self.rowHeight
            for task in members {
                rows.append(taskRow(task, y: y, x: x, critical: critical.contains(task.id)))
                y += Self.rowHeight
            }
        }
        if !escalations.isEmpty {
            rows.append(#"<text class="lane" x="8" y="\#(y + 15)">escalations · 상황 보고·결정</text>"#)
            y += Self.rowHeight
            for escalation in escalations {
                rows.append(escalationRow(escalation, y: y, x: x, critical: critical.contains(escalation.id)))
                y += Self.rowHeight
            }
        }
        let height = y + 12
        var grid: [String] = []
        var tick = Duration.zero
        while tick <= span {
            let tx = x(tick)
            grid.append(#"<line class="grid" x1="\#(tx)" y1="\#(Self.top - 6)" x2="\#(tx)" y2="\#(height - 12)"/>"#)
            grid.append(#"<text class="tick" x="\#(tx)" y="\#(Self.top - 10)">\#(Self.tickText(tick))</text>"#)
            tick += step
        }
        // Signal and end labels sit above the ticks, each in the first of three rows where it
        // does not overlap the label before it.
        var placed: [[ClosedRange<Int>]] = [[], [], []]
        func row(for extent: ClosedRange<Int>) -> Int {
            let index = placed.firstIndex { $0.allSatisfy { !$0.overlaps(extent) } } ?? 0
            placed[index].append(extent)
            return Self.top - 46 + 13 * index
        }
        var marks: [String] = []
        let ex = x(end)
        let endLabel = "\(outcome == .waiting ? "horizon" : outcome.rawValue) \(Self.offsetText(end))"
        let endY = row(for: (ex - Self.labelPixels(endLabel))...ex)
        marks.append(
            #"<g class="end"><line x1="\#(ex)" y1="\#(endY + 3)" x2="\#(ex)" y2="\#(height - 12)"/>"#
                + #"<text x="\#(ex - 3)" y="\#(endY)" text-anchor="end">\#(endLabel)</text></g>"#)
        for entry in timeline where entry.kind == .signal {
            let sx = x(entry.at)
            let name =
                "⚡ " + HTMLText.truncate(entry.text.split(separator: " ").dropFirst().first.map(String.init) ?? "signal", toWidth: 24)
            let sy = row(for: sx...(sx + 3 + Self.labelPixels(name)))
            marks.append(
                #"<g class="signal"><title>\#(HTMLText.escape(Self.offsetText(entry.at) + " " + entry.text))</title>"#
                    + #"<line x1="\#(sx)" y1="\#(sy + 3)" x2="\#(sx)" y2="\#(height - 12)"/>"#
                    + #"<text x="\#(sx + 3)" y="\#(sy)">\#(HTMLText.escape(name))</text></g>"#)
        }
        let label = HTMLText.escape("Timeline of the drill of \(playbook): \(tasks.count) tasks, \(escalations.count) escalations")
        return
            #"<svg class="chart" viewBox="0 0 \#(Self.chartWidth) \#(height)" width="\#(Self.chartWidth)" height="\#(height)" role="img" aria-label="\#(label)" xmlns="http://www.w3.org/2000/svg">"#
            + "\n" + (grid + rows + marks).joined(separator: "\n") + "\n</svg>"
    }

    private func taskRow(_ task: Task, y: Int, x: (Duration) -> Int, critical: Bool) -> String {
        let middle = y + Self.rowHeight / 2
        let from = x(task.created), to = max(x(task.finished ?? end), from + 3)
        var parts = [#"<g class="task \#(task.result.rawValue)\#(critical ? " critical" : "")">"#]
        var tip = "\(task.title) — \(task.assignee)\ncreated \(Self.offsetText(task.created))"
        if let due = task.due { tip += ", due \(Self.offsetText(due))" }
        if let ack = task.acknowledged { tip += "\nacknowledged \(Self.offsetText(ack)) by \(task.acknowledgedBy ?? "?")" }
        if let finished = task.finished { tip += "\n\(task.state.rawValue) \(Self.offsetText(finished))" }
        for climb in task.climbs { tip += "\nladder rung \(climb.rung) (\(climb.to)) \(Self.offsetText(climb.at))" }
        tip += "\nresult: \(task.result.rawValue)"
        parts.append("<title>\(HTMLText.escape(tip))</title>")
        parts.append(#"<text class="label" x="20" y="\#(y + 15)">\#(HTMLText.escape(HTMLText.truncate(task.title, toWidth: 48)))</text>"#)
        parts.append(#"<rect class="bar" x="\#(from)" y="\#(y + 5)" width="\#(to - from)" height="\#(Self.rowHeight - 10)" rx="3"/>"#)
        if let due = task.due {
            let dx = x(due)
            parts.append(#"<line class="due" x1="\#(dx)" y1="\#(y + 2)" x2="\#(dx)" y2="\#(y + Self.rowHeight - 2)"/>"#)
        }
        if let ack = task.acknowledged { parts.append(#"<circle class="ack" cx="\#(x(ack))" cy="\#(middle)" r="3.5"/>"#) }
        for climb in task.climbs {
            let cx = x(climb.at)
            parts.append(
                #"<path class="climb" d="M\#(cx - 5) \#(y + Self.rowHeight - 3) L\#(cx) \#(y + 3) L\#(cx + 5) \#(y + Self.rowHeight - 3) Z"/>"#
            )
            parts.append(#"<text class="rung" x="\#(cx + 6)" y="\#(y + 10)">\#(climb.rung)</text>"#)
        }
        parts.append("</g>")
        return parts.joined()
    }

    private func escalationRow(_ escalation: Escalation, y: Int, x: (Duration) -> Int, critical: Bool) -> String {
        let middle = y + Self.rowHeight / 2
        let from = x(escalation.raised), to = max(x(escalation.decided ?? end), from + 3)
        var tip =
            "\(Self.severityText(escalation.severity)) → \(escalation.to): \(escalation.reason)\nraised \(Self.offsetText(escalation.raised))"
        if let ack = escalation.acknowledged { tip += "\nacknowledged \(Self.offsetText(ack))" }
        if let decided = escalation.decided { tip += "\ndecided \(escalation.decision ?? "?") \(Self.offsetText(decided))" }
        var parts = [#"<g class="escalation \#(HTMLText.escape(escalation.severity))\#(critical ? " critical" : "")">"#]
        parts.append("<title>\(HTMLText.escape(tip))</title>")
        let label = "\(Self.severityText(escalation.severity)) → \(escalation.to)"
        parts.append(#"<text class="label" x="20" y="\#(y + 15)">\#(HTMLText.escape(HTMLText.truncate(label, toWidth: 48)))</text>"#)
        parts.append(#"<rect class="bar" x="\#(from)" y="\#(y + 5)" width="\#(to - from)" height="\#(Self.rowHeight - 10)" rx="3"/>"#)
        if let ack = escalation.acknowledged { parts.append(#"<circle class="ack" cx="\#(x(ack))" cy="\#(middle)" r="3.5"/>"#) }
        if let decided = escalation.decided {
            let dx = x(decided)
            parts.append(
                #"<path class="decision" d="M\#(dx) \#(y + 2) L\#(dx + 6) \#(middle) L\#(dx) \#(y + Self.rowHeight - 2) L\#(dx - 6) \#(middle) Z"/>"#
            )
        }
        parts.append("</g>")
        return parts.joined()
    }

    /// Tasks grouped by who has them (`DONG.HEAD singil`), groups in the order they first got one.
    var lanes: [(String, [Task])] {
        var order: [String] = []
        var groups: [String: [Task]] = [:]
        for task in tasks {
            if groups[task.assignee] == nil { order.append(task.assignee) }
            groups[task.assignee, default: []].append(task)
        }
        return order.map { ($0, groups[$0] ?? []) }
    }

    /// The latest time the chart must show: the end, and every due time and answer.
    private var chartSpan: Duration {
        var latest = max(end, .seconds(60))
        for task in tasks { latest = max(latest, task.due ?? .zero, task.finished ?? .zero) }
        for escalation in escalations { latest = max(latest, escalation.decided ?? .zero) }
        return latest
    }

    /// A span rounded up to whole ticks, and the tick: at most 12 ticks, on round minutes or hours.
    static func scale(for span: Duration) -> (Duration, Duration) {
        let steps: [Int64] = [5, 10, 15, 30, 60, 120, 180, 360, 720, 1_440, 2_880]
        let minutes = max(1, (span.components.seconds + 59) / 60)
        let step = steps.first { minutes <= $0 * 12 } ?? 2_880
        let ticks = (minutes + step - 1) / step
        return (.seconds(ticks * step * 60), .seconds(step * 60))
    }

    /// About how wide a label of 11px text is.
    static func labelPixels(_ text: String) -> Int { HTMLText.width(text) * 6 + 4 }

    static func tickText(_ offset: Duration) -> String {
        let minutes = offset.components.seconds / 60
        let rest = String(minutes % 60)
        return "+\(minutes / 60):\(rest.count < 2 ? "0" + rest : rest)"
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
