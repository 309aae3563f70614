import Foundation
import IlsaTesting
import Testing

/// `ilsa store copy`: a store moves from an SQLite file to PostgreSQL (and back), runs in flight
/// included, and goes on in the copy exactly where it stopped.
@Suite(.serialized) struct StoreCopyTests {
    /// Everything a person sees of the store, as JSON, without what is relative to the moment
    /// it is read (`due_in`): what must read the same in the copy.
    func views(_ desk: Workspace, store: String? = nil) async throws -> [String] {
        let flag = store.map { ["--store", $0] } ?? []
        var views: [String] = []
        for command in [["status", "--all"], ["tasks", "--all"], ["escalations", "--all"], ["effects", "--all"], ["users"]] {
            let result = try await desk.ilsa(command + ["--json"] + flag)
            #expect(result.exited(0), "\(result.summary)")
            views.append(Self.withoutRelativeTimes(result.stdoutText))
        }
        for run in ["d1", "d2", "g1"] {
            views.append(try await desk.ilsa(["history", run, "--json"] + flag).stdoutText)
        }
        return views
    }

    static func withoutRelativeTimes(_ json: String) -> String {
        json.replacing(#/"(due_in|next_wake_in|started_ago)":"[^"]*",?/#, with: "")
    }

    @Test func runsInFlightGoOnInTheCopyWhereTheyStopped() async throws {
        let desk = try Workspace.dutyDesk()
        desk.pluginPath = Fixtures.plugins.path
        try await desk.start("duty", id: "d1")
        try await desk.start("duty", id: "d2")
        try await desk.start("gauge", id: "g1")
        #expect(try await desk.ilsa(["task", "done", "d1.1"]).exited(0))
        #expect(try await desk.ilsa(["task", "ack", "d2.1"]).exited(0))
        let added = try await desk.ilsa(
            ["users", "add", "sitroom", "--role", "CITY.SITROOM"], stdin: Data("demo password 1\n".utf8))
        #expect(added.exited(0), "\(added.summary)")
        let before = try await views(desk)

        let server = try TemporaryFolder()
        let postgres = try server.postgresStoreURL()
        let copy = try await desk.ilsa(["store", "copy", "--from", desk.store, "--to", postgres])
        #expect(copy.exited(0), "\(copy.summary)")
        #expect(copy.stdoutText.hasPrefix("copied 3 runs ("), "\(copy.stdoutText)")
        let copied = try await views(desk, store: postgres)
        for (original, copy) in zip(before, copied) { #expect(copy == original, "the copy reads as the original") }

        // Into a store that is not empty: refused, nothing written.
        let again = try await desk.ilsa(["store", "copy", "--from", desk.store, "--to", postgres])
        #expect(again.exited(2) || again.exited(3), "\(again.summary)")
        #expect(again.stderrText.contains("not empty"), "\(again.stderrText)")

        // The runs go on in the copy: the next task, a signal, to the end.
        let environment = ["ILSA_STORE": postgres]
        let tasks = try await desk.ilsa(["tasks", "--run", "d1", "--json"], environment: environment)
        let open = try #require(try JSONSerialization.jsonObject(with: tasks.stdout) as? [[String: Any]])
        let next = try #require(open.first { ($0["title"] as? String) == "임시대피소 개방" }?["id"] as? String, "\(tasks.stdoutText)")
        #expect(try await desk.ilsa(["task", "done", next], environment: environment).exited(0))
        let signal = try await desk.ilsa(
            ["signal", "g1", "rain_reading", #"{"gauge": "G-7", "mm_per_hour": 42}"#], environment: environment)
        #expect(signal.exited(0), "\(signal.summary)")
        let d1 = try await desk.ilsa(["status", "d1", "--json"], environment: environment)
        #expect(d1.stdoutText.contains("\"status\":\"completed\""), "\(d1.stdoutText)")
        // The original is as it was.
        #expect(try await views(desk) == before)

        // And back into a new SQLite file.
        let back = desk.path("back.sqlite")
        #expect(try await desk.ilsa(["store", "copy", "--from", postgres, "--to", back]).exited(0))
        #expect(try await views(desk, store: back) == (try await views(desk, store: postgres)))
    }
}
