import Foundation
import IlsaEngine
import IlsaTesting
import Testing

/// A duty officer can always stop a run, even one that can no longer be rebuilt: its playbook
/// edited, or a plugin it needs missing.
struct RuntimeCancelTests {
    static let start = Date(timeIntervalSince1970: 1_752_624_000)
    static let playbook = """
        return ilsa.workflow { name = "p", title = "P", run = function()
          ilsa.task { title = "Call every semi-basement household", due = "1h" }
          ilsa.escalate { to = "control_tower", severity = "alert", reason = "62 mm/h", options = { "evacuate", "hold" } }
          ilsa.wait_signal("lifted")
        end }
        """

    func started(_ source: String = playbook) throws -> (TemporaryFolder, any RunStore) {
        let folder = try TemporaryFolder()
        let store = try folder.store()
        try Engine(store: store, clock: VirtualClock(startingAt: Self.start), source: { _ in source }).start(playbook: "p.lua", id: "r1")
        try folder.unpin("r1")  // it replays the file, which the tests change
        return (folder, store)
    }

    @Test(arguments: [
        ("edited", Self.playbook.replacingOccurrences(of: "Call every", with: "Phone every"), "the playbook no longer matches"),
        ("needs a plugin", "local kma = require 'kma'\n" + Self.playbook, "module 'kma' not found"),
        ("broken", "return ilsa.workflow {", "the playbook does not load"),
    ])
    func aRunThatCannotBeRebuiltIsStillCancelled(_ what: String, _ source: String, _ why: String) throws {
        let (folder, store) = try started()
        let later = Engine(store: try folder.store(), clock: VirtualClock(startingAt: Self.start + 600), source: { _ in source })
        #expect(throws: (any Error).self) { try later.signal("r1", name: "lifted") }
        try later.cancel("r1", by: "kim.minsu", reason: "주의보 해제")

        #expect(try store.run("r1")?.status == .cancelled)
        let last = try #require(try store.history(of: "r1").last)
        #expect(last.kind == .runCancelled)
        #expect(last.payload["by"] == "kim.minsu" && last.payload["reason"] == "주의보 해제")
        #expect(last.payload["unreplayable"]?.stringValue?.contains(why) == true, "\(what): \(last.payload)")
        #expect(try store.tasks(TaskQuery(run: "r1")).map(\.state) == [.cancelled])
        #expect(try store.escalations(run: "r1", openOnly: false).map(\.state) == [.closed])
        #expect(try store.nextWake() == nil)
        // Cancelled once: a second cancel says so.
        #expect(throws: (any Error).self) { try later.cancel("r1", by: "kim.minsu") }
        #expect(try store.history(of: "r1").count == last.sequence)
    }

    @Test func aRunThatCanBeRebuiltIsCancelledByReplayingIt() throws {
        let (folder, store) = try started()
        try Engine(store: try folder.store(), clock: VirtualClock(startingAt: Self.start), source: { _ in Self.playbook })
            .cancel("r1", by: "kim.minsu")
        #expect(try store.history(of: "r1").last?.payload["unreplayable"] == nil)
        #expect(try store.run("r1")?.status == .cancelled)
    }
}
