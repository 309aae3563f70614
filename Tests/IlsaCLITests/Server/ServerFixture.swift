import Foundation
import IlsaTesting

/// A situation room for the server's tests: `ilsa serve` with heavy-rain warnings running in
/// Singil (`rs`) and Choji (`rc`), and one account of each kind with its token.
struct SituationRoom {
    let server: ServerUnderTest
    /// The control tower's situation room, a Singil district chair, and the dong heads of
    /// Singil and Choji.
    let tower: String
    let singilChair: String
    let singilHead: String
    let chojiHead: String

    static func open() async throws -> SituationRoom {
        let server = try await ServerUnderTest.start()
        try await server.startRun("heavy_rain", id: "rs", ["district": "singil", "level": "warning"])
        try await server.startRun("heavy_rain", id: "rc", ["district": "choji", "level": "warning"])
        return SituationRoom(
            server: server,
            tower: try await server.account("sitroom", role: "CITY.SITROOM"),
            singilChair: try await server.account("singil-chair", role: "DIST.CHAIR", district: "singil"),
            singilHead: try await server.account("singil-head", role: "DONG.HEAD", district: "singil"),
            chojiHead: try await server.account("choji-head", role: "DONG.HEAD", district: "choji"))
    }

    /// The ids of a run's open tasks assigned to a role, as the tower lists them.
    func tasks(run: String, role: String) throws -> [String] {
        let reply = try server.call("GET", "/api/v1/tasks?run=\(run)&role=\(role)", token: tower)
        return (reply.json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }

    /// A run's open escalations' ids.
    func escalations(run: String) throws -> [String] {
        let reply = try server.call("GET", "/api/v1/escalations?run=\(run)", token: tower)
        return (reply.json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }
}
