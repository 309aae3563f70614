public import Foundation

/// Times as people in the city read them: in the roster's time zone (KST for Ansan), to the
/// minute, with the zone named (`2026-12-05 14:30 KST`). The board, the API's display fields and
/// the duty officer's commands all write times through this one type.
///
/// Written without `DateFormatter`, which is neither `Sendable` nor cheap to make.
public struct CityTime: Sendable {
    public let zone: TimeZone

    public init(zone: TimeZone) { self.zone = zone }

    /// The city time of a roster, or UTC without one.
    public init(roster: Roster?) { self.init(zone: roster?.timeZone ?? TimeZone(secondsFromGMT: 0)!) }

    /// `KST`: the zone's short name. Linux's Foundation names Asia/Seoul `GMT+9`, so the zones
    /// people know by a letter code are named here.
    public var label: String {
        if let known = Self.labels[zone.identifier] { return known }
        return zone.abbreviation() ?? zone.identifier
    }

    private static let labels = [
        "Asia/Seoul": "KST", "Asia/Tokyo": "JST", "UTC": "UTC", "GMT": "UTC", "Etc/UTC": "UTC",
    ]

    /// `2026-12-05 14:30 KST`.
    public func stamp(_ date: Date) -> String { stamp(date, seconds: false) }

    /// `2026-12-05 14:30:05 KST`: to the second, for histories.
    public func precise(_ date: Date) -> String { stamp(date, seconds: true) }

    private func stamp(_ date: Date, seconds: Bool) -> String {
        let c = parts(date)
        return "\(pad(c.year, 4))-\(pad(c.month))-\(pad(c.day)) \(pad(c.hour)):\(pad(c.minute))"
            + (seconds ? ":\(pad(c.second))" : "") + " \(label)"
    }

    /// `12-05 14:30`: month, day and time, for lists that span days.
    public func short(_ date: Date) -> String {
        let c = parts(date)
        return "\(pad(c.month))-\(pad(c.day)) \(pad(c.hour)):\(pad(c.minute))"
    }

    /// `2026-12-05T14:30:00+09:00`: ISO 8601 with the city's offset, for `datetime` attributes.
    public func iso(_ date: Date) -> String { ISOTime.format(date, utcOffset: zone.secondsFromGMT(for: date)) }

    private func parts(_ date: Date) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    }

    private func pad(_ value: Int?, _ width: Int = 2) -> String {
        let digits = String(value ?? 0)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
