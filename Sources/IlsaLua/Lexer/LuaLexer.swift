/// A tokenizer for Lua 5.4 source: names, keywords, strings (with escapes and long brackets),
/// numerals, comments (short and long) and symbols, each with its line.
///
/// It follows Lua's own lexer (`llex.c`) closely enough for a linter, and it never stops: a
/// problem (an unfinished string, a stray character) is recorded in ``Result/problems`` and
/// reading goes on, so a file with a typo still gives its other tokens. Whether the file
/// compiles is Lua's question, not the lexer's.
///
/// ```swift
/// let result = LuaLexer.tokenize("local t = ilsa.task { title = 'x' }")
/// result.tokens.map(\.text)   // ["local", "t", "=", "ilsa", ".", "task", "{", "title", "=", "x", "}", ""]
/// ```
public struct LuaLexer {
    /// Tokens, ending with one of kind ``LuaToken/Kind/end``, and the problems met on the way.
    public struct Result: Sendable {
        public var tokens: [LuaToken]
        public var problems: [Problem]
    }

    /// Something the lexer could not read: `unfinished string` on line 3.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "\(line): \(message)" }
    }

    /// Reads every token of `source`.
    /// - Parameter comments: Whether comments are tokens too (kind ``LuaToken/Kind/comment``).
    public static func tokenize(_ source: String, comments: Bool = false) -> Result {
        var lexer = LuaLexer(Array(source.utf8))
        var tokens: [LuaToken] = []
        while true {
            let token = lexer.next()
            if token.kind == .comment && !comments { continue }
            tokens.append(token)
            if token.kind == .end { break }
        }
        return Result(tokens: tokens, problems: lexer.problems)
    }

    private let bytes: [UInt8]
    private var position = 0
    private var line = 1
    private var problems: [Problem] = []

    private init(_ bytes: [UInt8]) { self.bytes = bytes }

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }
    private func peek(_ offset: Int = 1) -> UInt8? {
        position + offset < bytes.count ? bytes[position + offset] : nil
    }

    /// The next token, skipping white space; comments come back as tokens.
    private mutating func next() -> LuaToken {
        while let byte = current {
            switch byte {
            case ascii("\n"), ascii("\r"):
                newline()
            case ascii(" "), ascii("\t"), 0x0B, 0x0C:
                position += 1
            case ascii("-") where peek() == ascii("-"):
                return comment()
            case ascii("\""), ascii("'"):
                return shortString(quote: byte)
            case ascii("[") where longBracketLevel() != nil:
                let start = line
                return LuaToken(.string, longBracket(what: "string"), line: start)
            case _ where isDigit(byte), ascii(".") where peek().map(isDigit) == true:
                return numeral()
            case _ where isNameStart(byte):
                let start = position
                while let next = current, isNameStart(next) || isDigit(next) { position += 1 }
                let text = String(decoding: bytes[start..<position], as: UTF8.self)
                return LuaToken(LuaToken.keywords.contains(text) ? .keyword : .name, text, line: line)
            default:
                if let symbol = symbol() { return symbol }
                let start = position
                position += 1
                // A UTF-8 sequence outside a string: skip the whole character, report it once.
                while let next = current, next & 0xC0 == 0x80 { position += 1 }
                let character = String(decoding: bytes[start..<position], as: UTF8.self)
                problems.append(Problem(line: line, message: "unexpected symbol near '\(character)'"))
            }
        }
        return LuaToken(.end, "", line: line)
    }

    // MARK: Lines and comments

    /// Skips `\n`, `\r`, `\r\n` or `\n\r`, which Lua counts as one line each.
    private mutating func newline() {
        let first = current
        position += 1
        if let next = current, next == ascii("\n") || next == ascii("\r"), next != first { position += 1 }
        line += 1
    }

    private mutating func comment() -> LuaToken {
        let start = line
        position += 2
        if current == ascii("["), longBracketLevel() != nil {
            return LuaToken(.comment, longBracket(what: "comment"), line: start)
        }
        let from = position
        while let byte = current, byte != ascii("\n"), byte != ascii("\r") { position += 1 }
        return LuaToken(.comment, String(decoding: bytes[from..<position], as: UTF8.self), line: start)
    }

    // MARK: Long brackets

    /// The level of a long bracket opening here (`[[` is 0, `[==[` is 2), or nil.
    private func longBracketLevel() -> Int? {
        var offset = 1
        while peek(offset) == ascii("=") { offset += 1 }
        return peek(offset) == ascii("[") ? offset - 1 : nil
    }

    /// Reads `[==[ ... ]==]` from its opening bracket and returns the text inside, without a
    /// first newline right after the opening (Lua drops it).
    private mutating func longBracket(what: String) -> String {
        let start = line
        let level = longBracketLevel() ?? 0
        position += level + 2
        if current == ascii("\n") || current == ascii("\r") { newline() }
        var text: [UInt8] = []
        while let byte = current {
            if byte == ascii("]"), closesLongBracket(level: level) {
                position += level + 2
                return String(decoding: text, as: UTF8.self)
            }
            if byte == ascii("\n") || byte == ascii("\r") {
                newline()
                text.append(ascii("\n"))
            } else {
                text.append(byte)
                position += 1
            }
        }
        problems.append(Problem(line: line, message: "unfinished long \(what) (starting at line \(start))"))
        return String(decoding: text, as: UTF8.self)
    }

    private func closesLongBracket(level: Int) -> Bool {
        var offset = 1
        while offset <= level {
            if peek(offset) != ascii("=") { return false }
            offset += 1
        }
        return peek(level + 1) == ascii("]")
    }

    // MARK: Short strings

    private mutating func shortString(quote: UInt8) -> LuaToken {
        let start = line
        position += 1
        var value: [UInt8] = []
        while true {
            guard let byte = current, byte != ascii("\n"), byte != ascii("\r") else {
                problems.append(Problem(line: start, message: "unfinished string"))
                break
            }
            position += 1
            if byte == quote { break }
            if byte == ascii("\\") {
                escape(into: &value)
            } else {
                value.append(byte)
            }
        }
        return LuaToken(.string, String(decoding: value, as: UTF8.self), line: start)
    }

    /// Decodes the escape after a backslash.
    private mutating func escape(into value: inout [UInt8]) {
        guard let byte = current else { return }
        let simple: [UInt8: UInt8] = [
            ascii("a"): 0x07, ascii("b"): 0x08, ascii("f"): 0x0C, ascii("n"): 0x0A, ascii("r"): 0x0D,
            ascii("t"): 0x09, ascii("v"): 0x0B, ascii("\\"): ascii("\\"), ascii("\""): ascii("\""), ascii("'"): ascii("'"),
        ]
        if let decoded = simple[byte] {
            position += 1
            value.append(decoded)
        } else if byte == ascii("\n") || byte == ascii("\r") {
            newline()
            value.append(ascii("\n"))
        } else if byte == ascii("z") {
            position += 1
            while let next = current, isSpace(next) {
                if next == ascii("\n") || next == ascii("\r") { newline() } else { position += 1 }
            }
        } else if byte == ascii("x") {
            position += 1
            var code: UInt8 = 0
            for _ in 0..<2 {
                guard let digit = current.flatMap(hexValue) else {
                    problems.append(Problem(line: line, message: "hexadecimal digit expected"))
                    return
                }
                code = code << 4 | UInt8(digit)
                position += 1
            }
            value.append(code)
        } else if byte == ascii("u") {
            unicodeEscape(into: &value)
        } else if isDigit(byte) {
            var code = 0
            for _ in 0..<3 {
                guard let next = current, isDigit(next) else { break }
                code = code * 10 + Int(next - ascii("0"))
                position += 1
            }
            guard code <= 255 else {
                problems.append(Problem(line: line, message: "decimal escape too large"))
                return
            }
            value.append(UInt8(code))
        } else {
            problems.append(Problem(line: line, message: "invalid escape sequence '\\\(String(decoding: [byte], as: UTF8.self))'"))
            position += 1
        }
    }

    /// `\u{XXX}`: a code point up to 2^31, written in UTF-8 as Lua does (up to six bytes).
    private mutating func unicodeEscape(into value: inout [UInt8]) {
        position += 1
        guard current == ascii("{") else {
            problems.append(Problem(line: line, message: "missing '{' in \\u{xxxx}"))
            return
        }
        position += 1
        var code: UInt32 = 0
        var digits = 0
        while let digit = current.flatMap(hexValue) {
            guard code < 0x0800_0000 else {
                problems.append(Problem(line: line, message: "UTF-8 value too large"))
                return
            }
            code = code << 4 | UInt32(digit)
            digits += 1
            position += 1
        }
        guard digits > 0, current == ascii("}") else {
            problems.append(Problem(line: line, message: digits == 0 ? "hexadecimal digit expected" : "missing '}' in \\u{xxxx}"))
            return
        }
        position += 1
        value.append(contentsOf: Self.utf8(code))
    }

    /// Lua's `luaO_utf8esc`: UTF-8 extended to 31 bits.
    static func utf8(_ code: UInt32) -> [UInt8] {
        if code < 0x80 { return [UInt8(code)] }
        var x = code
        var tail: [UInt8] = []
        var firstMax: UInt32 = 0x3F
        while x > firstMax {
            tail.insert(UInt8(0x80 | (x & 0x3F)), at: 0)
            x >>= 6
            firstMax >>= 1
        }
        let lead = UInt8(truncatingIfNeeded: (~firstMax << 1) | x)
        return [lead] + tail
    }

    // MARK: Numerals and symbols

    /// Reads a numeral as Lua does: digits, dots, and an exponent with its sign.
    private mutating func numeral() -> LuaToken {
        let start = position
        var exponent: (UInt8, UInt8) = (ascii("e"), ascii("E"))
        if current == ascii("0"), peek() == ascii("x") || peek() == ascii("X") {
            exponent = (ascii("p"), ascii("P"))
            position += 2
        }
        while let byte = current {
            if byte == exponent.0 || byte == exponent.1 {
                position += 1
                if current == ascii("+") || current == ascii("-") { position += 1 }
            } else if hexValue(byte) != nil || byte == ascii(".") {
                position += 1
            } else {
                break
            }
        }
        // `3x` is one malformed number to Lua: take the letters that follow too.
        while let byte = current, isNameStart(byte) || isDigit(byte) { position += 1 }
        return LuaToken(.number, String(decoding: bytes[start..<position], as: UTF8.self), line: line)
    }

    private static let symbols: [[UInt8]] = [
        "...", "..", "==", "~=", "<=", ">=", "<<", ">>", "//", "::",
        "+", "-", "*", "/", "%", "^", "#", "&", "~", "|", "<", ">", "=", "(", ")", "{", "}", "[", "]", ";", ":", ",", ".",
    ].map { Array($0.utf8) }

    /// The longest symbol starting here, or nil.
    private mutating func symbol() -> LuaToken? {
        for symbol in Self.symbols where position + symbol.count <= bytes.count {
            if bytes[position..<(position + symbol.count)].elementsEqual(symbol) {
                position += symbol.count
                return LuaToken(.symbol, String(decoding: symbol, as: UTF8.self), line: line)
            }
        }
        return nil
    }
}

// MARK: Character classes (ASCII, as Lua's lctype without LUA_UCID)

private func ascii(_ character: Unicode.Scalar) -> UInt8 { UInt8(character.value) }
private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
private func isNameStart(_ byte: UInt8) -> Bool {
    (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F
}
private func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
private func hexValue(_ byte: UInt8) -> Int? {
    switch byte {
    case 0x30...0x39: Int(byte - 0x30)
    case 0x41...0x46: Int(byte - 0x41 + 10)
    case 0x61...0x66: Int(byte - 0x61 + 10)
    default: nil
    }
}
