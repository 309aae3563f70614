/// Why a playbook's `due` is not a due time: what was written, what is wrong with it, and the
/// forms that are accepted.
///
/// ```text
/// due '15 minutes' is not understood; write a duration like "15m" or "1h30m", an offset from
/// the run's start like "T0+2h", or a time like "2025-07-16T09:00:00+09:00"
/// ```
public struct DueTimeError: Error, Sendable, CustomStringConvertible {
    /// What kind of problem this is. A struct, so codes can be added without breaking `switch`es.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: Hashable, Sendable {
            case empty, malformed, negative, missingOffset, invalidTime
        }
        private let wrapped: Wrapped
        private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

        /// Nothing was written, or only spaces.
        public static let empty = Code(.empty)
        /// The text is none of the accepted forms: `"15 minutes"`, `"T+2h"`, `"2025-07-16"`.
        public static let malformed = Code(.malformed)
        /// The text names a time before now or before the run's start: `"-15m"`, `"T0-1h"`.
        public static let negative = Code(.negative)
        /// The text is a time without `Z` or an offset, so which time it is depends on where it
        /// is read: `"2025-07-16T09:00:00"`.
        public static let missingOffset = Code(.missingOffset)
        /// The text is shaped like a time but a field is out of range: month 13, February 30,
        /// hour 24.
        public static let invalidTime = Code(.invalidTime)

        public var description: String {
            switch wrapped {
            case .empty: "empty"
            case .malformed: "malformed"
            case .negative: "negative"
            case .missingOffset: "missing_offset"
            case .invalidTime: "invalid_time"
            }
        }
    }

    /// The forms a `due` may take, for messages.
    public static let acceptedForms =
        "a duration like \"15m\" or \"1h30m\", an offset from the run's start like \"T0+2h\", "
        + "or a time like \"2025-07-16T09:00:00+09:00\""

    /// What kind of problem this is.
    public var code: Code
    /// The text as the playbook wrote it.
    public var text: String
    /// What is wrong, quoting the text and saying what to write instead.
    public var message: String

    /// Makes an error with a code, the offending text and a message.
    public init(_ code: Code, text: String, _ message: String) {
        self.code = code
        self.text = text
        self.message = message
    }

    public var description: String { message }
}
