import IlsaStore
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
        /// A branch `ilsa.branch` started returns or is cancelled.
        case branch(String)
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

/// An escalation a run made: its summary (what the control tower's list shows) and the answer
/// its waits get once it ends (the decision, or the withdrawal).
struct EscalationRecord: Equatable {
    var summary: EscalationSummary
    var decision: JSONValue?
    /// The strand that made it: cancelling that strand's branch withdraws it.
    var strand: Int = 0

    var options: [String] { summary.options }
    var acknowledged: Bool { summary.state == .acknowledged }
}
