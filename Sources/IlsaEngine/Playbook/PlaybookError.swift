/// Why a playbook could not be loaded, or why the parameters given to it do not fit.
///
/// ```text
/// heavy_rain.lua: workflow field 'name' must be a snake_case identifier, got "Heavy Rain"
/// --param count=abc: count is an integer
/// ```
public struct PlaybookError: Error, Sendable, CustomStringConvertible {
    /// What kind of problem this is. A struct, so codes can be added without breaking `switch`es.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: Hashable, Sendable {
            case unreadable, syntax, runtime, notAWorkflow, invalidField
            case unknownParameter, missingParameter, invalidParameter
        }
        private let wrapped: Wrapped
        private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

        /// The file cannot be read, or is not UTF-8 text.
        public static let unreadable = Code(.unreadable)
        /// The file is not valid Lua; the message is Lua's `file:line: message`.
        public static let syntax = Code(.syntax)
        /// The file raised an error while its top level ran (including misuse of `ilsa.*` and a
        /// breached memory or time limit); the message is Lua's `file:line: message`.
        public static let runtime = Code(.runtime)
        /// The file does not return the value of `ilsa.workflow { ... }`.
        public static let notAWorkflow = Code(.notAWorkflow)
        /// A field of the workflow table is missing, has the wrong type, or is not known.
        public static let invalidField = Code(.invalidField)
        /// A parameter was given that the playbook does not declare.
        public static let unknownParameter = Code(.unknownParameter)
        /// A required parameter was not given and has no default.
        public static let missingParameter = Code(.missingParameter)
        /// A parameter's value does not fit its type (not an integer, not a district, ...).
        public static let invalidParameter = Code(.invalidParameter)

        public var description: String {
            switch wrapped {
            case .unreadable: "unreadable"
            case .syntax: "syntax"
            case .runtime: "runtime"
            case .notAWorkflow: "not_a_workflow"
            case .invalidField: "invalid_field"
            case .unknownParameter: "unknown_parameter"
            case .missingParameter: "missing_parameter"
            case .invalidParameter: "invalid_parameter"
            }
        }

        /// Whether the code is about the file rather than the parameters given to it.
        var isAboutTheFile: Bool {
            switch wrapped {
            case .unreadable, .syntax, .runtime, .notAWorkflow, .invalidField: true
            case .unknownParameter, .missingParameter, .invalidParameter: false
            }
        }
    }

    public var code: Code
    /// What is wrong, naming the field or parameter and the offending value.
    public var message: String
    /// The playbook's file name as messages show it: `heavy_rain.lua`.
    public var file: String
    /// Lua's stack traceback, when the file raised an error.
    public var traceback: String?

    public init(_ code: Code, file: String, _ message: String, traceback: String? = nil) {
        self.code = code
        self.file = file
        self.message = message
        self.traceback = traceback
    }

    /// For problems in the file, the message with `file: ` in front unless Lua already put
    /// `file:line:` there; for parameter problems, the message as it is (it starts with the
    /// `--param` that is wrong).
    public var description: String {
        guard code.isAboutTheFile, !message.hasPrefix(file + ":") else { return message }
        return "\(file): \(message)"
    }
}
