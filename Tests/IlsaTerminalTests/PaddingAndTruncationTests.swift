import IlsaTerminal
import Testing

struct PaddingAndTruncationTests {
    @Test func padsByDisplayWidth() {
        #expect("김민수".padded(to: 8) == "김민수  ")
        #expect("김민수".padded(to: 8, alignment: .right) == "  김민수")
        #expect("Lee".padded(to: 6) == "Lee   ")
        #expect("e\u{301}".padded(to: 3) == "e\u{301}  ")
        #expect("김민수".padded(to: 4) == "김민수")
        #expect("".padded(to: 2) == "  ")
    }

    @Test func truncatesWithAnEllipsis() {
        #expect("Singil-dong".truncated(toWidth: 6) == "Singi…")
        #expect("Singil-dong".truncated(toWidth: 11) == "Singil-dong")
        #expect("Singil-dong".truncated(toWidth: 50) == "Singil-dong")
        #expect("Singil-dong".truncated(toWidth: 1) == "…")
        #expect("Singil-dong".truncated(toWidth: 0) == "")
        #expect("Singil-dong".truncated(toWidth: -3) == "")
        #expect("Singil dong".truncated(toWidth: 8) == "Singil…")
    }

    @Test func neverSplitsAWideCharacter() {
        // "신길…" is 5 columns: "동" would straddle the edge, so a column is left for a space.
        #expect("신길동 주민센터".truncated(toWidth: 6) == "신길…")
        #expect("신길동 주민센터".truncated(toWidth: 6).padded(to: 6) == "신길… ")
        #expect("신길동 주민센터".truncated(toWidth: 7) == "신길동…")
        #expect("신길동 주민센터".truncated(toWidth: 8) == "신길동…")
        #expect("신길동".truncated(toWidth: 2) == "…")
        #expect("👨‍👩‍👧‍👦 family".truncated(toWidth: 2) == "…")
        #expect("👨‍👩‍👧‍👦 family".truncated(toWidth: 3) == "👨‍👩‍👧‍👦…")
    }

    static let corpus = [
        "신길동 주민센터 점검",
        "Singil-dong community centre",
        "신길동 Singil-dong 1번 대피소",
        "\u{1112}\u{1161}\u{11AB}\u{1100}\u{1173}\u{11AF} 한글 jamo",
        "Cafe\u{301} re\u{301}sume\u{301} naı\u{308}ve",
        "👨‍👩‍👧‍👦🇰🇷❤️ emoji 😀 end",
        "ＦＵＬＬ ｗｉｄｔｈ 中文 カタカナ",
        "a  b   c    wide 김",
        "",
    ]

    @Test(arguments: corpus)
    func truncationHoldsForEveryWidth(text: String) {
        for width in -1...45 {
            let result = text.truncated(toWidth: width)
            #expect(result.displayWidth <= max(width, 0), "\(text) at \(width)")
            if text.displayWidth <= width {
                #expect(result == text)
                continue
            }
            guard width > 0 else {
                #expect(result.isEmpty)
                continue
            }
            #expect(result.hasSuffix("…"))
            let kept = Array(result.dropLast())
            // Whole characters only: what is kept is a prefix of the original's grapheme clusters.
            #expect(Array(text.prefix(kept.count)) == kept, "\(text) at \(width)")
            // At most one column is left unused, unless spaces before the ellipsis were dropped.
            if let next = text.dropFirst(kept.count).first, next != " " {
                #expect(result.displayWidth >= width - 1, "\(text) at \(width)")
            }
        }
    }
}
