import IlsaStore
import Foundation

/// What a suspended run waits for: the first of its conditions to hold. `task:wait()` is one
/// condition; `ilsa.any { ... }` several.
struct Wait: Equatable {
    /// The number of the waiting command; its answer carries the same number.
    let command: Int
    let conditions: [WaitCondition]
}

/// A signal sent to a run and not yet taken by a wait.
struct InboxSignal: Equatable {
    /// The sequence number of the event that recorded its arrival: it names the signal.
    let id: Int
    let arrival: SignalArrival
}

/// An escalation a run made: its summary (what the control tower's list shows) and, once it
/// ended, how (the decision, or the withdrawal): what its waits get.
struct EscalationRecord: Equatable {
    var summary: EscalationSummary
    var end: EscalationEnd?
    /// The strand that made it: cancelling that strand's branch withdraws it.
    var strand: Int = 0

    var options: [String] { summary.options }
    var acknowledged: Bool { summary.state == .acknowledged }
}

/// `ilsa.cancel_run(reason)`: the script ends its own run as cancelled.
struct SelfCancel {
    let reason: String?
}
