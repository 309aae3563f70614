import IlsaStore
import ArgumentParser
import Foundation
import IlsaEngine

/// `ilsa decide ESCALATION OPTION`: the control tower's answer to an escalation.
struct DecideCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decide",
        abstract: "Decide an escalation: choose one of the options it offers.",
        discussion: """
            The run waiting for the decision goes on at once; what it did (new tasks, the run \
            ending) is printed below the confirmation. An option the escalation does not offer, \
            an escalation already decided or withdrawn, or a run that has ended changes nothing \
            and exits with status 2. --by says who decided (default: $USER). The same command is \
            `ilsa escalation decide`.

            Examples:
              ilsa decide ab12cd34.14 evacuate_low_areas --by 상황실장
              ilsa decide ab12cd34.14 hold --note "rain easing; re-check at 15:00"

            $ ilsa decide ab12cd34.14 evacuate_low_areas --by 상황실장
            ab12cd34.14 decided by 상황실장: evacuate_low_areas
              new task ab12cd34.17: 저지대·반지하 주민 대피 (DONG.HEAD singil, due in 29m)
              new task ab12cd34.18: 거동불편 주민 대피 지원 (FIRE.SC119 singil, due in 29m)
            """
    )

    @Argument(help: ArgumentHelp("The escalation: RUN.N, as ilsa escalations lists it.", valueName: "escalation"))
    var escalation: String

    @Argument(help: ArgumentHelp("One of the options the escalation offers.", valueName: "option"))
    var option: String

    @Option(help: ArgumentHelp("Who decided (default: $USER).", valueName: "who"))
    var by: String?

    @Option(help: ArgumentHelp("Why, or what to watch for: recorded with the decision.", valueName: "text"))
    var note: String?

    @OptionGroup var engineOptions: EngineOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let person = try DutyText.person(by)
        let engine = try Lookup.engine(engineOptions)
        let summary = try Lookup.escalation(escalation, in: engine.store)
        try Self.checkDecidable(summary, option: option, in: engine.store)
        let change = try engine.decide(summary.id, option: option, by: person, note: note)
        let changes = ChangeText(change)
        let now = engine.clock.now
        if output.json {
            var object = changes.json(now: now, city: CityTime(roster: engine.roster))
            object["escalation"] = ReadModelJSON.escalation(
                change.escalations.first { $0.id == summary.id } ?? summary, city: CityTime(roster: engine.roster))
            try output.print(json: .object(object))
            return
        }
        Console.out("\(summary.id) decided by \(person): \(option)")
        if let note { Console.out("  note: \(note)") }
        for line in changes.lines(now: now) { Console.out(line) }
    }

    /// Refuses, before anything is recorded, an escalation that is no longer open or an option
    /// it does not offer.
    static func checkDecidable(_ escalation: EscalationSummary, option: String, in store: any RunStore) throws {
        try checkOpen(escalation, in: store)
        guard escalation.options.contains(option) else {
            throw InputError(
                "escalation '\(escalation.id)' does not offer '\(option)'" + DidYouMean.hint(for: option, in: escalation.options)
                    + "; its options are " + escalation.options.joined(separator: ", "))
        }
    }

    /// Refuses an escalation that is decided, withdrawn, or closed with its run.
    static func checkOpen(_ escalation: EscalationSummary, in store: any RunStore) throws {
        switch escalation.state {
        case .decided:
            let by = escalation.by.map { " by \($0)" } ?? ""
            throw InputError("escalation '\(escalation.id)' is already decided: '\(escalation.decision ?? "")'\(by)")
        case .withdrawn:
            throw InputError("escalation '\(escalation.id)' was withdrawn by the playbook; there is nothing to decide")
        case .closed:
            throw InputError("escalation '\(escalation.id)' is closed: its run '\(escalation.run)' ended before anyone decided")
        case .open, .acknowledged:
            _ = try Lookup.openRun(of: escalation.id.description, escalation.run, what: "escalation", in: store)
        }
    }
}
