import IlsaLua

/// Reads the lists of a roster file's table into raw records, reporting every entry that is not
/// a table, has a field the roster does not know, or has a field of the wrong type.
struct RosterReader {
    let top: LuaTable
    private(set) var problems: [RosterError.Problem] = []

    init(top: LuaTable) { self.top = top }

    mutating func report(_ code: RosterError.Code, at path: String, _ message: String) {
        problems.append(RosterError.Problem(code, at: path, message))
    }

    /// The top-level scalar fields, after checking the top level has only known fields.
    mutating func header() -> RawTop {
        checkFields(of: top, allowed: RawTop.fieldNames, label: "the roster")
        if case .table(let tower) = top["control_tower"] {
            checkFields(of: tower, allowed: RawControlTower.fieldNames, label: "control_tower")
        }
        return decode(RawTop.self, from: .table(top), path: "", label: "the roster") ?? RawTop()
    }

    /// The entries of one list (`districts`), each decoded or reported. A missing list is empty.
    mutating func entries<R: RosterRecord>(_ list: String, as type: R.Type) -> [Entry<R>] {
        elements(of: top[list], path: list).compactMap { path, value in
            let label = Self.label(path, value)
            guard case .table(let table) = value else {
                report(.malformed, at: path, "\(path) should be a table, got \(value.typeName) '\(value)'")
                return nil
            }
            checkFields(of: table, allowed: R.fieldNames, label: label)
            return decode(R.self, from: value, path: path, label: label).map { Entry(path: path, label: label, record: $0, value: value) }
        }
    }

    /// The elements of a list field with their paths (`ladders[1].rungs[2]`), or a report that it
    /// is not a list.
    mutating func elements(of value: LuaValue, path: String) -> [(path: String, value: LuaValue)] {
        switch value {
        case .nil:
            return []
        case .table(let table) where table.fields.isEmpty:
            return table.array.enumerated().map { ("\(path)[\($0.offset + 1)]", $0.element) }
        default:
            report(.malformed, at: path, "\(path) should be a list { ... }, got \(Self.describe(value))")
            return []
        }
    }

    /// Reports every key of `table` not in `allowed`, with the nearest allowed one.
    mutating func checkFields(of table: LuaTable, allowed: [String], label: String) {
        for (index, value) in table.array.enumerated() {
            report(
                .malformed, at: label, "\(label) has a value without a field name at position \(index + 1) ('\(value)'); write name = value"
            )
        }
        for key in table.fields.keys.sorted(by: { $0.description < $1.description }) {
            guard let name = key.stringValue else {
                report(.malformed, at: label, "\(label) has a key that is not a name: [\(key)]")
                continue
            }
            if !allowed.contains(name) {
                report(.malformed, at: label, "\(label) has unknown field '\(name)'" + DidYouMean.hint(for: name, in: allowed))
            }
        }
    }

    /// Decodes a record, or reports why it cannot be decoded and returns nil.
    mutating func decode<T: Decodable>(_ type: T.Type, from value: LuaValue, path: String, label: String) -> T? {
        do {
            return try LuaValueDecoder().decode(type, from: value)
        } catch let error as DecodingError {
            report(.malformed, at: path, Self.describe(error, label: label))
        } catch {
            report(.malformed, at: path, "\(label): \(error)")
        }
        return nil
    }

    /// `districts[3] 'singil'` when the entry has a code, else `districts[3]`.
    static func label(_ path: String, _ value: LuaValue) -> String {
        guard case .table(let table) = value else { return path }
        for field in ["id", "code", "name"] {
            if let key = table[field].stringValue { return "\(path) '\(key)'" }
        }
        return path
    }

    /// A value for a message: `string 'x'`, `number 15`, `a table`.
    static func describe(_ value: LuaValue) -> String {
        switch value {
        case .string(let s): "string '\(s.text)'"
        case .integer, .number, .boolean: "\(value.typeName) \(value)"
        case .table: "a table with named fields"
        default: value.typeName
        }
    }

    static func describe(_ error: DecodingError, label: String) -> String {
        func field(_ path: [any CodingKey]) -> String {
            path.map { $0.intValue.map { "[\($0 + 1)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = field(context.codingPath)
            return "\(label) has no '\(parent.isEmpty ? key.stringValue : parent + "." + key.stringValue)'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            let name = field(context.codingPath)
            return name.isEmpty ? "\(label): \(context.debugDescription)" : "\(label) field '\(name)': \(context.debugDescription)"
        @unknown default:
            return "\(label): \(error)"
        }
    }
}
