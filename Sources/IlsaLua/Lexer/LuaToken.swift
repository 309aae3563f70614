/// One token of Lua 5.4 source, as ``LuaLexer`` reads it.
///
/// ```lua
/// local t = ilsa.task { title = "Sandbags" }   -- keyword local, name t, symbol =, name ilsa, ...
/// ```
public struct LuaToken: Sendable, Hashable, CustomStringConvertible {
    /// What a token is.
    public enum Kind: Sendable, Hashable {
        /// An identifier: `ilsa`, `ctx`, `task`.
        case name
        /// A reserved word: `local`, `function`, `end`, `nil`, `true`...
        case keyword
        /// A string literal, short (`"x"`, `'x'`) or long (`[[x]]`, `[==[x]==]`).
        case string
        /// A numeral: `3`, `0x1F`, `2.5e3`.
        case number
        /// An operator or punctuation: `=`, `==`, `..`, `...`, `{`, `::`.
        case symbol
        /// A comment, short or long; only when the lexer is asked to keep them.
        case comment
        /// The end of the source.
        case end
    }

    public var kind: Kind
    /// The token as written, but for strings and comments: a string's value with its escapes
    /// decoded (`"a\tb"` gives `a`, tab, `b`); a comment's text without `--` and brackets.
    public var text: String
    /// The line the token starts on, from 1.
    public var line: Int

    public init(_ kind: Kind, _ text: String, line: Int) {
        self.kind = kind
        self.text = text
        self.line = line
    }

    /// Whether the token is this symbol or keyword.
    public func `is`(_ text: String) -> Bool {
        (kind == .symbol || kind == .keyword) && self.text == text
    }

    /// Whether the token is an identifier (any, or this one).
    public func isName(_ text: String? = nil) -> Bool {
        kind == .name && (text == nil || self.text == text)
    }

    public var description: String {
        switch kind {
        case .string: "\(line): string \"\(text)\""
        case .end: "\(line): <eof>"
        default: "\(line): \(text)"
        }
    }

    /// Lua 5.4's reserved words.
    public static let keywords: Set<String> = [
        "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if", "in",
        "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while",
    ]
}
