import IlsaStore
import ArgumentParser
import Foundation
import IlsaEngine

/// `ilsa retry`: takes a failed run up again on its fixed playbook.
struct RetryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Take a failed run up again on its playbook as the file is now, from where it failed.",
        discussion: """
            A run that failed with a Lua error (ilsa incidents lists them, with the error and \
            its line) can go on once its playbook is fixed. ilsa retry replays the run's history \
            on the file as it is now, up to the failure, and the run goes on from there: the \
            tasks and escalations the failure closed are open again, and what the fixed code \
            does next is recorded. The retry is recorded in the run's history.

            Nothing changes when the history does not replay on the file (the first differing \
            command is named: keep the code before the failing line as it was, or branch on \
            ilsa.patched), or when the run would fail again at once (the new error is named). \
            ilsa check FILE says beforehand which failed runs could be retried.

            Examples:
              ilsa incidents
              ilsa check workflows/heat_wave.lua
              ilsa retry 3f9c1a2b

            $ ilsa retry 3f9c1a2b
            run 3f9c1a2b retried on sha256:8c41d2e07f1a (workflows/heat_wave.lua): waiting for task 3f9c1a2b.9
            """
    )

    @Argument(help: ArgumentHelp("The failed run.", valueName: "run"))
    var runID: String

    @Option(help: ArgumentHelp("Who retries it (default: $USER).", valueName: "who"))
    var by: String?

    @OptionGroup var engineOptions: EngineOptions

    func run() throws {
        let person = try DutyText.person(by)
        let engine = try Lookup.engine(engineOptions)
        let record = try Lookup.run(runID, in: engine.store)
        guard record.status == .failed else {
            throw InputError("run '\(record.id)' has not failed (it is \(record.status)); only a failed run is retried")
        }
        let check = try engine.checkVersion(of: record.id)
        guard case .replays = check.verdict else {
            Console.out(VersionText.line(check))
            throw ExitCode.failure
        }
        let change = try engine.retry(record.id, by: person)
        let after = try engine.store.run(record.id) ?? record
        let waits = StatusText.waits(after.waits, now: engine.clock.now)
        Console.out(
            "run \(record.id) retried on \(VersionText.short(check.version)) (\(VersionText.path(of: record, in: engine.store))): "
                + (change.status.isFinal ? "it \(change.status)" : waits.isEmpty ? "it is \(change.status)" : "waiting for \(waits)"))
        for line in ChangeText(change).lines(now: engine.clock.now) { Console.out(line) }
    }
}
