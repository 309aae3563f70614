import ArgumentParser
import Foundation
import IlsaEngine

/// The store and the roster: what every command that acts on runs needs to make an ``Engine``.
struct EngineOptions: ParsableArguments {
    @OptionGroup var storeOption: StoreOption
    @OptionGroup var rosterOption: RosterOption

    /// An engine on the store, with the roster, reading playbooks from the paths runs recorded.
    /// - Parameters:
    ///   - create: Whether a missing store is created (see ``StoreOption/open(create:)``).
    ///   - clock: The engine's clock: the wall clock, or a virtual one for drills.
    func engine(create: Bool, clock: any EngineClock = WallClock()) throws -> Engine {
        let store = try storeOption.open(create: create)
        return Engine(store: store, clock: clock, roster: try rosterOption.load())
    }
}
