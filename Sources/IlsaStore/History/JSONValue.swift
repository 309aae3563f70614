/// A JSON value, as a run's history stores payloads and parameters.
///
/// Integers and floats are kept apart, as Lua 5.4 keeps them: `1` is `.integer(1)` and `1.0` is
/// `.number(1.0)`, and the canonical encoding (``encoded()``) writes a float with an integral
/// value as `1.0` so that it reads back as a float. Objects are written with their keys sorted
/// by their UTF-8 bytes, so a payload's bytes are a function of its value.
///
/// `NaN` and the infinities are not JSON: a value holding one cannot be encoded.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The value at a key, when the value is an object holding it.
    public subscript(key: String) -> JSONValue? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }

    /// The string, when the value is one.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The integer, when the value is one.
    public var integerValue: Int64? {
        if case .integer(let i) = self { return i }
        return nil
    }

    /// The elements, when the value is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

extension JSONValue: CustomStringConvertible {
    /// The canonical JSON text, or a note when the value holds a float JSON cannot write.
    public var description: String {
        (try? encodedText()) ?? "<not JSON: NaN or infinity>"
    }
}
