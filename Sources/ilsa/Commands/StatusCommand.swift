import IlsaStoreSQLite
import IlsaStore
import ArgumentParser
import Foundation
import IlsaEngine
import IlsaTerminal

/// `ilsa status`: the runs in the store, or one run in detail.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the runs in the store (active ones unless --all), or one run in detail.",
        discussion: """
            Without RUN, a table of the runs still going (waiting or running), newest first: \
            when each started, what it waits for, how many tasks are open and when it next has \
            something due by the clock (a timer, a ladder climb; ilsa work does it). --all adds \
            the runs that have ended.

            With RUN, that run in detail: title, playbook, parameters, status, what it waits for, \
            its open tasks with their due times (overdue ones flagged) and its open escalations; \
            for a run that has ended, how it ended. An unknown RUN exits with status 2.

            Examples:
              ilsa status
              ilsa status --all
              ilsa status 3f9c1a2b
              ilsa status --json | jq '.[].id'

            $ ilsa status 3f9c1a2b
            run        3f9c1a2b
            title      호우 대응 (권역) — heavy rain, district response
            workflow   heavy_rain (/srv/ilsa/workflows/heavy_rain.lua)
            status     waiting
            started    2025-07-16 00:00:00Z (4s ago)
            params     district=singil, level=advisory, ...
            waiting    3 tasks; signals kma.heavy_rain, rain_reading
            next wake  in 1h14m
            """
    )

    @Argument(help: ArgumentHelp("A run to show in detail.", valueName: "run"))
    var runID: String?

    @Flag(help: "List the runs that have ended too.")
    var all = false

    @OptionGroup var storeOption: StoreOption
    @OptionGroup var output: OutputOptions

    func run() throws {
        let store = try storeOption.open(create: false)
        Heartbeat.warnIfNoWorker(store)
        let now = WallClock().now
        if let runID {
            try StatusDetail(record: try Lookup.run(runID, in: store), store: store, output: output, now: now).show()
        } else {
            try list(store, now: now)
        }
    }

    private func list(_ store: SQLiteRunStore, now: Date) throws {
        let records =
            all
            ? try store.runs()
            : (try store.runs(status: .waiting) + store.runs(status: .running)).sorted { $0.createdAt > $1.createdAt }
        var openTasks: [RunID: Int] = [:]
        for task in try store.tasks(TaskQuery(states: StatusText.openStates)) { openTasks[task.run, default: 0] += 1 }
        if output.json {
            try output.print(json: .array(records.map { RunJSON.run($0, openTasks: openTasks[$0.id] ?? 0) }))
            return
        }
        guard !records.isEmpty else {
            Console.note(
                all ? "no runs in \(storeOption.path)" : "no active runs (ilsa status --all lists the ones that have ended)")
            return
        }
        var table = TextTable(columns: [
            .init("RUN"), .init("WORKFLOW"), .init("STATUS"), .init("STARTED"),
            .init("WAITING FOR", maxWidth: 48, truncatable: true), .init("TASKS", alignment: .right), .init("NEXT WAKE"),
            .init("TITLE", maxWidth: 32, truncatable: true),
        ])
        for record in records {
            let active = !record.status.isFinal
            table.append([
                record.id.rawValue, record.workflow, record.status.rawValue, TimeText.ago(record.createdAt, now: now),
                active ? StatusText.waits(record.waits, now: now) : "",
                active ? String(openTasks[record.id] ?? 0) : "",
                active ? record.wakeAt.map { TimeText.until($0, now: now) } ?? "-" : "",
                record.title,
            ])
        }
        let styler = output.styler
        print(
            table.render(fittingWidth: Self.terminalWidth, styler: styler) {
                row, column in
                column == 2 ? Self.style(records[row].status) : .plain
            })
    }

    /// The terminal's width when standard output is one; tables printed into a pipe or a file
    /// are not cut.
    static var terminalWidth: Int? {
        Terminal.isTerminal(Terminal.standardOutput) ? TerminalSize.columns() : nil
    }

    /// How a status looks where colour is on.
    static func style(_ status: RunStatus) -> Style {
        switch status {
        case .running, .waiting: .color(.cyan)
        case .completed: .color(.green)
        case .failed: Style(color: .red, bold: true)
        case .cancelled: .color(.yellow)
        }
    }
}
