import Foundation
import HTTPTypes
import Hummingbird
import IlsaAccess
import IlsaStore

/// Finds who is asking, for every request: a bearer token (machines), else a session cookie
/// (browsers). A bearer token that does not check out is refused at once (401), never taken as
/// "not signed in". A disabled account's token and sessions stop working.
///
/// A browser's unsafe request (a POST) must also come from the board itself: its `Origin`, when
/// sent, names this server, and it carries the session's CSRF token (``CSRF``).
struct Authentication: RouterMiddleware {
    typealias Context = IlsaContext
    let service: EngineService
    let sessions: Sessions
    static let cookieName = "ilsa_session"
    static let csrfHeader = HTTPField.Name("X-CSRF-Token")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let header = request.headers[.authorization] {
            context.caller = try await bearer(header)
        } else if let cookie = request.cookies[Self.cookieName], let session = sessions.session(cookie.value) {
            context.caller = try await caller(named: session.account, proof: .session(session))
            if context.caller == nil { sessions.close(session.id) }
        }
        if let session = context.caller?.session, request.method != .get, request.method != .head {
            guard Self.sameOrigin(request) else { throw HTTPProblem.forbidden("this request came from another site") }
            // The board's forms carry the token as a field (``Form``); the API takes it as a header.
            if request.uri.path.hasPrefix("/api/") {
                guard let token = request.headers[Self.csrfHeader], Sessions.same(token, session.csrf) else {
                    throw HTTPProblem.forbidden("a browser's API request needs the session's X-CSRF-Token header")
                }
            }
        }
        return try await next(request, context)
    }

    private func bearer(_ header: String) async throws -> Caller {
        guard header.lowercased().hasPrefix("bearer "), let token = TokenSecret(parsing: String(header.dropFirst(7)).trimmed)
        else { throw HTTPProblem(.unauthorized, "unauthorized", "Authorization must be 'Bearer ilsa_...' (ilsa tokens issue NAME)") }
        let stored = try await service.read { try $0.token(id: token.id) }
        guard let stored, stored.revokedAt == nil, token.matches(stored.secretHash),
            let caller = try await caller(named: stored.account, proof: .token(id: token.id))
        else { throw HTTPProblem(.unauthorized, "unauthorized", "this token is unknown, revoked, or its account disabled") }
        return caller
    }

    private func caller(named name: String, proof: Caller.Proof) async throws -> Caller? {
        guard let account = try await service.read({ try $0.account(named: name) }), !account.disabled else { return nil }
        return Caller(account: account, scope: Scope(account, roster: service.roster), proof: proof)
    }

    /// Whether a request's `Origin` (or, without one, its `Referer`) is this server. Browsers
    /// send one with every POST; a request with neither is from a program, not a page.
    static func sameOrigin(_ request: Request) -> Bool {
        guard let host = request.head.authority else { return false }
        let source = request.headers[.origin] ?? request.headers[.referer]
        guard let source, source != "null" else { return source == nil }
        guard let url = URL(string: source), let sourceHost = url.host else { return false }
        return (url.port.map { "\(sourceHost):\($0)" } ?? sourceHost) == host
    }
}

extension String {
    var trimmed: String { trimmingCharacters(in: .whitespaces) }
}
