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
        abstract: "Show the runs in the store (active ones unless --all or --status), or one run in detail.",
        discussion: """
            Without RUN, a table of the runs still going (waiting or running), newest first: \
            when each started, what it waits for, how many tasks are open and when it next has \
            something due by the clock (a timer, a ladder climb; ilsa work does it). --all adds \
            the runs that have ended; --status picks statuses (repeat it).

            A page at a time: the newest 50 runs, and on standard error how many there are in \
            all ("showing 1–50 of 1,234 active runs (page 1 of 25)"); --limit N shows N a page, \
            --page N the Nth page. --json prints the same page as a JSON array.

            With RUN, that run in detail: title, playbook, parameters, status, what it waits for, \
            its open tasks with their due times (overdue ones flagged) and its open escalations; \
            for a run that has ended, how it ended. An unknown RUN exits with status 2.

            Examples:
              ilsa status
              ilsa status --all --page 2
              ilsa status --status failed --status cancelled
              ilsa status 3f9c1a2b
              ilsa status --json --limit 1000 | jq '.[].id'

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

    @Option(
        name: .customLong("status"),
        help: ArgumentHelp("Only runs with this status: \(Self.statusNames). Repeat for several.", valueName: "status"))
    var statuses: [String] = []

    @OptionGroup var storeOption: StoreOption
    @OptionGroup var rosterOption: RosterOption
    @OptionGroup var output: OutputOptions
    @OptionGroup var pages: PageOptions

    func run() throws {
        let store = try storeOption.open(create: false)
        Heartbeat.warnIfNoWorker(store)
        let now = WallClock().now
        if let runID {
            try StatusDetail(
                record: try Lookup.run(runID, in: store), store: store, output: output, now: now,
                city: CityTime(roster: try? rosterOption.load())
            ).show()
        } else {
            try list(store, now: now)
        }
    }

    private func list(_ store: any RunStore, now: Date) throws {
        let query = try self.query()
        let fetch = { (page: PageRequest) in try store.runs(query, page: page) }
        /// A run's open tasks, counted by the store.
        func openTasks(_ run: RunID) throws -> Int {
            try store.tasks(TaskQuery(run: run, states: TaskQuery.openStates), page: .count).total ?? 0
        }
        if output.json {
            let (shown, total) = try output.printArray(pages, fetch) { RunJSON.run($0, openTasks: try openTasks($0.id)) }
            pages.note(shown: shown, of: total, noun())
            return
        }
        let (records, total) = try pages.collect(fetch)
        guard total > 0 else {
            Console.note(
                query == .active
                    ? "no active runs (ilsa status --all lists the ones that have ended)" : "no \(noun()) in \(storeOption.path)")
            return
        }
        defer { pages.note(shown: records.count, of: total, noun()) }
        guard !records.isEmpty else { return }
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
                active ? String(try openTasks(record.id)) : "",
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

    /// The runs to list: those `--status` names, else every run with `--all`, else the active ones.
    private func query() throws -> RunQuery {
        if !statuses.isEmpty { return RunQuery(statuses: Set(try statuses.map(Self.status))) }
        return all ? RunQuery() : .active
    }

    /// `active runs`, `runs`, `failed or cancelled runs`: what is listed, for notes.
    private func noun() -> String {
        !statuses.isEmpty ? statuses.joined(separator: " or ") + " runs" : all ? "runs" : "active runs"
    }

    static let statusNames = RunStatus.allCases.map(\.rawValue).joined(separator: ", ")

    /// A status as `--status` takes it.
    static func status(_ text: String) throws -> RunStatus {
        if let status = RunStatus(rawValue: text.lowercased()) { return status }
        throw InputError(
            "--status: no run status '\(text)'" + DidYouMean.hint(for: text.lowercased(), in: RunStatus.allCases.map(\.rawValue))
                + "; the statuses are \(statusNames)")
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
        case .paused: .color(.magenta)
        case .completed: .color(.green)
        case .failed: Style(color: .red, bold: true)
        case .cancelled: .color(.yellow)
        }
    }
}
