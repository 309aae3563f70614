import IlsaLua
import Foundation

/// Turns the table a roster file returns into a ``Roster``, collecting every problem on the way.
///
/// It reads all lists first, then checks codes (duplicates) and references section by section,
/// so one run reports everything wrong with the file.
struct RosterValidator {
    var reader: RosterReader
    /// Codes of every entry, by list, with the label of the first entry that defined each.
    var known = KnownCodes()

    init(top: LuaTable) { reader = RosterReader(top: top) }

    var problems: [RosterError.Problem] { reader.problems }

    mutating func report(_ code: RosterError.Code, at path: String, _ message: String) {
        reader.report(code, at: path, message)
    }

    /// Validates the whole table; returns nil when there were problems (see ``problems``).
    mutating func validate() -> Roster? {
        let top = reader.header()
        let gus = reader.entries("gus", as: RawGu.self)
        let dongs = reader.entries("dongs", as: RawDong.self)
        let agencies = reader.entries("agencies", as: RawAgency.self)
        let roles = reader.entries("roles", as: RawRole.self)
        let units = reader.entries("units", as: RawUnit.self)
        let districts = reader.entries("districts", as: RawDistrict.self)
        let people = reader.entries("people", as: RawPerson.self)
        let ladders = reader.entries("ladders", as: RawLadder.self)

        known.gus = codes("gus", RawGu.self)
        known.dongs = codes("dongs", RawDong.self)
        known.agencies = codes("agencies", RawAgency.self)
        known.roles = codes("roles", RawRole.self)
        known.units = codes("units", RawUnit.self)
        known.districts = codes("districts", RawDistrict.self)
        known.people = codes("people", RawPerson.self)
        known.ladders = codes("ladders", RawLadder.self)

        let builtRoles = roles.compactMap { role($0) }
        let builtGus = gus.map { Gu(id: Gu.ID($0.record.id), name: name($0.record.ko, $0.record.en, $0)) }
        let builtDongs = dongs.map { dong($0) }
        let builtAgencies = agencies.map { agency($0) }
        let builtDistricts = districts.map { district($0, dongs: builtDongs) }
        checkDongsBelongOnce(builtDistricts, entries: districts)
        let builtUnits = units.map { unit($0, districts: builtDistricts) }
        checkChairs(builtDistricts, entries: districts, units: builtUnits, roles: builtRoles)
        let builtPeople = people.map { person($0) }
        let secretariat = top.control_tower?.secretariat.map {
            reference($0, in: known.units, "unit", from: "control_tower.secretariat", at: "control_tower")
        }
        let cityHQ = top.city_hq.map { reference($0, in: known.units, "unit", from: "city_hq", at: "city_hq") }
        let hasControlTower = builtAgencies.contains { $0.seat != nil }
        let builtLadders = ladders.map { ladder($0, hasControlTower: hasControlTower, hasCityHQ: top.city_hq != nil) }
        let timeZone = top.time_zone.flatMap { name in
            TimeZone(identifier: name)
                ?? {
                    report(
                        .malformed, at: "time_zone",
                        "time_zone '\(name)' is not a time zone the system knows (write one like \"Asia/Seoul\")")
                    return nil
                }()
        }
        guard problems.isEmpty else { return nil }
        return Roster(
            name: top.name ?? "", city: top.ko.flatMap { ko in top.en.map { BilingualName(korean: ko, english: $0) } },
            gus: builtGus, dongs: builtDongs, agencies: builtAgencies, roles: builtRoles, units: builtUnits,
            districts: builtDistricts, people: builtPeople, ladders: builtLadders,
            timeZone: timeZone ?? Roster.utc, controlTowerSecretariat: secretariat.map { Unit.ID($0) }, cityHQ: cityHQ.map { Unit.ID($0) }
        )
    }

    // MARK: - Codes and references

    /// The codes of a list's entries, reporting empty and repeated ones. Read from the file's
    /// table rather than the decoded entries, so an entry with a bad field still counts as
    /// defined and references to it are not reported too.
    mutating func codes<R: RosterRecord>(_ list: String, _ type: R.Type) -> [String: String] {
        guard case .table(let table) = reader.top[list], table.fields.isEmpty else { return [:] }
        var seen: [String: String] = [:]
        for (index, value) in table.array.enumerated() {
            let path = "\(list)[\(index + 1)]"
            guard let key = value.tableValue?[R.keyField].stringValue else { continue }
            if key.allSatisfy(\.isWhitespace) {
                report(.malformed, at: path, "\(path) has an empty \(R.keyField)")
            } else if let first = seen[key] {
                report(.duplicate, at: path, "\(path) '\(key)' is defined twice (first at \(first))")
            } else {
                seen[key] = path
            }
        }
        return seen
    }

    /// Checks that `code` names an entry of a list; reports it otherwise. Returns `code` either way.
    @discardableResult
    mutating func reference(_ code: String, in list: [String: String], _ what: String, from label: String, at path: String) -> String {
        if list[code] == nil {
            report(.unknownReference, at: path, "\(label) names unknown \(what) '\(code)'" + DidYouMean.hint(for: code, in: list.keys))
        }
        return code
    }

    /// Checks that a role is declared; reports it otherwise.
    @discardableResult
    mutating func roleReference(_ code: String, usedBy label: String, at path: String) -> Bool {
        guard known.roles[code] == nil else { return true }
        let hint =
            DidYouMean.nearest(to: code, in: known.roles.keys).map { " (did you mean '\($0)'?)" }
            ?? " (declare it in roles)"
        report(.unknownRole, at: path, "role '\(code)' used by \(label) is not declared" + hint)
        return false
    }

    mutating func name<R>(_ korean: String, _ english: String, _ entry: Entry<R>) -> BilingualName {
        if korean.isEmpty || english.isEmpty {
            report(.malformed, at: entry.path, "\(entry.label) needs both names: ko (Korean) and en (English)")
        }
        return BilingualName(korean: korean, english: english)
    }

    func provenance(_ verified: Bool?, _ note: String?) -> Provenance {
        Provenance(verified: verified ?? true, note: note)
    }

    // MARK: - Gus, dongs, agencies, roles

    mutating func dong(_ entry: Entry<RawDong>) -> Dong {
        let raw = entry.record
        reference(raw.gu, in: known.gus, "gu", from: entry.label, at: entry.path)
        return Dong(
            id: Dong.ID(raw.id), name: name(raw.ko, raw.en, entry), gu: Gu.ID(raw.gu), legalDongs: raw.legal ?? [],
            provenance: provenance(raw.verified, raw.note))
    }

    mutating func agency(_ entry: Entry<RawAgency>) -> Agency {
        let raw = entry.record
        let kind = Agency.Kind(rawValue: raw.kind)
        if !Agency.Kind.known.contains(kind) {
            report(
                .unknownKind, at: entry.path,
                "\(entry.label) has unknown kind '\(raw.kind)'"
                    + DidYouMean.hint(for: raw.kind, in: Agency.Kind.known.map(\.rawValue)))
        }
        var seat: Agency.Seat?
        if let text = raw.seat {
            seat = Agency.Seat(rawValue: text)
            if seat == nil {
                report(.unknownKind, at: entry.path, "\(entry.label) has unknown seat '\(text)'; a seat is \"chair\" or \"member\"")
            }
        }
        if let head = raw.head_role { roleReference(head, usedBy: "\(entry.label) as head_role", at: entry.path) }
        if let parent = raw.parent { reference(parent, in: known.agencies, "agency", from: "\(entry.label) parent", at: entry.path) }
        return Agency(
            id: Agency.ID(raw.id), kind: kind, name: name(raw.ko, raw.en, entry), seat: seat,
            headRole: raw.head_role.map { Role.Code($0) }, parent: raw.parent.map { Agency.ID($0) },
            provenance: provenance(raw.verified, raw.note))
    }

    mutating func role(_ entry: Entry<RawRole>) -> Role? {
        let raw = entry.record
        let code = Role.Code(raw.code)
        if !code.isWellFormed {
            report(.malformed, at: entry.path, "\(entry.label): a role code is upper case with dots, like 'DONG.HEAD'")
        }
        var kinds: [Unit.Kind] = []
        for text in raw.unit_kinds ?? [] {
            let kind = Unit.Kind(rawValue: text)
            if Unit.Kind.known.contains(kind) {
                kinds.append(kind)
            } else {
                report(
                    .unknownKind, at: entry.path,
                    "\(entry.label) names unknown unit kind '\(text)'"
                        + DidYouMean.hint(for: text, in: Unit.Kind.known.map(\.rawValue)))
            }
        }
        return Role(code: code, title: name(raw.ko, raw.en, entry), unitKinds: kinds, provenance: provenance(raw.verified, raw.note))
    }
}

/// The codes of every list of a roster file, each with the path of the entry that defines it.
struct KnownCodes {
    var gus: [String: String] = [:]
    var dongs: [String: String] = [:]
    var agencies: [String: String] = [:]
    var roles: [String: String] = [:]
    var units: [String: String] = [:]
    var districts: [String: String] = [:]
    var people: [String: String] = [:]
    var ladders: [String: String] = [:]
}
