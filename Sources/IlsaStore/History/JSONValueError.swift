/// Why a value could not become a ``JSONValue`` or JSON text could not be read as one.
///
/// The message names where in the value the problem is, by the path the caller gave for the
/// whole value: `payload.items[3]: a function cannot be stored in a run's history`.
public struct JSONValueError: Error, Sendable, CustomStringConvertible {
    /// What kind of problem this is. A struct, so codes can be added without breaking `switch`es.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: Hashable, Sendable {
            case notRepresentable, invalidJSON, unexpectedShape
        }
        private let wrapped: Wrapped
        private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

        /// The value has no JSON form: a function, userdata or coroutine, a table with keys that
        /// are neither `1...n` nor all strings, a string that is not UTF-8, `NaN` or infinity.
        public static let notRepresentable = Code(.notRepresentable)
        /// The text is not valid JSON.
        public static let invalidJSON = Code(.invalidJSON)
        /// The JSON is valid but not what it should hold: a stored event whose payload lacks a
        /// field its kind needs, or has it with the wrong type.
        public static let unexpectedShape = Code(.unexpectedShape)

        public var description: String {
            switch wrapped {
            case .notRepresentable: "not_representable"
            case .invalidJSON: "invalid_json"
            case .unexpectedShape: "unexpected_shape"
            }
        }
    }

    public var code: Code
    /// Where in the value the problem is: `payload.items[3]`; for JSON text, `offset 12`.
    public var path: String
    /// What is wrong, without the path.
    public var message: String

    package init(_ code: Code, at path: String, _ message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    /// `<path>: <message>`.
    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}
