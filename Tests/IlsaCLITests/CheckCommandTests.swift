import Foundation
import IlsaTesting
import Testing

/// `ilsa check` as a user runs it: the lines it prints, the summary, and the exit status.
struct CheckCommandTests {
    static let broken = """
        return ilsa.workflow {
          name = "broken", title = "Broken",
          run = function(ctx)
            local t = ilsa.tsk { title = "x" }
            ilsa.task { title = "y", assignee = { role = "DONG.HAED", district = "singil" } }:wait()
            os.execute("rm -rf /")
          end,
        }

        """

    static let syntaxError = """
        return ilsa.workflow {
          name = "typo", title = "Typo"
          run = function() end,
        }

        """

    /// Runs `ilsa check ARGUMENTS` in `scratch`, with no roster from the environment.
    private func check(_ arguments: [String], in scratch: Workspace, environment: [String: String] = [:]) async throws
        -> RunResult
    {
        try await CLI.ilsa(
            ["check"] + arguments, environment: ["ILSA_ROSTER": "", "ILSA_WORKFLOWS": ""].merging(environment) { $1 },
            in: scratch.url)
    }

    @Test func aCleanPlaybookExitsZero() async throws {
        let scratch = try Workspace()
        try scratch.write("sandbags.lua", FixturePlaybooks.sandbags)
        let result = try await check(["--roster", Fixtures.rosterPath, "sandbags.lua"], in: scratch)
        #expect(result.exited(0), "\(result.summary)")
        #expect(result.stdoutText == "")
        #expect(result.stderrText == "1 playbook checked against the ansan roster: all clean\n")
    }

    @Test func brokenPlaybooksGiveFileLineMessageAndExitOne() async throws {
        let scratch = try Workspace()
        try FileManager.default.createDirectory(at: scratch.url.appendingPathComponent("workflows"), withIntermediateDirectories: true)
        try scratch.write("workflows/broken.lua", Self.broken)
        try scratch.write("workflows/typo.lua", Self.syntaxError)
        try scratch.write("workflows/sandbags.lua", FixturePlaybooks.sandbags)
        try scratch.write("workflows/README.md", "not a playbook")
        let result = try await check(["--roster", Fixtures.rosterPath, "workflows"], in: scratch)
        #expect(result.exited(1), "\(result.summary)")
        #expect(
            result.stdoutText == """
                workflows/broken.lua:4: ilsa.tsk is not part of the playbook API; did you mean ilsa.task?
                workflows/broken.lua:5: the roster has no role 'DONG.HAED'; did you mean 'DONG.HEAD'?
                workflows/broken.lua:6: os.execute is not available to playbooks: the sandbox has no os library
                workflows/typo.lua:3: '}' expected (to close '{' at line 1) near 'run'

                """)
        #expect(result.stderrText == "3 playbooks checked against the ansan roster: 4 errors\n")
    }

    @Test func jsonIsAnArrayOfFindings() async throws {
        let scratch = try Workspace()
        try scratch.write("broken.lua", Self.broken)
        let result = try await check(["--roster", Fixtures.rosterPath, "--json", "broken.lua"], in: scratch)
        #expect(result.exited(1), "\(result.summary)")
        let findings = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [[String: Any]])
        #expect(findings.map { $0["code"] as? String } == ["unknown-api", "unknown-role", "unavailable-global"])
        #expect(findings.map { $0["line"] as? Int } == [4, 5, 6])
        #expect(findings.allSatisfy { $0["file"] as? String == "broken.lua" && $0["severity"] as? String == "error" })
        #expect(findings.first?["message"] as? String == "ilsa.tsk is not part of the playbook API; did you mean ilsa.task?")

        try scratch.write("clean.lua", FixturePlaybooks.sandbags)
        let clean = try await check(["--roster", Fixtures.rosterPath, "--json", "--quiet", "clean.lua"], in: scratch)
        #expect(clean.exited(0), "\(clean.summary)")
        #expect(clean.stdoutText == "[]\n")
        #expect(clean.stderrText == "")
    }

    @Test func printingAtTheTopLevelDoesNotReachTheOutput() async throws {
        let scratch = try Workspace()
        try scratch.write("noisy.lua", "print('noise')\n" + FixturePlaybooks.sandbags)
        let result = try await check(["--roster", Fixtures.rosterPath, "--json", "noisy.lua"], in: scratch)
        #expect(result.exited(0), "\(result.summary)")
        #expect(result.stdoutText == "[]\n")
    }

    @Test func aPathThatDoesNotExistIsBadInput() async throws {
        let scratch = try Workspace()
        try scratch.write("sandbags.lua", FixturePlaybooks.sandbags)
        let result = try await check(["sandbags.lua", "nope.lua"], in: scratch)
        #expect(result.exited(2), "\(result.summary)")
        #expect(result.stdoutText == "")
        #expect(result.stderrText == "ilsa: nope.lua: no such file or folder\n")
    }

    @Test func aRosterThatDoesNotExistIsBadInput() async throws {
        let scratch = try Workspace()
        try scratch.write("sandbags.lua", FixturePlaybooks.sandbags)
        let flag = try await check(["--roster", "missing.lua", "sandbags.lua"], in: scratch)
        #expect(flag.exited(2), "\(flag.summary)")
        #expect(flag.stderrText == "ilsa: --roster missing.lua: no such roster file\n")
        let variable = try await check(["sandbags.lua"], in: scratch, environment: ["ILSA_ROSTER": "gone.lua"])
        #expect(variable.exited(2), "\(variable.summary)")
        #expect(variable.stderrText == "ilsa: ILSA_ROSTER=gone.lua: no such roster file\n")
    }

    @Test func theRosterComesFromTheEnvironmentToo() async throws {
        let scratch = try Workspace()
        try scratch.write("broken.lua", Self.broken)
        let result = try await check(["broken.lua"], in: scratch, environment: ["ILSA_ROSTER": Fixtures.rosterPath])
        #expect(result.exited(1), "\(result.summary)")
        #expect(result.stdoutText.contains("broken.lua:5: the roster has no role 'DONG.HAED'"))
    }

    @Test func withoutARosterRolesAreNotCheckedAndTheSummarySaysSo() async throws {
        let scratch = try Workspace()
        try scratch.write(
            "role.lua",
            """
            return ilsa.workflow { name = "role", title = "Role", run = function()
              ilsa.task { title = "y", assignee = { role = "DONG.HAED", district = "singil" } }:wait()
            end }

            """)
        let result = try await check(["role.lua"], in: scratch)
        #expect(result.exited(0), "\(result.summary)")
        #expect(result.stdoutText == "")
        #expect(
            result.stderrText == """
                note: no roster, so roles, districts and escalation ladders are not checked; give one with --roster PATH or ILSA_ROSTER
                1 playbook checked: all clean

                """)
    }

    @Test func warningsAloneExitZero() async throws {
        let scratch = try Workspace()
        try scratch.write(
            "dice.lua",
            """
            return ilsa.workflow { name = "dice", title = "Dice", run = function()
              return undefined_thing
            end }

            """)
        let result = try await check(["--roster", Fixtures.rosterPath, "dice.lua"], in: scratch)
        #expect(result.exited(0), "\(result.summary)")
        #expect(
            result.stdoutText
                == "dice.lua:2: warning: unknown global 'undefined_thing': neither Lua nor the engine defines it, and this file does not set it\n"
        )
        #expect(result.stderrText == "1 playbook checked against the ansan roster: 1 warning\n")
        let quiet = try await check(["--roster", Fixtures.rosterPath, "-q", "dice.lua"], in: scratch)
        #expect(quiet.stderrText == "")
    }

    @Test func anEmptyFolderIsAWarningNotAFailure() async throws {
        let scratch = try Workspace()
        try FileManager.default.createDirectory(at: scratch.url.appendingPathComponent("workflows"), withIntermediateDirectories: true)
        try scratch.write("workflows/README.md", "nothing yet")
        let result = try await check([], in: scratch)
        #expect(result.exited(0), "\(result.summary)")
        #expect(result.stderrText == "ilsa: warning: no playbooks found in workflows\n")
    }

    @Test func withoutPathsItChecksTheWorkflowsFolderWithTheProjectRoster() async throws {
        let scratch = try Workspace()
        for folder in ["workflows", "plugins/ansan"] {
            try FileManager.default.createDirectory(at: scratch.url.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        for file in ["roster.lua", "plugin.lua", "init.lua"] {
            let from = Fixtures.path("plugins/ansan/\(file)")
            try FileManager.default.copyItem(atPath: from, toPath: scratch.url.appendingPathComponent("plugins/ansan/\(file)").path)
        }
        try scratch.write("workflows/broken.lua", Self.broken)
        let result = try await check([], in: scratch)
        #expect(result.exited(1), "\(result.summary)")
        #expect(result.stdoutText.hasPrefix("workflows/broken.lua:4: ilsa.tsk"))
        #expect(result.stderrText == "1 playbook checked against the ansan roster: 3 errors\n")

        let none = try Workspace()
        let missing = try await check([], in: none)
        #expect(missing.exited(2), "\(missing.summary)")
        #expect(missing.stderrText == "ilsa: no playbooks to check: give files or folders (there is no workflows/ folder here)\n")
    }

    @Test func helpTeachesWithAnExample() async throws {
        let result = try await CLI.ilsa(["check", "--help"], environment: ["COLUMNS": "100"])
        #expect(result.exited(0), "\(result.summary)")
        #expect(result.stdoutText.contains("ilsa check workflows"))
        #expect(result.stdoutText.contains("rain.lua:4: ilsa.tsk is not part of the playbook API; did you mean ilsa.task?"))
        #expect(result.stdoutText.contains("--roster <path>"))
    }
}
