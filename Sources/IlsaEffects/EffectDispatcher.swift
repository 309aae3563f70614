public import Foundation
public import IlsaStore

/// Delivers the effects plugin hooks queued in the store's outbox, after the commits that
/// queued them: outbox lines (exactly once, ``OutboxFile``) and webhooks (at least once, with
/// their key), each attempt within its timeout, failures retried with backoff up to a cap, then
/// dead-lettered with the reason.
///
/// Several dispatchers, in one process or several, may share a store: each effect is claimed
/// by one at a time, for ``DeliverySettings/claim``, and an outcome from a dispatcher whose
/// claim has passed to another is not recorded. It runs beside the scheduler, never on a run's
/// step: a webhook that takes a minute holds up no timer.
public final class EffectDispatcher: Sendable {
    public let store: any RunStore
    public let settings: DeliverySettings
    /// Names this dispatcher in claims: unique per process.
    public let claimant: String
    let webhooks: WebhookPost
    let now: @Sendable () -> Date

    public init(
        store: any RunStore, claimant: String, settings: DeliverySettings = DeliverySettings(), webhooks: WebhookPost = .standard,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.claimant = claimant
        self.settings = settings
        self.webhooks = webhooks
        self.now = now
    }

    /// What one pass or run of the dispatcher did.
    public struct Report: Sendable, Equatable {
        public var delivered = 0
        /// Attempts that failed and will be tried again.
        public var retried = 0
        /// Effects given up on.
        public var dead = 0
        public init() {}
        mutating func add(_ other: Report) {
            delivered += other.delivered
            retried += other.retried
            dead += other.dead
        }
    }

    /// Something a caller should tell people about: an attempt that failed, an effect given up
    /// on, a store that could not be reached.
    public struct Notice: Sendable, CustomStringConvertible {
        public enum Kind: Sendable { case retrying, dead, storeProblem }
        public var kind: Kind
        public var key: String?
        public var message: String
        public var description: String {
            switch kind {
            case .retrying: "effect \(key ?? ""): \(message); trying again later"
            case .dead: "effect \(key ?? ""): gave up: \(message) (ilsa effects retry \(key ?? "") puts it back)"
            case .storeProblem: "effects: \(message); trying again"
            }
        }
    }

    /// Delivers everything due now, once each (an effect that fails waits for its next attempt),
    /// and returns when every attempt has ended.
    public func deliverDue(notice: @escaping @Sendable (Notice) -> Void = { _ in }) async throws -> Report {
        var report = Report()
        while true {
            let claimed = try store.claimEffects(dueBy: now(), limit: settings.batch, claimant: claimant, until: claimUntil())
            if claimed.isEmpty { return report }
            report.add(await deliver(claimed, notice: notice))
        }
    }

    /// Delivers effects as they come due until the task is cancelled: webhooks concurrently (at
    /// most ``DeliverySettings/concurrentWebhooks``), so a slow one holds up no other. A store
    /// that fails is retried with backoff, told to `notice`.
    public func run(notice: @escaping @Sendable (Notice) -> Void = { _ in }) async {
        await withTaskGroup(of: Report?.self) { group in
            var inFlight = 0
            var storeFailures = 0
            while !Task.isCancelled {
                do {
                    // A read first: claiming takes the store's write lock, and most polls find
                    // nothing due. Outbox lines are claimed whatever webhooks are in flight.
                    let next = try store.nextEffectDue()
                    var more = false
                    if next.map({ $0 <= now() }) == true {
                        let files = try store.claimEffects(
                            dueBy: now(), limit: settings.batch, claimant: claimant, until: claimUntil(), channel: .outbox)
                        if !files.isEmpty { _ = deliverFiles(files, notice: notice) }
                        let room = min(settings.batch, settings.concurrentWebhooks - inFlight)
                        let posts =
                            room > 0
                            ? try store.claimEffects(dueBy: now(), limit: room, claimant: claimant, until: claimUntil(), channel: .webhook)
                            : []
                        for record in posts {
                            inFlight += 1
                            group.addTask { [self] in await self.post(record, notice: notice) }
                        }
                        more = files.count == settings.batch || (room > 0 && posts.count == room)
                    }
                    storeFailures = 0
                    if more { continue }
                } catch {
                    storeFailures += 1
                    notice(Notice(kind: .storeProblem, key: nil, message: "\(error)"))
                }
                // Wait for a webhook to end or the poll interval, whichever comes first.
                let pause = storeFailures > 0 ? min(settings.poll * (1 << min(storeFailures, 7)), .seconds(30)) : settings.poll
                group.addTask {
                    try? await Task.sleep(for: pause)
                    return nil
                }
                while let ended = await group.next() {
                    if ended == nil { break }
                    inFlight -= 1
                }
            }
            group.cancelAll()
        }
    }

    // MARK: Delivering

    private func claimUntil() -> Date { now().addingTimeInterval(settings.claim.seconds) }

    private func split(_ records: [EffectRecord]) -> (files: [EffectRecord], posts: [EffectRecord]) {
        (records.filter { $0.effect.channel == .outbox }, records.filter { $0.effect.channel == .webhook })
    }

    /// Delivers claimed effects: the outbox files' first, then the webhooks, concurrently.
    private func deliver(_ records: [EffectRecord], notice: @escaping @Sendable (Notice) -> Void) async -> Report {
        let (files, posts) = split(records)
        var report = deliverFiles(files, notice: notice)
        await withTaskGroup(of: Report.self) { group in
            for (index, record) in posts.enumerated() {
                if index >= settings.concurrentWebhooks, let done = await group.next() { report.add(done) }
                group.addTask { [self] in await self.post(record, notice: notice) }
            }
            for await done in group { report.add(done) }
        }
        return report
    }

    /// Appends outbox lines, one file at a time, in the order they were claimed.
    private func deliverFiles(_ records: [EffectRecord], notice: (Notice) -> Void) -> Report {
        var report = Report()
        var order: [String] = []
        var byFile: [String: [EffectRecord]] = [:]
        for record in records {
            if byFile[record.effect.target] == nil { order.append(record.effect.target) }
            byFile[record.effect.target, default: []].append(record)
        }
        for path in order {
            let group = byFile[path] ?? []
            do {
                report.delivered += try OutboxFile(path: path, settings: settings).deliver(
                    group, store: store, claimant: claimant, now: now)
            } catch {
                for record in group { report.add(fail(record, error, notice: notice)) }
            }
        }
        return report
    }

    /// Posts one webhook and records the outcome.
    private func post(_ record: EffectRecord, notice: @escaping @Sendable (Notice) -> Void) async -> Report {
        do {
            try await webhooks.deliver(record.effect, settings: settings)
        } catch {
            return fail(record, error, notice: notice)
        }
        var report = Report()
        do {
            if try store.settleEffects([(record.effect.key, .delivered(at: now()))], claimant: claimant).isEmpty { report.delivered = 1 }
        } catch {
            // Delivered but not recorded: the claim runs out and it is posted again, with its key.
            notice(Notice(kind: .storeProblem, key: record.effect.key, message: "\(error)"))
        }
        return report
    }

    /// Records a failed attempt: tried again later, or dead when it cannot succeed or attempts
    /// have run out.
    private func fail(_ record: EffectRecord, _ error: any Error, notice: (Notice) -> Void) -> Report {
        let failure = error as? DeliveryError ?? DeliveryError("\(error)")
        let attempts = record.attempts + 1
        var report = Report()
        let outcome: EffectOutcome
        if failure.permanent || attempts >= settings.maximumAttempts {
            let reason = failure.permanent ? failure.message : "\(attempts) attempts failed; the last: \(failure.message)"
            outcome = .dead(at: now(), error: reason)
            report.dead = 1
            notice(Notice(kind: .dead, key: record.effect.key, message: reason))
        } else {
            let next = settings.nextAttempt(after: attempts, now: now(), retryAfter: failure.retryAfter)
            outcome = .retry(next: next, error: failure.message)
            report.retried = 1
            notice(Notice(kind: .retrying, key: record.effect.key, message: failure.message))
        }
        do {
            _ = try store.settleEffects([(record.effect.key, outcome)], claimant: claimant)
        } catch {
            notice(Notice(kind: .storeProblem, key: record.effect.key, message: "\(error)"))
        }
        return report
    }
}
