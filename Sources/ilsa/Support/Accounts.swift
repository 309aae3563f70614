import Foundation
import IlsaAccess
import IlsaEngine
import IlsaStore

#if canImport(Glibc)
    import Glibc
#endif

/// What `ilsa users` and `ilsa tokens` check and read.
enum Accounts {
    /// A login name: 1 to 64 characters, letters (Korean too), digits, `.`, `-`, `_`.
    static func checkName(_ name: String) throws {
        guard (1...64).contains(name.count), name.allSatisfy({ $0.isLetter || $0.isNumber || ".-_".contains($0) }) else {
            throw InputError("an account name is 1 to 64 letters, digits, '.', '-' or '_', not '\(name.visibleControls)'")
        }
    }

    /// Checks a role, district and person against the roster; a role and a district may be
    /// named by their code or their Korean or English name (`동장`, `신길`).
    /// - Returns: The role's and the district's codes, as the account keeps them.
    static func check(role typedRole: String, district typedDistrict: String?, person: String?, roster: Roster) throws -> (
        role: String, district: String?
    ) {
        guard let role = roster.role(named: typedRole)?.code.rawValue else {
            throw InputError(
                "no role '\(typedRole.visibleControls)' in the roster" + DidYouMean.hint(for: typedRole, in: roster.names(of: .roles)))
        }
        var district: String?
        if let typedDistrict {
            guard let found = roster.district(named: typedDistrict) else {
                throw InputError(
                    "no district '\(typedDistrict.visibleControls)' in the roster"
                        + DidYouMean.hint(for: typedDistrict, in: roster.names(of: .districts)))
            }
            district = found.id.rawValue
            guard Scope.isDistrictRole(role, in: roster) else {
                throw InputError("\(role) is a citywide role: leave out --district")
            }
        } else if Scope.isDistrictRole(role, in: roster) {
            throw InputError(
                "\(role) is held in districts: say which with --district (\(roster.districts.map(\.id.rawValue).joined(separator: ", ")))")
        }
        if let person, roster.people.first(where: { $0.id.rawValue == person }) == nil {
            throw InputError("no person '\(person.visibleControls)' in the roster")
        }
        return (role, district)
    }

    /// A password from standard input: typed without echo at a terminal, else its first line.
    static func readPassword(prompt: String) throws -> String {
        let password: String?
        if isatty(STDIN_FILENO) == 1 {
            FileHandle.standardError.write(Data(prompt.utf8))
            var original = termios()
            tcgetattr(STDIN_FILENO, &original)
            var silent = original
            silent.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
            password = readLine(strippingNewline: true)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &original)
            FileHandle.standardError.write(Data("\n".utf8))
        } else {
            password = readLine(strippingNewline: true)
        }
        guard let password, !password.isEmpty else { throw InputError("no password on standard input") }
        if let problem = Passwords.problem(with: password) { throw InputError(problem) }
        return password
    }

    /// An account change, with an unknown name said plainly.
    static func change(_ name: String, in store: any AccountStore, _ body: (any AccountStore) throws -> Void) throws {
        do {
            try body(store)
        } catch let error as StoreError where error.code == .notFound {
            throw unknown(name, in: store)
        }
    }

    static func unknown(_ name: String, in store: any AccountStore) -> InputError {
        let names = (try? store.accounts().map(\.name)) ?? []
        return InputError("no account '\(name.visibleControls)'" + DidYouMean.hint(for: name, in: names))
    }
}
