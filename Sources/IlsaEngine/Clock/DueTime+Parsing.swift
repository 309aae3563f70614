extension DueTime {
    /// Reads a due time as a playbook writes it: `"15m"`, `"1h30m"`, `"T0+2h"`, `"T0"`,
    /// `"2025-07-16T09:00:00+09:00"` or `"2025-07-16T00:00:00Z"`.
    ///
    /// Spaces around the text are ignored; spaces inside it are not accepted.
    ///
    /// - Parameter text: The `due` value.
    /// - Throws: ``DueTimeError`` saying what is wrong and what to write instead.
    public init(parsing text: String) throws(DueTimeError) {
        let trimmed = text.trimmingSpaces
        guard !trimmed.isEmpty else {
            throw DueTimeError(.empty, text: text, "due is empty; write \(DueTimeError.acceptedForms)")
        }
        if trimmed.hasPrefix("-"), DurationText.parse(String(trimmed.dropFirst())) != nil {
            throw DueTimeError(
                .negative, text: text,
                "due '\(text)' is in the past; write a duration from now like \"15m\" or \"1h30m\"")
        }
        if trimmed.hasPrefix("T0") {
            self = try Self.parseSinceStart(trimmed, text: text)
        } else if let duration = DurationText.parse(trimmed) {
            self = .after(duration)
        } else if let first = trimmed.first, first.isASCII, first.isNumber, trimmed.contains("T") {
            self = try Self.parseTime(trimmed, text: text)
        } else {
            throw Self.notUnderstood(text)
        }
    }

    private static func parseSinceStart(_ trimmed: String, text: String) throws(DueTimeError) -> DueTime {
        let rest = trimmed.dropFirst(2)
        if rest.isEmpty { return .sinceStart(.zero) }
        if rest.hasPrefix("-"), DurationText.parse(String(rest.dropFirst())) != nil {
            throw DueTimeError(
                .negative, text: text,
                "due '\(text)' is before the run's start; write an offset after it like \"T0+2h\"")
        }
        guard rest.hasPrefix("+"), let duration = DurationText.parse(String(rest.dropFirst())) else {
            throw DueTimeError(
                .malformed, text: text,
                "due '\(text)' is not understood; write an offset from the run's start as \"T0+\" "
                    + "and a duration, like \"T0+2h\" or \"T0+1h30m\", or \"T0\" for the start itself")
        }
        return .sinceStart(duration)
    }

    private static func parseTime(_ trimmed: String, text: String) throws(DueTimeError) -> DueTime {
        do {
            let parsed = try ISOTime.parse(trimmed)
            return .at(parsed.date, utcOffset: parsed.utcOffset)
        } catch .missingOffset {
            throw DueTimeError(
                .missingOffset, text: text,
                "due '\(text)' has no offset from UTC; add one, like \"\(trimmed)+09:00\" or \"\(trimmed)Z\"")
        } catch .outOfRange(let field) {
            throw DueTimeError(
                .invalidTime, text: text,
                "due '\(text)' is not a real time: the \(field) is out of range")
        } catch {
            throw DueTimeError(
                .malformed, text: text,
                "due '\(text)' is not understood; write a time as date, \"T\", time with seconds, "
                    + "and \"Z\" or an offset, like \"2025-07-16T09:00:00+09:00\" or \"2025-07-16T00:00:00Z\"")
        }
    }

    private static func notUnderstood(_ text: String) -> DueTimeError {
        DueTimeError(.malformed, text: text, "due '\(text)' is not understood; write \(DueTimeError.acceptedForms)")
    }
}

extension String {
    /// The text without spaces, tabs or line breaks at either end.
    fileprivate var trimmingSpaces: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
