/// Why a clock refused to move: a virtual clock only goes forwards.
///
/// ```text
/// the virtual clock cannot go back from 2025-07-16T00:10:00Z to 2025-07-16T00:05:00Z
/// ```
public struct ClockError: Error, Sendable, CustomStringConvertible {
    /// What kind of problem this is. A struct, so codes can be added without breaking `switch`es.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: Hashable, Sendable {
            case backwards
        }
        private let wrapped: Wrapped
        private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

        /// The clock was asked to move to an earlier time, or by a negative duration.
        public static let backwards = Code(.backwards)

        public var description: String {
            switch wrapped {
            case .backwards: "backwards"
            }
        }
    }

    /// What kind of problem this is.
    public var code: Code
    /// What happened, naming both times.
    public var message: String

    /// Makes an error with a code and a message.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
