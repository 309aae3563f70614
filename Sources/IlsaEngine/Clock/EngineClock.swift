public import Foundation

/// The engine's only source of time: every deadline, timer and escalation grace period is
/// measured against `now`.
///
/// The engine never reads the machine's time directly. A live runner uses ``WallClock``; a drill
/// uses ``VirtualClock``, which moves only when told to. Both go through the same code path.
///
/// Implementers return a time that never goes backwards between two reads, and that is safe to
/// read from any thread.
public protocol EngineClock: Sendable {
    /// The current time on this clock.
    var now: Date { get }
}

/// The machine's time, truncated to whole milliseconds.
///
/// The store keeps times as milliseconds, so truncating here means a time read from this clock
/// is the same time after a round trip through the store.
public struct WallClock: EngineClock {
    /// Makes a clock that reads the machine's time.
    public init() {}

    /// The machine's time, truncated (towards the past) to whole milliseconds.
    public var now: Date { Date().truncatedToMilliseconds }
}
