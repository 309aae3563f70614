import Foundation
import Hummingbird
import IlsaEngine
import IlsaStore

/// Why a request failed, for people and programs: a status, a stable code and a sentence. The
/// API writes it as JSON (`{"code": "forbidden", "message": "..."}`); the board as a page.
struct HTTPProblem: Error, Sendable {
    var status: HTTPResponse.Status
    var code: String
    var message: String
    /// Seconds to wait before trying again (429).
    var retryAfter: Int?

    init(_ status: HTTPResponse.Status, _ code: String, _ message: String, retryAfter: Int? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
    }

    static let unauthorized = HTTPProblem(
        .unauthorized, "unauthorized", "sign in first: a session cookie, or Authorization: Bearer TOKEN (ilsa tokens issue NAME)")

    static func forbidden(_ what: String) -> HTTPProblem { HTTPProblem(.forbidden, "forbidden", what) }
    static func badRequest(_ what: String) -> HTTPProblem { HTTPProblem(.badRequest, "bad_request", what) }
    static func notFound(_ what: String) -> HTTPProblem { HTTPProblem(.notFound, "not_found", what) }

    /// What an engine or store error means for the caller.
    static func from(_ error: any Error) -> HTTPProblem {
        switch error {
        case let problem as HTTPProblem: return problem
        case let error as RuntimeError where error.code == .notFound: return .notFound(error.message)
        case let error as RuntimeError where error.code == .invalidState: return HTTPProblem(.conflict, "conflict", error.message)
        case let error as RuntimeError where error.code == .budgetExceeded || error.code == .invalidArgument:
            return .badRequest(error.message)
        case let error as PlaybookError: return .badRequest("\(error)")
        case let error as StoreError where error.code == .conflict:
            return HTTPProblem(.conflict, "conflict", "someone else changed it at the same moment; reload and try again")
        case let error as StoreError where error.code == .busy || error.code == .io:
            return HTTPProblem(.serviceUnavailable, "unavailable", "the store is busy; try again in a moment", retryAfter: 1)
        default: return HTTPProblem(.internalServerError, "internal", "the server failed; its log says why")
        }
    }

    var json: JSONValue { .object(["code": .string(code), "message": .string(message)]) }
}

/// A problem thrown outside the API's and the board's own handling (by authentication, before
/// any route) still answers in the caller's language: JSON under `/api/`, a page elsewhere.
extension HTTPProblem: HTTPResponseError {
    func response(from request: Request, context: some RequestContext) throws -> Response {
        request.uri.path.hasPrefix("/api/") ? JSONResponse.problem(self) : BoardPage.problem(self, caller: nil)
    }
}
