import Foundation
import Hummingbird
import IlsaEngine
import IlsaStore

extension API {
    func registerEscalations(on api: RouterGroup<IlsaContext>) {
        api.get("escalations") { request, context in
            let caller = try context.signedIn()
            guard Permissions.allows(caller, .seeEscalations) else { throw HTTPProblem.forbidden("escalations are the control tower's") }
            var query = EscalationQuery(states: EscalationQuery.openStates)
            query.run = request.uri.queryParameters.get("run").map { RunID($0) }
            if request.uri.queryParameters.get("state") == "all" { query.states = nil }
            let page = try Self.page(request)
            return try await kept(request, caller) { [query] in
                let found = try await service.read { try $0.escalations(query, page: page) }
                return Self.list(found, request: page) { ReadModelJSON.escalation($0, city: service.city) }
            }
        }
        api.post("escalations/:escalation/ack") { request, context in
            let caller = try context.signedIn()
            guard Permissions.allows(caller, .acknowledgeEscalation) else {
                throw HTTPProblem.forbidden("acknowledging an escalation is the control tower's")
            }
            try await JSONResponse.body(request, context: context).only([])
            let escalation = try await openEscalation(context.parameters.require("escalation"))
            let name = caller.account.name
            let change = try await service.act { try $0.acknowledge(escalation: escalation.id, by: name) }
            let after = try await service.read { try $0.escalation(escalation.id) } ?? escalation
            var object = changeJSON(change, now: service.now)
            object["escalation"] = ReadModelJSON.escalation(after, city: service.city)
            return JSONResponse.make(.object(object))
        }
        api.post("escalations/:escalation/decide") { request, context in
            let caller = try context.signedIn()
            guard Permissions.allows(caller, .decideEscalation) else {
                throw HTTPProblem.forbidden("only the control tower decides escalations")
            }
            let body = try await JSONResponse.body(request, context: context)
            try body.only(["option", "note"])
            let option = try body.text("option", maxLength: 200)
            let note = try body.optionalText("note")
            let escalation = try await openEscalation(context.parameters.require("escalation"))
            guard escalation.options.isEmpty || escalation.options.contains(option) else {
                throw HTTPProblem.badRequest(
                    "'\(option)' is not an option of \(escalation.id): \(escalation.options.joined(separator: ", "))")
            }
            let name = caller.account.name
            let change = try await service.act { try $0.decide(escalation.id, option: option, by: name, note: note) }
            var object = changeJSON(change, now: service.now)
            object["escalation"] = ReadModelJSON.escalation(
                change.escalations.first { $0.id == escalation.id } ?? escalation, city: service.city)
            return JSONResponse.make(.object(object))
        }
    }

    private func openEscalation(_ text: String) async throws -> EscalationSummary {
        guard let id = EscalationID(text) else { throw HTTPProblem.badRequest("'\(text)' is not an escalation id (RUN.N)") }
        guard let escalation = try await service.read({ try $0.escalation(id) }) else {
            throw HTTPProblem.notFound("no escalation '\(text)'")
        }
        guard escalation.state.isOpen else {
            throw HTTPProblem(
                .conflict, "conflict",
                "escalation \(text) is \(escalation.state.rawValue)" + (escalation.decision.map { " ('\($0)')" } ?? ""))
        }
        return escalation
    }
}
