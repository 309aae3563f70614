import IlsaAPI
import IlsaStore
import ArgumentParser
import Foundation
import IlsaEngine

/// `ilsa api`: the playbook API reference, from the registry the engine and `ilsa check` use.
struct ApiCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api",
        abstract: "Print the playbook API reference: every ilsa.* function and the methods of what they return.",
        discussion: """
            Without NAME, one line per function and method. With NAME, that one in full: how it \
            is called, its parameters and what it returns, whether it waits, an example and the \
            errors it raises. NAME is a function (task, ilsa.task) or a method (task:wait, \
            escalation:withdraw).

            docs/api.md is `ilsa api --markdown`, and docs/lua/ilsa.lua (for lua-language-server, \
            through the repository's .luarc.json) is `ilsa api --luals`; tests keep them equal.

            Examples:
              ilsa api                      every function and method, one line each
              ilsa api task                 ilsa.task in full
              ilsa api task:wait            a method
              ilsa api --markdown > docs/api.md
              ilsa api --luals > docs/lua/ilsa.lua
              ilsa api escalate --json
            """
    )

    @Argument(help: ArgumentHelp("A function or method: task, ilsa.sleep, task:wait.", valueName: "name"))
    var name: String?

    @Flag(help: "Print Markdown (the whole reference is docs/api.md).")
    var markdown = false

    @Flag(help: "Print JSON: one entry, or {functions, handles, classes, aliases}.")
    var json = false

    @Flag(name: .customLong("luals"), help: "Print the LuaLS definition file (docs/lua/ilsa.lua).")
    var luaLS = false

    func validate() throws {
        guard [markdown, json, luaLS].filter({ $0 }).count <= 1 else {
            throw ValidationError("give one of --markdown, --json and --luals")
        }
        if luaLS, name != nil { throw ValidationError("--luals prints the whole API; leave out the name") }
    }

    func run() throws {
        guard let name else {
            if markdown { return write(APIReference.markdown()) }
            if json { return write(try Self.json(APIReference.json())) }
            if luaLS { return write(APIReference.luaLS()) }
            return write(APIReference.overview())
        }
        guard let entry = APIReference.entry(named: name) else {
            let called = APIReference.entries.map { String($0.signature.prefix { $0 != "(" }) }  // task:wait, ilsa.task
            let hint = DidYouMean.hint(for: name, in: APIReference.entries.map(\.name) + called)
            throw InputError("the playbook API has no function or method '\(name)'\(hint); list them with ilsa api")
        }
        if markdown { return write(APIReference.markdown(entry)) }
        if json { return write(try Self.json(APIReference.json(entry))) }
        write(APIReference.text(entry))
    }

    private func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Pretty JSON with sorted keys, and a newline.
    static func json(_ value: JSONValue) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }
}
