public import Foundation
/// A city's organisation as the engine sees it: agencies and their units, the roles units hold,
/// the districts with their dongs, people (optional), and escalation ladders.
///
/// A roster is data. It is loaded from a Lua data file (``load(source:chunkName:)``) and
/// validated as a whole, so every entry it holds refers to entries that exist. Look entries up by
/// code:
///
/// ```swift
/// let roster = try Roster.load(contentsOfFile: "plugins/ansan/roster.lua")
/// guard let singil = roster.district("singil") else { return }
/// let heads = roster.holders(of: "DONG.HEAD", in: singil)   // the three dong welfare centres
/// ```
public struct Roster: Sendable {
    /// The roster's name: `ansan`.
    public let name: String
    /// The city's name.
    public let city: BilingualName?
    public let gus: [Gu]
    public let dongs: [Dong]
    public let agencies: [Agency]
    public let roles: [Role]
    public let units: [Unit]
    public let districts: [District]
    public let people: [Person]
    public let ladders: [EscalationLadder]
    /// The unit that receives what is escalated to the control tower (its secretariat).
    public let controlTowerSecretariat: Unit.ID?
    /// The unit that stands for the city's statutory disaster and safety countermeasures HQ.
    public let cityHQ: Unit.ID?
    /// The city's time zone (`time_zone = "Asia/Seoul"`): the board, the API's display fields and
    /// the duty officer's commands show times in it. UTC when the roster names none.
    public let timeZone: TimeZone

    static let utc = TimeZone(secondsFromGMT: 0)!

    private let agencyIndex: [Agency.ID: Int]
    private let unitIndex: [Unit.ID: Int]
    private let roleIndex: [Role.Code: Int]
    private let districtIndex: [District.ID: Int]
    private let dongIndex: [Dong.ID: Int]
    private let guIndex: [Gu.ID: Int]
    private let personIndex: [Person.ID: Int]
    private let ladderIndex: [EscalationLadder.ID: Int]

    /// Makes a roster from entries that are already validated: the loader's last step.
    init(
        name: String, city: BilingualName?, gus: [Gu], dongs: [Dong], agencies: [Agency], roles: [Role],
        units: [Unit], districts: [District], people: [Person], ladders: [EscalationLadder], timeZone: TimeZone,
        controlTowerSecretariat: Unit.ID?, cityHQ: Unit.ID?
    ) {
        self.name = name
        self.city = city
        self.gus = gus
        self.dongs = dongs
        self.agencies = agencies
        self.roles = roles
        self.units = units
        self.districts = districts
        self.people = people
        self.ladders = ladders
        self.controlTowerSecretariat = controlTowerSecretariat
        self.cityHQ = cityHQ
        self.timeZone = timeZone
        agencyIndex = Self.index(agencies, by: \.id)
        unitIndex = Self.index(units, by: \.id)
        roleIndex = Self.index(roles, by: \.code)
        districtIndex = Self.index(districts, by: \.id)
        dongIndex = Self.index(dongs, by: \.id)
        guIndex = Self.index(gus, by: \.id)
        personIndex = Self.index(people, by: \.id)
        ladderIndex = Self.index(ladders, by: \.id)
    }

    private static func index<T, K: Hashable>(_ items: [T], by key: KeyPath<T, K>) -> [K: Int] {
        var index: [K: Int] = [:]
        for (i, item) in items.enumerated() where index[item[keyPath: key]] == nil {
            index[item[keyPath: key]] = i
        }
        return index
    }

    /// The agency with this code, or nil.
    public func agency(_ id: Agency.ID) -> Agency? { agencyIndex[id].map { agencies[$0] } }
    /// The unit with this code, or nil.
    public func unit(_ id: Unit.ID) -> Unit? { unitIndex[id].map { units[$0] } }
    /// The role with this code, or nil.
    public func role(_ code: Role.Code) -> Role? { roleIndex[code].map { roles[$0] } }
    /// The district with this code, or nil.
    public func district(_ id: District.ID) -> District? { districtIndex[id].map { districts[$0] } }
    /// The dong with this code, or nil.
    public func dong(_ id: Dong.ID) -> Dong? { dongIndex[id].map { dongs[$0] } }
    /// The gu with this code, or nil.
    public func gu(_ id: Gu.ID) -> Gu? { guIndex[id].map { gus[$0] } }
    /// The person with this id, or nil.
    public func person(_ id: Person.ID) -> Person? { personIndex[id].map { people[$0] } }
    /// The escalation ladder with this name, or nil.
    public func ladder(_ id: EscalationLadder.ID) -> EscalationLadder? { ladderIndex[id].map { ladders[$0] } }

    /// The ladder named `default`, which tasks without a ladder of their own climb.
    public var defaultLadder: EscalationLadder? { ladder("default") }
}

extension Roster: Encodable {
    enum CodingKeys: String, CodingKey {
        case name, city, gus, dongs, agencies, roles, units, districts, people, ladders
        case controlTowerSecretariat = "control_tower_secretariat", cityHQ = "city_hq"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encodeIfPresent(city, forKey: .city)
        try container.encode(gus, forKey: .gus)
        try container.encode(dongs, forKey: .dongs)
        try container.encode(agencies, forKey: .agencies)
        try container.encode(roles, forKey: .roles)
        try container.encode(units, forKey: .units)
        try container.encode(districts, forKey: .districts)
        try container.encode(people, forKey: .people)
        try container.encode(ladders, forKey: .ladders)
        try container.encodeIfPresent(controlTowerSecretariat, forKey: .controlTowerSecretariat)
        try container.encodeIfPresent(cityHQ, forKey: .cityHQ)
    }
}
