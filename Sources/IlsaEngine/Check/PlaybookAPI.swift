/// What a playbook may call: the functions of the `ilsa` table while a run is under way, and the
/// methods of the handles they return.
///
/// The engine registers these in `Runtime/RunExecution+Bindings.swift`; a test runs a playbook
/// that lists the `ilsa` table's keys and compares them with ``functions``, so a binding added
/// there without a line here fails the tests.
public enum PlaybookAPI {
    /// The names in `ilsa.NAME` a playbook may use: `task`, `escalate`, `sleep`...
    public static let functions: Set<String> = [
        "all", "any", "branch", "escalate", "log", "now", "parallel", "random", "signal", "sleep", "task", "timer", "wait_signal",
        "workflow",
    ]

    /// The functions whose first argument is a due time: `ilsa.sleep("15m")`, `ilsa.timer("T0+3h")`.
    public static let durationFunctions: Set<String> = ["sleep", "timer"]

    /// A value the API hands back for the playbook to keep and use later.
    public enum Handle: String, Sendable, CaseIterable {
        /// `ilsa.task { ... }`: `t:wait()`, `t:cancel()`, `t:id()`.
        case task
        /// `ilsa.timer("3h")`: `timer:wait()`, or an item of `ilsa.any { ... }`.
        case timer
        /// `ilsa.signal("name")`: an item of `ilsa.any { ... }`; it has no methods.
        case signal
        /// `ilsa.escalate { ... }`: `e:wait()`, `e:withdraw()`, `e:id()`.
        case escalation
        /// `ilsa.branch(function() ... end)`: `b:wait()`, `b:cancel()`, `b:id()`.
        case branch

        /// The handle's methods, called `handle:NAME(...)`.
        public var methods: Set<String> {
            switch self {
            case .task: ["cancel", "id", "wait"]
            case .timer: ["wait"]
            case .signal: []
            case .escalation: ["id", "wait", "withdraw"]
            case .branch: ["cancel", "id", "wait"]
            }
        }

        /// The `ilsa.*` function that makes this handle.
        public var function: String {
            switch self {
            case .task: "task"
            case .timer: "timer"
            case .signal: "signal"
            case .escalation: "escalate"
            case .branch: "branch"
            }
        }

        /// `a task`, `an escalation`: for messages.
        public var withArticle: String { self == .escalation ? "an escalation" : "a \(rawValue)" }

        /// The handle `ilsa.NAME(...)` returns, or nil.
        public init?(function name: String) {
            guard let handle = Self.allCases.first(where: { $0.function == name }) else { return nil }
            self = handle
        }
    }
}
