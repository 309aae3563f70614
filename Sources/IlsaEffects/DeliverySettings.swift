public import Foundation

/// How hard the dispatcher tries: each attempt's timeout, the backoff between attempts, when it
/// gives up, and how much it does at once.
public struct DeliverySettings: Sendable {
    /// How long one attempt may take, whole (a webhook that answers slowly, or trickles its
    /// answer, is cut off at this).
    public var attemptTimeout: Duration = .seconds(10)
    /// The wait after the first failed attempt; it doubles after each (with jitter).
    public var firstBackoff: Duration = .seconds(1)
    /// The longest wait between attempts.
    public var maximumBackoff: Duration = .seconds(300)
    /// Attempts before an effect is dead-lettered: with the defaults the waits between them add
    /// up to 9 to 19 minutes (1 s doubling to 5 minutes, each between half and all of that).
    public var maximumAttempts = 12
    /// Webhooks in flight at once.
    public var concurrentWebhooks = 8
    /// Effects claimed in one go.
    public var batch = 64
    /// How long an outbox file's lock is waited for before the attempt counts as failed.
    public var lockTimeout: Duration = .seconds(5)
    /// How often the store is asked for new effects while nothing is due (effects made by other
    /// processes are seen this soon).
    public var poll: Duration = .milliseconds(200)

    public init() {}

    /// How long a claim lasts: an attempt's timeout and a margin. A dispatcher that stops (killed,
    /// paused) holds its effects no longer than this; another takes them over then.
    public var claim: Duration { max(attemptTimeout, lockTimeout) + .seconds(5) }

    /// When to try again after `attempts` failed attempts: exponential backoff with jitter
    /// (between half and all of the doubled wait), capped at ``maximumBackoff``; never sooner
    /// than the receiver's `Retry-After`, within the cap.
    public func nextAttempt(after attempts: Int, now: Date, retryAfter: Duration? = nil) -> Date {
        let doubled = firstBackoff * (1 << min(max(attempts - 1, 0), 20))
        let wait = min(doubled, maximumBackoff)
        let jittered = wait / 2 + wait / 2 * Double.random(in: 0...1)
        let chosen = min(max(jittered, retryAfter ?? .zero), maximumBackoff)
        return now.addingTimeInterval(chosen.seconds)
    }
}

extension Duration {
    /// In seconds, as a `TimeInterval`.
    var seconds: TimeInterval {
        let (s, attoseconds) = components
        return TimeInterval(s) + TimeInterval(attoseconds) / 1e18
    }
}
