import Foundation
import IlsaEngine

/// Times as the run commands print them: stored times in the city's time zone, from the roster
/// (`2025-07-16 18:00:00 KST`), the wall clock while following (`18:00:05`), and intervals for
/// people (`2h ago`, `in 15m`, `T+1h05m`).
///
/// Written without `DateFormatter`, which is neither `Sendable` nor cheap to make.
enum TimeText {
    /// `2025-07-16 18:00:00 KST`: a stored time in the city's time zone, to the second.
    static func stamp(_ date: Date, _ city: CityTime) -> String { city.precise(date) }

    /// `18:00:05`: the time of day on this machine's clock, for lines printed as things happen.
    static func clock(_ date: Date) -> String {
        let c = calendar(.current).dateComponents([.hour, .minute, .second], from: date)
        return "\(pad(c.hour)):\(pad(c.minute)):\(pad(c.second))"
    }

    /// `2h05m ago`, `just now`: how long before `now` a time was.
    static func ago(_ date: Date, now: Date) -> String {
        let text = RelativeTime.describe(from: date, to: now)
        if text.hasPrefix("in ") { return text.dropFirst(3) + " ago" }
        return text == "now" ? "just now" : "in the future"
    }

    /// `in 15m`, `now`: how long until a time; a time already past is `now`.
    static func until(_ date: Date, now: Date) -> String {
        let text = RelativeTime.describe(from: now, to: date)
        return text.hasPrefix("overdue") ? "now" : text
    }

    /// `T+1h05m`: how long after the run's start an event happened.
    static func sinceStart(_ date: Date, start: Date) -> String {
        let text = RelativeTime.describe(from: start, to: date)
        return text.hasPrefix("in ") ? "T+" + text.dropFirst(3) : "T+0s"
    }

    private static func calendar(_ zone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }

    private static func pad(_ value: Int?, _ width: Int = 2) -> String {
        let digits = String(value ?? 0)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
