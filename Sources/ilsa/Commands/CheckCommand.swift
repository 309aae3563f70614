import IlsaCheck
import ArgumentParser
import Foundation
import IlsaEngine

/// `ilsa check`: validates playbooks without running them.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check playbooks without running them: syntax, metadata, API calls, roles and districts.",
        discussion: """
            For each playbook, ilsa check compiles the Lua, reads the ilsa.workflow metadata and \
            parameters, and looks for calls the playbook API does not have (ilsa.tsk), methods \
            tasks and escalations do not have, roles, districts and escalation ladders the roster \
            does not know, durations the engine cannot read, and globals the sandbox leaves out \
            (io, os, require, debug). Folders are searched for *.lua files. A playbook's run \
            function is never called.

            With a store (--store, $ILSA_STORE, or .ilsa/ilsa.sqlite when it exists), each \
            playbook's runs that have not ended, and its failed runs, are replayed against the \
            file (a shadow replay: nothing is stored). A run that would diverge is a warning \
            (run-diverges) naming the first differing command; it keeps its own version, so \
            the edit is safe for it, but it cannot move (ilsa upgrade) to this one. A note says \
            which runs can move, or be retried (ilsa retry).

            Each finding is one line, `file:line: message` (a warning says `warning:`), and a \
            summary goes to standard error. The exit status is 0 when there are no errors \
            (warnings alone pass), 1 when there are, and 2 for a path that does not exist or a \
            roster that does not load.

            Examples:
              ilsa check workflows
              ilsa check --roster plugins/ansan/roster.lua workflows/heavy_rain.lua
              ilsa check --json workflows

            A playbook with two mistakes gives:
              rain.lua:4: ilsa.tsk is not part of the playbook API; did you mean ilsa.task?
              rain.lua:9: the roster has no role 'DONG.HAED'; did you mean 'DONG.HEAD'?
              1 playbook checked against the ansan roster: 2 errors
            """
    )

    @OptionGroup var rosterOption: RosterOption

    @Option(
        help: ArgumentHelp(
            "The store whose runs each playbook is replayed against (default: $ILSA_STORE, else .ilsa/ilsa.sqlite when it exists).",
            valueName: "path|url"))
    var store: String?

    @Flag(help: "Print the findings as a JSON array of {file, line, severity, code, message}.")
    var json = false

    @Flag(name: .shortAndLong, help: "Print only the findings: no summary, no notes.")
    var quiet = false

    @Argument(
        help: ArgumentHelp(
            "Playbook files, or folders to search for *.lua files (default: the workflows folder, or $ILSA_WORKFLOWS).",
            valueName: "path"))
    var paths: [String] = []

    func run() throws {
        let files = try Self.playbookFiles(in: paths.isEmpty ? [try defaultFolder()] : paths)
        let roster = try rosterOption.load()
        // The plugins load first (a bad manifest stops here, exit 2); each module they provide
        // must then load in the sandbox, as a playbook's require would.
        let plugins = try PluginsCommand.load()
        let checker = PlaybookChecker(roster: roster, plugins: plugins)
        var findings = PluginChecks.check(plugins).map { problem in
            CheckFinding(file: "plugins", line: 0, code: .plugin, message: problem)
        }
        for file in files {
            findings += try checker.check(contentsOfFile: file)
        }
        let runs = try RunReplays(store: store, roster: roster, plugins: plugins)
        var moves: [String] = []
        for file in files where !findings.contains(where: { $0.file == file && $0.severity == .error }) {
            let (lines, diverging) = try runs?.check(file) ?? ([], [])
            moves += lines
            findings += diverging
        }
        try report(findings, files: files, roster: roster)
        if !quiet, !json { for line in moves { Console.note(line) } }
        if findings.contains(where: { $0.severity == .error }) { throw ExitCode.failure }
    }

    private func report(_ findings: [CheckFinding], files: [String], roster: Roster?) throws {
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(
                findings.isEmpty ? "[]" : JSONOutput.escapingTerminalControls(String(decoding: try encoder.encode(findings), as: UTF8.self))
            )
        } else {
            // A finding may quote the playbook (a syntax error near its text) or a plugin.
            for finding in findings { Console.out("\(finding)") }
        }
        if files.isEmpty {
            fflush(nil)
            let searched = paths.isEmpty ? WorkflowLocator().folder : paths.joined(separator: ", ")
            Console.note("ilsa: warning: no playbooks found in \(searched)")
            return
        }
        fflush(nil)  // findings first, then the summary, when both go to one terminal
        guard !quiet else { return }
        if roster == nil {
            Console.note("note: " + RosterOption.missingNote("roles, districts and escalation ladders"))
        }
        Console.note(Self.summary(findings, files: files.count, roster: roster))
    }

    /// `2 playbooks checked against the ansan roster: 1 error, 1 warning`, or `...: all clean`.
    static func summary(_ findings: [CheckFinding], files: Int, roster: Roster?) -> String {
        func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
        let errors = findings.count { $0.severity == .error }
        let warnings = findings.count - errors
        var counts: [String] = []
        if errors > 0 { counts.append(count(errors, "error")) }
        if warnings > 0 { counts.append(count(warnings, "warning")) }
        let against = roster.map { " against the \($0.name) roster" } ?? ""
        return "\(count(files, "playbook")) checked\(against): " + (counts.isEmpty ? "all clean" : counts.joined(separator: ", "))
    }

    /// The workflows folder, when no path is given.
    private func defaultFolder() throws -> String {
        let folder = WorkflowLocator().folder
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InputError("no playbooks to check: give files or folders (there is no \(folder)/ folder here)")
        }
        return folder
    }

    /// The files to check: each path that is a file, and the `*.lua` files under each folder
    /// (sorted, skipping hidden ones), named as the user gave the folder (`workflows/a.lua`).
    /// - Throws: ``InputError`` for a path that does not exist.
    static func playbookFiles(in paths: [String]) throws -> [String] {
        let manager = FileManager.default
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw InputError("\(path): no such file or folder")
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            let prefix = path.hasSuffix("/") ? path : path + "/"
            let found = (manager.enumerator(atPath: path)?.allObjects as? [String] ?? [])
                .filter { $0.hasSuffix(".lua") && !$0.split(separator: "/").contains { $0.hasPrefix(".") } }
                .sorted()
                .filter { !isFolder(prefix + $0) }
            files += found.map { prefix + $0 }
        }
        var seen: Set<String> = []
        return files.filter { seen.insert($0).inserted }
    }

    private static func isFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
