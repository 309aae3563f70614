import ArgumentParser
import Foundation
import IlsaEngine

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
    func engine(create: Bool, clock: any EngineClock = WallClock()) throws -> Engine {
        let store = try storeOption.open(create: create)
        let engine = Engine(store: store, clock: clock, roster: try rosterOption.load(), plugins: try PluginsCommand.load())
        engine.onPluginProblem = { problem in FileHandle.standardError.write(Data("ilsa: warning: \(problem)\n".utf8)) }
        return engine
    }
}
