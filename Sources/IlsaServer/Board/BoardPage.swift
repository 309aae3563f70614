import Foundation
import Hummingbird
import IlsaDrill

/// The board's HTML: one layout for every page, and the escaping every piece of text goes
/// through (``h(_:)``, the drill report's writer): titles, notes, reasons and options come from
/// playbooks and people, so none is ever written raw.
struct BoardPage {
    var title: String
    var caller: Caller?
    var body: String

    func response(status: HTTPResponse.Status = .ok) -> Response { answer(status: status).response }

    func answer(status: HTTPResponse.Status = .ok) -> Answer {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Answer(status: status, headers: headers, body: ByteBuffer(string: html))
    }

    var html: String {
        var top = ""
        if let caller {
            let csrf = caller.session?.csrf ?? ""
            top = """
                <nav class="top"><a href="/board" class="home">일사 Ilsa</a>\
                <span class="who">\(h(caller.account.name)) · \(h(caller.account.role))\(caller.account.district.map { " · " + h($0) } ?? "")</span>\
                <form method="post" action="/logout" class="inline"><input type="hidden" name="csrf" value="\(h(csrf))">\
                <button type="submit" class="link">로그아웃 Sign out</button></form></nav>
                """
        }
        return """
            <!doctype html>
            <html lang="ko">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(h(title)) · 일사 Ilsa</title>
            <link rel="stylesheet" href="/board/assets/board.css">
            <script src="/board/assets/board.js" defer></script>
            </head>
            <body>
            \(top)
            <main id="live" data-live="\(caller == nil ? "off" : "on")">
            \(body)
            </main>
            </body>
            </html>
            """
    }

    /// A page that says why something failed, with the problem's status.
    static func problem(_ problem: HTTPProblem, caller: Caller?) -> Response {
        var response = BoardPage(
            title: "\(problem.status.code)", caller: caller,
            body: """
                <h1>\(problem.status.code) \(h(Self.koreanStatus[problem.status.code] ?? ""))</h1>
                <p class="problem">\(h(problem.message))</p>
                <p><a href="/board">← 상황판 The board</a></p>
                """
        ).response(status: problem.status)
        if let retry = problem.retryAfter { response.headers[.retryAfter] = String(retry) }
        return response
    }

    private static let koreanStatus = [
        400: "잘못된 요청", 401: "로그인 필요", 403: "권한 없음", 404: "없음", 409: "충돌", 429: "잠시 후 다시", 500: "서버 오류",
    ]
}

/// Text for HTML, escaped (see `HTMLText.escape`).
func h(_ text: String) -> String { HTMLText.escape(text) }
