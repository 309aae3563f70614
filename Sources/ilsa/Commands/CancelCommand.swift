import IlsaStore
import ArgumentParser
import Foundation
import IlsaEngine

/// `ilsa cancel`: ends a run where it waits.
struct CancelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel a run: it stops where it waits, and its open tasks and escalations close.",
        discussion: """
            The cancellation is recorded in the run's history, with who did it and why. A run \
            that has already ended, or an unknown run, changes nothing and exits with status 2. \
            A follower (ilsa run in another terminal) prints the cancellation and exits with 1. \
            A run that can no longer be rebuilt (its playbook edited or gone, a plugin missing \
            here) is cancelled all the same, from the store.

            Examples:
              ilsa cancel 3f9c1a2b --reason "advisory lifted at 14:10"
              ilsa cancel 3f9c1a2b --by park.jiwon

            $ ilsa cancel 3f9c1a2b --reason "advisory lifted"
            run 3f9c1a2b (heavy_rain) cancelled by kim.minsu: 2 open tasks cancelled
              closed task 3f9c1a2b.4: 반지하 가구 연락
              closed task 3f9c1a2b.6: 배수펌프 대기
            """
    )

    @Argument(help: ArgumentHelp("The run.", valueName: "run"))
    var runID: String

    @Option(help: ArgumentHelp("Who cancels it (default: $USER).", valueName: "who"))
    var by: String?

    @Option(help: ArgumentHelp("Why, for the record.", valueName: "text"))
    var reason: String?

    @OptionGroup var engineOptions: EngineOptions

    func run() throws {
        let person = try DutyText.person(by)
        let engine = try engineOptions.engine(create: false)
        let record = try Lookup.run(runID, in: engine.store)
        guard !record.status.isFinal else {
            throw InputError("run '\(record.id)' has already ended (\(record.status))")
        }
        try Lookup.requireRoster(engine)
        let openTasks = try engine.store.tasks(TaskQuery(run: record.id, states: TaskQuery.openStates))
        let openEscalations = try engine.store.escalations(run: record.id, openOnly: true).count
        try engine.cancel(record.id, by: person, reason: reason)
        var closed: [String] = []
        if !openTasks.isEmpty { closed.append("\(openTasks.count) open task\(openTasks.count == 1 ? "" : "s") cancelled") }
        if openEscalations > 0 { closed.append("\(openEscalations) open escalation\(openEscalations == 1 ? "" : "s") closed") }
        Console.out(
            "run \(record.id) (\(record.workflow)) cancelled by \(person)" + (closed.isEmpty ? "" : ": " + closed.joined(separator: ", ")))
        for task in openTasks.sorted(by: { $0.id < $1.id }) { Console.out("  closed task \(task.id): \(task.title)") }
    }
}
