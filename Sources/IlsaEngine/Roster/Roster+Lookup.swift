/// Questions playbooks ask of a roster: who holds a role in a district, which units serve it.
extension Roster {
    /// A unit or a person that holds a role.
    public enum Holder: Hashable, Sendable {
        case unit(Unit)
        case person(Person)

        /// The unit, or the unit the person sits in.
        public var unitID: Unit.ID {
            switch self {
            case .unit(let unit): unit.id
            case .person(let person): person.unit
            }
        }
    }

    /// The units that serve a district, in roster order.
    public func units(in district: District) -> [Unit] {
        units.filter { $0.districts.contains(district.id) }
    }

    /// The units of one kind that serve a district.
    public func units(of kind: Unit.Kind, in district: District) -> [Unit] {
        units(in: district).filter { $0.kind == kind }
    }

    /// The district's dongs, in the district's order.
    public func dongs(in district: District) -> [Dong] {
        district.dongs.compactMap { dong($0) }
    }

    /// The district's hub units (its 119 safety centres, usually).
    public func hubs(of district: District) -> [Unit] {
        district.hubs.compactMap { unit($0) }
    }

    /// The district a dong belongs to, or nil when it belongs to none.
    public func district(containing dong: Dong.ID) -> District? {
        districts.first { $0.dongs.contains(dong) }
    }

    /// The districts of a gu.
    public func districts(in gu: Gu.ID) -> [District] {
        districts.filter { $0.gu == gu }
    }

    /// Who holds a role in a district: first the units serving the district that hold it, then
    /// the people listed with that role in those units.
    ///
    /// `DIST.CHAIR` is the district's chair unit (``District/Chair``) and the people listed as
    /// `DIST.CHAIR` there. An unknown role has no holders.
    public func holders(of code: Role.Code, in district: District) -> [Holder] {
        let holdingUnits: [Unit]
        if code == .districtChair {
            holdingUnits = unit(district.chair.unit).map { [$0] } ?? []
        } else if let role = role(code) {
            holdingUnits = units(in: district).filter { $0.holds(role) }
        } else {
            return []
        }
        let served = Set(units(in: district).map(\.id)).union(holdingUnits.map(\.id))
        let persons = people.filter { $0.role == code && served.contains($0.unit) }
        return holdingUnits.map(Holder.unit) + persons.map(Holder.person)
    }

    /// The units that hold a role anywhere in the city, in roster order.
    public func units(holding code: Role.Code) -> [Unit] {
        guard let role = role(code) else { return [] }
        return units.filter { $0.holds(role) }
    }

    /// The agencies with a seat at the control tower, the chair first.
    public var controlTower: [Agency] {
        agencies.filter { $0.seat == .chair } + agencies.filter { $0.seat == .member }
    }

    /// A line for every entry the roster marks as not verified, for the product to flag:
    /// `district 'gojan': dongs and hub centre inferred`.
    public var unverifiedEntries: [String] {
        func line(_ kind: String, _ id: String, _ provenance: Provenance) -> String? {
            guard !provenance.verified else { return nil }
            return "\(kind) '\(id)'" + (provenance.note.map { ": \($0)" } ?? "")
        }
        var lines: [String] = []
        lines += agencies.compactMap { line("agency", $0.id.rawValue, $0.provenance) }
        lines += roles.compactMap { line("role", $0.code.rawValue, $0.provenance) }
        lines += dongs.compactMap { line("dong", $0.id.rawValue, $0.provenance) }
        lines += districts.compactMap { line("district", $0.id.rawValue, $0.provenance) }
        lines += units.compactMap { line("unit", $0.id.rawValue, $0.provenance) }
        lines += people.compactMap { line("person", $0.id.rawValue, $0.provenance) }
        lines += ladders.compactMap { line("ladder", $0.id.rawValue, $0.provenance) }
        return lines
    }
}

extension Roster {
    /// The units that match every filter given, in roster order: those holding `role` (in
    /// `district` when given, as ``holders(of:in:)`` finds them, so `DIST.CHAIR` is the chair's
    /// unit), serving `district`, of `kind`, of `agency`. Unknown codes match nothing.
    public func units(role: Role.Code? = nil, district: District.ID? = nil, kind: Unit.Kind? = nil, agency: Agency.ID? = nil) -> [Unit] {
        let place = district.flatMap { self.district($0) }
        if district != nil, place == nil { return [] }
        var found: [Unit]
        if let role {
            if let place {
                found = holders(of: role, in: place).compactMap { holder -> Unit? in
                    if case .unit(let unit) = holder { unit } else { nil }
                }
            } else {
                found = units(holding: role)
            }
        } else {
            found = place.map { units(in: $0) } ?? units
        }
        if let kind { found = found.filter { $0.kind == kind } }
        if let agency { found = found.filter { $0.agency == agency } }
        return found
    }
}
