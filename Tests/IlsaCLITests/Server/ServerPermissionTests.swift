import Foundation
import IlsaTesting
import Testing

/// Every API endpoint, called by every kind of account and by nobody: what each may see and do
/// follows its roster role, and nobody gets in without a token.
@Suite(.serialized) struct ServerPermissionTests {
    @Test func everyEndpointForEveryKindOfAccount() async throws {
        let room = try await SituationRoom.open()
        let server = room.server
        let singilTask = try #require(try room.tasks(run: "rs", role: "DONG.HEAD").first)
        let singilPoliceTask = try #require(try room.tasks(run: "rs", role: "POL.BOX").first)
        let chojiTask = try #require(try room.tasks(run: "rc", role: "DONG.HEAD").first)
        let escalation = try #require(try room.escalations(run: "rs").first)
        try await server.startRun("heavy_rain", id: "spare", ["district": "gojan"])

        let accounts: [(name: String, token: String?)] = [
            ("tower", room.tower), ("singil chair", room.singilChair), ("singil head", room.singilHead), ("choji head", room.chojiHead),
            ("nobody", nil),
        ]
        typealias Expected = [Int]  // tower, chair, singil head, choji head, nobody
        let cases: [(method: String, path: String, body: Any?, expected: Expected)] = [
            ("GET", "/api/v1/openapi.json", nil, [200, 200, 200, 200, 200]),
            ("GET", "/api/v1/me", nil, [200, 200, 200, 200, 401]),
            ("GET", "/api/v1/runs", nil, [200, 200, 200, 200, 401]),
            ("GET", "/api/v1/runs/rs", nil, [200, 200, 200, 200, 401]),
            ("GET", "/api/v1/runs/rs/history", nil, [200, 403, 403, 403, 401]),
            ("GET", "/api/v1/tasks", nil, [200, 200, 200, 200, 401]),
            ("GET", "/api/v1/tasks/\(singilTask)", nil, [200, 200, 200, 403, 401]),
            ("GET", "/api/v1/tasks/\(chojiTask)", nil, [200, 403, 403, 200, 401]),
            ("POST", "/api/v1/tasks/\(singilTask)/note", ["note": "확인 중"], [200, 200, 200, 403, 401]),
            ("POST", "/api/v1/tasks/\(singilPoliceTask)/note", ["note": "순찰 중"], [200, 200, 403, 403, 401]),
            ("GET", "/api/v1/escalations", nil, [200, 403, 403, 403, 401]),
            ("POST", "/api/v1/escalations/\(escalation)/ack", nil, [200, 403, 403, 403, 401]),
            ("POST", "/api/v1/runs/rc/signal", ["name": "test.ping"], [200, 403, 403, 403, 401]),
            ("POST", "/api/v1/runs", ["workflow": "heavy_rain", "params": ["district": "daebu"]], [201, 403, 403, 403, 401]),
            // Each kind but the tower is refused first; then the tower's call works.
            ("POST", "/api/v1/escalations/\(escalation)/decide", ["option": "hold"], [200, 403, 403, 403, 401]),
            ("POST", "/api/v1/runs/spare/cancel", ["reason": "drill over"], [200, 403, 403, 403, 401]),
        ]
        for (method, path, body, expected) in cases {
            // The tower last, so an action it takes does not change what the others are refused.
            for index in [1, 2, 3, 4, 0] {
                let (name, token) = accounts[index]
                let reply = try server.call(method, path, token: token, json: body)
                #expect(reply.status == expected[index], "\(method) \(path) as \(name): \(reply)")
                if reply.status >= 400 {
                    #expect(reply.json["code"] is String && reply.json["message"] is String, "\(method) \(path): \(reply)")
                }
            }
        }
        // The stream: everyone signed in may listen; nobody else.
        for (name, token) in accounts {
            let stream = try EventStreamReader(port: server.port, headers: token.map { ["Authorization": "Bearer \($0)"] } ?? [:])
            let status = token == nil ? "HTTP/1.1 401" : "HTTP/1.1 200"
            #expect(await stream.wait(for: status) != nil, "events as \(name): \(stream.text.prefix(200))")
        }
    }

    @Test func listsAreNarrowedToTheAccountsScope() async throws {
        let room = try await SituationRoom.open()
        func assignees(_ token: String, _ query: String = "") throws -> Set<String> {
            let reply = try room.server.call("GET", "/api/v1/tasks?per_page=500\(query)", token: token)
            return Set((reply.json["items"] as? [[String: Any]] ?? []).compactMap { $0["assignee"] as? String })
        }
        #expect(try assignees(room.singilHead) == ["DONG.HEAD singil"])
        #expect(try assignees(room.chojiHead) == ["DONG.HEAD choji"])
        let chair = try assignees(room.singilChair)
        #expect(chair.count > 1 && chair.allSatisfy { $0.hasSuffix(" singil") }, "\(chair)")
        let tower = try assignees(room.tower)
        #expect(tower.contains("DONG.HEAD singil") && tower.contains("DONG.HEAD choji"))
        // Asking for another district narrows to nothing rather than leaking it.
        #expect(try assignees(room.singilHead, "&district=choji").isEmpty)
        #expect(try assignees(room.singilChair, "&district=choji").isEmpty)
    }

    @Test func actionsAreRecordedUnderTheAccountAndTakeNoBy() async throws {
        let room = try await SituationRoom.open()
        let task = try #require(try room.tasks(run: "rs", role: "DONG.HEAD").first)
        let refused = try room.server.call("POST", "/api/v1/tasks/\(task)/ack", token: room.singilHead, json: ["by": "someone else"])
        #expect(refused.status == 400 && refused.text.contains("unknown field 'by'"), "\(refused)")
        let done = try room.server.call("POST", "/api/v1/tasks/\(task)/ack", token: room.singilHead, json: ["note": "가구 연락 시작"])
        #expect(done.status == 200, "\(done)")
        let listed = try await room.server.workspace.tasks(["--all", "--run", "rs"])
        let row = try #require(listed.first { $0["id"] as? String == task })
        #expect(row["updated_by"] as? String == "singil-head" && row["state"] as? String == "acknowledged", "\(row)")
    }

    @Test func badInputIsA400ThatSaysWhatWasWrong() async throws {
        let room = try await SituationRoom.open()
        let server = room.server
        let task = try #require(try room.tasks(run: "rs", role: "DONG.HEAD").first)
        let escalation = try #require(try room.escalations(run: "rs").first)
        let cases: [(String, String, Data?, Int, String)] = [
            ("POST", "/api/v1/tasks/\(task)/note", Data("{not json".utf8), 400, "not JSON"),
            ("POST", "/api/v1/tasks/\(task)/note", Data("[1]".utf8), 400, "JSON object"),
            ("POST", "/api/v1/tasks/\(task)/note", Data("{}".utf8), 400, "needs 'note'"),
            ("POST", "/api/v1/tasks/\(task)/note", Data(#"{"note": 5}"#.utf8), 400, "'note' must be a string"),
            ("POST", "/api/v1/tasks/\(task)/explode", nil, 404, "no task action"),
            ("POST", "/api/v1/tasks/nope/ack", nil, 400, "not a task id"),
            ("POST", "/api/v1/tasks/rs.999/ack", nil, 404, "no task"),
            ("GET", "/api/v1/tasks?state=sleeping", nil, 400, "state 'sleeping'"),
            ("GET", "/api/v1/tasks?per_page=100000", nil, 400, "per_page"),
            ("GET", "/api/v1/tasks?page=0", nil, 400, "page must be"),
            ("GET", "/api/v1/runs?status=asleep", nil, 400, "status 'asleep'"),
            ("POST", "/api/v1/escalations/\(escalation)/decide", Data(#"{"option": "panic"}"#.utf8), 400, "not an option"),
            ("POST", "/api/v1/runs", Data(#"{"workflow": "../../etc/passwd"}"#.utf8), 400, "not a path"),
            ("POST", "/api/v1/runs", Data(#"{"workflow": "no_such_playbook"}"#.utf8), 404, "no playbook"),
            ("POST", "/api/v1/runs", Data(#"{"workflow": "heavy_rain", "params": {"district": "atlantis"}}"#.utf8), 400, "atlantis"),
            (
                "POST", "/api/v1/tasks/\(task)/note", Data(("{\"note\": \"" + String(repeating: "가", count: 70_000) + "\"}").utf8), 413,
                "KiB"
            ),
        ]
        for (method, path, body, status, words) in cases {
            let reply = try LoopbackHTTP.request(
                port: server.port, method, path, headers: ["Authorization": "Bearer \(room.tower)", "Content-Type": "application/json"],
                body: body)
            #expect(reply.status == status && reply.text.contains(words), "\(method) \(path): \(reply)")
            #expect(reply.headers["content-type"]?.hasPrefix("application/json") == true, "\(path)")
        }
        // A task done cannot be acknowledged: 409, and the message says why.
        #expect(try server.call("POST", "/api/v1/tasks/\(task)/done", token: room.tower).status == 200)
        let again = try server.call("POST", "/api/v1/tasks/\(task)/ack", token: room.tower)
        #expect(again.status == 409 && again.text.contains("is done"), "\(again)")
    }

    @Test func aTokenThatDoesNotCheckOutIsRefused() async throws {
        let room = try await SituationRoom.open()
        let server = room.server
        for header in ["Bearer", "Bearer ilsa_short", "Basic c2l0cm9vbTpwYXNz", "Bearer " + room.tower.dropLast(2) + "xx"] {
            let reply = try server.call("GET", "/api/v1/me", headers: ["Authorization": String(header)])
            #expect(reply.status == 401 && reply.headers["www-authenticate"] != nil, "\(header): \(reply)")
        }
        #expect(try await server.workspace.ilsa(["tokens", "revoke", room.chojiHead]).exited(0))
        #expect(try server.call("GET", "/api/v1/me", token: room.chojiHead).status == 401)
        #expect(try await server.workspace.ilsa(["users", "disable", "singil-head"]).exited(0))
        #expect(try server.call("GET", "/api/v1/me", token: room.singilHead).status == 401)
        #expect(try server.call("GET", "/api/v1/me", token: room.tower).status == 200)
    }

    @Test func stopsCleanlyOnSIGTERMWithAStreamOpen() async throws {
        let room = try await SituationRoom.open()
        let stream = try EventStreamReader(port: room.server.port, headers: ["Authorization": "Bearer \(room.tower)"])
        #expect(await stream.wait(for: "retry:") != nil)
        let result = await room.server.stop()
        #expect(result.exited(0) && result.elapsed < .seconds(10), "\(result.summary)")
        #expect(stream.isClosed)
    }
}

/// A task's checklist ticked through the API and the board's form, and shown ticked.
@Suite(.serialized) struct ServerChecklistTests {
    @Test func checklistItemsAreTickedThroughTheAPIAndTheBoard() async throws {
        let server = try await ServerUnderTest.start()
        let tower = try await server.account("sitroom", role: "CITY.SITROOM")
        try server.workspace.write(
            "pump.lua",
            """
            return ilsa.workflow { name = "pump", title = "배수펌프", run = function()
              ilsa.task { title = "배수펌프 점검", checklist = { "전원 확인", "흡입구 청소", "시운전" },
                          assignee = { role = "DONG.HEAD", district = "singil" } }:wait()
            end }
            """)
        #expect(try await server.workspace.ilsa(["run", server.workspace.path("pump.lua"), "--detach", "--id", "p1"]).exited(0))
        let ticked = try server.call("POST", "/api/v1/tasks/p1.1/note", token: tower, json: ["checked": [1, 3]])
        #expect(ticked.status == 200, "\(ticked)")
        let wrong = try server.call("POST", "/api/v1/tasks/p1.1/note", token: tower, json: ["checked": [4]])
        #expect(wrong.status == 400 && wrong.text.contains("items 1 to 3"), "\(wrong)")
        let cookie = try #require(try server.signIn("sitroom").cookie)
        var page = try server.call("GET", "/board/tasks/p1.1", headers: ["Cookie": cookie])
        #expect(page.text.contains("Checklist 2/3"), "\(page)")
        #expect(page.text.contains(#"name="check1" value="1" checked"#) && page.text.contains(#"name="check2" value="1">"#))
        let csrf = try #require(page.text.firstMatch(of: /name="csrf" value="([^"]+)"/)?.1)
        let saved = try LoopbackHTTP.request(
            port: server.port, "POST", "/board/tasks/p1.1/note",
            headers: ["Content-Type": "application/x-www-form-urlencoded", "Origin": "http://127.0.0.1:\(server.port)", "Cookie": cookie],
            body: Data("csrf=\(csrf)&checklist=3&check1=1&check2=1&check3=1&next=%2Fboard%2Ftasks%2Fp1.1".utf8))
        #expect(saved.status == 303, "\(saved)")
        page = try server.call("GET", "/board/tasks/p1.1", headers: ["Cookie": cookie])
        #expect(page.text.contains("Checklist 3/3"))
        // The CLI ticks the same way; the server notices another process's commit within a
        // tenth of a second (until then a page may come from its cache).
        let cli = try await server.workspace.ilsa(["task", "note", "p1.1", "--checked", "2"])
        #expect(cli.exited(0), "\(cli.summary)")
        let seen = try await server.workspace.eventually(timeout: .seconds(2)) {
            try server.call("GET", "/board/tasks/p1.1", headers: ["Cookie": cookie]).text.contains("Checklist 1/3")
        }
        #expect(seen)
    }
}
