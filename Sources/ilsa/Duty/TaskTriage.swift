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
        return keys.map { key in
            let members = groups[key] ?? []
            let count = counts(members, now: now)
            var heading = "\(label(key, roster: roster)) — \(count.open) open"
            if count.overdue > 0 { heading += " · \(count.overdue) overdue" }
            if count.escalated > 0 { heading += " · \(count.escalated) escalated" }
            let table = self.table(members, runs: runs, now: now, styler: styler)
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

    /// `heavy_rain level=warning`: the playbook, and the parameters besides the district.
    static func playbook(_ record: RunRecord?) -> String {
        guard let record else { return "" }
        guard case .object(let params) = record.params else { return record.workflow }
        let others = params.keys.sorted().filter { $0 != "district" }.map { "\($0)=\(EventNarrator.plain(params[$0] ?? .null))" }
        return ([record.workflow] + others).joined(separator: " ")
    }

    private static func table(_ tasks: [TaskSummary], runs: [RunID: RunRecord], now: Date, styler: Styler) -> String {
        let escalated = tasks.map { $0.rung > 0 ? ($0.escalatedTo ?? "rung \($0.rung)") : "" }
        let priorities = tasks.map { $0.priority == "normal" ? "" : $0.priority }
        var columns: [(column: TextTable.Column, cells: [String], style: (Int) -> Style)] = [
            (.init("  ID"), tasks.map { "  " + $0.id.description }, { _ in .plain }),
            (.init("TASK", truncatable: true), tasks.map(\.title), { _ in .plain }),
            (.init("PLAYBOOK", maxWidth: 28, truncatable: true), tasks.map { playbook(runs[$0.run]) }, { _ in .plain }),
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
