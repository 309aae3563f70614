import Foundation
import IlsaTesting
import Testing

/// The board's sign-in: cookies a script cannot read or another site send, a CSRF token on
/// every form, sign-out, and failed sign-ins throttled.
@Suite(.serialized) struct ServerSessionTests {
    @Test func signInSetsAStrictHttpOnlyCookieAndSignOutEndsIt() async throws {
        let room = try await SituationRoom.open()
        let server = room.server
        let noLogin = try server.call("GET", "/board")
        #expect(noLogin.status == 303 && noLogin.headers["location"] == "/login?next=%2Fboard", "\(noLogin)")
        let (cookie, reply) = try server.signIn("singil-head")
        #expect(reply.status == 303 && reply.headers["location"] == "/board", "\(reply)")
        let set = try #require(reply.cookies.first)
        for attribute in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=43200"] {
            #expect(set.contains(attribute), "\(set)")
        }
        let board = try server.call("GET", "/board", headers: ["Cookie": try #require(cookie)])
        #expect(board.status == 200 && board.text.contains("내 업무") && board.text.contains("DONG.HEAD singil"), "\(board)")
        #expect(!board.text.contains("DONG.HEAD choji"))
        // Each task names its run the way people tell runs apart: playbook, district, level.
        #expect(board.text.contains("호우 대응 (권역) · 신길 · warning"), "\(board.text.prefix(2_000))")
        #expect(board.headers["content-security-policy"]?.contains("script-src 'self'") == true)
        #expect(board.headers["x-frame-options"] == "DENY")

        let csrf = try #require(board.text.firstMatch(of: /name="csrf" value="([^"]+)"/)?.1)
        let out = try form(server, "/logout", "csrf=\(csrf)", cookie: cookie)
        #expect(out.status == 303 && out.cookies.first?.contains("Max-Age=0") == true, "\(out)")
        #expect(try server.call("GET", "/board", headers: ["Cookie": cookie!]).status == 303, "the session ended")
    }

    @Test func everyFormNeedsTheSessionsCSRFTokenAndThisSitesOrigin() async throws {
        let room = try await SituationRoom.open()
        let server = room.server
        let task = try #require(try room.tasks(run: "rs", role: "DONG.HEAD").first)
        let cookie = try #require(try server.signIn("singil-head").cookie)
        let page = try server.call("GET", "/board/tasks/\(task)", headers: ["Cookie": cookie])
        let csrf = try #require(page.text.firstMatch(of: /name="csrf" value="([^"]+)"/)?.1)

        #expect(try form(server, "/board/tasks/\(task)/ack", "next=%2Fboard", cookie: cookie).status == 403)
        #expect(try form(server, "/board/tasks/\(task)/ack", "csrf=forged&next=%2Fboard", cookie: cookie).status == 403)
        let elsewhere = try form(server, "/board/tasks/\(task)/ack", "csrf=\(csrf)", cookie: cookie, origin: "http://evil.example")
        #expect(elsewhere.status == 403, "\(elsewhere)")
        // Through the API, a browser's session needs the token as a header.
        let api = try server.call(
            "POST", "/api/v1/tasks/\(task)/ack", headers: ["Cookie": cookie, "Origin": "http://127.0.0.1:\(server.port)"])
        #expect(api.status == 403 && api.text.contains("X-CSRF-Token"), "\(api)")
        #expect(try await server.workspace.tasks(["--run", "rs"]).first { $0["id"] as? String == task }?["state"] as? String == "open")

        let done = try form(server, "/board/tasks/\(task)/ack", "csrf=\(csrf)&next=%2Fboard%2Ftasks%2F\(task)", cookie: cookie)
        #expect(done.status == 303 && done.headers["location"] == "/board/tasks/\(task)", "\(done)")
        let row = try await server.workspace.tasks(["--run", "rs"]).first { $0["id"] as? String == task }
        #expect(row?["state"] as? String == "acknowledged" && row?["updated_by"] as? String == "singil-head")
        // A redirect goes back to this server only.
        let away = try form(server, "/board/tasks/\(task)/start", "csrf=\(csrf)&next=%2F%2Fevil.example", cookie: cookie)
        #expect(away.headers["location"] == "/board", "\(away)")
        for next in ["%2F%09%2Fevil.example", "%2F%5Cevil.example", "https%3A%2F%2Fevil.example", "%2F%0D%0ASet-Cookie%3Ax"] {
            let moved = try form(server, "/board/tasks/\(task)/note", "csrf=\(csrf)&note=x&next=\(next)", cookie: cookie)
            #expect(moved.headers["location"] == "/board", "\(next): \(moved)")
        }
    }

    @Test func failedSignInsAreThrottledPerAccount() async throws {
        let room = try await SituationRoom.open()
        let server = room.server
        for _ in 1...5 {
            let wrong = try server.signIn("sitroom", password: "not the password")
            #expect(wrong.reply.status == 401 && wrong.cookie == nil)
        }
        let locked = try server.signIn("sitroom")
        #expect(locked.reply.status == 429 && locked.cookie == nil, "\(locked.reply)")
        #expect(Int(locked.reply.headers["retry-after"] ?? "") ?? 0 > 60)
        // Another account from the same address still signs in.
        #expect(try server.signIn("singil-chair").cookie != nil)
        #expect(try server.signIn("nobody-at-all").reply.status == 401)
    }

    @Test func aDongHeadCannotOpenAnotherDistrictOrTheTowersPages() async throws {
        let room = try await SituationRoom.open()
        let server = room.server
        let cookie = try #require(try server.signIn("singil-head").cookie)
        let chojiTask = try #require(try room.tasks(run: "rc", role: "DONG.HEAD").first)
        for path in ["/board/districts/choji", "/board/tasks/\(chojiTask)", "/board/runs/rs"] {
            let reply = try server.call("GET", path, headers: ["Cookie": cookie])
            #expect(reply.status == 403 && reply.text.contains("권한 없음"), "\(path): \(reply)")
        }
        let escalation = try #require(try room.escalations(run: "rs").first)
        let chair = try #require(try server.signIn("singil-chair").cookie)
        let page = try server.call("GET", "/board", headers: ["Cookie": chair])
        let csrf = try #require(page.text.firstMatch(of: /name="csrf" value="([^"]+)"/)?.1)
        let decided = try form(server, "/board/escalations/\(escalation)/decide", "csrf=\(csrf)&option=hold", cookie: chair)
        #expect(decided.status == 403, "a district chair cannot decide: \(decided)")
    }

    @Test func playbookTextWithMarkupIsShownEscaped() async throws {
        let server = try await ServerUnderTest.start()
        _ = try await server.account("sitroom", role: "CITY.SITROOM")
        let title = #"<img src=x onerror="alert(1)">경보 <b>bold</b> & 'quoted'"#
        try server.workspace.write(
            "markup.lua",
            """
            return ilsa.workflow {
              name = "markup", title = "</title><script>alert(2)</script>",
              run = function()
                ilsa.log("<script>alert(3)</script>")
                local t = ilsa.task { title = [[\(title)]], detail = "<a href='javascript:alert(4)'>x</a>", assignee = { role = "DONG.HEAD", district = "singil" } }
                ilsa.escalate { to = "control_tower", severity = "alert", reason = "<svg onload=alert(5)>", options = { "<i>go</i>" } }
                t:wait()
              end,
            }
            """)
        let started = try await server.workspace.ilsa(["run", server.workspace.path("markup.lua"), "--detach", "--id", "mk"])
        #expect(started.exited(0), "\(started.summary)")
        let cookie = try #require(try server.signIn("sitroom").cookie)
        let id = try #require(try await server.workspace.tasks(["--run", "mk"]).first?["id"] as? String)
        for path in ["/board", "/board/districts/singil", "/board/tasks/\(id)", "/board/runs/mk"] {
            let page = try server.call("GET", path, headers: ["Cookie": cookie])
            #expect(page.status == 200, "\(path): \(page)")
            for raw in ["<img", "<script>alert", "<svg", "<b>bold", "<i>go", "<a href='javascript"] {
                #expect(!page.text.contains(raw), "\(path) shows \(raw) raw")
            }
        }
        let task = try server.call("GET", "/board/tasks/\(id)", headers: ["Cookie": cookie])
        #expect(task.text.contains("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;경보 &lt;b&gt;bold&lt;/b&gt; &amp; &#39;quoted&#39;"))
    }

    @Test func aRunThatEndedHasItsAfterActionReport() async throws {
        let room = try await SituationRoom.open()
        let server = room.server
        let tower = try #require(try server.signIn("sitroom").cookie)
        let waiting = try server.call("GET", "/board/runs/rs/report", headers: ["Cookie": tower])
        #expect(waiting.status == 409, "\(waiting)")
        let task = try #require(try room.tasks(run: "rs", role: "DONG.HEAD").first)
        #expect(try server.call("POST", "/api/v1/tasks/\(task)/done", token: room.singilHead, json: ["note": "19가구 연락 완료"]).status == 200)
        #expect(try server.call("POST", "/api/v1/runs/rs/cancel", token: room.tower, json: ["reason": "호우경보 해제"]).status == 200)
        let run = try server.call("GET", "/board/runs/rs", headers: ["Cookie": tower])
        #expect(run.text.contains("사후 보고") && run.text.contains("/board/runs/rs/report"), "\(run)")
        let report = try server.call("GET", "/board/runs/rs/report", headers: ["Cookie": tower])
        #expect(report.status == 200 && report.text.contains("Ilsa · after-action report · 사후 보고"), "\(report)")
        #expect(report.text.contains("responders: people on duty") && !report.text.contains("virtual clock"))
        #expect(report.headers["content-security-policy"]?.hasPrefix("default-src 'none'") == true)
        let chair = try #require(try server.signIn("singil-chair").cookie)
        #expect(try server.call("GET", "/board/runs/rs/report", headers: ["Cookie": chair]).status == 403)
    }

    private func form(
        _ server: ServerUnderTest, _ path: String, _ body: String, cookie: String?, origin: String? = nil
    ) throws -> LoopbackHTTP.Reply {
        var headers = ["Content-Type": "application/x-www-form-urlencoded", "Origin": origin ?? "http://127.0.0.1:\(server.port)"]
        if let cookie { headers["Cookie"] = cookie }
        return try LoopbackHTTP.request(port: server.port, "POST", path, headers: headers, body: Data(body.utf8))
    }
}
