import ArgumentParser
import Foundation
import IlsaEngine

/// `ilsa escalation ack|decide ESCALATION`: the control tower's answers to one escalation.
struct EscalationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "escalation",
        abstract: "Acknowledge or decide an escalation.",
        discussion: """
            `ack` records that the decider has seen the escalation and is on it; `decide` \
            chooses one of its options (the same as `ilsa decide`).

            Examples:
              ilsa escalation ack ab12cd34.14 --by 상황실장
              ilsa escalation decide ab12cd34.14 open_shelters --by 상황실장
            """,
        subcommands: [Acknowledge.self, DecideCommand.self]
    )

    struct Acknowledge: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ack",
            abstract: "Acknowledge an escalation: the decider has seen it.",
            discussion: """
                Example:
                  $ ilsa escalation ack ab12cd34.14 --by 상황실장
                  ab12cd34.14 acknowledged by 상황실장: control_tower, 경계 alert: 55 mm/h in singil
                    options: evacuate_low_areas, open_shelters, hold
                """)

        @Argument(help: ArgumentHelp("The escalation: RUN.N, as ilsa escalations lists it.", valueName: "escalation"))
        var escalation: String

        @Option(help: ArgumentHelp("Who has seen it (default: $USER).", valueName: "who"))
        var by: String?

        @OptionGroup var engineOptions: EngineOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let person = try DutyText.person(by)
            let engine = try Lookup.engine(engineOptions)
            let summary = try Lookup.escalation(escalation, in: engine.store)
            try DecideCommand.checkOpen(summary, in: engine.store)
            if summary.state == .acknowledged {
                throw InputError("escalation '\(summary.id)' is already acknowledged" + (summary.by.map { " by \($0)" } ?? ""))
            }
            try engine.acknowledge(escalation: summary.id, by: person)
            let after = try engine.store.escalation(summary.id) ?? summary
            if output.json {
                try output.print(
                    json: .object([
                        "escalation": ReadModelJSON.escalation(after, city: CityTime(roster: engine.roster)), "by": .string(person),
                    ]))
                return
            }
            Console.out("\(summary.id) acknowledged by \(person): \(after.to), \(DutyText.severity(after.severity)): \(after.reason)")
            Console.out("  options: " + after.options.joined(separator: ", "))
        }
    }
}
