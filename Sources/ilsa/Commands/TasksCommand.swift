import IlsaStore
import ArgumentParser
import Foundation
import IlsaEngine
import IlsaTerminal

/// `ilsa tasks`: the open tasks, who has them and by when.
struct TasksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tasks",
        abstract: "List tasks: who has them, their state, and how long until they are due.",
        discussion: """
            By default only open tasks (open, acknowledged, in_progress), soonest due first; \
            --all adds done, failed and cancelled ones, and --state picks states (repeat it). \
            They are grouped by district (the most pressing first; citywide tasks in a group of \
            their own), each group headed by how many are open, overdue and escalated; --flat \
            gives one table instead. PLAYBOOK is the run's playbook and its parameters besides the \
            district (heavy_rain level=warning), PRI the priority when it is not normal, CLASS the \
            ladder's class. DUE says "in 40m" or "overdue 12m" (red on a terminal); ESCALATED says \
            who a task climbed its ladder to when nobody acknowledged it. The TASK column is cut to \
            fit the terminal. Nothing to list prints "no open tasks" on standard error, status 0.

            --watch keeps the list up to date every --interval seconds (2): on a terminal it is \
            redrawn in place; piped, each change is a line (new, acknowledged, overdue, escalated, \
            done). Ctrl-C stops.

            A page at a time: the first 50 tasks, and on standard error how many there are in \
            all ("showing 1–50 of 1,234 open tasks (page 1 of 25)"); --limit N shows N a page, \
            --page N the Nth page. --json prints the same page as a JSON array.

            Examples:
              ilsa tasks
              ilsa tasks --district singil --assignee DONG.HEAD
              ilsa tasks --overdue
              ilsa tasks --page 2
              ilsa tasks --run ab12cd34 --all
              ilsa tasks --state done --state failed --limit 500 --json

            $ ilsa tasks --district singil --overdue
            신길 singil — 2 open · 2 overdue · 1 escalated
              ID          TASK                            PLAYBOOK                  ASSIGNEE   CLASS        STATE  DUE          ESCALATED
              ab12cd34.3  반지하 취약가구 연락·대피 안내  heavy_rain level=warning  DONG.HEAD  life_safety  open   overdue 35m  DIST.CHAIR
              ab12cd34.8  지하차도 통제 준비              heavy_rain level=warning  POL.BOX    life_safety  open   overdue 35m
            """
    )

    @OptionGroup var engineOptions: EngineOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var pages: PageOptions

    @Option(name: .customLong("run"), help: ArgumentHelp("Only this run's tasks.", valueName: "run"))
    var runID: String?

    @Option(help: ArgumentHelp("Only tasks of runs of this playbook (heavy_rain).", valueName: "name"))
    var workflow: String?

    @Option(
        help: ArgumentHelp("Only tasks in this district: its code, Korean or English name (singil, 신길, Singil).", valueName: "district"))
    var district: String?

    @Option(help: ArgumentHelp("Only tasks for this role (DONG.HEAD, 동장), unit or person.", valueName: "role"))
    var assignee: String?

    @Option(
        name: .customLong("state"),
        help: ArgumentHelp("Only tasks in this state: \(DutyText.stateNames). Repeat for several.", valueName: "state"))
    var states: [String] = []

    @Flag(help: "Only unfinished tasks past their due time.")
    var overdue = false

    @Flag(help: "Include done, failed and cancelled tasks.")
    var all = false

    @Flag(help: "One table, soonest due first, instead of a group a district.")
    var flat = false

    @Flag(help: "Keep the list up to date: redrawn on a terminal, a line a change when piped. Ctrl-C stops.")
    var watch = false

    @Option(help: ArgumentHelp("With --watch, seconds between two looks at the store.", valueName: "seconds"))
    var interval: Double = 2

    func validate() throws {
        guard interval > 0, interval.isFinite else { throw ValidationError("--interval must be a positive number of seconds") }
        if watch, output.json { throw ValidationError("--watch prints text; for scripts, poll --json") }
    }

    func run() throws {
        let store = try engineOptions.storeOption.open(create: false)
        Heartbeat.warnIfNoWorker(store)
        let roster = try engineOptions.rosterOption.load()
        var query = TaskQuery(district: try district.map { try Self.district($0, roster: roster) }, states: try selectedStates())
        if let runID { query.run = try Lookup.run(runID, in: store).id }
        if let workflow {
            let known = Set(try store.playbookVersions().map(\.workflow))  // every playbook a run started with
            guard known.contains(workflow) else {
                throw InputError("no run of a playbook '\(workflow)' in the store" + DidYouMean.hint(for: workflow, in: Array(known)))
            }
            query.workflow = workflow
        }
        if let assignee {
            let code = try Self.assignee(assignee, roster: roster)
            if roster?.role(Role.Code(code)) != nil { query.role = code } else { query.assignee = code }
        }
        let now = WallClock().now
        if overdue { query.overdueAt = now }
        let fetch = { (page: PageRequest) in try store.tasks(query, page: page) }
        if output.json {
            let city = CityTime(roster: try? engineOptions.rosterOption.load())
            let (shown, total) = try output.printArray(pages, fetch) { ReadModelJSON.task($0, now: now, city: city) }
            pages.note(shown: shown, of: total, emptyNoun())
            return
        }
        if watch {
            return try TaskWatch(interval: interval, styler: output.styler).run { try self.list(store: store, fetch, roster: roster) }
        }
        let (tasks, total) = try pages.collect(fetch)
        if total == 0 {
            Console.note("no \(emptyNoun())")
        } else if !tasks.isEmpty {
            print(try render(tasks, store: store, roster: roster, now: now))
        }
        pages.note(shown: tasks.count, of: total, emptyNoun())
    }

    /// The page as the text view shows it: grouped by district, or flat.
    private func render(_ tasks: [TaskSummary], store: any RunStore, roster: Roster?, now: Date) throws -> String {
        if flat { return TaskTable.render(tasks, now: now, styler: output.styler) }
        var runs: [RunID: RunRecord] = [:]
        for run in Set(tasks.map(\.run)) { runs[run] = try store.run(run) }
        return TaskTriage.render(tasks, runs: runs, roster: roster, now: now, styler: output.styler)
    }

    /// One look for --watch: the tasks, and the list as text.
    private func list(store: any RunStore, _ fetch: (PageRequest) throws -> Page<TaskSummary>, roster: Roster?) throws -> (
        tasks: [TaskSummary], text: String
    ) {
        let (tasks, _) = try pages.collect(fetch)
        let now = WallClock().now
        return (tasks, tasks.isEmpty ? "no \(emptyNoun())" : try render(tasks, store: store, roster: roster, now: now))
    }

    /// The states to list: those `--state` names, else every state with `--all`, else the open ones.
    private func selectedStates() throws -> Set<TaskState>? {
        if !states.isEmpty { return Set(try states.map(Self.state)) }
        return all ? nil : Set(TaskState.allCases.filter { !$0.isTerminal })
    }

    /// A state as `--state` takes it; `in-progress` and `IN_PROGRESS` are `in_progress`.
    static func state(_ text: String) throws -> TaskState {
        let normalized = text.lowercased().replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: " ", with: "_")
        if let state = TaskState(rawValue: normalized) { return state }
        throw InputError(
            "--state: no task state '\(text)'" + DidYouMean.hint(for: normalized, in: TaskState.allCases.map(\.rawValue))
                + "; the states are \(DutyText.stateNames)")
    }

    /// The district's code for what was typed (its code, Korean or English name); as typed
    /// without a roster.
    static func district(_ district: String, roster: Roster?) throws -> String {
        guard let roster else { return district }
        if let match = roster.district(named: district) { return match.id.rawValue }
        throw InputError(
            "--district: the \(roster.name) roster has no district '\(district)'"
                + DidYouMean.hint(for: district, in: roster.names(of: .districts))
                + "; its districts are " + roster.districts.map { "\($0.id) (\($0.name.korean))" }.joined(separator: ", "))
    }

    /// The role's, unit's or person's code for what was typed (a code, or a role's or unit's
    /// Korean or English name); as typed without a roster.
    static func assignee(_ assignee: String, roster: Roster?) throws -> String {
        guard let roster else { return assignee }
        if let role = roster.role(named: assignee) { return role.code.rawValue }
        if let unit = roster.unit(named: assignee) { return unit.id.rawValue }
        if roster.person(Person.ID(assignee)) != nil { return assignee }
        throw InputError(
            "--assignee: the \(roster.name) roster has no role, unit or person '\(assignee)'"
                + DidYouMean.hint(for: assignee, in: roster.names(of: .roles) + roster.names(of: .units) + roster.people.map(\.id.rawValue))
        )
    }

    /// `open tasks for DONG.HEAD in singil`: what was asked for, for the empty message.
    private func emptyNoun() -> String {
        var noun =
            overdue
            ? "overdue tasks"
            : !states.isEmpty
                ? "tasks in state " + states.joined(separator: " or ")
                : all ? "tasks" : "open tasks"
        if let assignee { noun += " for \(assignee)" }
        if let district { noun += " in \(district)" }
        if let runID { noun += " in run \(runID)" }
        if let workflow { noun += " of \(workflow)" }
        return noun
    }
}

/// The task table `ilsa tasks` prints.
enum TaskTable {
    /// The table, fitted to the terminal when standard output is one (or to `$COLUMNS`), with
    /// overdue times in red. ESCALATED and BY are left out when no task has anything in them.
    static func render(_ tasks: [TaskSummary], now: Date, styler: Styler) -> String {
        let escalated = tasks.map { $0.rung > 0 ? ($0.escalatedTo ?? "rung \($0.rung)") : "" }
        let by = tasks.map { $0.updatedBy ?? "" }
        var columns: [(column: TextTable.Column, cells: [String], style: (Int) -> Style)] = [
            (.init("ID"), tasks.map(\.id.description), { _ in .plain }),
            (.init("TASK", truncatable: true), tasks.map(\.title), { _ in .plain }),
            (.init("ASSIGNEE"), tasks.map(\.assignee), { _ in .plain }),
            (.init("STATE"), tasks.map(\.state.rawValue), { _ in .plain }),
            (
                .init("DUE"), tasks.map { DutyText.due($0, now: now) },
                { tasks[$0].isOverdue(at: now) ? Style(color: .red, bold: true) : .plain }
            ),
        ]
        if escalated.contains(where: { !$0.isEmpty }) {
            columns.append((.init("ESCALATED"), escalated, { tasks[$0].rung > 0 ? .color(.yellow) : .plain }))
        }
        if by.contains(where: { !$0.isEmpty }) { columns.append((.init("BY", maxWidth: 20, truncatable: true), by, { _ in .plain })) }
        var table = TextTable(columns: columns.map(\.column))
        for row in tasks.indices { table.append(columns.map { $0.cells[row] }) }
        return table.render(fittingWidth: fittingWidth(), styler: styler) { row, column in columns[column].style(row) }
    }

    /// The terminal's width when standard output is one, else `$COLUMNS` when set, else none:
    /// text piped to a file keeps whole titles.
    static func fittingWidth(environment: [String: String] = ProcessInfo.processInfo.environment) -> Int? {
        if Terminal.isTerminal(Terminal.standardOutput) { return TerminalSize.columns() }
        guard let value = environment["COLUMNS"], let columns = Int(value), columns > 0 else { return nil }
        return columns
    }
}
