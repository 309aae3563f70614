import IlsaDrill
import Foundation
import IlsaEngine
import IlsaTesting
import Testing

/// The city's heavy-rain playbook (`workflows/heavy_rain.lua`) run against the real roster, on a
/// virtual clock, with people answering its tasks and the control tower deciding.
struct HeavyRainPlaybookTests {
    static let path = "workflows/heavy_rain.lua"
    /// 16 July 2025, 09:00 in Ansan: the morning the 2025 heavy-rain advisory came in.
    static let t0 = Fixtures.t0
    static let t0ms = Fixtures.t0ms

    // Task titles, as the agencies read them.
    static let households = "반지하 취약가구 연락·대피 안내"
    static let floodSpots = "침수 우려 지역 순찰·빗물받이 점검"
    static let pumps = "배수펌프·구조장비 대기"
    static let underpassReady = "지하차도 통제 준비"
    static let underpassClose = "지하차도 즉시 통제"
    static let evacuate = "저지대·반지하 주민 대피"
    static let evacuateAssist = "거동불편 주민 대피 지원"
    static let shelters = "임시대피소 개방"

    /// One run of the playbook on the kit's bench: the real roster and plugins, a virtual clock,
    /// and an engine that is replaced by a fresh one on the same store file (a restart) before
    /// every step when `restarts` is set.
    final class Drill {
        let bench: EngineBench
        var clock: VirtualClock { bench.clock }

        init(restarts: Bool) throws {
            bench = try EngineBench(
                source: Fixtures.text, start: HeavyRainPlaybookTests.t0, restarts: restarts, roster: Fixtures.roster,
                plugins: Fixtures.pluginModules)
        }

        /// The engine for the next step: a new one on the same store when the drill restarts.
        func step() throws -> Engine { try bench.step() }

        /// Starts run `r1` with the playbook's parameters resolved as the runner would.
        func start(_ given: [String: String] = [:]) throws {
            let playbook = try Playbook.load(contentsOfFile: Fixtures.path(HeavyRainPlaybookTests.path), plugins: Fixtures.pluginModules)
            let params = try playbook.resolveParameters(given, roster: Fixtures.roster)
            try bench.start(HeavyRainPlaybookTests.path, params: .object(params), id: "r1", seed: 1)
        }

        /// Moves the clock to `minutes` after T0.
        func at(_ minutes: Int) throws { try clock.advance(to: HeavyRainPlaybookTests.t0 + Double(minutes * 60)) }

        func history() throws -> [HistoryEvent] { try bench.history() }
        func result() throws -> JSONValue? { try history().last { $0.kind == .runCompleted }?.payload["result"] }
        func tasks() throws -> [TaskID: TaskState] { try step().tasks(of: "r1") }

        /// The `task.create` commands, in the order the run issued them.
        func created() throws -> [HistoryEvent] { try history().filter { $0.kind == .commandIssued && $0.name == "task.create" } }
        func titles() throws -> [String] { try bench.titles() }

        /// The id of the task with this title.
        func task(_ title: String) throws -> TaskID {
            let event = try #require(try created().first { $0.payload["title"]?.stringValue == title }, "no task '\(title)'")
            return TaskID(run: "r1", number: event.command ?? 0)
        }

        /// The escalation the run made, and its id.
        func escalation() throws -> (id: EscalationID, payload: JSONValue) {
            let event = try #require(try history().first { $0.kind == .commandIssued && $0.name == "escalation.create" })
            return (EscalationID(run: "r1", number: event.command ?? 0), event.payload)
        }

        /// Each ladder climb: the task and who it reached.
        func climbs() throws -> [String] {
            try history().filter { $0.kind == .taskEscalated }.map {
                "\($0.payload["task"]?.stringValue ?? "?") → \($0.payload["to"]?.stringValue ?? "?")"
            }
        }

        func logs() throws -> [String] { try bench.logs() }

        /// Completes every task still open, in id order, each by the one who holds it.
        func completeEverything(by person: String = "담당자") throws {
            for (id, state) in try tasks().sorted(by: { $0.key < $1.key }) where !state.isTerminal {
                try step().completeTask(id, by: person)
            }
        }
    }

    @Test func metadataAndDefaults() throws {
        let playbook = try Playbook.load(contentsOfFile: Fixtures.path(Self.path), plugins: Fixtures.pluginModules)
        #expect(playbook.name == "heavy_rain")
        #expect(playbook.params.map(\.name) == ["district", "level", "rain_mm_per_hour", "watch"])
        let params = try playbook.resolveParameters(["district": "신길"], roster: Fixtures.roster)
        #expect(params == ["district": "singil", "level": "advisory", "rain_mm_per_hour": 30.0, "watch": "3h"])
    }

    @Test(arguments: [false, true])
    func everyAgencyReportsAndTheAdvisoryIsLifted(restarts: Bool) throws {
        let drill = try Drill(restarts: restarts)
        try drill.start()
        // Four agencies' tasks at once, in branch order: two for the dong heads, then 119, then police.
        #expect(try drill.tasks() == ["r1.3": .open, "r1.4": .open, "r1.6": .open, "r1.8": .open])
        #expect(try drill.titles() == [Self.households, Self.floodSpots, Self.pumps, Self.underpassReady])
        let first = try #require(try drill.created().first)
        #expect(first.payload["assignee"] == ["role": "DONG.HEAD", "district": "singil"])
        #expect(first.payload["class"] == "life_safety")
        #expect(first.payload["due"] == .integer(Self.t0ms + 3_600_000))
        #expect(
            try drill.created().map { $0.payload["assignee"]?["role"]?.stringValue ?? "" } == [
                "DONG.HEAD", "DONG.HEAD", "FIRE.SC119", "POL.BOX",
            ])

        try drill.at(20)
        try drill.step().update(task: "r1.3", .acknowledge, by: "신길동장")
        try drill.at(40)
        try drill.step().completeTask("r1.6", by: "신길119안전센터장", note: "펌프 3대, 보트 1척 대기")
        try drill.at(50)
        try drill.step().completeTask("r1.3", by: "신길동장", note: "42가구 연락, 3가구 자진 대피")
        try drill.step().update(task: "r1.8", .start, by: "원곡파출소장")
        try drill.at(55)
        try drill.step().completeTask("r1.8", by: "원곡파출소장")
        try drill.at(60)
        try drill.step().signal("r1", name: "rain_reading", payload: ["mm_per_hour": 35, "gauge": "신길동"])
        try drill.at(110)
        try drill.step().completeTask("r1.4", by: "백운동장")
        #expect(try drill.result() == nil)  // still watching the rain
        try drill.at(150)
        try drill.step().signal("r1", name: "kma.heavy_rain", payload: ["hazard": "heavy_rain", "level": "lifted"])

        #expect(try drill.tasks() == ["r1.3": .done, "r1.4": .done, "r1.6": .done, "r1.8": .done])
        #expect(
            try drill.result() == [
                "district": "singil", "level": "advisory", "peak_mm_per_hour": 35, "outcome": "lifted",
                "tasks": ["households": "done", "flood_spots": "done", "pumps": "done", "underpasses": "done"],
            ])
        #expect(
            try drill.logs() == [
                "호우주의보 (heavy rain advisory) for singil, 30 mm/h", "rain 35 mm/h at 신길동", "watch over in singil: lifted",
                "singil: lifted, peak 35 mm/h",
            ])
        let kinds = Set(try drill.history().map(\.kind))
        #expect(!kinds.contains(.taskEscalated))
        #expect(!(try drill.history().contains { $0.name == "escalation.create" }))
        #expect(try drill.history().last?.kind == .runCompleted)
    }

    @Test func unacknowledgedHouseholdCallsClimbTheLadder() throws {
        let drill = try Drill(restarts: false)
        try drill.start()
        try drill.at(74)
        try drill.step().work()
        #expect(try drill.climbs().isEmpty)
        try drill.at(75)  // due at 60, plus 15 minutes of grace for a life-safety task
        try drill.step().work()
        #expect(try drill.climbs() == ["r1.3 → unit_head"])
        try drill.at(120)  // three more rungs of 15 minutes: the top
        try drill.step().work()
        #expect(try drill.climbs() == ["r1.3 → unit_head", "r1.3 → DIST.CHAIR", "r1.3 → control_tower", "r1.3 → city_hq"])
        let climb = try #require(try drill.history().last { $0.kind == .taskEscalated })
        #expect(climb.payload["rung"] == 4)
        // Nobody answered, nothing rained: the watch ends at 3 h, the tasks stay open.
        try drill.at(180)
        try drill.step().work()
        #expect(try drill.logs().last == "watch over in singil: watch_ended")
        #expect(try drill.tasks().values.allSatisfy { $0 == .open })
        // Preparedness tasks wait 4 h past due before their first climb.
        try drill.at(300)
        try drill.step().work()
        #expect(try drill.climbs().suffix(2) == ["r1.6 → unit_head", "r1.8 → unit_head"])
        #expect(try drill.result() == nil)
    }

    @Test(arguments: [
        ("evacuate_low_areas", [evacuate, evacuateAssist], ["evacuation", "evacuation_assist"]),
        ("open_shelters", [shelters], ["shelters"]),
        ("hold", [], []),
    ])
    func heavyRainEscalatesAndTheControlTowerDecides(option: String, followUps: [String], taskNames: [String]) throws {
        let drill = try Drill(restarts: false)
        try drill.start()
        try drill.at(30)
        try drill.step().signal("r1", name: "rain_reading", payload: ["mm_per_hour": 41, "gauge": "원곡동"])
        #expect(!(try drill.history().contains { $0.name == "escalation.create" }))  // 41 mm/h: keep watching
        try drill.at(70)
        try drill.step().signal("r1", name: "rain_reading", payload: ["mm_per_hour": 62, "gauge": "신길동"])

        // Past 50 mm/h: the police close the underpasses now, and the district escalates.
        let closure = try drill.task(Self.underpassClose)
        let closeTask = try #require(try drill.created().last)
        #expect(closeTask.payload["class"] == "life_safety")
        #expect(closeTask.payload["due"] == .integer(Self.t0ms + 80 * 60_000))
        let (escalation, payload) = try drill.escalation()
        #expect(
            payload == [
                "to": "control_tower", "severity": "alert", "reason": "62 mm/h in singil",
                "options": ["evacuate_low_areas", "open_shelters", "hold"],
            ])
        #expect(throws: RuntimeError.self) { try drill.step().decide(escalation, option: "close_schools", by: "안산시장") }
        try drill.at(80)
        try drill.step().decide(escalation, option: option, by: "안산시장", note: "상황판단회의 결과")

        let before = [Self.households, Self.floodSpots, Self.pumps, Self.underpassReady, Self.underpassClose]
        #expect(try drill.titles() == before + followUps)
        for title in followUps {
            let id = try drill.task(title)
            #expect(try drill.tasks()[id] == .open)
        }
        try drill.at(100)
        try drill.completeEverything()
        #expect(try drill.tasks()[closure] == .done)

        var tasks: [String: JSONValue] = [
            "households": "done", "flood_spots": "done", "pumps": "done", "underpasses": "done", "underpass_closure": "done",
        ]
        for name in taskNames { tasks[name] = "done" }
        #expect(
            try drill.result() == [
                "district": "singil", "level": "advisory", "peak_mm_per_hour": 62, "outcome": .string(option), "tasks": .object(tasks),
                "escalation": ["severity": "alert", "reason": "62 mm/h in singil", "decision": .string(option), "by": "안산시장"],
            ])
        #expect(try drill.logs().contains("control tower: \(option) (안산시장)"))
    }

    @Test(arguments: [
        (
            "kma.heavy_rain", JSONValue.object(["hazard": "heavy_rain", "level": "warning"]), "alert",
            "호우경보 (heavy rain warning) issued for singil", "warning"
        ),
        ("rain_reading", JSONValue.object(["mm_per_hour": 80]), "serious", "80 mm/h in singil", "advisory"),
    ])
    func aWarningOrExtremeRainSetsTheSeverity(signal: String, payload: JSONValue, severity: String, reason: String, level: String) throws {
        let drill = try Drill(restarts: false)
        try drill.start()
        try drill.at(45)
        try drill.step().signal("r1", name: signal, payload: payload)
        let (escalation, created) = try drill.escalation()
        #expect(created["severity"] == .string(severity))
        #expect(created["reason"] == .string(reason))
        try drill.step().decide(escalation, option: "hold", by: "안산시장")
        try drill.completeEverything()
        #expect(try drill.result()?["level"] == .string(level))
        #expect(try drill.result()?["outcome"] == "hold")
    }

    /// The kma plugin's report signal moves the stage: an advisory reissued changes nothing, a
    /// warning escalates at once (its name from the plugin), and a lift ends the watch.
    @Test func theKMAReportSignalMovesTheStage() throws {
        let run = try PlaybookRun("heavy_rain")
        try run.signal("kma.heavy_rain", ["hazard": "heavy_rain", "level": "advisory", "title": "호우주의보 (heavy rain advisory)"])
        #expect(try run.escalations().isEmpty)
        #expect(try run.logs().last == "kma.heavy_rain advisory for singil: the watch goes on")
        try run.signal("kma.heavy_rain", ["hazard": "heavy_rain", "level": "warning"])
        let escalation = try #require(try run.escalations().first)
        #expect(escalation.payload["reason"] == "호우경보 (heavy rain warning) issued for singil")
        #expect(escalation.payload["severity"] == "alert")

        let lifted = try PlaybookRun("heavy_rain")
        try lifted.signal("kma.heavy_rain", ["hazard": "heavy_rain", "level": "lifted"])
        #expect(try lifted.logs().last == "watch over in singil: lifted")
        #expect(try lifted.escalations().isEmpty)
    }

    @Test func aWarningInChojiClosesUnderpassesAndEscalatesAtOnce() throws {
        let drill = try Drill(restarts: false)
        try drill.start(["district": "초지", "level": "warning", "rain_mm_per_hour": "55"])
        // No standby order: the police close the underpasses now, and the tower is asked at once.
        #expect(try drill.titles() == [Self.households, Self.floodSpots, Self.pumps, Self.underpassClose])
        #expect(try drill.created().allSatisfy { $0.payload["assignee"]?["district"] == "choji" })
        let (escalation, payload) = try drill.escalation()
        #expect(payload["reason"] == "호우경보 (heavy rain warning) in force for choji")
        #expect(!(try drill.history().contains { $0.name == "timer.start" }))  // nothing left to watch for
        try drill.step().decide(escalation, option: "evacuate_low_areas", by: "안산시장")
        try drill.completeEverything()
        let result = try #require(try drill.result())
        #expect(result["outcome"] == "evacuate_low_areas")
        #expect(
            result["tasks"] == [
                "households": "done", "flood_spots": "done", "pumps": "done", "underpasses": "done", "evacuation": "done",
                "evacuation_assist": "done",
            ])
    }

    @Test func restartingBeforeEveryStepGivesTheSameHistory() throws {
        func drive(restarts: Bool) throws -> [HistoryEvent] {
            let drill = try Drill(restarts: restarts)
            try drill.start()
            try drill.at(30)
            try drill.step().signal("r1", name: "rain_reading", payload: ["mm_per_hour": 38.5, "gauge": "백운동"])
            try drill.step().completeTask("r1.6", by: "신길119안전센터장")
            try drill.at(75)
            try drill.step().work()  // the household calls climb to the unit head
            try drill.at(80)
            try drill.step().update(task: "r1.3", .acknowledge, by: "신길동장")
            try drill.at(90)
            try drill.step().signal("r1", name: "kma.heavy_rain", payload: ["hazard": "heavy_rain", "level": "warning"])
            let (escalation, _) = try drill.escalation()
            try drill.step().acknowledge(escalation: escalation, by: "시 안전정책과")
            try drill.at(100)
            try drill.step().decide(escalation, option: "evacuate_low_areas", by: "안산시장")
            try drill.at(120)
            try drill.completeEverything(by: "신길동장")
            return try drill.history()
        }
        let history = try drive(restarts: false)
        #expect(history.last?.kind == .runCompleted)
        #expect(history.last?.payload["result"]?["outcome"] == "evacuate_low_areas")
        #expect(history.last?.payload["result"]?["peak_mm_per_hour"] == 38.5)
        #expect(history.contains { $0.kind == .taskEscalated })
        #expect(try drive(restarts: true) == history)
    }
}
