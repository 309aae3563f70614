import ArgumentParser
import Foundation
import IlsaLua

/// The `ilsa` command: runs the city's safety playbooks.
@main
struct Ilsa: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "ilsa",
        abstract: "Run public-safety response playbooks written in Lua.",
        discussion: """
            Ilsa runs playbooks (Lua scripts) that create tasks for roles in districts, wait for \
            people and timers, and escalate to the control tower. Every command has --help.

            Examples:
              ilsa lua hello.lua              run a Lua file in the sandbox
              ilsa lua --full script.lua a b  run trusted Lua with every standard library
            """,
        version: "ilsa \(version) (\(LuaState.luaRelease))",
        subcommands: [LuaCommand.self, CheckCommand.self]
    )

    /// Exit statuses scripts can rely on (docs/cli.md).
    enum Status {
        /// Bad usage: an unknown command or option, a malformed value.
        static let usage: Int32 = 2
    }

    /// Runs the command, with status 2 for usage errors instead of argument-parser's 64.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(Status.usage)
            }
            exit(withError: error)
        }
    }
}
