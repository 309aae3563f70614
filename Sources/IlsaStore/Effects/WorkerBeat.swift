public import Foundation

/// A worker's heartbeat: a process that does what is due (`ilsa work --follow`, later `ilsa
/// serve`) says it is alive every few seconds, so `ilsa status` can warn when runs have timers
/// due and nobody is there to fire them.
public struct WorkerBeat: Hashable, Sendable {
    /// The worker's id, unique per process: `host:pid:start`.
    public var id: String
    /// `work` or `serve`.
    public var kind: String
    public var host: String
    public var pid: Int32
    public var startedAt: Date
    public var seenAt: Date

    public init(id: String, kind: String, host: String, pid: Int32, startedAt: Date, seenAt: Date) {
        self.id = id
        self.kind = kind
        self.host = host
        self.pid = pid
        self.startedAt = startedAt
        self.seenAt = seenAt
    }
}
