import IlsaStore
import Foundation
import IlsaLua

/// `ilsa.units` and `ilsa.district`: what a playbook may ask of the roster. Each answer is
/// recorded with its question (``RunExecution/observe(_:query:_:)``), so a run replayed after
/// the roster was edited sees what it saw when it ran.
extension RunExecution {
    func registerRosterBindings() {
        lua.register("ilsa.units") { [unowned self] call in
            let query = try unitQuery(try call.table(1))
            let result = try observe(.units, query: query) { try units(matching: query) }
            return call.returning(result.luaValue)
        }

        lua.register("ilsa.district") { [unowned self] call in
            let code = try call.string(1)
            let result = try observe(.district, query: .string(code)) { try district(code) }
            return call.returning(result.luaValue)
        }
    }

    /// The fields `ilsa.units` filters on.
    static let unitFilters = SpecTable.units.fields

    /// Checks `ilsa.units`'s table: known fields, each a string; at least one.
    private func unitQuery(_ filter: LuaTable) throws -> JSONValue {
        var query: [String: JSONValue] = [:]
        if !filter.array.isEmpty {
            throw LuaArgumentError(
                position: 1, problem: "a table of filters expected: ilsa.units { role = \"CG.BOX\", district = \"daebu\" }")
        }
        // In a fixed order, so a table with two bad fields names the same one on every replay.
        for (key, value) in filter.fields.sorted(by: { $0.key.description < $1.key.description }) {
            guard let name = key.stringValue, Self.unitFilters.contains(name) else {
                let hint = key.stringValue.map { DidYouMean.hint(for: $0, in: Self.unitFilters) } ?? ""
                throw LuaArgumentError(
                    position: 1,
                    problem:
                        "unknown field \(key.stringValue.map { "'\($0)'" } ?? "\(key.typeName) key")\(hint); filter on role, district, kind or agency"
                )
            }
            guard let text = value.stringValue else {
                throw LuaArgumentError(position: 1, problem: "field '\(name)' must be a string, not \(value.typeName)")
            }
            query[name] = .string(text)
        }
        guard !query.isEmpty else {
            throw LuaArgumentError(
                position: 1,
                problem: "name at least one of role, district, kind or agency: ilsa.units { role = \"CG.BOX\", district = \"daebu\" }")
        }
        return .object(query)
    }

    /// The roster, or the error a playbook sees when the engine has none.
    private func requireRoster(_ function: String) throws -> Roster {
        guard let roster else {
            throw LuaArgumentError(
                position: 1,
                problem: "\(function) needs the roster, and this run has none (give the runner --roster, or load the roster plugin)")
        }
        return roster
    }

    /// The units matching every field of `query`, in roster order; unknown codes raise, so a
    /// typo never reads as "nobody there".
    private func units(matching query: JSONValue) throws -> JSONValue {
        let roster = try requireRoster("ilsa.units")
        func known(_ field: String, _ codes: [String]) throws -> String? {
            guard let code = query[field]?.stringValue else { return nil }
            guard codes.contains(code) else {
                throw LuaArgumentError(
                    position: 1, problem: "field '\(field)': the roster has no \(field) '\(code)'\(DidYouMean.hint(for: code, in: codes))")
            }
            return code
        }
        let role = try known("role", roster.roles.map(\.code.rawValue))
        let district = try known("district", roster.districts.map(\.id.rawValue))
        let kind = try known("kind", Unit.Kind.known.map(\.rawValue))
        let agency = try known("agency", roster.agencies.map(\.id.rawValue))
        let found = roster.units(
            role: role.map { Role.Code($0) }, district: district.map { District.ID($0) },
            kind: kind.map { Unit.Kind(rawValue: $0) }, agency: agency.map { Agency.ID($0) })
        return .array(found.map(Self.describe))
    }

    /// A district as a playbook reads it; an unknown code raises.
    private func district(_ code: String) throws -> JSONValue {
        let roster = try requireRoster("ilsa.district")
        guard let district = roster.district(District.ID(code)) else {
            throw LuaArgumentError(
                position: 1,
                problem: "the roster has no district '\(code)'\(DidYouMean.hint(for: code, in: roster.districts.map(\.id.rawValue)))")
        }
        return .object([
            "id": .string(district.id.rawValue),
            "ko": .string(district.name.korean),
            "en": .string(district.name.english),
            "gu": .string(district.gu.rawValue),
            "chair": .string(district.chair.unit.rawValue),
            "hubs": .array(district.hubs.map { .string($0.rawValue) }),
            "dongs": .array(
                roster.dongs(in: district).map { dong in
                    .object(["id": .string(dong.id.rawValue), "ko": .string(dong.name.korean), "en": .string(dong.name.english)])
                }),
        ])
    }

    /// A unit as a playbook reads it: `{ id, kind, agency, ko, en, districts }`.
    private static func describe(_ unit: Unit) -> JSONValue {
        .object([
            "id": .string(unit.id.rawValue),
            "kind": .string(unit.kind.rawValue),
            "agency": .string(unit.agency.rawValue),
            "ko": .string(unit.name.korean),
            "en": .string(unit.name.english),
            "districts": .array(unit.districts.map { .string($0.rawValue) }),
        ])
    }
}
