import Foundation
import IlsaTesting
import Testing

/// The live stream: a change made anywhere reaches the accounts that may see it within a
/// second, and only those.
@Suite(.serialized) struct ServerStreamTests {
    @Test func aChangeReachesTheStreamsThatMaySeeItAndNoOther() async throws {
        let room = try await SituationRoom.open()
        let port = room.server.port
        let tower = try EventStreamReader(port: port, headers: ["Authorization": "Bearer \(room.tower)"])
        let singil = try EventStreamReader(port: port, headers: ["Authorization": "Bearer \(room.singilHead)"])
        #expect(await tower.wait(for: "retry:") != nil)
        #expect(await singil.wait(for: "retry:") != nil)
        // The CLI's commits that made the accounts may still be noticed (as external) now.
        try await Task.sleep(for: .milliseconds(400))
        let settled = tower.text.count
        let chojiTask = try #require(try room.tasks(run: "rc", role: "DONG.HEAD").first)
        let singilTask = try #require(try room.tasks(run: "rs", role: "DONG.HEAD").first)

        #expect(try room.server.call("POST", "/api/v1/tasks/\(chojiTask)/ack", token: room.chojiHead).status == 200)
        #expect(try room.server.call("POST", "/api/v1/tasks/\(singilTask)/ack", token: room.singilHead).status == 200)
        let towerSaw = await tower.wait(for: "\"id\":\"\(singilTask)\"", timeout: .seconds(1))
        #expect(towerSaw != nil && tower.text.contains("\"id\":\"\(chojiTask)\""), "\(tower.text.suffix(500))")
        #expect(await singil.wait(for: "\"id\":\"\(singilTask)\"", timeout: .seconds(1)) != nil)
        #expect(!singil.text.contains(chojiTask), "a Singil dong head's stream never carries Choji's tasks")
        #expect(!singil.text.contains("escalations\":[{"), "nor escalations")
        // The server's own changes come as changes, never as another process's.
        try await Task.sleep(for: .milliseconds(300))
        #expect(!tower.text.dropFirst(settled).contains("event: external"), "\(tower.text.suffix(300))")
    }

    @Test func anAccountHoldsAtMost20Streams() async throws {
        let server = try await ServerUnderTest.start()
        let tower = try await server.account("sitroom", role: "CITY.SITROOM")
        let other = try await server.account("singil-chair", role: "DIST.CHAIR", district: "singil")
        var streams: [EventStreamReader] = []
        for _ in 0..<20 {
            let stream = try EventStreamReader(port: server.port, headers: ["Authorization": "Bearer \(tower)"])
            #expect(await stream.wait(for: "retry:") != nil)
            streams.append(stream)
        }
        let refused = try EventStreamReader(port: server.port, headers: ["Authorization": "Bearer \(tower)"])
        #expect(await refused.wait(for: "HTTP/1.1 429") != nil, "\(refused.text.prefix(300))")
        let another = try EventStreamReader(port: server.port, headers: ["Authorization": "Bearer \(other)"])
        #expect(await another.wait(for: "retry:") != nil, "another account is not held back")
        streams.removeLast().close()
        let again = try await server.workspace.eventually(timeout: .seconds(5)) {
            let stream = try EventStreamReader(port: server.port, headers: ["Authorization": "Bearer \(tower)"])
            return await stream.wait(for: "retry:", timeout: .seconds(1)) != nil
        }
        #expect(again, "a closed stream frees its place")
    }

    @Test func aChangeTheCLIMakesArrivesAsExternal() async throws {
        let room = try await SituationRoom.open()
        let tower = try EventStreamReader(port: room.server.port, headers: ["Authorization": "Bearer \(room.tower)"])
        #expect(await tower.wait(for: "retry:") != nil)
        let task = try #require(try room.tasks(run: "rs", role: "DONG.HEAD").first)
        let noted = try await room.server.workspace.ilsa(["task", "note", task, "--note", "CLI에서 남긴 메모"])
        #expect(noted.exited(0), "\(noted.summary)")
        let arrived = await tower.wait(for: "event: external", timeout: .seconds(1))
        #expect(arrived != nil, "\(tower.text.suffix(300))")
    }

    @Test func aTimerTheServerFiresIsPublished() async throws {
        let server = try await ServerUnderTest.start()
        let tower = try await server.account("sitroom", role: "CITY.SITROOM")
        try server.workspace.write("nap.lua", FixturePlaybooks.nap(1))
        let stream = try EventStreamReader(port: server.port, headers: ["Authorization": "Bearer \(tower)"])
        #expect(await stream.wait(for: "retry:") != nil)
        let started = try await server.workspace.ilsa(["run", server.workspace.path("nap.lua"), "--detach", "--id", "nap1"])
        #expect(started.exited(0), "\(started.summary)")
        // The server's own scheduler fires the timer: no ilsa work is running.
        #expect(await stream.wait(for: "\"run_status\":\"completed\"", timeout: .seconds(5)) != nil, "\(stream.text.suffix(400))")
    }
}

/// The server beside the rest: `ilsa work` on the same store, and HTTPS with a certificate.
@Suite(.serialized) struct ServerBesideTests {
    @Test func aWorkerBesideTheServerFiresEachTimerOnce() async throws {
        let server = try await ServerUnderTest.start()
        let worker = try server.workspace.spawn(["work", "--follow", "--interval", "0.2"])
        defer { worker.send(SIGKILL) }
        try server.workspace.write("nap.lua", FixturePlaybooks.nap(1))
        for id in ["n1", "n2", "n3"] {
            #expect(try await server.workspace.ilsa(["run", server.workspace.path("nap.lua"), "--detach", "--id", id]).exited(0))
        }
        let done = try await server.workspace.eventually(timeout: .seconds(15)) {
            for id in ["n1", "n2", "n3"] where try await server.workspace.status(id)["status"] as? String != "completed" { return false }
            return true
        }
        #expect(done)
        for id in ["n1", "n2", "n3"] {
            let fired = try await server.workspace.history(id).filter { ($0["text"] as? String ?? "").contains("timer fired") }
            #expect(fired.count == 1, "\(id): \(fired)")
        }
        worker.send(SIGTERM)
        #expect(await worker.wait(timeout: .seconds(10)).exited(0))
    }

    @Test func slowAndSilentConnectionsAreCutOffAndOthersAreStillAnswered() async throws {
        let server = try await ServerUnderTest.start(arguments: ["--idle-timeout", "1"])
        let tower = try await server.account("sitroom", role: "CITY.SITROOM")
        let stream = try EventStreamReader(port: server.port, headers: ["Authorization": "Bearer \(tower)"])
        #expect(await stream.wait(for: "retry:") != nil)
        // 300 connections that start a request and never finish it, and 100 that say nothing.
        var sockets: [Int32] = []
        defer { for socket in sockets { close(socket) } }
        for index in 0..<400 {
            let socket = try LoopbackHTTP.connect(port: server.port, timeout: 5)
            if index < 300 { try LoopbackHTTP.send(socket, "GET /api/v1/me HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ", nil) }
            sockets.append(socket)
        }
        let answered = try server.call("GET", "/api/v1/me", token: tower)
        #expect(answered.status == 200, "a client is answered while 400 others hang: \(answered)")
        try await Task.sleep(for: .seconds(2.5))
        var closed = 0
        for socket in sockets {
            var byte: UInt8 = 0
            if recv(socket, &byte, 1, Int32(MSG_DONTWAIT)) == 0 { closed += 1 }
        }
        #expect(closed == 400, "the server closed \(closed) of 400 idle connections")
        #expect(!stream.isClosed, "a live stream stays open however quiet its client")
    }

    @Test func aServerKilledMidWorkIsRestartedWithNothingLostOrDoubled() async throws {
        let first = try await ServerUnderTest.start()
        let tower = try await first.account("sitroom", role: "CITY.SITROOM")
        try first.workspace.write("nap.lua", FixturePlaybooks.nap(2))
        for id in ["k1", "k2"] {
            #expect(try await first.workspace.ilsa(["run", first.workspace.path("nap.lua"), "--detach", "--id", id]).exited(0))
        }
        try await first.startRun("heavy_rain", id: "kr", ["district": "singil"])
        let task = try #require(
            (try first.call("GET", "/api/v1/tasks?run=kr&role=DONG.HEAD", token: tower).json["items"] as? [[String: Any]])?.first?["id"]
                as? String)
        #expect(try first.call("POST", "/api/v1/tasks/\(task)/ack", token: tower).status == 200)
        first.process.send(SIGKILL)
        _ = await first.process.wait(timeout: .seconds(10))

        // The same store, a new server: the timers it had not fired fire once, the answer stays.
        let second = try await ServerUnderTest.start(in: first.workspace)
        let done = try await second.workspace.eventually(timeout: .seconds(15)) {
            for id in ["k1", "k2"] where try await second.workspace.status(id)["status"] as? String != "completed" { return false }
            return true
        }
        #expect(done)
        for id in ["k1", "k2"] {
            let fired = try await second.workspace.history(id).filter { ($0["text"] as? String ?? "").contains("timer fired") }
            #expect(fired.count == 1, "\(id): \(fired)")
        }
        let after = try second.call("GET", "/api/v1/tasks/\(task)", token: tower)
        #expect(after.json["state"] as? String == "acknowledged" && after.json["updated_by"] as? String == "sitroom", "\(after)")
        #expect(try second.call("POST", "/api/v1/tasks/\(task)/done", token: tower).status == 200)
        #expect(await second.stop().exited(0))
    }

    @Test func whyItCannotStartIsOneLine() async throws {
        let server = try await ServerUnderTest.start()
        let workspace = server.workspace
        try workspace.write("bad.pem", "not a certificate\n")
        let cases: [([String], String)] = [
            (["--port", "\(server.port)"], "port \(server.port) on 127.0.0.1 is in use (another ilsa serve?)"),
            (
                ["--port", "0", "--tls-cert", workspace.path("missing.pem"), "--tls-key", workspace.path("bad.pem")],
                "no such readable file"
            ),
            (["--port", "0", "--tls-cert", workspace.path("bad.pem"), "--tls-key", workspace.path("bad.pem")], "does not load"),
            (["--port", "0", "--tls-cert", workspace.path("bad.pem")], "--tls-cert and --tls-key go together"),
            (["--port", "70000"], "--port must be from 0 to 65535"),
        ]
        for (arguments, message) in cases {
            let result = try await workspace.ilsa(["serve"] + arguments, timeout: .seconds(20))
            #expect(result.exited(2) && result.stderrText.contains(message), "\(arguments): \(result.summary)")
            #expect(!result.stderrText.contains("errno") || message.contains("errno"), "\(result.stderrText)")
        }
    }

    @Test func servesHTTPSWithACertificateAndKey() async throws {
        let workspace = try Workspace()
        let made = try await RunningProcess(
            URL(fileURLWithPath: "/usr/bin/openssl"),
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-keyout",
                workspace.path("key.pem"),
                "-out", workspace.path("cert.pem"),
            ]
        ).wait()
        #expect(made.exited(0), "\(made.summary)")
        let server = try await ServerUnderTest.start(
            in: workspace, arguments: ["--tls-cert", workspace.path("cert.pem"), "--tls-key", workspace.path("key.pem")], scheme: "https")
        let token = try await server.account("sitroom", role: "CITY.SITROOM")
        let secure = try await RunningProcess(
            URL(fileURLWithPath: "/usr/bin/curl"),
            [
                "-s", "--cacert", workspace.path("cert.pem"), "-H", "Authorization: Bearer \(token)",
                "https://127.0.0.1:\(server.port)/api/v1/me",
            ]
        ).wait()
        #expect(secure.exited(0) && secure.stdoutText.contains("\"name\":\"sitroom\""), "\(secure.summary)")
        // Plain HTTP to the HTTPS port gets no answer.
        #expect(throws: (any Error).self) { try server.call("GET", "/api/v1/openapi.json") }
        let cookie = try await RunningProcess(
            URL(fileURLWithPath: "/usr/bin/curl"),
            [
                "-s", "-o", "/dev/null", "-D", "-", "--cacert", workspace.path("cert.pem"), "-H",
                "Origin: https://127.0.0.1:\(server.port)",
                "--data", "name=sitroom&password=a+long+test+password", "https://127.0.0.1:\(server.port)/login",
            ]
        ).wait()
        #expect(cookie.stdoutText.contains("Secure"), "a session cookie over HTTPS is Secure: \(cookie.stdoutText)")
    }
}
