public import Foundation
import Synchronization

/// A clock that moves only when told to: the clock of drills and tests.
///
/// It starts at a given time and keeps it until ``advance(by:)`` or ``advance(to:)`` moves it
/// forwards. It never goes back, so a time read from it never decreases. It is safe to read and
/// move from any thread. It does not sleep or schedule anything; whoever waits on a deadline
/// reads ``now`` again after the clock moves.
///
/// ```swift
/// let clock = VirtualClock(startingAt: t0)
/// try clock.advance(by: .seconds(15 * 60))
/// // clock.now == t0 + 15 minutes
/// ```
public final class VirtualClock: EngineClock {
    private let current: Mutex<Date>

    /// Makes a clock that reads the given time until it is moved.
    ///
    /// - Parameter start: The clock's first time, usually the drill's T0.
    public init(startingAt start: Date) {
        current = Mutex(start)
    }

    /// The clock's current time.
    public var now: Date { current.withLock { $0 } }

    /// Moves the clock forwards by a duration; zero leaves it where it is.
    ///
    /// - Parameter duration: How far to move; not negative.
    /// - Returns: The clock's new time.
    /// - Throws: ``ClockError`` with code `backwards` when the duration is negative; the clock
    ///   does not move.
    @discardableResult
    public func advance(by duration: Duration) throws(ClockError) -> Date {
        guard duration >= .zero else {
            throw ClockError(.backwards, "the virtual clock cannot go back: it was asked to advance by \(duration)")
        }
        return current.withLock { now in
            now = ClockArithmetic.date(now, plus: duration)
            return now
        }
    }

    /// Moves the clock forwards to a time; the current time leaves it where it is.
    ///
    /// - Parameter time: Where to move; not before the clock's current time.
    /// - Returns: The clock's new time.
    /// - Throws: ``ClockError`` with code `backwards` when the time is before the clock's
    ///   current time; the clock does not move.
    @discardableResult
    public func advance(to time: Date) throws(ClockError) -> Date {
        let result: Result<Date, ClockError> = current.withLock { now in
            guard time >= now else {
                let message = "the virtual clock cannot go back from \(Self.text(now)) to \(Self.text(time))"
                return .failure(ClockError(.backwards, message))
            }
            now = time
            return .success(now)
        }
        return try result.get()
    }

    private static func text(_ date: Date) -> String { ISOTime.format(date) }
}
