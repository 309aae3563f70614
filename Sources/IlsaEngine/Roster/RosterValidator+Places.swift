/// Districts, units, chairs and people: the entries that refer to places and to each other.
extension RosterValidator {
    mutating func district(_ entry: Entry<RawDistrict>, dongs: [Dong]) -> District {
        let raw = entry.record
        reference(raw.gu, in: known.gus, "gu", from: entry.label, at: entry.path)
        let guOfDong = Dictionary(dongs.map { ($0.id.rawValue, $0.gu.rawValue) }, uniquingKeysWith: { first, _ in first })
        for dong in raw.dongs {
            reference(dong, in: known.dongs, "dong", from: entry.label, at: entry.path)
            if let gu = guOfDong[dong], gu != raw.gu, known.gus[raw.gu] != nil {
                report(.inconsistent, at: entry.path, "\(entry.label) is in gu '\(raw.gu)' but lists dong '\(dong)' of gu '\(gu)'")
            }
        }
        if raw.dongs.isEmpty {
            report(.malformed, at: entry.path, "\(entry.label) has no dongs; list them: dongs = { \"...\" }")
        }
        for hub in raw.hubs ?? [] {
            reference(hub, in: known.units, "hub unit", from: entry.label, at: entry.path)
        }
        return District(
            id: District.ID(raw.id), name: name(raw.ko, raw.en, entry), gu: Gu.ID(raw.gu), dongs: raw.dongs.map { Dong.ID($0) },
            hubs: (raw.hubs ?? []).map { Unit.ID($0) },
            chair: District.Chair(role: Role.Code(raw.chair.role), unit: Unit.ID(raw.chair.unit)),
            provenance: provenance(raw.verified, raw.note))
    }

    /// Reports every dong listed by more than one district: a task for a dong's district must
    /// have one answer.
    mutating func checkDongsBelongOnce(_ districts: [District], entries: [Entry<RawDistrict>]) {
        var owner: [Dong.ID: String] = [:]
        for (district, entry) in zip(districts, entries) {
            for dong in district.dongs {
                if let first = owner[dong], first != entry.label {
                    report(
                        .inconsistent, at: entry.path,
                        "dong '\(dong)' is in both \(first) and \(entry.label); a dong belongs to one district")
                } else {
                    owner[dong] = entry.label
                }
            }
        }
    }

    /// A unit, serving the districts it lists, those of its dongs, and those it is a hub of.
    mutating func unit(_ entry: Entry<RawUnit>, districts: [District]) -> Unit {
        let raw = entry.record
        let kind = Unit.Kind(rawValue: raw.kind)
        if !Unit.Kind.known.contains(kind) {
            report(
                .unknownKind, at: entry.path,
                "\(entry.label) has unknown kind '\(raw.kind)'"
                    + DidYouMean.hint(for: raw.kind, in: Unit.Kind.known.map(\.rawValue)))
        }
        reference(raw.agency, in: known.agencies, "agency", from: entry.label, at: entry.path)
        var served: [District.ID] = []
        func serve(_ id: District.ID) { if !served.contains(id) { served.append(id) } }
        for district in raw.districts ?? [] {
            reference(district, in: known.districts, "district", from: entry.label, at: entry.path)
            serve(District.ID(district))
        }
        for dong in raw.dongs ?? [] {
            reference(dong, in: known.dongs, "dong", from: entry.label, at: entry.path)
            for district in districts where district.dongs.contains(Dong.ID(dong)) { serve(district.id) }
        }
        for district in districts where district.hubs.contains(Unit.ID(raw.id)) { serve(district.id) }
        for role in raw.roles ?? [] {
            roleReference(role, usedBy: entry.label, at: entry.path)
        }
        return Unit(
            id: Unit.ID(raw.id), kind: kind, agency: Agency.ID(raw.agency), name: name(raw.ko, raw.en, entry),
            districts: served, dongs: (raw.dongs ?? []).map { Dong.ID($0) }, roles: (raw.roles ?? []).map { Role.Code($0) },
            provenance: provenance(raw.verified, raw.note))
    }

    /// Checks each district's chair: a declared role, held by a unit that serves the district.
    mutating func checkChairs(_ districts: [District], entries: [Entry<RawDistrict>], units: [Unit], roles: [Role]) {
        for (district, entry) in zip(districts, entries) {
            let chair = district.chair
            let label = "\(entry.label) chair"
            let roleKnown = roleReference(chair.role.rawValue, usedBy: label, at: entry.path)
            guard known.units[chair.unit.rawValue] != nil else {
                reference(chair.unit.rawValue, in: known.units, "unit", from: label, at: entry.path)
                continue
            }
            guard let unit = units.first(where: { $0.id == chair.unit }) else { continue }
            if roleKnown, chair.role != .districtChair, let role = roles.first(where: { $0.code == chair.role }), !unit.holds(role) {
                report(
                    .inconsistent, at: entry.path,
                    "\(label): unit '\(unit.id)' does not hold role '\(chair.role)' (a \(unit.kind) unit; list the role in its roles, or pick another unit)"
                )
            }
            if !unit.districts.contains(district.id) {
                report(
                    .inconsistent, at: entry.path,
                    "\(label): unit '\(unit.id)' does not serve '\(district.id)'; give it one of the district's dongs or list the district in its districts"
                )
            }
        }
    }

    mutating func person(_ entry: Entry<RawPerson>) -> Person {
        let raw = entry.record
        roleReference(raw.role, usedBy: entry.label, at: entry.path)
        reference(raw.unit, in: known.units, "unit", from: entry.label, at: entry.path)
        return Person(
            id: Person.ID(raw.id), name: name(raw.ko, raw.en, entry), role: Role.Code(raw.role), unit: Unit.ID(raw.unit),
            provenance: provenance(raw.verified, raw.note))
    }
}
