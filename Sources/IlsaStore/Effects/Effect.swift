public import Foundation

/// Something a plugin hook decided to send (an outbox line, a webhook), kept in the store's
/// outbox in the same transaction as the events that caused it, and delivered after the commit
/// by a dispatcher (`ilsa work`). Nothing is sent for what did not commit; everything that
/// committed is delivered at least once, carrying ``key``, so a receiver that honours the key
/// sees it once. See `docs/decisions/0005-effects.md`.
public struct Effect: Hashable, Sendable {
    /// Where an effect goes.
    public enum Channel: String, Hashable, Sendable, CaseIterable {
        /// A line appended to a JSON-lines file (the operator's grant `outbox`).
        case outbox
        /// An HTTP POST (the operator's grant `webhook_url`).
        case webhook
    }

    /// The idempotency key: what the effect is about, the event and the plugin, for example
    /// `5f2c91ab/task-3/created/notify#1`. The same in every attempt; unique in the store.
    public var key: String
    public var run: RunID
    public var plugin: String
    public var channel: Channel
    /// The outbox file's path, or the webhook's URL, as the operator granted them when the
    /// effect was made: a dispatcher in another folder delivers it to the same place.
    public var target: String
    /// The outbox line (one JSON object, no newline) or the request body.
    public var body: String
    /// The request's `Content-Type` (webhooks); `application/json` for outbox lines.
    public var contentType: String
    public var createdAt: Date

    public init(
        key: String, run: RunID, plugin: String, channel: Channel, target: String, body: String,
        contentType: String = "application/json", createdAt: Date
    ) {
        self.key = key
        self.run = run
        self.plugin = plugin
        self.channel = channel
        self.target = target
        self.body = body
        self.contentType = contentType
        self.createdAt = createdAt
    }
}

/// An effect in the outbox, with where its delivery stands.
public struct EffectRecord: Hashable, Sendable {
    /// Where a delivery stands.
    public enum Status: String, Hashable, Sendable, CaseIterable {
        /// Not delivered yet: waiting for its first attempt or, after a failed one, its next.
        case pending
        /// Delivered; never sent again.
        case delivered
        /// Given up on, with the reason: attempts ran out, or the receiver refused it for good.
        /// `ilsa effects retry` puts it back.
        case dead
    }

    public var effect: Effect
    public var status: Status
    /// Attempts that failed so far.
    public var attempts: Int
    /// When a pending effect is next due.
    public var nextAttemptAt: Date?
    /// Why the last attempt failed, or why it was given up on.
    public var lastError: String?
    /// When it was delivered or given up on.
    public var settledAt: Date?
    /// The dispatcher that holds it, and until when: another takes it over after that.
    public var claimedBy: String?
    public var claimedUntil: Date?
    /// For an outbox line: the byte offset in the file it is being written at, recorded before
    /// the write, so a dispatcher that finds it unsettled can tell whether the line is there.
    public var placedAt: Int64?

    public init(
        effect: Effect, status: Status, attempts: Int = 0, nextAttemptAt: Date?, lastError: String? = nil,
        settledAt: Date? = nil, claimedBy: String? = nil, claimedUntil: Date? = nil, placedAt: Int64? = nil
    ) {
        self.effect = effect
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.settledAt = settledAt
        self.claimedBy = claimedBy
        self.claimedUntil = claimedUntil
        self.placedAt = placedAt
    }

    /// A pending effect whose last attempt failed.
    public var isFailing: Bool { status == .pending && attempts > 0 }
}

/// What happened to a claimed effect, recorded by the dispatcher that holds the claim.
public enum EffectOutcome: Hashable, Sendable {
    /// About to be appended at this offset of its outbox file (the claim is kept).
    case placed(offset: Int64)
    /// Delivered.
    case delivered(at: Date)
    /// Failed; tried again at `next`. Counts an attempt, and ends the claim.
    case retry(next: Date, error: String)
    /// Given up on, with the reason. Counts an attempt.
    case dead(at: Date, error: String)
}

/// Which effects to list.
public struct EffectQuery: Hashable, Sendable {
    /// Only effects with one of these statuses; all when empty.
    public var statuses: Set<EffectRecord.Status>
    /// Only a pending effect whose last attempt failed.
    public var failingOnly: Bool
    public var run: RunID?
    /// At most this many, oldest first.
    public var limit: Int

    public init(statuses: Set<EffectRecord.Status> = [], failingOnly: Bool = false, run: RunID? = nil, limit: Int = 100) {
        self.statuses = statuses
        self.failingOnly = failingOnly
        self.run = run
        self.limit = limit
    }
}

/// How many effects stand where: what `ilsa effects` and `ilsa status` summarise.
public struct EffectCounts: Hashable, Sendable {
    public var pending = 0
    /// Pending effects whose last attempt failed (counted in ``pending`` too).
    public var failing = 0
    public var delivered = 0
    public var dead = 0

    public init(pending: Int = 0, failing: Int = 0, delivered: Int = 0, dead: Int = 0) {
        self.pending = pending
        self.failing = failing
        self.delivered = delivered
        self.dead = dead
    }
}
