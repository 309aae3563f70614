import IlsaStore
import ArgumentParser
import Foundation
import IlsaEngine

/// `ilsa upgrade`: moves runs to the playbook as its file is now, when their histories replay on it.
struct UpgradeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upgrade",
        abstract: "Move runs to their playbook as its file is now, when their histories replay on it.",
        discussion: """
            Each run replays the version of its playbook it started with, whatever the file \
            says later. ilsa upgrade replays a run's history against the file as it is now \
            (a shadow replay: the same check ilsa check makes), and moves the run to it only \
            when every recorded command matches. The move is recorded in the run's history \
            (run moved to playbook version ...) and the run replays the new version from then \
            on. A run that would diverge stays where it is, and the first differing command \
            is named: branch the new code on ilsa.patched("name") so that runs in flight keep \
            the old path (docs/authoring.md, "Changing a playbook while it runs").

            Give one run, or --workflow NAME for every run of a playbook that has not ended \
            (the runs that replay move; the others stay, and are listed). --dry-run says what \
            would move and changes nothing. The exit status is 0 when every run named moved \
            or was on the file's version already, 1 when one stays, 2 for bad input.

            Examples:
              ilsa check workflows/holiday.lua          # which runs could move
              ilsa upgrade 3f9c1a2b
              ilsa upgrade --workflow holiday --dry-run

            $ ilsa upgrade --workflow holiday
            run 3f9c1a2b moved to sha256:8c41d2e07f1a (workflows/holiday.lua)
            run 77aa0c1d would diverge: as command 7 the history records command 7: task.wait ..., but the script now issues log ...
            1 run moved, 1 stays
            """
    )

    @Argument(help: ArgumentHelp("The run (or give --workflow).", valueName: "run"))
    var runID: String?

    @Option(help: ArgumentHelp("Every run of this playbook that has not ended.", valueName: "name"))
    var workflow: String?

    @Flag(help: "Say which runs would move, and change nothing.")
    var dryRun = false

    @Option(help: ArgumentHelp("Who moves them (default: $USER).", valueName: "who"))
    var by: String?

    @OptionGroup var engineOptions: EngineOptions

    func validate() throws {
        if (runID == nil) == (workflow == nil) { throw ValidationError("give a run, or --workflow NAME (not both)") }
    }

    func run() throws {
        let person = try DutyText.person(by)
        let engine = try Lookup.engine(engineOptions)
        let runs: [RunRecord]
        if let runID {
            runs = [try Lookup.run(runID, in: engine.store)]
        } else {
            let name = workflow ?? ""
            runs = try [RunStatus.waiting, .paused, .running].flatMap { try engine.store.runs(status: $0) }
                .filter { $0.workflow == name }.sorted { $0.createdAt < $1.createdAt }
            if runs.isEmpty {
                let known = Set(try engine.store.runs(status: nil).map(\.workflow))
                throw InputError("no run of '\(name)' has not ended" + DidYouMean.hint(for: name, in: Array(known)))
            }
        }
        var moved = 0
        var stayed = 0
        for record in runs {
            let check = try engine.checkVersion(of: record.id)
            guard check.version != record.scriptHash || record.status == .failed else {
                Console.out("run \(record.id) is on the file's version already")
                continue
            }
            guard case .replays = check.verdict, !record.status.isFinal, !dryRun else {
                Console.out(VersionText.line(check))
                if case .replays = check.verdict, dryRun, !record.status.isFinal { moved += 1 } else { stayed += 1 }
                continue
            }
            let change = try engine.upgrade(record.id, by: person)
            let version = change.events.first.flatMap { if case .upgraded(let move) = $0.fact { move.to } else { nil } } ?? check.version
            Console.out("run \(record.id) moved to \(VersionText.short(version)) (\(VersionText.path(of: record, in: engine.store)))")
            moved += 1
        }
        if runs.count > 1 || dryRun {
            Console.note(
                "\(VersionText.count(moved, "run")) \(dryRun ? "could move" : "moved"), \(stayed) \(dryRun ? "would stay" : (stayed == 1 ? "stays" : "stay"))"
            )
        }
        if stayed > 0 { throw ExitCode.failure }
    }
}

/// Words for runs and versions, shared by `ilsa upgrade`, `ilsa retry` and `ilsa check`.
enum VersionText {
    /// `sha256:8c41d2e07f1a`: a version id short enough to read.
    static func short(_ version: String) -> String { "sha256:" + digits(version) }

    /// `8c41d2e07f1a`: the first 12 hex digits of a version's sha256 (`ilsa playbooks` takes any
    /// unique prefix of 6 or more).
    static func digits(_ version: String) -> String { String(version.dropFirst("sha256:".count).prefix(12)) }

    /// The playbook file a run was started from.
    static func path(of record: RunRecord, in store: any RunStore) -> String {
        guard case .started(let start)? = try? store.history(of: record.id, after: 0).first?.fact else { return record.workflow }
        return start.playbook
    }

    /// What a shadow replay found, as a line about the run.
    static func line(_ check: VersionCheck) -> String {
        let run = check.run.id
        if check.run.status.isFinal && check.run.status != .failed { return "run \(run) has ended (\(check.run.status))" }
        switch check.verdict {
        case .replays:
            return check.run.status == .failed
                ? "run \(run) (failed) could be retried on this version: ilsa retry \(run)"
                : "run \(run) can move to this version: ilsa upgrade \(run)"
        case .diverges(let difference): return "run \(run) would diverge: \(reason(difference))"
        case .fails(let message): return "run \(run) replays, then fails at once: \(message)"
        case .doesNotLoad(let message): return "run \(run) cannot move: the playbook does not load: \(message)"
        }
    }

    /// A divergence without the words the line already says.
    static func reason(_ message: String) -> String {
        let prefix = "the playbook no longer matches this run's history: "
        return message.hasPrefix(prefix) ? String(message.dropFirst(prefix.count)) : message
    }

    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}
