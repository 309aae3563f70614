/// Someone who holds a role in a unit. Optional in a roster: incumbents change every year or two,
/// so playbooks name roles, and a roster may list no people at all.
public struct Person: Identifiable, Hashable, Sendable, Codable {
    public typealias ID = RosterID<Person>

    public var id: ID
    public var name: BilingualName
    public var role: Role.Code
    public var unit: Unit.ID
    public var provenance: Provenance

    public init(id: ID, name: BilingualName, role: Role.Code, unit: Unit.ID, provenance: Provenance = Provenance()) {
        self.id = id
        self.name = name
        self.role = role
        self.unit = unit
        self.provenance = provenance
    }
}
