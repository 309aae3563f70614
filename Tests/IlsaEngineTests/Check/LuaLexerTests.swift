import IlsaLua
import IlsaEngine
import Testing

/// The linter's tokenizer reads Lua 5.4 as Lua does: tokens, decoded strings, and lines.
struct LuaLexerTests {
    private func tokens(_ source: String, comments: Bool = false) -> [LuaToken] {
        LuaLexer.tokenize(source, comments: comments).tokens
    }

    private func texts(_ source: String) -> [String] {
        tokens(source).filter { $0.kind != .end }.map(\.text)
    }

    @Test func readsAStatementIntoNamesKeywordsSymbolsAndStrings() {
        let result = tokens("local t = ilsa.task { title = 'x' }")
        #expect(result.map(\.text) == ["local", "t", "=", "ilsa", ".", "task", "{", "title", "=", "x", "}", ""])
        #expect(result.map(\.kind) == [.keyword, .name, .symbol, .name, .symbol, .name, .symbol, .name, .symbol, .string, .symbol, .end])
        #expect(result.allSatisfy { $0.line == 1 })
    }

    @Test func takesTheLongestSymbol() {
        #expect(
            texts("a...b..c::d//e~=f>>g<=h==i") == [
                "a", "...", "b", "..", "c", "::", "d", "//", "e", "~=", "f", ">>", "g", "<=", "h", "==", "i",
            ])
    }

    @Test func readsNumeralsWithExponentsAndHexadecimals() {
        #expect(texts("3 0x1F 2.5e-3 0x1p4 .5 1E+10 0xA.8P1") == ["3", "0x1F", "2.5e-3", "0x1p4", ".5", "1E+10", "0xA.8P1"])
        #expect(tokens("3 .5").dropLast().allSatisfy { $0.kind == .number })
    }

    @Test func decodesEscapesInShortStrings() {
        let source = #""a\tb" '\x41\66\u{48}\u{C548}' "it\'s \"q\"" "x\z     y" "\\""#
        #expect(texts(source) == ["a\tb", "ABH안", "it's \"q\"", "xy", "\\"])
    }

    @Test func keepsKoreanTextInStrings() {
        #expect(texts("title = \"반지하 가구 연락\"") == ["title", "=", "반지하 가구 연락"])
    }

    @Test func readsLongStringsOfAnyLevelAndDropsTheirFirstNewline() {
        let result = tokens("x = [[\nfirst\nsecond]] y = [==[a]]b]==] z")
        #expect(result.map(\.text) == ["x", "=", "first\nsecond", "y", "=", "a]]b", "z", ""])
        #expect(result.map(\.line) == [1, 1, 1, 3, 3, 3, 3, 3])
    }

    @Test func skipsCommentsUnlessAskedForThem() {
        let source = "a -- note\n--[==[ long\ncomment ]==] b --[[x]] c"
        #expect(texts(source) == ["a", "b", "c"])
        let kept = tokens(source, comments: true).filter { $0.kind == .comment }
        #expect(kept.map(\.text) == [" note", " long\ncomment ", "x"])
        #expect(kept.map(\.line) == [1, 2, 3])
    }

    @Test func countsEveryKindOfLineEnding() {
        let result = tokens("a\nb\r\nc\rd\n\re\\\nf")
        #expect(result.filter { $0.kind == .name }.map(\.line) == [1, 2, 3, 4, 5, 6])
        let inString = tokens("s = 'one\\\ntwo'\nnext")
        #expect(inString[2].text == "one\ntwo")
        #expect(inString[3].line == 3)
    }

    @Test func reportsProblemsAndKeepsReading() {
        let result = LuaLexer.tokenize("a = 'open\nb = [[never closed\n")
        #expect(result.problems.map(\.description) == ["1: unfinished string", "3: unfinished long string (starting at line 2)"])
        #expect(result.tokens.map(\.text).contains("b"))

        let stray = LuaLexer.tokenize("x = 1 @ 2 $ 한")
        #expect(
            stray.problems.map(\.message) == [
                "unexpected symbol near '@'", "unexpected symbol near '$'", "unexpected symbol near '한'",
            ])
        #expect(stray.tokens.map(\.text) == ["x", "=", "1", "2", ""])
    }

    @Test func reportsBadEscapes() {
        let result = LuaLexer.tokenize(#"s = "\q" t = "\300" u = "\xZ" v = "\u{110000000}""#)
        #expect(
            result.problems.map(\.message) == [
                "invalid escape sequence '\\q'", "decimal escape too large", "hexadecimal digit expected", "UTF-8 value too large",
            ])
    }

    @Test func tellsKeywordsFromNames() {
        let result = tokens("local function f() return nil end goto_ = true")
        #expect(result.filter { $0.kind == .keyword }.map(\.text) == ["local", "function", "return", "nil", "end", "true"])
        #expect(result.filter { $0.kind == .name }.map(\.text) == ["f", "goto_"])
    }
}
