import Foundation
import IlsaEffects
import IlsaEngine
import IlsaTesting
import Testing

/// Webhooks against a real HTTP server on 127.0.0.1 that answers, fails, is slow, hangs and
/// closes connections: each attempt ends within its timeout, failures come back with backoff,
/// refusals and exhausted attempts are dead-lettered with the reason, and every attempt carries
/// the same key.
@Suite(.serialized) struct WebhookDeliveryTests {
    let folder: TemporaryFolder

    init() throws { folder = try TemporaryFolder() }

    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    /// A store with one run and `count` webhooks to `url`, queued with its first events.
    func store(webhooks count: Int, to url: String, file: String = TemporaryFolder.defaultStore) throws -> any RunStore {
        let store = try folder.store(file)
        let effects = (1...count).map { n in
            Effect(
                key: "r1.\(n)/created/notify#1", run: "r1", plugin: "notify", channel: .webhook, target: url,
                body: #"{"kind":"task_created","n":\#(n)}"#, createdAt: Date())
        }
        try store.write([.create(StoreFixtures.run("r1"), firstEvents: [StoreFixtures.started()], effects: effects)])
        return store
    }

    func settings(timeout: Duration = .seconds(1), attempts: Int = 3) -> DeliverySettings {
        var settings = DeliverySettings()
        settings.attemptTimeout = timeout
        settings.firstBackoff = .milliseconds(100)
        settings.maximumBackoff = .milliseconds(400)
        settings.maximumAttempts = attempts
        return settings
    }

    /// Delivers until nothing is pending or `deadline` passes.
    func deliverUntilSettled(_ dispatcher: EffectDispatcher, deadline: Duration = .seconds(20)) async throws -> EffectDispatcher.Report {
        var report = EffectDispatcher.Report()
        let end = ContinuousClock.now + deadline
        while ContinuousClock.now < end {
            let pass = try await dispatcher.deliverDue()
            report.delivered += pass.delivered
            report.retried += pass.retried
            report.dead += pass.dead
            if try dispatcher.store.effectCounts().pending == 0 { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        return report
    }

    @Test func aWebhookIsPostedWithItsKeyAndMarkedDelivered() async throws {
        let server = try TestHTTPServer()
        let store = try store(webhooks: 3, to: server.url())
        let report = try await EffectDispatcher(store: store, claimant: "w", settings: settings()).deliverDue()
        #expect(report.delivered == 3)
        #expect(Set(server.requests.compactMap(\.key)) == ["r1.1/created/notify#1", "r1.2/created/notify#1", "r1.3/created/notify#1"])
        #expect(server.requests.allSatisfy { $0.head.hasPrefix("POST /hook ") && $0.header("Content-Type") == "application/json" })
        #expect(try store.effectCounts() == EffectCounts(delivered: 3))
        // Delivered is final: a second pass sends nothing.
        #expect(try await EffectDispatcher(store: store, claimant: "w", settings: settings()).deliverDue().delivered == 0)
        #expect(server.requests.count == 3)
    }

    @Test(arguments: [
        TestHTTPServer.Behaviour.answer(500), .answer(503, retryAfter: 0), .answer(429), .answer(408), .close, .hang, .slow(.seconds(3)),
    ])
    func aTransientFailureIsTriedAgainWithTheSameKey(_ failure: TestHTTPServer.Behaviour) async throws {
        // Fails twice, then answers: delivered on the third attempt, each within its timeout.
        let server = try TestHTTPServer { $0 < 2 ? failure : .answer(200) }
        defer { server.stop() }
        let store = try store(webhooks: 1, to: server.url())
        let begin = ContinuousClock.now
        let report = try await deliverUntilSettled(EffectDispatcher(store: store, claimant: "w", settings: settings(attempts: 5)))
        #expect(ContinuousClock.now - begin < .seconds(8), "two timeouts of 1 s and short backoffs")
        #expect(report.delivered == 1 && report.retried == 2, "\(report)")
        #expect(server.requests.map(\.key) == Array(repeating: "r1.1/created/notify#1", count: 3))
        let record = try #require(try store.effect("r1.1/created/notify#1"))
        #expect(record.status == .delivered && record.attempts == 2)
    }

    @Test func aFailureSaysWhatHappenedInPlainWords() async throws {
        let server = try TestHTTPServer { _ in .answer(502) }
        let store = try store(webhooks: 1, to: server.url())
        _ = try await EffectDispatcher(store: store, claimant: "w", settings: settings()).deliverDue()
        let record = try #require(try store.effect("r1.1/created/notify#1"))
        #expect(record.lastError == "127.0.0.1:\(server.port) answered HTTP 502 (Bad Gateway)", "\(record.lastError ?? "")")
        #expect(record.isFailing)

        server.stop()
        let refused = try self.store(webhooks: 1, to: "http://127.0.0.1:9/hook", file: "refused.sqlite")  // nothing listens on port 9
        _ = try await EffectDispatcher(store: refused, claimant: "w", settings: settings()).deliverDue()
        let error = try #require(try refused.effect("r1.1/created/notify#1")?.lastError)
        #expect(error == "127.0.0.1:9 refused the connection", "\(error)")
    }

    @Test func aRefusalIsDeadAtOnceAndRetryPutsItBack() async throws {
        let server = try TestHTTPServer { $0 == 0 ? .answer(400) : .answer(204) }
        let store = try store(webhooks: 1, to: server.url())
        let report = try await EffectDispatcher(store: store, claimant: "w", settings: settings()).deliverDue()
        #expect(report.dead == 1)
        let dead = try #require(try store.effect("r1.1/created/notify#1"))
        #expect(dead.status == .dead && dead.lastError?.contains("HTTP 400") == true)
        try store.retryEffect("r1.1/created/notify#1", at: Date())
        #expect(try await EffectDispatcher(store: store, claimant: "w", settings: settings()).deliverDue().delivered == 1)
        #expect(server.requests.count == 2)
    }

    @Test func attemptsRunOutIntoTheDeadLetters() async throws {
        let server = try TestHTTPServer { _ in .answer(500) }
        let store = try store(webhooks: 1, to: server.url())
        let report = try await deliverUntilSettled(EffectDispatcher(store: store, claimant: "w", settings: settings(attempts: 3)))
        #expect(report.dead == 1 && report.retried == 2)
        let dead = try #require(try store.effect("r1.1/created/notify#1"))
        #expect(dead.status == .dead && dead.attempts == 3)
        #expect(dead.lastError?.hasPrefix("3 attempts failed; the last: 127.0.0.1") == true, "\(dead.lastError ?? "")")
        #expect(server.requests.count == 3)
    }

    @Test func aHangingReceiverHoldsUpNoOther() async throws {
        // The first webhook goes to a server that never answers; the others answer at once and
        // are delivered while it hangs.
        let hanging = try TestHTTPServer { _ in .hang }
        defer { hanging.stop() }
        let good = try TestHTTPServer()
        let store = try folder.store()
        let effects =
            [Effect(key: "slow", run: "r1", plugin: "notify", channel: .webhook, target: hanging.url(), body: "{}", createdAt: Self.t0)]
            + (1...5).map {
                Effect(key: "fast\($0)", run: "r1", plugin: "notify", channel: .webhook, target: good.url(), body: "{}", createdAt: Self.t0)
            }
        try store.write([.create(StoreFixtures.run("r1"), firstEvents: [StoreFixtures.started()], effects: effects)])
        let dispatcher = EffectDispatcher(store: store, claimant: "w", settings: settings(timeout: .seconds(5)))
        let running = Task { await dispatcher.run() }
        defer { running.cancel() }
        let begin = ContinuousClock.now
        while try store.effectCounts().delivered < 5, ContinuousClock.now - begin < .seconds(4) {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(try store.effectCounts().delivered == 5)
        #expect(ContinuousClock.now - begin < .seconds(2), "delivered behind the hanging one")
        #expect(try store.effect("slow")?.status == .pending)
    }

    @Test func aURLThatIsNotHTTPIsDeadWithTheReason() async throws {
        let store = try store(webhooks: 1, to: "file:///etc/passwd")
        #expect(try await EffectDispatcher(store: store, claimant: "w", settings: settings()).deliverDue().dead == 1)
        #expect(try store.effect("r1.1/created/notify#1")?.lastError == "'file:///etc/passwd' is not an http or https URL")
    }
}
