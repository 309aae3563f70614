import Foundation

/// A Lua value copied into Swift.
///
/// Plain data (nil, booleans, integers, floats, strings, tables) is copied; functions, userdata
/// and coroutines are held by reference and stay valid while their ``LuaState`` is open.
/// Integers and floats are kept apart as Lua 5.4 keeps them: `1` is `.integer(1)`, `1.0` is
/// `.number(1.0)`.
public enum LuaValue: Hashable {
    case `nil`
    case boolean(Bool)
    case integer(Int64)
    case number(Double)
    case string(LuaString)
    case table(LuaTable)
    case function(LuaReference)
    case userdata(LuaReference)
    case thread(LuaReference)

    /// The Lua type name, as `type()` gives it.
    public var typeName: String {
        switch self {
        case .nil: "nil"
        case .boolean: "boolean"
        case .integer, .number: "number"
        case .string: "string"
        case .table: "table"
        case .function: "function"
        case .userdata: "userdata"
        case .thread: "thread"
        }
    }

    /// Whether Lua would treat the value as true (everything but `nil` and `false`).
    public var isTruthy: Bool {
        switch self {
        case .nil, .boolean(false): false
        default: true
        }
    }

    /// The string as text, when the value is a string.
    public var stringValue: String? {
        if case .string(let s) = self { return s.text }
        return nil
    }

    /// The value as an integer, when it is one or a float with an exact integer value.
    public var integerValue: Int64? {
        switch self {
        case .integer(let i): i
        case .number(let d): Int64(exactly: d)
        default: nil
        }
    }

    /// The value as a float, when it is a number.
    public var numberValue: Double? {
        switch self {
        case .integer(let i): Double(i)
        case .number(let d): d
        default: nil
        }
    }

    /// The table, when the value is one.
    public var tableValue: LuaTable? {
        if case .table(let t) = self { return t }
        return nil
    }
}

extension LuaValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .nil }
    public init(booleanLiteral value: Bool) { self = .boolean(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(stringLiteral value: String) { self = .string(LuaString(value)) }
    public init(arrayLiteral elements: LuaValue...) { self = .table(LuaTable(array: elements)) }
    public init(dictionaryLiteral elements: (LuaValue, LuaValue)...) {
        self = .table(LuaTable(fields: Dictionary(elements, uniquingKeysWith: { _, last in last })))
    }
}

extension LuaValue: CustomStringConvertible {
    /// A short rendering for messages and tests; the REPL has its own pretty printer.
    public var description: String {
        switch self {
        case .nil: "nil"
        case .boolean(let b): String(b)
        case .integer(let i): String(i)
        case .number(let d): LuaValue.format(d)
        case .string(let s): s.text
        case .table(let t): t.description
        case .function: "function"
        case .userdata: "userdata"
        case .thread: "thread"
        }
    }

    /// Formats a float as Lua's `%.14g` does, with `.0` on integral values (`1.0`, `1e+15`).
    static func format(_ d: Double) -> String {
        if d.isNaN { return d.sign == .minus ? "-nan" : "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        var s = String(format: "%.14g", d)
        if !s.contains(where: { ".eEn".contains($0) }) { s += ".0" }
        return s
    }
}

/// A Lua string: bytes, usually UTF-8 text.
public struct LuaString: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The raw bytes, as Lua holds them.
    public var bytes: [UInt8]

    public init(_ text: String) { bytes = Array(text.utf8) }
    public init(bytes: [UInt8]) { self.bytes = bytes }
    public init(stringLiteral value: String) { self.init(value) }

    /// The bytes decoded as UTF-8, with invalid sequences replaced by U+FFFD.
    public var text: String { String(decoding: bytes, as: UTF8.self) }
    public var description: String { text }
}

/// A Lua table copied into Swift: its sequence `1...n` and the other fields.
public struct LuaTable: Hashable {
    /// Values at keys `1...n` without a gap.
    public var array: [LuaValue]
    /// Every other key.
    public var fields: [LuaValue: LuaValue]

    public init(array: [LuaValue] = [], fields: [LuaValue: LuaValue] = [:]) {
        self.array = array
        self.fields = fields
    }

    /// The value at a key, as a raw Lua lookup would give it.
    public subscript(key: LuaValue) -> LuaValue {
        get {
            if let i = key.integerValue, i >= 1, i <= array.count { return array[Int(i) - 1] }
            return fields[key] ?? .nil
        }
        set {
            if let i = key.integerValue, i >= 1, i <= array.count {
                array[Int(i) - 1] = newValue
            } else if newValue == .nil {
                fields[key] = nil
            } else {
                fields[key] = newValue
            }
        }
    }

    public subscript(name: String) -> LuaValue {
        get { self[.string(LuaString(name))] }
        set { self[.string(LuaString(name))] = newValue }
    }
}

extension LuaTable: CustomStringConvertible {
    public var description: String {
        var parts = array.map(\.description)
        parts += fields.map { "\($0.key)=\($0.value)" }.sorted()
        return "{" + parts.joined(separator: ", ") + "}"
    }
}
