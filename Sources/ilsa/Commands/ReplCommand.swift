import ArgumentParser
import Foundation
import IlsaEngine
import IlsaREPL
import IlsaTerminal

/// `ilsa repl`: an interactive Lua prompt with the whole playbook API.
struct ReplCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "An interactive Lua prompt with the playbook API, the roster and the engine.",
        discussion: """
            Each line runs in a session run of the engine, so ilsa.task { ... }, t:wait() and \
            ilsa.sleep("2h") work at the prompt. Without --store the session has its own \
            throw-away store and a virtual clock that :advance moves; with --store it runs \
            against that store and the wall clock. :help lists the commands.

            When standard input is not a terminal, lines are read plainly and no prompts are \
            printed: `ilsa repl < script.txt`.

            Examples:
              ilsa repl
              ilsa repl --roster plugins/ansan/roster.lua
              printf '1 + 1\\n' | ilsa repl
            """
    )

    @Option(
        help: ArgumentHelp(
            "Run against this store, an SQLite file or a postgres:// URL (waiting is real); default: a throw-away store with a virtual clock.",
            valueName: "path|url")
    )
    var store: String?

    @OptionGroup var rosterOption: RosterOption

    func run() throws {
        // The roster loads when a line or a completion first needs it: the prompt comes first.
        let rosterOption = self.rosterOption
        if let path = rosterOption.roster, !FileManager.default.fileExists(atPath: path) {
            throw InputError("--roster \(path): no such roster file")
        }
        let session = try ReplSession(
            options: .init(
                openStore: store.map { store in { try StoreOption.open(store, create: true) } },
                loadRoster: { try rosterOption.load() }, plugins: try PluginsCommand.load()))
        defer { session.close() }
        if Terminal.isTerminal(0) && Terminal.isTerminal(1) {
            ReplTerminal(session: session).run()
        } else {
            Self.plain(session)
        }
    }

    /// Lines from standard input, output without prompts.
    static func plain(_ session: ReplSession) {
        while let line = readLine(strippingNewline: true) {
            let output = session.feed(line)
            if !output.text.isEmpty { print(output.text) }
            if output.quit { return }
        }
        let output = session.endOfInput()
        if !output.text.isEmpty { print(output.text) }
    }
}
