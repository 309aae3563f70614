import Foundation
import Hummingbird
import IlsaEngine
import IlsaStore

/// The JSON API under `/api/v1`: what the duty officer's commands do, for programs and the
/// board's scripts. Every route asks ``Permissions`` and records actions under the caller's
/// account; the OpenAPI document (`openapi.json`) describes each one, and a test keeps the two
/// in step (``SituationRoomServer/apiRoutes(service:)``).
struct API {
    let service: EngineService
    /// Where `POST /runs` finds playbooks, by name: `heavy_rain` is `heavy_rain.lua` there.
    let workflows: URL
    let cache: AnswerCache

    func register(on router: Router<IlsaContext>) {
        let api = router.group("api/v1").add(middleware: APIProblems())
        api.get("openapi.json") { _, _ in OpenAPIDocument.response() }
        api.get("me") { _, context in try me(context.signedIn()) }
        registerRuns(on: api)
        registerTasks(on: api)
        registerEscalations(on: api)
        api.get("events") { request, context in try events(request, caller: context.signedIn()) }
    }

    private func me(_ caller: Caller) -> Response {
        JSONResponse.make(
            .object([
                "name": .string(caller.account.name), "role": .string(caller.account.role),
                "district": ReadModelJSON.text(caller.account.district), "person": ReadModelJSON.text(caller.account.person),
                "scope": .string(caller.scope.description), "control_tower": .bool(caller.scope.isTower),
                "time_zone": .string(service.city.zone.identifier),
            ]))
    }

    /// Which page of a list: `page` from 1, `per_page` from 1 to 500 (50 by default).
    static func page(_ request: Request) throws -> PageRequest {
        let query = request.uri.queryParameters
        let page = try query.get("page").map { try positive($0, "page") } ?? 1
        let size = try query.get("per_page").map { try positive($0, "per_page") } ?? 50
        guard size <= 500 else { throw HTTPProblem.badRequest("per_page is at most 500") }
        return PageRequest(number: page, size: size)
    }

    private static func positive(_ text: String, _ name: String) throws -> Int {
        guard let value = Int(text), value >= 1 else {
            throw HTTPProblem.badRequest("\(name) must be a whole number from 1, not '\(text)'")
        }
        return value
    }

    /// A page of a list as JSON: the items, and where the page is in the whole.
    static func list<Item>(_ page: Page<Item>, request: PageRequest, _ json: (Item) -> JSONValue) -> Answer {
        JSONResponse.answer(
            .object([
                "items": .array(page.items.map(json)), "total": page.total.map { .integer(Int64($0)) } ?? .null,
                "page": .integer(Int64(request.limit == 0 ? 1 : request.offset / request.limit + 1)),
                "per_page": .integer(Int64(request.limit)), "has_more": .bool(page.hasMore),
            ]))
    }

    /// A list from the cache while nothing has changed (``AnswerCache``): the same for every
    /// request of an account.
    func kept(_ request: Request, _ caller: Caller, _ make: () async throws -> Answer) async throws -> Response {
        try await cache.response(who: caller.account.name, request: request.uri.description, now: service.now, make)
    }

    /// What an action changed, as the CLI's `--json` says it: the run's status and what it made.
    func changeJSON(_ change: RunChange, now: Date) -> [String: JSONValue] {
        [
            "run": .string(change.run.rawValue), "run_status": .string(change.status.rawValue),
            "new_tasks": .array(change.createdTasks.map { ReadModelJSON.task($0, now: now, city: service.city) }),
            "new_escalations": .array(change.raisedEscalations.map { ReadModelJSON.escalation($0, city: service.city) }),
            "closed_tasks": .array(change.tasksClosedByRun.map { ReadModelJSON.task($0, now: now, city: service.city) }),
        ]
    }
}

/// Turns every failure under `/api/v1` into a JSON problem.
struct APIProblems: RouterMiddleware {
    typealias Context = IlsaContext
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            return JSONResponse.problem(
                HTTPProblem(error.status, error.status == .notFound ? "not_found" : "bad_request", error.body ?? "\(error.status)"))
        } catch {
            let problem = HTTPProblem.from(error)
            if problem.status == .internalServerError { context.logger.error("\(request.method) \(request.uri.path): \(error)") }
            return JSONResponse.problem(problem)
        }
    }
}
