import IlsaStore
import Dispatch
import Foundation
import GRDB
import GRDBSQLite
import Synchronization

extension SQLiteRunStore {
    /// Copies the write-ahead log into the database between writes, off their path.
    ///
    /// In WAL mode every commit appends to the log, and the log must now and then be copied
    /// into the database file (a checkpoint) or it grows without end. SQLite's automatic
    /// checkpoint does it inside the commit that takes the log past 1,000 pages: that write
    /// (an answer a duty officer is waiting on) pays for copying the pages and syncing the file.
    /// Instead, a hook on the writer (`sqlite3_wal_hook`, which replaces the automatic
    /// checkpoint) hears each commit's log size; once it has passed the same 1,000 pages and no
    /// write has committed for ``quiet`` (between answers), a passive checkpoint runs on a queue
    /// and a connection of the store's own. It has caught up with the log when it ends, so the
    /// next write starts the log again from its beginning.
    ///
    /// Not while writes keep coming: a checkpoint beside them competes for the disk's syncs and
    /// never catches up, so the log is never started again, and a log that keeps growing makes
    /// every FULL commit dearer (measured on this project's VM: 1 ms a transition with the log
    /// growing to 40 MB, 0.35 ms with SQLite's 4 MB cycle). Writes that never pause for `quiet`
    /// take the log to twice the threshold, and then the commit checkpoints itself, as SQLite's
    /// automatic checkpoint would have at half the size.
    final class Checkpointer: Sendable {
        /// The log's size, in pages, past which a checkpoint is asked for: SQLite's default.
        static let pages: Int32 = 1_000
        /// The log's size, in pages, past which the commit checkpoints itself (about 8 MB).
        static let backstop: Int32 = 2 * pages
        /// How long no write must commit before a checkpoint starts, in nanoseconds (20 ms).
        static let quiet: UInt64 = 20_000_000

        let path: String
        let durability: Durability
        let busyTimeout: TimeInterval
        private let queue = DispatchQueue(label: "ilsa.store.checkpoint", qos: .utility)
        /// Whether a checkpoint is waiting for the writes to pause.
        private let pending = Atomic<Bool>(false)
        /// When the last commit past the threshold was, on the uptime clock, in nanoseconds.
        private let lastCommit = Atomic<UInt64>(0)
        /// The checkpoints run so far.
        private let count = Atomic<Int>(0)
        /// Whether the store has gone: no checkpoint starts after that.
        private let stopped = Atomic<Bool>(false)
        /// The checkpointing connection, opened the first time it is needed.
        private let connection = Mutex<DatabaseQueue?>(nil)

        init(path: String, durability: Durability, busyTimeout: TimeInterval) {
            self.path = path
            self.durability = durability
            self.busyTimeout = busyTimeout
        }

        /// Hooks the writer's commits; the writer's automatic checkpoint is off from then on.
        func install(on db: Database) {
            sqlite3_wal_hook(db.sqliteConnection, Self.hook, Unmanaged.passUnretained(self).toOpaque())
        }

        /// Unhooks the writer as the store goes; a checkpoint waiting for a pause is dropped, and
        /// the checkpointing connection closed (the store's last connection checkpoints anyway).
        func uninstall(from db: Database) {
            sqlite3_wal_hook(db.sqliteConnection, nil, nil)
            stopped.store(true, ordering: .releasing)
            queue.async { self.connection.withLock { $0 = nil } }
        }

        /// Called by SQLite on the writer's thread after each commit, with the log's size.
        private static let hook: @convention(c) (UnsafeMutableRawPointer?, OpaquePointer?, UnsafePointer<CChar>?, Int32) -> Int32 = {
            context, db, name, pages in
            guard let context else { return SQLITE_OK }
            if pages >= backstop {
                // What SQLite's own hook does: a passive checkpoint in the commit. Its result is
                // not the commit's, which has succeeded.
                _ = sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
                return SQLITE_OK
            }
            Unmanaged<Checkpointer>.fromOpaque(context).takeUnretainedValue().logGrew(to: pages)
            return SQLITE_OK
        }

        /// Asks for a checkpoint, once the writes pause, when the log has passed the threshold.
        func logGrew(to pages: Int32) {
            guard pages >= Self.pages else { return }
            lastCommit.store(DispatchTime.now().uptimeNanoseconds, ordering: .releasing)
            guard !pending.exchange(true, ordering: .acquiringAndReleasing) else { return }
            queue.asyncAfter(deadline: .now() + .nanoseconds(Int(Self.quiet))) { self.checkpointWhenQuiet() }
        }

        /// Checkpoints if no write has committed for ``quiet``, else looks again when it might be.
        private func checkpointWhenQuiet() {
            let since = DispatchTime.now().uptimeNanoseconds &- lastCommit.load(ordering: .acquiring)
            if since < Self.quiet {
                queue.asyncAfter(deadline: .now() + .nanoseconds(Int(Self.quiet - since))) { self.checkpointWhenQuiet() }
                return
            }
            // A commit from here on asks again, and its checkpoint follows this one.
            pending.store(false, ordering: .releasing)
            guard !stopped.load(ordering: .acquiring) else { return }
            connection.withLock { connection in
                do {
                    // Opened the first time (never to make a file that has gone).
                    if connection == nil, FileManager.default.fileExists(atPath: path) { connection = try open() }
                    _ = try connection?.writeWithoutTransaction { db in try db.checkpoint(.passive) }
                } catch {
                    // A checkpoint that cannot run now (another process's, a busy file) is
                    // asked for again at the next commit past the threshold; SQLite also
                    // checkpoints when the last connection closes.
                }
            }
            count.add(1, ordering: .relaxed)
        }

        private func open() throws -> DatabaseQueue {
            var configuration = Configuration()
            configuration.busyMode = .timeout(busyTimeout)
            configuration.label = "ilsa.store.checkpoint"
            let synchronous = SQLiteRunStore.synchronous(durability)
            configuration.prepareDatabase { db in
                // As the store's own connections: the file is untrusted input. A checkpoint
                // copies pages; it runs no SQL of the file's.
                try db.execute(sql: "PRAGMA trusted_schema = OFF; PRAGMA cell_size_check = ON; PRAGMA mmap_size = 0")
                try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
            }
            return try DatabaseQueue(path: path, configuration: configuration)
        }

        /// Waits for the checkpoints asked for so far, and says how many have run.
        func settle() -> Int {
            while pending.load(ordering: .acquiring) { Thread.sleep(forTimeInterval: 0.005) }
            queue.sync {}  // the checkpoint that cleared `pending` may still be running
            return count.load(ordering: .relaxed)
        }
    }

    /// Waits until the checkpoints asked for so far have run; how many have, in all. Nil when
    /// SQLite checkpoints in the commits themselves. For tests.
    package func settleCheckpoints() -> Int? {
        checkpointer?.settle()
    }
}
