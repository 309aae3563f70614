import ArgumentParser
import Foundation
import IlsaEngine
import IlsaStore

/// The store, the roster and the plugins: what every command that acts on runs needs to make an
/// ``Engine``.
struct EngineOptions: ParsableArguments {
    @OptionGroup var storeOption: StoreOption
    @OptionGroup var rosterOption: RosterOption

    /// An engine on the store, with the roster and the plugins (`./plugins`, `ILSA_PLUGIN_PATH`),
    /// reading playbooks from the paths runs recorded. A plugin hook's problem is a warning on
    /// standard error; the run goes on.
    /// - Parameters:
    ///   - create: Whether a missing store is created (see ``StoreOption/open(create:)``).
    ///   - clock: The engine's clock: the wall clock, or a virtual one for drills.
    ///   - loaded: The roster and plugins when the command has read them already (`ilsa run`
    ///     checks its parameters first), so they are not read twice.
    ///   - store: The store when the command has opened it already (the server shares its one
    ///     connection between the engine and the accounts).
    func engine(
        create: Bool, clock: any EngineClock = WallClock(), loaded: (roster: Roster?, plugins: PluginSet)? = nil,
        store opened: (any RunStore & AccountStore)? = nil
    ) throws -> Engine {
        let store = try opened ?? storeOption.open(create: create)
        let roster = try loaded.map(\.roster) ?? rosterOption.load()
        let plugins = try loaded.map(\.plugins) ?? PluginsCommand.load()
        let engine = Engine(store: store, clock: clock, roster: roster, plugins: plugins)
        engine.pluginIO = Console.pluginIO
        engine.onPluginProblem = { Console.warning("\($0)") }
        return engine
    }
}
