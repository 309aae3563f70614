import Foundation
import IlsaTesting
import Testing

/// `ilsa roster` (issue 18): a coordinator finds role codes, districts and units without reading
/// the roster file, by any of their names.
struct RosterCommandTests {
    @Test func theDistrictsRolesAndUnitsAreListedByAnyName() async throws {
        let desk = try Workspace(user: "상황실")
        let districts = try await desk.ilsa(["roster"])
        #expect(districts.exited(0), "\(districts.summary)")
        #expect(districts.stdoutText.hasPrefix("CODE"), "\(districts.stdoutText)")
        #expect(districts.stdoutText.contains("singil") && districts.stdoutText.contains("신길"), "\(districts.stdoutText)")
        let json = try #require(try await desk.json(["roster", "districts"]) as? [[String: Any]])
        #expect(json.count == 10, "ten district meetings")

        let roles = try await desk.ilsa(["roster", "roles"])
        #expect(roles.stdoutText.contains("DONG.HEAD") && roles.stdoutText.contains("동장"), "\(roles.stdoutText)")

        let units = try #require(try await desk.json(["roster", "units", "--district", "신길", "--role", "동장"]) as? [[String: Any]])
        #expect(!units.isEmpty && units.allSatisfy { ($0["roles"] as? [String])?.contains("DONG.HEAD") == true }, "\(units)")

        let shown = try await desk.ilsa(["roster", "show", "동장"])
        #expect(shown.exited(0) && shown.stdoutText.hasPrefix("role DONG.HEAD"), "\(shown.summary)")
        let district = try await desk.ilsa(["roster", "show", "Singil"])
        #expect(district.exited(0) && district.stdoutText.hasPrefix("district singil"), "\(district.summary)")
        let miss = try await desk.ilsa(["roster", "show", "singl"])
        #expect(miss.exited(2) && miss.stderrText.contains("did you mean 'singil'?"), "\(miss.summary)")
    }
}
