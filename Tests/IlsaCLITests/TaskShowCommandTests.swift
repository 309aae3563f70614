import Foundation
import IlsaTesting
import Testing

/// `ilsa task show`: a task whole, its checklist ticked from the CLI, its story in the city's time.
struct TaskShowCommandTests {
    static let pump = """
        return ilsa.workflow { name = "pump", title = "배수펌프 점검", run = function()
          ilsa.task { title = "배수펌프 점검", detail = "2번 펌프 우선", checklist = { "전원 확인", "흡입구 청소", "시운전" },
                      tags = { "pump" }, assignee = { role = "DONG.HEAD", district = "singil" }, due = "1h" }:wait()
        end }
        """

    @Test func showsTheChecklistTicksAndTheHistory() async throws {
        let scratch = try Workspace(user: "당직자")
        try scratch.write("pump.lua", Self.pump)
        #expect(try await scratch.ilsa(["run", "--detach", "--id", "p1", "pump.lua"]).exited(0))
        #expect(try await scratch.ilsa(["task", "ack", "p1.1", "--by", "신길동장"]).exited(0))
        let ticked = try await scratch.ilsa(["task", "note", "p1.1", "--checked", "1,3", "--note", "흡입구 막힘"])
        #expect(ticked.exited(0), "\(ticked.summary)")

        let shown = try await scratch.ilsa(["task", "show", "p1.1"])
        #expect(shown.exited(0), "\(shown.summary)")
        let text = shown.stdoutText
        for line in [
            "task      p1.1", "title     배수펌프 점검", "assignee  DONG.HEAD singil", "priority  normal · preparedness", "tags      pump",
            "detail    2번 펌프 우선", "checklist (2 of 3 ticked)", "  [x] 1. 전원 확인", "  [ ] 2. 흡입구 청소", "  [x] 3. 시운전",
        ] {
            #expect(text.contains(line), "missing \(line) in:\n\(text)")
        }
        #expect(text.contains("\n\nchecklist (2 of 3 ticked)\n") && text.contains("\n\nhistory\n"), "sections apart: \(text)")
        #expect(!text.contains("\\n"), "a line break shown as an escape: \(text)")
        #expect(text.contains(" KST  acknowledged by 신길동장"), "\(text)")
        #expect(text.contains(" KST  noted by 당직자 (ticked 2 of 3): 흡입구 막힘"), "\(text)")

        let json = try await scratch.ilsa(["task", "show", "p1.1", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])
        let items = try #require(object["checklist"] as? [[String: Any]])
        #expect(items.map { $0["checked"] as? Bool } == [true, false, true])
        let history = try #require(object["history"] as? [[String: Any]])
        #expect(history.map { $0["event"] as? String } == ["created", "acknowledge", "note"])
        #expect((history.last?["checked"] as? [Int]) == [1, 3])

        let unknown = try await scratch.ilsa(["task", "show", "p1.9"])
        #expect(unknown.exited(2), "\(unknown.summary)")
        let wrong = try await scratch.ilsa(["task", "note", "p1.1", "--checked", "4"])
        #expect(wrong.exited(2) && wrong.stderrText.contains("checklist items 1 to 3, not 4"), "\(wrong.summary)")
    }
}

/// A run's id may be given by its first letters wherever a command takes a run, task or
/// escalation id, as long as only one run's id starts with them.
struct IDPrefixTests {
    @Test func anUnambiguousPrefixNamesTheRunAndItsItems() async throws {
        let duty = try Workspace.dutyDesk()
        try await duty.start("duty", id: "abc123")
        try await duty.start("duty", id: "abd456")
        try await duty.start("tower", id: "xyz789")

        let status = try await duty.ilsa(["status", "abc"])
        #expect(status.exited(0) && status.stdoutText.contains("run        abc123"), "\(status.summary)")
        let shown = try await duty.ilsa(["task", "show", "abd.1"])
        #expect(shown.exited(0) && shown.stdoutText.contains("task      abd456.1"), "\(shown.summary)")
        let acked = try await duty.ilsa(["task", "ack", "abc.1"])
        #expect(acked.exited(0) && acked.stdoutText.hasPrefix("abc123.1 acknowledged by"), "\(acked.summary)")
        let escalation = try #require(try await duty.json(["escalations"]) as? [[String: Any]]).first?["id"] as? String
        let short = try #require(escalation).replacingOccurrences(of: "xyz789", with: "xy")
        let seen = try await duty.ilsa(["escalation", "ack", short])
        #expect(seen.exited(0), "\(short): \(seen.summary)")

        let ambiguous = try await duty.ilsa(["history", "ab"])
        #expect(ambiguous.exited(2), "\(ambiguous.summary)")
        #expect(
            ambiguous.stderrText.contains("'ab' begins more than one run's id (abc123, abd456): give more of it"), "\(ambiguous.stderrText)"
        )
        let none = try await duty.ilsa(["status", "qq"])
        #expect(none.exited(2) && none.stderrText.contains("no run 'qq'"), "\(none.summary)")
    }
}

/// Districts and roles by their code, their Korean name or their English name, wherever a
/// command takes one, with suggestions on a miss.
struct RosterNamesTests {
    @Test func tasksTakeDistrictsAndRolesByTheirNames() async throws {
        let duty = try Workspace.dutyDesk()
        try await duty.start("duty", id: "d1")
        let byCode = try await duty.tasks(["--district", "singil", "--assignee", "DONG.HEAD"])
        #expect(!byCode.isEmpty)
        for spelling in [["--district", "신길", "--assignee", "동장"], ["--district", "Singil", "--assignee", "행정복지센터장"]] {
            let named = try await duty.tasks(spelling)
            #expect(named.map { $0["id"] as? String } == byCode.map { $0["id"] as? String }, "\(spelling)")
        }
        let miss = try await duty.ilsa(["tasks", "--district", "신길동네"])
        #expect(
            miss.exited(2) && miss.stderrText.contains("no district '신길동네'") && miss.stderrText.contains("singil (신길)"), "\(miss.summary)")
        let role = try await duty.ilsa(["tasks", "--assignee", "DONG.HAED"])
        #expect(role.exited(2) && role.stderrText.contains("did you mean 'DONG.HEAD'"), "\(role.summary)")
    }

    @Test func anAccountsRoleAndDistrictByTheirNames() async throws {
        let scratch = try Workspace()
        let added = try await scratch.ilsa(
            ["users", "add", "singil-dong", "--role", "동장", "--district", "신길"], stdin: Data("a long password\n".utf8))
        #expect(added.exited(0) && added.stderrText.contains("DONG.HEAD in singil"), "\(added.summary)")
        let room = try await scratch.ilsa(["users", "add", "room", "--role", "재난안전상황실"], stdin: Data("a long password\n".utf8))
        #expect(room.exited(0) && room.stderrText.contains("the control tower"), "\(room.summary)")
    }
}
