/// A run could not go on: its script no longer matches its history, or the engine was asked for
/// something that does not exist.
public struct RuntimeError: Error, Sendable, CustomStringConvertible {
    /// What went wrong. New codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The script issued a different command than its history records at that point.
        public static let nondeterminism = Code("nondeterminism")
        /// No run, task or playbook by that name.
        public static let notFound = Code("not found")
        /// The request does not fit the run's state (a task already done, a finished run).
        public static let invalidState = Code("invalid state")
        /// A value outside what the call takes (a checklist item that is not there).
        public static let invalidArgument = Code("invalid argument")
        /// The playbook file does not declare a workflow the engine can run.
        public static let invalidPlaybook = Code("invalid playbook")
        /// A run went past one of its ``RunBudget``s, or an answer from outside is too large.
        public static let budgetExceeded = Code("budget exceeded")
        /// The engine was asked to stop (``EngineStop``) in the middle of a change, which was
        /// not stored.
        public static let stopped = Code("stopped")

        public var description: String { name }
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
