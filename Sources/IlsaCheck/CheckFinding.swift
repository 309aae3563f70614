import IlsaLua
import IlsaEngine

/// One problem ``PlaybookChecker`` found in a playbook, at a line.
///
/// ```text
/// workflows/heavy_rain.lua:12: ilsa.tsk is not part of the playbook API; did you mean ilsa.task?
/// workflows/heavy_rain.lua:20: warning: math.random gives other numbers when the run is replayed; use ilsa.random()
/// ```
public struct CheckFinding: Sendable, Hashable, Codable, CustomStringConvertible {
    /// How bad a finding is: an error fails `ilsa check`; a warning is shown and does not.
    public enum Severity: String, Sendable, Hashable, Codable, CaseIterable {
        /// The playbook will fail, or cannot do what it says.
        case error
        /// Probably a mistake, but the checker cannot be sure.
        case warning
    }

    /// What kind of finding this is, as a stable name that scripts and `--json` readers can
    /// match: `unknown-api`. A struct, so codes can be added without breaking `switch`es.
    public struct Code: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The file is not valid Lua (Lua's own message).
        public static let syntax = Code(rawValue: "syntax")
        /// The file's top level fails, or `ilsa.workflow { ... }` is missing or has a bad field.
        public static let metadata = Code(rawValue: "metadata")
        /// A parameter's default does not fit the roster, or `ctx.params.x` names no parameter.
        public static let params = Code(rawValue: "params")
        /// `ilsa.NAME` where the playbook API has no `NAME`.
        public static let unknownAPI = Code(rawValue: "unknown-api")
        /// `t:NAME()` on a task, timer or escalation that has no method `NAME`.
        public static let unknownMethod = Code(rawValue: "unknown-method")
        /// `role = "..."` names a role the roster does not have.
        public static let unknownRole = Code(rawValue: "unknown-role")
        /// `district = "..."` names a district the roster does not have.
        public static let unknownDistrict = Code(rawValue: "unknown-district")
        /// `unit = "..."` names a unit the roster does not have.
        public static let unknownUnit = Code(rawValue: "unknown-unit")
        /// `person = "..."` names a person the roster does not have.
        public static let unknownPerson = Code(rawValue: "unknown-person")
        /// `escalation = "..."` names a ladder the roster does not have.
        public static let unknownLadder = Code(rawValue: "unknown-ladder")
        /// `{ role = "...", district = "..." }` where nobody holds the role in the district, or
        /// `assignee = { role = "..." }` (citywide) for a role only districts have.
        public static let noHolder = Code(rawValue: "no-holder")
        /// A duration or due time literal the engine cannot read (`due = "15min"`).
        public static let badDuration = Code(rawValue: "bad-duration")
        /// A global or library the playbook sandbox leaves out (`io`, `os.execute`, `require`).
        public static let unavailableGlobal = Code(rawValue: "unavailable-global")
        /// A global that is neither Lua's, the engine's, nor set by the file (a typo, usually),
        /// or a library function Lua does not have (`string.fromat`): an error when it is called
        /// or indexed, a warning when it is only read.
        public static let unknownGlobal = Code(rawValue: "unknown-global")
        /// Something that gives other results when a run is replayed (`math.random`).
        public static let nondeterministic = Code(rawValue: "nondeterministic")
        /// A plugin's module that does not load (`ilsa check` loads every plugin's modules).
        public static let plugin = Code(rawValue: "plugin")
        /// Code that would take a run past one of its budgets (``RunBudget``): a loop that
        /// issues commands without end and never waits, a loop that creates more tasks or
        /// branches than a run may have, an argument larger than a command may take.
        public static let budget = Code(rawValue: "budget")
        /// A field a table written for the API does not take (`ilsa.task { deu = "1h" }`).
        public static let unknownField = Code(rawValue: "unknown-field")
        /// A field's literal value the API does not take (`priority = "critical"`), or a string
        /// where a table goes (`assignee = "DONG.HEAD"`).
        public static let badValue = Code(rawValue: "bad-value")
        /// A table written for the API without a field it needs (`ilsa.task` without `title`).
        public static let missingField = Code(rawValue: "missing-field")
        /// `require "x"` where no loaded plugin provides module `x`.
        public static let unknownModule = Code(rawValue: "unknown-module")
        /// A run of the playbook (in the store `ilsa check` was given) whose history does not
        /// replay on the file as it is: it keeps its own version and cannot move to this one.
        public static let runDiverges = Code(rawValue: "run-diverges")
        /// Work `run` leaves open when it returns (a task or branch nothing waits for): it is
        /// closed with the run.
        public static let openWork = Code(rawValue: "open-work")
    }

    /// The file as the user named it: `workflows/heavy_rain.lua`.
    public var file: String
    /// The line, from 1.
    public var line: Int
    public var severity: Severity
    public var code: Code
    /// What is wrong, and what to write instead when the checker can tell.
    public var message: String

    public init(file: String, line: Int, severity: Severity = .error, code: Code, message: String) {
        self.file = file
        self.line = line
        self.severity = severity
        self.code = code
        self.message = message
    }

    /// `file:line: message`, with `warning: ` before the message of a warning; `file: message`
    /// when the finding has no line (line 0: a plugin's module that does not load).
    public var description: String {
        (line > 0 ? "\(file):\(line): " : "\(file): ") + (severity == .warning ? "warning: " : "") + message
    }
}
