import IlsaStore
import ArgumentParser
import Foundation
import IlsaEngine
import IlsaTerminal

/// `ilsa roster`: the city's roster, browsed: districts, roles, units and people.
struct RosterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roster",
        abstract: "Browse the city's roster: districts, roles, units and people, by any of their names.",
        discussion: """
            The roster (plugins/ansan/roster.lua, or --roster PATH) says who holds which role \
            where: what a playbook's assignee = { role = ..., district = ... } reaches. Each list \
            shows codes with their Korean and English names; every command that takes a district, \
            a role or a unit takes any of them (신길, Singil, singil).

            Examples:
              ilsa roster                      # the districts
              ilsa roster roles
              ilsa roster units --district 신길 --role 119
              ilsa roster show 동장             # a role, district or unit by any name: who holds it where
              ilsa roster districts --json
            """,
        subcommands: [Districts.self, Roles.self, Units.self, People.self, Show.self], defaultSubcommand: Districts.self
    )

    /// The roster, or a clear error without one.
    static func load(_ option: RosterOption) throws -> Roster {
        guard let roster = try option.load() else {
            throw InputError("no roster: name it with --roster PATH or ILSA_ROSTER (or work from the project folder)")
        }
        return roster
    }

    static func name(_ name: BilingualName) -> JSONValue { ["ko": .string(name.korean), "en": .string(name.english)] }

    /// What every list takes (the roster, --json, --color) and how it prints: a JSON array, or a table.
    struct ListOptions: ParsableArguments {
        @OptionGroup var rosterOption: RosterOption
        @OptionGroup var output: OutputOptions

        func roster() throws -> Roster { try RosterCommand.load(rosterOption) }

        /// Prints `items`: as JSON with `--json`, else as a table of `cells`.
        /// - Returns: Whether a table was printed (notes follow a table only).
        @discardableResult
        func show<Item>(_ items: [Item], _ columns: [TextTable.Column], json: (Item) -> JSONValue, cells: (Item) -> [String]) throws
            -> Bool
        {
            if output.json {
                try output.print(json: .array(items.map(json)))
                return false
            }
            guard !items.isEmpty else { return false }
            var table = TextTable(columns: columns)
            for item in items { table.append(cells(item)) }
            print(table.render(fittingWidth: TaskTable.fittingWidth(), styler: output.styler) { _, _ in .plain })
            return true
        }
    }

    struct Districts: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "districts", abstract: "The district meetings (the default).")
        @OptionGroup var list: ListOptions

        func run() throws {
            let roster = try list.roster()
            let shown = try list.show(
                roster.districts,
                [.init("CODE"), .init("이름"), .init("NAME"), .init("UNITS", alignment: .right), .init("DONGS", truncatable: true)],
                json: { district in
                    [
                        "id": .string(district.id.rawValue), "name": RosterCommand.name(district.name),
                        "dongs": .array(roster.dongs(in: district).map { .string($0.name.korean) }),
                        "chair": .string(district.chair.unit.rawValue), "units": .integer(Int64(roster.units(in: district).count)),
                    ]
                },
                cells: { district in
                    [
                        district.id.rawValue, district.name.korean, district.name.english, "\(roster.units(in: district).count)",
                        roster.dongs(in: district).map(\.name.korean).joined(separator: " "),
                    ]
                })
            if shown { Console.note("\(roster.districts.count) districts in the \(roster.name) roster; ilsa roster show NAME for one") }
        }
    }

    struct Roles: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "roles", abstract: "The roles tasks are assigned to.")
        @OptionGroup var list: ListOptions

        func run() throws {
            let roster = try list.roster()
            try list.show(
                roster.roles, [.init("CODE"), .init("직책"), .init("TITLE", truncatable: true), .init("UNITS", alignment: .right)],
                json: { role in
                    [
                        "code": .string(role.code.rawValue), "title": RosterCommand.name(role.title),
                        "units": .integer(Int64(roster.units(holding: role.code).count)),
                    ]
                },
                cells: { role in [role.code.rawValue, role.title.korean, role.title.english, "\(roster.units(holding: role.code).count)"] })
        }
    }

    struct Units: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "units", abstract: "Stations, centres and offices, filtered.")
        @Option(help: ArgumentHelp("Only units serving this district (code, Korean or English name).", valueName: "district"))
        var district: String?
        @Option(help: ArgumentHelp("Only units holding this role (code or title).", valueName: "role"))
        var role: String?
        @Option(help: ArgumentHelp("Only units of this kind (fire_station, hospital_er...).", valueName: "kind"))
        var kind: String?
        @OptionGroup var list: ListOptions

        func run() throws {
            let roster = try list.roster()
            let place = try district.map { try TasksCommand.district($0, roster: roster) }
            let code = try role.map { try TasksCommand.assignee($0, roster: roster) }
            let units: [IlsaEngine.Unit] = roster.units(
                role: code.map { Role.Code($0) }, district: place.map { District.ID($0) },
                kind: kind.map { IlsaEngine.Unit.Kind(rawValue: $0) })
            func roles(_ unit: IlsaEngine.Unit) -> [String] { roster.roles.filter { unit.holds($0) }.map(\.code.rawValue) }
            let shown = try list.show(
                units, [.init("ID"), .init("이름"), .init("KIND"), .init("ROLES"), .init("DISTRICTS", truncatable: true)],
                json: { unit in
                    [
                        "id": .string(unit.id.rawValue), "name": RosterCommand.name(unit.name), "kind": .string(unit.kind.rawValue),
                        "districts": .array(unit.districts.map { JSONValue.string($0.rawValue) }),
                        "roles": .array(roles(unit).map(JSONValue.string)),
                    ]
                },
                cells: { unit in
                    [
                        unit.id.rawValue, unit.name.korean, unit.kind.rawValue, roles(unit).joined(separator: " "),
                        unit.districts.map(\.rawValue).joined(separator: " "),
                    ]
                })
            if !list.output.json { Console.note(shown ? "\(units.count) unit\(units.count == 1 ? "" : "s")" : "no units match") }
        }
    }

    struct People: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "people", abstract: "The people the roster lists, if any.")
        @OptionGroup var list: ListOptions

        func run() throws {
            let roster = try list.roster()
            let shown = try list.show(
                roster.people, [.init("ID"), .init("이름"), .init("ROLE"), .init("UNIT")],
                json: { person in
                    [
                        "id": .string(person.id.rawValue), "name": RosterCommand.name(person.name), "role": .string(person.role.rawValue),
                        "unit": .string(person.unit.rawValue),
                    ]
                },
                cells: { person in [person.id.rawValue, person.name.korean, person.role.rawValue, person.unit.rawValue] })
            if !shown, !list.output.json {
                Console.note("the \(roster.name) roster lists no people: tasks go to roles and units (chiefs rotate)")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "One district, role or unit, by any of its names: what it is and who holds what.")
        @Argument(help: ArgumentHelp("A district, role or unit: its code, Korean or English name.", valueName: "name"))
        var name: String
        @OptionGroup var rosterOption: RosterOption

        /// `신길119안전센터 (sc119.singil)`, or a person's name.
        static func holder(_ holder: Roster.Holder) -> String {
            switch holder {
            case .unit(let unit): "\(unit.name.korean) (\(unit.id))"
            case .person(let person): "\(person.name.korean) (\(person.id))"
            }
        }

        func run() throws {
            let roster = try RosterCommand.load(rosterOption)
            if let district = roster.district(named: name) {
                Console.out("district \(district.id): \(district.name.korean) (\(district.name.english))")
                Console.out("  dongs: " + roster.dongs(in: district).map(\.name.korean).joined(separator: ", "))
                Console.out("  chair: \(district.chair.unit)")
                for role in roster.roles {
                    let holders = roster.holders(of: role.code, in: district).map(Self.holder)
                    if !holders.isEmpty { Console.out("  \(role.code) (\(role.title.korean)): " + holders.joined(separator: ", ")) }
                }
            } else if let role = roster.role(named: name) {
                Console.out("role \(role.code): \(role.title.korean) (\(role.title.english))")
                for district in roster.districts {
                    let holders = roster.holders(of: role.code, in: district).map(Self.holder)
                    Console.out(
                        "  \(district.id) (\(district.name.korean)): " + (holders.isEmpty ? "nobody" : holders.joined(separator: ", ")))
                }
            } else if let unit = roster.unit(named: name) {
                Console.out("unit \(unit.id): \(unit.name.korean) (\(unit.name.english)), \(unit.kind)")
                Console.out("  roles: " + roster.roles.filter { unit.holds($0) }.map(\.code.rawValue).joined(separator: ", "))
                Console.out("  districts: " + unit.districts.map(\.rawValue).joined(separator: ", "))
            } else {
                let names = roster.names(of: .districts) + roster.names(of: .roles) + roster.names(of: .units)
                throw InputError("the roster has no district, role or unit '\(name)'" + DidYouMean.hint(for: name, in: names))
            }
        }
    }
}
