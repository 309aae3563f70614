public import IlsaStore

/// A schedule's fields read from JSON (a playbook's table, converted; an operator's, stored),
/// each problem named by its field.
extension ScheduleSpec {
    public static let fields = ["at", "before", "days", "every", "params", "late"]

    /// Reads `{ at = ... }`, `{ before = ..., days = ..., at = ... }` or `{ every = ..., at = ... }`.
    /// - Throws: ``ScheduleError`` naming the field and what it takes.
    public init(json: JSONValue) throws(ScheduleError) {
        guard case .object(let fields) = json else { throw ScheduleError("a schedule is a table: { at = \"2027-01-27 09:00\" }") }
        for key in fields.keys.sorted() where !Self.fields.contains(key) {
            throw ScheduleError(
                "a schedule has no field '\(key)'\(DidYouMean.hint(for: key, in: Self.fields)); it takes \(Self.fields.joined(separator: ", "))"
            )
        }
        let at = try Self.text(fields["at"], "at")
        let when: When
        if let every = try Self.text(fields["every"], "every") {
            guard let repeating = Repeat(rawValue: every) else {
                throw ScheduleError("every must be day or a weekday (monday ... sunday), got \"\(every)\"")
            }
            guard fields["before"] == nil, fields["days"] == nil else { throw ScheduleError("every takes no before or days") }
            when = .every(repeating, at: try Self.time(at, "at", required: true))
        } else if let before = try Self.text(fields["before"], "before") {
            guard let date = LocalDate(before) else { throw ScheduleError("before must be a date like \"2027-02-17\", got \"\(before)\"") }
            guard case .integer(let days)? = fields["days"], (0...3650).contains(days) else {
                throw ScheduleError("before needs days, a whole number of days from 0 to 3650 (D-21: days = 21)")
            }
            when = .daysBefore(date, days: Int(days), at: try Self.time(at, "at", required: false))
        } else if let at {
            let parts = at.split(separator: " ")
            guard parts.count == 2, let date = LocalDate(String(parts[0])), let time = ClockTime(String(parts[1])) else {
                throw ScheduleError("at must be a date and time in the city's time zone, like \"2027-01-27 09:00\", got \"\(at)\"")
            }
            guard fields["days"] == nil else { throw ScheduleError("days goes with before") }
            when = .once(date, time)
        } else {
            throw ScheduleError("a schedule needs at (once), before and days (D-n), or every (repeating)")
        }
        var params: [String: JSONValue] = [:]
        if let given = fields["params"] {
            guard case .object(let values) = given else { throw ScheduleError("params must be a table of parameters by name") }
            params = values
        }
        var late = Self.defaultLate
        if let text = try Self.text(fields["late"], "late") {
            guard let duration = DurationText.parse(text), duration > .zero else {
                throw ScheduleError("late must be a duration like \"2h\", got \"\(text)\"")
            }
            late = duration
        }
        self.init(when: when, params: params, late: late)
    }

    /// The schedule as JSON, as the store keeps it and `--json` shows it.
    public var json: JSONValue {
        var fields: [String: JSONValue] = [:]
        switch when {
        case .once(let date, let time): fields["at"] = .string("\(date) \(time)")
        case .daysBefore(let date, let days, let time):
            fields["before"] = .string(date.description)
            fields["days"] = .integer(Int64(days))
            fields["at"] = .string(time.description)
        case .every(let repeating, let time):
            fields["every"] = .string(repeating.rawValue)
            fields["at"] = .string(time.description)
        }
        if !params.isEmpty { fields["params"] = .object(params) }
        if late != Self.defaultLate { fields["late"] = .string(DurationText.format(late)) }
        return .object(fields)
    }

    private static func text(_ value: JSONValue?, _ field: String) throws(ScheduleError) -> String? {
        guard let value else { return nil }
        guard case .string(let text) = value else { throw ScheduleError("\(field) must be a string") }
        return text
    }

    private static func time(_ text: String?, _ field: String, required: Bool) throws(ScheduleError) -> ClockTime {
        guard let text else {
            if required { throw ScheduleError("\(field) must be a time of day like \"09:00\"") }
            return ClockTime("00:00")!
        }
        guard let time = ClockTime(text) else { throw ScheduleError("\(field) must be a time of day like \"09:00\", got \"\(text)\"") }
        return time
    }
}

/// A schedule that cannot be read: the field and what it takes.
public struct ScheduleError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
