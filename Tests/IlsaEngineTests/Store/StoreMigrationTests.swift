import Foundation
import GRDB
import IlsaEngine
import IlsaStoreSQLite
import IlsaTesting
import Testing

/// A store written by the last release (`7c6b530`, the end of issue 12) opens in this Ilsa, brought
/// up to its schema when that is newer, and reads back whole: runs, typed histories, tasks and
/// escalations, and the waiting runs go on to their ends through the engine.
///
/// The store and what its runs were started with (the heavy-rain playbook and the kma plugin as
/// that release had them) are in `Tests/Fixtures/release-7c6b530`; its README says how the store
/// was made. Each test opens a copy, so the fixture is never changed.
struct StoreMigrationTests {
    static let release = Fixtures.testFiles.appendingPathComponent("release-7c6b530")
    /// The store file as the release left it.
    static let file = release.appendingPathComponent("ilsa.sqlite")
    /// The heavy-rain playbook as the release ran it; every run in the store was started with it.
    static let playbook = release.appendingPathComponent("workflows/heavy_rain.lua")
    /// The kma plugin's modules as the release had them.
    static let plugins: PluginSet = try! PluginSet.discover(in: [release.appendingPathComponent("plugins").path], config: [:])
        .modulesOnly

    /// An hour after the last event in the store (23:13:55–23:39 on 4 December 2026).
    static let later = Date(timeIntervalSince1970: 1_796_428_800)  // 2026-12-05T00:00:00Z

    /// The folder of this test's copy of the store, removed with the test.
    let folder: TemporaryFolder
    /// This test's copy of the release's store.
    let path: String

    init() throws {
        folder = try TemporaryFolder(prefix: "ilsa-migration")
        path = folder.path("ilsa.sqlite")
        try FileManager.default.copyItem(atPath: Self.file.path, toPath: path)
    }

    /// `user_version` and `application_id` from a closed store file's header (bytes 60 and 68,
    /// big-endian), read without opening it: SQLite would add its `-shm` and `-wal` files.
    static func header(_ path: String) throws -> (version: Int, application: Int) {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)).prefix(100))
        guard bytes.count == 100 else { throw TestKitError("\(path) has no SQLite header") }
        func integer(at offset: Int) -> Int { bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (integer(at: 60), integer(at: 68))
    }

    /// `PRAGMA user_version` of an open store, as SQLite reads it (the header may still be in the log).
    func version(_ path: String) throws -> Int {
        try DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") ?? -1 }
    }

    /// An engine on the store, on a virtual clock at ``later``, that reads every run's playbook
    /// from the release's copy (the store names where it was when the run started).
    func engine(_ store: any RunStore, clock: VirtualClock) -> Engine {
        Engine(
            store: store, clock: clock, roster: Fixtures.roster,
            source: { path in
                guard path.hasSuffix("/heavy_rain.lua") else { throw TestKitError("no playbook \(path) in the fixture") }
                return try String(contentsOf: Self.playbook, encoding: .utf8)
            }, plugins: Self.plugins)
    }

    @Test func theReleasesStoreOpensAtTheCurrentSchemaVersion() throws {
        let fixture = try Data(contentsOf: Self.file)
        let before = try Self.header(path)
        #expect(before.application == 0x494C_5341)  // ILSA
        #expect(before.version == 2, "the release wrote schema 2")
        #expect(before.version <= SQLiteRunStore.schemaVersion)
        let store = try SQLiteRunStore(path: path)
        // A release's older schema is migrated up; the same one is left as it is.
        #expect(try version(path) == SQLiteRunStore.schemaVersion)
        #expect(try store.runs(status: nil).map(\.id.rawValue).sorted() == ["hr-cancelled", "hr-done", "hr-escalated", "hr-waiting"])
        // Opened again (as the next process would), it is already current and reads the same.
        let again = try SQLiteRunStore(path: path)
        #expect(try again.runs(status: nil) == store.runs(status: nil))
        // The fixture itself is untouched.
        #expect(try Data(contentsOf: Self.file) == fixture)
        #expect(!FileManager.default.fileExists(atPath: Self.file.path + "-wal"))
    }

    @Test func everyEventReadsAsATypedFact() throws {
        let store = try SQLiteRunStore(path: path)
        var kinds: Set<String> = []
        for run in try store.runs(status: nil) {
            let history = try store.history(of: run.id)
            #expect(history.map(\.sequence) == Array(1...run.lastSequence), "\(run.id): numbered from 1 without gaps")
            guard case .started(let start) = history.first?.fact else {
                Issue.record("\(run.id) does not start with its start: \(String(describing: history.first))")
                continue
            }
            #expect(start.workflow == "heavy_rain" && start.playbook.hasSuffix("workflows/heavy_rain.lua"))
            #expect(start.params["district"] == .string(run.params["district"]?.stringValue ?? "?"))
            for event in history {
                kinds.insert(event.kind.rawValue)
                #expect(!Self.isUnrecognized(event.fact), "\(run.id) #\(event.sequence) does not read: \(event.stored)")
                // The typed fact, written again, is what the release wrote.
                #expect(StoredEvent(event.fact) == event.stored, "\(run.id) #\(event.sequence) changes when written again")
            }
        }
        #expect(
            kinds == [
                "run_started", "command_issued", "command_answered", "task_updated", "task_escalated", "signal_received",
                "escalation_acknowledged", "escalation_decided", "run_completed", "run_cancelled",
            ])
    }

    /// Whether a fact, or the command or answer in it, is one this Ilsa could not read.
    static func isUnrecognized(_ fact: RunFact) -> Bool {
        switch fact {
        case .unrecognized: true
        case .issued(let command): if case .unrecognized = command.request { true } else { false }
        case .answered(let answer): if case .unrecognized = answer.outcome { true } else { false }
        default: false
        }
    }

    @Test func runsTasksAndEscalationsReadAsTheReleaseLeftThem() throws {
        let store = try SQLiteRunStore(path: path)
        let runs = Dictionary(uniqueKeysWithValues: try store.runs(status: nil).map { ($0.id, $0) })
        #expect(runs["hr-waiting"]?.status == .waiting)
        #expect(runs["hr-escalated"]?.status == .waiting)
        #expect(runs["hr-done"]?.status == .completed)
        #expect(runs["hr-cancelled"]?.status == .cancelled)
        #expect(runs["hr-waiting"]?.params == ["district": "singil", "level": "advisory", "rain_mm_per_hour": 30.0, "watch": "3h"])
        // What the waiting runs wait for reads back typed: the watch's signals and its timer.
        let waits = try #require(runs["hr-waiting"]?.waits)
        #expect(waits.contains(.signal("kma.heavy_rain")) && waits.contains(.signal("rain_reading")), "\(waits)")
        #expect(waits.contains { if case .timer = $0 { true } else { false } }, "\(waits)")
        #expect(try #require(runs["hr-escalated"]?.waits).contains(.escalation("hr-escalated.14")))
        #expect(runs["hr-waiting"]?.wakeAt != nil && runs["hr-done"]?.wakeAt == nil)

        let waiting = Dictionary(uniqueKeysWithValues: try store.tasks(TaskQuery(run: "hr-waiting")).map { ($0.id, $0) })
        #expect(
            waiting.mapValues(\.state) == [
                "hr-waiting.3": .acknowledged, "hr-waiting.4": .open, "hr-waiting.6": .done, "hr-waiting.8": .inProgress,
            ])
        #expect(waiting["hr-waiting.3"]?.title == "반지하 취약가구 연락·대피 안내")
        #expect(waiting["hr-waiting.3"]?.role == "DONG.HEAD" && waiting["hr-waiting.3"]?.district == "singil")
        #expect(waiting["hr-waiting.3"]?.taskClass == .lifeSafety && waiting["hr-waiting.3"]?.priority == "urgent")
        #expect(waiting["hr-waiting.6"]?.updatedBy == "신길119안전센터" && waiting["hr-waiting.6"]?.note == "펌프 3대 대기")
        #expect(waiting["hr-waiting.4"]?.note == "빗물받이 12곳 중 5곳 점검")

        // The underpass closure nobody acknowledged climbed one rung before the store was closed.
        let closure = try #require(try store.task("hr-escalated.13"))
        #expect(closure.title == "지하차도 즉시 통제" && closure.state == .open)
        #expect(closure.rung == 1 && closure.escalatedTo == "unit_head", "rung \(closure.rung), \(String(describing: closure.escalatedTo))")

        let done = try store.tasks(TaskQuery(run: "hr-done"))
        #expect(done.map(\.state).sorted { $0.rawValue < $1.rawValue } == [.done, .done, .done, .done, .failed])
        #expect(try store.tasks(TaskQuery(run: "hr-cancelled")).allSatisfy { $0.state == .cancelled })

        let escalations = try store.escalations(run: nil, openOnly: false)
        #expect(escalations.map(\.id).sorted() == ["hr-done.10", "hr-escalated.14"])
        let open = try #require(escalations.first { $0.id == "hr-escalated.14" })
        #expect(open.state == .acknowledged && open.reason == "62 mm/h in choji" && open.severity == "alert")
        #expect(open.options == ["evacuate_low_areas", "open_shelters", "hold"])
        let decided = try #require(escalations.first { $0.id == "hr-done.10" })
        #expect(decided.decision == "open_shelters" && decided.by == "상황실장" && decided.note == "초등학교 강당 개방")
    }

    @Test func theWaitingRunGoesOnToItsEnd() throws {
        let store = try SQLiteRunStore(path: path)
        let clock = VirtualClock(startingAt: Self.later)
        let engine = engine(store, clock: clock)
        let before = try store.history(of: "hr-waiting").count
        // What the release's run was waiting for, answered by today's engine after a replay.
        try engine.completeTask("hr-waiting.3", by: "신길동장", note: "19가구 모두 연락")
        try engine.completeTask("hr-waiting.8", by: "신길파출소")
        try engine.completeTask("hr-waiting.4", by: "신길동장")
        #expect(try store.run("hr-waiting")?.status == .waiting, "the watch goes on until its timer")
        // The three-hour watch ends (the run started at 23:13:55).
        try clock.advance(to: Date(timeIntervalSince1970: 1_796_440_000))  // 2026-12-05T03:06:40Z
        #expect(try engine.work().map(\.run).contains("hr-waiting"))
        let history = try store.history(of: "hr-waiting")
        #expect(history.count > before)
        #expect(try store.run("hr-waiting")?.status == .completed)
        guard case .completed(let completion) = history.last?.fact else {
            Issue.record("the run did not complete: \(String(describing: history.last))")
            return
        }
        #expect(completion.result["outcome"] == "watch_ended")
        #expect(completion.result["peak_mm_per_hour"] == 40)  // the gauge read 40 (an integer), past the 30.0 it started with
        #expect(completion.result["tasks"] == ["households": "done", "flood_spots": "done", "pumps": "done", "underpasses": "done"])
        #expect(try store.tasks(TaskQuery(run: "hr-waiting")).allSatisfy { $0.state == .done })
    }

    @Test func theEscalatedRunTakesTheTowersDecisionAndEnds() throws {
        let store = try SQLiteRunStore(path: path)
        let clock = VirtualClock(startingAt: Self.later)
        let engine = engine(store, clock: clock)
        // The ladder goes on climbing from where the release left it.
        try engine.work()
        #expect(try store.task("hr-escalated.13")?.rung ?? 0 > 1)
        try engine.decide("hr-escalated.14", option: "evacuate_low_areas", by: "안산시장")
        let titles = try store.tasks(TaskQuery(run: "hr-escalated")).map(\.title)
        #expect(titles.contains("저지대·반지하 주민 대피") && titles.contains("거동불편 주민 대피 지원"), "\(titles)")
        for _ in 0..<20 {
            guard let open = try store.tasks(TaskQuery(run: "hr-escalated")).first(where: { !$0.state.isTerminal }) else { break }
            try engine.completeTask(open.id, by: "담당자")
        }
        #expect(try store.run("hr-escalated")?.status == .completed)
        guard case .completed(let completion) = try store.history(of: "hr-escalated").last?.fact else {
            Issue.record("the run did not complete")
            return
        }
        #expect(completion.result["outcome"] == "evacuate_low_areas")
        #expect(completion.result["escalation"]?["by"] == "안산시장")
        #expect(completion.result["peak_mm_per_hour"] == 62)
    }
}
