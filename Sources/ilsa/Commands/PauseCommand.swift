import IlsaStore
import ArgumentParser
import Foundation
import IlsaEngine

/// `ilsa pause`: holds a run's timers and ladders.
struct PauseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pause",
        abstract: "Hold a run's clock: its timers do not fire and its ladders do not climb until ilsa resume.",
        discussion: """
            A paused run still takes people's answers (a task done, a decision, a signal) and \
            goes on with them; only what the clock would do waits. ilsa status lists it as \
            paused. The pause and the resume are recorded in the run's history, with who and \
            why. On resume, what came due while the run was paused happens at once.

            Examples:
              ilsa pause 3f9c1a2b --reason "waiting for the KMA update at 15:00"
              ilsa resume 3f9c1a2b
            """
    )

    @OptionGroup var hold: HoldOptions

    func run() throws {
        let (engine, record, person) = try hold.open()
        guard !record.status.isFinal else { throw InputError("run '\(record.id)' has \(Lookup.ended(record.status)); nothing to pause") }
        guard record.status != .paused else {
            throw InputError("run '\(record.id)' is already paused; ilsa resume \(record.id) lets it go")
        }
        try engine.pause(record.id, by: person, reason: hold.reason)
        Console.out("run \(record.id) (\(record.workflow)) paused by \(person): its timers and ladders wait until ilsa resume \(record.id)")
    }
}

/// `ilsa resume`: lets a paused run's clock go again.
struct ResumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Let a paused run's clock go again: what came due while it was paused happens now.",
        discussion: """
            Examples:
              ilsa resume 3f9c1a2b
              ilsa resume 3f9c1a2b --reason "KMA update received"
            """
    )

    @OptionGroup var hold: HoldOptions

    func run() throws {
        let (engine, record, person) = try hold.open()
        guard record.status == .paused else { throw InputError("run '\(record.id)' is not paused (it is \(record.status))") }
        let change = try engine.resume(record.id, by: person, reason: hold.reason)
        Console.out("run \(record.id) (\(record.workflow)) resumed by \(person)")
        for line in ChangeText(change).lines(now: engine.clock.now) { Console.out(line) }
    }
}

/// What `ilsa pause` and `ilsa resume` take: the run, who, why.
struct HoldOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The run.", valueName: "run"))
    var runID: String

    @Option(help: ArgumentHelp("Who does it (default: $USER).", valueName: "who"))
    var by: String?

    @Option(help: ArgumentHelp("Why, for the record.", valueName: "text"))
    var reason: String?

    @OptionGroup var engineOptions: EngineOptions

    /// The engine, the run and who acts.
    func open() throws -> (Engine, RunRecord, String) {
        let person = try DutyText.person(by)
        let engine = try Lookup.engine(engineOptions)
        return (engine, try Lookup.run(runID, in: engine.store), person)
    }
}
