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
