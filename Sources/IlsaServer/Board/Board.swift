import Foundation
import Hummingbird
import IlsaAccess
import IlsaEngine
import IlsaStore

/// The board: server-rendered pages for the control tower and the districts, with forms for
/// every action and a small script (`board.js`) that refreshes a page when the live stream says
/// something it shows changed. Every page and form asks ``Permissions`` as the API does.
struct Board {
    let service: EngineService
    let sessions: Sessions
    let throttle: LoginThrottle
    /// Whether cookies are marked Secure (the server speaks HTTPS).
    let secure: Bool
    let cache: AnswerCache

    func register(on router: Router<IlsaContext>) {
        router.get("/") { _, _ in Response.redirect(to: "/board", type: .found) }
        router.get("board/assets/:file") { _, context in try BoardAssets.response(context.parameters.require("file")) }
        let pages = router.group().add(middleware: BoardProblems())
        registerSignIn(on: pages)
        pages.get("board") { request, context in
            let caller = try context.signedIn()
            return try await kept(request, caller) { try await overview(request, caller: caller) }
        }
        pages.get("board/districts/:district") { request, context in
            let caller = try context.signedIn()
            let id = try context.parameters.require("district")
            return try await kept(request, caller) { try await district(id, caller: caller) }
        }
        pages.get("board/tasks/:task") { request, context in
            let caller = try context.signedIn()
            let id = try context.parameters.require("task")
            return try await kept(request, caller) { try await task(id, caller: caller) }
        }
        pages.get("board/runs/:run") { request, context in
            let caller = try context.signedIn()
            let id = try context.parameters.require("run")
            return try await kept(request, caller) { try await run(id, caller: caller) }
        }
        pages.get("board/runs/:run/report") { _, context in
            try await report(context.parameters.require("run"), caller: context.signedIn())
        }
        registerActions(on: pages)
    }
}

extension Board {
    /// A page from the cache while nothing has changed (``AnswerCache``); each session's pages
    /// apart, since its forms carry its CSRF token.
    func kept(_ request: Request, _ caller: Caller, _ make: () async throws -> Answer) async throws -> Response {
        try await cache.response(
            who: caller.account.name + "\u{0}" + (caller.session?.csrf ?? ""), request: request.uri.description, now: service.now, make)
    }
}

/// Turns failures under the board into pages: no sign-in goes to the sign-in page.
struct BoardProblems: RouterMiddleware {
    typealias Context = IlsaContext
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let problem = HTTPProblem.from(error)
            if problem.status == .unauthorized && request.method == .get {
                let next = request.uri.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/board"
                return Response.redirect(to: "/login?next=\(next)", type: .normal)
            }
            if problem.status == .internalServerError { context.logger.error("\(request.method) \(request.uri.path): \(error)") }
            return BoardPage.problem(problem, caller: context.caller)
        }
    }
}
