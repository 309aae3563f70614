public import IlsaEngine
public import IlsaStore

/// What an account may see and do, from its roster role: the one place the server asks.
///
/// - The control tower (the heads of the agencies that sit on the citywide meeting: mayor,
///   police, fire, education, coast guard), its secretariat and the situation room see every
///   task, run and escalation, act on every task, and are the only ones who decide escalations.
/// - A district meeting's chair (`DIST.CHAIR` in a district) sees and acts on every task of the
///   district.
/// - A role in a district (a dong head, a 119 centre, a police box) sees and acts on the tasks
///   assigned to that role in that district.
/// - A citywide role that does not sit on the tower (the roads department) sees and acts on the
///   tasks assigned to its role anywhere.
public enum Scope: Hashable, Sendable, CustomStringConvertible {
    case city
    case district(String)
    case role(String, district: String)
    case citywideRole(String)

    /// The scope of an account's role and district in the roster.
    public init(_ account: Account, roster: Roster) {
        if Self.towerRoles(in: roster).contains(account.role) {
            self = .city
        } else if account.role == Role.Code.districtChair.rawValue, let district = account.district {
            self = .district(district)
        } else if let district = account.district {
            self = .role(account.role, district: district)
        } else {
            self = .citywideRole(account.role)
        }
    }

    /// The roles of the control tower and the situation room.
    public static func towerRoles(in roster: Roster) -> Set<String> {
        var roles = Set(roster.agencies.filter { $0.seat != nil }.compactMap { $0.headRole?.rawValue })
        let secretariat = roster.controlTowerSecretariat.flatMap { roster.unit($0) }
        for unit in roster.units where unit.kind == .situationRoom || unit.id == secretariat?.id {
            roles.formUnion(unit.roles.map(\.rawValue))
        }
        return roles
    }

    /// Whether the role is held in districts (so an account needs one): `DIST.CHAIR`, and the
    /// roles of units that serve a district.
    public static func isDistrictRole(_ code: String, in roster: Roster) -> Bool {
        code == Role.Code.districtChair.rawValue
            || roster.units(holding: Role.Code(code)).contains { !$0.districts.isEmpty || !$0.dongs.isEmpty }
    }

    /// Whether the account sees the task, and may act on it.
    public func covers(_ task: TaskSummary) -> Bool {
        switch self {
        case .city: true
        case .district(let district): task.district == district
        case .role(let role, let district): task.role == role && task.district == district
        case .citywideRole(let role): task.role == role
        }
    }

    /// Whether the account sees every run and escalation, and decides escalations.
    public var isTower: Bool { self == .city }

    public var description: String {
        switch self {
        case .city: "the control tower: every task, run and escalation; decides escalations"
        case .district(let district): "the chair of \(district): every task of the district"
        case .role(let role, let district): "\(role) in \(district): the tasks assigned to \(role) there"
        case .citywideRole(let role): "\(role), citywide: the tasks assigned to \(role)"
        }
    }
}
