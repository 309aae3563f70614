import Foundation
import IlsaTesting
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A store the commands cannot use: missing, written by a newer Ilsa, not a store, locked by
/// another process. Each gets one clear line and its exit status, and nothing changes.
struct StoreProblemTests {
    @Test func aStoreFromANewerIlsaIsRefusedWithTwo() async throws {
        let scratch = try Workspace()
        try scratch.write("sandbags.lua", FixturePlaybooks.sandbags)
        #expect(try await scratch.ilsa(["run", "--detach", "--id", "s1", "sandbags.lua"]).exited(0))
        try await Self.python(
            scratch, "import sqlite3; c = sqlite3.connect('\(scratch.store)'); c.execute('PRAGMA user_version = 99'); c.commit()")
        let result = try await scratch.ilsa(["tasks"])
        #expect(result.exited(2), "\(result.summary)")
        #expect(result.stderrText.contains("store was written by a newer version of Ilsa (schema 99"), "\(result.stderrText)")
        #expect(result.stderrText.split(separator: "\n").count == 1, "one line, no stack trace: \(result.stderrText)")
    }

    @Test func aFileThatIsNotAStoreIsRefusedWithTwo() async throws {
        let scratch = try Workspace()
        try scratch.write("store.sqlite", "these are somebody's notes, not a database\n")
        let result = try await scratch.ilsa(["status"])
        #expect(result.exited(2), "\(result.summary)")
        #expect(result.stderrText.contains("is not an Ilsa store (not an SQLite database)"), "\(result.stderrText)")
        #expect(try String(contentsOfFile: scratch.store, encoding: .utf8) == "these are somebody's notes, not a database\n")
    }

    @Test func aStoreLockedByAnotherProcessExitsThreeAndChangesNothing() async throws {
        let scratch = try Workspace()
        try scratch.write("sandbags.lua", FixturePlaybooks.sandbags)
        #expect(try await scratch.ilsa(["run", "--detach", "--id", "s1", "sandbags.lua"]).exited(0))
        let before = try await scratch.history("s1").count
        // Another program holds the write lock for longer than the busy timeout (5 s).
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        holder.arguments = [
            "-c",
            """
            import sqlite3, sys, time
            c = sqlite3.connect('\(scratch.store)', isolation_level=None)
            c.execute('BEGIN IMMEDIATE')
            print('locked', flush=True)
            time.sleep(15)
            """,
        ]
        let pipe = Pipe()
        holder.standardOutput = pipe
        try holder.run()
        defer { kill(holder.processIdentifier, SIGKILL) }
        #expect(pipe.fileHandleForReading.availableData.starts(with: Data("locked".utf8)))
        let result = try await scratch.ilsa(["task", "done", "s1.1", "--by", "초지동장"])
        #expect(result.exited(3), "\(result.summary)")
        #expect(result.stderrText.contains("busy") || result.stderrText.contains("locked"), "\(result.stderrText)")
        kill(holder.processIdentifier, SIGKILL)
        holder.waitUntilExit()
        #expect(try await scratch.history("s1").count == before)
        #expect(try await scratch.ilsa(["task", "done", "s1.1", "--by", "초지동장"]).exited(0))
    }

    static func python(_ scratch: Workspace, _ code: String) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", code]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }
}
