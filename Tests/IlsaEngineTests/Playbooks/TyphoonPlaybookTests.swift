import Foundation
import IlsaEngine
import IlsaTesting
import Testing

/// The typhoon, storm-surge and maritime-safety playbook (`workflows/typhoon.lua`, PB-02) against
/// the real roster: KMA reports (as the kma plugin signals them) raise the HQ stage, a warning
/// goes to the control tower, an island cut off goes to the city HQ, and the run stands down when
/// the report is lifted and the life-safety tasks are closed.
struct TyphoonPlaybookTests {
    static let vessels = "해상 잔류 선박 귀항 조치"
    static let closures = "해수욕장·갯벌 출입 통제, 해안 캠핑장·펜션 대피 권고"
    static let dikeReady = "시화방조제·해안도로 통제 준비"
    static let dikeClosed = "시화방조제 도로 통제"
    static let evacuationOrder = "해안 저지대 주민 대피 명령 이행"
    static let evacuationAdvice = "해안 저지대 주민 대피 권고·대피소 개방"
    static let assist = "거동불편 주민 대피 지원"
    static let sitrep = "최종 상황보고"
    static let survey = "피해 조사·NDMS 입력"
    static let stage1 = [
        "태풍 상황관리 개시·일일 브리핑", "어선·레저선박·여객선 귀항·대피 안내", "비상발전기 연료·도서 마을방송 점검",
        "해안·저지대 취약주민 명단 확인", "구조장비 사전 배치", "정박 선박 계류 점검·소형선박 인양",
        "해안·저지대 취약주민 명단 확인", "구조장비 사전 배치", "정박 선박 계류 점검·소형선박 인양",
    ]

    static func report(_ level: String, hazard: String = "typhoon") -> JSONValue {
        ["hazard": .string(hazard), "level": .string(level)]
    }

    @Test func metadataAndDefaults() throws {
        let playbook = try Playbook.load(contentsOfFile: Fixtures.path("workflows/typhoon.lua"), plugins: Fixtures.pluginModules)
        #expect(playbook.name == "typhoon")
        #expect(playbook.params.map(\.name) == ["districts", "level", "watch"])
        let params = try playbook.resolveParameters([:], roster: Fixtures.roster)
        #expect(params["districts"] == ["daebu", "choji"])
        let city = try playbook.resolveParameters(["districts": "all"], roster: Fixtures.roster)
        #expect(city["districts"]?.arrayValue?.count == 10)
    }

    /// Seed 3, the built-in Ansan responders, and the KMA reports of a typhoon night.
    @Test func drillOfATyphoonNightWithSeed3() throws {
        let responders = """
            signal { at = "3h", name = "kma.typhoon", payload = { hazard = "typhoon", level = "advisory", title = "태풍주의보" } }
            signal { at = "9h", name = "kma.storm_surge", payload = { hazard = "storm_surge", level = "warning", title = "폭풍해일경보" } }
            signal { at = "20h", name = "kma.typhoon", payload = { hazard = "typhoon", level = "lifted" } }
            """
        let report = try PlaybookHarness.drill("typhoon", seed: 3, responders: responders).run()
        #expect(report.outcome == .completed)
        #expect(Array(report.tasks.prefix(9)).map(\.title) == Self.stage1)
        #expect(report.tasks.filter { $0.title == "정박 선박 계류 점검·소형선박 인양" }.map(\.assignee) == ["CG.BOX daebu", "CG.BOX choji"])

        // The storm-surge warning: 심각, to the control tower, which orders the evacuation.
        let escalation = try #require(report.escalations.first)
        #expect(report.escalations.count == 1)
        #expect(escalation.to == "control_tower")
        #expect(escalation.severity == "serious")
        #expect(escalation.reason == "폭풍해일경보 (warning) for daebu, choji")
        #expect(escalation.options == ["order_evacuation", "recommend_evacuation", "hold"])
        #expect(PlaybookHarness.minutes(escalation.raised) == 540)
        #expect(escalation.decision == "order_evacuation")

        // Evacuation in both coastal districts: the dong head, the 119 centre, an hour each.
        let evacuation = report.tasks.filter { $0.title == Self.evacuationOrder || $0.title == Self.assist }
        #expect(evacuation.map(\.assignee) == ["DONG.HEAD daebu", "FIRE.SC119 daebu", "DONG.HEAD choji", "FIRE.SC119 choji"])
        for task in evacuation {
            #expect(task.taskClass == "life_safety")
            #expect(task.due.map { $0 - task.created } == .seconds(3_600))
        }
        // The stand-down came after the lift, with every life-safety task closed first.
        let sitrep = try #require(report.tasks.first { $0.title == Self.sitrep })
        #expect(PlaybookHarness.minutes(sitrep.created)! >= 20 * 60)
        for task in report.tasks where task.taskClass == "life_safety" {
            #expect(task.finished.map { $0 <= sitrep.created } == true, "\(task.title) still open at the stand-down")
        }
        #expect(report.returned?["outcome"] == "lifted")
        #expect(report.returned?["stage"] == 3)
        #expect(report.tasks.filter { $0.title == Self.survey }.map(\.assignee) == ["DONG.HEAD daebu", "DONG.HEAD choji"])
    }

    /// The roster says which districts touch the sea (a coast-guard box serves them): the city's
    /// run gets vessel and coast tasks only there, and every inland district readies its lowlands.
    @Test func theCoastComesFromTheRoster() throws {
        let run = try PlaybookRun("typhoon", ["districts": "all", "level": "advisory"])
        let vessels = try run.created(Self.vessels).compactMap { $0.payload["assignee"]?["district"]?.stringValue }
        #expect(vessels.sorted() == ["choji", "daebu"])
        let lowland = try run.created("저지대·반지하 대피 준비").compactMap { $0.payload["assignee"]?["district"]?.stringValue }
        #expect(lowland.count == Fixtures.roster.districts.count - 2)
        #expect(!lowland.contains("daebu") && !lowland.contains("choji"))
        let asked = try run.history().filter { $0.name == "roster.units" }
        #expect(asked.count == Fixtures.roster.districts.count)
    }

    @Test func vesselsStillOutClimbTheLadderEveryFifteenMinutes() throws {
        let run = try PlaybookRun("typhoon", ["level": "advisory"])
        let vessels = try run.task(Self.vessels, district: "daebu")
        let created = try #require(try run.created(Self.vessels).first)
        #expect(created.payload["assignee"] == ["role": "CG.BOX", "district": "daebu"])
        #expect(created.payload["class"] == "life_safety")
        #expect(created.payload["due"] == .integer(Fixtures.t0ms + 3_600_000))
        #expect(try run.created(Self.vessels).last?.payload["assignee"] == ["role": "CG.BOX", "district": "choji"])
        try run.at(74)
        #expect(try run.climbs().filter { $0.hasPrefix("\(vessels) ") }.isEmpty)
        try run.at(75)  // due at 1 h, plus 15 minutes of grace for a life-safety task
        #expect(try run.climbs().filter { $0.hasPrefix("\(vessels) ") } == ["\(vessels) → unit_head"])
        try run.at(90)
        #expect(try run.climbs().filter { $0.hasPrefix("\(vessels) ") } == ["\(vessels) → unit_head", "\(vessels) → DIST.CHAIR"])
        try run.at(120)
        #expect(try run.climbs().filter { $0.hasPrefix("\(vessels) ") }.last == "\(vessels) → city_hq")
    }

    @Test(arguments: [
        ("kma.storm_surge", "storm_surge", "serious", "order_evacuation", evacuationOrder),
        ("kma.typhoon", "typhoon", "alert", "recommend_evacuation", evacuationAdvice),
    ])
    func aWarningMovesTheStageAndAsksTheTower(signal: String, hazard: String, severity: String, option: String, evacuation: String) throws {
        let run = try PlaybookRun("typhoon")
        #expect(try run.titles() == Self.stage1)
        try run.at(60)
        try run.signal("kma.wind_wave", Self.report("advisory", hazard: "wind_wave"))
        #expect(try run.titles() == Self.stage1 + [Self.closures, Self.vessels, Self.closures, Self.vessels, Self.dikeReady])
        #expect(try run.logs().last == "비상 2단계: kma.wind_wave (advisory) for daebu, choji")
        #expect(try run.escalations().isEmpty)

        try run.at(120)
        try run.signal(signal, Self.report("warning", hazard: hazard))
        #expect(try run.logs().last == "비상 3단계: \(signal) (warning) for daebu, choji")
        let closure = try #require(try run.created(Self.dikeClosed).first)
        #expect(closure.payload["assignee"] == ["role": "POL.DW"])
        #expect(closure.payload["due"] == .integer(Fixtures.t0ms + 150 * 60_000))
        let escalation = try #require(try run.escalations().first)
        #expect(escalation.payload["to"] == "control_tower")
        #expect(escalation.payload["severity"] == .string(severity))
        #expect(escalation.payload["options"] == ["order_evacuation", "recommend_evacuation", "hold"])

        try run.at(140)
        try run.decide(escalation.id, option)
        #expect(try run.created(evacuation).map { $0.payload["assignee"]?["district"] } == ["daebu", "choji"])
        #expect(try run.created(Self.assist).count == 2)
        // A second warning does not ask again: the stage is already 3.
        try run.signal("kma.typhoon", Self.report("warning"))
        #expect(try run.escalations().count == 1)
    }

    @Test func theStandDownWaitsForTheLifeSafetyTasks() throws {
        let run = try PlaybookRun("typhoon", ["level": "advisory", "districts": "daebu"])
        let vessels = try run.task(Self.vessels)
        let generators = try run.task("비상발전기 연료·도서 마을방송 점검")
        try run.at(50)
        for (id, _) in try run.tasks() where id != vessels && id != generators { try run.complete(id) }
        try run.signal("kma.typhoon", Self.report("lifted"))
        #expect(try run.logs().last == "typhoon report lifted")
        #expect(try run.created(Self.sitrep).isEmpty)  // a vessel is still out
        try run.at(80)
        try run.complete(vessels, by: "대부파출소장", note: "전 선박 귀항")
        // Now the stand-down: the generators check is no longer needed; the report and the survey are due.
        #expect(try run.tasks()[generators] == .cancelled)
        #expect(try run.titles().suffix(2) == [Self.sitrep, Self.survey])
        #expect(try !run.completed)
        try run.completeEverything()
        let result = try #require(try run.result())
        #expect(result["outcome"] == "lifted")
        #expect(result["stage"] == 2)
        #expect(result["tasks"]?["vessels_daebu"] == "done")
        #expect(result["tasks"]?["generators"] == "cancelled")
        #expect(result["tasks"]?["survey_daebu"] == "done")
        #expect(try run.logs().last == "stand-down after 비상 2단계: lifted")
    }

    @Test func anIslandCutOffSixHoursWithVulnerableResidentsGoesToTheCityHQ() throws {
        let run = try PlaybookRun("typhoon", ["districts": "daebu"])
        try run.at(30)
        try run.signal("island_isolated", ["island": "풍도", "hours": 4, "vulnerable": 3])
        #expect(try run.escalations().isEmpty)  // under 6 h: the dong head checks on the islanders
        let check = try #require(try run.created("고립 도서 취약주민 안부 확인").first)
        #expect(check.payload["assignee"] == ["role": "DONG.HEAD", "district": "daebu"])
        #expect(check.payload["class"] == "life_safety")
        try run.at(150)
        try run.signal("island_isolated", ["island": "풍도", "hours": 6.5, "vulnerable": 3])
        let escalation = try #require(try run.escalations().first)
        #expect(
            escalation.payload == [
                "to": "city_hq", "severity": "serious", "reason": "풍도 cut off 6.5 h with 3 vulnerable residents",
                "options": ["request_helicopter", "send_rescue_boat", "hold"],
            ])
        try run.decide(escalation.id, "request_helicopter", by: "재난안전대책본부장")
        try run.signal("kma.typhoon", Self.report("lifted"))
        try run.completeEverything()
        #expect(try run.result()?["escalations"]?.arrayValue?.first?["decision"] == "request_helicopter")
    }
}
