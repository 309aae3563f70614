import IlsaStore
import ArgumentParser
import Foundation
import IlsaEngine
import IlsaTerminal
import IlsaEffects

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

            It also delivers what plugin hooks queued (outbox lines, webhooks; see ilsa \
            effects): after the commits that queued them, each attempt within its timeout, \
            failures tried again with backoff. Without --follow it delivers what is due once and \
            waits for those attempts.

            It starts the playbooks that start by themselves: each schedule's occurrence once \
            (ilsa schedules lists them), and, for a feed signal a playbook declares among its \
            triggers, a run for each district the signal names where none of that playbook is \
            going (the playbooks are those of the workflows folder, or $ILSA_WORKFLOWS).

            With --follow it keeps doing it as things fall due (a daemon): it sleeps until the \
            store's next wake time, but never longer than --interval, so runs started meanwhile \
            are noticed. Deliveries run beside the timers, so a slow webhook holds up no timer. \
            A store that fails for a while (a full disk, a lock held long) is waited out with a \
            warning; the worker stops only on Ctrl-C or SIGTERM (status 0) or on a store it \
            cannot use at all. It leaves a heartbeat in the store every 5 seconds: ilsa status \
            and ilsa tasks warn when timers are due and no worker has been seen. Several workers \
            (and followers, ilsa run) may share a store: each run is moved, and each \
            notification delivered, by one of them.

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

    @Option(
        help: ArgumentHelp(
            "On a PostgreSQL store, how long a due run stays leased to this worker while it works on it: when the worker dies or is cut off, another takes its runs over after this long.",
            valueName: "seconds"))
    var lease: Double = 30

    @OptionGroup var engineOptions: EngineOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard interval > 0, interval.isFinite else { throw ValidationError("--interval must be a positive number of seconds") }
        guard lease >= 1, lease <= 3600 else { throw ValidationError("--lease must be between 1 and 3600 seconds") }
    }

    func run() throws {
        let stop = follow ? StopRequest(catching: [SIGINT, SIGTERM], status: 0) : nil
        let clock = StepClock()
        // A folder whose playbooks start by themselves needs a store to start them in.
        let plugins = try PluginsCommand.load()
        let catalog = PlaybookCatalog.load(folder: WorkflowLocator().folder, plugins: plugins)
        let startsBySelf = catalog.entries.contains { !$0.playbook.schedules.isEmpty || !$0.playbook.triggers.isEmpty }
        let engine = try engineOptions.engine(
            create: follow || startsBySelf, clock: clock, loaded: (try engineOptions.rosterOption.load(), plugins))
        engine.leaseDuration = lease
        stop?.watch(engine)
        try Lookup.requireRoster(engine)
        let printer = ProgressPrinter(output: output)
        let problems = WorkProblems()
        let heartbeat = Heartbeat(store: engine.store, kind: "work")
        guard let stop else {
            let moved = try step(engine, clock: clock, printer: printer, problems: problems)
            let delivered = try Deliveries.once(store: engine.store, claimant: heartbeat.beat.id)
            let next = try engine.nextWake().map { "; the next is due \(TimeText.until($0, now: clock.now))" } ?? ""
            Console.note(moved == 0 ? "nothing was due\(next)" : "\(Self.runs(moved)) advanced")
            if let summary = Deliveries.summary(delivered) { Console.note(summary) }
            if problems.count > 0 { throw ExitCode(Ilsa.Status.failure) }
            return
        }
        Console.note("working on \(engineOptions.storeOption.path); Ctrl-C or SIGTERM stops")
        let stopDeliveries = Deliveries.start(store: engine.store, claimant: heartbeat.beat.id)
        defer {
            stopDeliveries()
            heartbeat.end()
        }
        var total = 0
        var failures = 0
        var lastBeat = Date.distantPast
        while !stop.isRequested {
            let wake: Date?
            do {
                if Date().timeIntervalSince(lastBeat) >= Heartbeat.interval {
                    try heartbeat.beat()
                    lastBeat = Date()
                }
                total += try step(engine, clock: clock, printer: printer, problems: problems)
                wake = try engine.nextWake()
                if failures > 0 { Console.note("the store answers again; working") }
                failures = 0
            } catch let error as RuntimeError where error.code == .stopped {
                break
            } catch let error as StoreError where Self.isTransient(error) {
                // A full disk, a locked or read-only moment: wait, say so, and go on.
                failures += 1
                let pause = min(pow(2, Double(failures - 1)), 30)
                Console.warning("\(error); trying again in \(Int(pause)) s")
                stop.sleep(until: Date().addingTimeInterval(pause))
                continue
            }
            let wall = Date()
            let due = wake.map { max($0, wall.addingTimeInterval(0.05)) } ?? .distantFuture
            stop.sleep(until: min(due, wall.addingTimeInterval(interval), lastBeat.addingTimeInterval(Heartbeat.interval)))
        }
        Console.note("stopped; \(Self.runs(total)) advanced")
    }

    /// Store errors a worker waits out: another process holding the lock, and I/O (a full
    /// disk, a file made read-only for a moment). The rest (not a store, a newer schema) stop it.
    private static func isTransient(_ error: StoreError) -> Bool {
        error.code == .busy || error.code == .io
    }

    /// Moves on every run due now, prints a line for each that moved, and returns how many did.
    private func step(_ engine: Engine, clock: StepClock, printer: ProgressPrinter, problems: WorkProblems) throws -> Int {
        clock.tick()
        problems.beginStep()
        // Playbooks that start by themselves: their schedules, then the feeds' signals that start
        // them (a weather warning for some districts) or wake their runs.
        let catalog = PlaybookCatalog.load(folder: WorkflowLocator().folder, plugins: engine.plugins)
        let (schedules, unreadable) = catalog.schedules(adding: try engine.store.schedules())
        for problem in unreadable { problems.warnOnce(problem) }
        let starts = try engine.startDue(schedules) { schedule, error in
            problems.warnOnce("schedule \(schedule.id) could not start \(schedule.workflow): \(Ilsa.describe(error)?.0 ?? "\(error)")")
        }
        for start in starts {
            printer.print(
                notice: EventNarrator.Line(
                    text:
                        "started run \(start.change.run) (\(start.schedule.workflow)) by schedule \(start.schedule.id): \(start.schedule.spec.description)",
                    tone: .plain),
                kind: "scheduled_start", at: clock.now, run: start.change.run,
                fields: ["schedule": .string(start.schedule.id), "workflow": .string(start.schedule.workflow)])
        }
        let (delivered, failures) = try engine.pollSignalSources(triggers: catalog.triggers)
        for delivery in delivered {
            printer.print(
                notice: EventNarrator.Line(text: "signal \(delivery)", tone: .plain), kind: "signal_delivered", at: clock.now,
                run: delivery.run, fields: ["signal": .string(delivery.name), "id": .string(delivery.id)])
        }
        for failure in failures { Console.warning("plugin '\(failure.plugin)' signal source: \(failure.message)") }
        var changes: [RunChange] = []
        try RunFollower.tolerateContention { changes = try engine.work(problem: problems.report) }
        // What this worker moved: another worker sharing the store prints what it moved.
        for change in changes {
            guard let record = try engine.store.run(change.run), let first = change.events.first?.sequence else { continue }
            var narrator = EventNarrator(run: record.id)
            var lines: [String] = []
            var events: [JSONValue] = []
            for event in try engine.store.history(of: record.id) where event.sequence < first + change.events.count {
                guard event.sequence >= first else {
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
        return changes.count + starts.count
    }

    /// `1 run`, `3 runs`.
    private static func runs(_ count: Int) -> String {
        "\(count) run\(count == 1 ? "" : "s")"
    }
}
