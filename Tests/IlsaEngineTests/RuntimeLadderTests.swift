import Foundation
import IlsaEngine
import IlsaTesting
import Testing

/// Tasks assigned to roles in districts, climbing the city's escalation ladder when nobody
/// acknowledges them in time.
struct RuntimeLadderTests {
    static let playbook = """
        return ilsa.workflow { name = "p", title = "P", run = function()
          local t = ilsa.task {
            title = "Contact every registered semi-basement household",
            assignee = { role = "DONG.HEAD", district = "singil" },
            due = "1h", class = "life_safety",
          }
          return t:wait().state
        end }
        """

    /// A bench with the city's roster; with `restarts`, ``EngineBench/step()`` restarts the engine.
    func bench(restarts: Bool, source: String = playbook) throws -> EngineBench {
        try EngineBench(source, start: Date(timeIntervalSince1970: 1_752_624_000), restarts: restarts, roster: Fixtures.roster)
    }

    func climbs(_ bench: EngineBench) throws -> [String] {
        try bench.history().filter { $0.kind == .taskEscalated }.compactMap { $0.payload["to"]?.stringValue }
    }

    @Test(arguments: [false, true])
    func overdueLifeSafetyTaskClimbsEveryFifteenMinutes(restarts: Bool) throws {
        let bench = try bench(restarts: restarts)
        try bench.engine.start(playbook: "p.lua", id: "r1", seed: 1)
        func at(_ minutes: Int) throws {
            try bench.clock.advance(to: Date(timeIntervalSince1970: 1_752_624_000 + Double(minutes * 60)))
            try bench.step().work()
        }
        try at(60)  // due, not yet overdue past the assignee's grace
        #expect(try climbs(bench).isEmpty)
        try at(75)  // 15 min of grace at the assignee's rung
        #expect(try climbs(bench) == ["unit_head"])
        try at(89)
        #expect(try climbs(bench) == ["unit_head"])
        try at(110)  // two more rungs of 15 min each: district chair, control tower
        #expect(try climbs(bench) == ["unit_head", "DIST.CHAIR", "control_tower"])
        // Acknowledging stops the climb short of the city's disaster HQ (due at 120).
        try bench.engine.update(task: "r1.1", .acknowledge, by: "신길동장")
        try at(600)
        #expect(try climbs(bench) == ["unit_head", "DIST.CHAIR", "control_tower"])
    }

    /// Handing an overdue task to another holder of its role does to its climb what the
    /// roster's ladder says: `keep` runs the clock on, `restart` starts the new holder at the
    /// first rung with the grace periods counted from the handover. A restarted engine rebuilds
    /// the same clock from the history.
    @Test(arguments: [EscalationLadder.Reassignment.keep, .restart])
    func aHandoverDoesToTheClockWhatTheLadderSays(rule: EscalationLadder.Reassignment) throws {
        let source = try String(contentsOfFile: Fixtures.rosterPath, encoding: .utf8)
        let roster = try Roster.load(
            source: source.replacingOccurrences(of: #"on_reassign = "keep""#, with: "on_reassign = \"\(rule.rawValue)\""),
            chunkName: "@roster.lua")
        #expect(roster.defaultLadder?.onReassign == rule)
        let bench = try EngineBench(
            Self.playbook, start: Date(timeIntervalSince1970: 1_752_624_000), restarts: true, roster: roster)
        try bench.engine.start(playbook: "p.lua", id: "r1", seed: 1)
        func at(_ minutes: Int) throws {
            try bench.clock.advance(to: Date(timeIntervalSince1970: 1_752_624_000 + Double(minutes * 60)))
            try bench.step().work()
        }
        try at(80)  // due at 60, climbed to the unit head at 75
        #expect(try climbs(bench) == ["unit_head"])
        try bench.step().reassign(task: "r1.1", to: "wc.baegun", by: "상황실장")
        let task = try #require(try bench.store().task("r1.1"))
        #expect(task.unit == "wc.baegun")
        switch rule {
        case .keep:
            #expect(task.rung == 1)
            try at(90)  // 75 + 15: on to the district chair, as if nobody had handed it over
            #expect(try climbs(bench) == ["unit_head", "DIST.CHAIR"])
        case .restart:
            #expect(task.rung == 0 && task.escalatedTo == nil)
            try at(94)  // the new holder has 15 minutes from the handover at 80
            #expect(try climbs(bench) == ["unit_head"])
            try at(95)
            #expect(try climbs(bench) == ["unit_head", "unit_head"])
        }
    }

    @Test func unacknowledgedTaskReachesTheTopAndStays() throws {
        let bench = try bench(restarts: false)
        let current = bench.engine
        try current.start(playbook: "p.lua", id: "r1", seed: 1)
        try bench.clock.advance(by: .seconds(24 * 3600))
        try current.work()
        #expect(try climbs(bench) == ["unit_head", "DIST.CHAIR", "control_tower", "city_hq"])
        try current.work()
        #expect(try climbs(bench).count == 4)
    }

    @Test func dueTimesCountFromNowOrFromTheRunsStart() throws {
        let source = """
            return ilsa.workflow { name = "p", title = "P", run = function()
              ilsa.sleep("30m")
              ilsa.task { title = "a", due = "1h" }
              ilsa.task { title = "b", due = "T0+1h" }
              ilsa.sleep("1m")
            end }
            """
        let bench = try bench(restarts: false, source: source)
        let current = bench.engine
        try current.start(playbook: "p.lua", id: "r1", seed: 1)
        try bench.clock.advance(by: .seconds(1800))
        try current.work()
        let due = try bench.history().filter { $0.name == "task.create" }.compactMap { $0.payload["due"]?.integerValue }
        let t0: Int64 = 1_752_624_000_000
        #expect(due == [t0 + 5_400_000, t0 + 3_600_000])  // 30m + 1h, and T0 + 1h
    }

    @Test func acknowledgedInTimeNeverClimbs() throws {
        let bench = try bench(restarts: false)
        let current = bench.engine
        try current.start(playbook: "p.lua", id: "r1", seed: 1)
        try bench.clock.advance(by: .seconds(30 * 60))
        try current.update(task: "r1.1", .acknowledge, by: "신길동장")
        try bench.clock.advance(by: .seconds(10 * 3600))
        try current.work()
        #expect(try climbs(bench).isEmpty)
    }

    @Test(arguments: [
        ("assignee = { role = 'DONG.HED', district = 'singil' }", "the roster has no role 'DONG.HED'"),
        ("assignee = { role = 'DONG.HEAD', district = 'singill' }", "the roster has no district 'singill'"),
        ("assignee = 'DONG.HEAD'", "field 'assignee' must be a table: { role = \\\"DONG.HEAD\\\", district = \\\"singil\\\" }"),
        (
            "assignee = { role = 'DONG.HEAD', unit = 'sc119.wolpi' }",
            "field 'assignee': name one of role (with a district, or citywide), unit or person"
        ),
        ("assignee = { district = 'singil' }", "field 'assignee': name one of role"),
        ("assignee = { role = 'DONG.HEAD' }", "'DONG.HEAD' is held in districts; name one"),
        ("assignee = { unit = 'sc119.wolpy' }", "the roster has no unit 'sc119.wolpy' (did you mean 'sc119.wolpi'?)"),
        ("assignee = { role = 'CITY.SITROM' }", "the roster has no role 'CITY.SITROM' (did you mean 'CITY.SITROOM'?)"),
        ("class = 'urgent'", "field 'class' must be 'life_safety', 'preparedness' or 'administrative', got 'urgent'"),
        ("escalation = 'fast'", "the roster has no ladder 'fast'"),
    ])
    func badAssigneesAndClassesReadLikeLua(field: String, message: String) throws {
        let source =
            "return ilsa.workflow { name = 'p', title = 'P', run = function() local ok, m = pcall(ilsa.task, { title = 'x', \(field) }) return m end }"
        let bench = try bench(restarts: false, source: source)
        try bench.engine.start(playbook: "p.lua", id: "r1", seed: 1)
        let result = try #require(try bench.result()?.stringValue)
        #expect(result.contains("bad argument #1 to 'ilsa.task' ("), "\(result)")
        #expect(result.contains(message.replacingOccurrences(of: "\\\"", with: "\"")), "\(result)")
    }

    @Test func tasksGoToCitywideRolesUnitsAndPeople() throws {
        let source = """
            return ilsa.workflow { name = "p", title = "P", run = function()
              ilsa.task { title = "재난문자 발송", assignee = { role = "CITY.SITROOM" } }
              ilsa.task { title = "펌프 대기", assignee = { unit = "sc119.wolpi" } }
              ilsa.task { title = "현장 확인", assignee = { role = "DONG.HEAD", district = "wolpi" } }
              ilsa.sleep("1h")
            end }
            """
        let bench = try bench(restarts: false, source: source)
        try bench.engine.start(playbook: "p.lua", id: "r1", seed: 1)
        let tasks = try bench.store().tasks(TaskQuery(run: "r1"))
        #expect(tasks.map(\.role) == ["CITY.SITROOM", nil, "DONG.HEAD"])
        #expect(tasks.map(\.unit) == [nil, "sc119.wolpi", nil])
        #expect(tasks.map(\.district) == [nil, "wolpi", "wolpi"])
        // A person: checked against the roster's people when there is a roster.
        let personal = try EngineBench(
            """
            return ilsa.workflow { name = "p", title = "P", run = function()
              ilsa.task { title = "브리핑", assignee = { person = "kim.duty" } }:wait()
            end }
            """, start: Date(timeIntervalSince1970: 1_752_624_000), restarts: false)
        try personal.step().start(playbook: "p.lua", id: "r1")
        #expect(try personal.store().task("r1.1")?.person == "kim.duty")
    }
}
