public import Foundation

/// A schedule an operator set (`ilsa schedules add`): which playbook, when (the schedule's
/// fields as JSON, read by the engine), by whom. Playbooks' own schedules live in their files.
public struct StoredSchedule: Hashable, Sendable {
    /// Short and unique: `op1f3a`.
    public var id: String
    /// The playbook's name.
    public var workflow: String
    /// `{"before": "2027-02-17", "days": 21, "at": "09:00", "params": {...}}`.
    public var spec: JSONValue
    public var createdBy: String
    public var createdAt: Date

    public init(id: String, workflow: String, spec: JSONValue, createdBy: String, createdAt: Date) {
        self.id = id
        self.workflow = workflow
        self.spec = spec
        self.createdBy = createdBy
        self.createdAt = createdAt.roundedToMilliseconds
    }
}
