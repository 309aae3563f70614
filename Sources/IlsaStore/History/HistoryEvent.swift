public import Foundation

/// One fact in a run's history.
///
/// Every command a run issues (create a task, wait, log) and every answer it receives is an
/// event, numbered from 1 in the order it happened. To continue a run after a restart, the
/// engine replays the script from the start and answers its commands by reading these events
/// back in order; where they end, the run goes live.
public struct HistoryEvent: Hashable, Sendable, Codable {
    /// The event's position in the run's history, from 1, without gaps.
    public let sequence: Int
    public let kind: Kind
    /// The number of the command the event belongs to (the command and its answer share it);
    /// `nil` for events about the run as a whole.
    public let command: Int?
    /// What the command is: `task.create`, `wait`, `log`; for run events, the workflow's name
    /// or an empty string.
    public let name: String
    /// The command's arguments or the answer's value.
    public let payload: JSONValue
    /// When it happened, by the engine's clock (never the machine's), to the millisecond.
    public let at: Date

    /// Makes an event; `at` is rounded to the millisecond, as the store keeps it.
    public init(
        sequence: Int, kind: Kind, command: Int? = nil, name: String, payload: JSONValue = .null, at: Date
    ) {
        self.sequence = sequence
        self.kind = kind
        self.command = command
        self.name = name
        self.payload = payload
        self.at = at.roundedToMilliseconds
    }
}

extension HistoryEvent {
    /// What kind of fact an event records. A struct over a string, so kinds can be added
    /// without breaking `switch`es or the stored history.
    public struct Kind: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The run began; the payload holds its parameters.
        public static let runStarted = Kind(rawValue: "run_started")
        /// The run asked the host to do something (create a task, wait, log).
        public static let commandIssued = Kind(rawValue: "command_issued")
        /// The host answered a command; the run resumes with the payload.
        public static let commandAnswered = Kind(rawValue: "command_answered")
        /// The script returned; the payload holds what it returned.
        public static let runCompleted = Kind(rawValue: "run_completed")
        /// The script raised an error; the payload holds it.
        public static let runFailed = Kind(rawValue: "run_failed")
        /// Someone cancelled the run.
        public static let runCancelled = Kind(rawValue: "run_cancelled")

        // Facts recorded between activations: what people and the clock did.
        /// Someone acted on a task (acknowledged, started, completed, failed it, or added a note);
        /// the payload holds the task, the action, the state it is in now, who and the note.
        public static let taskUpdated = Kind(rawValue: "task_updated")
        /// A task stayed unacknowledged past its rung's grace period and climbed its ladder; the
        /// payload holds the task, the rung it reached and who that is.
        public static let taskEscalated = Kind(rawValue: "task_escalated")
        /// The decider has seen an escalation; the payload holds the escalation and who.
        public static let escalationAcknowledged = Kind(rawValue: "escalation_acknowledged")
        /// Someone decided an escalation; the payload holds the escalation, the option, who and the note.
        public static let escalationDecided = Kind(rawValue: "escalation_decided")
        /// A signal arrived for the run; the payload holds its name and payload.
        public static let signalReceived = Kind(rawValue: "signal_received")

        public var description: String { rawValue }
    }
}
