import IlsaStore
import IlsaLua

/// Checks the table given to `ilsa.workflow` and reads it into a ``Playbook``, stopping at the
/// first problem with a message that names the field: `workflow field 'name' must be a
/// snake_case identifier, got "Heavy Rain"`.
struct PlaybookSpecReader {
    let file: String
    let source: String

    static let fields = ["name", "title", "summary", "description", "tags", "params", "schedules", "triggers", "run"]
    static let parameterFields = ["name", "type", "required", "default", "summary", "description", "values"]

    func read(_ spec: LuaTable) throws(PlaybookError) -> Playbook {
        try checkKnown(spec, allowed: Self.fields, path: nil)
        let name = try identifier(spec["name"], field: "name")
        let title = try text(spec["title"], field: "title", required: true) ?? ""
        let summary = try summary(of: spec, path: nil)
        let tags = try tags(spec["tags"])
        let params = try parameters(spec["params"])
        guard case .function = spec["run"] else {
            throw invalid("run", "must be a function: run = function(ctx) ... end", got: spec["run"])
        }
        var playbook = Playbook(name: name, title: title, summary: summary, tags: tags, params: params, source: source, chunkName: file)
        playbook.schedules = try schedules(spec["schedules"], params: params)
        playbook.triggers = try triggers(spec["triggers"])
        return playbook
    }

    // MARK: Starting by itself

    /// A list of schedule tables (``ScheduleSpec``), their parameters among the declared ones.
    private func schedules(_ value: LuaValue, params: [PlaybookParameter]) throws(PlaybookError) -> [ScheduleSpec] {
        if value == .nil { return [] }
        guard case .table(let table) = value, table.fields.isEmpty else {
            throw invalid("schedules", "must be a list of tables like { before = \"2027-02-17\", days = 21, at = \"09:00\" }", got: value)
        }
        var schedules: [ScheduleSpec] = []
        for (index, item) in table.array.enumerated() {
            let field = "schedules[\(index + 1)]"
            do {
                let json = try JSONValue(lua: item, path: field)
                let schedule = try ScheduleSpec(json: json)
                let names = params.map(\.name)
                if let unknown = schedule.params.keys.sorted().first(where: { !names.contains($0) }) {
                    throw ScheduleError(
                        "params names '\(unknown)', which the playbook does not declare\(DidYouMean.hint(for: unknown, in: names))")
                }
                schedules.append(schedule)
            } catch let error as ScheduleError {
                throw PlaybookError(.invalidField, file: file, "workflow field '\(field)': \(error.message)")
            } catch {
                throw PlaybookError(.invalidField, file: file, "workflow field '\(field)': \(error)")
            }
        }
        return schedules
    }

    /// A list of signal names: `{ "kma.heavy_rain" }`.
    private func triggers(_ value: LuaValue) throws(PlaybookError) -> [String] {
        if value == .nil { return [] }
        guard case .table(let table) = value, table.fields.isEmpty else {
            throw invalid("triggers", "must be a list of signal names like { \"kma.heavy_rain\" }", got: value)
        }
        var names: [String] = []
        for (index, item) in table.array.enumerated() {
            guard let name = try text(item, field: "triggers[\(index + 1)]", required: true) else { continue }
            names.append(name)
        }
        return names
    }

    // MARK: Fields

    private func checkKnown(_ table: LuaTable, allowed: [String], path: String?) throws(PlaybookError) {
        let what = path.map { "'\($0)'" } ?? "the workflow"
        if !table.array.isEmpty {
            throw PlaybookError(.invalidField, file: file, "\(what) has list items; use named fields (\(allowed.joined(separator: ", ")))")
        }
        for key in table.fields.keys.sorted(by: { $0.description < $1.description }) {
            guard let name = key.stringValue, allowed.contains(name) else {
                let shown = key.stringValue.map { "'\($0)'" } ?? Self.describe(key)
                let hint = key.stringValue.map { DidYouMean.hint(for: $0, in: allowed) } ?? ""
                let prefix = path.map { "workflow field '\($0)' has" } ?? "the workflow has"
                throw PlaybookError(
                    .invalidField, file: file,
                    "\(prefix) unknown field \(shown)\(hint); known fields are \(allowed.joined(separator: ", "))")
            }
        }
    }

    private func identifier(_ value: LuaValue, field: String) throws(PlaybookError) -> String {
        guard let name = value.stringValue, Self.isSnakeCase(name) else {
            throw invalid(field, "must be a snake_case identifier", got: value)
        }
        return name
    }

    private func text(_ value: LuaValue, field: String, required: Bool) throws(PlaybookError) -> String? {
        if value == .nil, !required { return nil }
        guard let text = value.stringValue, !text.allSatisfy(\.isWhitespace) else {
            throw invalid(field, "must be a non-empty string", got: value)
        }
        return text
    }

    /// `summary`, or `description` as another name for it; not both.
    private func summary(of table: LuaTable, path: String?) throws(PlaybookError) -> String? {
        let prefix = path.map { $0 + "." } ?? ""
        if table["summary"] != .nil, table["description"] != .nil {
            throw PlaybookError(
                .invalidField, file: file, "workflow fields '\(prefix)summary' and '\(prefix)description' are the same; give one")
        }
        if table["description"] != .nil { return try text(table["description"], field: prefix + "description", required: false) }
        return try text(table["summary"], field: prefix + "summary", required: false)
    }

    private func tags(_ value: LuaValue) throws(PlaybookError) -> [String] {
        if value == .nil { return [] }
        guard case .table(let table) = value, table.fields.isEmpty else {
            throw invalid("tags", "must be a list of strings", got: value)
        }
        var tags: [String] = []
        for (index, item) in table.array.enumerated() {
            guard let tag = try text(item, field: "tags[\(index + 1)]", required: true) else { continue }
            tags.append(tag)
        }
        return tags
    }

    // MARK: Parameters

    /// A list of `{ name = ..., type = ... }` tables, kept in order, or a map from name to
    /// `{ type = ... }`, sorted by name.
    private func parameters(_ value: LuaValue) throws(PlaybookError) -> [PlaybookParameter] {
        if value == .nil { return [] }
        guard case .table(let table) = value, table.array.isEmpty || table.fields.isEmpty else {
            throw invalid(
                "params", "must be a list of { name = ..., type = ... } tables or a map from name to { type = ... }",
                got: value)
        }
        var params: [PlaybookParameter] = []
        if table.fields.isEmpty {
            for (index, item) in table.array.enumerated() {
                let path = "params[\(index + 1)]"
                guard case .table(let entry) = item else { throw invalid(path, "must be a table { name = ..., type = ... }", got: item) }
                let name = try identifier(entry["name"], field: path + ".name")
                if params.contains(where: { $0.name == name }) {
                    throw PlaybookError(.invalidField, file: file, "workflow field '\(path).name' repeats the parameter '\(name)'")
                }
                params.append(try parameter(entry, name: name, path: path))
            }
        } else {
            for (key, item) in table.fields.sorted(by: { $0.key.description < $1.key.description }) {
                guard let name = key.stringValue, Self.isSnakeCase(name) else {
                    throw invalid("params", "must have snake_case identifiers as names", got: key)
                }
                let path = "params.\(name)"
                guard case .table(let entry) = item else { throw invalid(path, "must be a table { type = ... }", got: item) }
                if entry["name"] != .nil, entry["name"].stringValue != name {
                    throw invalid(path + ".name", "must be left out or be \"\(name)\"", got: entry["name"])
                }
                params.append(try parameter(entry, name: name, path: path))
            }
        }
        return params
    }

    private func parameter(_ entry: LuaTable, name: String, path: String) throws(PlaybookError) -> PlaybookParameter {
        try checkKnown(entry, allowed: Self.parameterFields, path: path)
        let type = try valueType(entry, path: path)
        let required: Bool
        switch entry["required"] {
        case .nil: required = false
        case .boolean(let b): required = b
        case let other: throw invalid(path + ".required", "must be true or false", got: other)
        }
        var defaultValue: JSONValue?
        if entry["default"] != .nil {
            if required {
                throw PlaybookError(
                    .invalidField, file: file,
                    "workflow field '\(path).default' is given for a required parameter; drop one of required and default")
            }
            let parameter = PlaybookParameter(name: name, type: type)
            do {
                defaultValue = try parameter.checkDefault(entry["default"])
            } catch {
                throw invalid(path + ".default", "must be \(error.expected)", got: entry["default"])
            }
        }
        let summary = try summary(of: entry, path: path)
        return PlaybookParameter(name: name, type: type, required: required, default: defaultValue, summary: summary)
    }

    private func valueType(_ entry: LuaTable, path: String) throws(PlaybookError) -> PlaybookParameter.ValueType {
        let value = entry["type"]
        let names = PlaybookParameter.ValueType.names
        guard let name = value.stringValue, names.contains(name) else {
            let hint = value.stringValue.map { DidYouMean.hint(for: $0, in: names) } ?? ""
            throw invalid(path + ".type", "must be one of \(names.joined(separator: ", "))", got: value, hint: hint)
        }
        if name != "choice", entry["values"] != .nil {
            throw PlaybookError(.invalidField, file: file, "workflow field '\(path).values' is only for type = \"choice\"")
        }
        switch name {
        case "string": return .string
        case "integer": return .integer
        case "number": return .number
        case "boolean": return .boolean
        case "district": return .district
        case "districts": return .districts
        case "duration": return .duration
        case "time": return .time
        default:
            let values = entry["values"]
            guard case .table(let list) = values, list.fields.isEmpty, !list.array.isEmpty,
                let strings = Optional(list.array.compactMap(\.stringValue)), strings.count == list.array.count,
                Set(strings).count == strings.count
            else {
                throw invalid(path + ".values", "must be a list of different strings for type = \"choice\"", got: values)
            }
            return .choice(strings)
        }
    }

    // MARK: Messages

    private func invalid(_ field: String, _ rule: String, got value: LuaValue, hint: String = "") -> PlaybookError {
        PlaybookError(.invalidField, file: file, "workflow field '\(field)' \(rule), got \(Self.describe(value))\(hint)")
    }

    /// A value as messages show it: `"Heavy Rain"`, `3`, `nil`, `a table`.
    static func describe(_ value: LuaValue) -> String {
        switch value {
        case .nil, .boolean, .integer, .number: value.description
        case .string(let s): "\"\(s.text)\""
        case .table: "a table"
        case .function: "a function"
        case .userdata: "a userdata"
        case .thread: "a coroutine"
        }
    }

    /// `heavy_rain`: a lowercase ASCII letter, then lowercase letters, digits and underscores.
    static func isSnakeCase(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }
}
