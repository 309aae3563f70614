/// The after-action report as one self-contained HTML file: inline CSS and SVG, no script, no
/// fonts or images from elsewhere; UTF-8, `lang="ko"`. Every text from the playbook, the roster
/// or the responders file is escaped. The same report gives the same bytes.
extension DrillReport {
    /// The report as an HTML document.
    public func html() -> String {
        let e = HTMLText.escape
        var page: [String] = []
        page.append(
            """
            <!DOCTYPE html>
            <html lang="ko">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(e(isDrill ? "훈련 결과 보고 · \(playbook) · seed \(seed)" : "사후 보고 · \(playbook)"))</title>
            <style>\(Self.css)</style>
            </head>
            <body>
            <header>
            <p class="kicker">\(isDrill ? "Ilsa drill · after-action report · 훈련 결과 보고" : "Ilsa · after-action report · 사후 보고")</p>
            <h1>\(e(title))</h1>
            <p class="meta">\(e(path)) · \(e(parameters.map { "\($0.name)=\($0.value)" }.joined(separator: ", ")))</p>
            <p class="meta">\(isDrill ? "seed \(seed) · T0 \(e(startText)) (virtual clock) · horizon \(e(horizonText))" : "T0 \(e(startText)) · \(e(horizonText))") · responders: \(e(responders))</p>
            </header>
            """)
        page.append(cards())
        page.append(
            "<section><h2>Timeline chart <span>타임라인</span></h2>\n<div class=\"scroll\">\(chartSVG())</div>\n\(Self.legend)</section>")
        page.append(criticalPathSection())
        page.append(tasksSection())
        page.append(escalationsSection())
        page.append(timelineSection())
        page.append(
            isDrill
                ? """
                <footer>Made by <code>ilsa drill</code> on a virtual clock against simulated responders; \
                the same seed gives this report byte for byte. Times are after T0 (T+hours:minutes:seconds).</footer>
                """
                : """
                <footer>Made by <code>ilsa serve</code> from the run's history: what the people on duty did, and when. \
                Times are after T0 (T+hours:minutes:seconds).</footer>
                """)
        page.append(
            """
            </body>
            </html>

            """)
        return page.joined(separator: "\n")
    }

    private func cards() -> String {
        var cards: [String] = []
        let outcomeText =
            switch outcome {
            case .completed: "completed 완료"
            case .failed: "failed 실패"
            case .cancelled: "cancelled 취소"
            case .waiting: "still waiting 대기 중"
            }
        cards.append(card("Result", outcomeText, Self.offsetText(end), style: outcome == .completed ? "good" : "bad"))
        let others = [(Task.Result.failed, "failed"), (.cancelled, "cancelled"), (.open, "open")]
            .compactMap { count($0.0) > 0 ? "\(count($0.0)) \($0.1)" : nil }
        cards.append(
            card(
                "Tasks 과업", "\(count(.met)) met · \(count(.missed)) missed",
                others.isEmpty ? "of \(tasks.count)" : others.joined(separator: " · "),
                style: count(.missed) + count(.failed) > 0 ? "warn" : "good"))
        if let (task, climb) = highestClimb {
            cards.append(card("Ladders 단계별 보고", "rung \(climb.rung) · \(climb.to)", task.title, style: "bad"))
        } else {
            cards.append(card("Ladders 단계별 보고", "none climbed", "every task acknowledged in time", style: "good"))
        }
        if let highest = highestEscalation {
            let took = highest.timeToDecide.map { "decided \(highest.decision ?? "") in \(Self.durationText($0))" } ?? "not decided"
            cards.append(card("Escalation 상황 보고", Self.severityText(highest.severity), took, style: "sev-" + highest.severity))
        } else {
            cards.append(card("Escalation 상황 보고", "none", "no escalation raised", style: "good"))
        }
        let links = criticalPath.filter { $0.kind != .start && $0.kind != .end }
        let longest = links.max { ($0.to - $0.from, $1.from) < ($1.to - $1.from, $0.from) }
        cards.append(
            card(
                "Critical path 주요 경로", "\(links.count) link\(links.count == 1 ? "" : "s") to \(Self.offsetText(end))",
                longest.map { "longest: \($0.label), \(Self.durationText($0.to - $0.from))" } ?? "nothing held the run", style: "path"))
        return "<section class=\"cards\">\n" + cards.joined(separator: "\n") + "\n</section>"
    }

    private func card(_ label: String, _ value: String, _ detail: String, style: String) -> String {
        let e = HTMLText.escape
        return
            #"<div class="card \#(e(style))"><div class="label">\#(e(label))</div><div class="value">\#(e(value))</div><div class="detail">\#(e(detail))</div></div>"#
    }

    private func criticalPathSection() -> String {
        let rows = criticalPath.map { step in
            let took = step.to > step.from ? Self.durationText(step.to - step.from) : ""
            return Self.row([Self.offsetText(step.from), Self.offsetText(step.to), took, step.kind.rawValue, step.label])
        }
        return Self.table(
            title: "Critical path <span>주요 경로</span>",
            note:
                "The chain of waits that decided when the run ended: the fact that let it end, the fact that led to that, and so on back to the start.",
            header: ["from", "to", "took", "kind", "step"], rows: rows)
    }

    private func tasksSection() -> String {
        let rows = tasks.map { task in
            let result = task.lateness.map { "missed (+\(Self.durationText($0)))" } ?? task.result.rawValue
            let ladder = task.climbs.map { "\($0.rung) \($0.to) at \(Self.offsetText($0.at))" }.joined(separator: "; ")
            return Self.row(
                [
                    task.id, task.title, task.assignee, task.taskClass, task.due.map(Self.offsetText) ?? "—",
                    task.acknowledged.map { "\(Self.offsetText($0)) \(task.acknowledgedBy ?? "")" } ?? "—",
                    task.finished.map(Self.offsetText) ?? "—", ladder.isEmpty ? "—" : ladder, result,
                ],
                resultClass: task.result.rawValue)
        }
        return Self.table(
            title: "Tasks <span>과업</span>", note: nil,
            header: ["id", "task", "assignee", "class", "due", "acknowledged", "finished", "ladder", "result"], rows: rows)
    }

    private func escalationsSection() -> String {
        guard !escalations.isEmpty else {
            return "<section><h2>Escalations <span>상황 보고</span></h2><p>No escalation was raised.</p></section>"
        }
        let rows = escalations.map { escalation in
            Self.row([
                escalation.id, escalation.to, Self.severityText(escalation.severity), escalation.reason,
                Self.offsetText(escalation.raised), escalation.acknowledged.map(Self.offsetText) ?? "—",
                escalation.decided.map(Self.offsetText) ?? "—", escalation.decision ?? escalation.state.rawValue,
                escalation.timeToDecide.map(Self.durationText) ?? "—",
            ])
        }
        return Self.table(
            title: "Escalations <span>상황 보고</span>", note: nil,
            header: ["id", "to", "severity", "reason", "raised", "acknowledged", "decided", "decision", "took"], rows: rows)
    }

    private func timelineSection() -> String {
        let rows = timeline.map { Self.row([Self.offsetText($0.at), $0.text], resultClass: $0.kind.rawValue) }
        return Self.table(title: "Timeline <span>경과</span>", note: nil, header: ["time", "event"], rows: rows)
    }

    private static func row(_ cells: [String], resultClass: String? = nil) -> String {
        let e = HTMLText.escape
        let attribute = resultClass.map { " class=\"\(e($0))\"" } ?? ""
        return "<tr\(attribute)>" + cells.map { "<td>\(e($0))</td>" }.joined() + "</tr>"
    }

    /// A section with a table; `title` is trusted markup, every cell is escaped by ``row``.
    private static func table(title: String, note: String?, header: [String], rows: [String]) -> String {
        let e = HTMLText.escape
        let head = "<tr>" + header.map { "<th>\(e($0))</th>" }.joined() + "</tr>"
        let intro = note.map { "<p class=\"note\">\(e($0))</p>\n" } ?? ""
        return "<section><h2>\(title)</h2>\n\(intro)<div class=\"scroll\"><table>\n<thead>\(head)</thead>\n<tbody>\n"
            + rows.joined(separator: "\n") + "\n</tbody></table></div></section>"
    }

    private static let legend = """
        <p class="legend"><span class="sw met"></span>met <span class="sw missed"></span>missed (late) \
        <span class="sw failed"></span>failed <span class="sw cancelled"></span>cancelled <span class="sw open"></span>open \
        <span class="sym">●</span>acknowledged <span class="sym due">┆</span>due <span class="sym climb">▲</span>ladder climb \
        <span class="sym">◆</span>decision <span class="sym signal">⚡</span>signal <span class="sw crit"></span>critical path</p>
        """

    private static let css = """

        *{box-sizing:border-box}
        body{margin:0 auto;max-width:1160px;padding:28px 24px 48px;color:#1d2430;background:#fff;
        font:14px/1.5 system-ui,-apple-system,"Segoe UI","Noto Sans KR","Noto Sans CJK KR","Apple SD Gothic Neo","Malgun Gothic",sans-serif}
        h1{font-size:24px;margin:4px 0 6px}h2{font-size:18px;margin:32px 0 10px}h2 span{color:#5b6575;font-weight:400;font-size:14px}
        .kicker{margin:0;color:#5b6575;font-size:12px;letter-spacing:.06em;text-transform:uppercase}
        .meta{margin:2px 0;color:#5b6575}.note{color:#5b6575;margin:-4px 0 10px}
        .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(190px,1fr));gap:12px;margin-top:20px}
        .card{border:1px solid #d9dee6;border-left:6px solid #90a4ae;border-radius:8px;padding:12px 14px}
        .card .label{font-size:12px;color:#5b6575}.card .value{font-size:20px;font-weight:650;margin:2px 0}
        .card .detail{font-size:12px;color:#5b6575;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
        .card.good{border-left-color:#2e7d32}.card.warn{border-left-color:#ef6c00}.card.bad{border-left-color:#c62828}
        .card.sev-interest{border-left-color:#1e88e5}.card.sev-caution{border-left-color:#fbc02d}
        .card.sev-alert{border-left-color:#fb8c00}.card.sev-serious{border-left-color:#d32f2f}
        .scroll{overflow-x:auto}
        table{border-collapse:collapse;width:100%;font-size:13px}
        th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #d9dee6;vertical-align:top}
        th{font-size:12px;color:#5b6575;font-weight:600;text-transform:uppercase;letter-spacing:.03em}
        tr.met td:last-child{color:#2e7d32}tr.missed td:last-child,tr.open td:last-child{color:#ef6c00}
        tr.failed td:last-child{color:#c62828}tr.cancelled td:last-child{color:#9aa3ad}
        tr.climbed td:last-child,tr.escalated td:last-child{color:#c62828}tr.decided td:last-child{color:#6a1b9a}
        tr.signal td:last-child{color:#6a1b9a}tr.ended td,tr.started td{font-weight:600}
        svg.chart{font-size:12px;font-family:inherit;display:block}
        .grid{stroke:#eef1f5}.tick{fill:#5b6575;font-size:11px;text-anchor:middle}
        .lane{font-weight:650;fill:#1d2430}.label{fill:#1d2430}
        .task .bar{fill:#78909c}.task.met .bar{fill:#2e7d32}.task.missed .bar{fill:#ef6c00}
        .task.failed .bar{fill:#c62828}.task.cancelled .bar{fill:#9aa3ad}
        .task.open .bar{fill:#cfd8dc;stroke:#78909c;stroke-dasharray:4 3}
        .critical .bar{stroke:#111;stroke-width:2.5}
        .ack{fill:#fff;stroke:#111;stroke-width:1.5}.due{stroke:#d32f2f;stroke-width:2;stroke-dasharray:3 2}
        .climb{fill:#d32f2f;stroke:#fff;stroke-width:1}.rung{fill:#d32f2f;font-size:10px;font-weight:700}
        .escalation .bar{fill:#90a4ae}.escalation.interest .bar{fill:#1e88e5}.escalation.caution .bar{fill:#fbc02d}
        .escalation.alert .bar{fill:#fb8c00}.escalation.serious .bar{fill:#d32f2f}.decision{fill:#4a148c;stroke:#fff}
        .signal line{stroke:#6a1b9a;stroke-width:1.5;stroke-dasharray:5 4}.signal text{fill:#6a1b9a;font-size:11px}
        .end line{stroke:#111;stroke-width:1.5}.end text{fill:#111;font-size:11px;font-weight:600}
        .legend{color:#5b6575;font-size:12px}.sw{display:inline-block;width:18px;height:10px;border-radius:2px;margin:0 4px 0 10px;vertical-align:middle}
        .sw.met{background:#2e7d32}.sw.missed{background:#ef6c00}.sw.failed{background:#c62828}
        .sw.cancelled{background:#9aa3ad}.sw.open{background:#cfd8dc;border:1px dashed #78909c}.sw.crit{border:2.5px solid #111}
        .sym{margin:0 3px 0 10px}.sym.due,.sym.climb{color:#d32f2f}.sym.signal{color:#6a1b9a}
        footer{margin-top:36px;color:#5b6575;font-size:12px}
        @media print{body{padding:0}.scroll{overflow:visible}}

        """
}
