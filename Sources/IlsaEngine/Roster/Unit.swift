/// A place of an agency that takes tasks: a dong welfare centre, a 119 safety centre, a police
/// box, a school, the city's situation room.
public struct Unit: Identifiable, Hashable, Sendable, Codable {
    public typealias ID = RosterID<Unit>

    /// The unit's code in the roster: `sc119.singil`.
    public var id: ID
    public var kind: Kind
    public var agency: Agency.ID
    public var name: BilingualName
    /// The districts the unit serves: those it lists, those of its dongs, and those it is a hub
    /// of. Empty for citywide units (the situation room, a police station's 112 room).
    public var districts: [District.ID]
    /// The dongs the unit serves, when the roster knows them.
    public var dongs: [Dong.ID]
    /// Roles the unit holds beyond those its kind gives it (``Role/unitKinds``).
    public var roles: [Role.Code]
    public var provenance: Provenance

    public init(
        id: ID, kind: Kind, agency: Agency.ID, name: BilingualName, districts: [District.ID] = [],
        dongs: [Dong.ID] = [], roles: [Role.Code] = [], provenance: Provenance = Provenance()
    ) {
        self.id = id
        self.kind = kind
        self.agency = agency
        self.name = name
        self.districts = districts
        self.dongs = dongs
        self.roles = roles
        self.provenance = provenance
    }

    /// Whether the unit holds a role, through its kind or by listing it.
    public func holds(_ role: Role) -> Bool {
        roles.contains(role.code) || role.unitKinds.contains(kind)
    }

    /// What sort of place a unit is. A struct, so kinds can be added without breaking `switch`es.
    public struct Kind: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
        /// The kind as roster files spell it: `safety_centre_119`.
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// An agency's head office: city hall's mayor's office, a police station, the fire station.
        public static let headquarters = Kind(rawValue: "headquarters")
        /// A department of an agency (the city's roads department).
        public static let department = Kind(rawValue: "department")
        /// A 24-hour situation room (재난안전상황실, 112종합상황실).
        public static let situationRoom = Kind(rawValue: "situation_room")
        /// A statutory disaster and safety countermeasures HQ (재난안전대책본부).
        public static let disasterHQ = Kind(rawValue: "disaster_hq")
        /// A gu office (구청).
        public static let guOffice = Kind(rawValue: "gu_office")
        /// A dong administrative welfare centre (행정복지센터).
        public static let welfareCentre = Kind(rawValue: "welfare_centre")
        /// A 119 safety centre (119안전센터).
        public static let safetyCentre119 = Kind(rawValue: "safety_centre_119")
        /// A police precinct (지구대).
        public static let policePrecinct = Kind(rawValue: "police_precinct")
        /// A police box (파출소).
        public static let policeBox = Kind(rawValue: "police_box")
        /// A coast guard police box (해양경찰 파출소).
        public static let coastGuardBox = Kind(rawValue: "coast_guard_box")
        /// A school.
        public static let school = Kind(rawValue: "school")
        /// A hospital's emergency room.
        public static let hospitalER = Kind(rawValue: "hospital_er")
        /// A public health centre (보건소).
        public static let healthCentre = Kind(rawValue: "health_centre")
        /// A joint patrol base (범죄예방센터).
        public static let patrolBase = Kind(rawValue: "patrol_base")
        /// A volunteer or resident group (자율방재단, 자율방범대, 의용소방대).
        public static let volunteerGroup = Kind(rawValue: "volunteer_group")

        /// Every kind a roster file may use.
        public static let known: [Kind] = [
            .headquarters, .department, .situationRoom, .disasterHQ, .guOffice, .welfareCentre,
            .safetyCentre119, .policePrecinct, .policeBox, .coastGuardBox, .school, .hospitalER,
            .healthCentre, .patrolBase, .volunteerGroup,
        ]

        public var description: String { rawValue }
    }
}
