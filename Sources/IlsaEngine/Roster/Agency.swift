/// An organisation with its own chain of command: the city, a police station, the fire station,
/// the office of education, the coast guard, a hospital.
public struct Agency: Identifiable, Hashable, Sendable, Codable {
    public typealias ID = RosterID<Agency>

    /// The agency's code in the roster: `police.danwon`.
    public var id: ID
    public var kind: Kind
    public var name: BilingualName
    /// The agency's seat at the citywide control tower, or nil when it has none.
    public var seat: Seat?
    /// The role its head holds (`POL.DW` for the Danwon police chief), when the roster names one.
    public var headRole: Role.Code?
    /// The agency above this one (a provincial HQ), when the roster lists it.
    public var parent: ID?
    public var provenance: Provenance

    public init(
        id: ID, kind: Kind, name: BilingualName, seat: Seat? = nil, headRole: Role.Code? = nil,
        parent: ID? = nil, provenance: Provenance = Provenance()
    ) {
        self.id = id
        self.kind = kind
        self.name = name
        self.seat = seat
        self.headRole = headRole
        self.parent = parent
        self.provenance = provenance
    }

    /// What sort of organisation an agency is.
    public struct Kind: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
        /// The kind as roster files spell it: `coast_guard`.
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// A city government (시청).
        public static let city = Kind(rawValue: "city")
        /// A police station (경찰서).
        public static let police = Kind(rawValue: "police")
        /// A fire station (소방서).
        public static let fire = Kind(rawValue: "fire")
        /// An office of education (교육지원청).
        public static let education = Kind(rawValue: "education")
        /// A coast guard station (해양경찰서).
        public static let coastGuard = Kind(rawValue: "coast_guard")
        /// A public health body.
        public static let health = Kind(rawValue: "health")
        /// A hospital.
        public static let hospital = Kind(rawValue: "hospital")
        /// A utility (power, gas, water).
        public static let utility = Kind(rawValue: "utility")
        /// Volunteer and resident groups (자율방재단, 자율방범대, 의용소방대).
        public static let volunteer = Kind(rawValue: "volunteer")
        /// An event organiser (행사 주최자): a festival's foundation or company.
        public static let organiser = Kind(rawValue: "organiser")

        /// Every kind a roster file may use.
        public static let known: [Kind] = [
            .city, .police, .fire, .education, .coastGuard, .health, .hospital, .utility, .volunteer, .organiser,
        ]

        public var description: String { rawValue }
    }

    /// A seat at the control tower, the citywide meeting of agency heads.
    public enum Seat: String, Hashable, Sendable, Codable, CaseIterable {
        /// The chair (the mayor, for Ansan).
        case chair
        /// A member agency.
        case member
    }
}
