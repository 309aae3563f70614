public import IlsaStore
import IlsaLua

/// The tables the playbook API takes (`ilsa.task { ... }`, `ilsa.escalate { ... }`, ...): their
/// fields, the values a field may hold, the tables nested in them. One description, read by the
/// engine (which refuses anything else in a new command) and by `ilsa check` (which says so
/// before a run starts); the API reference's classes are tested to agree with it.
public struct SpecTable: Sendable {
    /// How messages name it: `ilsa.task`, `assignee`.
    public let name: String
    /// Every field it takes, in the order messages list them.
    public let fields: [String]
    /// The fields it needs.
    public let required: [String]
    /// The words a field may hold, for fields that take one of a few.
    public let values: [String: [String]]
    /// Fields that hold a table of their own.
    public let tables: [String: SpecTable]
    /// Other words people write for a value (the crisis levels in Korean), by field.
    public let aliases: [String: [String: String]]

    init(
        _ name: String, fields: [String], required: [String] = [], values: [String: [String]] = [:],
        tables: [String: SpecTable] = [:], aliases: [String: [String: String]] = [:]
    ) {
        self.name = name
        self.fields = fields
        self.required = required
        self.values = values
        self.tables = tables
        self.aliases = aliases
    }

    /// A task's assignee.
    public static let assignee = SpecTable("assignee", fields: ["role", "district", "unit", "person"])

    /// `ilsa.task { ... }`.
    public static let task = SpecTable(
        "ilsa.task", fields: ["title", "assignee", "due", "class", "priority", "detail", "checklist", "tags", "after", "escalation"],
        required: ["title"],
        values: ["priority": ["low", "normal", "high", "urgent"], "class": TaskClass.known.map(\.rawValue)],
        tables: ["assignee": assignee])

    /// `ilsa.escalate { ... }`.
    public static let escalate = SpecTable(
        "ilsa.escalate", fields: ["to", "severity", "reason", "options"], required: ["to", "severity", "reason", "options"],
        values: ["to": ["control_tower", "city_hq", "district_chair"], "severity": ["interest", "caution", "alert", "serious"]],
        aliases: ["severity": ["관심": "interest", "주의": "caution", "경계": "alert", "심각": "serious"]])

    /// `ilsa.units { ... }`.
    public static let units = SpecTable("ilsa.units", fields: ["role", "district", "kind", "agency"])

    /// The table each function takes as its first argument, by the function's name.
    public static let byFunction: [String: SpecTable] = ["task": task, "escalate": escalate, "units": units]

    /// The message for a value a field does not take: `ilsa.task field 'priority' must be one of
    /// 'low', ..., not 'critical'`, with the word meant when it can tell.
    public func badValue(_ field: String, _ value: String) -> String {
        let words = values[field] ?? []
        let meant = aliases[field]?[value].map { " ('\(value)' is '\($0)')" } ?? DidYouMean.hint(for: value, in: words)
        return "\(name) field '\(field)' must be one of \(words.map { "'\($0)'" }.joined(separator: ", ")), not '\(value)'\(meant)"
    }

    /// The message for a field the table does not take: `unknown field 'deu' (did you mean
    /// 'due'?); ilsa.task takes title, assignee, ...`.
    public func unknown(_ field: String) -> String {
        "unknown field '\(field)'\(DidYouMean.hint(for: field, in: fields)); \(name) takes \(fields.joined(separator: ", "))"
    }
}

extension RunExecution {
    /// Refuses a field the table does not take (a typo such as `deu` for `due` would otherwise
    /// be ignored, and the task would never fall due), for a new command only: a replay takes
    /// the table as the run's history recorded it, so a run started before a field was
    /// refused goes on.
    func checkFields(_ table: LuaTable, _ spec: SpecTable, within field: String? = nil) throws {
        guard !replaying else { return }
        // In a fixed order, so a table with two bad fields names the same one every time.
        for key in table.fields.keys.sorted(by: { $0.description < $1.description }) {
            guard let name = key.stringValue else {
                throw LuaArgumentError(
                    position: 1,
                    problem: (field.map { "field '\($0)': " } ?? "") + "\(spec.name) takes named fields only, not a \(key.typeName) key")
            }
            guard spec.fields.contains(name) else {
                throw LuaArgumentError(position: 1, problem: (field.map { "field '\($0)': " } ?? "") + spec.unknown(name))
            }
        }
        if !table.array.isEmpty {
            throw LuaArgumentError(
                position: 1,
                problem: (field.map { "field '\($0)': " } ?? "")
                    + "\(spec.name) takes named fields only (\(spec.fields.joined(separator: ", ")))")
        }
    }
}
