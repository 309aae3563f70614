/// The number of columns text takes in a monospaced terminal.
///
/// Text is measured per grapheme cluster (`Character`), and a cluster takes the width of its widest
/// scalar: a letter with combining accents is 1, a Hangul syllable written as conjoining jamo
/// (L+V+T) is 2, an emoji ZWJ sequence, modifier sequence or flag is 2.
///
/// - East Asian Wide and Fullwidth characters (Hangul, CJK, kana, fullwidth forms) and
///   emoji-presentation characters are 2.
/// - Combining marks, format characters (ZWJ, zero-width space, soft hyphen), variation
///   selectors, control characters and Hangul medial/final jamo are 0.
/// - A text-default emoji followed by VARIATION SELECTOR-16 (`"❤️"`) is 2.
/// - Everything else, including East Asian Ambiguous characters such as `"…"`, is 1.
///
/// ```swift
/// DisplayWidth.of("신길동 주민센터")  // 15
/// "Singil-dong".displayWidth         // 11
/// ```
public enum DisplayWidth {
    /// Returns the columns `text` takes: the sum of its characters' widths.
    public static func of(_ text: some StringProtocol) -> Int {
        var total = 0
        for character in text {
            total += of(character)
        }
        return total
    }

    /// Returns the columns one grapheme cluster takes: 0, 1 or 2.
    public static func of(_ character: Character) -> Int {
        if let ascii = character.asciiValue {
            return ascii >= 0x20 && ascii < 0x7F ? 1 : 0
        }
        var width = 0
        var hasEmojiBase = false
        for scalar in character.unicodeScalars {
            if scalar.value == 0xFE0F && hasEmojiBase {
                return 2  // VS16 asks for emoji presentation
            }
            hasEmojiBase = hasEmojiBase || scalar.properties.isEmoji
            width = max(width, of(scalar))
        }
        return width
    }

    /// Returns the columns one scalar takes on its own: 0, 1 or 2.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x7F { return value >= 0x20 ? 1 : 0 }
        if value < 0xA0 { return 0 }  // DEL and C1 controls
        let properties = scalar.properties
        switch properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control, .lineSeparator, .paragraphSeparator:
            return 0  // includes variation selectors (Mn) and ZWJ (Cf)
        case .unassigned:
            return EastAsianWidth.contains(value, in: EastAsianWidth.emojiBlocks)
                || EastAsianWidth.contains(value, in: EastAsianWidth.wideRanges) ? 2 : 1
        default:
            break
        }
        if EastAsianWidth.contains(value, in: EastAsianWidth.conjoiningJamo) { return 0 }
        if properties.isEmojiPresentation || EastAsianWidth.contains(value, in: EastAsianWidth.wideRanges) {
            return 2
        }
        return 1
    }
}
