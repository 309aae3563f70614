/// The East Asian Wide (W) and Fullwidth (F) ranges of Unicode's EastAsianWidth.txt that are not emoji.
///
/// Emoji are decided by `isEmojiPresentation` instead (since Unicode 9 every Emoji_Presentation
/// character is W), so text-default pictographs such as U+1F321 THERMOMETER stay narrow as they are
/// in the data file. Written from the data file's major blocks; unassigned code points inside these
/// blocks default to wide, as the data file's header says they do.
enum EastAsianWidth {
    /// Sorted, non-overlapping scalar ranges that take two columns.
    static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F,  // Hangul Jamo leading consonants (choseong) and filler
        0x2329...0x232A,  // left/right-pointing angle brackets
        0x2E80...0x303E,  // CJK radicals, Kangxi radicals, CJK symbols and punctuation (U+3000 ideographic space)
        0x3041...0x33FF,  // Hiragana, Katakana, Bopomofo, Hangul compatibility jamo, Kanbun, enclosed CJK
        0x3400...0x4DBF,  // CJK Unified Ideographs Extension A
        0x4E00...0x9FFF,  // CJK Unified Ideographs
        0xA000...0xA4CF,  // Yi syllables and radicals
        0xA960...0xA97F,  // Hangul Jamo Extended-A (leading consonants)
        0xAC00...0xD7A3,  // Hangul syllables
        0xF900...0xFAFF,  // CJK compatibility ideographs
        0xFE10...0xFE19,  // vertical forms
        0xFE30...0xFE6F,  // CJK compatibility forms, small form variants
        0xFF00...0xFF60,  // fullwidth ASCII variants and brackets
        0xFFE0...0xFFE6,  // fullwidth signs (¢ £ ¬ ¯ ¦ ¥ ₩)
        0x16FE0...0x16FE4,  // ideographic symbols and punctuation
        0x17000...0x18D08,  // Tangut, Khitan small script
        0x1AFF0...0x1B2FF,  // Kana extended and supplement, small kana, Nushu
        0x1F200...0x1F2FF,  // enclosed ideographic supplement
        0x20000...0x2FFFD,  // CJK extensions B–F, compatibility supplement (plane 2)
        0x30000...0x3FFFD,  // CJK extensions G and later (plane 3)
    ]

    /// Emoji blocks whose unassigned code points default to wide, so newer emoji than this
    /// toolchain's Unicode data still measure 2.
    static let emojiBlocks: [ClosedRange<UInt32>] = [
        0x1F300...0x1F64F,  // Miscellaneous Symbols and Pictographs, Emoticons
        0x1F900...0x1F9FF,  // Supplemental Symbols and Pictographs
        0x1FA70...0x1FAFF,  // Symbols and Pictographs Extended-A
    ]

    /// Hangul medial vowels and final consonants: they join the preceding leading consonant,
    /// which already takes both columns.
    static let conjoiningJamo: [ClosedRange<UInt32>] = [
        0x1160...0x11FF,
        0xD7B0...0xD7FF,
    ]

    /// Whether `value` lies in one of the sorted `ranges`.
    static func contains(_ value: UInt32, in ranges: [ClosedRange<UInt32>]) -> Bool {
        var low = 0
        var high = ranges.count - 1
        while low <= high {
            let middle = (low + high) / 2
            let range = ranges[middle]
            if value < range.lowerBound {
                high = middle - 1
            } else if value > range.upperBound {
                low = middle + 1
            } else {
                return true
            }
        }
        return false
    }
}
