import Foundation
import IlsaStore
import IlsaStoreSQLite
import IlsaTesting
import Testing

/// `ilsa users` and `ilsa tokens` as an operator uses them: passwords from standard input,
/// roles and districts checked against the roster, a token printed once and kept as a hash.
struct AccountsCommandTests {
    let password = Data("correct horse battery\n".utf8)

    @Test func addListDisableAndIssueATokenOnce() async throws {
        let scratch = try Workspace()
        let added = try await scratch.ilsa(["users", "add", "신길동장", "--role", "DONG.HEAD", "--district", "singil"], stdin: password)
        #expect(added.exited(0), "\(added.summary)")
        #expect(added.stderrText.contains("added 신길동장: DONG.HEAD in singil: the tasks assigned to DONG.HEAD there"))
        #expect(try await scratch.ilsa(["users", "add", "sitroom", "--role", "CITY.SITROOM"], stdin: password).exited(0))

        let list = try await scratch.ilsa(["users"])
        #expect(list.stdoutText.contains("sitroom") && list.stdoutText.contains("the control tower"), "\(list.summary)")
        let store = try SQLiteRunStore(path: scratch.store)
        let account = try #require(try store.account(named: "신길동장"))
        #expect(account.passwordHash.hasPrefix("$2") && !account.passwordHash.contains("correct"))

        let issued = try await scratch.ilsa(["tokens", "issue", "sitroom", "--label", "pager bridge"])
        #expect(issued.exited(0), "\(issued.summary)")
        let token = issued.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.hasPrefix("ilsa_") && token.count == 5 + 8 + 1 + 43, "\(token)")
        let tokens = try await scratch.ilsa(["tokens"])
        #expect(tokens.stdoutText.contains("pager bridge") && tokens.stdoutText.contains("active"))
        #expect(!tokens.stdoutText.contains(String(token.suffix(43))), "the secret is never shown again")
        let stored = try await scratch.ilsa(["tokens", "--json"])
        #expect(!stored.stdoutText.contains(String(token.suffix(43))))

        #expect(try await scratch.ilsa(["tokens", "revoke", token]).exited(0))
        #expect(try store.tokens(account: "sitroom").first?.revokedAt != nil)
        #expect(try await scratch.ilsa(["users", "disable", "sitroom"]).exited(0))
        let refused = try await scratch.ilsa(["tokens", "issue", "sitroom"])
        #expect(refused.exited(2) && refused.stderrText.contains("is disabled"), "\(refused.summary)")
    }

    @Test(arguments: [
        (
            ["users", "add", "x", "--role", "DONG.HAED", "--district", "singil"],
            "no role 'DONG.HAED' in the roster (did you mean 'DONG.HEAD'?)"
        ),
        (["users", "add", "x", "--role", "DONG.HEAD"], "DONG.HEAD is held in districts: say which with --district"),
        (["users", "add", "x", "--role", "CITY.SITROOM", "--district", "singil"], "CITY.SITROOM is a citywide role: leave out --district"),
        (["users", "add", "x", "--role", "DONG.HEAD", "--district", "atlantis"], "no district 'atlantis' in the roster"),
        (["users", "add", "a b", "--role", "CITY.SITROOM"], "an account name is 1 to 64 letters"),
        (["users", "disable", "nobody"], "no account 'nobody'"),
        (["tokens", "issue", "nobody"], "no account 'nobody'"),
        (["tokens", "revoke", "nope"], "no token 'nope'"),
    ])
    func badInputIsOneClearLine(_ arguments: [String], _ message: String) async throws {
        let scratch = try Workspace()
        _ = try await scratch.ilsa(["users", "add", "seed", "--role", "CITY.SITROOM"], stdin: password)
        let result = try await scratch.ilsa(arguments, stdin: password)
        #expect(result.exited(2), "\(result.summary)")
        #expect(result.stderrText.contains(message), "\(result.summary)")
    }

    @Test func aWeakOrMissingPasswordIsRefused() async throws {
        let scratch = try Workspace()
        for (input, message) in [("short\n", "at least 10 characters"), ("", "no password on standard input")] {
            let result = try await scratch.ilsa(["users", "add", "x", "--role", "CITY.SITROOM"], stdin: Data(input.utf8))
            #expect(result.exited(2) && result.stderrText.contains(message), "\(result.summary)")
        }
    }
}
