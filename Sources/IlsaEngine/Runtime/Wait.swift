import Foundation

/// What a suspended run waits for: the first of its conditions to hold. `task:wait()` is one
/// condition; `ilsa.any { ... }` several.
struct Wait: Equatable {
    /// One thing that can end a wait.
    enum Condition: Equatable {
        /// Someone completes the task.
        case task(String)
        /// The engine's clock reaches the time.
        case timer(Date)
        /// A signal with this name arrives (or has arrived and is not taken yet).
        case signal(String)
        /// The control tower (or whoever the escalation went to) decides.
        case decision(String)
    }

    /// The number of the waiting command; its answer carries the same number.
    let command: Int
    let conditions: [Condition]
}

/// A signal sent to a run and not yet taken by a wait.
struct InboxSignal: Equatable {
    /// The sequence number of the event that recorded its arrival: it names the signal.
    let id: Int
    let name: String
    let payload: JSONValue
}

/// An escalation a run made: what it offers to decide between, where it is in its life
/// (open → acknowledged → decided or withdrawn), and the answer its waits get once it ends.
struct EscalationRecord: Equatable {
    let options: [String]
    var acknowledged = false
    /// The decision, or the withdrawal: set once the escalation has ended.
    var decision: JSONValue?
}
