import ArgumentParser
import Foundation
import IlsaEngine
import IlsaStore
import IlsaTerminal

/// `ilsa playbooks`: the versions of each playbook the store keeps, the runs on each, and which
/// one the file holds now; `ilsa playbooks show VERSION` prints a version's text.
struct PlaybooksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "playbooks",
        abstract: "List the playbook versions runs started with, and the runs on each; show one.",
        discussion: """
            A run keeps the exact text of the playbook it started with and replays that \
            version, whatever the file says later: a coordinator can fix a typo or add a step \
            while the season's runs go on, and new runs take the file as it is now. Each \
            version is kept once, by its content (sha256), however many runs start with it.

            Columns: PLAYBOOK, VERSION (the first 12 hex digits of its sha256; any unique \
            prefix names it), FIRST RUN (when a run first started with it, in the city's time), \
            RUNS and ACTIVE (runs started with it, and those still going), and FILE (the file it \
            was read from; "current" when the file holds this version now, "changed" when it \
            holds another, "missing" when it is gone).

            Runs started before versions were kept (Ilsa before issue 17) replay the file.

            Examples:
              ilsa playbooks
              ilsa playbooks heavy_rain --json
              ilsa playbooks show 3f9c1a2b7d04
            """,
        subcommands: [List.self, Show.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List versions (the default).")
        @Argument(help: "Only this playbook's versions (its name).") var workflow: String?
        @OptionGroup var storeOption: StoreOption
        @OptionGroup var rosterOption: RosterOption
        @OptionGroup var output: OutputOptions

        func run() throws {
            let store = try storeOption.open(create: false)
            let versions = try store.playbookVersions().filter { workflow == nil || $0.workflow == workflow }
            if output.json {
                try output.print(
                    json: .array(
                        versions.map { version in
                            .object([
                                "id": .string(version.id), "workflow": .string(version.workflow), "path": .string(version.path),
                                "created_at": .string(ReadModelJSON.iso(version.createdAt)), "runs": .integer(Int64(version.runs)),
                                "active_runs": .integer(Int64(version.activeRuns)), "file": .string(Self.file(version)),
                            ])
                        }))
                return
            }
            guard !versions.isEmpty else {
                Console.note(
                    workflow.map { "no versions of \($0.visibleControls) in the store" } ?? "no playbook versions yet: ilsa run WORKFLOW")
                return
            }
            let city = CityTime(roster: try? rosterOption.load())
            var table = TextTable(columns: [
                .init("PLAYBOOK"), .init("VERSION"), .init("FIRST RUN"), .init("RUNS", alignment: .right),
                .init("ACTIVE", alignment: .right), .init("FILE", truncatable: true),
            ])
            for version in versions {
                table.append([
                    version.workflow.visibleControls, VersionText.digits(version.id), TimeText.stamp(version.createdAt, city),
                    "\(version.runs)",
                    "\(version.activeRuns)", "\(Self.file(version)) \(version.path.visibleControls)",
                ])
            }
            print(table.render(fittingWidth: TaskTable.fittingWidth(), styler: output.styler) { _, _ in .plain })
        }

        /// Whether the file the version came from holds it now.
        static func file(_ version: PlaybookVersionSummary) -> String {
            guard let text = try? Playbook.text(ofFile: version.path) else { return "missing" }
            return PlaybookVersion.id(of: text) == version.id ? "current" : "changed"
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Print a version's text, as runs on it replay it.")
        @Argument(help: "The version: its sha256, or its first hex digits (at least 6).") var version: String
        @OptionGroup var storeOption: StoreOption

        func run() throws {
            let store = try storeOption.open(create: false)
            let prefix = "sha256:" + (version.hasPrefix("sha256:") ? String(version.dropFirst(7)) : version).lowercased()
            guard prefix.count >= "sha256:".count + 6 else {
                throw InputError("a version needs at least 6 hex digits: \(version.visibleControls)")
            }
            let matches = try store.playbookVersions().filter { $0.id.hasPrefix(prefix) }
            guard let match = matches.first else {
                throw InputError("no playbook version \(version.visibleControls) in the store (ilsa playbooks lists them)")
            }
            guard matches.count == 1 else {
                throw InputError("\(version.visibleControls) names \(matches.count) versions: give more digits")
            }
            guard let stored = try store.playbookVersion(match.id) else { throw InputError("no playbook version \(match.id)") }
            print(stored.source, terminator: stored.source.hasSuffix("\n") ? "" : "\n")
        }
    }
}
