import Foundation
import Hummingbird
import IlsaEngine
import IlsaStore

extension API {
    func registerRuns(on api: RouterGroup<IlsaContext>) {
        api.get("runs") { request, context in
            let caller = try context.signedIn()
            var query = RunQuery()
            if let status = request.uri.queryParameters.get("status") { query.statuses = try Self.statuses(status) }
            let page = try Self.page(request)
            return try await kept(request, caller) { [query] in
                let found = try await service.read { try $0.runs(query, page: page) }
                return Self.list(found, request: page) { runJSON($0) }
            }
        }
        api.post("runs") { request, context in try await start(request, context) }
        api.get("runs/:run") { _, context in
            _ = try context.signedIn()
            return JSONResponse.make(runJSON(try await run(context.parameters.require("run"))))
        }
        api.get("runs/:run/history") { _, context in
            let caller = try context.signedIn()
            guard Permissions.allows(caller, .seeRunHistory) else {
                throw HTTPProblem.forbidden("a run's history is the control tower's to read")
            }
            let record = try await run(context.parameters.require("run"))
            let events = try await service.read { try $0.history(of: record.id) }
            return JSONResponse.make(.object(["run": .string(record.id.rawValue), "events": .array(events.map(eventJSON))]))
        }
        api.post("runs/:run/signal") { request, context in
            let caller = try context.signedIn()
            guard Permissions.allows(caller, .signalRun) else { throw HTTPProblem.forbidden("signalling a run is the control tower's") }
            let body = try await JSONResponse.body(request, context: context)
            try body.only(["name", "payload"])
            let name = try body.text("name", maxLength: 200)
            let payload = body["payload"] ?? .null
            let record = try await run(context.parameters.require("run"))
            let change = try await service.act { try $0.signal(record.id, name: name, payload: payload) }
            return JSONResponse.make(.object(changeJSON(change, now: service.now)))
        }
        api.post("runs/:run/cancel") { request, context in
            let caller = try context.signedIn()
            guard Permissions.allows(caller, .cancelRun) else { throw HTTPProblem.forbidden("cancelling a run is the control tower's") }
            let body = try await JSONResponse.body(request, context: context)
            try body.only(["reason"])
            let reason = try body.optionalText("reason")
            let record = try await run(context.parameters.require("run"))
            guard !record.status.isFinal else { throw HTTPProblem(.conflict, "conflict", "run \(record.id) has ended (\(record.status))") }
            let name = caller.account.name
            let change = try await service.act { try $0.cancel(record.id, by: name, reason: reason) }
            return JSONResponse.make(.object(changeJSON(change, now: service.now)))
        }
    }

    /// `POST /runs` with `{"workflow": "heavy_rain", "params": {"district": "singil"}}`: starts a
    /// playbook of the server's workflows folder, its parameters checked as `ilsa run` checks them.
    private func start(_ request: Request, _ context: IlsaContext) async throws -> Response {
        let caller = try context.signedIn()
        guard Permissions.allows(caller, .startRun) else { throw HTTPProblem.forbidden("starting a run is the control tower's") }
        let body = try await JSONResponse.body(request, context: context)
        try body.only(["workflow", "params"])
        let name = try body.text("workflow", maxLength: 100)
        guard name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else {
            throw HTTPProblem.badRequest("'workflow' is a playbook's name (heavy_rain), not a path")
        }
        let path = workflows.appendingPathComponent(name + ".lua").path
        guard FileManager.default.fileExists(atPath: path) else {
            let known =
                (try? FileManager.default.contentsOfDirectory(atPath: workflows.path))?.filter { $0.hasSuffix(".lua") }
                .map { String($0.dropLast(4)) }.sorted() ?? []
            throw HTTPProblem.notFound("no playbook '\(name)'; there are \(known.joined(separator: ", "))")
        }
        var arguments: [String: String] = [:]
        switch body["params"] {
        case nil, .null?: break
        case .object(let fields)?:
            for (key, value) in fields {
                switch value {
                case .string(let text): arguments[key] = text
                case .integer(let number): arguments[key] = String(number)
                case .number(let number): arguments[key] = String(number)
                case .bool(let flag): arguments[key] = String(flag)
                default: throw HTTPProblem.badRequest("params.\(key) must be a string, number or boolean")
                }
            }
        default: throw HTTPProblem.badRequest("'params' must be an object of names and values")
        }
        let change = try await service.act { [arguments] in try $0.start(playbook: path, arguments: arguments) }
        var object = changeJSON(change, now: service.now)
        object["started_by"] = .string(caller.account.name)
        return JSONResponse.make(.object(object), status: .created)
    }

    func run(_ text: String) async throws -> RunRecord {
        guard let record = try await service.read({ try $0.run(RunID(text)) }) else { throw HTTPProblem.notFound("no run '\(text)'") }
        return record
    }

    static func statuses(_ text: String) throws -> Set<RunStatus>? {
        switch text {
        case "all": return nil
        case "active": return [.running, .waiting, .paused]
        default:
            return try Set(
                text.split(separator: ",").map { name in
                    guard let status = RunStatus(rawValue: String(name)) else {
                        throw HTTPProblem.badRequest(
                            "status '\(name)' is not one of all, active, \(RunStatus.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    return status
                })
        }
    }

    func runJSON(_ run: RunRecord) -> JSONValue {
        .object([
            "id": .string(run.id.rawValue), "workflow": .string(run.workflow), "title": .string(run.title),
            "status": .string(run.status.rawValue), "params": run.params,
            "created_at": ReadModelJSON.time(run.createdAt), "created_local": ReadModelJSON.local(run.createdAt, service.city),
            "updated_at": ReadModelJSON.time(run.updatedAt), "updated_local": ReadModelJSON.local(run.updatedAt, service.city),
            "wake_at": ReadModelJSON.time(run.wakeAt),
        ])
    }

    func eventJSON(_ event: HistoryEvent) -> JSONValue {
        .object([
            "sequence": .integer(Int64(event.sequence)), "at": ReadModelJSON.time(event.at),
            "at_local": ReadModelJSON.local(event.at, service.city), "kind": .string(event.kind.rawValue),
            "name": .string(event.name), "command": event.command.map { .integer(Int64($0)) } ?? .null, "payload": event.payload,
        ])
    }
}
