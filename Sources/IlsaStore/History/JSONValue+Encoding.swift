public import Foundation

extension JSONValue {
    /// The canonical JSON text of the value: no whitespace, object keys sorted by their UTF-8
    /// bytes, integers as digits, floats in the shortest form that reads back exactly and always
    /// with a fraction or an exponent (`1.0`, `1e+20`), so they read back as floats.
    ///
    /// - Throws: ``JSONValueError`` with code `notRepresentable` when the value holds `NaN` or
    ///   an infinity.
    public func encoded() throws(JSONValueError) -> Data {
        var out: [UInt8] = []
        try write(to: &out, path: "")
        return Data(out)
    }

    /// ``encoded()`` as a string.
    public func encodedText() throws(JSONValueError) -> String {
        var out: [UInt8] = []
        try write(to: &out, path: "")
        return String(decoding: out, as: UTF8.self)
    }

    private func write(to out: inout [UInt8], path: String) throws(JSONValueError) {
        switch self {
        case .null: out += Array("null".utf8)
        case .bool(let b): out += Array((b ? "true" : "false").utf8)
        case .integer(let i): out += Array(String(i).utf8)
        case .number(let d):
            guard d.isFinite else {
                throw JSONValueError(.notRepresentable, at: path, "\(d) is not a number JSON can hold")
            }
            // Swift's description is the shortest text that reads back exactly; it writes
            // integral values as `1.0` and large or small ones with an exponent (`1e+20`).
            out += Array(d.description.utf8)
        case .string(let s): Self.writeString(s, to: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                try item.write(to: &out, path: "\(path)[\(index + 1)]")
            }
            out.append(UInt8(ascii: "]"))
        case .object(let fields):
            out.append(UInt8(ascii: "{"))
            let keys = fields.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (index, key) in keys.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                Self.writeString(key, to: &out)
                out.append(UInt8(ascii: ":"))
                try fields[key]!.write(to: &out, path: JSONValue.path(path, key: key))
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func writeString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x08: out += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x0C: out += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// The path of an object's field: `payload.name`, or `payload["two words"]` when the key is
    /// not an identifier.
    package static func path(_ base: String, key: String) -> String {
        let isIdentifier =
            !key.isEmpty
            && key.utf8.allSatisfy {
                $0 == UInt8(ascii: "_") || (0x30...0x39).contains($0)
                    || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0)
            }
            && !(0x30...0x39).contains(key.utf8.first!)
        if isIdentifier { return base.isEmpty ? key : "\(base).\(key)" }
        let quoted = key.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\(base)[\"\(quoted)\"]"
    }
}

extension JSONValue: Codable {
    /// Encodes the value through any `Encoder`.
    ///
    /// `JSONEncoder` writes a float with an integral value as `1`, which reads back as an
    /// integer; use ``encoded()`` and ``init(json:)`` where integers and floats must stay apart,
    /// as the store does.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let b):
            var container = encoder.singleValueContainer()
            try container.encode(b)
        case .integer(let i):
            var container = encoder.singleValueContainer()
            try container.encode(i)
        case .number(let d):
            var container = encoder.singleValueContainer()
            try container.encode(d)
        case .string(let s):
            var container = encoder.singleValueContainer()
            try container.encode(s)
        case .array(let items):
            var container = encoder.unkeyedContainer()
            for item in items { try container.encode(item) }
        case .object(let fields):
            var container = encoder.container(keyedBy: FieldKey.self)
            for (key, value) in fields { try container.encode(value, forKey: FieldKey(key)) }
        }
    }

    /// Decodes a value through any `Decoder`, trying an integer before a float.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let b = try? container.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? container.decode(Int64.self) {
            self = .integer(i)
        } else if let d = try? container.decode(Double.self) {
            self = .number(d)
        } else if let s = try? container.decode(String.self) {
            self = .string(s)
        } else if let items = try? container.decode([JSONValue].self) {
            self = .array(items)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    private struct FieldKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
