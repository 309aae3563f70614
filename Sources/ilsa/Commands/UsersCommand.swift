import ArgumentParser
import Foundation
import IlsaAccess
import IlsaEngine
import IlsaStore
import IlsaTerminal

/// `ilsa users`: the accounts of the situation room's server, tied to the roster's roles.
struct UsersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Add, list, disable and enable accounts for the server (ilsa serve).",
        discussion: """
            An account is a name, the roster role it acts as and, for a district's roles, the \
            district. What it sees and may do follows from the role: the control tower and the \
            situation room (CITY.MAYOR, CITY.SITROOM, CITY.SAFETY, the police, fire, education \
            and coast guard chiefs) see everything and alone decide escalations; a district \
            chair (DIST.CHAIR) sees the district's tasks; a dong head or a 119 centre sees the \
            tasks assigned to its role in its district. Actions are recorded with the account's \
            name.

            The password is read from standard input (typed without echo at a terminal): at \
            least 10 characters, one line. It is kept as a bcrypt hash.

            Examples:
              ilsa users add singil-dong --role DONG.HEAD --district singil
              printf '%s\\n' "$PASSWORD" | ilsa users add sitroom --role CITY.SITROOM
              ilsa users
              ilsa users disable singil-dong
            """,
        subcommands: [List.self, Add.self, Disable.self, Enable.self, Password.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the accounts (the default).")
        @OptionGroup var storeOption: StoreOption
        @OptionGroup var rosterOption: RosterOption
        @OptionGroup var output: OutputOptions

        func run() throws {
            let store = try storeOption.open(create: false)
            let roster = try rosterOption.load()
            let accounts = try store.accounts()
            if output.json {
                try output.print(
                    json: .array(
                        accounts.map { account in
                            .object([
                                "name": .string(account.name), "role": .string(account.role),
                                "district": account.district.map(JSONValue.string) ?? .null,
                                "person": account.person.map(JSONValue.string) ?? .null, "disabled": .bool(account.disabled),
                                "scope": roster.map { .string(Scope(account, roster: $0).description) } ?? .null,
                                "created_at": .string(ReadModelJSON.iso(account.createdAt)),
                            ])
                        }))
                return
            }
            guard !accounts.isEmpty else {
                Console.note("no accounts yet: ilsa users add NAME --role ROLE [--district D]")
                return
            }
            var table = TextTable(columns: [
                .init("NAME"), .init("ROLE"), .init("DISTRICT"), .init("STATE"), .init("SEES", truncatable: true),
            ])
            for account in accounts {
                table.append([
                    account.name.visibleControls, account.role, account.district ?? "", account.disabled ? "disabled" : "active",
                    roster.map { Scope(account, roster: $0).description } ?? "",
                ])
            }
            print(table.render(fittingWidth: TaskTable.fittingWidth(), styler: output.styler) { _, _ in .plain })
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Add an account; the password comes from standard input.")
        @OptionGroup var storeOption: StoreOption
        @OptionGroup var rosterOption: RosterOption

        @Argument(help: "The login name, recorded with every action (letters, digits, '.', '-', '_'; Korean is fine).")
        var name: String
        @Option(help: ArgumentHelp("The roster role the account acts as (DONG.HEAD, DIST.CHAIR, CITY.SITROOM).", valueName: "role"))
        var role: String
        @Option(help: ArgumentHelp("The district, for a district's roles (singil).", valueName: "district"))
        var district: String?
        @Option(help: ArgumentHelp("The roster person the account is, when the roster names one.", valueName: "person"))
        var person: String?

        func run() throws {
            try Accounts.checkName(name)
            guard let roster = try rosterOption.load() else {
                throw InputError("accounts are tied to the roster's roles, and there is no roster: --roster PATH or ILSA_ROSTER")
            }
            let (role, district) = try Accounts.check(role: role, district: district, person: person, roster: roster)
            let password = try Accounts.readPassword(prompt: "password for \(name): ")
            let store = try storeOption.open(create: true)
            let account = Account(
                name: name, role: role, district: district, person: person, passwordHash: Passwords.hash(password), createdAt: Date())
            do {
                try store.addAccount(account)
            } catch let error as StoreError where error.code == .conflict {
                throw InputError("an account named '\(name.visibleControls)' exists: ilsa users lists them")
            }
            Console.note("added \(name.visibleControls): \(Scope(account, roster: roster))")
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "disable", abstract: "Stop an account: it cannot log in, and its tokens stop working.")
        @OptionGroup var storeOption: StoreOption
        @Argument(help: "The account's name.") var name: String

        func run() throws { try UsersCommand.set(name, disabled: true, in: storeOption) }
    }

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "enable", abstract: "Let a disabled account in again.")
        @OptionGroup var storeOption: StoreOption
        @Argument(help: "The account's name.") var name: String

        func run() throws { try UsersCommand.set(name, disabled: false, in: storeOption) }
    }

    /// Disables or enables an account, and says so.
    static func set(_ name: String, disabled: Bool, in storeOption: StoreOption) throws {
        try Accounts.change(name, in: try storeOption.open(create: false)) { try $0.setAccount(name, disabled: disabled) }
        Console.note("\(disabled ? "disabled" : "enabled") \(name.visibleControls)")
    }

    struct Password: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "password", abstract: "Set an account's password, read from standard input.")
        @OptionGroup var storeOption: StoreOption
        @Argument(help: "The account's name.") var name: String

        func run() throws {
            let store = try storeOption.open(create: false)
            guard try store.account(named: name) != nil else { throw Accounts.unknown(name, in: store) }
            let password = try Accounts.readPassword(prompt: "new password for \(name): ")
            try Accounts.change(name, in: store) { try $0.setPassword(of: name, hash: Passwords.hash(password)) }
            Console.note("password of \(name.visibleControls) changed")
        }
    }
}
