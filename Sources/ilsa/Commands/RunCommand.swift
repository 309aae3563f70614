import IlsaStore
import ArgumentParser
import Foundation
import IlsaEngine

/// `ilsa run`: starts a run of a playbook and follows it until it ends, or returns once it
/// waits (`--detach`).
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Start a run of a playbook and follow it until it ends (or --detach).",
        discussion: """
            WORKFLOW is a playbook file, or a name in the workflows folder (heavy_rain for \
            workflows/heavy_rain.lua). Parameters are checked against the playbook's declaration \
            and the roster before anything is stored; declared defaults fill in the rest.

            Without --detach, ilsa run stays and keeps the run moving (timers, ladder climbs), \
            printing one line per thing that happens, with the time: tasks created and answered, \
            tasks overdue, ladder climbs, escalations and decisions, signals, log lines, the end. \
            What other terminals do (ilsa task done, ilsa signal) shows too. The exit status is 0 \
            when the run completes, 1 when it fails or is cancelled. Ctrl-C stops following, \
            between two steps; the run goes on in the store (ilsa work moves it on), and the \
            status is 130.

            With --detach, ilsa run returns once the run first waits and prints only its id, so \
            RUN=$(ilsa run --detach ...) works; ilsa work (--follow) keeps it moving.

            Examples:
              ilsa run heavy_rain --param district=singil
              ilsa run workflows/heavy_rain.lua --param district=choji --param level=warning
              RUN=$(ilsa run --detach heavy_rain --param district=singil)
              ilsa run --json heavy_rain | jq -r .text

            $ ilsa run heavy_rain --param district=singil
            09:00:00  run 3f9c1a2b started: heavy_rain (district=singil, ...)
            09:00:00  log: 호우주의보 (heavy rain advisory) for singil, 30 mm/h
            09:00:00  task 3f9c1a2b.3 created: 반지하 취약가구 연락·대피 안내 → …
            09:04:49  task 3f9c1a2b.3 done by 신길동장: 반지하 취약가구 …
            09:04:49  signal 'rain_reading' received: {"mm_per_hour":62}
            09:04:49  escalation 3f9c1a2b.15 to control_tower (alert): …
            """
    )

    @Argument(help: ArgumentHelp("The playbook: a file, or a name in the workflows folder.", valueName: "workflow"))
    var workflow: String

    @Option(
        name: .customLong("param"),
        help: ArgumentHelp("A parameter for the playbook; repeat for each (--param district=singil).", valueName: "name=value"))
    var params: [String] = []

    @Flag(help: "Return once the run first waits, printing only its id (a hint goes to standard error).")
    var detach = false

    @Option(help: ArgumentHelp("The run's id: letters, digits, - and _ (default: 8 random hex digits).", valueName: "id"))
    var id: String?

    @Option(
        parsing: .unconditional, help: ArgumentHelp("The seed of ilsa.random, to repeat a run (default: random).", valueName: "n"),
        transform: NumberOptions.seed)
    var seed: UInt64?

    @OptionGroup var engineOptions: EngineOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let id {
            let allowed = id.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_") }
            guard !id.isEmpty, id.count <= 64, allowed else {
                throw ValidationError("--id \(id): a run id is letters, digits, - and _ (at most 64), with no '.'")
            }
        }
    }

    func run() throws {
        let arguments = try Self.arguments(params)
        let path = Self.absolute(try WorkflowLocator().locate(workflow))
        guard let roster = try engineOptions.rosterOption.load() else {
            throw InputError(
                "no roster: parameters and assignees are checked against the city's roster; name it with --roster PATH or "
                    + "ILSA_ROSTER (or run from the project folder, which has \(RosterOption.defaultPath))")
        }
        // Check the playbook and its parameters before the store is opened (or created).
        let plugins = try PluginsCommand.load()
        _ = try Playbook.load(contentsOfFile: path, plugins: plugins).resolveParameters(arguments, roster: roster)
        let stop = detach ? nil : StopRequest()  // from here, Ctrl-C waits for a safe point
        let engine = try engineOptions.engine(create: true, loaded: (roster, plugins))
        stop?.watch(engine)
        let run: RunID
        do {
            run = try engine.start(playbook: path, arguments: arguments, id: id.map { RunID($0) }, seed: seed).run
        } catch let error as RuntimeError where error.code == .stopped {
            Console.note("stopped before the run was stored; nothing was started")
            throw ExitCode(Ilsa.Status.interrupted)
        }
        guard let stop else { return try detached(run, engine: engine) }

        Console.note("following run \(run); Ctrl-C stops following (the run goes on in the store)")
        let follower = RunFollower(engine: engine, run: run, printer: ProgressPrinter(output: output), stop: stop)
        guard let status = try follower.follow() else {
            Console.note("stopped following; the run continues in the store: ilsa work / ilsa status \(run)")
            throw ExitCode(Ilsa.Status.interrupted)
        }
        if status != .completed { throw ExitCode.failure }
    }

    /// Prints the id (or the run as JSON) and a hint, once the run first waits.
    private func detached(_ run: RunID, engine: Engine) throws {
        guard let record = try engine.store.run(run) else { throw RuntimeError(.notFound, "no run '\(run)'") }
        if output.json {
            try output.print(json: RunJSON.run(record))
        } else {
            print(run)
        }
        fflush(nil)
        switch record.status {
        case .completed, .failed, .cancelled:
            Console.note("run \(run) has already \(record.status); see what it did with ilsa history \(run)")
            if record.status != .completed { throw ExitCode.failure }
        case .running, .waiting, .paused:
            let waits = StatusText.waits(record.waits, now: engine.clock.now)
            Console.note(
                "run \(run) (\(record.workflow)) is waiting" + (waits.isEmpty ? "" : " for \(waits)")
                    + "; see it with ilsa status \(run), keep it moving with ilsa work --follow or ilsa serve")
        }
    }

    /// The `--param` values by name.
    /// - Throws: ``InputError`` for a value without `=` or a name given twice.
    static func arguments(_ params: [String]) throws -> [String: String] {
        var arguments: [String: String] = [:]
        for param in params {
            guard let equals = param.firstIndex(of: "="), equals != param.startIndex else {
                throw InputError("--param \(param): expected NAME=VALUE, such as --param district=singil")
            }
            let name = String(param[..<equals])
            guard arguments[name] == nil else { throw InputError("--param \(name) is given twice") }
            arguments[name] = String(param[param.index(after: equals)...])
        }
        return arguments
    }

    /// The path from the root, so a run started here can be replayed from any folder.
    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true))
            .standardizedFileURL.path
    }
}
