import Foundation
import IlsaLua

/// A playbook's file run once in a Lua state of its own: its metadata read, its `run` function
/// ready to start. It is what a run begins from: the engine gives the state to the run, so
/// reading a playbook's metadata and starting it take one state and one top-level run, not two.
///
/// The state is the replayable sandbox with the plugins' modules for `require` and `ilsa.workflow`
/// reading the file's table; every other `ilsa.*` name raises until a run registers its bindings.
final class PreparedPlaybook {
    let metadata: Playbook
    let lua: LuaState
    /// The table's `run` function.
    let run: LuaValue
    /// The plugins whose modules the file's `require` was given.
    let plugins: PluginSet
    /// Whether the file is the prompt's driver (``PromptDriver``), by its text: its runs get
    /// the call a stopped line returns from.
    let isPromptDriver: Bool

    /// The limits the file's top level runs under: it only declares the workflow.
    static let loadLimits = LuaLimits(memory: 16 << 20, time: .seconds(2))

    /// Makes every `ilsa.*` name other than `workflow` a function that raises when called, since
    /// the rest of the API only works while a run is under way (a run registers the real ones).
    static let prelude = LuaHostChunk(
        """
        setmetatable(ilsa, { __index = function(_, key)
          local name = "ilsa." .. tostring(key)
          return function()
            error(name .. " can only be called while the playbook runs, inside run(ctx)", 2)
          end
        end })
        """, chunkName: "=playbook loader")

    /// Runs the file's top level in a new state.
    /// - Parameters:
    ///   - compiled: The file's chunk, compiled once per process (``PlaybookCache``).
    ///   - known: The metadata an earlier state read from the same text and plugins: the top level
    ///     runs again (it makes the `run` function), but its table is not read again, since the
    ///     replayable sandbox makes the same table from the same text.
    /// - Throws: ``PlaybookError``.
    init(source: String, file: String, compiled: LuaCompiledChunk, plugins: PluginSet, known: Playbook? = nil) throws {
        let lua = try LuaState(profile: .replayable, limits: Self.loadLimits)
        var declared: [(table: LuaTable, playbook: Playbook)] = []
        var fieldError: PlaybookError?
        lua.register("ilsa.workflow") { call in
            let spec = try call.table(1)
            if let known {
                declared.append((spec, known))
                return call.returning(.table(spec))
            }
            do {
                let reader = PlaybookSpecReader(file: file, source: source)
                declared.append((spec, try reader.read(spec)))
            } catch let error as PlaybookError {
                fieldError = error
                throw LuaRaisedValue(.string(LuaString(error.description)))
            }
            return call.returning(.table(spec))
        }
        try lua.run(Self.prelude)
        try lua.silenceConsole()
        try PluginModules.installLazily(plugins, into: lua)

        let results: [LuaValue]
        do {
            results = try lua.call(try lua.load(compiled: compiled, chunkName: "@" + file))
        } catch let error as LuaError {
            if let fieldError { throw fieldError }
            throw PlaybookError(.runtime, file: file, error.message, traceback: error.traceback)
        }
        if let fieldError { throw fieldError }  // even when the file caught it with pcall
        let returned = results.first ?? .nil
        guard case .table(let table) = returned, let match = declared.last(where: { $0.table == table }) else {
            let got = results.isEmpty ? "nothing" : PlaybookSpecReader.describe(returned)
            throw PlaybookError(
                .notAWorkflow, file: file,
                "the file returns \(got); it should return the workflow: return ilsa.workflow { name = ..., title = ..., run = function(ctx) ... end }"
            )
        }
        self.metadata = match.playbook
        self.lua = lua
        self.run = table["run"]
        self.plugins = plugins
        self.isPromptDriver = source == PromptDriver.source
    }
}
