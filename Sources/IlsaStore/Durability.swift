/// What a write the store has confirmed survives: the setting that trades the speed of each
/// write for what a crash can take back. A struct, so settings can be added without breaking
/// `switch`es.
///
/// Each store maps it to its own: SQLite's `PRAGMA synchronous` (with its write-ahead log), a
/// server database's synchronous commit. Neither setting ever damages the store; they differ in
/// whether the last confirmed writes can be lost.
public struct Durability: Hashable, Sendable, CustomStringConvertible {
    private enum Level: Hashable, Sendable {
        case powerCut, processCrash
    }
    private let level: Level
    private init(_ level: Level) { self.level = level }

    /// A confirmed write is on the disk before the call returns: it survives the process
    /// crashing, the machine's kernel crashing and a power cut. What a duty officer was told was
    /// saved, stays saved. SQLite: write-ahead log with `synchronous = FULL` (the log is synced
    /// at every commit). The default.
    public static let powerCutSafe = Durability(.powerCut)

    /// A confirmed write survives the process crashing, but a power cut or a kernel crash may
    /// take back the writes since the last checkpoint (the store goes back to an earlier,
    /// consistent state). Saves one disk sync per write. SQLite: write-ahead log with
    /// `synchronous = NORMAL` (the log is synced only at checkpoints). For drills and
    /// benchmarks on a file, or a store whose runs can be started again.
    public static let processCrashSafe = Durability(.processCrash)

    /// Whether a confirmed write survives a power cut.
    public var survivesPowerCut: Bool { level == .powerCut }

    public var description: String {
        switch level {
        case .powerCut: "power-cut safe"
        case .processCrash: "process-crash safe"
        }
    }
}
