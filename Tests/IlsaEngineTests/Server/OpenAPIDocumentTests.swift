import Foundation
import IlsaEngine
import IlsaServer
import IlsaStore
import IlsaTesting
import Testing

/// The API's OpenAPI document and its routes are kept in step both ways: every route the server
/// answers under /api/v1 is documented with its method, and the document names no other.
struct OpenAPIDocumentTests {
    @Test func everyRouteIsDocumentedAndNothingElse() throws {
        let roster = try Roster.load(contentsOfFile: Fixtures.rosterPath)
        let store = InMemoryRunStore()
        let service = EngineService(engine: Engine(store: store, clock: WallClock(), roster: roster), store: store, roster: roster)
        let routes = Set(SituationRoomServer.apiRoutes(service: service))
        #expect(routes.count >= 15, "\(routes)")

        let data = try Data(contentsOf: Fixtures.url("Sources/IlsaServer/Resources/openapi.json"))
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var documented: Set<String> = []
        for (path, operations) in paths {
            for (method, operation) in operations {
                documented.insert("\(method.uppercased()) \(path)")
                let responses = (operation as? [String: Any])?["responses"] as? [String: Any] ?? [:]
                #expect(responses.keys.contains { $0.hasPrefix("2") }, "\(method) \(path) documents its success")
                if path != "/api/v1/openapi.json" {
                    #expect(responses["401"] != nil && responses["403"] != nil, "\(method) \(path) documents 401 and 403")
                }
            }
        }
        #expect(routes.subtracting(documented).isEmpty, "routes without documentation: \(routes.subtracting(documented).sorted())")
        #expect(documented.subtracting(routes).isEmpty, "documented but not routed: \(documented.subtracting(routes).sorted())")
    }
}
