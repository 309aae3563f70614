public import Foundation

/// When a schedule falls due, in a time zone.
extension ScheduleSpec {
    /// The latest time the schedule fell due at or before `now`, or nil.
    public func latest(notAfter now: Date, in zone: TimeZone) -> Date? {
        switch when {
        case .once, .daysBefore:
            let time = self.time(in: zone)
            return time.map { $0 <= now ? $0 : nil } ?? nil
        case .every(let repeating, let at):
            let calendar = Self.calendar(zone)
            let today = calendar.dateComponents([.year, .month, .day], from: now)
            for back in 0...7 {
                guard let day = calendar.date(byAdding: .day, value: -back, to: calendar.date(from: today) ?? now),
                    let candidate = Self.date(calendar.dateComponents([.year, .month, .day], from: day), at, calendar)
                else { continue }
                if candidate <= now, repeating.weekday.map({ calendar.component(.weekday, from: candidate) == $0 }) ?? true {
                    return candidate
                }
            }
            return nil
        }
    }

    /// The first time the schedule falls due after `now`, or nil when it never will again.
    public func next(after now: Date, in zone: TimeZone) -> Date? {
        switch when {
        case .once, .daysBefore:
            let time = self.time(in: zone)
            return time.map { $0 > now ? $0 : nil } ?? nil
        case .every(let repeating, let at):
            let calendar = Self.calendar(zone)
            let today = calendar.dateComponents([.year, .month, .day], from: now)
            for ahead in 0...8 {
                guard let day = calendar.date(byAdding: .day, value: ahead, to: calendar.date(from: today) ?? now),
                    let candidate = Self.date(calendar.dateComponents([.year, .month, .day], from: day), at, calendar)
                else { continue }
                if candidate > now, repeating.weekday.map({ calendar.component(.weekday, from: candidate) == $0 }) ?? true {
                    return candidate
                }
            }
            return nil
        }
    }

    /// The one time a schedule that does not repeat falls due.
    private func time(in zone: TimeZone) -> Date? {
        let calendar = Self.calendar(zone)
        switch when {
        case .once(let date, let at):
            return Self.date(DateComponents(year: date.year, month: date.month, day: date.day), at, calendar)
        case .daysBefore(let date, let days, let at):
            guard let base = Self.date(DateComponents(year: date.year, month: date.month, day: date.day), at, calendar) else { return nil }
            return calendar.date(byAdding: .day, value: -days, to: base)
        case .every:
            return nil
        }
    }

    private static func date(_ day: DateComponents, _ time: ClockTime, _ calendar: Calendar) -> Date? {
        var components = day
        components.hour = time.hour
        components.minute = time.minute
        components.second = 0
        return calendar.date(from: components)
    }

    private static func calendar(_ zone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }
}
