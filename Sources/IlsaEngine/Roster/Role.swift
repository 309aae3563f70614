/// A position that tasks are assigned to: `DONG.HEAD` (a dong welfare-centre head),
/// `FIRE.SC119` (a 119 safety-centre head), `DIST.CHAIR` (a district meeting's chair).
///
/// Playbooks assign tasks to a role *in a district*, never to a named person; the roster says
/// which units hold the role there (``Roster/holders(of:in:)``).
public struct Role: Identifiable, Hashable, Sendable, Codable {
    public typealias Code = RosterID<Role>

    /// The role code, upper case with dots: `POL.BOX`.
    public var code: Code
    public var title: BilingualName
    /// Every unit of these kinds holds the role (every welfare centre holds `DONG.HEAD`). Units
    /// of other kinds hold it when they list it themselves (``Unit/roles``).
    public var unitKinds: [Unit.Kind]
    public var provenance: Provenance

    public var id: Code { code }

    public init(code: Code, title: BilingualName, unitKinds: [Unit.Kind] = [], provenance: Provenance = Provenance()) {
        self.code = code
        self.title = title
        self.unitKinds = unitKinds
        self.provenance = provenance
    }
}

extension Role.Code {
    /// The chair of a district meeting: whoever the district's ``District/chair`` names.
    public static let districtChair: Role.Code = "DIST.CHAIR"

    /// Whether the code has the shape of a role code: upper-case letters, digits and `_` in
    /// dot-separated parts (`FIRE.SC119`, `VOL.FIRE_BRIGADE`).
    public var isWellFormed: Bool {
        let parts = rawValue.split(separator: ".", omittingEmptySubsequences: false)
        return !parts.isEmpty
            && parts.allSatisfy { part in
                !part.isEmpty && part.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "_") }
            }
    }
}
