public import Foundation
public import IlsaLua

extension JSONValue {
    /// How deeply the store reads the documents it keeps: a stored event wraps a value (a
    /// signal's payload, a run's result, at most ``LuaValue/maximumDepth`` deep) in a few levels
    /// of its own, so the store reads twice as deep as anything that comes in, and nothing Ilsa
    /// wrote is ever unreadable.
    public static let storedMaximumDepth = 2 * LuaValue.maximumDepth

    /// Reads JSON text, keeping integers and floats apart: a number with a fraction or an
    /// exponent (`1.0`, `1e3`) is a float, digits alone are an integer, and digits too large for
    /// a 64-bit integer are a float (as Lua reads them).
    ///
    /// - Parameter maximumDepth: How deeply arrays and objects may nest: by default
    ///   ``LuaValue/maximumDepth``, the limit of every value that crosses into a run.
    /// - Throws: ``JSONValueError`` with code `invalidJSON`, naming the byte offset.
    public init(json: Data, maximumDepth: Int = LuaValue.maximumDepth) throws(JSONValueError) {
        var reader = Reader(bytes: Array(json), maximumDepth: maximumDepth)
        reader.skipSpace()
        let value = try reader.value(depth: 0)
        reader.skipSpace()
        guard reader.index == reader.bytes.count else { throw reader.error("unexpected text after the value") }
        self = value
    }

    /// Reads JSON text from a string; see ``init(json:maximumDepth:)-(Data,_)``.
    public init(json: String, maximumDepth: Int = LuaValue.maximumDepth) throws(JSONValueError) {
        try self.init(json: Data(json.utf8), maximumDepth: maximumDepth)
    }
}

private struct Reader {
    let bytes: [UInt8]
    var index = 0
    /// Deeper nesting than this is refused rather than overflowing the stack.
    let maximumDepth: Int

    init(bytes: [UInt8], maximumDepth: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
    }

    func error(_ message: String) -> JSONValueError {
        JSONValueError(.invalidJSON, at: "offset \(index)", "invalid JSON: \(message)")
    }

    mutating func skipSpace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    mutating func expect(_ literal: String, _ value: JSONValue) throws(JSONValueError) -> JSONValue {
        let utf8 = Array(literal.utf8)
        guard bytes.count - index >= utf8.count, Array(bytes[index..<index + utf8.count]) == utf8 else {
            throw error("unexpected character")
        }
        index += utf8.count
        return value
    }

    mutating func value(depth: Int) throws(JSONValueError) -> JSONValue {
        guard depth < maximumDepth else { throw error("nested more than \(maximumDepth) levels deep") }
        guard index < bytes.count else { throw error("unexpected end of text") }
        switch bytes[index] {
        case UInt8(ascii: "n"): return try expect("null", .null)
        case UInt8(ascii: "t"): return try expect("true", .bool(true))
        case UInt8(ascii: "f"): return try expect("false", .bool(false))
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "["):
            index += 1
            var items: [JSONValue] = []
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(items)
            }
            while true {
                skipSpace()
                items.append(try value(depth: depth + 1))
                skipSpace()
                guard index < bytes.count else { throw error("unexpected end of text in an array") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
                throw error("expected ',' or ']'")
            }
        case UInt8(ascii: "{"):
            index += 1
            var fields: [String: JSONValue] = [:]
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(fields)
            }
            while true {
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a key") }
                let key = try string()
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':'") }
                index += 1
                skipSpace()
                fields[key] = try value(depth: depth + 1)
                skipSpace()
                guard index < bytes.count else { throw error("unexpected end of text in an object") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(fields) }
                throw error("expected ',' or '}'")
            }
        default: return try number()
        }
    }

    mutating func number() throws(JSONValueError) -> JSONValue {
        let start = index
        var isFloat = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        func isDigit(_ b: UInt8) -> Bool { (0x30...0x39).contains(b) }
        guard index < bytes.count, isDigit(bytes[index]) else { throw error("unexpected character") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isFloat = true
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw error("expected a digit after '.'") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isFloat = true
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard index < bytes.count, isDigit(bytes[index]) else { throw error("expected a digit in the exponent") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if !isFloat, let i = Int64(text) { return .integer(i) }
        guard let d = Double(text), d.isFinite else { throw error("number \(text) is out of range") }
        return .number(d)
    }

    mutating func string() throws(JSONValueError) -> String {
        index += 1  // the opening quote
        var out: [UInt8] = []
        while true {
            guard index < bytes.count else { throw error("unterminated string") }
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let s = String(validating: out, as: UTF8.self) else { throw error("a string is not valid UTF-8") }
                return s
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { throw error("unterminated string") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800...0xDBFF).contains(scalar) {
                        guard bytes.count - index >= 6, bytes[index] == UInt8(ascii: "\\"),
                            bytes[index + 1] == UInt8(ascii: "u")
                        else { throw error("a lone surrogate in \\u escape") }
                        index += 2
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw error("a lone surrogate in \\u escape") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { throw error("a lone surrogate in \\u escape") }
                    out += Array(String(Character(unicode)).utf8)
                default: throw error("unknown escape")
                }
            case 0..<0x20: throw error("a control character in a string")
            default: out.append(byte)
            }
        }
    }

    mutating func hex4() throws(JSONValueError) -> UInt32 {
        guard bytes.count - index >= 4 else { throw error("a short \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[index]
            index += 1
            let digit: UInt32
            switch b {
            case 0x30...0x39: digit = UInt32(b - 0x30)
            case 0x41...0x46: digit = UInt32(b - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(b - 0x61 + 10)
            default: throw error("a bad hex digit in a \\u escape")
            }
            value = value << 4 | digit
        }
        return value
    }
}
