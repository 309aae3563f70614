import Foundation
import IlsaEngine
import IlsaTesting
import Testing

/// The heat-wave playbook with its cold-wave variant (`workflows/heat_cold.lua`, PB-07): shelters
/// and calls in every district, Level B on the KMA warning, daily calls, home visits, outages,
/// illness counts to the control tower, and the stand-down on the lift.
struct HeatColdPlaybookTests {
    static let cooling = "무더위쉼터 개방·점검"
    static let warming = "한파쉼터 개방·점검"
    static func calls(_ round: String) -> String { "취약계층 안부 확인 (\(round))" }
    static let heatText = "폭염 안전안내문자"
    static let heatWork = "야외 근로자 폭염 작업 기준 통보"
    static let waterTrucks = "살수차 운행 (간선도로 하루 2회)"
    static let surveillance = "폭염 질환자 감시 (응급실 일일 집계)"
    static let visit = "무응답 가구 방문 확인"
    static let outage = "정전 고층 세대 방문 확인"

    @Test func metadataAndTheWholeCityByDefault() throws {
        let playbook = try Playbook.load(contentsOfFile: Fixtures.path("workflows/heat_cold.lua"), plugins: Fixtures.pluginModules)
        #expect(playbook.params.map(\.name) == ["hazard", "level", "districts", "follow"])
        let params = try playbook.resolveParameters([:], roster: Fixtures.roster)
        #expect(params["districts"]?.arrayValue?.count == 10)
        #expect(params["hazard"] == "heat")
    }

    @Test func drillOfAHeatWaveWithSeed4() throws {
        let responders = """
            signal { at = "20h", name = "kma.heat_wave", payload = { hazard = "heat_wave", level = "warning", title = "폭염경보" } }
            signal { at = "30h", name = "illness", payload = { cases = 12, deaths = 0 } }
            signal { at = "50h", name = "kma.heat_wave", payload = { hazard = "heat_wave", level = "lifted" } }
            """
        let report = try PlaybookHarness.drill("heat_cold", ["districts": "singil,daebu"], seed: 4, responders: responders).run()
        #expect(report.outcome == .completed)
        let first = Array(report.tasks.prefix(6))
        #expect(first.map(\.title) == [Self.cooling, Self.cooling, Self.calls("1차"), Self.calls("1차"), Self.heatText, Self.heatWork])
        #expect(
            first.map(\.assignee) == [
                "DONG.HEAD singil", "DONG.HEAD daebu", "DONG.HEAD singil", "DONG.HEAD daebu", "CITY.PIO", "CITY.SAFETY",
            ])
        #expect(first.map { PlaybookHarness.minutes($0.due)! } == [120, 120, 240, 240, 120, 240])
        #expect(first.map(\.taskClass) == ["preparedness", "preparedness", "life_safety", "life_safety", "preparedness", "preparedness"])

        // The warning at 20 h: Level B.
        let trucks = try #require(report.tasks.first { $0.title == Self.waterTrucks })
        #expect(PlaybookHarness.minutes(trucks.created) == 20 * 60)
        #expect(report.tasks.first { $0.title == Self.surveillance }?.assignee == "CITY.HEALTH")
        #expect(report.tasks.filter { $0.title == Self.calls("오후") }.map { PlaybookHarness.minutes($0.due)! } == [30 * 60, 30 * 60])
        // Day 2 and day 3: morning and afternoon calls in both districts.
        #expect(report.tasks.filter { $0.title == Self.calls("2일차") }.count == 2)
        #expect(report.tasks.filter { $0.title == Self.calls("3일차 오후") }.count == 2)

        let escalation = try #require(report.escalations.first)
        #expect(escalation.severity == "alert")
        #expect(escalation.reason == "12 폭염 illness cases today, 0 deaths")
        #expect(escalation.decision == "door_to_door_checks")
        #expect(report.tasks.filter { $0.title == Self.calls("전수 방문") }.count == 2)

        let final = try #require(report.tasks.first { $0.title == "폭염 대응 최종 상황보고" })
        #expect(PlaybookHarness.minutes(final.created)! >= 50 * 60)
        for task in report.tasks where task.taskClass == "life_safety" {
            #expect(task.finished.map { $0 <= final.created } == true, "\(task.title) open at the stand-down")
        }
        #expect(report.returned?["outcome"] == "lifted")
        #expect(report.returned?["level"] == "warning")
        #expect(report.returned?["days"] == 2)
    }

    @Test func aMissedCallRoundClimbsTheLadder() throws {
        let run = try PlaybookRun("heat_cold", ["districts": "wolpi"])
        let calls = try run.task(Self.calls("1차"))
        try run.at(254)
        #expect(try !run.climbs().contains { $0.hasPrefix("\(calls) ") })
        try run.at(255)  // due at 4 h, plus 15 minutes for a life-safety task
        #expect(try run.climbs().filter { $0.hasPrefix("\(calls) ") } == ["\(calls) → unit_head"])
        try run.at(270)
        #expect(try run.climbs().filter { $0.hasPrefix("\(calls) ") }.last == "\(calls) → DIST.CHAIR")
    }

    @Test func theWarningSignalMovesToLevelBAndOutagesThenCount() throws {
        let run = try PlaybookRun("heat_cold", ["districts": "sangnok2,seonbu"])
        try run.at(60)
        try run.signal("outage", ["district": "sangnok2", "hours": 2])
        #expect(try run.created(Self.outage).isEmpty)  // under an advisory, an outage is the utility's
        try run.signal("no_answer", ["district": "seonbu", "who": "선부2동 독거노인 김○○"])
        let visit = try #require(try run.created(Self.visit).first)
        #expect(visit.payload["assignee"] == ["role": "DONG.HEAD", "district": "seonbu"])
        #expect(visit.payload["class"] == "life_safety")
        #expect(visit.payload["due"] == .integer(Fixtures.t0ms + 180 * 60_000))

        try run.signal("kma.heat_wave", ["hazard": "heat_wave", "level": "warning", "title": "폭염경보"])
        #expect(try run.logs().last == "폭염경보 (heat wave warning) (Level B): 폭염경보")
        #expect(try run.titles().suffix(4) == [Self.waterTrucks, Self.surveillance, Self.calls("오후"), Self.calls("오후")])
        try run.signal("outage", ["district": "sangnok2", "hours": 1.5])
        let door = try #require(try run.created(Self.outage).first)
        #expect(door.payload["assignee"] == ["role": "FIRE.SC119", "district": "sangnok2"])
        #expect(door.payload["due"] == .integer(Fixtures.t0ms + 120 * 60_000))
    }

    @Test func aDeathGoesToTheTowerAsSerious() throws {
        let run = try PlaybookRun("heat_cold", ["districts": "gojan", "level": "warning"])
        try run.signal("illness", ["cases": 3, "deaths": 0])
        #expect(try run.escalations().isEmpty)
        try run.signal("illness", ["cases": 4, "deaths": 1])
        let escalation = try #require(try run.escalations().first)
        #expect(escalation.payload["severity"] == "serious")
        #expect(escalation.payload["reason"] == "4 폭염 illness cases today, 1 deaths")
    }

    @Test func theColdVariantWarmsTheCityAndSaltsBeforeSnow() throws {
        let run = try PlaybookRun("heat_cold", ["hazard": "cold", "level": "warning"])
        #expect(try run.created(Self.warming).count == 10)
        #expect(try run.created(Self.calls("1차")).count == 10)
        let outreach = try #require(try run.created("노숙인 보호 순찰").first)
        #expect(outreach.payload["assignee"] == ["role": "CITY.WELFARE"])
        #expect(outreach.payload["class"] == "life_safety")
        #expect(try run.created("동파·결빙 취약구간 대응").count == 1)
        #expect(try run.created(Self.calls("오후")).count == 10)
        try run.signal("kma.heat_wave", ["hazard": "heat_wave", "level": "lifted"])  // not this run's hazard
        try run.signal("kma.heavy_snow", ["hazard": "heavy_snow", "level": "advisory"])
        #expect(try run.created("제설·염화칼슘 사전 살포").first?.payload["assignee"] == ["role": "CITY.ROADS"])
        try run.signal("kma.cold_wave", ["hazard": "cold_wave", "level": "lifted"])
        #expect(try !run.completed)  // the calls are still open
        #expect(try run.created("한파 대응 최종 상황보고").isEmpty)
        try run.completeEverything()
        #expect(try run.result()?["outcome"] == "lifted")
        #expect(try run.result()?["hazard"] == "cold")
        #expect(try run.logs().last == "stand-down: lifted after 0 day(s)")
    }
}
