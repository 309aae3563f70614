import IlsaStore
import ArgumentParser
import Foundation
import IlsaEngine
import IlsaTerminal

/// `ilsa work`: moves every run in the store on by the clock (timers, ladder climbs), once or
/// as a daemon.
struct WorkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "work",
        abstract: "Do what is due by the clock in every run: fire timers, climb ladders (--follow: keep doing it).",
        discussion: """
            Runs wait for people, signals and time. ilsa work does the part that is time: it \
            fires the timers that are due, climbs the ladders of tasks nobody acknowledged in \
            time, and runs each run on until it waits again. It prints one line per run that \
            moved, with what happened, and a summary on standard error.

            With --follow it keeps doing it as things fall due (a daemon): it sleeps until the \
            store's next wake time, but never longer than --interval, so runs started meanwhile \
            are noticed. Ctrl-C or SIGTERM stops it after the step in progress, with status 0. \
            Several workers (and followers, ilsa run) may share a store: each run is moved by one \
            of them.

            Examples:
              ilsa work
              ilsa work --follow
              ILSA_STORE=/srv/ilsa/ilsa.sqlite ilsa work --follow --interval 5

            $ ilsa work
            09:15:00  3f9c1a2b  heavy_rain: task 3f9c1a2b.3 climbed to unit_head …
            09:15:00  b6e24076  nap: timer fired; log: after; run completed
            2 runs advanced
            """
    )

    @Flag(help: "Keep working as things fall due, until Ctrl-C or SIGTERM.")
    var follow = false

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("With --follow, the longest sleep between two looks at the store, in seconds.", valueName: "seconds"))
    var interval: Double = 1

    @OptionGroup var engineOptions: EngineOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard interval > 0, interval.isFinite else { throw ValidationError("--interval must be a positive number of seconds") }
    }

    func run() throws {
        let stop = follow ? StopRequest(catching: [SIGINT, SIGTERM], status: 0) : nil
        let clock = StepClock()
        let engine = try engineOptions.engine(create: follow, clock: clock)
        stop?.watch(engine)
        try Lookup.requireRoster(engine)
        let printer = ProgressPrinter(output: output)
        let problems = WorkProblems()
        guard let stop else {
            let moved = try step(engine, clock: clock, printer: printer, problems: problems)
            let next = try engine.nextWake().map { "; the next is due \(TimeText.until($0, now: clock.now))" } ?? ""
            Console.note(moved == 0 ? "nothing was due\(next)" : "\(Self.runs(moved)) advanced")
            if problems.count > 0 { throw ExitCode(Ilsa.Status.failure) }
            return
        }
        Console.note("working on \(engineOptions.storeOption.path); Ctrl-C or SIGTERM stops")
        var total = 0
        while !stop.isRequested {
            do {
                total += try step(engine, clock: clock, printer: printer, problems: problems)
            } catch let error as RuntimeError where error.code == .stopped {
                break
            }
            let wall = Date()
            let wake = try engine.nextWake().map { max($0, wall.addingTimeInterval(0.05)) }
            stop.sleep(until: min(wake ?? .distantFuture, wall.addingTimeInterval(interval)))
        }
        Console.note("stopped; \(Self.runs(total)) advanced")
    }

    /// Moves on every run due now, prints a line for each that moved, and returns how many did.
    private func step(_ engine: Engine, clock: StepClock, printer: ProgressPrinter, problems: WorkProblems) throws -> Int {
        clock.tick()
        problems.beginStep()
        // Plugins' feeds first (a weather warning, a crowd reading): their signals wake runs now.
        let (delivered, failures) = try engine.pollSignalSources()
        for delivery in delivered {
            printer.print(
                notice: EventNarrator.Line(text: "signal \(delivery)", tone: .plain), kind: "signal_delivered", at: clock.now,
                run: delivery.run, fields: ["signal": .string(delivery.name), "id": .string(delivery.id)])
        }
        for failure in failures { Console.warning("plugin '\(failure.plugin)' signal source: \(failure.message)") }
        let due = try engine.store.runsDue(at: clock.now, limit: Int.max)
        guard !due.isEmpty else { return delivered.count }
        try RunFollower.tolerateContention { _ = try engine.work(problem: problems.report) }
        var moved = 0
        for entry in due {
            guard let record = try engine.store.run(entry.run), record.lastSequence > entry.lastSequence else { continue }
            moved += 1
            var narrator = EventNarrator(run: record.id)
            var lines: [String] = []
            var events: [JSONValue] = []
            let history = try engine.store.history(of: record.id)
            for event in history {
                guard event.sequence > entry.lastSequence else {
                    narrator.learn(event)
                    continue
                }
                let line = narrator.narrate(event, detail: .progress)
                if let line { lines.append(line.text) }
                events.append(RunJSON.event(event, run: record.id, text: line?.text))
            }
            if output.json {
                let object: JSONValue = .object([
                    "run": .string(record.id.rawValue), "workflow": .string(record.workflow),
                    "status": .string(record.status.rawValue), "events": .array(events),
                ])
                print(object.compactText)
            } else {
                let what = lines.isEmpty ? "\(events.count) new events" : lines.joined(separator: "; ")
                let styler = printer.styler
                // The narrator's lines are visible already; the rest comes from the store too.
                print(
                    styler.apply(.dim, to: TimeText.clock(clock.now)) + "  " + styler.apply(.bold, to: record.id.rawValue.visibleControls)
                        + "  " + "\(record.workflow): ".visibleControls + what)
            }
            fflush(nil)
        }
        return moved
    }

    /// `1 run`, `3 runs`.
    private static func runs(_ count: Int) -> String {
        "\(count) run\(count == 1 ? "" : "s")"
    }
}
