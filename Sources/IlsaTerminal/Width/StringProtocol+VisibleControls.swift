extension Unicode.Scalar {
    /// Whether a terminal may act on this scalar instead of showing it, or show the text around
    /// it in another order than it is stored: the C0 controls (U+0000–U+001F, ESC and BEL, CR,
    /// backspace, newline and tab among them), DEL (U+007F), the C1 controls (U+0080–U+009F,
    /// among them the 8-bit CSI U+009B and OSC U+009D), and Unicode's bidirectional controls
    /// (the `Bidi_Control` property: U+061C, U+200E–U+200F, the embeddings and overrides
    /// U+202A–U+202E, the isolates U+2066–U+2069).
    ///
    /// Text from playbooks, the store, plugins, rosters, signals and feeds is written by someone
    /// else; ``Swift/StringProtocol/visibleControls`` shows these scalars instead of sending them.
    public var isTerminalControl: Bool {
        switch value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x061C, 0x200E...0x200F, 0x202A...0x202E, 0x2066...0x2069: true  // Bidi_Control
        default: false
        }
    }

    /// How ``Swift/StringProtocol/visibleControls`` writes this scalar: `\n`, `\r`, `\t`,
    /// `\xHH` for the other C0 controls and DEL, `\u{H}` for the rest.
    var visibleEscape: String {
        switch value {
        case 0x0A: return "\\n"
        case 0x0D: return "\\r"
        case 0x09: return "\\t"
        case 0x00...0x1F, 0x7F:
            let hex = String(value, radix: 16, uppercase: true)
            return "\\x" + (hex.count < 2 ? "0" + hex : hex)
        default:
            return "\\u{" + String(value, radix: 16, uppercase: true) + "}"
        }
    }
}

extension StringProtocol {
    /// The text with every control character made visible, for one field of a line of terminal
    /// output: text someone else wrote (a task title, a log line, a reason, an error message from a
    /// playbook, a plugin's description) can neither send escape sequences (clear the screen,
    /// retitle the window, move the cursor), nor overwrite or forge lines (CR, a newline), nor
    /// reorder what is shown (a bidirectional override).
    ///
    /// The scalars are those of ``Swift/Unicode/Scalar/isTerminalControl``, written as Lua and
    /// Swift string literals write them:
    ///
    /// | scalar | shown as |
    /// | --- | --- |
    /// | newline, carriage return, tab | `\n`, `\r`, `\t` |
    /// | other C0 controls, DEL | `\x1B`, `\x07`, `\x08`, `\x7F` (two upper-case hex digits) |
    /// | C1 controls, bidirectional controls | `\u{9B}`, `\u{202E}` (upper-case hex) |
    ///
    /// Everything else, Korean and other wide text, combining marks and emoji included, is kept
    /// as it is; a backslash is not doubled, so the visible form is for reading, not for reading
    /// back. Text without control characters comes back unchanged. Measure, pad and style the
    /// visible form (see ``Styler``): its width is what the terminal shows.
    ///
    /// ```swift
    /// "반지하\u{1B}]0;pwned\u{07} 점검".visibleControls  // "반지하\x1B]0;pwned\x07 점검"
    /// "done\rforged".visibleControls                      // "done\rforged", on one line
    /// ```
    public var visibleControls: String { visibleControls(keeping: []) }

    /// The text with every control character made visible except those in `kept`, for a block
    /// whose line breaks and tabs are its layout: `text.visibleControls(keeping: ["\n", "\t"])`
    /// for a Lua traceback or the REPL's multi-line values. Prefer ``visibleControls`` for
    /// anything that should stay one line: a newline kept here starts a new line.
    ///
    /// - Parameter kept: Scalars to leave as they are.
    public func visibleControls(keeping kept: Set<Unicode.Scalar>) -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0.isTerminalControl && !kept.contains($0) }) else {
            return String(self)
        }
        var result = ""
        result.unicodeScalars.append(contentsOf: scalars[..<first])
        for scalar in scalars[first...] {
            if scalar.isTerminalControl && !kept.contains(scalar) {
                result += scalar.visibleEscape
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
