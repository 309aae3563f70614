import Foundation
import IlsaEngine
import IlsaTesting
import Testing

/// What every ``RunStore`` must do with the outbox and workers' heartbeats: effects stored with
/// the events that caused them or not at all, each once by its key, claimed by one dispatcher at
/// a time, outcomes fenced by the claim.
struct StoreEffectsConformanceTests {
    let folder: TemporaryFolder

    init() throws { folder = try TemporaryFolder() }

    typealias F = StoreFixtures

    func effect(_ key: String, run: RunID = "r1", channel: Effect.Channel = .outbox, at seconds: TimeInterval = 0) -> Effect {
        Effect(
            key: key, run: run, plugin: "notify", channel: channel,
            target: channel == .outbox ? "/tmp/outbox.jsonl" : "http://127.0.0.1:9/h",
            body: #"{"id":"\#(key)","text":"새 업무"}"#, createdAt: F.t0 + seconds)
    }

    /// A store with run r1 and effects a, b, c queued with its first events.
    func storeWithEffects(_ kind: StoreKind) throws -> any RunStore {
        let store = try kind.make(in: folder)
        try store.write([
            .create(F.run("r1"), firstEvents: [F.started()], effects: [effect("a"), effect("b", channel: .webhook), effect("c")])
        ])
        return store
    }

    @Test(arguments: StoreKind.allCases)
    func effectsAreStoredWithTheirEventsOnceEach(_ kind: StoreKind) throws {
        let store = try storeWithEffects(kind)
        let records = try store.effects(EffectQuery())
        #expect(records.map(\.effect.key) == ["a", "b", "c"])
        #expect(records.first?.effect == effect("a"))
        #expect(records.allSatisfy { $0.status == .pending && $0.attempts == 0 && $0.nextAttemptAt == F.t0 })
        // The same key again (a step redone) is not a second effect.
        try store.write([.append(F.events(2...2), to: "r1", after: 1, effects: [effect("a", at: 9), effect("d")])])
        #expect(try store.effects(EffectQuery()).map(\.effect.key) == ["a", "b", "c", "d"])
        #expect(try store.effect("a")?.effect.createdAt == F.t0)
        #expect(try store.effect("nope") == nil)
        #expect(try store.effectCounts() == EffectCounts(pending: 4))
    }

    @Test(arguments: StoreKind.allCases)
    func aRefusedWriteQueuesNothing(_ kind: StoreKind) throws {
        let store = try storeWithEffects(kind)
        // A stale append: the events and their effects go together, or neither.
        #expect(throws: StoreError.self) {
            try store.write([.append(F.events(2...2), to: "r1", after: 0, effects: [effect("lost")])])
        }
        #expect(throws: StoreError.self) {
            try store.write([.create(F.run("r1"), firstEvents: [F.started()], effects: [effect("lost2")])])
        }
        #expect(try store.effect("lost") == nil)
        #expect(try store.effect("lost2") == nil)
        #expect(try store.effects(EffectQuery()).count == 3)
    }

    @Test(arguments: StoreKind.allCases)
    func oneDispatcherHoldsAnEffectAtATime(_ kind: StoreKind) throws {
        let store = try storeWithEffects(kind)
        let now = F.t0 + 1
        let first = try store.claimEffects(dueBy: now, limit: 2, claimant: "w1", until: now + 30)
        #expect(first.map(\.effect.key) == ["a", "b"])
        #expect(first.allSatisfy { $0.claimedBy == "w1" && $0.claimedUntil == now + 30 })
        let second = try store.claimEffects(dueBy: now, limit: 10, claimant: "w2", until: now + 30)
        #expect(second.map(\.effect.key) == ["c"])
        #expect(try store.claimEffects(dueBy: now, limit: 10, claimant: "w3", until: now + 30).isEmpty)
        // w1's claim runs out: w3 takes a and b over, and w1's late outcome is not recorded.
        let later = now + 31
        #expect(try store.claimEffects(dueBy: later, limit: 10, claimant: "w3", until: later + 30).map(\.effect.key) == ["a", "b", "c"])
        #expect(try store.settleEffects([("a", .delivered(at: later))], claimant: "w1") == ["a"])
        #expect(try store.effect("a")?.status == .pending)
        #expect(try store.settleEffects([("a", .delivered(at: later)), ("b", .placed(offset: 42))], claimant: "w3").isEmpty)
        let a = try #require(try store.effect("a"))
        #expect(a.status == .delivered && a.settledAt == later && a.claimedBy == nil && a.nextAttemptAt == nil)
        #expect(try store.effect("b")?.placedAt == 42)
        #expect(try store.effect("b")?.claimedBy == "w3")
        // A delivered effect is never claimed or settled again.
        #expect(try store.settleEffects([("a", .retry(next: later, error: "x"))], claimant: "w3") == ["a"])
        #expect(try store.claimEffects(dueBy: later + 100, limit: 10, claimant: "w4", until: later + 130).map(\.effect.key) == ["b", "c"])
    }

    @Test(arguments: StoreKind.allCases)
    func failuresWaitForTheirNextAttemptAndDeadOnesComeBackOnlyWhenAsked(_ kind: StoreKind) throws {
        let store = try storeWithEffects(kind)
        let now = F.t0 + 1
        _ = try store.claimEffects(dueBy: now, limit: 10, claimant: "w1", until: now + 30)
        #expect(try store.nextEffectDue() == now + 30)  // held: due again when the claim runs out
        #expect(
            try store.settleEffects(
                [
                    ("a", .retry(next: now + 8, error: "127.0.0.1:9 refused the connection")), ("b", .dead(at: now, error: "HTTP 410")),
                    ("c", .delivered(at: now)),
                ],
                claimant: "w1"
            ).isEmpty)
        let a = try #require(try store.effect("a"))
        #expect(a.status == .pending && a.attempts == 1 && a.nextAttemptAt == now + 8 && a.claimedBy == nil)
        #expect(a.lastError == "127.0.0.1:9 refused the connection" && a.isFailing)
        #expect(try store.nextEffectDue() == now + 8)
        #expect(try store.claimEffects(dueBy: now + 7, limit: 10, claimant: "w1", until: now + 37).isEmpty)
        let b = try #require(try store.effect("b"))
        #expect(b.status == .dead && b.attempts == 1 && b.lastError == "HTTP 410" && b.settledAt == now)
        #expect(try store.effectCounts() == EffectCounts(pending: 1, failing: 1, delivered: 1, dead: 1))
        #expect(try store.effects(EffectQuery(statuses: [.dead])).map(\.effect.key) == ["b"])
        #expect(try store.effects(EffectQuery(failingOnly: true)).map(\.effect.key) == ["a"])
        #expect(try store.effects(EffectQuery(statuses: [.pending, .dead], limit: 1)).map(\.effect.key) == ["a"])
        #expect(try store.effects(EffectQuery(run: "other")).isEmpty)
        // retry puts a dead one back, due at once; a delivered one stays delivered.
        try store.retryEffect("b", at: now + 2)
        #expect(try store.claimEffects(dueBy: now + 2, limit: 10, claimant: "w2", until: now + 32).map(\.effect.key) == ["b"])
        #expect(try store.effect("b")?.attempts == 1)
        #expect(throws: StoreError.self) { try store.retryEffect("c", at: now) }
        #expect(throws: StoreError.self) { try store.retryEffect("nope", at: now) }
        #expect(try store.effect("c")?.status == .delivered)
    }

    @Test(arguments: StoreKind.allCases)
    func workersBeatAndEnd(_ kind: StoreKind) throws {
        let store = try kind.make(in: folder)
        #expect(try store.workers().isEmpty)
        let w1 = WorkerBeat(id: "host:1:a", kind: "work", host: "host", pid: 1, startedAt: F.t0, seenAt: F.t0 + 5)
        var w2 = WorkerBeat(id: "host:2:b", kind: "work", host: "host", pid: 2, startedAt: F.t0, seenAt: F.t0 + 1)
        try store.beat(w1)
        try store.beat(w2)
        #expect(try store.workers() == [w1, w2])
        w2.seenAt = F.t0 + 10
        try store.beat(w2)
        #expect(try store.workers() == [w2, w1])
        try store.endBeat(w2.id)
        #expect(try store.workers() == [w1])
    }

    @Test(arguments: StoreKind.allCases)
    func unattendedWhenSomethingIsLongDueAndNoWorkerBeats(_ kind: StoreKind) throws {
        let store = try kind.make(in: folder)
        let wake = F.t0 + 100
        try store.write([
            .create(
                F.run("r1", status: .waiting), firstEvents: [F.started()],
                projection: RunProjection(tasks: [], escalations: [], schedule: RunProjection.Schedule(wakeAt: wake, waits: [])))
        ])
        #expect(try store.unattended(now: wake + 10) == nil, "not due long enough")
        #expect(try store.unattended(now: wake + 31) == Unattended(dueSince: wake, lastWorker: nil))
        let worker = WorkerBeat(id: "h:1:a", kind: "work", host: "h", pid: 1, startedAt: F.t0, seenAt: wake + 20)
        try store.beat(worker)
        #expect(try store.unattended(now: wake + 31) == nil, "a worker beat 11 s ago")
        #expect(try store.unattended(now: wake + 60) == Unattended(dueSince: wake, lastWorker: worker))
    }

    @Test(arguments: StoreKind.allCases)
    func pruningForgetsOnlyOldDeliveredEffects(_ kind: StoreKind) throws {
        let store = try storeWithEffects(kind)
        let now = F.t0 + 1
        _ = try store.claimEffects(dueBy: now, limit: 10, claimant: "w", until: now + 30)
        _ = try store.settleEffects([("a", .delivered(at: now)), ("b", .dead(at: now, error: "410"))], claimant: "w")
        #expect(try store.pruneEffects(deliveredBefore: now) == 0)
        #expect(try store.pruneEffects(deliveredBefore: now + 1) == 1)
        #expect(try store.effect("a") == nil)
        #expect(try store.effects(EffectQuery()).map(\.effect.key) == ["b", "c"])
    }
}
