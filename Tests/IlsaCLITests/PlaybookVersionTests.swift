import Foundation
import IlsaTesting
import Testing

/// Runs keep the playbook text they started with (issue 17): a coordinator edits the file while
/// runs are in flight, the runs go on with their own version, new runs take the new one, and
/// `ilsa playbooks` says which runs are on which.
@Suite(.serialized) struct PlaybookVersionTests {
    static let before = """
        return ilsa.workflow {
          name = "season", title = "시즌 대비",
          run = function(ctx)
            ilsa.task { title = "대피소 점검", assignee = { role = "DONG.HEAD", district = "singil" } }:wait()
            ilsa.task { title = "물자 확인", assignee = { role = "DONG.HEAD", district = "singil" } }:wait()
            return "done"
          end,
        }

        """

    /// The same playbook with a line added at the top of `run`: a replay of a run from before
    /// would meet a log where its history has a task.
    static let after = before.replacingOccurrences(
        of: "run = function(ctx)\n", with: "run = function(ctx)\n    ilsa.log(\"오타 수정\")\n")

    @Test(arguments: [StoreKind.sqlite, .postgres])
    func anEditedPlaybookLeavesItsRunsInFlightAlone(_ kind: StoreKind) async throws {
        let desk = try Workspace(user: "당직자", store: kind)
        try desk.write("season.lua", Self.before)
        try await desk.start("season", id: "s1")
        try desk.write("season.lua", Self.after)
        try await desk.start("season", id: "s2")

        // The old run goes on as it started, its next task and its end.
        #expect(try await desk.ilsa(["task", "done", "s1.1"]).exited(0))
        let open = try await desk.tasks(["--run", "s1"])
        #expect(open.map { $0["title"] as? String } == ["물자 확인"], "\(open)")
        let next = try #require(open.first?["id"] as? String)
        #expect(try await desk.ilsa(["task", "done", next]).exited(0))
        #expect(try await desk.status("s1")["status"] as? String == "completed")
        // The new run has the new line.
        let logged = try await desk.history("s2").contains { ($0["text"] as? String ?? "").contains("오타 수정") }
        #expect(logged)

        let listed = try await desk.ilsa(["playbooks", "--json"])
        #expect(listed.exited(0), "\(listed.summary)")
        let versions = try #require(try JSONSerialization.jsonObject(with: listed.stdout) as? [[String: Any]])
        #expect(versions.count == 2)
        #expect(versions.map { $0["file"] as? String } == ["current", "changed"], "the newest first: \(versions)")
        #expect(versions.map { $0["runs"] as? Int } == [1, 1])
        #expect(versions.map { $0["active_runs"] as? Int } == [1, 0])

        let table = try await desk.ilsa(["playbooks"])
        #expect(table.stdoutText.hasPrefix("PLAYBOOK  VERSION"), "\(table.stdoutText)")
        let old = try #require((versions.last?["id"] as? String)?.dropFirst("sha256:".count).prefix(8))
        let shown = try await desk.ilsa(["playbooks", "show", String(old)])
        #expect(shown.exited(0) && shown.stdoutText == Self.before, "\(shown.summary)")
        let unknown = try await desk.ilsa(["playbooks", "show", "abcdef12"])
        #expect(unknown.exited(2) && unknown.stderrText.contains("no playbook version"), "\(unknown.summary)")
    }
}
