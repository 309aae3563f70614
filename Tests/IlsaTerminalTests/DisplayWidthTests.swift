import IlsaTerminal
import Testing

struct DisplayWidthTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let text: String
        let width: Int
        let testDescription: String

        init(_ label: String, _ text: String, _ width: Int) {
            self.text = text
            self.width = width
            self.testDescription = label
        }
    }

    static let cases: [Case] = [
        Case("empty", "", 0),
        Case("ASCII", "Singil-dong", 11),
        Case("ASCII with spaces", "task 12 of 30", 13),
        Case("Hangul syllables", "신길동 주민센터", 15),
        Case("single syllable", "한", 2),
        Case("conjoining jamo L+V+T", "\u{1112}\u{1161}\u{11AB}", 2),
        Case("conjoining jamo L+V", "\u{1100}\u{1173}", 2),
        Case("two decomposed syllables", "\u{1112}\u{1161}\u{11AB}\u{1100}\u{1173}\u{11AF}", 4),
        Case("compatibility jamo", "ㄱㅏ", 4),
        Case("halfwidth Hangul", "\u{FFA1}", 1),
        Case("CJK ideographs", "中文東京", 8),
        Case("CJK extension B", "\u{20000}", 2),
        Case("katakana", "カタカナ", 8),
        Case("halfwidth katakana", "\u{FF76}", 1),
        Case("fullwidth Latin", "ＡＢＣ", 6),
        Case("fullwidth punctuation", "！？", 4),
        Case("ideographic space", "\u{3000}", 2),
        Case("fullwidth won sign", "\u{FFE6}", 2),
        Case("precomposed é", "\u{E9}", 1),
        Case("decomposed é", "e\u{301}", 1),
        Case("stacked accents", "a\u{301}\u{302}\u{303}", 1),
        Case("lone combining mark", "\u{301}", 0),
        Case("emoji", "😀", 2),
        Case("emoji ZWJ family", "👨‍👩‍👧‍👦", 2),
        Case("emoji ZWJ rainbow flag", "🏳️‍🌈", 2),
        Case("emoji skin tone", "👍🏽", 2),
        Case("flag", "🇰🇷", 2),
        Case("text-default heart", "\u{2764}", 1),
        Case("heart with VS16", "\u{2764}\u{FE0F}", 2),
        Case("keycap", "1\u{FE0F}\u{20E3}", 2),
        Case("text-default thermometer", "\u{1F321}", 1),
        Case("NUL", "\u{0}", 0),
        Case("BEL", "\u{7}", 0),
        Case("tab", "\t", 0),
        Case("newline", "\n", 0),
        Case("CRLF", "\r\n", 0),
        Case("ESC", "\u{1B}", 0),
        Case("DEL", "\u{7F}", 0),
        Case("C1 NEL", "\u{85}", 0),
        Case("ZWJ alone", "\u{200D}", 0),
        Case("zero-width space", "\u{200B}", 0),
        Case("variation selector alone", "\u{FE0F}", 0),
        Case("soft hyphen", "\u{AD}", 0),
        Case("ambiguous ellipsis", "…", 1),
        Case("mixed Korean, English, digits", "신길동 Singil-dong 1", 20),
        Case("ASCII around a tab", "a\tb", 2),
    ]

    @Test(arguments: cases)
    func width(of testCase: Case) {
        #expect(DisplayWidth.of(testCase.text) == testCase.width)
        #expect(testCase.text.displayWidth == testCase.width)
    }

    @Test func decomposedHangulMeasuresLikePrecomposed() {
        let precomposed = "신길동 주민센터 점검"
        var decomposed = ""
        for scalar in precomposed.unicodeScalars {
            // Hangul syllable decomposition (The Unicode Standard, 3.12): S = L V [T].
            let index = Int(scalar.value) - 0xAC00
            guard (0..<11_172).contains(index) else {
                decomposed.unicodeScalars.append(scalar)
                continue
            }
            var parts = [0x1100 + index / 588, 0x1161 + index % 588 / 28]
            if index % 28 > 0 { parts.append(0x11A7 + index % 28) }
            decomposed.unicodeScalars.append(contentsOf: parts.compactMap { Unicode.Scalar(UInt32($0)) })
        }
        #expect(decomposed.unicodeScalars.count > precomposed.unicodeScalars.count)
        #expect(decomposed.count == precomposed.count)
        #expect(decomposed.displayWidth == precomposed.displayWidth)
        #expect(decomposed.displayWidth == 20)
    }

    @Test func characterAndScalarWidths() throws {
        #expect(DisplayWidth.of(Character("김")) == 2)
        #expect(DisplayWidth.of(Character("e\u{301}")) == 1)
        #expect(DisplayWidth.of(try #require(Unicode.Scalar(0xAC00))) == 2)
        #expect(DisplayWidth.of(try #require(Unicode.Scalar(0x11AB))) == 0)
        #expect(DisplayWidth.of(try #require(Unicode.Scalar(0x41))) == 1)
        #expect(DisplayWidth.of(try #require(Unicode.Scalar(0x200D))) == 0)
    }

    @Test func substringsMeasureTheirOwnText() {
        let text = "ID 신길동"
        #expect(text.dropFirst(3).displayWidth == 6)
    }
}
