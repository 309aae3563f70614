import Foundation
import IlsaAccess
import IlsaEngine
import IlsaTesting
import Testing

/// Passwords, tokens and what each kind of account may see, against the city's roster.
struct AccessTests {
    static let roster = Fixtures.roster

    func account(_ role: String, _ district: String? = nil) -> Account {
        Account(name: "a", role: role, district: district, passwordHash: "", createdAt: Date())
    }

    func task(role: String, district: String?) -> TaskSummary {
        TaskSummary(
            id: TaskID(run: "r1", number: 1), run: "r1", title: "t", role: role, district: district, createdAt: Date())
    }

    @Test func theTowerAndTheSituationRoomSeeEverythingAndDecide() {
        for role in ["CITY.MAYOR", "CITY.SITROOM", "CITY.SAFETY", "POL.SN", "POL.DW", "FIRE.CHIEF", "EDU.SUPT", "CG.CHIEF"] {
            let scope = Scope(account(role), roster: Self.roster)
            #expect(scope == .city, "\(role)")
            #expect(scope.isTower && scope.covers(task(role: "DONG.HEAD", district: "choji")))
        }
        #expect(!Scope.towerRoles(in: Self.roster).contains("DONG.HEAD"))
        #expect(!Scope.towerRoles(in: Self.roster).contains("CITY.ROADS"))
    }

    @Test func aDongHeadSeesItsRolesTasksInItsDistrictOnly() {
        let scope = Scope(account("DONG.HEAD", "singil"), roster: Self.roster)
        #expect(scope == .role("DONG.HEAD", district: "singil") && !scope.isTower)
        #expect(scope.covers(task(role: "DONG.HEAD", district: "singil")))
        #expect(!scope.covers(task(role: "DONG.HEAD", district: "choji")))
        #expect(!scope.covers(task(role: "FIRE.SC119", district: "singil")))
    }

    @Test func aDistrictChairSeesTheDistrictButDoesNotDecide() {
        let scope = Scope(account("DIST.CHAIR", "choji"), roster: Self.roster)
        #expect(scope == .district("choji") && !scope.isTower)
        #expect(scope.covers(task(role: "FIRE.SC119", district: "choji")))
        #expect(!scope.covers(task(role: "FIRE.SC119", district: "singil")))
    }

    @Test func districtRolesNeedADistrictAndCitywideOnesDoNot() {
        for role in ["DONG.HEAD", "FIRE.SC119", "POL.BOX", "DIST.CHAIR"] { #expect(Scope.isDistrictRole(role, in: Self.roster), "\(role)") }
        for role in ["CITY.SITROOM", "CITY.ROADS", "FIRE.CHIEF"] { #expect(!Scope.isDistrictRole(role, in: Self.roster), "\(role)") }
        #expect(Scope(account("CITY.ROADS"), roster: Self.roster) == .citywideRole("CITY.ROADS"))
    }

    @Test func passwordsAreHashedAndChecked() {
        let hash = Passwords.hash("correct horse battery", cost: 4)
        #expect(hash.hasPrefix("$2") && !hash.contains("correct"))
        #expect(Passwords.verify("correct horse battery", hash: hash))
        #expect(!Passwords.verify("correct horse batterY", hash: hash))
        #expect(Passwords.problem(with: "short") != nil)
        #expect(Passwords.problem(with: String(repeating: "가", count: 30)) != nil, "90 bytes: past what bcrypt reads")
        #expect(Passwords.problem(with: "two\nlines here") != nil)
        #expect(Passwords.problem(with: "correct horse battery") == nil)
    }

    @Test func tokensRoundTripAndOnlyTheirSecretMatches() throws {
        let token = TokenSecret.generate()
        let other = TokenSecret.generate()
        #expect(token != other)
        #expect(TokenSecret(parsing: token.description) == token)
        #expect(token.description.hasPrefix("ilsa_") && token.secret.count == 43)
        #expect(token.matches(token.secretHash))
        #expect(!token.matches(other.secretHash))
        #expect(!token.secretHash.contains(token.secret))
        for bad in [
            "", "ilsa_", "Bearer x", "ilsa_short_secret", "ilsa_abcd2345_\(String(repeating: "a", count: 10))",
            "ilsa_ABCD2345_\(token.secret)", "ilsa_abcd2345_\(token.secret)<script>",
        ] {
            #expect(TokenSecret(parsing: bad) == nil, "\(bad)")
        }
    }
}
