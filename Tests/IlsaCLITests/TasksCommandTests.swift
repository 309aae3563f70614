import Foundation
import IlsaTesting
import Testing

/// `ilsa tasks`: the open tasks by default, the filters, Korean titles lined up, JSON.
struct TasksCommandTests {
    @Test func listsOpenTasksSoonestDueFirstWithKoreanTitlesAligned() async throws {
        let duty = try Workspace.dutyDesk()
        try await duty.start("duty", id: "d1")
        let result = try await duty.ilsa(["tasks", "--flat"])
        #expect(result.exited(0), "\(result.summary)")
        let lines = result.stdoutText.split(separator: "\n").map(String.init)
        try #require(lines.count == 4, "\(result.summary)")
        #expect(lines[0] == "ID    TASK                        ASSIGNEE           STATE  DUE")
        #expect(lines[1].hasPrefix("d1.2  Pumps ready                 FIRE.SC119 singil  open   "))
        #expect(lines[2].hasPrefix("d1.1  반지하 취약가구 연락        DONG.HEAD singil   open   in 59m"))
        #expect(lines[3].hasPrefix("d1.3  초지동 침수 우려 지역 순찰  DONG.HEAD choji    open   in 1h59m"))
        let header = TestWidth.cellStarts(lines[0])
        for line in lines.dropFirst() {
            #expect(TestWidth.cellStarts(line) == header, "\(line)")
        }
        #expect(result.stderrText.isEmpty, "\(result.summary)")
    }

    @Test func filtersByDistrictAssigneeStateAndOverdue() async throws {
        let duty = try Workspace.dutyDesk()
        try await duty.start("duty", id: "d1")
        try await Task.sleep(for: .milliseconds(1100))  // d1.2 was due at the run's start
        func ids(_ arguments: [String]) async throws -> [String] {
            try await duty.tasks(arguments).compactMap { $0["id"] as? String }
        }
        #expect(try await ids(["--district", "singil"]) == ["d1.2", "d1.1"])
        #expect(try await ids(["--assignee", "DONG.HEAD"]) == ["d1.1", "d1.3"])
        #expect(try await ids(["--assignee", "DONG.HEAD", "--district", "choji"]) == ["d1.3"])
        #expect(try await ids(["--assignee", "sc119.singil"]) == [])  // the unit is not named on the task
        #expect(try await ids(["--overdue"]) == ["d1.2"])
        #expect(try await ids(["--state", "done"]) == [])
        #expect(try await ids(["--run", "d1", "--state", "open", "--state", "acknowledged"]) == ["d1.2", "d1.1", "d1.3"])

        let overdue = try await duty.ilsa(["tasks", "--overdue", "--flat"])
        #expect(overdue.exited(0))
        #expect(overdue.stdoutText.contains(/d1\.2  Pumps ready  FIRE\.SC119 singil  open   overdue \d+s/), "\(overdue.summary)")
        let coloured = try await duty.ilsa(["tasks", "--overdue", "--color", "always"])
        #expect(coloured.stdoutText.contains("\u{1B}[1;31moverdue"), "\(coloured.summary)")
    }

    @Test func allIncludesFinishedTasks() async throws {
        let duty = try Workspace.dutyDesk()
        try await duty.start("duty", id: "d1")
        #expect(try await duty.ilsa(["task", "fail", "d1.3", "--note", "길이 막힘"]).exited(0))
        #expect(try await duty.tasks().count == 2)
        let all = try await duty.tasks(["--all"])
        #expect(all.map { $0["id"] as? String } == ["d1.2", "d1.1", "d1.3"])
        #expect(all.last?["state"] as? String == "failed")
        #expect(all.last?["note"] as? String == "길이 막힘")
        #expect(all.last?["updated_by"] as? String == "당직자")
    }

    @Test func jsonHasSnakeCaseKeysUTCTimesAndTheirCityForms() async throws {
        let duty = try Workspace.dutyDesk()
        try await duty.start("duty", id: "d1")
        let tasks = try await duty.tasks(["--district", "choji"])
        let task = try #require(tasks.first)
        #expect(
            Set(task.keys) == [
                "id", "run", "title", "detail", "role", "district", "unit", "person", "assignee", "priority", "class", "state",
                "due", "due_local", "due_in", "overdue", "rung", "escalated_to", "created_at", "updated_at", "updated_local",
                "updated_by", "note",
            ])
        #expect(task["title"] as? String == "초지동 침수 우려 지역 순찰")
        #expect(task["assignee"] as? String == "DONG.HEAD choji")
        #expect(task["overdue"] as? Bool == false)
        #expect(task["unit"] is NSNull)
        let due = try #require(task["due"] as? String)
        #expect(due.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/) != nil, "\(due)")
        // The roster's time zone (Asia/Seoul) is nine hours ahead of UTC, to the minute.
        let local = try #require(task["due_local"] as? String)
        let utc = try #require(ISO8601DateFormatter().date(from: due.replacing(/\.\d{3}/, with: "")))
        let seoul = DateFormatter()
        seoul.dateFormat = "yyyy-MM-dd HH:mm"
        seoul.timeZone = TimeZone(identifier: "Asia/Seoul")
        #expect(local == seoul.string(from: utc) + " KST", "\(local)")
    }

    @Test func titlesAreCutToFitTheTerminal() async throws {
        let duty = try Workspace.dutyDesk()
        try await duty.start("duty", id: "d1")
        let grouped = try await duty.ilsa(["tasks"], environment: ["COLUMNS": "60"])
        #expect(grouped.stdoutText.split(separator: "\n").allSatisfy { TestWidth.of(String($0)) <= 60 }, "\(grouped.stdoutText)")
        let result = try await duty.ilsa(["tasks", "--flat"], environment: ["COLUMNS": "60"])
        #expect(result.exited(0), "\(result.summary)")
        let lines = result.stdoutText.split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { TestWidth.of($0) <= 60 }, "\(result.stdoutText)")
        #expect(lines.contains { $0.contains("…") }, "\(result.stdoutText)")
        let header = TestWidth.cellStarts(lines[0])
        #expect(lines.dropFirst().allSatisfy { TestWidth.cellStarts($0) == header }, "\(result.stdoutText)")
    }

    @Test func nothingToListSaysSoOnStandardError() async throws {
        let duty = try Workspace.dutyDesk()
        try await duty.start("duty", id: "d1")
        let result = try await duty.ilsa(["tasks", "--district", "gojan"])
        #expect(result.exited(0), "\(result.summary)")
        #expect(result.stdoutText.isEmpty)
        #expect(result.stderrText == "no open tasks in gojan\n")
        let json = try await duty.ilsa(["tasks", "--district", "gojan", "--json"])
        #expect(json.stdoutText == "[]\n")
    }

    struct BadFilter: Sendable, CustomTestStringConvertible {
        let arguments: [String]
        let message: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let badFilters: [BadFilter] = [
        BadFilter(
            arguments: ["--state", "dnoe"],
            message:
                "ilsa: --state: no task state 'dnoe' (did you mean 'done'?); the states are open, acknowledged, in_progress, done, failed, cancelled\n"
        ),
        BadFilter(
            arguments: ["--district", "singl"],
            message: "ilsa: --district: the ansan roster has no district 'singl' (did you mean 'singil'?); its districts are "),
        BadFilter(
            arguments: ["--assignee", "DONG.HAED"],
            message: "ilsa: --assignee: the ansan roster has no role, unit or person 'DONG.HAED' (did you mean 'DONG.HEAD'?)\n"),
        BadFilter(arguments: ["--run", "d2"], message: "ilsa: no run 'd2' (did you mean 'd1'?); list the runs with ilsa status --all\n"),
    ]

    @Test(arguments: badFilters)
    func badFiltersExitTwo(_ bad: BadFilter) async throws {
        let duty = try Workspace.dutyDesk()
        try await duty.start("duty", id: "d1")
        let result = try await duty.ilsa(["tasks"] + bad.arguments)
        #expect(result.exited(2), "\(result.summary)")
        #expect(result.stdoutText.isEmpty)
        #expect(result.stderrText.hasPrefix(bad.message), "\(result.summary)")
    }

    @Test func aMissingStoreIsNotCreated() async throws {
        let duty = try Workspace.dutyDesk()
        let result = try await duty.ilsa(["tasks"])
        #expect(result.exited(2), "\(result.summary)")
        #expect(result.stderrText.hasPrefix("ilsa: no store at "), "\(result.summary)")
        #expect(!FileManager.default.fileExists(atPath: duty.store))
    }

    /// The triage view (issue 18): a group a district, the most pressing first, with counts,
    /// and each task's playbook, priority and class.
    @Test func tasksAreGroupedByDistrictWithCounts() async throws {
        let duty = try Workspace.dutyDesk()
        try await duty.start("duty", id: "d1")
        try await Task.sleep(for: .milliseconds(1100))  // d1.2 was due at the run's start
        let result = try await duty.ilsa(["tasks"])
        #expect(result.exited(0), "\(result.summary)")
        let lines = result.stdoutText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "신길 singil — 2 open · 1 overdue", "the group with an overdue task first: \(result.stdoutText)")
        #expect(lines.contains("초지 choji — 1 open"), "\(result.stdoutText)")
        #expect(lines[1].hasPrefix("  ID    TASK") && lines[1].contains("PLAYBOOK") && lines[1].contains("CLASS"), "\(lines[1])")
        #expect(lines.contains { $0.hasPrefix("  d1.2  Pumps ready") && $0.contains(" duty ") }, "\(result.stdoutText)")
    }

    /// Three runs of one playbook: the PLAYBOOK column shows what tells them apart (the level),
    /// not what they share (the watch) nor the district (the group's heading).
    @Test func thePlaybookColumnShowsWhatTellsRunsApart() async throws {
        let duty = try Workspace.dutyDesk()
        try duty.write(
            "rain.lua",
            """
            return ilsa.workflow { name = "rain", title = "Rain",
              params = {
                { name = "district", type = "district", default = "singil" },
                { name = "level", type = "choice", values = { "advisory", "warning" }, default = "advisory" },
                { name = "watch", type = "duration", default = "3h" },
              },
              run = function(ctx)
                ilsa.task { title = "순찰", assignee = { role = "DONG.HEAD", district = ctx.params.district } }:wait()
              end }
            """)
        for (id, params) in [("r1", ["district=singil"]), ("r2", ["district=singil", "level=warning"]), ("r3", ["district=choji"])] {
            let started = try await duty.ilsa(["run", "--detach", "--id", id, duty.path("rain.lua")] + params.flatMap { ["--param", $0] })
            #expect(started.exited(0), "\(started.summary)")
        }
        let result = try await duty.ilsa(["tasks"], environment: ["COLUMNS": "200"])
        let lines = result.stdoutText.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("  r1.1") && $0.contains(" rain level=advisory ") }, "\(result.stdoutText)")
        #expect(lines.contains { $0.hasPrefix("  r2.1") && $0.contains(" rain level=warning ") }, "\(result.stdoutText)")
        #expect(lines.contains { $0.hasPrefix("  r3.1") && $0.contains(" rain level=advisory ") }, "\(result.stdoutText)")
        #expect(!result.stdoutText.contains("watch="), "\(result.stdoutText)")
        // One run alone: its playbook is enough.
        let one = try await duty.ilsa(["tasks", "--run", "r2"], environment: ["COLUMNS": "200"])
        #expect(one.stdoutText.contains("  r2.1  순찰  rain  "), "\(one.stdoutText)")
    }

    @Test func tasksAreFilteredByTheirRunsPlaybook() async throws {
        let duty = try Workspace.dutyDesk()
        try await duty.start("duty", id: "d1")
        #expect(try await duty.tasks(["--workflow", "duty"]).count == 3)
        let typo = try await duty.ilsa(["tasks", "--workflow", "dutty"])
        #expect(typo.exited(2) && typo.stderrText.contains("did you mean 'duty'?"), "\(typo.summary)")
    }

    /// `--watch` piped: the list once, then a line a change, until SIGTERM.
    @Test func watchPrintsEachChangeAsALineWhenPiped() async throws {
        let duty = try Workspace.dutyDesk()
        try await duty.start("duty", id: "d1")
        let watcher = try duty.spawn(["tasks", "--watch", "--interval", "0.3"])
        try await Task.sleep(for: .milliseconds(800))
        #expect(try await duty.ilsa(["task", "ack", "d1.3", "--by", "초지동장"]).exited(0))
        try await Task.sleep(for: .milliseconds(900))
        watcher.send(SIGTERM)
        let result = await watcher.wait(timeout: .seconds(10))
        #expect(result.exited(0), "\(result.summary)")
        #expect(result.stdoutText.contains("신길 singil"), "the list first: \(result.stdoutText)")
        #expect(result.stdoutText.contains(/\d\d:\d\d:\d\d  acknowledged  d1\.3 .* by 초지동장/), "\(result.stdoutText)")
    }
}

/// The columns text takes in a terminal, for checking that tables line up: Hangul and other
/// East Asian wide characters take two, everything in these tests' text else one.
enum TestWidth {
    static func of(_ text: some StringProtocol) -> Int {
        text.unicodeScalars.reduce(0) { $0 + (isWide($1.value) ? 2 : 1) }
    }

    private static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA960...0xA97F,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6:
            true
        default: false
        }
    }

    /// The display column each cell of a table line starts at; cells are separated by two or
    /// more spaces.
    static func cellStarts(_ line: String) -> [Int] {
        var starts: [Int] = []
        var column = 0
        var spaces = 0
        var atStart = true
        for character in line {
            if character == " " {
                spaces += 1
            } else {
                if atStart || spaces >= 2 { starts.append(column) }
                atStart = false
                spaces = 0
            }
            column += of(String(character))
        }
        return starts
    }
}
