import Foundation
import IlsaTesting
import Testing

/// The server (issue 17): a signal's answer names the tasks it made the run close, and the
/// server's worker starts the playbooks of its workflows folder whose schedules fall due.
@Suite(.serialized) struct ServerStartsAndClosesTests {
    @Test func aSignalSaysWhatItClosedAndASchedulesRunStarts() async throws {
        let workspace = try Workspace(user: "당직자")
        try workspace.write(
            "workflows/watch.lua",
            """
            return ilsa.workflow { name = "watch", title = "하천 감시", run = function()
              local patrol = ilsa.branch(function()
                ilsa.task { title = "하천 순찰", assignee = { role = "DONG.HEAD", district = "wolpi" } }
                ilsa.task { title = "수위 확인", assignee = { role = "DONG.HEAD", district = "wolpi" } }:wait()
              end)
              ilsa.wait_signal("lifted")
              patrol:cancel()
              ilsa.wait_signal("end")
            end }

            """)
        try workspace.write(
            "workflows/daily.lua",
            """
            return ilsa.workflow { name = "daily", title = "일일 점검",
              schedules = { { at = "\(SchedulesCLITests.nowInSeoul())" } },
              run = function()
                ilsa.task { title = "일일 점검", assignee = { role = "CITY.SITROOM" } }:wait()
              end }

            """)
        let server = try await ServerUnderTest.start(in: workspace, arguments: ["--workflows", workspace.path("workflows")])
        let tower = try await server.account("sitroom", role: "CITY.SITROOM")
        #expect(try await workspace.ilsa(["run", workspace.path("workflows/watch.lua"), "--detach", "--id", "w1"]).exited(0))

        let signalled = try server.call("POST", "/api/v1/runs/w1/signal", token: tower, json: ["name": "lifted"])
        #expect(signalled.status == 200, "\(signalled.text)")
        let closed = try #require(signalled.json["closed_tasks"] as? [[String: Any]], "\(signalled.text)")
        #expect(closed.map { $0["id"] as? String } == ["w1.3", "w1.4"], "\(signalled.text)")
        #expect(closed.allSatisfy { $0["state"] as? String == "cancelled" })

        let started = try await workspace.eventually(timeout: .seconds(10)) {
            let runs = try #require(try await workspace.json(["status"]) as? [[String: Any]])
            return runs.contains { $0["workflow"] as? String == "daily" }
        }
        #expect(started, "the server's worker started the schedule's occurrence")
        _ = await server.stop()
    }
}
