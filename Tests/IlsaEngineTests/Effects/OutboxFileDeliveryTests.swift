import Foundation
import IlsaEffects
import IlsaEngine
import IlsaStoreSQLite
import IlsaTesting
import Testing

/// The outbox file gets whole lines, each exactly once, whatever happened to the writer before:
/// killed between recording where its line goes and writing it, after writing it and before
/// marking it delivered, half-way through a line; and with several dispatchers at once.
struct OutboxFileDeliveryTests {
    let folder: TemporaryFolder
    let outbox: String

    init() throws {
        folder = try TemporaryFolder()
        outbox = folder.path("out/outbox.jsonl")
    }

    func effect(_ n: Int) -> Effect {
        Effect(
            key: "r1.\(n)/created/notify#1", run: "r1", plugin: "notify", channel: .outbox, target: outbox,
            body: #"{"id":"r1.\#(n)/created/notify#1","kind":"task_created","text":"새 업무 \#(n)"}"#, createdAt: Date())
    }

    func store(effects: Range<Int>) throws -> any RunStore {
        let store = try folder.store()
        try store.write([.create(StoreFixtures.run("r1"), firstEvents: [StoreFixtures.started()], effects: effects.map(effect))])
        return store
    }

    /// The file's lines, each checked to be a whole JSON object; and the ids they carry.
    func lines() throws -> [String] {
        let text = (try? String(contentsOfFile: outbox, encoding: .utf8)) ?? ""
        #expect(text.isEmpty || text.hasSuffix("\n"), "the file ends with a whole line")
        return try text.split(separator: "\n").map { try JSONValue(json: String($0))["id"]?.stringValue ?? "?" }
    }

    @Test func eachLineOnceInTheOrderQueued() async throws {
        let store = try store(effects: 1..<6)
        #expect(try await EffectDispatcher(store: store, claimant: "w").deliverDue().delivered == 5)
        #expect(try await EffectDispatcher(store: store, claimant: "w").deliverDue().delivered == 0)
        #expect(try lines() == (1..<6).map { "r1.\($0)/created/notify#1" })
    }

    /// An effect another dispatcher took over between the claim and the writing is left out,
    /// and the others are written at once: the writer does not wait on its own lock.
    @Test func anEffectTakenOverMeanwhileIsLeftOutWithoutWaiting() throws {
        let store = try store(effects: 1..<4)
        let now = Date()
        let claimed = try store.claimEffects(dueBy: now, limit: 3, claimant: "paused", until: now.addingTimeInterval(1))
        #expect(claimed.count == 3)
        let taken = try store.claimEffects(dueBy: now.addingTimeInterval(2), limit: 1, claimant: "other", until: now.addingTimeInterval(60))
        #expect(taken.map(\.effect.key) == ["r1.1/created/notify#1"])
        let started = ContinuousClock.now
        let delivered = try OutboxFile(path: outbox, settings: DeliverySettings()).deliver(
            claimed, store: store, claimant: "paused", now: { now })
        #expect(ContinuousClock.now - started < .seconds(1), "no wait for a lock")
        #expect(delivered == 2)
        #expect(try lines() == ["r1.2/created/notify#1", "r1.3/created/notify#1"])
        #expect(try store.effect("r1.1/created/notify#1")?.claimedBy == "other", "left to the one that took it over")
    }

    @Test func aLineWrittenButNotMarkedDeliveredIsNotWrittenAgain() async throws {
        let store = try store(effects: 1..<3)
        // A dispatcher placed r1.1 at offset 0, wrote its line and was killed before marking it.
        let claimed = try store.claimEffects(dueBy: Date(), limit: 1, claimant: "dead", until: Date())
        #expect(claimed.map(\.effect.key) == ["r1.1/created/notify#1"])
        #expect(try store.settleEffects([("r1.1/created/notify#1", .placed(offset: 0))], claimant: "dead").isEmpty)
        try FileManager.default.createDirectory(atPath: folder.path("out"), withIntermediateDirectories: true)
        try (effect(1).body + "\n").write(toFile: outbox, atomically: false, encoding: .utf8)
        // Another takes over once the claim has run out.
        let report = try await EffectDispatcher(store: store, claimant: "w", now: { Date().addingTimeInterval(1) }).deliverDue()
        #expect(report.delivered == 2)
        #expect(try lines() == ["r1.1/created/notify#1", "r1.2/created/notify#1"])
        #expect(try store.effect("r1.1/created/notify#1")?.status == .delivered)
    }

    @Test func aLinePlacedButNeverWrittenIsWrittenOnce() async throws {
        let store = try store(effects: 1..<3)
        // r1.1 was placed at offset 0 and its writer died before writing; r1.2 went there since.
        _ = try store.claimEffects(dueBy: Date(), limit: 1, claimant: "dead", until: Date().addingTimeInterval(60))
        _ = try store.settleEffects([("r1.1/created/notify#1", .placed(offset: 0))], claimant: "dead")
        #expect(try await EffectDispatcher(store: store, claimant: "w").deliverDue().delivered == 1)
        #expect(try lines() == ["r1.2/created/notify#1"])
        let report = try await EffectDispatcher(store: store, claimant: "w", now: { Date().addingTimeInterval(61) }).deliverDue()
        #expect(report.delivered == 1)
        #expect(try lines() == ["r1.2/created/notify#1", "r1.1/created/notify#1"])
    }

    @Test func aLineCutShortByACrashIsCutOffAndWrittenWhole() async throws {
        let store = try store(effects: 1..<3)
        _ = try store.claimEffects(dueBy: Date(), limit: 1, claimant: "dead", until: Date())
        _ = try store.settleEffects([("r1.1/created/notify#1", .placed(offset: 0))], claimant: "dead")
        try FileManager.default.createDirectory(atPath: folder.path("out"), withIntermediateDirectories: true)
        try String(effect(1).body.prefix(20)).write(toFile: outbox, atomically: false, encoding: .utf8)  // torn, no newline
        let report = try await EffectDispatcher(store: store, claimant: "w", now: { Date().addingTimeInterval(1) }).deliverDue()
        #expect(report.delivered == 2)
        #expect(try lines() == ["r1.1/created/notify#1", "r1.2/created/notify#1"])
    }

    @Test func somethingElsesLongPartialLineIsNotCutButRefused() async throws {
        let store = try store(effects: 1..<2)
        try FileManager.default.createDirectory(atPath: folder.path("out"), withIntermediateDirectories: true)
        let foreign = String(repeating: "x", count: 200_000)
        try foreign.write(toFile: outbox, atomically: false, encoding: .utf8)
        let report = try await EffectDispatcher(store: store, claimant: "w").deliverDue()
        #expect(report.dead == 1)
        #expect(try String(contentsOfFile: outbox, encoding: .utf8) == foreign)
        #expect(try store.effect("r1.1/created/notify#1")?.lastError?.contains("changed by another program") == true)
    }

    @Test func anOutboxThatIsNotAFileIsDeadWithTheReason() async throws {
        try FileManager.default.createDirectory(atPath: outbox, withIntermediateDirectories: true)
        let store = try store(effects: 1..<2)
        #expect(try await EffectDispatcher(store: store, claimant: "w").deliverDue().dead == 1)
        #expect(try store.effect("r1.1/created/notify#1")?.lastError == "\(outbox): the outbox is not a regular file")
    }

    @Test func severalDispatchersAtOnceWriteEachLineOnce() async throws {
        let store = try store(effects: 1..<401)
        var small = DeliverySettings()
        small.batch = 7
        let settings = small
        let path = folder.path(TemporaryFolder.defaultStore)
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<6 {
                group.addTask {
                    // Each its own connection, as separate processes would have.
                    let own = try! SQLiteRunStore(path: path)
                    _ = try! await EffectDispatcher(store: own, claimant: "w\(worker)", settings: settings).deliverDue()
                }
            }
        }
        let ids = try lines()
        #expect(ids.count == 400)
        #expect(Set(ids).count == 400)
        #expect(try store.effectCounts() == EffectCounts(delivered: 400))
    }
}
