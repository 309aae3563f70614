import Foundation
import IlsaStore

/// This process as a worker: its id in claims and heartbeats, and the beat it leaves in the
/// store every few seconds while it works, so `ilsa status` can tell whether anyone is firing
/// timers.
struct Heartbeat {
    let store: any RunStore
    let beat: WorkerBeat
    /// How often a worker beats.
    static let interval: TimeInterval = 5
    /// How long without a beat before a worker counts as gone.
    static let silence: TimeInterval = 30

    init(store: any RunStore, kind: String) {
        self.store = store
        let host = ProcessInfo.processInfo.hostName
        let pid = ProcessInfo.processInfo.processIdentifier
        let now = Date()
        beat = WorkerBeat(
            id: "\(host):\(pid):\(UUID().uuidString.prefix(8).lowercased())", kind: kind, host: host, pid: pid, startedAt: now,
            seenAt: now)
    }

    /// Records that the worker is alive now.
    func beat(at now: Date = Date()) throws {
        var beat = beat
        beat.seenAt = now
        try store.beat(beat)
    }

    /// Forgets the worker (a clean stop).
    func end() { try? store.endBeat(beat.id) }

    /// A warning when runs have something due that should have been done by now and no worker
    /// has been seen lately; nil when all is well.
    static func warning(store: any RunStore, now: Date = Date()) -> String? {
        guard let wake = try? store.nextWake(), wake < now.addingTimeInterval(-silence) else { return nil }
        let workers = (try? store.workers()) ?? []
        if let seen = workers.first?.seenAt, seen > now.addingTimeInterval(-silence) { return nil }
        let last = workers.first.map { "; the last worker was seen \(TimeText.ago($0.seenAt, now: now))" } ?? ""
        return "runs have timers or ladder climbs due since \(TimeText.ago(wake, now: now)) and no worker is running\(last): "
            + "start `ilsa work --follow`"
    }
}

extension Heartbeat {
    /// Says on standard error when timers are due and no worker is running (``warning(store:now:)``).
    static func warnIfNoWorker(_ store: any RunStore) {
        if let warning = warning(store: store) { Console.warning(warning) }
    }
}
