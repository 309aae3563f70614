import IlsaStore
import Foundation
import IlsaEngine
import IlsaTerminal

/// `ilsa tasks` for a night with ten districts: the tasks grouped by district (the citywide
/// ones last), each group headed by its counts, each task with its run's playbook and what
/// tells its run apart, its priority and class.
enum TaskTriage {
    /// The groups, most pressing first (overdue, then escalated, then the roster's order).
    static func render(_ tasks: [TaskSummary], runs: [RunID: RunRecord], roster: Roster?, now: Date, styler: Styler) -> String {
        var groups: [String: [TaskSummary]] = [:]
        for task in tasks { groups[task.district ?? "", default: []].append(task) }
        let order = roster?.districts.map(\.id.rawValue) ?? []
        let keys = groups.keys.sorted { a, b in
            let (x, y) = (counts(groups[a] ?? [], now: now), counts(groups[b] ?? [], now: now))
            if x.overdue != y.overdue { return x.overdue > y.overdue }
            if x.escalated != y.escalated { return x.escalated > y.escalated }
            if a.isEmpty != b.isEmpty { return b.isEmpty }
            return (order.firstIndex(of: a) ?? Int.max, a) < (order.firstIndex(of: b) ?? Int.max, b)
        }
        let playbooks = playbookLabels(Array(runs.values))
        return keys.map { key in
            let members = groups[key] ?? []
            let count = counts(members, now: now)
            var heading = "\(label(key, roster: roster)) — \(count.open) open"
            if count.overdue > 0 { heading += " · \(count.overdue) overdue" }
            if count.escalated > 0 { heading += " · \(count.escalated) escalated" }
            let table = self.table(members, playbooks: playbooks, now: now, styler: styler)
            return styler.apply(.bold, to: heading.visibleControls) + "\n" + table
        }.joined(separator: "\n\n")
    }

    /// `신길 singil`, or `citywide` for tasks of no district.
    static func label(_ district: String, roster: Roster?) -> String {
        guard !district.isEmpty else { return "시 전체 citywide" }
        return roster?.district(District.ID(district)).map { "\($0.name.korean) \(district)" } ?? district
    }

    static func counts(_ tasks: [TaskSummary], now: Date) -> (open: Int, overdue: Int, escalated: Int) {
        (
            tasks.count { !$0.state.isTerminal }, tasks.count { $0.isOverdue(at: now) },
            tasks.count { $0.rung > 0 && !$0.state.isTerminal }
        )
    }

    /// What tells the listed runs apart: `heavy_rain level=warning` next to `heavy_rain
    /// level=advisory`, the playbook alone when nothing does. A parameter is shown when runs of
    /// the same playbook in the list differ in it; the district is the group's heading.
    static func playbookLabels(_ runs: [RunRecord]) -> [RunID: String] {
        var labels: [RunID: String] = [:]
        for sameWorkflow in Dictionary(grouping: runs, by: \.workflow).values {
            let params = sameWorkflow.map { record -> [String: JSONValue] in
                if case .object(let fields) = record.params { fields } else { [:] }
            }
            let keys = Set(params.flatMap(\.keys)).subtracting(["district"]).sorted()
            let differing = keys.filter { key in Set(params.map { $0[key] }).count > 1 }
            for (record, fields) in zip(sameWorkflow, params) {
                let shown = differing.map { "\($0)=\(fields[$0].map(EventNarrator.plain) ?? "-")" }
                labels[record.id] = ([record.workflow] + shown).joined(separator: " ")
            }
        }
        return labels
    }

    private static func table(_ tasks: [TaskSummary], playbooks: [RunID: String], now: Date, styler: Styler) -> String {
        let escalated = tasks.map { $0.rung > 0 ? ($0.escalatedTo ?? "rung \($0.rung)") : "" }
        let priorities = tasks.map { $0.priority == "normal" ? "" : $0.priority }
        var columns: [(column: TextTable.Column, cells: [String], style: (Int) -> Style)] = [
            (.init("  ID"), tasks.map { "  " + $0.id.description }, { _ in .plain }),
            (.init("TASK", truncatable: true), tasks.map(\.title), { _ in .plain }),
            (.init("PLAYBOOK", maxWidth: 28, truncatable: true), tasks.map { playbooks[$0.run] ?? "" }, { _ in .plain }),
            (.init("ASSIGNEE", truncatable: true), tasks.map { $0.role ?? $0.unit ?? $0.person ?? "" }, { _ in .plain }),
        ]
        if priorities.contains(where: { !$0.isEmpty }) {
            columns.append((.init("PRI"), priorities, { ["urgent", "high"].contains(priorities[$0]) ? .color(.red) : .plain }))
        }
        columns += [
            (
                .init("CLASS", truncatable: true), tasks.map(\.taskClass.rawValue),
                { tasks[$0].taskClass == .lifeSafety ? .color(.yellow) : .plain }
            ),
            (.init("STATE"), tasks.map(\.state.rawValue), { _ in .plain }),
            (
                .init("DUE"), tasks.map { DutyText.due($0, now: now) },
                { tasks[$0].isOverdue(at: now) ? Style(color: .red, bold: true) : .plain }
            ),
        ]
        if escalated.contains(where: { !$0.isEmpty }) {
            columns.append((.init("ESCALATED"), escalated, { tasks[$0].rung > 0 ? .color(.yellow) : .plain }))
        }
        var table = TextTable(columns: columns.map(\.column))
        for row in tasks.indices { table.append(columns.map { $0.cells[row] }) }
        return table.render(fittingWidth: TaskTable.fittingWidth(), styler: styler) { row, column in columns[column].style(row) }
    }
}
