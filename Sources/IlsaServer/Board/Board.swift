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

    func register(on router: Router<IlsaContext>) {
        router.get("/") { _, _ in Response.redirect(to: "/board", type: .found) }
        router.get("board/assets/:file") { _, context in try BoardAssets.response(context.parameters.require("file")) }
        let pages = router.group().add(middleware: BoardProblems())
        registerSignIn(on: pages)
        pages.get("board") { request, context in try await overview(request, caller: context.signedIn()) }
        pages.get("board/districts/:district") { _, context in
            try await district(context.parameters.require("district"), caller: context.signedIn())
        }
        pages.get("board/tasks/:task") { _, context in try await task(context.parameters.require("task"), caller: context.signedIn()) }
        pages.get("board/runs/:run") { _, context in try await run(context.parameters.require("run"), caller: context.signedIn()) }
        pages.get("board/runs/:run/report") { _, context in
            try await report(context.parameters.require("run"), caller: context.signedIn())
        }
        registerActions(on: pages)
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
