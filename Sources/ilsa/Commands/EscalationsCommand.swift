import IlsaStore
import ArgumentParser
import Foundation
import IlsaEngine
import IlsaTerminal

/// `ilsa escalations`: what runs have asked the control tower, and what it decided.
struct EscalationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "escalations",
        abstract: "List escalations: who was asked, how severe, the options, and the decision.",
        discussion: """
            Those still to decide (open or acknowledged) unless --all, oldest first. SEVERITY \
            gives the national alert level (관심 interest, 주의 caution, 경계 alert, 심각 \
            serious); STATE is open, acknowledged, decided, withdrawn (by the playbook) or closed \
            (the run ended first). Decide one with `ilsa decide ESCALATION OPTION`; say you have \
            seen it with `ilsa escalation ack ESCALATION`.

            Columns: ID, RUN, TO (control_tower, city_hq, district_chair), SEVERITY (경계 alert), \
            REASON, OPTIONS, STATE, and DECISION (the option and who chose it) once there is one. \
            REASON and OPTIONS are cut to fit the terminal.

            A page at a time: the oldest 50, and on standard error how many there are in all \
            ("showing 1–50 of 1,234 open escalations (page 1 of 25)"); --limit N shows N a page, \
            --page N the Nth page. --json prints the same page as a JSON array.

            Examples:
              ilsa escalations
              ilsa escalations --all --run ab12cd34 --json
              ilsa escalations --page 2

            """
    )

    @OptionGroup var storeOption: StoreOption
    @OptionGroup var rosterOption: RosterOption
    @OptionGroup var output: OutputOptions
    @OptionGroup var pages: PageOptions

    @Flag(help: "Include those decided, withdrawn or closed (by default: only those still to decide).")
    var all = false

    @Flag(help: "Only escalations still to decide (open or acknowledged): the default.")
    var open = false

    @Option(name: .customLong("run"), help: ArgumentHelp("Only this run's escalations.", valueName: "run"))
    var runID: String?

    func validate() throws {
        if all && open { throw ValidationError("--all and --open: choose one (--open is the default)") }
    }

    func run() throws {
        let store = try storeOption.open(create: false)
        let run = try runID.map { try Lookup.run($0, in: store).id }
        let query = EscalationQuery(run: run, states: all ? nil : EscalationQuery.openStates)
        let fetch = { (page: PageRequest) in try store.escalations(query, page: page) }
        let noun = (all ? "escalations" : "open escalations") + (runID.map { " in run \($0)" } ?? "")
        if output.json {
            let city = CityTime(roster: try? rosterOption.load())
            let (shown, total) = try output.printArray(pages, fetch) { ReadModelJSON.escalation($0, city: city) }
            pages.note(shown: shown, of: total, noun)
            return
        }
        let (escalations, total) = try pages.collect(fetch)
        if total == 0 {
            Console.note("no \(noun)")
        } else if !escalations.isEmpty {
            var runs: [RunID: RunRecord] = [:]
            for id in Set(escalations.map(\.run)) { runs[id] = try store.run(id) }
            print(Self.render(escalations, runs: runs, styler: output.styler))
        }
        pages.note(shown: escalations.count, of: total, noun)
    }

    /// The table; DECISION is left out while nothing is decided or acknowledged. RUN names the
    /// run as people tell runs apart: its id, playbook and districts (`3f9c1a2b heavy_rain singil`).
    static func render(_ escalations: [EscalationSummary], runs: [RunID: RunRecord], styler: Styler) -> String {
        let decisions = escalations.map { escalation in
            escalation.decision.map { option in option + (escalation.by.map { " by \($0)" } ?? "") }
                ?? (escalation.state == .acknowledged ? escalation.by.map { "seen by \($0)" } : nil) ?? ""
        }
        var columns: [TextTable.Column] = [
            .init("ID"), .init("RUN"), .init("TO"), .init("SEVERITY"), .init("REASON", truncatable: true),
            .init("OPTIONS", truncatable: true), .init("STATE"),
        ]
        let showDecisions = decisions.contains { !$0.isEmpty }
        if showDecisions { columns.append(.init("DECISION", truncatable: true)) }
        var table = TextTable(columns: columns)
        for (escalation, decision) in zip(escalations, decisions) {
            table.append(
                [
                    escalation.id.description, DutyText.run(escalation.run, runs[escalation.run]), escalation.to,
                    DutyText.severity(escalation.severity),
                    escalation.reason,
                    escalation.options.joined(separator: ", "), escalation.state.rawValue,
                ] + (showDecisions ? [decision] : []))
        }
        return table.render(fittingWidth: TaskTable.fittingWidth(), styler: styler) { row, column in
            switch (column, escalations[row].severity) {
            case (3, "serious"): .init(color: .red, bold: true)
            case (3, "alert"): .color(.red)
            case (3, "caution"): .color(.yellow)
            case (6, _) where escalations[row].state.isOpen: .bold
            default: .plain
            }
        }
    }
}
