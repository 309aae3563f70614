public import IlsaStore
public import IlsaLua

extension JSONValue {
    /// Converts a Lua value for a run's history.
    ///
    /// `nil`, booleans, integers, floats and strings map directly (integers stay integers,
    /// floats stay floats). A table whose keys are exactly `1...n` becomes an array, one whose
    /// keys are all strings becomes an object, and an empty table becomes an empty object.
    ///
    /// - Parameters:
    ///   - lua: The value.
    ///   - path: How messages name the value as a whole: `payload`.
    /// - Throws: ``JSONValueError`` with code `notRepresentable`, naming where the problem is,
    ///   for functions, userdata, coroutines, tables with any other keys, strings that are not
    ///   UTF-8, `NaN` and infinities: `payload.items[3]: a function cannot be stored in a run's history`.
    public init(lua: LuaValue, path: String = "value") throws(JSONValueError) {
        func refuse(_ what: String) -> JSONValueError {
            JSONValueError(.notRepresentable, at: path, "\(what) cannot be stored in a run's history")
        }
        switch lua {
        case .nil: self = .null
        case .boolean(let b): self = .bool(b)
        case .integer(let i): self = .integer(i)
        case .number(let d):
            guard d.isFinite else { throw refuse(d.isNaN ? "NaN" : "an infinite number") }
            self = .number(d)
        case .string(let s):
            guard let text = String(validating: s.bytes, as: UTF8.self) else {
                throw refuse("a string that is not valid UTF-8")
            }
            self = .string(text)
        case .table(let table): self = try Self.convert(table, path: path)
        case .function: throw refuse("a function")
        case .userdata: throw refuse("a userdata")
        case .thread: throw refuse("a coroutine")
        }
    }

    private static func convert(_ table: LuaTable, path: String) throws(JSONValueError) -> JSONValue {
        if table.fields.isEmpty {
            if table.array.isEmpty { return .object([:]) }
            var items: [JSONValue] = []
            items.reserveCapacity(table.array.count)
            for (index, item) in table.array.enumerated() {
                items.append(try JSONValue(lua: item, path: "\(path)[\(index + 1)]"))
            }
            return .array(items)
        }
        var fields: [String: JSONValue] = [:]
        for (key, value) in table.fields {
            guard case .string(let name) = key else {
                throw JSONValueError(
                    .notRepresentable, at: path,
                    "a table with \(describe(key)) cannot be stored in a run's history; "
                        + "use a list (keys 1...n) or string keys only")
            }
            guard let text = String(validating: name.bytes, as: UTF8.self) else {
                throw JSONValueError(
                    .notRepresentable, at: path,
                    "a table key that is not valid UTF-8 cannot be stored in a run's history")
            }
            fields[text] = try JSONValue(lua: value, path: JSONValue.path(path, key: text))
        }
        guard table.array.isEmpty else {
            throw JSONValueError(
                .notRepresentable, at: path,
                "a table mixing list items (1...\(table.array.count)) and string keys cannot be stored "
                    + "in a run's history; use one or the other")
        }
        return .object(fields)
    }

    private static func describe(_ key: LuaValue) -> String {
        switch key {
        case .integer(let i): "the key \(i) (an integer outside a list 1...n)"
        case .number(let d): "the float key \(d)"
        case .boolean(let b): "the boolean key \(b)"
        default: "a \(key.typeName) as a key"
        }
    }

    /// The value as Lua sees it: `null` is `nil`, arrays are tables with keys `1...n`, objects
    /// are tables with string keys; integers stay integers and floats stay floats.
    ///
    /// An empty array and an empty object both become an empty table, and a `null` inside an
    /// array becomes a hole in the list, as Lua has no other way to write them.
    public var luaValue: LuaValue {
        switch self {
        case .null: .nil
        case .bool(let b): .boolean(b)
        case .integer(let i): .integer(i)
        case .number(let d): .number(d)
        case .string(let s): .string(LuaString(s))
        case .array(let items): .table(LuaTable(array: items.map(\.luaValue)))
        case .object(let fields):
            .table(LuaTable(fields: Dictionary(uniqueKeysWithValues: fields.map { (.string(LuaString($0.key)), $0.value.luaValue) })))
        }
    }
}
