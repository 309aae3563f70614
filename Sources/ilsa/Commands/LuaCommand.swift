import ArgumentParser
import Foundation
import IlsaLua

/// `ilsa lua`: runs a plain Lua file as `lua5.4 FILE ARGS` does, in the sandbox by default.
struct LuaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lua",
        abstract: "Run a Lua file, like lua5.4 FILE ARGS, in the sandbox unless --full.",
        discussion: """
            The script gets the global table `arg` (arg[0] is FILE, arg[1]... the ARGS) and the \
            ARGS as `...`. On an error, ilsa prints `file:line: message` and a traceback to \
            standard error and exits with status 1.

            The sandbox has base, table, string, math, utf8 and coroutine only: no io, os, debug \
            or package, text-only load, and a memory limit (256M unless --memory-limit). \
            Ctrl-C stops the script.

            Examples:
              ilsa lua hello.lua
              ilsa lua --time-limit 2 --memory-limit 16M untrusted.lua
              ilsa lua --full tool.lua input.txt
              echo 'print(1 + 1)' | ilsa lua -
            """
    )

    @Flag(help: "Open every standard library (io, os, debug, package): for trusted code only.")
    var full = false

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("Memory the script may use, in bytes or with K, M or G (1K = 1024).", valueName: "bytes"))
    var memoryLimit: ByteCount?

    @Option(parsing: .unconditional, help: ArgumentHelp("Wall-clock seconds the script may run.", valueName: "seconds"))
    var timeLimit: Double?

    @Argument(help: ArgumentHelp("The Lua file to run, or - for standard input.", valueName: "file"))
    var file: String

    @Argument(parsing: .captureForPassthrough, help: ArgumentHelp("Arguments for the script.", valueName: "args"))
    var arguments: [String] = []

    func validate() throws {
        if let timeLimit, !(timeLimit > 0) { throw ValidationError("--time-limit must be a positive number of seconds") }
    }

    func run() throws {
        let source: Data
        do {
            source = try file == "-" ? FileHandle.standardInput.readToEnd() ?? Data() : Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            Console.error("cannot open \(file)")
            throw ExitCode.failure
        }
        let limits = LuaLimits(
            memory: memoryLimit?.bytes ?? (full ? nil : 256 << 20),
            time: timeLimit.map { .milliseconds(Int64(($0 * 1000).rounded(.up))) }
        )
        let lua = try LuaState(profile: full ? .full : .sandbox, limits: limits)
        lua.setGlobal("arg", .table(argTable()))
        let interrupts = Console.forwardInterrupts(to: lua.interrupter)
        defer { interrupts.cancel() }
        do {
            let chunk = try lua.load(LuaString(bytes: Self.skippingShebang(Array(source))), chunkName: file == "-" ? "=stdin" : "@\(file)")
            try lua.call(chunk, arguments.map { .string(LuaString($0)) })
        } catch let error as LuaError {
            Console.error(error)
            throw ExitCode.failure
        }
    }

    /// `arg` as lua.c builds it: the script at 0, its arguments after, the command line before.
    private func argTable() -> LuaTable {
        var table = LuaTable(array: arguments.map { .string(LuaString($0)) })
        let before = Array(CommandLine.arguments.prefix { $0 != file })
        for (offset, word) in before.reversed().enumerated() {
            table[.integer(-Int64(offset) - 1)] = .string(LuaString(word))
        }
        table[.integer(0)] = .string(LuaString(file))
        return table
    }

    /// Blanks a first line starting with `#` (a shebang) and keeps the line numbers, as lua.c does.
    static func skippingShebang(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.first == UInt8(ascii: "#") else { return bytes }
        guard let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) else { return [] }
        return Array(bytes[newline...])
    }
}

/// A size in bytes, given as `1048576`, `512K`, `64M` or `1G`.
struct ByteCount: ExpressibleByArgument {
    let bytes: Int

    init?(argument: String) {
        let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
        var text = argument.uppercased()
        if text.hasSuffix("B") { text.removeLast() }
        var multiplier = 1
        if let last = text.last, let unit = units[last] {
            multiplier = unit
            text.removeLast()
        }
        guard let value = Int(text), value > 0 else { return nil }
        let (product, overflow) = value.multipliedReportingOverflow(by: multiplier)
        guard !overflow else { return nil }
        bytes = product
    }
}
