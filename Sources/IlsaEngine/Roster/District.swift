/// A district meeting (권역별 민생안전회의): a group of dongs around one or more 119 safety
/// centres, with its welfare centres, police units and schools. Districts handle local issues
/// and escalate what they cannot solve to the control tower.
public struct District: Identifiable, Hashable, Sendable, Codable {
    public typealias ID = RosterID<District>

    /// The district's code: `singil`, `sangnok1`.
    public var id: ID
    public var name: BilingualName
    public var gu: Gu.ID
    /// The district's dongs; a dong belongs to one district at most.
    public var dongs: [Dong.ID]
    /// The units the meeting is hubbed on, usually 119 safety centres. A district may have
    /// several, and a unit may be the hub of several districts.
    public var hubs: [Unit.ID]
    public var chair: Chair
    /// Whether the district's make-up (dongs, hubs, chair) is confirmed, and what is open.
    public var provenance: Provenance

    public init(
        id: ID, name: BilingualName, gu: Gu.ID, dongs: [Dong.ID], hubs: [Unit.ID], chair: Chair,
        provenance: Provenance = Provenance()
    ) {
        self.id = id
        self.name = name
        self.gu = gu
        self.dongs = dongs
        self.hubs = hubs
        self.chair = chair
        self.provenance = provenance
    }

    /// Who chairs a district meeting: a role, and the unit whose holder of that role takes the
    /// chair. `DIST.CHAIR` in the district resolves to this unit.
    public struct Chair: Hashable, Sendable, Codable {
        /// The chairing role: `DONG.HEAD` when a dong head chairs, as in Singil and Choji.
        public var role: Role.Code
        /// The unit whose head chairs: the host dong's welfare centre.
        public var unit: Unit.ID

        public init(role: Role.Code, unit: Unit.ID) {
            self.role = role
            self.unit = unit
        }
    }
}

/// An administrative dong (행정동), the smallest area the roster knows, with its welfare centre.
public struct Dong: Identifiable, Hashable, Sendable, Codable {
    public typealias ID = RosterID<Dong>

    /// The dong's code: `singil`, `bono1`.
    public var id: ID
    public var name: BilingualName
    public var gu: Gu.ID
    /// The legal dongs (법정동) inside it, in Korean, when the roster lists them.
    public var legalDongs: [String]
    public var provenance: Provenance

    public init(id: ID, name: BilingualName, gu: Gu.ID, legalDongs: [String] = [], provenance: Provenance = Provenance()) {
        self.id = id
        self.name = name
        self.gu = gu
        self.legalDongs = legalDongs
        self.provenance = provenance
    }
}

/// A gu (구), a ward of the city: Sangnok-gu, Danwon-gu.
public struct Gu: Identifiable, Hashable, Sendable, Codable {
    public typealias ID = RosterID<Gu>

    public var id: ID
    public var name: BilingualName

    public init(id: ID, name: BilingualName) {
        self.id = id
        self.name = name
    }
}
