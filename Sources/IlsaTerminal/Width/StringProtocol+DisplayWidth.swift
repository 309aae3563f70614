/// Which side of a column text keeps to; the other side is filled with spaces.
public enum TextAlignment: Sendable, Hashable {
    case left
    case right
}

extension StringProtocol {
    /// The columns this text takes in a terminal; see ``DisplayWidth``.
    public var displayWidth: Int { DisplayWidth.of(self) }

    /// Returns the text filled with spaces to `width` columns.
    ///
    /// Text already `width` columns or wider is returned unchanged; use ``truncated(toWidth:)``
    /// first to bound it.
    ///
    /// - Parameters:
    ///   - width: The display width to fill to.
    ///   - alignment: `.left` puts the spaces after the text, `.right` before it.
    public func padded(to width: Int, alignment: TextAlignment = .left) -> String {
        let gap = width - displayWidth
        guard gap > 0 else { return String(self) }
        let fill = String(repeating: " ", count: gap)
        switch alignment {
        case .left: return String(self) + fill
        case .right: return fill + String(self)
        }
    }

    /// Returns the text cut to at most `width` columns, ending in `"…"` when anything was cut.
    ///
    /// Whole characters are kept, so a wide character is never split: when one would straddle the
    /// edge it is dropped and the result is one column short, left for padding to fill with a space.
    /// Spaces just before the ellipsis are dropped too. A width of 0 or less gives `""`.
    ///
    /// ```swift
    /// "신길동 주민센터".truncated(toWidth: 6)  // "신길…" (5 columns)
    /// ```
    public func truncated(toWidth width: Int) -> String {
        guard width > 0 else { return "" }
        guard displayWidth > width else { return String(self) }
        let budget = width - 1  // one column for "…"
        var kept = ""
        var used = 0
        for character in self {
            let characterWidth = DisplayWidth.of(character)
            if used + characterWidth > budget { break }
            kept.append(character)
            used += characterWidth
        }
        while kept.last == " " {
            kept.removeLast()
        }
        return kept + "…"
    }
}
