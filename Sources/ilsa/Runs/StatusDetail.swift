import IlsaStoreSQLite
import IlsaStore
import Foundation
import IlsaEngine
import IlsaTerminal

/// `ilsa status RUN`: one run in detail.
///
/// ```text
/// run        3f9c1a2b
/// title      호우 대응 (권역) — heavy rain, district response
/// workflow   heavy_rain (/srv/ilsa/workflows/heavy_rain.lua)
/// status     waiting
/// started    2025-07-16 00:00:00Z (3m ago)
/// params     district=singil, level=advisory, rain_mm_per_hour=30, watch=3h
/// waiting    5 tasks; signals kma.heavy_rain, rain_reading; a timer (in 2h57m)
/// next wake  in 57m
///
/// open tasks (5)
/// TASK          TITLE                           ASSIGNEE         STATE  DUE
/// 3f9c1a2b.4    반지하 취약가구 연락·대피 안내  DONG.HEAD singil  open   in 57m
/// ```
struct StatusDetail {
    let record: RunRecord
    let store: any RunStore
    let output: OutputOptions
    let now: Date
    let city: CityTime

    func show() throws {
        let history = try store.history(of: record.id)
        let tasks = try store.tasks(TaskQuery(run: record.id))
        let escalations = try store.escalations(run: record.id, openOnly: false)
        let playbook: String? = if case .started(let start)? = history.first?.fact { start.playbook } else { nil }
        let end = record.status.isFinal ? history.last(where: \.fact.endsRun) : nil
        if output.json {
            guard case .object(var fields) = RunJSON.run(record, openTasks: tasks.count { !$0.state.isTerminal }) else { return }
            if let playbook { fields["playbook"] = .string(playbook) }
            fields["tasks"] = .array(tasks.map(RunJSON.task))
            fields["escalations"] = .array(escalations.map(RunJSON.escalation))
            if let end { fields["end"] = RunJSON.event(end, run: record.id, text: nil) }
            try output.print(json: .object(fields))
            return
        }
        let styler = output.styler
        // Values come from the store (the playbook's title, its path, parameters, the signals it
        // waits for, how it ended): each is made visible, then styled.
        var facts: [(key: String, value: String, style: Style)] = [
            ("run", record.id.rawValue, .plain), ("title", record.title, .plain),
            ("workflow", record.workflow + (playbook.map { " (\($0))" } ?? ""), .plain),
            ("status", record.status.rawValue, StatusCommand.style(record.status)),
            ("started", "\(TimeText.stamp(record.createdAt, city)) (\(TimeText.ago(record.createdAt, now: now)))", .plain),
        ]
        let params = EventNarrator.parameters(record.params)
        if !params.isEmpty { facts.append(("params", params, .plain)) }
        if let end {
            var narrator = EventNarrator(run: record.id)
            let line = narrator.narrate(end, detail: .full)
            facts.append(("ended", "\(TimeText.stamp(end.at, city)) (\(TimeText.ago(end.at, now: now)))", .plain))
            facts.append(("outcome", line?.text ?? "", ProgressPrinter.style(line?.tone ?? .plain)))
            if !tasks.isEmpty { facts.append(("tasks", Self.count(tasks), .plain)) }
        } else {
            let waits = StatusText.waits(record.waits, now: now)
            facts.append(("waiting", waits.isEmpty ? "nothing (it is running)" : waits, .plain))
            facts.append(("next wake", record.wakeAt.map { TimeText.until($0, now: now) } ?? "-", .plain))
        }
        let width = max("next wake".count, facts.map(\.key.count).max() ?? 0)  // the same in every view
        for fact in facts {
            print(
                fact.key.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                    + styler.apply(fact.style, to: fact.value.visibleControls))
        }
        guard !record.status.isFinal else { return }
        let openTasks = tasks.filter { !$0.state.isTerminal }
        if !openTasks.isEmpty {
            print("\nopen tasks (\(openTasks.count))")
            print(taskTable(openTasks, styler: styler))
        }
        let openEscalations = escalations.filter(\.state.isOpen)
        if !openEscalations.isEmpty {
            print("\nopen escalations (\(openEscalations.count))")
            print(escalationTable(openEscalations, styler: styler))
        }
    }

    private func taskTable(_ tasks: [TaskSummary], styler: Styler) -> String {
        var table = TextTable(
            columns: [
                .init("TASK"), .init("TITLE", maxWidth: 40, truncatable: true), .init("ASSIGNEE", truncatable: true),
                .init("STATE"), .init("DUE"),
            ] + (tasks.contains { $0.escalatedTo != nil } ? [.init("LADDER")] : []))
        for task in tasks {
            let assignee = task.assignee
            table.append([
                task.id.description, task.title, assignee, task.state.rawValue.replacingOccurrences(of: "_", with: " "),
                task.due.map { RelativeTime.describe(from: now, to: $0) } ?? "-",
                task.escalatedTo.map { "→ \($0)" } ?? "",
            ])
        }
        return table.render(fittingWidth: StatusCommand.terminalWidth, styler: styler) { row, column in
            column == 4 && tasks[row].isOverdue(at: now) ? Style(color: .red, bold: true) : .plain
        }
    }

    private func escalationTable(_ escalations: [EscalationSummary], styler: Styler) -> String {
        var table = TextTable(columns: [
            .init("ESCALATION"), .init("TO"), .init("SEVERITY"), .init("STATE"), .init("REASON", maxWidth: 40, truncatable: true),
            .init("OPTIONS", truncatable: true),
        ])
        for escalation in escalations {
            table.append([
                escalation.id.description, escalation.to, escalation.severity, escalation.state.rawValue, escalation.reason,
                escalation.options.joined(separator: " | "),
            ])
        }
        return table.render(fittingWidth: StatusCommand.terminalWidth, styler: styler)
    }

    /// `5: 3 done, 2 cancelled`.
    private static func count(_ tasks: [TaskSummary]) -> String {
        var byState: [TaskState: Int] = [:]
        for task in tasks { byState[task.state, default: 0] += 1 }
        let parts = TaskState.allCases.compactMap { state in
            byState[state].map { "\($0) \(state.rawValue.replacingOccurrences(of: "_", with: " "))" }
        }
        return "\(tasks.count): " + parts.joined(separator: ", ")
    }
}
