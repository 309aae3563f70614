import IlsaDrill
import ArgumentParser
import Foundation
import IlsaEngine
import IlsaTerminal

/// `ilsa drill`: rehearses a playbook on a virtual clock against simulated responders.
struct DrillCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drill",
        abstract: "Rehearse a playbook on a virtual clock against simulated responders.",
        discussion: """
            WORKFLOW is a playbook file, or a name in the workflows folder (heavy_rain for \
            workflows/heavy_rain.lua). The drill runs it through the same engine as ilsa run, in a \
            throw-away store, on a virtual clock that starts at T0 = 2025-07-16 09:00 KST and jumps \
            from one event to the next. Simulated people answer its tasks: per role, a delay to \
            acknowledge, a time to finish and a chance to miss (then the task's escalation ladder \
            climbs until someone steps in); a simulated control tower acknowledges and decides \
            escalations. The built-in profile is Ansan's; --responders FILE changes it and can send \
            the run signals at set times (see docs/cli.md and plugins/ansan/responders.lua).

            The drill prints the timeline (time after T0, event), the tasks met and missed, every \
            escalation and how high it climbed, the critical path (the chain of waits that decided \
            when the run ended) and the result. --report writes the same as a self-contained HTML \
            after-action report with a timeline chart. The same seed gives the same drill, byte \
            for byte.

            --t0 starts the virtual clock elsewhere (in the city's time zone). --on-schedule \
            rehearses a playbook that starts by itself: the clock runs from --t0 to the first \
            occurrence of the playbook's schedules (D-21 before a holiday, every day at 06:00) \
            and the run starts there, with the schedule's parameters, as ilsa work would start it.

            The exit status is 0 when the run completed, 1 when it failed or was still waiting at \
            the horizon (--until), 2 for bad input (a --param the playbook does not take, a \
            responders file with mistakes: file:line: message).

            Examples:
              ilsa drill heavy_rain --param district=singil --seed 7
              ilsa drill heavy_rain --param district=choji --report drill-report.html
              ilsa drill heavy_rain --responders plugins/ansan/responders.lua
              ilsa drill workflows/heavy_rain.lua --param level=warning --until 12h --json
            """
    )

    @Argument(help: ArgumentHelp("The playbook: a file, or a name in the workflows folder.", valueName: "workflow"))
    var workflow: String

    @Option(
        name: .customLong("param"),
        help: ArgumentHelp("A parameter for the playbook; repeat for each (--param district=singil).", valueName: "name=value"))
    var params: [String] = []

    @Option(
        parsing: .unconditional, help: ArgumentHelp("Seeds the run's ilsa.random and every simulated responder.", valueName: "n"),
        transform: NumberOptions.seed)
    var seed: UInt64 = 1

    @Option(
        help: ArgumentHelp(
            "A responders file: delays, misses and scripted signals (default: the built-in Ansan profile).", valueName: "file"))
    var responders: String?

    @Option(help: ArgumentHelp("Write a self-contained HTML after-action report to this file.", valueName: "file"))
    var report: String?

    @Option(name: .customLong("until"), help: ArgumentHelp("How long the drill may run, in simulated time.", valueName: "duration"))
    var until: String = "72h"

    @Option(
        help: ArgumentHelp(
            "Where the virtual clock starts, in the city's time zone: \"2027-01-20 08:00\" (default 2025-07-16 09:00).",
            valueName: "date time"))
    var t0: String?

    @Flag(help: "Start the playbook by its own schedules: the clock goes from --t0 to the first occurrence, and the run starts there.")
    var onSchedule = false

    @OptionGroup var rosterOption: RosterOption
    @OptionGroup var output: OutputOptions

    func run() throws {
        let arguments = try RunCommand.arguments(params)
        guard let horizon = DurationText.parse(until), horizon > .zero else {
            throw InputError("--until \(until): expected a duration such as 12h or 3d (\(DurationText.formatHelp))")
        }
        let path = try WorkflowLocator().locate(workflow)
        guard let roster = try rosterOption.load() else {
            throw InputError(
                "no roster: a drill assigns tasks to the city's roles; name it with --roster PATH or ILSA_ROSTER "
                    + "(or run from the project folder, which has \(RosterOption.defaultPath))")
        }
        var drill = try Drill(contentsOfFile: path, roster: roster)
        drill.plugins = try PluginsCommand.load()
        drill.arguments = arguments
        drill.seed = seed
        drill.horizon = horizon
        drill.onSchedule = onSchedule
        if let t0 { drill.start = try Self.cityTime(t0, roster: roster) }
        let result: DrillReport
        do {
            if let responders { drill.responders = try ResponderProfile.load(contentsOfFile: responders) }
            result = try drill.run()
        } catch let error as ResponderProfileError {
            throw InputError("\(error)")
        } catch let error as CocoaError where error.code == .fileReadNoSuchFile || error.code == .fileNoSuchFile {
            throw InputError("--responders \(responders ?? ""): no such file")
        }
        if output.json {
            try output.print(json: result.json)
        } else {
            let fits = Terminal.isTerminal(Terminal.standardOutput)
            print(DrillText(report: result, styler: output.styler, width: fits ? TerminalSize.columns() : nil).render(), terminator: "")
        }
        if let report {
            do {
                try Data(result.html().utf8).write(to: URL(fileURLWithPath: report))
            } catch {
                throw InputError("--report \(report): cannot write the report (\(error.localizedDescription))")
            }
            fflush(nil)
            Console.note("after-action report: \(report) (open it in a browser)")
        }
        if result.outcome != .completed { throw ExitCode.failure }
    }

    /// `2027-01-20 08:00` in the roster's time zone.
    static func cityTime(_ text: String, roster: Roster) throws -> Date {
        let parts = text.split(separator: " ")
        guard parts.count == 2, let date = LocalDate(String(parts[0])), let time = ClockTime(String(parts[1])),
            let instant = ScheduleSpec(when: .once(date, time)).latest(notAfter: .distantFuture, in: CityTime(roster: roster).zone)
        else { throw InputError("--t0 \(text): expected a date and time in the city's time zone, like \"2027-01-20 08:00\"") }
        return instant
    }
}
