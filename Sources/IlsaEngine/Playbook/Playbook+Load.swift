import Foundation
import IlsaLua

/// Loading a playbook's metadata from its Lua file.
extension Playbook {
    /// The limits the file's top level runs under while its metadata is read.
    static let loadLimits = LuaLimits(memory: 16 << 20, time: .seconds(2))

    /// Makes every `ilsa.*` name other than `workflow` a function that raises when called, since
    /// the rest of the API only works while a run is under way.
    static let prelude = """
                setmetatable(ilsa, { __index = function(_, key)
          local name = "ilsa." .. tostring(key)
          return function()
            error(name .. " can only be called while the playbook runs, inside run(ctx)", 2)
          end
        end })
        """

    /// Reads a playbook from the text of its file.
    ///
    /// The file runs once in a fresh sandbox (16 MiB, 2 seconds) where `ilsa.workflow(spec)`
    /// checks its table and returns it; any other `ilsa.*` function raises
    /// `ilsa.task can only be called while the playbook runs, inside run(ctx)`, and `require`
    /// gives the plugins' modules, as it does in a run. The file must return the value of
    /// `ilsa.workflow { ... }`. Its `run` function is not called.
    ///
    /// - Parameters:
    ///   - source: The file's text.
    ///   - chunkName: The file's name for messages, `heavy_rain.lua` or
    ///     `workflows/heavy_rain.lua` (a leading `@` or `=`, as Lua writes chunk names, is
    ///     dropped).
    ///   - plugins: The plugins whose modules a top-level `require "kma"` may load.
    /// - Returns: The playbook's metadata.
    /// - Throws: ``PlaybookError``: Lua's `file:line: message` for syntax and runtime errors;
    ///   `file: workflow field 'name' must be ...` for a bad field; `notAWorkflow` when the file
    ///   returns something else.
    public static func load(source: String, chunkName: String, plugins: PluginSet = .empty) throws -> Playbook {
        let file = chunkName.hasPrefix("@") || chunkName.hasPrefix("=") ? String(chunkName.dropFirst()) : chunkName
        let lua = try LuaState(profile: .replayable, limits: loadLimits)
        defer { lua.close() }

        var declared: [(table: LuaTable, playbook: Playbook)] = []
        var fieldError: PlaybookError?
        lua.register("ilsa.workflow") { call in
            let spec = try call.table(1)
            do {
                let reader = PlaybookSpecReader(file: file, source: source)
                declared.append((spec, try reader.read(spec)))
            } catch let error as PlaybookError {
                fieldError = error
                throw LuaRaisedValue(.string(LuaString(error.description)))
            }
            return call.returning(.table(spec))
        }
        try lua.run(prelude, chunkName: "=playbook loader")
        try lua.silenceConsole()
        try PluginModules.installLazily(plugins, into: lua)

        let results: [LuaValue]
        do {
            results = try lua.run(source, chunkName: "@" + file)
        } catch let error as LuaError {
            if let fieldError { throw fieldError }
            throw PlaybookError(error.kind == .syntax ? .syntax : .runtime, file: file, error.message, traceback: error.traceback)
        }
        if let fieldError { throw fieldError }  // even when the file caught it with pcall
        let returned = results.first ?? .nil
        if case .table(let table) = returned, let match = declared.last(where: { $0.table == table }) {
            return match.playbook
        }
        let got = results.isEmpty ? "nothing" : PlaybookSpecReader.describe(returned)
        throw PlaybookError(
            .notAWorkflow, file: file,
            "the file returns \(got); it should return the workflow: return ilsa.workflow { name = ..., title = ..., run = function(ctx) ... end }")
    }

    /// Reads the playbook file at a path. See ``load(source:chunkName:)``.
    /// - Throws: ``PlaybookError``, or the error reading the file.
    public static func load(contentsOfFile path: String, plugins: PluginSet = .empty) throws -> Playbook {
        let source = try String(contentsOfFile: path, encoding: .utf8)
        return try load(source: source, chunkName: path, plugins: plugins)
    }
}
