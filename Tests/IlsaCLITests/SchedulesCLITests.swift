import Foundation
import IlsaTesting
import Testing

/// Playbooks that start by themselves, from the command line (issue 17): an operator sets a
/// schedule, `ilsa work` starts its occurrence once however often (and by however many workers)
/// it looks, `ilsa schedules` shows what became of it, and a drill rehearses a playbook's own
/// schedule on its virtual clock.
@Suite(.serialized) struct SchedulesCLITests {
    static let playbook = """
        return ilsa.workflow {
          name = "heat_check", title = "폭염 점검",
          params = { { name = "district", type = "district", default = "singil" } },
          run = function(ctx)
            ilsa.task { title = "무더위쉼터 점검 " .. ctx.params.district, assignee = { role = "DONG.HEAD", district = ctx.params.district } }:wait()
          end,
        }

        """

    /// Now, in KST, as `YYYY-MM-DD HH:MM`.
    static func nowInSeoul(plus minutes: Int = 0) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Seoul")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: Date().addingTimeInterval(Double(minutes * 60)))
        return String(format: "%04d-%02d-%02d %02d:%02d", parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!)
    }

    @Test(arguments: [StoreKind.sqlite, .postgres])
    func anOperatorsScheduleStartsItsRunOnce(_ kind: StoreKind) async throws {
        let desk = try Workspace(user: "상황실", store: kind)
        try desk.write("workflows/heat_check.lua", Self.playbook)
        let bad = try await desk.ilsa(["schedules", "add", "heat_check", "--before", "2027-02-17"])
        #expect(bad.exited(2) && bad.stderrText.contains("--before needs --days"), "\(bad.summary)")
        let unknown = try await desk.ilsa(["schedules", "add", "heat_chek", "--at", "2027-01-27 09:00"])
        #expect(unknown.exited(2) && unknown.stderrText.contains("did you mean heat_check?"), "\(unknown.summary)")
        let badParam = try await desk.ilsa(["schedules", "add", "heat_check", "--at", "2027-01-27 09:00", "--param", "district=atlantis"])
        #expect(badParam.exited(2), "parameters are checked when the schedule is set: \(badParam.summary)")

        // Due this minute (a minute late at most), with a parameter.
        let added = try await desk.ilsa(["schedules", "add", "heat_check", "--at", Self.nowInSeoul(), "--param", "district=wolpi"])
        #expect(added.exited(0), "\(added.summary)")
        let id = try #require(added.stdoutText.split(separator: ":").first?.replacingOccurrences(of: "schedule ", with: ""))
        let daily = try await desk.ilsa(["schedules", "add", "heat_check", "--every", "day", "--time", "06:00"])
        #expect(daily.exited(0) && daily.stdoutText.contains("every day at 06:00; next"), "\(daily.summary)")

        let first = try await desk.ilsa(["work"])
        #expect(first.exited(0), "\(first.summary)")
        #expect(first.stdoutText.contains("by schedule \(id)"), "\(first.stdoutText)")
        let second = try await desk.ilsa(["work"])
        #expect(!second.stdoutText.contains("by schedule"), "an occurrence starts once: \(second.stdoutText)")
        let runs = try #require(try await desk.json(["status", "--all"]) as? [[String: Any]])
        #expect(runs.filter { $0["workflow"] as? String == "heat_check" }.count <= 2, "\(runs)")  // the daily one may be due too
        let tasks = try await desk.tasks()
        #expect(tasks.contains { ($0["title"] as? String) == "무더위쉼터 점검 wolpi" }, "\(tasks)")

        let listed = try #require(try await desk.json(["schedules"]) as? [[String: Any]])
        let mine = try #require(listed.first { $0["id"] as? String == id })
        #expect((mine["latest"] as? String)?.contains("started s") == true, "\(mine)")
        #expect(mine["set_by"] as? String == "상황실")
        let table = try await desk.ilsa(["schedules"])
        #expect(table.stdoutText.hasPrefix("ID"), "\(table.stdoutText)")

        let removed = try await desk.ilsa(["schedules", "remove", id])
        #expect(removed.exited(0), "\(removed.summary)")
        let again = try await desk.ilsa(["schedules", "remove", id])
        #expect(again.exited(2), "\(again.summary)")
    }

    @Test func aPlaybooksOwnScheduleIsListedAndRehearsedOnTheVirtualClock() async throws {
        let desk = try Workspace(user: "상황실")
        let holiday = Self.playbook.replacingOccurrences(
            of: "  run = function(ctx)",
            with:
                "  schedules = { { before = \"2027-02-17\", days = 21, at = \"09:00\", params = { district = \"choji\" } } },\n  run = function(ctx)"
        )
        try desk.write("workflows/heat_check.lua", holiday)
        let listed = try #require(try await desk.json(["schedules"]) as? [[String: Any]])
        #expect(listed.first?["id"] as? String == "heat_check#1")
        #expect(listed.first?["when"] as? String == "D-21 before 2027-02-17 at 09:00")
        #expect((listed.first?["next"] as? String)?.hasPrefix("2027-01-27T09:00:00+09:00") == true, "\(listed)")
        let mine = try await desk.ilsa(["schedules", "remove", "heat_check#1"])
        #expect(mine.exited(2) && mine.stderrText.contains("the playbook's own"), "\(mine.summary)")

        let drill = try await desk.ilsa(["drill", "heat_check", "--on-schedule", "--t0", "2027-01-20 08:00", "--json"])
        #expect(drill.exited(0), "\(drill.summary)")
        let report = try #require(try JSONSerialization.jsonObject(with: drill.stdout) as? [String: Any])
        #expect((report["start"] as? String)?.hasPrefix("2027-01-27T00:00:00") == true, "T0 is the occurrence: \(report["start"] ?? "")")
        #expect(report["outcome"] as? String == "completed")
        let early = try await desk.ilsa(["drill", "heat_check", "--on-schedule", "--t0", "2027-03-01 08:00"])
        #expect(early.exited(2), "\(early.summary)")
        #expect(early.stderrText.contains("no schedule of"), "\(early.summary)")
    }
}
