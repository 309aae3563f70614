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
            Oldest first. SEVERITY gives the national alert level (관심 interest, 주의 caution, \
            경계 alert, 심각 serious); STATE is open, acknowledged, decided, withdrawn (by the \
            playbook) or closed (the run ended first). Decide one with \
            `ilsa decide ESCALATION OPTION`; say you have seen it with `ilsa escalation ack ESCALATION`.

            Columns: ID, RUN, TO (control_tower, city_hq, district_chair), SEVERITY (경계 alert), \
            REASON, OPTIONS, STATE, and DECISION (the option and who chose it) once there is one. \
            REASON and OPTIONS are cut to fit the terminal.

            Examples:
              ilsa escalations --open
              ilsa escalations --run ab12cd34 --json

            """
    )

    @OptionGroup var storeOption: StoreOption
    @OptionGroup var output: OutputOptions

    @Flag(help: "Only escalations still to decide (open or acknowledged).")
    var open = false

    @Option(name: .customLong("run"), help: ArgumentHelp("Only this run's escalations.", valueName: "run"))
    var runID: String?

    func run() throws {
        let store = try storeOption.open(create: false)
        let run = try runID.map { try Lookup.run($0, in: store).id }
        let escalations = try store.escalations(run: run, openOnly: open)
        if output.json {
            try output.print(json: .array(escalations.map(DutyJSON.escalation)))
        } else if escalations.isEmpty {
            let noun = open ? "open escalations" : "escalations"
            Console.note("no \(noun)\(runID.map { " in run \($0)" } ?? "")")
        } else {
            print(Self.render(escalations, styler: output.styler))
        }
    }

    /// The table; DECISION is left out while nothing is decided or acknowledged.
    static func render(_ escalations: [EscalationSummary], styler: Styler) -> String {
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
                    escalation.id.description, escalation.run.rawValue, escalation.to, DutyText.severity(escalation.severity),
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
