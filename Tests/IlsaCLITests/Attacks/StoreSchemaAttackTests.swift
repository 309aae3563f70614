import Foundation
import IlsaTesting
import Testing

/// A store file whose schema Ilsa did not make, handed to the real `ilsa`: someone gave the duty
/// officer a crafted `.sqlite`, or another program wrote into it. Every command that opens the
/// store refuses it at once with one line and status 2 (bad input), and leaves the file as it was.
struct StoreSchemaAttackTests {
    /// The audit's case: a trigger on history inserts that never ends made every write hang.
    @Test func everyCommandRefusesAStoreWithATriggerThatLoopsOnHistoryInserts() async throws {
        let scratch = try Workspace()
        try scratch.write("sandbags.lua", FixturePlaybooks.sandbags)
        #expect(try await scratch.ilsa(["run", "--detach", "--id", "s1", "sandbags.lua"]).exited(0))
        try await Self.sqlite(
            scratch,
            """
            CREATE TRIGGER evil AFTER INSERT ON history BEGIN
                SELECT count(*) FROM (WITH RECURSIVE forever(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM forever) SELECT n FROM forever);
            END
            """)
        let before = try Data(contentsOf: URL(fileURLWithPath: scratch.store))
        let refusal =
            "ilsa: \(scratch.store): not a store Ilsa made: it has a trigger 'evil' on table 'history' that "
            + "Ilsa does not create; Ilsa opens only stores whose schema it made\n"
        let commands = [
            ["status"], ["status", "s1"], ["tasks"], ["history", "s1"], ["escalations"], ["work"],
            ["run", "--detach", "--id", "s2", "sandbags.lua"], ["task", "ack", "s1.1", "--by", "초지동장"],
            ["task", "done", "s1.1", "--by", "초지동장"], ["signal", "s1", "gauge"], ["cancel", "s1"],
            ["escalation", "ack", "s1.1", "--by", "상황실장"], ["decide", "s1.1", "go", "--by", "상황실장"],
            ["repl", "--store", scratch.store],
        ]
        for arguments in commands {
            let result = try await scratch.ilsa(arguments, timeout: .seconds(20))
            let command = arguments.joined(separator: " ")
            #expect(result.exited(2), "ilsa \(command): \(result.summary)")
            #expect(result.stderrText == refusal, "ilsa \(command)")
            #expect(result.elapsed < .seconds(3), "ilsa \(command) took \(result.elapsed)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: scratch.store)) == before, "the store file is left as it was")
    }

    @Test func aTableIlsaCreatesDifferentlyIsNamed() async throws {
        let scratch = try Workspace()
        try scratch.write("sandbags.lua", FixturePlaybooks.sandbags)
        #expect(try await scratch.ilsa(["run", "--detach", "--id", "s1", "sandbags.lua"]).exited(0))
        try await Self.sqlite(scratch, "ALTER TABLE tasks ADD COLUMN shout TEXT GENERATED ALWAYS AS (upper(title)) VIRTUAL")
        let result = try await scratch.ilsa(["tasks"])
        #expect(result.exited(2), "\(result.summary)")
        #expect(
            result.stderrText == "ilsa: \(scratch.store): not a store Ilsa made: its table 'tasks' is not the one Ilsa "
                + "creates; Ilsa opens only stores whose schema it made\n")
    }

    /// Runs SQL on the store as another program would (Python's sqlite3: the CLI tests link no
    /// SQLite of their own).
    static func sqlite(_ scratch: Workspace, _ sql: String) async throws {
        let escaped = sql.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'''", with: "\\'\\'\\'")
        try await StoreProblemTests.python(
            scratch, "import sqlite3; c = sqlite3.connect('\(scratch.store)'); c.executescript('''\(escaped)'''); c.commit()")
    }
}
