import IlsaStore
import ArgumentParser
import Foundation
import IlsaEngine
import IlsaTerminal

/// `ilsa schedules`: when playbooks start by themselves.
struct SchedulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedules",
        abstract: "List, add and remove the schedules that start playbooks by themselves.",
        discussion: """
            A playbook starts by itself at a date and time, D-n days before a date, or every day \
            (or weekday) at a time, all in the city's time zone: declared in the playbook \
            (schedules = { ... }, see docs/authoring.md) or set by an operator (ilsa schedules \
            add, kept in the store). ilsa work (and ilsa serve) start each occurrence once, \
            whichever worker sees it first; an occurrence more than its late time behind (24h \
            unless the schedule says) is missed, and listed as such.

            The list shows each schedule's id (PLAYBOOK#N for a playbook's own), its playbook, \
            when, its next occurrence, and its latest one: the run it started, due (a worker \
            will start it), or missed.

            Examples:
              ilsa schedules
              ilsa schedules add holiday --before 2027-02-17 --days 21 --time 09:00 --param district=singil
              ilsa schedules add heat_cold --every day --time 06:00
              ilsa schedules add suneung --at "2027-11-18 06:30"
              ilsa schedules remove op3fa2
            """,
        subcommands: [List.self, Add.self, Remove.self], defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List every schedule (the default).")

        @OptionGroup var engineOptions: EngineOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            // No store yet: the playbooks' own schedules are listed, and nothing has started.
            let store: any RunStore & AccountStore
            do {
                store = try engineOptions.storeOption.open(create: false)
            } catch is InputError {
                store = InMemoryRunStore()
            }
            let engine = try engineOptions.engine(create: false, store: store)
            let catalog = PlaybookCatalog.load(folder: WorkflowLocator().folder, plugins: engine.plugins)
            let (schedules, problems) = catalog.schedules(adding: try engine.store.schedules())
            let city = CityTime(roster: engine.roster)
            let now = engine.clock.now
            var rows: [[String]] = []
            var json: [JSONValue] = []
            for schedule in schedules {
                let next = schedule.spec.next(after: now, in: city.zone)
                let latest = try Self.latest(schedule, engine: engine, city: city)
                rows.append([schedule.id, schedule.workflow, schedule.spec.description, next.map(city.stamp) ?? "-", latest.text])
                var fields: [String: JSONValue] = [
                    "id": .string(schedule.id), "workflow": .string(schedule.workflow), "playbook": .string(schedule.path),
                    "when": .string(schedule.spec.description), "spec": schedule.spec.json, "latest": .string(latest.text),
                ]
                fields["next"] = next.map { .string(city.iso($0)) }
                fields["set_by"] = schedule.setBy.map(JSONValue.string)
                fields["run"] = latest.run.map { .string($0.rawValue) }
                json.append(.object(fields))
            }
            for problem in problems + catalog.problems { Console.warning(problem) }
            if output.json { return try output.print(json: .array(json)) }
            guard !rows.isEmpty else {
                return Console.note("no schedules: a playbook declares them (schedules = { ... }), or ilsa schedules add sets one")
            }
            var table = TextTable(columns: [
                .init("ID"), .init("PLAYBOOK"), .init("WHEN"), .init("NEXT"), .init("LATEST", truncatable: true),
            ])
            for row in rows { table.append(row) }
            print(table.render(fittingWidth: TaskTable.fittingWidth(), styler: output.styler) { _, _ in .plain })
        }

        /// The schedule's latest occurrence and what became of it.
        static func latest(_ schedule: Schedule, engine: Engine, city: CityTime) throws -> (text: String, run: RunID?) {
            guard let occurrence = schedule.spec.latest(notAfter: engine.clock.now, in: city.zone) else { return ("-", nil) }
            let id = schedule.runID(at: occurrence)
            let when = city.stamp(occurrence)
            if try engine.store.run(id) != nil { return ("\(when): started \(id)", id) }
            let late = engine.clock.now.timeIntervalSince(occurrence) > Double(schedule.spec.late.components.seconds)
            return ("\(when): " + (late ? "missed" : "due (a worker starts it)"), nil)
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Set a schedule for a playbook of the workflows folder, kept in the store.")

        @Argument(help: ArgumentHelp("The playbook's name (as the workflows folder has it).", valueName: "workflow"))
        var workflow: String

        @Option(help: ArgumentHelp("Once, at a date and time in the city's time zone: \"2027-01-27 09:00\".", valueName: "date time"))
        var at: String?

        @Option(help: ArgumentHelp("D-n: the date counted back from (with --days).", valueName: "date"))
        var before: String?

        @Option(help: ArgumentHelp("D-n: how many days before --before.", valueName: "n"))
        var days: Int?

        @Option(help: ArgumentHelp("Repeating: day, or a weekday (monday ... sunday).", valueName: "day"))
        var every: String?

        @Option(help: ArgumentHelp("The time of day for --before or --every: 09:00 (default 00:00 for --before).", valueName: "HH:MM"))
        var time: String?

        @Option(
            name: .customLong("param"),
            help: ArgumentHelp("A parameter for the runs it starts; repeat for each (--param district=singil).", valueName: "name=value"))
        var params: [String] = []

        @Option(help: ArgumentHelp("How late an occurrence still starts (default 24h).", valueName: "duration"))
        var late: String?

        @Option(help: ArgumentHelp("Who sets it (default: $USER).", valueName: "who"))
        var by: String?

        @OptionGroup var engineOptions: EngineOptions

        func run() throws {
            let person = try DutyText.person(by)
            let engine = try engineOptions.engine(create: true)
            try Lookup.requireRoster(engine)
            let locator = WorkflowLocator()
            let catalog = PlaybookCatalog.load(folder: locator.folder, plugins: engine.plugins)
            guard let entry = catalog.entry(named: workflow) else {
                _ = try locator.locate(workflow)  // says what is there, and the nearest name
                throw InputError("'\(workflow)' is not a playbook of \(locator.folder)/ that loads")
            }
            let arguments = try RunCommand.arguments(params)
            if let roster = engine.roster { _ = try entry.playbook.resolveParameters(arguments, roster: roster) }  // now, not at its hour
            var fields: [String: JSONValue] = [:]
            fields["at"] = (at ?? time).map(JSONValue.string)
            fields["before"] = before.map(JSONValue.string)
            fields["days"] = days.map { .integer(Int64($0)) }
            fields["every"] = every.map(JSONValue.string)
            fields["late"] = late.map(JSONValue.string)
            if !arguments.isEmpty { fields["params"] = .object(arguments.mapValues(JSONValue.string)) }
            if at != nil, time != nil { throw InputError("--at takes the date and the time; --time goes with --before or --every") }
            let spec: ScheduleSpec
            do {
                spec = try ScheduleSpec(json: .object(fields))
            } catch {
                throw InputError(
                    "the schedule cannot be set: "
                        + error.message.replacingOccurrences(of: "before needs days", with: "--before needs --days")
                        + " (give --at, --before with --days, or --every with --time)")
            }
            let id = "op" + String(UUID().uuidString.lowercased().filter(\.isHexDigit).prefix(4))
            try engine.store.addSchedule(
                StoredSchedule(id: id, workflow: entry.playbook.name, spec: spec.json, createdBy: person, createdAt: Date()))
            let city = CityTime(roster: engine.roster)
            let next =
                spec.next(after: engine.clock.now, in: city.zone).map { "; next \(city.stamp($0))" } ?? "; it does not fall due again"
            Console.out("schedule \(id): \(entry.playbook.name) \(spec.description)\(next)")
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "Forget a schedule an operator set.")

        @Argument(help: ArgumentHelp("The schedule's id (ilsa schedules lists them).", valueName: "id"))
        var id: String

        @OptionGroup var engineOptions: EngineOptions

        func run() throws {
            if id.contains("#") {
                throw InputError("schedule \(id) is the playbook's own: edit its schedules = { ... } in the workflows folder")
            }
            let store = try engineOptions.storeOption.open(create: false)
            guard try store.removeSchedule(id: id) else {
                let known = try store.schedules().map(\.id)
                throw InputError("no schedule '\(id)'" + DidYouMean.hint(for: id, in: known))
            }
            Console.out("schedule \(id) removed: runs it started go on")
        }
    }
}
