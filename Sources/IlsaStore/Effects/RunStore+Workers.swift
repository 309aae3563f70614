public import Foundation

/// Runs with something overdue to do and no worker in sight: what `ilsa status` warns about.
public struct Unattended: Hashable, Sendable {
    /// Since when something has been due (the earliest wake time of a waiting run).
    public var dueSince: Date
    /// The worker seen last, if any ever beat.
    public var lastWorker: WorkerBeat?

    public init(dueSince: Date, lastWorker: WorkerBeat?) {
        self.dueSince = dueSince
        self.lastWorker = lastWorker
    }
}

extension RunStore {
    /// How long a worker may go without a heartbeat before it counts as gone, and something may
    /// be due before anyone is expected to have done it.
    public static var workerSilence: TimeInterval { 30 }

    /// Whether a waiting run has had something due for longer than `silence` while no worker
    /// has beaten within it; nil when all is well.
    public func unattended(now: Date, silence: TimeInterval = workerSilence) throws -> Unattended? {
        guard let wake = try nextWake(), wake < now.addingTimeInterval(-silence) else { return nil }
        let last = try workers().first
        if let seen = last?.seenAt, seen > now.addingTimeInterval(-silence) { return nil }
        return Unattended(dueSince: wake, lastWorker: last)
    }
}
