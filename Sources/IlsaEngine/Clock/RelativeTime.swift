public import Foundation

/// How long until, or since, a deadline, written for people the way the CLI shows it.
public enum RelativeTime {
    /// Describes the interval from one time to another, largest units first and to the whole
    /// unit below, never rounding up.
    ///
    /// | interval | text |
    /// |---|---|
    /// | under a second either way | `"now"` |
    /// | under a minute | `"in 40s"`, `"overdue 40s"` |
    /// | under an hour | `"in 12m"` (seconds dropped) |
    /// | under a day | `"in 1h05m"`, `"in 2h00m"` |
    /// | a day or more | `"in 2d 3h"`, `"in 2d 0h"` |
    ///
    /// - Parameters:
    ///   - from: The time it is now.
    ///   - to: The deadline; before `from` means overdue.
    /// - Returns: `"in …"` when the deadline is ahead, `"overdue …"` when it has passed, `"now"`.
    public static func describe(from: Date, to: Date) -> String {
        let interval = to.timeIntervalSince(from)
        guard interval.isFinite, abs(interval) < 1e15 else { return interval > 0 ? "in ∞" : "overdue ∞" }
        let seconds = Int64(abs(interval).rounded(.down))
        guard seconds > 0 else { return "now" }
        return (interval > 0 ? "in " : "overdue ") + amount(seconds)
    }

    private static func amount(_ seconds: Int64) -> String {
        let days = seconds / 86_400
        let hours = seconds / 3600 % 24
        let minutes = seconds / 60 % 60
        if days > 0 { return "\(days)d \(hours)h" }
        if hours > 0 { return "\(hours)h" + (minutes < 10 ? "0" : "") + "\(minutes)m" }
        if minutes > 0 { return "\(minutes)m" }
        return "\(seconds)s"
    }
}
