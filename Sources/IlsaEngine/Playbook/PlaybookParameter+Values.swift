import IlsaStore
import Foundation
import IlsaLua

/// Checking a parameter's values: defaults written in Lua, and text given on the command line.
extension PlaybookParameter {
    /// A value that does not fit the parameter's type.
    package struct ValueProblem: Error {
        /// What the value should be: `an integer`, `one of caution, alert`.
        package var expected: String
        /// A whole sentence, when there is more to say than ``expected``: `'singl' is not a
        /// district (did you mean 'singil'?)`.
        package var detail: String?
    }

    /// What values of this type look like, for messages: `an integer`.
    var expected: String {
        switch type {
        case .string: "a string"
        case .integer: "an integer"
        case .number: "a number"
        case .boolean: "a boolean (true or false)"
        case .district: "a district"
        case .districts: "a comma-separated list of districts, or \"all\""
        case .duration: "a duration: \(DurationText.formatHelp)"
        case .time: "a time with an offset from UTC, such as \"2025-07-16T09:00:00+09:00\""
        case .choice(let values): "one of \(values.joined(separator: ", "))"
        }
    }

    private var problem: ValueProblem { ValueProblem(expected: expected) }

    /// Checks a default written in the playbook and converts it. A district default is kept as
    /// written (`"singil"`, or for `districts` a list or `"all"`), to be checked against the
    /// roster when parameters are resolved.
    func checkDefault(_ value: LuaValue) throws(ValueProblem) -> JSONValue {
        switch type {
        case .string, .district:
            guard let text = value.stringValue else { throw problem }
            return .string(text)
        case .integer:
            guard let i = value.integerValue else { throw problem }
            return .integer(i)
        case .number:
            guard let d = value.numberValue, d.isFinite else { throw problem }
            return .number(d)
        case .boolean:
            guard case .boolean(let b) = value else { throw problem }
            return .bool(b)
        case .districts:
            if let text = value.stringValue { return .string(text) }
            guard case .table(let list) = value, list.fields.isEmpty, !list.array.isEmpty else { throw problem }
            let codes = list.array.compactMap(\.stringValue)
            guard codes.count == list.array.count else { throw problem }
            return .array(codes.map(JSONValue.string))
        case .duration, .time, .choice:
            guard let text = value.stringValue else { throw problem }
            return try convert(text, roster: nil)
        }
    }

    /// Converts the text given for the parameter (`--param NAME=TEXT`).
    ///
    /// - Parameter roster: The roster districts are looked up in; nil only for types that do
    ///   not need one.
    func convert(_ text: String, roster: Roster?) throws(ValueProblem) -> JSONValue {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        switch type {
        case .string:
            return .string(text)
        case .integer:
            guard let i = Int64(trimmed) else { throw problem }
            return .integer(i)
        case .number:
            guard let d = Double(trimmed), d.isFinite else { throw problem }
            return .number(d)
        case .boolean:
            switch trimmed.lowercased() {
            case "true", "yes", "on", "1": return .bool(true)
            case "false", "no", "off", "0": return .bool(false)
            default: throw problem
            }
        case .district:
            return .string(try Self.district(trimmed, in: roster).rawValue)
        case .districts:
            if trimmed.lowercased() == "all" {
                return .array((roster?.districts ?? []).map { .string($0.id.rawValue) })
            }
            var codes: [String] = []
            for part in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
                let name = part.trimmingCharacters(in: .whitespaces)
                guard !name.isEmpty else { throw problem }
                let code = try Self.district(name, in: roster).rawValue
                if !codes.contains(code) { codes.append(code) }
            }
            return .array(codes.map(JSONValue.string))
        case .duration:
            guard let duration = DurationText.parse(trimmed) else { throw problem }
            return .string(DurationText.format(duration))
        case .time:
            guard case .at(let date, let offset)? = try? DueTime(parsing: trimmed) else { throw problem }
            return .string(DueTime.at(date, utcOffset: offset).description)
        case .choice(let values):
            guard values.contains(text) else {
                let hint = DidYouMean.hint(for: text, in: values)
                throw ValueProblem(expected: expected, detail: "'\(text)' is not \(expected)\(hint)")
            }
            return .string(text)
        }
    }

    /// Resolves a default against the roster: district names become codes.
    package func resolveDefault(_ value: JSONValue, roster: Roster) throws(ValueProblem) -> JSONValue {
        switch (type, value) {
        case (.district, .string(let text)), (.districts, .string(let text)):
            return try convert(text, roster: roster)
        case (.districts, .array(let items)):
            return try convert(items.compactMap(\.stringValue).joined(separator: ","), roster: roster)
        default:
            return value
        }
    }

    /// The district a text names: its code (`singil`), Korean name (`신길`) or English name
    /// (`Singil`, `Sangnok 1`), ignoring case and spaces.
    static func district(_ text: String, in roster: Roster?) throws(ValueProblem) -> District.ID {
        if let match = roster?.district(named: text) { return match.id }
        let codes = (roster?.districts ?? []).map(\.id.rawValue)
        let hint = DidYouMean.hint(for: text, in: codes)
        throw ValueProblem(
            expected: "a district",
            detail: "'\(text)' is not a district\(hint); districts are \(codes.joined(separator: ", "))")
    }
}
