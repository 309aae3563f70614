import Foundation
import IlsaTesting
import Testing

/// Two `ilsa serve` processes on one PostgreSQL database, as two machines of a situation room
/// would run: an account and its token work on both, what one does (or the CLI does) reaches
/// the other's live change stream, and each timer is fired once between them.
@Suite(.serialized) struct ServerOnPostgresTests {
    @Test func twoServersOnOneDatabaseShareAccountsAndChanges() async throws {
        let workspace = try Workspace(user: "당직자", store: .postgres)
        let first = try await ServerUnderTest.start(in: workspace)
        let second = try await ServerUnderTest.start(in: workspace)
        let tower = try await first.account("sitroom", role: "CITY.SITROOM")
        try await first.startRun("heavy_rain", id: "rs", ["district": "singil", "level": "warning"])

        let stream = try EventStreamReader(port: second.port, headers: ["Authorization": "Bearer \(tower)"])
        #expect(await stream.wait(for: "retry:") != nil, "the token issued beside the first server works on the second")
        let listed = try first.call("GET", "/api/v1/tasks?run=rs&role=DONG.HEAD", token: tower)
        let task = try #require((listed.json["items"] as? [[String: Any]])?.first?["id"] as? String, "\(listed.text)")

        // An action on the first server arrives on the second's stream.
        let acknowledged = try first.call("POST", "/api/v1/tasks/\(task)/ack", token: tower, json: [String: Any]())
        #expect(acknowledged.status == 200, "\(acknowledged.text)")
        #expect(await stream.wait(for: "event: external", timeout: .seconds(3)) != nil, "\(stream.text.suffix(300))")
        let seen = try second.call("GET", "/api/v1/tasks/\(task)", token: tower)
        #expect(seen.text.contains("\"state\":\"acknowledged\""), "\(seen.text)")
    }

    @Test func eachTimerIsFiredOnceBetweenTwoServersAndAWorker() async throws {
        let workspace = try Workspace(user: "당직자", store: .postgres)
        try workspace.write("nap.lua", FixturePlaybooks.nap(1))
        let first = try await ServerUnderTest.start(in: workspace)
        let second = try await ServerUnderTest.start(in: workspace)
        let worker = try workspace.spawn(["work", "--follow", "--interval", "0.2"])
        defer { worker.send(SIGKILL) }
        for n in 0..<12 {
            let started = try await workspace.ilsa(["run", workspace.path("nap.lua"), "--detach", "--id", "nap\(n)"])
            #expect(started.exited(0), "\(started.summary)")
        }
        let done = try await workspace.eventually(timeout: .seconds(20)) {
            let active = try await workspace.ilsa(["status", "--json"])
            return active.stdoutText == "[]\n"
        }
        #expect(done, "every nap ended")
        for n in 0..<12 {
            let fired = try await workspace.history("nap\(n)").filter { ($0["text"] as? String ?? "").contains("timer fired") }
            #expect(fired.count == 1, "nap\(n)'s timer fired \(fired.count) times")
        }
        _ = await first.stop()
        _ = await second.stop()
    }
}
