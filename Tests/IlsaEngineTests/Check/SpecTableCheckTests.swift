import IlsaAPI
import IlsaCheck
import Foundation
import IlsaEngine
import IlsaTesting
import Testing

/// The tables a playbook gives the API are checked field by field (issue 17): by `ilsa check`
/// before a run starts, and by the engine for every new command, with the same words; a replay
/// takes a table as the run recorded it.
struct SpecTableCheckTests {
    let checker = PlaybookChecker(roster: Fixtures.roster)

    func findings(_ body: String) -> [String] {
        let source = "return ilsa.workflow {\n  name = \"p\", title = \"P\", run = function(ctx)\n\(body)\n  end,\n}\n"
        return checker.check(source: source, file: "p.lua").filter { $0.code != .openWork }.map { "\($0.line) \($0.code) \($0.message)" }
    }

    @Test(arguments: [
        (#"ilsa.task { title = "a", deu = "1h" }"#, "3 unknown-field unknown field 'deu' (did you mean 'due'?)"),
        (#"ilsa.task({ title = "a", Title = "b" })"#, "3 unknown-field unknown field 'Title' (did you mean 'title'?)"),
        (#"ilsa.task { title = "a", priority = "critical" }"#, "3 bad-value ilsa.task field 'priority' must be one of"),
        (#"ilsa.task { title = "a", class = "lifesafety" }"#, "(did you mean 'life_safety'?)"),
        (#"ilsa.task { title = "a", assignee = "DONG.HEAD" }"#, "3 bad-value ilsa.task field 'assignee' is a table, not a string"),
        (#"ilsa.task { title = "a", assignee = { rol = "DONG.HEAD" } }"#, "unknown field 'rol' (did you mean 'role'?); assignee takes"),
        (#"ilsa.task { detail = "x" }"#, "3 missing-field ilsa.task needs the field 'title'"),
        (
            #"ilsa.escalate { to = "control tower", severity = "alert", reason = "r", options = { "a" } }"#,
            "(did you mean 'control_tower'?)"
        ),
        (#"ilsa.escalate { to = "control_tower", severity = "경계", reason = "r", options = { "a" } }"#, "not '경계' ('경계' is 'alert')"),
        (#"ilsa.escalate { to = "control_tower", severity = "alert", options = { "a" } }"#, "ilsa.escalate needs the field 'reason'"),
        ("ilsa.units { rolle = \"CG.BOX\" }", "unknown field 'rolle' (did you mean 'role'?); ilsa.units takes"),
    ])
    func aFieldTheAPIDoesNotTakeIsAnError(_ body: String, _ expected: String) {
        let found = findings(body)
        #expect(found.count == 1 && found[0].contains(expected), "\(found)")
    }

    @Test func tablesTheCheckCannotSeeWholeAreLeftToTheEngine() {
        // Built elsewhere, or with keys the check cannot name: no finding, no missing-field guess.
        #expect(findings(#"local spec = { title = "a" }; ilsa.task(spec)"#) == [])
        #expect(findings(#"local k = "title"; ilsa.task { [k] = "a" }"#) == [])
        #expect(findings(#"local d = "singil"; ilsa.task { title = "a", assignee = { role = "DONG.HEAD", district = d } }"#) == [])
    }

    @Test func theEngineRefusesTheSameFieldsInANewCommand() throws {
        let bench = try EngineBench(
            """
            return ilsa.workflow { name = "p", title = "P", run = function()
              ilsa.task { title = "a", deu = "1h", assignee = { role = "DONG.HEAD", district = "singil" } }
            end }
            """, roster: Fixtures.roster)
        try bench.start()
        let history = try bench.history()
        let failure = try #require(history.last?.payload["message"]?.stringValue)
        #expect(failure.contains("bad argument #1 to 'ilsa.task' (unknown field 'deu' (did you mean 'due'?)"), "\(failure)")
        #expect(!history.contains { $0.name == "task.create" }, "refused before any effect")
    }

    /// A run that recorded a table before its field was refused (or replays a file edited to
    /// hold one) goes on: the replay takes the table as the history has it.
    @Test func aReplayTakesTheTableAsRecorded() throws {
        let folder = try TemporaryFolder()
        let clock = VirtualClock(startingAt: Fixtures.t0)
        var source = """
            return ilsa.workflow { name = "p", title = "P", run = function()
              ilsa.task { title = "a", due = "1h" }:wait()
              return "done"
            end }
            """
        try Engine(store: try folder.store(), clock: clock, source: { _ in source }).start(playbook: "p.lua", id: "r1")
        try folder.unpin("r1")
        source = source.replacingOccurrences(of: #"due = "1h""#, with: #"due = "1h", note = "typo kept""#)
        let change = try Engine(store: try folder.store(), clock: clock, source: { _ in source }).completeTask("r1.1", by: "x")
        #expect(change.status == .completed)
    }

    /// The API reference (docs, LuaLS, `ilsa api`) describes the same fields the engine takes.
    @Test func theReferenceAgreesWithTheEngine() throws {
        for (name, spec) in APIReference.specTables {
            let reference = try #require(APIReference.classes.first { $0.name == name }, "\(name)")
            #expect(Set(reference.fields.map(\.name)) == Set(spec.fields), "\(name)")
            #expect(Set(reference.fields.filter { !$0.optional }.map(\.name)) == Set(spec.required), "\(name)")
        }
        #expect(APIReference.luaLS().contains("---@class (exact) ilsa.TaskSpec"))
    }
}
