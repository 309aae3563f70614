/// Where a run is in its life: `running` while its script executes, `waiting` while it waits for
/// an answer (a task done, a deadline, a decision), then one of `completed`, `failed` or
/// `cancelled`, which are final.
///
/// Encoded as those words, as the store writes them.
public enum RunStatus: String, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case running
    case waiting
    case completed
    case failed
    case cancelled

    /// Whether the run has ended and its history will not grow.
    public var isFinal: Bool {
        switch self {
        case .running, .waiting: false
        case .completed, .failed, .cancelled: true
        }
    }

    public var description: String { rawValue }
}
