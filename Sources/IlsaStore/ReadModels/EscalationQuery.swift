/// Which escalations to list: every field narrows the list; the defaults list every escalation.
///
/// ```swift
/// let open = try store.escalations(EscalationQuery(states: EscalationQuery.openStates), page: PageRequest(limit: 50))
/// ```
public struct EscalationQuery: Hashable, Sendable {
    public var run: RunID?
    /// Only escalations in these states; nil for any state.
    public var states: Set<EscalationState>?

    public init(run: RunID? = nil, states: Set<EscalationState>? = nil) {
        self.run = run
        self.states = states
    }

    /// The states of escalations still to decide: open and acknowledged.
    public static let openStates = Set(EscalationState.allCases.filter(\.isOpen))
}
