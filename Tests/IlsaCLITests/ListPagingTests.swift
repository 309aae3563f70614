import Foundation
import IlsaTesting
import Testing

/// `ilsa tasks`, `ilsa status` and `ilsa escalations` show a page at a time, say how much there
/// is on standard error, and list what is open or active unless asked for more: on a store of
/// six runs, one of them with 520 tasks (more than the 500 a page is read in at once), one
/// cancelled.
struct ListPagingTests {
    /// A run with `count` tasks, due in 1 to 7 hours, in two districts.
    static let bulk = """
        return ilsa.workflow {
          name = "bulk", title = "일괄 점검", params = { { name = "count", type = "integer" } },
          run = function(ctx)
            local tasks = {}
            for i = 1, ctx.params.count do
              tasks[i] = ilsa.task {
                title = "점검 " .. i, due = (i % 7 + 1) .. "h",
                assignee = { role = "DONG.HEAD", district = i % 2 == 0 and "singil" or "choji" },
              }
            end
            ilsa.all(tasks)
          end,
        }

        """

    /// Three tasks (the last without a due time) and an escalation.
    static let listed = """
        return ilsa.workflow {
          name = "listed", title = "목록 점검",
          run = function(ctx)
            local tasks = {
              ilsa.task { title = "반지하 연락", assignee = { role = "DONG.HEAD", district = "singil" }, due = "1h" },
              ilsa.task { title = "배수펌프 대기", assignee = { role = "FIRE.SC119", district = "choji" }, due = "2h" },
              ilsa.task { title = "상황 보고", assignee = { role = "CITY.SITROOM" } },
            }
            ilsa.escalate { to = "control_tower", severity = "alert", reason = "점검", options = { "hold", "open_shelters" } }
            ilsa.all(tasks)
          end,
        }

        """

    /// The store: b1 (520 open tasks), l1 to l5 (three tasks and an escalation each), l1.1
    /// done, l5 cancelled. Open: 531 tasks, 5 runs, 4 escalations; in all 535, 6 and 5.
    func workspace() async throws -> Workspace {
        let workspace = try Workspace(user: "당직자")
        try workspace.write("bulk.lua", Self.bulk)
        try workspace.write("listed.lua", Self.listed)
        let bulk = try await workspace.ilsa(["run", "--detach", "--id", "b1", workspace.path("bulk.lua"), "--param", "count=520"])
        try #require(bulk.exited(0), "\(bulk.summary)")
        for n in 1...5 { try await workspace.start("listed", id: "l\(n)") }
        try #require(try await workspace.ilsa(["task", "done", "l1.1"]).exited(0))
        try #require(try await workspace.ilsa(["cancel", "l5"]).exited(0))
        return workspace
    }

    /// The items of `ilsa ARGUMENTS --json`, and what it said on standard error.
    func list(_ workspace: Workspace, _ arguments: [String]) async throws -> (items: [[String: Any]], note: String) {
        let result = try await workspace.ilsa(arguments + ["--json"])
        try #require(result.exited(0), "\(result.summary)")
        let items = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [[String: Any]], "\(result.summary)")
        return (items, result.stderrText)
    }

    func ids(_ items: [[String: Any]]) -> [String] { items.compactMap { $0["id"] as? String } }

    @Test func tasksPageOpenTasksAndSayHowManyThereAre() async throws {
        let workspace = try await workspace()
        let first = try await workspace.ilsa(["tasks", "--flat"])
        #expect(first.exited(0), "\(first.summary)")
        #expect(first.stdoutText.split(separator: "\n").count == 51, "a header and 50 tasks")
        #expect(
            first.stderrText == "showing 1–50 of 531 open tasks (page 1 of 11); --page 2 for more, --limit N for longer pages\n")

        // One long page, read from the store in chunks, is every open task once, in order.
        let (open, note) = try await list(workspace, ["tasks", "--limit", "600"])
        #expect(open.count == 531 && Set(ids(open)).count == 531)
        #expect(note.isEmpty, "everything was shown")
        #expect(open.allSatisfy { ["open", "acknowledged", "in_progress"].contains($0["state"] as? String) })
        var pages: [String] = []
        for page in 1...3 { pages += ids(try await list(workspace, ["tasks", "--limit", "200", "--page", "\(page)"]).items) }
        #expect(pages == ids(open))
        // Tasks without a due time come last.
        #expect(ids(open).suffix(4).sorted() == ["l1.3", "l2.3", "l3.3", "l4.3"])

        let all = try await list(workspace, ["tasks", "--all", "--limit", "1000"]).items
        #expect(all.count == 535)
        #expect(Set(ids(all)).subtracting(ids(open)) == ["l1.1", "l5.1", "l5.2", "l5.3"])

        let choji = try await workspace.ilsa(["tasks", "--district", "choji", "--limit", "3", "--page", "2"])
        #expect(choji.stdoutText.split(separator: "\n").count == 5, "a group's heading, its header and 3 tasks")
        #expect(choji.stderrText.hasPrefix("showing 4–6 of 264 open tasks in choji (page 2 of 88); --page 3 for more"))

        let past = try await workspace.ilsa(["tasks", "--page", "12"])
        #expect(past.exited(0) && past.stdoutText.isEmpty, "\(past.summary)")
        #expect(past.stderrText == "page 12 is past the end: 531 open tasks make 11 pages of 50\n")
        #expect(try await workspace.ilsa(["tasks", "--page", "12", "--json"]).stdoutText == "[]\n")
    }

    @Test func statusPagesActiveRuns() async throws {
        let workspace = try await workspace()
        let two = try await workspace.ilsa(["status", "--limit", "2"])
        #expect(two.exited(0), "\(two.summary)")
        let lines = two.stdoutText.split(separator: "\n")
        #expect(lines.count == 3 && lines[1].hasPrefix("l4 ") && lines[2].hasPrefix("l3 "), "\(two.summary)")
        #expect(two.stderrText == "showing 1–2 of 5 active runs (page 1 of 3); --page 2 for more, --limit N for longer pages\n")

        let (active, note) = try await list(workspace, ["status"])
        #expect(ids(active) == ["l4", "l3", "l2", "l1", "b1"] && note.isEmpty)
        #expect(active.last?["open_tasks"] as? Int == 520 && active[3]["open_tasks"] as? Int == 2)
        #expect(ids(try await list(workspace, ["status", "--all"]).items) == ["l5", "l4", "l3", "l2", "l1", "b1"])
        #expect(ids(try await list(workspace, ["status", "--status", "cancelled"]).items) == ["l5"])
        #expect(ids(try await list(workspace, ["status", "--all", "--limit", "2", "--page", "3"]).items) == ["l1", "b1"])
        let none = try await workspace.ilsa(["status", "--status", "failed"])
        #expect(none.exited(0) && none.stderrText.hasPrefix("no failed runs in "), "\(none.summary)")
    }

    @Test func escalationsListThoseStillToDecide() async throws {
        let workspace = try await workspace()
        let (open, note) = try await list(workspace, ["escalations"])
        #expect(ids(open) == ["l1.4", "l2.4", "l3.4", "l4.4"] && note.isEmpty)
        let all = try await list(workspace, ["escalations", "--all"]).items
        #expect(ids(all) == ["l1.4", "l2.4", "l3.4", "l4.4", "l5.4"] && all.last?["state"] as? String == "closed")
        let page = try await workspace.ilsa(["escalations", "--limit", "3", "--page", "2"])
        #expect(page.stdoutText.split(separator: "\n").count == 2 && page.stdoutText.contains("l4.4"), "\(page.summary)")
        #expect(page.stderrText == "showing 4–4 of 4 open escalations (page 2 of 2)\n")
    }
}
