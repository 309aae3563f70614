import Foundation
import Hummingbird
import IlsaAccess
import IlsaStore

extension Board {
    func registerSignIn(on pages: RouterGroup<IlsaContext>) {
        pages.get("login") { request, context in
            if context.caller != nil { return Response.redirect(to: "/board", type: .normal) }
            return signInPage(next: request.uri.queryParameters.get("next"), message: nil).response()
        }
        pages.post("login") { request, context in try await signIn(request, context) }
        pages.post("logout") { request, context in
            let caller = try context.signedIn()
            _ = try await Form.read(request, context, caller: caller)
            if let session = caller.session { sessions.close(session.id) }
            var response = Response.redirect(to: "/login", type: .normal)
            response.setCookie(
                Cookie(name: Authentication.cookieName, value: "", maxAge: 0, path: "/", secure: secure, httpOnly: true, sameSite: .strict))
            return response
        }
    }

    private func signInPage(next: String?, message: String?) -> BoardPage {
        BoardPage(
            title: "로그인 Sign in", caller: nil,
            body: """
                <h1>일사 상황판 <small>Ilsa situation board</small></h1>
                \(message.map { "<p class=\"problem\">\(h($0))</p>" } ?? "")
                <form method="post" action="/login" class="signin">
                <input type="hidden" name="next" value="\(h(Self.safeNext(next)))">
                <label>계정 Account <input name="name" autocomplete="username" required maxlength="64"></label>
                <label>비밀번호 Password <input name="password" type="password" autocomplete="current-password" required maxlength="200"></label>
                <button type="submit">로그인 Sign in</button>
                </form>
                """)
    }

    /// `POST /login`: checks the password (bcrypt, off the event loops), throttled per account
    /// and per address, and opens a session.
    private func signIn(_ request: Request, _ context: IlsaContext) async throws -> Response {
        guard Authentication.sameOrigin(request) else { throw HTTPProblem.forbidden("this sign-in came from another site") }
        let form = try await Form.fields(request, context)
        let name = form["name"] ?? ""
        let password = form["password"] ?? ""
        let next = Self.safeNext(form["next"])
        if let wait = throttle.wait(account: name, address: context.address) {
            let minutes = Int((wait / 60).rounded(.up))
            throw HTTPProblem(
                .tooManyRequests, "throttled", "too many failed sign-ins: try again in \(minutes) min (로그인 실패가 많습니다)",
                retryAfter: Int(wait.rounded(.up)))
        }
        let account = try await service.read { try $0.account(named: name) }
        let matches = try await service.read { _ in
            Passwords.verify(password, hash: account?.passwordHash ?? Self.decoyHash) && account.map { !$0.disabled } == true
        }
        guard matches, let account else {
            throttle.failed(account: name, address: context.address)
            return signInPage(next: next, message: "계정 또는 비밀번호가 맞지 않습니다. The account or password is wrong.")
                .response(status: .unauthorized)
        }
        throttle.succeeded(account: account.name)
        let session = sessions.open(for: account.name)
        var response = Response.redirect(to: next, type: .normal)
        response.setCookie(
            Cookie(
                name: Authentication.cookieName, value: session.id, maxAge: Int(sessions.lifetime), path: "/", secure: secure,
                httpOnly: true, sameSite: .strict))
        return response
    }

    /// A hash no password matches quickly, checked when the account does not exist, so a wrong
    /// name takes as long as a wrong password.
    private static let decoyHash = Passwords.hash("decoy password that no account has", cost: 12)

    /// Where to go after signing in or a form: a path on this server, never another site. Only
    /// a path's plain characters pass (no whitespace, no control character, no backslash, which
    /// browsers may drop or turn into a slash), and it may not start with `//`.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), next.count <= 500,
            next.unicodeScalars.allSatisfy({ Self.pathCharacters.contains($0) })
        else { return "/board" }
        return next
    }

    private static let pathCharacters = CharacterSet(
        charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._~%-?=&")
}

/// A board form's fields, read from its URL-encoded body, its CSRF token checked.
enum Form {
    /// The fields of a signed-in caller's form; 403 unless it carries the session's CSRF token.
    static func read(_ request: Request, _ context: IlsaContext, caller: Caller) async throws -> [String: String] {
        let fields = try await self.fields(request, context)
        guard let session = caller.session else { throw HTTPProblem.forbidden("the board's forms are for signed-in browsers; use the API") }
        guard let token = fields["csrf"], Sessions.same(token, session.csrf) else {
            throw HTTPProblem.forbidden("this form is stale or came from another site (CSRF); reload the page and try again")
        }
        return fields
    }

    static func fields(_ request: Request, _ context: IlsaContext) async throws -> [String: String] {
        parse(String(decoding: try await context.body(of: request).readableBytesView, as: UTF8.self))
    }

    /// `a=1&b=%ED%95%9C+x`: names and values, `+` as space; a repeated name keeps its first value.
    static func parse(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            let name = decode(parts[0])
            if fields[name] == nil { fields[name] = parts.count > 1 ? decode(parts[1]) : "" }
        }
        return fields
    }
}
