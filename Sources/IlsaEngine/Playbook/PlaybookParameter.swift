public import IlsaStore

/// A parameter a playbook declares: `district = { type = "district", required = true }`.
///
/// The runner gives parameters as text (`--param district=singil`);
/// ``Playbook/resolveParameters(_:roster:)`` checks and converts them to the ``JSONValue`` the
/// run sees in `ctx.params`.
public struct PlaybookParameter: Sendable, Hashable {
    /// What kind of value a parameter takes, and how it appears in `ctx.params`.
    public enum ValueType: Sendable, Hashable {
        /// Any text; a string.
        case string
        /// A whole number (`12`, `-3`); an integer.
        case integer
        /// A number (`2.5`, `40`); a float.
        case number
        /// `true` or `false` (also `yes`/`no`, `on`/`off`, `1`/`0`); a boolean.
        case boolean
        /// One district of the roster, by code (`singil`), Korean name (`신길`) or English name
        /// (`Singil`); the district's code.
        case district
        /// Several districts, comma-separated (`singil,choji`), or `all` for every district; an
        /// array of codes in the order given (`all`: the roster's order), without repeats.
        case districts
        /// A duration in ``DurationText``'s format (`"90m"`); its canonical text (`"1h30m"`).
        case duration
        /// An absolute time with an offset (`"2025-07-16T09:00:00+09:00"`), the absolute form of
        /// ``DueTime``; its canonical text.
        case time
        /// One of the listed values, declared `{ type = "choice", values = { "a", "b" } }`; the
        /// value.
        case choice([String])

        /// The name a playbook writes in `type = "..."`.
        public var name: String {
            switch self {
            case .string: "string"
            case .integer: "integer"
            case .number: "number"
            case .boolean: "boolean"
            case .district: "district"
            case .districts: "districts"
            case .duration: "duration"
            case .time: "time"
            case .choice: "choice"
            }
        }

        /// Every type name a playbook may write.
        public static let names = ["string", "integer", "number", "boolean", "district", "districts", "duration", "time", "choice"]
    }

    /// The parameter's name, a snake_case identifier: `district`.
    public var name: String
    public var type: ValueType
    /// Whether the runner must give the parameter. A required parameter has no default.
    public var required: Bool
    /// The value used when the runner does not give one, already checked against ``type``.
    /// A district default is checked against the roster when parameters are resolved.
    public var `default`: JSONValue?
    /// One line saying what the parameter is for.
    public var summary: String?

    public init(name: String, type: ValueType, required: Bool = false, default: JSONValue? = nil, summary: String? = nil) {
        self.name = name
        self.type = type
        self.required = required
        self.default = `default`
        self.summary = summary
    }
}
