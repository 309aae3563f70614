import IlsaEngine
import ArgumentParser
import Foundation
import IlsaAccess
import IlsaStore
import IlsaTerminal

/// `ilsa tokens`: API tokens for machines (`Authorization: Bearer TOKEN`).
struct TokensCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens",
        abstract: "Issue, list and revoke API tokens for machines.",
        discussion: """
            A token acts as its account, with the account's rights: send it as \
            `Authorization: Bearer TOKEN` to the server's API. It is printed once, when it is \
            issued; the store keeps only its id and a SHA-256 of its secret. Revoke it with its \
            id (the part after ilsa_), or disable the account to stop all of its tokens.

            Examples:
              ilsa tokens issue sitroom --label "pager bridge"
              ilsa tokens
              ilsa tokens revoke k3m9p2xa
            """,
        subcommands: [List.self, Issue.self, Revoke.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List tokens (the default), never their secrets.")
        @OptionGroup var storeOption: StoreOption
        @OptionGroup var rosterOption: RosterOption
        @OptionGroup var output: OutputOptions
        @Option(name: .customLong("user"), help: ArgumentHelp("Only this account's tokens.", valueName: "name"))
        var account: String?

        func run() throws {
            let store = try storeOption.open(create: false)
            let tokens = try store.tokens(account: account)
            if output.json {
                try output.print(
                    json: .array(
                        tokens.map { token in
                            .object([
                                "id": .string(token.id), "user": .string(token.account),
                                "label": token.label.map(JSONValue.string) ?? .null,
                                "created_at": .string(ReadModelJSON.iso(token.createdAt)),
                                "revoked_at": token.revokedAt.map { .string(ReadModelJSON.iso($0)) } ?? .null,
                            ])
                        }))
                return
            }
            guard !tokens.isEmpty else {
                Console.note("no tokens\(account.map { " for \($0.visibleControls)" } ?? ""): ilsa tokens issue NAME")
                return
            }
            let city = CityTime(roster: try? rosterOption.load())
            var table = TextTable(columns: [.init("ID"), .init("USER"), .init("LABEL", truncatable: true), .init("ISSUED"), .init("STATE")])
            for token in tokens {
                table.append([
                    token.id, token.account.visibleControls, (token.label ?? "").visibleControls, TimeText.stamp(token.createdAt, city),
                    token.revokedAt.map { "revoked \(TimeText.stamp($0, city))" } ?? "active",
                ])
            }
            print(table.render(fittingWidth: TaskTable.fittingWidth(), styler: output.styler) { _, _ in .plain })
        }
    }

    struct Issue: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "issue", abstract: "Issue a token for an account and print it (once).")
        @OptionGroup var storeOption: StoreOption
        @Argument(help: "The account the token acts as.") var name: String
        @Option(help: ArgumentHelp("What the token is for.", valueName: "text")) var label: String?

        func run() throws {
            let store = try storeOption.open(create: false)
            guard let account = try store.account(named: name) else { throw Accounts.unknown(name, in: store) }
            guard !account.disabled else { throw InputError("account '\(name.visibleControls)' is disabled: ilsa users enable \(name)") }
            if let label, label.utf8.count > 200 || label.contains(where: { $0.isNewline }) {
                throw InputError("--label is one line of at most 200 bytes")
            }
            let secret = TokenSecret.generate()
            try store.addToken(APIToken(id: secret.id, account: name, label: label, secretHash: secret.secretHash, createdAt: Date()))
            print(secret)
            Console.note("token \(secret.id) for \(name.visibleControls); it is shown only now: keep it where the machine reads it")
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a token by its id.")
        @OptionGroup var storeOption: StoreOption
        @Argument(help: "The token's id (ilsa tokens lists them), or the whole token.") var id: String

        func run() throws {
            let store = try storeOption.open(create: false)
            let id = TokenSecret(parsing: id)?.id ?? id
            do {
                try store.revokeToken(id: id, at: Date())
            } catch let error as StoreError where error.code == .notFound {
                throw InputError("no token '\(id.visibleControls)': ilsa tokens lists them")
            }
            Console.note("revoked token \(id.visibleControls)")
        }
    }
}
