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
    init(store: any RunStore, kind: String) {
        self.store = store
        let host = ProcessInfo.processInfo.hostName
        let pid = ProcessInfo.processInfo.processIdentifier
        let now = Date()
        beat = WorkerBeat(id: Self.processID(), kind: kind, host: host, pid: pid, startedAt: now, seenAt: now)
    }

    /// A new id for this process as a worker, in heartbeats and claims: `host:pid:random`.
    static func processID() -> String {
        let info = ProcessInfo.processInfo
        return "\(info.hostName):\(info.processIdentifier):\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// Records that the worker is alive now.
    func beat(at now: Date = Date()) throws {
        var beat = beat
        beat.seenAt = now
        try store.beat(beat)
    }

    /// Forgets the worker (a clean stop).
    func end() { try? store.endBeat(beat.id) }

    /// A warning when runs have had something due for a while and no worker has been seen;
    /// nil when all is well (or the store cannot say).
    static func warning(store: any RunStore, now: Date = Date()) -> String? {
        guard let unattended = try? store.unattended(now: now) else { return nil }
        let last = unattended.lastWorker.map { "; the last worker was seen \(TimeText.ago($0.seenAt, now: now))" } ?? ""
        return "timers or ladder climbs fell due \(TimeText.ago(unattended.dueSince, now: now)) and no worker is running\(last): "
            + "start `ilsa work --follow`"
    }
}

extension Heartbeat {
    /// Says on standard error when timers are due and no worker is running (``warning(store:now:)``).
    static func warnIfNoWorker(_ store: any RunStore) {
        if let warning = warning(store: store) { Console.warning(warning) }
    }
}
