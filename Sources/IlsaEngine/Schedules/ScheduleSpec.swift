public import Foundation
public import IlsaStore

/// When a playbook starts by itself, in the city's time zone: once at a date and time, D-n days
/// before a date, or every day (or every given weekday) at a time.
///
/// The same fields in a playbook (`schedules = { { before = "2027-02-17", days = 21, at = "09:00" } }`),
/// in the store (an operator's `ilsa schedules add`) and in JSON:
///
/// ```lua
/// { at = "2027-01-27 09:00" }                              -- once
/// { before = "2027-02-17", days = 21, at = "09:00" }       -- D-21, at 09:00
/// { every = "day", at = "06:00", params = { district = "singil" } }
/// { every = "monday", at = "08:30", late = "2h" }
/// ```
public struct ScheduleSpec: Hashable, Sendable {
    public enum When: Hashable, Sendable {
        /// Once, at a date and time.
        case once(LocalDate, ClockTime)
        /// `days` days before a date, at a time: D-21.
        case daysBefore(LocalDate, days: Int, at: ClockTime)
        /// Every day, or every such weekday, at a time.
        case every(Repeat, at: ClockTime)
    }

    /// `day`, or a weekday.
    public enum Repeat: String, Hashable, Sendable, CaseIterable {
        case day, monday, tuesday, wednesday, thursday, friday, saturday, sunday

        /// Gregorian weekday number (Sunday 1), nil for `day`.
        var weekday: Int? {
            switch self {
            case .day: nil
            case .sunday: 1
            case .monday: 2
            case .tuesday: 3
            case .wednesday: 4
            case .thursday: 5
            case .friday: 6
            case .saturday: 7
            }
        }
    }

    public var when: When
    /// The parameters the run starts with, by name (defaults fill in the rest).
    public var params: [String: JSONValue]
    /// How late an occurrence still starts (the workers were down when it fell due): after that
    /// it is missed, and `ilsa schedules` says so.
    public var late: Duration

    public static let defaultLate = Duration.seconds(24 * 3600)

    public init(when: When, params: [String: JSONValue] = [:], late: Duration = Self.defaultLate) {
        self.when = when
        self.params = params
        self.late = late
    }

    /// `2027-01-27 09:00`, `D-21 before 2027-02-17 at 09:00`, `every day at 06:00`.
    public var description: String {
        switch when {
        case .once(let date, let time): "\(date) \(time)"
        case .daysBefore(let date, let days, let time): "D-\(days) before \(date) at \(time)"
        case .every(let repeating, let time): "every \(repeating.rawValue) at \(time)"
        }
    }
}

/// A calendar date with no zone: `2027-02-17`.
public struct LocalDate: Hashable, Sendable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    /// Reads `YYYY-MM-DD`; nil for anything else or a date the calendar does not have.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var components = DateComponents(year: year, month: month, day: day)
        components.calendar = Calendar(identifier: .gregorian)
        guard components.isValidDate else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }
}

/// A time of day: `09:00`.
public struct ClockTime: Hashable, Sendable, CustomStringConvertible {
    public var hour: Int
    public var minute: Int

    /// Reads `HH:MM` (24-hour); nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]),
            (0...23).contains(hour), (0...59).contains(minute)
        else { return nil }
        self.hour = hour
        self.minute = minute
    }

    public var description: String { String(format: "%02d:%02d", hour, minute) }
}
