public import Foundation

/// One fact in a run's history, numbered from 1 in the order it happened.
///
/// Every command a run issues (create a task, wait, log) and every answer it receives is an
/// event. To continue a run after a restart, the engine replays the script from the start and
/// answers its commands by reading these events back in order; where they end, the run goes
/// live. What the event records is ``fact``, typed; ``stored`` is how the store writes it (a kind,
/// a command number, a name and a JSON payload), made once.
public struct HistoryEvent: Hashable, Sendable {
    /// The event's position in the run's history, from 1, without gaps.
    public let sequence: Int
    /// When it happened, by the engine's clock (never the machine's), to the millisecond.
    public let at: Date
    public let fact: RunFact
    /// The event as the store writes it.
    public let stored: StoredEvent

    /// Makes an event; `at` is rounded to the millisecond, as the store keeps it.
    public init(sequence: Int, at: Date, _ fact: RunFact) {
        self.sequence = sequence
        self.at = at.roundedToMilliseconds
        self.fact = fact
        self.stored = StoredEvent(fact)
    }

    /// Reads an event as the store wrote it.
    /// - Throws: ``JSONValueError`` naming the field when the payload does not hold what its
    ///   kind needs. A kind this Ilsa does not know reads as ``RunFact/unrecognized(_:)``.
    public init(sequence: Int, at: Date, stored: StoredEvent) throws(JSONValueError) {
        self.sequence = sequence
        self.at = at.roundedToMilliseconds
        self.fact = try RunFact(stored)
        self.stored = stored
    }

    /// An event in its stored form, whatever it holds: its fact when it reads as one, else
    /// ``RunFact/unrecognized(_:)`` (for tests and tools that write stores by hand).
    public init(sequence: Int, kind: Kind, command: Int? = nil, name: String, payload: JSONValue = .null, at: Date) {
        let stored = StoredEvent(kind: kind, command: command, name: name, payload: payload)
        self.sequence = sequence
        self.at = at.roundedToMilliseconds
        self.fact = (try? RunFact(stored)) ?? .unrecognized(stored)
        self.stored = stored
    }

    /// The kind of fact, as the store writes it (`command_issued`).
    public var kind: Kind { stored.kind }
    /// The number of the command the event belongs to (a command and its answer share it);
    /// nil for events about the run as a whole.
    public var command: Int? { stored.command }
    /// What the command is (`task.create`, `log`), or what the fact is about (a workflow's name).
    public var name: String { stored.name }
    /// The fact's fields as JSON.
    public var payload: JSONValue { stored.payload }
}

/// An event as the store writes it: what every store keeps, whatever its database.
public struct StoredEvent: Hashable, Sendable {
    public var kind: HistoryEvent.Kind
    public var command: Int?
    public var name: String
    public var payload: JSONValue

    public init(kind: HistoryEvent.Kind, command: Int? = nil, name: String, payload: JSONValue = .null) {
        self.kind = kind
        self.command = command
        self.name = name
        self.payload = payload
    }
}

extension HistoryEvent {
    /// The schema of the stored form. 1: the form Ilsa has written since its first release;
    /// readers of a later schema still read every earlier one.
    public static let schemaVersion = 1

    /// What kind of fact an event records, as the store writes it. A struct over a string, so
    /// stored kinds this Ilsa does not know still read (as ``RunFact/unrecognized(_:)``).
    public struct Kind: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        public static let runStarted = Kind(rawValue: "run_started")
        public static let commandIssued = Kind(rawValue: "command_issued")
        public static let commandAnswered = Kind(rawValue: "command_answered")
        public static let runCompleted = Kind(rawValue: "run_completed")
        public static let runFailed = Kind(rawValue: "run_failed")
        public static let runCancelled = Kind(rawValue: "run_cancelled")
        public static let taskUpdated = Kind(rawValue: "task_updated")
        public static let taskEscalated = Kind(rawValue: "task_escalated")
        public static let escalationAcknowledged = Kind(rawValue: "escalation_acknowledged")
        public static let escalationDecided = Kind(rawValue: "escalation_decided")
        public static let signalReceived = Kind(rawValue: "signal_received")
        public static let hookRan = Kind(rawValue: "hook_ran")
        public static let itemsClosed = Kind(rawValue: "items_closed")
        public static let runUpgraded = Kind(rawValue: "run_upgraded")
        public static let runRetried = Kind(rawValue: "run_retried")
        public static let runPaused = Kind(rawValue: "run_paused")
        public static let runResumed = Kind(rawValue: "run_resumed")

        public var description: String { rawValue }
    }
}
