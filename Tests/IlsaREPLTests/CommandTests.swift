import Foundation
import IlsaEngine
import IlsaREPL
import IlsaTesting
import Testing

/// The `:` commands and waiting on the virtual clock.
@Suite struct CommandTests {
    @Test func aLineThatSleepsGoesOnWhenTheClockIsAdvanced() throws {
        let output = try transcript([
            "print('before') ilsa.sleep('2h') print('after')",
            ":advance 1h",
            ":advance 1h",
            "1 + 1",
        ])
        #expect(
            output == """
                before
                (waiting: the line goes on when what it waits for happens; :advance DURATION moves the clock)
                2025-07-16T10:00:00+09:00 (virtual)
                after
                2025-07-16T11:00:00+09:00 (virtual)
                2
                """)
    }

    @Test func clockStartsWhereTheSessionSays() throws {
        #expect(try transcript([":clock"]) == "2025-07-16T09:00:00+09:00 (virtual)")
    }

    @Test func tasksListsWhatTheSessionCreated() throws {
        let output = try transcript(["t = ilsa.task{title = '배수 펌프 점검', due = '1h'}", ":tasks"])
        let lines = output.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("ID"))
        #expect(lines[1].contains("open") && lines[1].contains("in 1h00m") && lines[1].hasSuffix("배수 펌프 점검"))
    }

    @Test func noTasksNoEscalations() throws {
        #expect(try transcript([":tasks", ":escalations"]) == "(no tasks)\n(no escalations)")
    }

    @Test func resetForgetsGlobals() throws {
        #expect(try transcript(["x = 1", ":reset", "x"]) == "(a fresh session: globals and waiting lines are gone)\nnil")
    }

    @Test func quitEnds() throws {
        #expect(try transcript([":quit", "1 + 1"]) == "")
    }

    @Test func helpNamesCommandsAndFunctions() throws {
        let help = try transcript([":help"])
        #expect(help.contains(":advance DURATION"))
        #expect(help.contains("ilsa.sleep"))
        #expect(
            try transcript([":help advance"])
                == ":advance DURATION\n  move the virtual clock (2h, 30m, 1h30m) and do what falls due, saying what happened")
        let task = try transcript([":help ilsa.task"])
        #expect(task.hasPrefix("ilsa.task(") && task.contains("Example"))
        #expect(try transcript([":help task:wait"]).contains("(waits)"))
        #expect(try transcript([":help nothing"]) == "no help for 'nothing'; try :help for the list")
        #expect(try transcript([":nope"]).hasPrefix("unknown command :nope"))
    }

    @Test func loadRunsAFileInTheSession() throws {
        let folder = try TemporaryFolder(prefix: "repl-load")
        let file = try folder.write("helpers.lua", "function greet(name) return '안녕 ' .. name end\n")
        #expect(try transcript([":load \(file.path)", "greet('산')"]) == "\"안녕 산\"")
        #expect(try transcript([":load /nonexistent.lua"]) == "ilsa: cannot read /nonexistent.lua")
    }

    @Test func advanceNeedsADuration() throws {
        #expect(try transcript([":advance soon"]) == "usage: :advance DURATION (like 2h, 30m, 1h30m, 45s, 1d)")
    }
}

/// `:run` starts a playbook on the session's engine, against the roster.
@Suite struct RunCommandTests {
    @Test func runStartsAPlaybookWhoseTasksShowInTasks() throws {
        let plugins = try PluginSet.discover(in: [Fixtures.plugins.path])
        let session = try ReplSession(
            options: .init(
                roster: Fixtures.roster, plugins: plugins, start: Fixtures.t0, directory: Fixtures.packageRoot.path))
        #expect(session.feed(#"return require("kma").name("heavy_rain", "warning")"#).text == "\"호우경보 (heavy rain warning)\"")
        let started = session.feed(":run heavy_rain district=singil").text
        #expect(started.hasPrefix("run ") && started.contains(" started (waiting)\n  new task "), "\(started)")
        let tasks = session.feed(":tasks").text
        #expect(tasks.contains("반지하 취약가구 연락·대피 안내") && tasks.contains("DONG.HEAD singil"))
        #expect(session.feed(":run nothing").text == "ilsa: no playbook at workflows/nothing.lua")
    }
}

/// The throw-away session walks a whole playbook through (issue 18): `:run` starts it, `:done`,
/// `:decide` and `:signal` answer it as its people would, `:advance` says what happened.
@Suite struct WalkThroughTests {
    static let playbook = """
        return ilsa.workflow { name = "walk", title = "Walk", run = function()
          local t = ilsa.task { title = "현장 점검", assignee = { role = "DONG.HEAD", district = "singil" }, due = "1h" }
          t:wait()
          local d = ilsa.escalate { to = "control_tower", severity = "caution", reason = "점검 끝", options = { "close", "hold" } }:wait()
          ilsa.sleep("30m")
          ilsa.log("decided " .. d.option)
          ilsa.wait_signal("lifted")
        end }
        """

    @Test func aPlaybookIsWalkedThroughAtThePrompt() throws {
        let folder = try TemporaryFolder()
        try folder.write("workflows/walk.lua", Self.playbook)
        let session = try ReplSession(
            options: .init(roster: Fixtures.roster, start: Date(timeIntervalSince1970: 1_752_624_000), directory: folder.url.path))
        let started = session.feed(":run walk").text
        let run = try #require(started.split(separator: " ").dropFirst().first.map(String.init), "\(started)")
        #expect(started.contains("new task \(run).1: 현장 점검"), "\(started)")

        let done = session.feed(":done \(run).1 all checked").text
        #expect(done.contains("task \(run).1 done by repl"), "\(done)")
        #expect(done.contains("escalated \(run).3 to control_tower: 점검 끝 (options close, hold)"), "\(done)")
        let decided = session.feed(":decide \(run).3 hold").text
        #expect(decided.contains("escalation \(run).3 decided: hold"), "\(decided)")
        let advanced = session.feed(":advance 30m").text
        #expect(advanced.contains("\(run): timer fired") && advanced.contains("\(run): log: decided hold"), "\(advanced)")
        let signalled = session.feed(":signal \(run) lifted").text
        #expect(signalled.contains("\(run): signal lifted received") && signalled.contains("\(run): run completed"), "\(signalled)")
        #expect(session.feed(":runs").text.contains("\(run)  walk  completed"))
        #expect(session.feed(":done").text.hasPrefix("usage: :done TASK"))
        #expect(session.feed(":done nonsense").text.hasPrefix("'nonsense' is not a task id: RUN.N, or N for the session's own"))
        #expect(session.feed("x = 1").text.isEmpty)  // the session's own run
        #expect(session.feed(":ack 99").text == "ilsa: run 'repl' has no task 'repl.99'")
    }
}
