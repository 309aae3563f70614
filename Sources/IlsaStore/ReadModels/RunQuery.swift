/// Which runs to list: by default every run.
///
/// ```swift
/// let going = try store.runs(.active, page: PageRequest(limit: 50))
/// ```
public struct RunQuery: Hashable, Sendable {
    /// Only runs with these statuses; nil for every run.
    public var statuses: Set<RunStatus>?

    public init(statuses: Set<RunStatus>? = nil) {
        self.statuses = statuses
    }

    /// The runs still going: waiting or running.
    public static let active = RunQuery(statuses: [.waiting, .paused, .running])
}
