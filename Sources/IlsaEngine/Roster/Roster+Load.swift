import Foundation
import IlsaLua

/// Loading a roster from its Lua data file.
extension Roster {
    /// The limits a roster file runs under: data files are small and quick.
    static let loadLimits = LuaLimits(memory: 16 << 20, time: .seconds(2))

    /// Runs the data file in an empty environment. The sandbox's `string` table, which strings
    /// reach through their shared metatable, is emptied first, so `("x"):rep(9)` fails like
    /// `string.rep` does: a roster sees no library at all. A syntax error comes back as
    /// `false, message`, so it keeps its kind.
    static let prelude = LuaHostChunk(
        """
        local source, name = ...
        for key in pairs(string) do string[key] = nil end
        local chunk, message = load(source, name, "t", {})
        if not chunk then return false, message end
        return true, chunk()
        """, chunkName: "=roster loader")

    /// Loads and validates a roster from the text of its data file.
    ///
    /// The file is Lua that returns one table, run in an empty sandbox: literals, local variables
    /// and local functions work; no library does (`print`, `string`, `os`, `require` are all nil),
    /// and the file has 16 MiB and 2 seconds.
    ///
    /// - Parameters:
    ///   - source: The file's text.
    ///   - chunkName: The file's name for messages, `roster.lua` or `plugins/ansan/roster.lua`
    ///     (a leading `@` or `=`, as Lua writes chunk names, is accepted and dropped).
    /// - Returns: The validated roster.
    /// - Throws: ``RosterError`` with every problem found: Lua's own `roster.lua:LINE: message`
    ///   for a file that does not compile or raises an error, or one problem per bad entry.
    public static func load(source: String, chunkName: String) throws -> Roster {
        let file = chunkName.hasPrefix("@") || chunkName.hasPrefix("=") ? String(chunkName.dropFirst()) : chunkName
        let top = try evaluate(source: source, file: file)
        var validator = RosterValidator(top: top)
        guard let roster = validator.validate() else {
            throw RosterError(file: file, problems: validator.problems)
        }
        return roster
    }

    /// Loads and validates the roster file at a path. See ``load(source:chunkName:)``.
    /// - Throws: ``RosterError``, or the error reading the file.
    public static func load(contentsOfFile path: String) throws -> Roster {
        let source = try String(contentsOfFile: path, encoding: .utf8)
        return try load(source: source, chunkName: path)
    }

    /// Runs the file and returns the table it returns.
    private static func evaluate(source: String, file: String) throws -> LuaTable {
        let results: [LuaValue]
        do {
            let lua = try LuaState(profile: .sandbox, limits: loadLimits)
            defer { lua.close() }
            results = try lua.run(prelude, arguments: [.string(LuaString(source)), .string(LuaString("@" + file))])
        } catch let error as LuaError {
            throw RosterError(file: file, problems: [problem(for: error)], traceback: error.traceback)
        }
        guard results.first == .boolean(true) else {
            let message = results.dropFirst().first?.stringValue ?? "\(file): does not compile"
            throw RosterError(file: file, problems: [.init(.syntax, at: "", message)])
        }
        guard results.count > 1 else {
            throw RosterError(
                file: file, problems: [.init(.notATable, at: "", "\(file) returns nothing; it should end with return { ... }")])
        }
        guard case .table(let table) = results[1] else {
            throw RosterError(
                file: file,
                problems: [
                    .init(
                        .notATable, at: "", "\(file) returns \(RosterReader.describe(results[1])); it should return a table: return { ... }"
                    )
                ])
        }
        return table
    }

    /// The problem a Lua error stands for, with a hint when the file reached for a library.
    private static func problem(for error: LuaError) -> RosterError.Problem {
        switch error.kind {
        case .syntax:
            return .init(.syntax, at: "", error.message)
        case .memory, .timeout, .cancelled:
            return .init(
                .limit, at: "", "\(error.message); a roster file may use \((loadLimits.memory ?? 0) >> 20) MiB and run for 2 seconds")
        default:
            let reachedForLibrary =
                error.message.contains("a nil value (global")
                || error.message.contains("a nil value (field")
                || error.message.contains("a nil value (method")
            return .init(
                .runtime, at: "",
                error.message
                    + (reachedForLibrary ? " (a roster file is data: it sees no library, only literals and local functions)" : ""))
        }
    }
}
