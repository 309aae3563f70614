import IlsaStore
import ArgumentParser
import Foundation
import IlsaEngine
import IlsaLua
import IlsaTerminal

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
        subcommands: [
            LuaCommand.self, CheckCommand.self,
            ApiCommand.self,
            RunCommand.self, WorkCommand.self, StatusCommand.self, HistoryCommand.self, CancelCommand.self,
            PauseCommand.self, ResumeCommand.self, IncidentsCommand.self, RetryCommand.self, UpgradeCommand.self,
            SchedulesCommand.self, RosterCommand.self,
            TasksCommand.self, TaskCommand.self, EscalationsCommand.self, EscalationCommand.self, DecideCommand.self,
            EffectsCommand.self, UsersCommand.self, TokensCommand.self, ServeCommand.self, StoreCommand.self,
            SignalCommand.self, DrillCommand.self, ReplCommand.self, PlaybooksCommand.self,
            PluginsCommand.self,
        ]
    )

    /// Exit statuses scripts can rely on (docs/cli.md).
    enum Status {
        /// A run failed (or ended cancelled where the command waited for it), a script raised
        /// an error, `ilsa check` found errors.
        static let failure: Int32 = 1
        /// Bad usage or input: an unknown command or option, a malformed value, an unknown run
        /// or task, an action the task's state does not allow, a store that is not one.
        static let usage: Int32 = 2
        /// The store is locked by another process past the busy timeout, or cannot be read or
        /// written: trying again later may work.
        static let unavailable: Int32 = 3
        /// Stopped by Ctrl-C; the run is safe in the store.
        static let interrupted: Int32 = 130
    }

    /// Runs the command. Usage errors exit with 2 instead of argument-parser's 64, and the
    /// engine's errors print as one line, `ilsa: message`, with their status: people see no
    /// stack traces. Every message has its control characters made visible (`Console.error`):
    /// a message may quote a playbook, the store or a plugin.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if let error = error as? InputError {
                Console.error(error.message, details: error.details)
                Foundation.exit(Status.usage)
            }
            if let (message, status) = describe(error) {
                Console.error(message)
                Foundation.exit(status)
            }
            let code = exitCode(for: error)
            // --help, --version and a bare exit status: argument-parser prints what it has (its
            // own text, or nothing).
            if code == .success || error is ExitCode { exit(withError: error) }
            // Anything else is argument-parser's message with its usage lines, or an error's own
            // description: printed here, made visible line by line.
            let message = fullMessage(for: error)
            if !message.isEmpty {
                FileHandle.standardError.write(Data((message.visibleControls(keeping: ["\n"]) + "\n").utf8))
            }
            Foundation.exit(code == .validationFailure ? Status.usage : code.rawValue)
        }
    }

    /// The message and exit status for an error the engine or the input raised; nil for
    /// argument-parser's own.
    static func describe(_ error: any Error) -> (String, Int32)? {
        switch error {
        case let error as InputError:
            return (error.message, Status.usage)
        case let error as RuntimeError:
            return (error.message, error.code == .nondeterminism ? Status.failure : Status.usage)
        case let error as PlaybookError:
            return ("\(error)", Status.usage)
        case let error as StoreError:
            return ("\(error)", error.code == .busy || error.code == .io ? Status.unavailable : Status.usage)
        case let error as RosterError:
            return ("the roster does not load: \(error)", Status.usage)
        default:
            return nil
        }
    }
}
