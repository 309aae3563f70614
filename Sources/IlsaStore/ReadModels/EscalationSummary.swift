public import Foundation

/// Where an escalation is in its life: open → acknowledged → decided, or withdrawn by the
/// playbook, or closed with its run.
public enum EscalationState: String, Hashable, Sendable, Codable, CaseIterable {
    case open
    case acknowledged
    case decided
    case withdrawn
    /// The run ended (cancelled, failed) before anyone decided.
    case closed

    /// Whether someone still has to decide it.
    public var isOpen: Bool { self == .open || self == .acknowledged }
}

/// An escalation as the control tower sees it in lists (`ilsa escalations`): what is asked, how
/// severe, the options, and the decision once made. A projection of the run's history.
public struct EscalationSummary: Hashable, Sendable {
    public var id: EscalationID
    public var run: RunID
    /// `control_tower`, `city_hq` or `district_chair`.
    public var to: String
    /// `interest`, `caution`, `alert` or `serious` (관심, 주의, 경계, 심각).
    public var severity: String
    public var reason: String
    public var options: [String]
    public var state: EscalationState
    /// The option chosen, once decided.
    public var decision: String?
    /// Who acknowledged or decided it last, and their note.
    public var by: String?
    public var note: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: EscalationID, run: RunID, to: String, severity: String, reason: String, options: [String],
        state: EscalationState = .open, decision: String? = nil, by: String? = nil, note: String? = nil,
        createdAt: Date, updatedAt: Date? = nil
    ) {
        self.id = id
        self.run = run
        self.to = to
        self.severity = severity
        self.reason = reason
        self.options = options
        self.state = state
        self.decision = decision
        self.by = by
        self.note = note
        self.createdAt = createdAt.roundedToMilliseconds
        self.updatedAt = (updatedAt ?? createdAt).roundedToMilliseconds
    }
}
