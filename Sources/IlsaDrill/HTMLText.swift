/// Text for HTML and SVG: escaping, and a rough display width to cut labels to a column.
public enum HTMLText {
    /// The text with `&`, `<`, `>`, `"` and `'` escaped, safe in element content and in quoted
    /// attribute values: a task titled `<script>` shows as text and runs nothing. Control
    /// characters HTML does not allow (C0 but tab, newline and CR; DEL; the C1 controls) and the
    /// bidirectional controls, which would show the text around them in another order than it
    /// reads, become spaces.
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case "\u{0}"..."\u{8}", "\u{B}", "\u{C}", "\u{E}"..."\u{1F}", "\u{7F}"..."\u{9F}": result += " "
            case "\u{61C}", "\u{200E}", "\u{200F}", "\u{202A}"..."\u{202E}", "\u{2066}"..."\u{2069}": result += " "
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }

    /// How many half-width cells a text takes: Hangul and CJK count two. For cutting labels
    /// in the chart, where the browser's font is not known: an estimate, not a measure.
    static func width(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + (isWide($1) ? 2 : 1) }
    }

    /// The text cut to `width` cells, with `…` when cut.
    static func truncate(_ text: String, toWidth width: Int) -> String {
        guard self.width(text) > width else { return text }
        var result = ""
        var used = 0
        for character in text {
            let w = self.width(String(character))
            if used + w > width - 1 { break }
            result.append(character)
            used += w
        }
        return result + "…"
    }

    private static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA960...0xA97F,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6:
            true
        default:
            false
        }
    }
}
