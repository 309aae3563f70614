/// What a playbook may call: the functions of the `ilsa` table while a run is under way, and the
/// methods of the handles they return.
///
/// The names come from ``APIReference``, the one description of the API. The engine registers
/// the functions in `IlsaEngine/Bindings/RunExecution+Bindings.swift`; a test runs a playbook that lists the
/// `ilsa` table's keys and probes each handle's methods, and compares them with these, so a
/// binding added there without an entry in the reference (or an entry without a binding) fails
/// the tests.
public enum PlaybookAPI {
    /// The names in `ilsa.NAME` a playbook may use: `task`, `escalate`, `sleep`...
    public static let functions: Set<String> = Set(APIReference.functions.map(\.name))

    /// The functions whose first argument is a due time: `ilsa.sleep("15m")`, `ilsa.timer("T0+3h")`.
    public static let durationFunctions: Set<String> = Set(
        APIReference.functions.filter { $0.parameters.first?.type == "ilsa.DueTime" }.map(\.name))

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
        /// `t:reached("started")`: `m:wait()`, `m:task()`, or an item of `ilsa.any { ... }`.
        case milestone

        /// The handle's methods, called `handle:NAME(...)`.
        public var methods: Set<String> { Set(APIReference.methods(of: self).map(\.name)) }

        /// The `ilsa.*` function that makes this handle: the one whose first return is the
        /// handle's class in ``APIReference``.
        public var function: String {
            let made = APIReference.className(of: self)
            return APIReference.functions.first { $0.returns.first?.type == made }?.name ?? rawValue
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
