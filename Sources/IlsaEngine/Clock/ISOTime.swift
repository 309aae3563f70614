import IlsaStore
package import Foundation

/// Reads and writes the one absolute time format playbooks use: ISO 8601 with seconds and an
/// offset, `"2025-07-16T09:00:00+09:00"` or `"2025-07-15T00:00:00Z"`.
///
/// Written by hand rather than with a date formatter so that what is accepted does not depend on
/// the platform's Foundation: no date-only forms, no missing offsets, no week dates.
package enum ISOTime {
    /// A time read from text, with the offset it was written in.
    struct Parsed: Equatable {
        var date: Date
        /// Seconds east of UTC.
        var utcOffset: Int
    }

    /// Why a text is not a time.
    enum Failure: Error, Equatable {
        /// Not in the shape `YYYY-MM-DDThh:mm:ss` followed by `Z` or `±hh:mm`.
        case malformed
        /// The shape is right but there is no offset.
        case missingOffset
        /// The shape is right but a field is out of range: month 13, February 30, hour 24.
        case outOfRange(String)
    }

    /// Reads `YYYY-MM-DDThh:mm:ss` followed by `Z` or `±hh:mm`.
    static func parse(_ text: String) throws(Failure) -> Parsed {
        let chars = Array(text.utf8)
        func number(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= chars.count else { return nil }
            var value = 0
            for byte in chars[start..<(start + count)] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        func byte(_ index: Int, is character: Character) -> Bool {
            index < chars.count && chars[index] == character.asciiValue
        }
        guard let year = number(0, 4), byte(4, is: "-"), let month = number(5, 2), byte(7, is: "-"),
            let day = number(8, 2), byte(10, is: "T"), let hour = number(11, 2), byte(13, is: ":"),
            let minute = number(14, 2), byte(16, is: ":"), let second = number(17, 2)
        else { throw .malformed }

        let offset: Int
        if chars.count == 19 {
            throw .missingOffset
        } else if chars.count == 20, byte(19, is: "Z") {
            offset = 0
        } else if chars.count == 25, byte(19, is: "+") || byte(19, is: "-"), let offsetHours = number(20, 2),
            byte(22, is: ":"), let offsetMinutes = number(23, 2)
        {
            guard offsetHours <= 23, offsetMinutes <= 59 else { throw .outOfRange("offset") }
            offset = (byte(19, is: "-") ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60)
        } else {
            throw .malformed
        }

        guard (1...12).contains(month) else { throw .outOfRange("month") }
        guard (1...daysIn(month: month, year: year)).contains(day) else { throw .outOfRange("day") }
        guard hour <= 23 else { throw .outOfRange("hour") }
        guard minute <= 59 else { throw .outOfRange("minute") }
        guard second <= 59 else { throw .outOfRange("second") }

        let days = daysSince1970(year: year, month: month, day: day)
        let local = days * 86_400 + hour * 3600 + minute * 60 + second
        return Parsed(date: Date(timeIntervalSince1970: TimeInterval(local - offset)), utcOffset: offset)
    }

    /// Writes a time in the given offset: `"2025-07-16T09:00:00+09:00"`, `"Z"` for UTC, with
    /// milliseconds (`"…:00.250Z"`) only when the time has them.
    package static func format(_ date: Date, utcOffset: Int = 0) -> String {
        let milliseconds = date.millisecondsSince1970 + Int64(utcOffset) * 1000
        let (seconds, millisecond) = floorDivide(milliseconds, 1000)
        let (days, secondOfDay) = floorDivide(seconds, 86_400)
        let (year, month, day) = civil(fromDaysSince1970: Int(days))
        var text = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T"
        text += pad(Int(secondOfDay / 3600), 2) + ":" + pad(Int(secondOfDay / 60 % 60), 2) + ":"
        text += pad(Int(secondOfDay % 60), 2)
        if millisecond != 0 { text += "." + pad(Int(millisecond), 3) }
        if utcOffset == 0 { return text + "Z" }
        let magnitude = abs(utcOffset)
        return text + (utcOffset < 0 ? "-" : "+") + pad(magnitude / 3600, 2) + ":" + pad(magnitude / 60 % 60, 2)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(abs(value))
        return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let remainder = value % divisor
        return remainder < 0 ? (value / divisor - 1, remainder + divisor) : (value / divisor, remainder)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's
    /// `days_from_civil`).
    private static func daysSince1970(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The calendar date of a day counted from 1970-01-01 (Howard Hinnant's `civil_from_days`).
    private static func civil(fromDaysSince1970 days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
