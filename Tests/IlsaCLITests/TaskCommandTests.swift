import Foundation
import IlsaTesting
import Testing

/// `ilsa task ack|start|done|fail|note`: the confirmations, the run going on, and bad input
/// that changes nothing.
struct TaskCommandTests {
    @Test func ackStartNoteDoneAndTheRunGoesOn() async throws {
        let duty = try Workspace.dutyDesk()
        try await duty.start("duty", id: "d1")

        let ack = try await duty.ilsa(["task", "ack", "d1.1", "--by", "신길동장"])
        #expect(ack.exited(0), "\(ack.summary)")
        #expect(ack.stdoutText.hasPrefix("d1.1 acknowledged by 신길동장\n  반지하 취약가구 연락 (DONG.HEAD singil): acknowledged, due in "))

        let start = try await duty.ilsa(["task", "start", "d1.1"])
        #expect(start.exited(0), "\(start.summary)")
        #expect(start.stdoutText.hasPrefix("d1.1 started by 당직자\n"), "$USER is the default --by")

        let note = try await duty.ilsa(["task", "note", "d1.1", "--note", "19가구 중 12가구 연락", "--by", "신길동장"])
        #expect(note.exited(0), "\(note.summary)")
        #expect(note.stdoutText.contains("in_progress, due in "))
        #expect(note.stdoutText.hasSuffix("  note: 19가구 중 12가구 연락\n"))

        let done = try await duty.ilsa(["task", "done", "d1.1", "--by", "신길동장"])
        #expect(done.exited(0), "\(done.summary)")
        #expect(
            done.stdoutText.hasPrefix(
                """
                d1.1 completed by 신길동장
                  반지하 취약가구 연락 (DONG.HEAD singil): done
                  new task d1.5: 임시대피소 개방 (DONG.HEAD singil, due in 
                """), "\(done.summary)")

        let last = try await duty.ilsa(["task", "complete", "d1.5", "--by", "신길동장"])
        #expect(last.exited(0), "\(last.summary)")
        #expect(
            last.stdoutText == """
                d1.5 completed by 신길동장
                  임시대피소 개방 (DONG.HEAD singil): done
                  run d1 completed
                  closed task d1.2: Pumps ready
                  closed task d1.3: 초지동 침수 우려 지역 순찰

                """, "the tasks the run left open are named")
        let open = try await duty.ilsa(["tasks", "--run", "d1"])
        #expect(open.stdoutText.isEmpty)
        #expect(open.stderrText == "no open tasks in run d1\n", "the run closed the tasks it no longer waits for")
        let states = try await duty.tasks(["--run", "d1", "--all"]).map { "\($0["id"] ?? ""):\($0["state"] ?? "")" }
        #expect(states.sorted() == ["d1.1:done", "d1.2:cancelled", "d1.3:cancelled", "d1.5:done"])
    }

    @Test func jsonHasTheTaskAndWhatTheRunDid() async throws {
        let duty = try Workspace.dutyDesk()
        try await duty.start("duty", id: "d1")
        let result = try await duty.ilsa(["task", "done", "d1.1", "--json", "--by", "신길동장", "--note", "모두 연락됨"])
        #expect(result.exited(0), "\(result.summary)")
        let object = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        #expect(object["action"] as? String == "complete")
        #expect(object["by"] as? String == "신길동장")
        #expect(object["run"] as? String == "d1")
        #expect(object["run_status"] as? String == "waiting")
        let task = try #require(object["task"] as? [String: Any])
        #expect(task["state"] as? String == "done")
        #expect(task["note"] as? String == "모두 연락됨")
        let created = try #require(object["new_tasks"] as? [[String: Any]])
        #expect(created.map { $0["title"] as? String } == ["임시대피소 개방"])
    }

    @Test func failRecordsTheNote() async throws {
        let duty = try Workspace.dutyDesk()
        try await duty.start("duty", id: "d1")
        let result = try await duty.ilsa(["task", "fail", "d1.2", "--note", "2번 펌프 고장", "--by", "신길119안전센터장"])
        #expect(result.exited(0), "\(result.summary)")
        #expect(
            result.stdoutText == """
                d1.2 failed by 신길119안전센터장
                  Pumps ready (FIRE.SC119 singil): failed
                  note: 2번 펌프 고장

                """)
    }

    struct BadAction: Sendable, CustomTestStringConvertible {
        let arguments: [String]
        let message: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let badActions: [BadAction] = [
        BadAction(
            arguments: ["task", "ack", "d1.11"], message: "ilsa: no task 'd1.11' (did you mean 'd1.1'?); list them with ilsa tasks\n"),
        BadAction(
            arguments: ["task", "ack", "d1"], message: "ilsa: no task 'd1': that is a run; its tasks are d1.N (ilsa tasks --run d1)\n"),
        BadAction(arguments: ["task", "ack", "x9.1"], message: "ilsa: no task 'x9.1'"),
        BadAction(arguments: ["task", "done", "d1.1"], message: "ilsa: task 'd1.1' is done; it cannot take 'complete'\n"),
        BadAction(arguments: ["task", "ack", "d1.1"], message: "ilsa: task 'd1.1' is done; it cannot take 'acknowledge'\n"),
        BadAction(arguments: ["task", "note", "d1.2"], message: "Error: ilsa task note needs --note TEXT"),
        BadAction(arguments: ["task", "ack", "d1.2", "--by", " "], message: "ilsa: --by needs a name"),
        BadAction(
            arguments: ["task", "ack", "d2.2"],
            message: "ilsa: task 'd2.2' belongs to run 'd2', which has completed; it takes no more answers\n"),
        BadAction(arguments: ["task", "shred", "d1.2"], message: "Error: "),
    ]

    /// Run d1 waits with d1.1 done; run d2 has completed.
    private func prepared() async throws -> Workspace {
        let duty = try Workspace.dutyDesk()
        try await duty.start("duty", id: "d1")
        try await duty.start("duty", id: "d2")
        for arguments in [["task", "done", "d1.1"], ["task", "done", "d2.1"], ["task", "done", "d2.5"]] {
            let result = try await duty.ilsa(arguments)
            guard result.exited(0) else { throw TestKitError("setup: \(result.summary)") }
        }
        return duty
    }

    @Test(arguments: badActions)
    func badInputExitsTwoAndChangesNothing(_ bad: BadAction) async throws {
        let duty = try await prepared()
        let before = [try await duty.snapshot("d1"), try await duty.snapshot("d2")]
        let result = try await duty.ilsa(bad.arguments)
        #expect(result.exited(2), "\(result.summary)")
        #expect(result.stdoutText.isEmpty, "\(result.summary)")
        #expect(result.stderrText.hasPrefix(bad.message), "\(result.summary)")
        #expect([try await duty.snapshot("d1"), try await duty.snapshot("d2")] == before)
    }

    /// Several tasks take one action each; a wrong id among them changes nothing.
    @Test func severalTasksAreAcknowledgedAtOnce() async throws {
        let duty = try Workspace.dutyDesk()
        try await duty.start("duty", id: "d1")
        let wrong = try await duty.ilsa(["task", "ack", "d1.1", "d1.9"])
        #expect(wrong.exited(2), "\(wrong.summary)")
        #expect(try await duty.tasks().allSatisfy { $0["state"] as? String == "open" }, "nothing was acknowledged")

        let both = try await duty.ilsa(["task", "ack", "d1.1", "d1.3", "--by", "초지동장"])
        #expect(both.exited(0), "\(both.summary)")
        #expect(both.stdoutText.contains("d1.1 acknowledged by 초지동장") && both.stdoutText.contains("d1.3 acknowledged by 초지동장"))
        let states = try await duty.tasks().reduce(into: [String: String]()) { $0[$1["id"] as? String ?? ""] = $1["state"] as? String }
        #expect(states["d1.1"] == "acknowledged" && states["d1.3"] == "acknowledged" && states["d1.2"] == "open", "\(states)")
        let json = try #require(try await duty.json(["task", "start", "d1.1", "d1.3"]) as? [[String: Any]])
        #expect(json.count == 2)
        let checked = try await duty.ilsa(["task", "note", "d1.1", "d1.3", "--checked", "1"])
        #expect(checked.exited(2), "--checked is one task's: \(checked.summary)")
    }

    /// A task is handed to another holder of its role in its district (issue 18): open again,
    /// recorded, and refused for one who does not hold the role there.
    @Test func aTaskIsReassignedToAnotherHolderOfItsRole() async throws {
        let duty = try Workspace.dutyDesk()
        try await duty.start("duty", id: "d1")
        #expect(try await duty.ilsa(["task", "ack", "d1.1"]).exited(0))
        let wrong = try await duty.ilsa(["task", "reassign", "d1.1", "--to", "sc119.singil"])
        #expect(wrong.exited(2) && wrong.stderrText.contains("those who do: wc.wongok, wc.baegun, wc.singil"), "\(wrong.summary)")

        let moved = try await duty.ilsa(["task", "reassign", "d1.1", "--to", "백운동 행정복지센터", "--note", "신길동 주민센터 정전"])
        #expect(moved.exited(0), "\(moved.summary)")
        #expect(moved.stdoutText.hasPrefix("d1.1 reassigned by 당직자 to wc.baegun"), "\(moved.summary)")
        // Ansan's ladder keeps the clock on a handover, and the command says so.
        #expect(moved.stdoutText.contains("its escalation clock runs on: the handover does not buy time"), "\(moved.summary)")
        let task = try #require(try await duty.tasks().first { $0["id"] as? String == "d1.1" })
        #expect(task["state"] as? String == "open" && task["unit"] as? String == "wc.baegun", "\(task)")
        let texts = try await duty.history("d1").compactMap { $0["text"] as? String }
        #expect(texts.contains { $0.contains("task d1.1 reassigned to wc.baegun") && $0.contains("by 당직자") }, "\(texts)")
    }
}
