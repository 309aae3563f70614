import Foundation
import IlsaEngine

/// The wall clock, read once per step of `ilsa work`: within a step every run sees the same
/// time, so the runs found due before the step are exactly those the engine moves in it.
final class StepClock: EngineClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current = WallClock().now

    var now: Date { lock.withLock { current } }

    /// Reads the wall clock for the next step.
    func tick() {
        let wall = WallClock().now
        lock.withLock { current = max(current, wall) }
    }
}
