import Foundation
import IlsaEngine
import IlsaTesting
import Testing

/// The hazardous-materials playbook (`workflows/hazmat.lua`, PB-06): the release response with the
/// agreed fire / police / city split, escalations on fire level, casualties, the plume and several
/// districts, the stand-down on clear air; and the joint preventive inspection.
struct HazmatPlaybookTests {
    static let fire = "출동·누출물질 확인·초기 통제구역 설정"
    static let cbs = "긴급재난문자: 옥내 대피"
    static let schools = "오염 범위 내 학교 실내 대기"
    static let hq = "지역재난안전대책본부 가동·화학사고 대피소 개방"
    static let health = "노출 환자 분류 지침·응급실 물질 통보"
    static let cordon = "위험구역 통제·주민 통제"
    static let stayIn = "주민 옥내대피 안내·취약가구 확인"
    static let evacuate = "풍하 지역 주민 대피 (바람 반대·높은 곳)"
    static let mayorReport = "소방 대응단계 발령 시장 보고"
    static let back = "귀가 안내 문자 (옥내 대피 해제)"
    static let review = "주민 안내·피해 접수·사후 평가"

    @Test func drillOfAnAmmoniaReleaseWithSeed2() throws {
        let responders = """
            signal { at = "20m", name = "fire_level", payload = { level = 1 } }
            signal { at = "40m", name = "fire_level", payload = { level = 2 } }
            signal { at = "50m", name = "casualties", payload = { count = 3 } }
            signal { at = "3h", name = "air_clear" }
            """
        let report = try PlaybookHarness.drill("hazmat", ["downwind": "sangnok1", "substance": "암모니아"], seed: 2, responders: responders)
            .run()
        #expect(report.outcome == .completed)
        // The agreed split, all at once: fire first, the city's text and HQ, police and dongs in each district.
        let first = Array(report.tasks.prefix(9))
        #expect(
            first.map(\.title) == [
                Self.fire, Self.cbs, Self.schools, Self.hq, Self.health, Self.cordon, Self.stayIn, Self.cordon, Self.stayIn,
            ])
        #expect(
            first.map(\.assignee) == [
                "FIRE.SC119 banwol", "CITY.SITROOM", "EDU.SUPT", "CITY.MAYOR", "CITY.HEALTH",
                "POL.BOX banwol", "DONG.HEAD banwol", "POL.BOX sangnok1", "DONG.HEAD sangnok1",
            ])
        #expect(first.map { PlaybookHarness.minutes($0.due)! } == [5, 10, 15, 30, 30, 15, 30, 15, 30])
        #expect(first.filter { $0.taskClass != "life_safety" }.map(\.title) == [Self.health])

        #expect(report.escalations.map(\.to) == ["control_tower", "control_tower", "city_hq"])
        #expect(report.escalations.map(\.severity) == ["alert", "alert", "serious"])
        #expect(
            report.escalations.map(\.reason) == [
                "chemical release at 반월국가산업단지 (banwol) reaches 2 districts",
                "fire response level 2 at 반월국가산업단지 (banwol)",
                "3 casualties at 반월국가산업단지 (banwol) (암모니아)",
            ])
        #expect(report.escalations.first?.decision == "evacuate_downwind")
        #expect(report.tasks.filter { $0.title == Self.evacuate }.map(\.assignee) == ["DONG.HEAD banwol", "DONG.HEAD sangnok1"])
        #expect(report.tasks.first { $0.title == Self.mayorReport }.map { PlaybookHarness.minutes($0.created) } == 20)

        // The return comes after the air is clear and every life-safety task is closed.
        let returned = try #require(report.tasks.first { $0.title == Self.back })
        #expect(PlaybookHarness.minutes(returned.created)! >= 180)
        for task in report.tasks where task.taskClass == "life_safety" {
            #expect(task.finished.map { $0 <= returned.created } == true, "\(task.title) open at the stand-down")
        }
        #expect(report.returned?["fire_level"] == 2)
        #expect(report.returned?["affected"] == ["banwol", "sangnok1"])
    }

    @Test func oneDistrictTellsTheMayorAtLevelOneAndTheTowerAtLevelTwo() throws {
        let run = try PlaybookRun("hazmat", ["district": "choji", "substance": "염산"])
        #expect(try run.created().count == 7)
        #expect(try run.escalations().isEmpty)  // one district: no tower yet
        try run.at(10)
        try run.signal("fire_level", ["level": 1])
        let report = try #require(try run.created(Self.mayorReport).first)
        #expect(report.payload["assignee"] == ["role": "CITY.SITROOM"])
        #expect(report.payload["due"] == .integer(Fixtures.t0ms + 15 * 60_000))
        #expect(try run.escalations().isEmpty)
        try run.signal("fire_level", ["level": 2])
        let escalation = try #require(try run.escalations().first)
        #expect(escalation.payload["to"] == "control_tower")
        #expect(escalation.payload["reason"] == "fire response level 2 at 반월국가산업단지 (choji)")
        try run.decide(escalation.id, "all_agency_heads_to_hq")
        try run.signal("plume_beyond_city", ["toward": "시흥시"])
        let plume = try #require(try run.escalations().last)
        #expect(
            plume.payload == [
                "to": "city_hq", "severity": "serious", "reason": "the plume from 반월국가산업단지 (choji) is crossing into 시흥시",
                "options": ["report_to_gyeonggi_hq", "hold"],
            ])
    }

    @Test func aLateFireCrewClimbsTheLadderAfterFifteenMinutes() throws {
        let run = try PlaybookRun("hazmat")
        let fire = try run.task(Self.fire)
        try run.at(19)
        #expect(try !run.climbs().contains { $0.hasPrefix("\(fire) ") })
        try run.at(20)  // due at 5 minutes, plus 15 of grace
        #expect(try run.climbs().filter { $0.hasPrefix("\(fire) ") } == ["\(fire) → unit_head"])
    }

    @Test func clearAirWaitsForTheLifeSafetyTasksBeforeTheReturn() throws {
        let run = try PlaybookRun("hazmat")
        let cordon = try run.task(Self.cordon)
        try run.at(20)
        for (id, _) in try run.tasks() where id != cordon { try run.complete(id) }
        try run.signal("air_clear")
        #expect(try run.logs().last == "air clear at 반월국가산업단지 (banwol)")
        #expect(try run.created(Self.back).isEmpty)
        try run.complete(cordon, by: "팔곡파출소장")
        #expect(try run.titles().suffix(2) == [Self.back, Self.review])
        try run.completeEverything()
        #expect(try run.escalations().isEmpty)
        #expect(try run.result()?["affected"] == ["banwol"])
        #expect(try run.logs().last == "stand-down: 반월국가산업단지 (banwol)")
    }

    @Test func anInspectionWhoseSitesDoNotCorrectGoesOnTheTowersAgenda() throws {
        let run = try PlaybookRun("hazmat", ["mode": "inspection"])
        #expect(try run.titles() == ["점검 대상 사업장 선정 (위험도 순위)", "유해화학물질 취급시설 합동 점검", "사고 시 역할분담 도상훈련", "현장 시정 확인·위반 사업장 조치"])
        #expect(
            try run.created().map { $0.payload["due"] }
                == [7, 14, 14, 21].map { JSONValue.integer(Fixtures.t0ms + Int64($0) * 86_400_000) })
        try run.completeEverything()
        #expect(try run.escalations().isEmpty)
        #expect(try run.result()?["mode"] == "inspection")

        let failing = try PlaybookRun("hazmat", ["mode": "inspection"])
        for title in ["점검 대상 사업장 선정 (위험도 순위)", "유해화학물질 취급시설 합동 점검", "사고 시 역할분담 도상훈련"] {
            try failing.complete(try failing.task(title))
        }
        try failing.engine.update(task: try failing.task("현장 시정 확인·위반 사업장 조치"), .fail, by: "예방안전과", note: "2개 사업장 미시정")
        let escalation = try #require(try failing.escalations().first)
        #expect(escalation.payload["severity"] == "interest")
        #expect(escalation.payload["options"] == ["citywide_agenda", "refer_to_authorities"])
    }
}
