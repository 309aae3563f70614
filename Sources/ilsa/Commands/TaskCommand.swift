import IlsaStore
import ArgumentParser
import Foundation
import IlsaEngine

/// `ilsa task show|ack|start|done|fail|note TASK`: a task whole, or what someone did about it.
struct TaskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "task",
        abstract: "Acknowledge, start, complete or fail a task, or add a note to it.",
        discussion: """
            A task goes open → acknowledged → in_progress → done (or failed). Acknowledging it \
            stops its escalation ladder; completing or failing it answers the run waiting for it, \
            which goes on at once: what it did (new tasks, the run ending) is printed below the \
            confirmation. --by says who acted (default: $USER).

            A task that is already done or failed, a task of a run that has ended, or an id the \
            store does not have changes nothing and exits with status 2. Several tasks take the \
            same action each (ilsa task ack r1.3 r1.4 r2.1): every id is looked up first, so one \
            that is wrong changes nothing; --json then prints an array.

            Examples:
              ilsa task ack ab12cd34.3 --by 신길동장
              ilsa task start ab12cd34.3
              ilsa task note ab12cd34.3 --note "12 of 19 households reached"
              ilsa task note ab12cd34.3 --checked 1,2
              ilsa task done ab12cd34.3 --by 신길동장 --note "all 19 households reached"
              ilsa task fail ab12cd34.6 --note "pump 2 out of order"

            $ ilsa task done ab12cd34.3 --by 신길동장
            ab12cd34.3 completed by 신길동장
              반지하 취약가구 연락·대피 안내 (DONG.HEAD singil): done
            """,
        subcommands: [TaskShowCommand.self, Acknowledge.self, Start.self, Complete.self, Fail.self, Note.self, Reassign.self]
    )

    /// What every action takes: the task, who, a note, the store, --json.
    struct Options: ParsableArguments {
        @Argument(help: ArgumentHelp("The task: RUN.N, as ilsa tasks lists it; several do the same to each.", valueName: "task"))
        var tasks: [String]

        @Option(help: ArgumentHelp("Who acted (default: $USER).", valueName: "who"))
        var by: String?

        @Option(help: ArgumentHelp("A note to record with the action: evidence, progress, why it failed.", valueName: "text"))
        var note: String?

        @Option(
            help: ArgumentHelp(
                "The task's checklist items ticked after this action, by number (1,3; an empty list clears them).", valueName: "items"))
        var checked: String?

        /// The numbers --checked names, or nil when it was not given.
        func checkedItems() throws -> [Int]? {
            guard let checked else { return nil }
            let parts = checked.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return try parts.map { part in
                guard let number = Int(part), number > 0 else {
                    throw ValidationError("--checked takes checklist item numbers from 1, like 1,3; not '\(part)'")
                }
                return number
            }
        }

        @OptionGroup var engineOptions: EngineOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            if tasks.isEmpty { throw ValidationError("name the task: RUN.N, as ilsa tasks lists it") }
            if tasks.count > 1, checked != nil { throw ValidationError("--checked ticks one task's checklist: name one task") }
        }
    }

    struct Acknowledge: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ack", abstract: "Acknowledge a task: someone has it; its ladder stops climbing.",
            discussion: "Example:\n  ilsa task ack ab12cd34.3 --by 신길동장")
        @OptionGroup var options: Options
        func run() throws { try TaskCommand.perform(.acknowledge, options) }
    }

    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "start", abstract: "Mark a task in progress.",
            discussion: "Example:\n  ilsa task start ab12cd34.3 --by 신길동장")
        @OptionGroup var options: Options
        func run() throws { try TaskCommand.perform(.start, options) }
    }

    struct Complete: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "done", abstract: "Complete a task; the run waiting for it goes on.",
            discussion: "Example:\n  ilsa task done ab12cd34.3 --by 신길동장 --note \"all 19 households reached\"",
            aliases: ["complete"])
        @OptionGroup var options: Options
        func run() throws { try TaskCommand.perform(.complete, options) }
    }

    struct Fail: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "fail", abstract: "Fail a task: it could not be done; the run decides what next.",
            discussion: "Example:\n  ilsa task fail ab12cd34.6 --note \"pump 2 out of order\"")
        @OptionGroup var options: Options
        func run() throws { try TaskCommand.perform(.fail, options) }
    }

    struct Note: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "note", abstract: "Add a note to a task (progress, evidence) without changing its state.",
            discussion: "Example:\n  ilsa task note ab12cd34.3 --note \"12 of 19 households reached\"")
        @OptionGroup var options: Options
        func validate() throws {
            let note = options.note?.trimmingCharacters(in: .whitespaces) ?? ""
            guard !note.isEmpty || options.checked != nil else {
                throw ValidationError("ilsa task note needs --note TEXT (what to add to the task) or --checked ITEMS")
            }
        }
        func run() throws { try TaskCommand.perform(.note, options) }
    }

    struct Reassign: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reassign",
            abstract: "Hand a task to another holder of its role in its district: open again, for them to acknowledge.",
            discussion: """
                The new holder is a unit (or a person) the roster says holds the task's role in the \
                task's district: ilsa roster show ROLE lists them. The task is open again, for the \
                new holder to acknowledge; its escalation ladder keeps its clock (a task already \
                overdue goes on climbing unless the new holder acknowledges it). Recorded in the \
                run's history with who did it.

                Examples:
                  ilsa task reassign ab12cd34.6 --to sc119.wolpi --note "신길 펌프차 출동 중"
                """)

        @Argument(help: ArgumentHelp("The task: RUN.N.", valueName: "task"))
        var task: String

        @Option(help: ArgumentHelp("The unit or person to hand it to (its id or name).", valueName: "holder"))
        var to: String

        @Option(help: ArgumentHelp("Who hands it over (default: $USER).", valueName: "who"))
        var by: String?

        @Option(help: ArgumentHelp("Why, for the record.", valueName: "text"))
        var note: String?

        @OptionGroup var engineOptions: EngineOptions

        func run() throws {
            let person = try DutyText.person(by)
            let engine = try Lookup.engine(engineOptions)
            try Lookup.requireRoster(engine)
            let task = try Lookup.task(self.task, in: engine.store)
            _ = try Lookup.openRun(of: task.id.description, task.run, what: "task", in: engine.store)
            let change: RunChange
            do {
                change = try engine.reassign(task: task.id, to: to, by: person, note: note)
            } catch let error as RuntimeError where error.code == .invalidArgument {
                throw InputError(error.message)
            }
            let after = change.tasks.first { $0.id == task.id } ?? task
            Console.out("\(task.id) reassigned by \(person) to \(after.unit ?? after.person ?? to)")
            Console.out("  \(after.title) (\(after.assignee)): " + DutyText.stateAndDue(after, now: engine.clock.now))
            if let note { Console.out("  note: \(note)") }
            let restarted = change.events.contains {
                if case .taskUpdated(let update) = $0.fact { update.task == task.id && update.restartsLadder } else { false }
            }
            Console.out(
                restarted
                    ? "  its escalation ladder starts again at the first rung, its grace periods counted from now (on_reassign = \"restart\")"
                    : "  its escalation clock runs on: the handover does not buy time (on_reassign = \"keep\")")
        }
    }

    /// Checks the tasks, records the action on each, and prints what happened and what the runs did.
    static func perform(_ action: TaskAction, _ options: Options) throws {
        let person = try DutyText.person(options.by)
        let engine = try Lookup.engine(options.engineOptions)
        // Every id first: one that is wrong changes nothing.
        var tasks: [TaskSummary] = []
        for id in options.tasks {
            let task = try Lookup.task(id, in: engine.store)
            _ = try Lookup.openRun(of: task.id.description, task.run, what: "task", in: engine.store)
            guard !tasks.contains(where: { $0.id == task.id }) else { throw InputError("task \(task.id) is named twice") }
            tasks.append(task)
        }
        var objects: [JSONValue] = []
        var refused = 0
        for task in tasks {
            let change: RunChange
            do {
                change = try engine.update(task: task.id, action, by: person, note: options.note, checked: try options.checkedItems())
            } catch let error as RuntimeError where tasks.count > 1 {
                refused += 1  // another's action came first; the others go on
                Console.error("\(task.id): \(error.message)")
                continue
            }
            let now = engine.clock.now
            let after = change.tasks.first { $0.id == task.id } ?? task
            let changes = ChangeText(change)
            if options.output.json {
                var object = changes.json(now: now, city: CityTime(roster: engine.roster))
                object["action"] = .string(action.rawValue)
                object["by"] = .string(person)
                object["task"] = ReadModelJSON.task(after, now: now, city: CityTime(roster: engine.roster))
                objects.append(.object(object))
                continue
            }
            Console.out("\(task.id) \(DutyText.pastTense(action)) by \(person)")
            Console.out("  \(after.title) (\(after.assignee)): " + DutyText.stateAndDue(after, now: now))
            if let note = options.note { Console.out("  note: \(note)") }
            for line in changes.lines(now: now) { Console.out(line) }
        }
        if options.output.json { try options.output.print(json: tasks.count == 1 ? objects.first ?? .null : .array(objects)) }
        if refused > 0 { throw ExitCode(Ilsa.Status.failure) }
    }
}
