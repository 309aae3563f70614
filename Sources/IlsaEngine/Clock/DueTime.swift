public import Foundation

/// When a task is due, as a playbook writes it: a duration from now, an offset from the run's
/// start (T0), or an absolute time.
///
/// | written | meaning |
/// |---|---|
/// | `"15m"`, `"1h30m"`, `"2d"` | that long after the task is created |
/// | `"T0+2h"`, `"T0"` | that long after the run started |
/// | `"2025-07-16T09:00:00+09:00"`, `"2025-07-16T00:00:00Z"` | at that time |
///
/// Durations use ``DurationText``. ``description`` gives back the canonical text (`"90m"` reads
/// back as `"1h30m"`), and a due time encodes as that text.
///
/// ```swift
/// let due = try DueTime(parsing: "T0+2h")
/// let deadline = due.resolve(now: clock.now, runStart: run.startedAt)
/// ```
public enum DueTime: Sendable, Hashable {
    /// A duration after the moment the due time is resolved (the task's creation): `"15m"`.
    case after(Duration)
    /// A duration after the run's start, T0: `"T0+2h"`; zero is `"T0"`.
    case sinceStart(Duration)
    /// A fixed time, with the offset from UTC (in seconds east) it was written in, so that it is
    /// written back the same way: `"2025-07-16T09:00:00+09:00"`. Two due times at the same
    /// instant written in different offsets are not equal.
    case at(Date, utcOffset: Int)

    /// The time this due time names.
    ///
    /// - Parameters:
    ///   - now: The time the due time is resolved, from the engine's clock: usually when the
    ///     task is created.
    ///   - runStart: When the run started (T0).
    /// - Returns: The deadline.
    public func resolve(now: Date, runStart: Date) -> Date {
        switch self {
        case .after(let duration): ClockArithmetic.date(now, plus: duration)
        case .sinceStart(let duration): ClockArithmetic.date(runStart, plus: duration)
        case .at(let date, _): date
        }
    }
}

extension DueTime: CustomStringConvertible {
    /// The canonical text: `"1h30m"`, `"T0+2h"`, `"T0"`, `"2025-07-16T09:00:00+09:00"`.
    public var description: String {
        switch self {
        case .after(let duration): DurationText.format(duration)
        case .sinceStart(let duration): duration == .zero ? "T0" : "T0+" + DurationText.format(duration)
        case .at(let date, let utcOffset): ISOTime.format(date, utcOffset: utcOffset)
        }
    }
}

extension DueTime: Codable {
    /// Reads a due time from its text, as ``init(parsing:)`` does.
    ///
    /// - Throws: `DecodingError.dataCorrupted` with the ``DueTimeError`` message when the text
    ///   is not a due time.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try DueTime(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
        }
    }

    /// Writes the due time as its canonical text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
