import IlsaTerminal
import Testing

/// `visibleControls`: text someone else wrote is shown, never obeyed, by the terminal.
struct VisibleControlsTests {
    @Test func escapeSequencesAreShownNotSent() {
        #expect("\u{1B}".visibleControls == "\\x1B")
        #expect("\u{1B}[2J\u{1B}[Hcleared".visibleControls == "\\x1B[2J\\x1B[Hcleared")
        #expect("\u{1B}[31mred\u{1B}[0m".visibleControls == "\\x1B[31mred\\x1B[0m")
        // OSC 0: retitle the window, ended by BEL, and by ST (ESC \).
        #expect("\u{1B}]0;pwned\u{07}".visibleControls == "\\x1B]0;pwned\\x07")
        #expect("\u{1B}]0;pwned\u{1B}\\".visibleControls == "\\x1B]0;pwned\\x1B\\")
        #expect("a\u{08}\u{00}\u{7F}b".visibleControls == "a\\x08\\x00\\x7Fb")
    }

    @Test func linesCannotBeOverwrittenOrForged() {
        // CR returns to the start of the line to print over it; a newline starts a line of its own.
        #expect("task done\rtask FAILED".visibleControls == "task done\\rtask FAILED")
        #expect("펌프 점검\nilsa: run completed".visibleControls == "펌프 점검\\nilsa: run completed")
        #expect("a\tb".visibleControls == "a\\tb")
        #expect(!"x\n\r\t\u{0B}\u{0C}".visibleControls.unicodeScalars.contains { $0.value < 0x20 })
    }

    @Test func c1ControlsAreShownAsUnicodeEscapes() {
        // U+009B is CSI on its own: "\u{9B}2J" clears the screen where C1 controls are honoured.
        #expect("\u{9B}2J".visibleControls == "\\u{9B}2J")
        #expect("\u{9D}0;pwned\u{9C}".visibleControls == "\\u{9D}0;pwned\\u{9C}")
        #expect("\u{80}\u{85}\u{9F}".visibleControls == "\\u{80}\\u{85}\\u{9F}")
        #expect("\u{A0}é".visibleControls == "\u{A0}é")  // from U+00A0 on, printable again
    }

    @Test func bidirectionalControlsAreShown() {
        // "abc" shown reversed by RIGHT-TO-LEFT OVERRIDE, until POP DIRECTIONAL FORMATTING.
        #expect("admin\u{202E}cba\u{202C}".visibleControls == "admin\\u{202E}cba\\u{202C}")
        #expect("\u{2066}x\u{2069}".visibleControls == "\\u{2066}x\\u{2069}")
        #expect("\u{200F}\u{061C}".visibleControls == "\\u{200F}\\u{61C}")
    }

    @Test func theSetIsTheControlsAndUnicodesBidiControls() {
        for value in UInt32(0)...0x2FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let expected = scalar.properties.generalCategory == .control || scalar.properties.isBidiControl
            #expect(scalar.isTerminalControl == expected, "U+\(String(value, radix: 16, uppercase: true))")
        }
    }

    @Test func koreanAndOtherTextPassesThroughUnchanged() {
        for text in [
            "반지하 취약가구 연락·대피 안내", "신길동 e\u{301}", "🚒 👩‍🚒 🇰🇷", "❤️", "\u{200B}\u{200D}\u{AD}",
            "ﾊﾝｶｸ", "עברית العربية", "C:\\path\\x1B", "",
        ] {
            #expect(text.visibleControls == text)
        }
        #expect("반지하"[...].visibleControls == "반지하")  // a Substring too
    }

    @Test func theVisibleFormIsWhatIsMeasured() {
        #expect("\u{1B}".visibleControls.displayWidth == 4)
        #expect("\u{202E}".visibleControls.displayWidth == 8)
        #expect("신길\n".visibleControls.displayWidth == 6)
        #expect("신길\u{1B}[2J".visibleControls.padded(to: 12) == "신길\\x1B[2J ")
        #expect("\u{1B}[2J신길동".visibleControls.truncated(toWidth: 8) == "\\x1B[2J…")
    }

    @Test func keptScalarsStayAsTheyAre() {
        let traceback = "stack traceback:\n\t[C]: in field '\u{1B}[2J'\n\tboom.lua:5: in main chunk\u{202E}"
        #expect(
            traceback.visibleControls(keeping: ["\n", "\t"])
                == "stack traceback:\n\t[C]: in field '\\x1B[2J'\n\tboom.lua:5: in main chunk\\u{202E}")
        #expect("a\nb\rc".visibleControls(keeping: ["\n"]) == "a\nb\\rc")
        #expect("a\nb".visibleControls(keeping: []) == "a\\nb")
    }
}
