/// Why a roster file could not be loaded: every problem found in one pass, each naming where it
/// is in the file, the offending value, and the fix when one can be guessed.
///
/// ```text
/// roster.lua: 2 problems:
///   districts[3] 'singil' is defined twice (first at districts[1])
///   units[12] 'sc119.singil' names unknown district 'singill' (did you mean 'singil'?)
/// ```
public struct RosterError: Error, Sendable, CustomStringConvertible {
    /// What kind of problem this is. A struct, so codes can be added without breaking `switch`es.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: Hashable, Sendable {
            case syntax, runtime, limit, notATable, malformed, duplicate, unknownReference, unknownRole
            case unknownKind, unresolvedRung, invalidDuration, inconsistent
        }
        private let wrapped: Wrapped
        private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

        /// The file is not valid Lua; the message is Lua's `file:line: message`.
        public static let syntax = Code(.syntax)
        /// The file raised an error while running, such as calling a library function a roster
        /// cannot see (`print`, `os.exit`, `require`).
        public static let runtime = Code(.runtime)
        /// The file went past the loader's memory or time limit.
        public static let limit = Code(.limit)
        /// The file does not return a table.
        public static let notATable = Code(.notATable)
        /// A field is missing, has the wrong type, or is not a field the roster knows.
        public static let malformed = Code(.malformed)
        /// Two entries share a code.
        public static let duplicate = Code(.duplicate)
        /// An entry names an agency, unit, district, dong, gu or person that does not exist.
        public static let unknownReference = Code(.unknownReference)
        /// An entry names a role that is not declared.
        public static let unknownRole = Code(.unknownRole)
        /// An entry has a kind (of unit, of agency, of seat, of task class) the engine does not know.
        public static let unknownKind = Code(.unknownKind)
        /// A ladder rung names nothing: no such role, or a target the roster cannot resolve.
        public static let unresolvedRung = Code(.unresolvedRung)
        /// A duration is not in the `"15m"` / `"4h"` / `"2d"` format.
        public static let invalidDuration = Code(.invalidDuration)
        /// Entries that exist but contradict each other (a dong in two districts, a chair that
        /// does not hold the chairing role).
        public static let inconsistent = Code(.inconsistent)

        public var description: String {
            switch wrapped {
            case .syntax: "syntax"
            case .runtime: "runtime"
            case .limit: "limit"
            case .notATable: "not_a_table"
            case .malformed: "malformed"
            case .duplicate: "duplicate"
            case .unknownReference: "unknown_reference"
            case .unknownRole: "unknown_role"
            case .unknownKind: "unknown_kind"
            case .unresolvedRung: "unresolved_rung"
            case .invalidDuration: "invalid_duration"
            case .inconsistent: "inconsistent"
            }
        }
    }

    /// One thing wrong in a roster file.
    public struct Problem: Hashable, Sendable, CustomStringConvertible {
        public var code: Code
        /// Where in the file's returned table: `districts[3]`, `ladders[1].rungs[3]`; empty for
        /// the file as a whole.
        public var path: String
        /// What is wrong, naming the path and the value: `districts[3] 'singil' is defined twice`.
        public var message: String

        public init(_ code: Code, at path: String, _ message: String) {
            self.code = code
            self.path = path
            self.message = message
        }

        public var description: String { message }
    }

    /// The roster file's name, as messages show it: `roster.lua`.
    public var file: String
    /// Every problem, in the order of the file's sections. Never empty.
    public var problems: [Problem]
    /// Lua's stack traceback, when the file raised an error.
    public var traceback: String?

    public init(file: String, problems: [Problem], traceback: String? = nil) {
        precondition(!problems.isEmpty, "a RosterError has at least one problem")
        self.file = file
        self.problems = problems
        self.traceback = traceback
    }

    /// The first problem's code.
    public var code: Code { problems[0].code }

    /// Every problem's message, one a line.
    public var message: String { problems.map(\.message).joined(separator: "\n") }

    /// Whether one of the problems has this code.
    public func contains(_ code: Code) -> Bool { problems.contains { $0.code == code } }

    /// `roster.lua: <message>` for one problem; a count and one indented line each for several.
    /// Lua's own errors already start with `roster.lua:LINE:` and are shown as they are.
    public var description: String {
        if problems.count == 1 {
            let message = problems[0].message
            return message.hasPrefix(file + ":") ? message : "\(file): \(message)"
        }
        return "\(file): \(problems.count) problems:\n" + problems.map { "  " + $0.message }.joined(separator: "\n")
    }
}
