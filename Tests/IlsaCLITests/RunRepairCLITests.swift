import Foundation
import IlsaTesting
import Testing

/// Operators repair runs from the command line (issue 17): `ilsa check` replays a playbook's
/// runs against the edited file, `ilsa upgrade` moves those that replay, `ilsa incidents` lists
/// failed runs and `ilsa retry` takes one up again on the fixed file, `ilsa pause` and
/// `ilsa resume` hold a run's clock. Real processes on a real store.
@Suite(.serialized) struct RunRepairCLITests {
    static let playbook = """
        return ilsa.workflow {
          name = "season", title = "시즌 대비",
          run = function(ctx)
            ilsa.task { title = "대피소 점검", assignee = { role = "DONG.HEAD", district = "singil" } }:wait()
            ilsa.task { title = "물자 확인", assignee = { role = "DONG.HEAD", district = "singil" } }:wait()
            return "done"
          end,
        }

        """

    /// A line added before the first task: runs from before cannot replay it.
    static let diverging = playbook.replacingOccurrences(
        of: "run = function(ctx)\n", with: "run = function(ctx)\n    ilsa.log(\"오타 수정\")\n")

    /// The same line behind `ilsa.patched`: runs from before keep the old path, new runs log it.
    static let patched = playbook.replacingOccurrences(
        of: "run = function(ctx)\n", with: "run = function(ctx)\n    if ilsa.patched(\"typo\") then ilsa.log(\"오타 수정\") end\n")

    /// A change after the point runs wait at: their histories replay on it.
    static let later = playbook.replacingOccurrences(of: "return \"done\"", with: "ilsa.log(\"끝\")\n    return \"done\"")

    @Test(arguments: [StoreKind.sqlite, .postgres])
    func checkSaysWhichRunsCanMoveAndUpgradeMovesThem(_ kind: StoreKind) async throws {
        let desk = try Workspace(user: "당직자", store: kind)
        try desk.write("season.lua", Self.playbook)
        try await desk.start("season", id: "s1")

        try desk.write("season.lua", Self.diverging)
        let check = try await desk.ilsa(["check", desk.path("season.lua")])
        #expect(check.exited(0), "a diverging run is a warning: it keeps its version. \(check.summary)")
        #expect(check.stdoutText.contains("warning: run s1 would diverge: as command 1"), "\(check.stdoutText)")
        #expect(check.stdoutText.contains("log"), "it names the command the script issues now: \(check.stdoutText)")
        let refused = try await desk.ilsa(["upgrade", "s1"])
        #expect(refused.exited(1) && refused.stdoutText.contains("would diverge"), "\(refused.summary)")
        #expect(try await desk.history("s1").allSatisfy { ($0["kind"] as? String) != "run_upgraded" })

        try desk.write("season.lua", Self.patched)
        let clean = try await desk.ilsa(["check", desk.path("season.lua")])
        #expect(clean.stderrText.contains("run s1 can move to this version: ilsa upgrade s1"), "\(clean.summary)")
        let dry = try await desk.ilsa(["upgrade", "--workflow", "season", "--dry-run"])
        #expect(dry.exited(0) && dry.stderrText.contains("1 run could move"), "\(dry.summary)")
        let moved = try await desk.ilsa(["upgrade", "--workflow", "season"])
        #expect(moved.exited(0) && moved.stdoutText.contains("run s1 moved to sha256:"), "\(moved.summary)")
        let again = try await desk.ilsa(["upgrade", "s1"])
        #expect(again.exited(0) && again.stdoutText.contains("already"), "\(again.summary)")

        // The moved run keeps the old path (no log) and goes on on the new version; a new run
        // takes the new path.
        #expect(try await desk.ilsa(["task", "done", "s1.1"]).exited(0))
        let history = try await desk.history("s1")
        #expect(history.contains { ($0["kind"] as? String) == "run_upgraded" })
        #expect(!history.contains { ($0["text"] as? String ?? "").contains("오타 수정") }, "\(history)")
        try await desk.start("season", id: "s2")
        #expect(try await desk.history("s2").contains { ($0["text"] as? String ?? "").contains("오타 수정") })
        let versions = try #require(try await desk.json(["playbooks"]) as? [[String: Any]])
        #expect(versions.first?["active_runs"] as? Int == 2, "both runs are on the newest version: \(versions)")
    }

    @Test func aFailedRunIsAnIncidentAndIsRetriedOnTheFixedPlaybook() async throws {
        let desk = try Workspace(user: "당직자")
        let broken = Self.playbook.replacingOccurrences(
            of: "return \"done\"", with: "local shelter = nil\n    ilsa.log(\"대피소 \" .. shelter.name)\n    return \"done\"")
        try desk.write("season.lua", broken)
        try await desk.start("season", id: "f1")
        #expect(try await desk.ilsa(["task", "done", "f1.1"]).exited(0))
        #expect(try await desk.ilsa(["task", "done", "f1.3"]).exited(0))
        #expect(try await desk.status("f1")["status"] as? String == "failed")

        let incidents = try await desk.ilsa(["incidents"])
        #expect(incidents.exited(0) && incidents.stdoutText.contains("f1  season  failed"), "\(incidents.summary)")
        #expect(incidents.stdoutText.contains("season.lua:7: attempt to index a nil value"), "\(incidents.stdoutText)")
        let listed = try #require(try await desk.json(["incidents"]) as? [[String: Any]])
        #expect(listed.first?["line"] as? Int == 7 && listed.first?["run"] as? String == "f1", "\(listed)")

        // Unfixed, a retry would fail again: nothing changes.
        let early = try await desk.ilsa(["retry", "f1"])
        #expect(early.exited(1) && early.stdoutText.contains("fails at once"), "\(early.summary)")
        let length = try await desk.historyLength("f1")

        try desk.write("season.lua", broken.replacingOccurrences(of: "local shelter = nil", with: "local shelter = { name = \"와동\" }"))
        let check = try await desk.ilsa(["check", desk.path("season.lua")])
        #expect(check.stderrText.contains("run f1 (failed) could be retried on this version: ilsa retry f1"), "\(check.summary)")
        let retried = try await desk.ilsa(["retry", "f1"])
        #expect(retried.exited(0) && retried.stdoutText.contains("run f1 retried on sha256:"), "\(retried.summary)")
        #expect(retried.stdoutText.contains("completed"), "it goes on from its failure to its end: \(retried.stdoutText)")
        let status = try await desk.status("f1")
        #expect(status["status"] as? String == "completed", "\(status)")
        let history = try await desk.history("f1")
        #expect(history.count > length)
        #expect(history.contains { ($0["kind"] as? String) == "run_retried" })
        #expect(history.contains { ($0["text"] as? String ?? "").contains("대피소 와동") }, "\(history)")
        #expect(try await desk.ilsa(["incidents"]).stderrText.contains("no incidents"))
        let notFailed = try await desk.ilsa(["retry", "f1"])
        #expect(notFailed.exited(2) && notFailed.stderrText.contains("has not failed"), "\(notFailed.summary)")
    }

    @Test func pauseHoldsTheClockAndResumeLetsItGo() async throws {
        let desk = try Workspace(user: "당직자")
        try desk.write(
            "timed.lua",
            """
            return ilsa.workflow { name = "timed", title = "Timed", run = function()
              ilsa.sleep("1s")
              ilsa.log("woke")
            end }
            """)
        try await desk.start("timed", id: "t1")
        let paused = try await desk.ilsa(["pause", "t1", "--reason", "KMA 재발표 대기"])
        #expect(paused.exited(0) && paused.stdoutText.contains("paused by 당직자"), "\(paused.summary)")
        #expect(try await desk.status("t1")["status"] as? String == "paused")
        let listed = try await desk.ilsa(["status"])
        #expect(listed.stdoutText.contains("paused"), "a paused run is active: \(listed.stdoutText)")

        try await Task.sleep(for: .milliseconds(1_500))
        #expect(try await desk.ilsa(["work"]).exited(0))
        #expect(try await desk.status("t1")["status"] as? String == "paused", "its timer waits while it is paused")
        let twice = try await desk.ilsa(["pause", "t1"])
        #expect(twice.exited(2) && twice.stderrText.contains("already paused"), "\(twice.summary)")

        let resumed = try await desk.ilsa(["resume", "t1"])
        #expect(resumed.exited(0), "\(resumed.summary)")
        #expect(try await desk.status("t1")["status"] as? String == "completed", "what came due happens at resume")
        let texts = try await desk.history("t1").compactMap { $0["text"] as? String }
        #expect(texts.contains { $0.contains("run paused by 당직자: KMA 재발표 대기") }, "\(texts)")
        #expect(texts.contains { $0.contains("run resumed by 당직자") } && texts.contains { $0.contains("woke") })
        let notPaused = try await desk.ilsa(["resume", "t1"])
        #expect(notPaused.exited(2), "\(notPaused.summary)")
    }
}
