/// Where a run is in its life: `running` while its script executes, `waiting` while it waits for
/// an answer (a task done, a deadline, a decision), `paused` while an operator holds its clock
/// (its timers and ladders wait; people's answers still reach it), then one of `completed`,
/// `failed` or `cancelled`, which are final (a failed run can be retried).
///
/// Encoded as those words, as the store writes them.
public enum RunStatus: String, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case running
    case waiting
    case paused
    case completed
    case failed
    case cancelled

    /// Whether the run has ended and its history will not grow.
    public var isFinal: Bool {
        switch self {
        case .running, .waiting, .paused: false
        case .completed, .failed, .cancelled: true
        }
    }

    public var description: String { rawValue }
}
