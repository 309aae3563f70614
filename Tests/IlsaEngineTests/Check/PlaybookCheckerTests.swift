import IlsaCheck
import Foundation
import IlsaEngine
import IlsaTesting
import Testing

/// `ilsa check`'s engine: what it finds in a playbook, at which line, with which words, against
/// the Ansan roster the project ships.
struct PlaybookCheckerTests {
    let checker = PlaybookChecker(roster: Fixtures.roster)

    /// The findings as `ilsa check` prints them, for the file `p.lua`.
    private func lines(_ source: String, checker: PlaybookChecker? = nil) -> [String] {
        (checker ?? self.checker).check(source: source, file: "p.lua").filter { $0.code != .openWork }.map(\.description)
    }

    /// The findings but work left open (`OpenWorkCheckTests` has those): these bodies leave
    /// tasks open to show other checks.
    private func check(source: String, file: String) -> [CheckFinding] {
        checker.check(source: source, file: file).filter { $0.code != .openWork }
    }

    /// A playbook whose `run` body is `body`, starting at line 3.
    private func playbook(_ body: String) -> String {
        "return ilsa.workflow {\n  name = \"p\", title = \"P\", run = function(ctx)\n\(body)\n  end,\n}\n"
    }

    static let clean = """
        -- A playbook that uses most of the API the way the docs show it.
        local CLOSE_MM = 50
        return ilsa.workflow {
          name = "flood_watch",
          title = "침수 감시 (flood watch)",
          params = {
            { name = "district", type = "district", default = "singil" },
            { name = "watch", type = "duration", default = "3h" },
          },
          run = function(ctx)
            local d = ctx.params.district
            local outcome, escalation = "watch_ended", nil   -- a local, not a table field
            local function to(role) return { role = role, district = d } end
            local t = ilsa.task {
              title = "반지하 가구 연락", assignee = { role = "DONG.HEAD", district = "singil" },
              due = "T0+1h", class = "life_safety", escalation = "default", priority = "high",
            }
            local first, answer = ilsa.any { t, ilsa.timer("3h"), ilsa.signal("lifted") }
            if first ~= t then
              escalation = ilsa.escalate { to = "control_tower", severity = "alert", reason = "no answer", options = { "wait" } }
              local decision = escalation:wait()
              outcome = decision.option
            end
            t:cancel()
            ilsa.parallel { function() ilsa.sleep("15m") end, function() ilsa.wait_signal("go") end }
            ilsa.log(string.format("%s: %s at %d", t:id(), outcome, math.floor(ilsa.now())))
            for i, v in ipairs({ 1, 2 }) do local _ = v + i + CLOSE_MM + ilsa.random(1, 6) end
            return { outcome = outcome, to = to("POL.BOX") }
          end,
        }
        """

    @Test func aCleanPlaybookHasNoFindings() {
        #expect(lines(Self.clean) == [])
    }

    @Test func everyPlaybookInTheWorkflowsFolderIsClean() throws {
        let folder = Fixtures.workflows
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for file in files.sorted() where file.hasSuffix(".lua") {
            let findings = try PlaybookChecker(roster: Fixtures.roster, plugins: Fixtures.pluginModules)
                .check(contentsOfFile: folder.appendingPathComponent(file).path)
            #expect(findings.filter { $0.severity == .error }.isEmpty, "\(file): \(findings.map(\.description))")
        }
    }

    // MARK: Syntax and metadata

    @Test func aSyntaxErrorIsLuasMessageAtItsLine() {
        let source = "return ilsa.workflow {\n  name = \"p\", title = \"P\"\n  run = function() end,\n}\n"
        #expect(lines(source) == ["p.lua:3: '}' expected (to close '{' at line 1) near 'run'"])
        let findings = check(source: source, file: "p.lua")
        #expect(findings.map(\.code) == [.syntax])
    }

    @Test func aBadMetadataFieldIsReportedAtTheFieldsLine() {
        let source = "return ilsa.workflow {\n  title = \"P\",\n  name = \"Heavy Rain\",\n  run = function() end,\n}\n"
        #expect(lines(source) == [#"p.lua:3: workflow field 'name' must be a snake_case identifier, got "Heavy Rain""#])

        let unknown =
            "return ilsa.workflow {\n  name = \"p\", title = \"P\",\n  params = {\n    count = { tpye = \"integer\" },\n  },\n  run = function() end,\n}\n"
        #expect(check(source: unknown, file: "p.lua").map(\.line) == [4])
    }

    @Test func aMissingWorkflowIsReportedAtLineOne() {
        let findings = check(source: "local x = 1\nreturn x\n", file: "p.lua")
        #expect(findings.map(\.line) == [1])
        #expect(findings.map(\.code) == [.metadata])
        #expect(findings.first?.message.hasPrefix("the file returns 1; it should return the workflow") == true)
    }

    @Test func theTopLevelCallingTheRunningAPIIsReportedAtItsLine() {
        let source =
            "local t = 1\nilsa.task { title = \"too early\" }\nreturn ilsa.workflow { name = \"p\", title = \"P\", run = function() end }\n"
        #expect(lines(source) == ["p.lua:2: ilsa.task can only be called while the playbook runs, inside run(ctx)"])
    }

    @Test func parameterDefaultsAndUsesAreChecked() {
        let source = """
            return ilsa.workflow {
              name = "p", title = "P",
              params = {
                { name = "district", type = "district", default = "atlantis" },
              },
              run = function(ctx) return ctx.params.distrct end,
            }
            """
        #expect(
            lines(source) == [
                "p.lua:4: the default of parameter 'district' does not fit the roster: 'atlantis' is not a district; "
                    + "districts are wolpi, sadong, sangnok1, sangnok2, banwol, gojan, choji, seonbu, singil, daebu",
                "p.lua:6: ctx.params.distrct is not a parameter of p; did you mean district?",
            ])
    }

    // MARK: The API

    @Test func aFunctionTheAPIDoesNotHaveIsAnErrorWithASuggestion() {
        #expect(
            lines(playbook("    local t = ilsa.tsk { title = \"x\" }\n    ilsa.wait_sginal(\"go\")")) == [
                "p.lua:3: ilsa.tsk is not part of the playbook API; did you mean ilsa.task?",
                "p.lua:4: ilsa.wait_sginal is not part of the playbook API; did you mean ilsa.wait_signal?",
            ])
        let far = lines(playbook("    ilsa.frobnicate()"))
        #expect(far.count == 1)
        #expect(far.first?.hasPrefix("p.lua:3: ilsa.frobnicate is not part of the playbook API; it has ilsa.all, ilsa.any, ") == true)
    }

    @Test func aFunctionThePlaybookDefinesOnIlsaIsNotReported() {
        #expect(lines(playbook("    function ilsa.helper() end\n    ilsa.helper()")) == [])
    }

    @Test func methodsAreCheckedOnHandlesTheFileHolds() {
        let body = """
                local t = ilsa.task { title = "x" }
                t:wiat()
                local e = ilsa.escalate { to = "control_tower", severity = "alert", reason = "r", options = { "a" } }
                e:decide()
                ilsa.escalate { to = "control_tower", severity = "alert", reason = "r", options = { "a" } }:wiat()
                local s = ilsa.signal("go")
                s:wait()
                t.wait()
            """
        #expect(
            lines(playbook(body)) == [
                "p.lua:4: t:wiat() is not a method of a task; did you mean t:wait()?",
                "p.lua:6: e:decide() is not a method of an escalation; an escalation has :id(), :wait() and :withdraw()",
                "p.lua:7: ilsa.escalate {...}:wiat() is not a method of an escalation; did you mean ilsa.escalate {...}:wait()?",
                "p.lua:9: s:wait() is not a method of a signal; a signal has no methods",
                "p.lua:10: t.wait() calls the method without its task; write t:wait()",
            ])
    }

    @Test func aVariableThatHoldsOtherThingsIsNotCheckedAsAHandle() {
        #expect(lines(playbook("    local t = ilsa.task { title = \"x\" }\n    t = { close = function() end }\n    t:close()")) == [])
    }

    // MARK: The roster

    @Test func rolesDistrictsAndLaddersTheRosterLacksAreErrors() {
        let body = """
                ilsa.task {
                  title = "x", assignee = { role = "DONG.HAED", district = "singl" },
                  escalation = "life_safety",
                }
                ilsa.task { title = "y", assignee = { role = "WIZARD", district = "신길" } }
            """
        #expect(
            lines(playbook(body)) == [
                "p.lua:4: the roster has no role 'DONG.HAED'; did you mean 'DONG.HEAD'?",
                "p.lua:4: the roster has no district 'singl'; did you mean 'singil'?",
                "p.lua:5: the roster has no escalation ladder 'life_safety'; its ladders are default "
                    + "(life_safety is a task class: class = \"life_safety\")",
                "p.lua:7: the roster has no role 'WIZARD'",
                "p.lua:7: the roster has no district '신길'; districts are named by code here: 'singil'",
            ])
        let findings = check(source: playbook(body), file: "p.lua")
        #expect(findings.map(\.code) == [.unknownRole, .unknownDistrict, .unknownLadder, .unknownRole, .unknownDistrict])
    }

    @Test func anAssigneeNobodyHoldsIsAnError() {
        let body = "    ilsa.task { title = \"x\", assignee = { role = \"CG.BOX\", district = \"wolpi\" } }"
        #expect(lines(playbook(body)) == ["p.lua:3: nobody holds 'CG.BOX' in district wolpi"])
    }

    @Test func withoutARosterRolesAndDistrictsAreNotChecked() {
        let body = "    ilsa.task { title = \"x\", assignee = { role = \"DONG.HAED\", district = \"singl\" }, escalation = \"x\" }"
        #expect(lines(playbook(body), checker: PlaybookChecker()) == [])
    }

    @Test func durationsTheEngineCannotReadAreErrors() {
        let body = "    ilsa.task { title = \"x\", due = \"15min\" }\n    ilsa.sleep(\"1 hour\")\n    ilsa.timer \"3hours\""
        #expect(
            lines(playbook(body)) == [
                "p.lua:3: due '15min' is not understood; write a duration like \"15m\" or \"1h30m\", an offset from the run's "
                    + "start like \"T0+2h\", or a time like \"2025-07-16T09:00:00+09:00\"",
                "p.lua:4: ilsa.sleep needs a duration like \"15m\", a start offset like \"T0+2h\" or a time, got \"1 hour\"",
                "p.lua:5: ilsa.timer needs a duration like \"15m\", a start offset like \"T0+2h\" or a time, got \"3hours\"",
            ])
    }

    // MARK: Globals

    @Test func requireNamesAModuleAPluginProvides() throws {
        let plugins = try PluginSet.discover(in: [Fixtures.plugins.path], config: [:])
        let checker = PlaybookChecker(roster: Fixtures.roster, plugins: plugins)
        let body = """
                local kma = require "kma"
                local weather = require("wether")
            """
        let findings = checker.check(source: playbook(body), file: "p.lua")
        #expect(
            findings.map(\.description) == ["p.lua:4: no plugin provides module 'wether'; the plugins provide ansan, crowd, kma, notify"])
        #expect(findings.map(\.code) == [.unknownModule])
        // Without the plugins, module names are not checked, and require is no error.
        #expect(PlaybookChecker(roster: Fixtures.roster).check(source: playbook(body), file: "p.lua").isEmpty)
    }

    @Test func whatTheSandboxLeavesOutIsAnError() {
        let body = """
                os.execute("rm -rf /")
                local f = io.open("x")
                local m = ("x"):upper()
                local now = os.time()
                local d = string.dump(print)
                debug.traceback()
            """
        #expect(
            lines(playbook(body)) == [
                "p.lua:3: os.execute is not available to playbooks: the sandbox has no os library",
                "p.lua:4: io.open is not available to playbooks: the sandbox has no io library",
                "p.lua:6: os.time is not available to playbooks: the sandbox has no os library; use ilsa.now()",
                "p.lua:7: string.dump is not available to playbooks: the sandbox leaves it out",
                "p.lua:8: debug.traceback is not available to playbooks: the sandbox has no debug library",
            ])
        #expect(check(source: playbook(body), file: "p.lua").allSatisfy { $0.code == .unavailableGlobal })
    }

    @Test func aLocalOfTheSameNameIsNotTheLibrary() {
        #expect(lines(playbook("    local os = { execute = function() end }\n    os.execute()")) == [])
    }

    @Test func unknownGlobalsAreErrorsWhenCalledOrIndexedAndWarningsWhenRead() {
        let body = "    prnt(string.fromat(\"%d\", math.random(6)))\n    local x = undefined_thing\n    local y = ilas.task"
        let findings = check(source: playbook(body), file: "p.lua")
        #expect(
            findings.map(\.description) == [
                "p.lua:3: unknown global 'prnt'; did you mean 'print'?",
                "p.lua:3: string has no function 'fromat'; did you mean string.format?",
                "p.lua:3: math.random gives other numbers when the run is replayed; use ilsa.random()",
                "p.lua:4: warning: unknown global 'undefined_thing': neither Lua nor the engine defines it, and this file does not set it",
                "p.lua:5: unknown global 'ilas'; did you mean 'ilsa'?",
            ])
        #expect(findings.map(\.code) == [.unknownGlobal, .unknownGlobal, .nondeterministic, .unknownGlobal, .unknownGlobal])
    }

    @Test func globalsTheFileSetsAreKnownAndDynamicGlobalsSoftenErrors() {
        #expect(
            lines(playbook("    counter = 1\n    helper()\n    counter = counter + 1")) == [
                "p.lua:4: unknown global 'helper': neither Lua nor the engine defines it, and this file does not set it"
            ])
        #expect(lines("function helper() end\n" + playbook("    helper()")) == [])
        #expect(
            lines(playbook("    _G.helper = print\n    helper('x')")) == [
                "p.lua:4: warning: unknown global 'helper': neither Lua nor the engine defines it, and this file does not set it"
            ])
    }

    @Test func aTopLevelErrorOnALineAlreadyReportedIsNotRepeated() {
        let source = "os.exit(1)\nreturn ilsa.workflow { name = \"p\", title = \"P\", run = function() end }\n"
        #expect(lines(source) == ["p.lua:1: os.exit is not available to playbooks: the sandbox has no os library; return from run(ctx)"])
    }

    // MARK: Findings

    @Test func findingsEncodeAsJSONWithStableCodes() throws {
        let finding = CheckFinding(file: "p.lua", line: 3, code: .unknownAPI, message: "ilsa.tsk is not part of the playbook API")
        let data = try JSONEncoder().encode(finding)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        #expect(object?["code"] as? String == "unknown-api")
        #expect(object?["severity"] as? String == "error")
        #expect(object?["line"] as? Int == 3)
        #expect(try JSONDecoder().decode(CheckFinding.self, from: data) == finding)
    }

    @Test func didYouMeanFindsTyposAndSwaps() {
        #expect(DidYouMean.nearest(to: "tsk", in: ["task", "timer"]) == "task")
        #expect(DidYouMean.nearest(to: "tsak", in: ["task", "timer"]) == "task")
        #expect(DidYouMean.nearest(to: "zzz", in: ["task", "timer"]) == nil)
    }
}

extension PlaybookCheckerTests {
    @Test func aBadParameterInAListIsReportedAtItsItem() {
        let source = """
            return ilsa.workflow {
              name = "p", title = "P",
              params = {
                { name = "a", type = "string" },
                { name = "b", type = "strng" },
              },
              run = function() end,
            }
            """
        let findings = check(source: source, file: "p.lua")
        #expect(findings.map(\.line) == [5])
        #expect(findings.first?.message.hasPrefix("workflow field 'params[2].type' must be one of") == true)
    }
}

extension PlaybookCheckerTests {
    @Test func aTopLevelErrorOnLineOneKeepsItsLineThoughPrintIsSilenced() {
        let source = "local x = nil + 1\nreturn ilsa.workflow { name = \"p\", title = \"P\", run = function() end }\n"
        #expect(lines(source) == ["p.lua:1: attempt to perform arithmetic on a nil value"])
    }
}

extension PlaybookCheckerTests {
    @Test func unitsPeopleAndCitywideRolesAreCheckedToo() {
        let body = """
                ilsa.task { title = "a", assignee = { unit = "sc119.wolpy" } }
                ilsa.task { title = "b", assignee = { person = "kim" } }
                ilsa.task { title = "c", assignee = { role = "DONG.HEAD" } }
                ilsa.task { title = "d", assignee = { role = "CITY.SITROOM" } }
                ilsa.task { title = "e", assignee = { role = "DONG.HEAD", district = ctx.where } }
                ilsa.task { title = "f", assignee = { unit = "city.sitroom" } }
            """
        let findings = check(source: playbook(body), file: "p.lua")
        #expect(
            findings.map(\.description) == [
                "p.lua:3: the roster has no unit 'sc119.wolpy'; did you mean 'sc119.wolpi'?",
                "p.lua:4: the roster has no person 'kim'",
                "p.lua:5: 'DONG.HEAD' is held in districts, not citywide; name one: { role = \"DONG.HEAD\", district = \"...\" }",
            ])
        #expect(findings.map(\.code) == [.unknownUnit, .unknownPerson, .noHolder])
    }
}
