/// The duration format of roster files and playbooks: a number and a unit, `"90s"`, `"15m"`,
/// `"4h"`, `"2d"`, or several of them, largest first, `"1h30m"`.
///
/// Units are `s` (seconds), `m` (minutes), `h` (hours) and `d` (days of 24 hours; working days
/// are not modelled, so "2 working days" is written `"48h"` or `"2d"`).
public enum DurationText {
    /// The units, largest first, with their length in seconds.
    static let units: [(symbol: Character, seconds: Int64)] = [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)]

    /// What a roster's author should write, for error messages.
    public static let formatHelp = "a number followed by s, m, h or d, such as \"90s\", \"15m\", \"4h\", \"2d\" or \"1h30m\""

    /// Reads a duration, or returns nil when the text is not one (`"15"`, `"15min"`, `"-4h"`,
    /// `"30m1h"`).
    public static func parse(_ text: String) -> Duration? {
        var total: Int64 = 0
        var number: Int64?
        var lastUnit = -1
        for character in text {
            if let digit = character.wholeNumberValue, character.isASCII {
                let (times10, overflow1) = (number ?? 0).multipliedReportingOverflow(by: 10)
                let (next, overflow2) = times10.addingReportingOverflow(Int64(digit))
                guard !overflow1, !overflow2 else { return nil }
                number = next
            } else if let index = units.firstIndex(where: { $0.symbol == character }) {
                guard let value = number, index > lastUnit else { return nil }
                let (seconds, overflow1) = value.multipliedReportingOverflow(by: units[index].seconds)
                let (sum, overflow2) = total.addingReportingOverflow(seconds)
                guard !overflow1, !overflow2 else { return nil }
                total = sum
                number = nil
                lastUnit = index
            } else {
                return nil
            }
        }
        guard number == nil, lastUnit >= 0 else { return nil }
        return .seconds(total)
    }

    /// Writes a duration in the same format, largest units first: `"15m"`, `"1h30m"`, `"2d"`.
    /// Fractions of a second are dropped; zero is `"0s"`.
    public static func format(_ duration: Duration) -> String {
        var remaining = duration.components.seconds
        guard remaining > 0 else { return "0s" }
        var text = ""
        for unit in units where remaining >= unit.seconds {
            text += "\(remaining / unit.seconds)\(unit.symbol)"
            remaining %= unit.seconds
        }
        return text
    }
}
