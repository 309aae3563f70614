import Foundation
import IlsaEngine
import IlsaTesting
import Testing

/// The street-arts festival crowd-safety playbook (`workflows/festival_crowd.lua`, PB-03): the
/// crowd plugin's density levels drive the field zone by zone, a crush risk goes to the control
/// tower, and the run stands down when the festival is over and the life-safety tasks are closed.
struct FestivalCrowdPlaybookTests {
    static let inspection = "합동 현장 안전점검 (가설무대·전기·가스·대피로)"
    static let firePrevention = "가설구조물 소방안전 점검"
    static let opening = [inspection, firePrevention, "축제장 주변 교통통제 (24시간)", "소방차·구급차 현장 대기", "인파 밀집 지점 CCTV 관제"]
    static let cctv = "CCTV 집중 관제·안내방송"
    static let dispatch = "현장 인력 급파·일방통행"
    static let stopInflow = "유입 차단·우회 유도"
    static let pause = "인근 공연 일시 중단"
    static let suspend = "행사 중단 안내·관객 단계적 퇴장"
    static let ems = "출구 구급대 배치"
    static let cbs = "인파 심각 재난문자·현장 전광판"
    static let disperse = "군중 분산·대피 유도"
    static let review = "축제 안전관리 사후 평가 (AAR)"

    /// A reading as the crowd plugin signals it.
    static func reading(_ zone: String, _ density: Double, _ level: String?, crush: Bool = false, district: String = "gojan") -> JSONValue {
        var reading: [String: JSONValue] = [
            "zone": .string(zone), "density": .number(density), "crush": .bool(crush), "districts": [.string(district)],
        ]
        if let level { reading["level"] = .string(level) }
        return .object(reading)
    }

    /// Opens the gates: the five opening tasks done.
    static func opened(_ given: [String: String] = [:]) throws -> PlaybookRun {
        let run = try PlaybookRun("festival_crowd", given)
        #expect(try run.titles() == opening)
        try run.at(60)
        try run.completeEverything(by: "점검반")
        return run
    }

    @Test func drillOfAFestivalAfternoonWithSeed5() throws {
        let responders = """
            signal { at = "4h", name = "crowd.density", payload = { zone = "주무대 앞", density = 3.2, level = "caution", crush = false, districts = { "gojan" } } }
            signal { at = "4h20m", name = "crowd.density", payload = { zone = "주무대 앞", density = 5.3, level = "serious", crush = false, districts = { "gojan" } } }
            signal { at = "4h40m", name = "crowd.density", payload = { zone = "주무대 앞", density = 6.4, level = "serious", crush = true, districts = { "gojan" } } }
            """
        var drill = try PlaybookHarness.drill("festival_crowd", seed: 5, responders: responders)
        drill.horizon = .seconds(10 * 86_400)  // the review is a week after the stand-down
        let report = try drill.run()
        #expect(report.outcome == .completed)
        #expect(report.tasks.prefix(5).map(\.title) == Self.opening)
        // Caution, then straight to serious: the alert-level dispatch is not skipped.
        // The organiser (ORG in the roster) pauses the nearby performances at 심각.
        let live = report.tasks.dropFirst(5).prefix(6)
        #expect(live.map(\.title) == [Self.cctv, Self.dispatch, Self.stopInflow, Self.pause, Self.ems, Self.cbs])
        #expect(live.map(\.assignee) == ["CITY.CCTV", "POL.BOX gojan", "POL.BOX gojan", "ORG gojan", "FIRE.SC119 gojan", "CITY.PIO"])
        #expect(live.map { PlaybookHarness.minutes($0.due)! - PlaybookHarness.minutes($0.created)! } == [10, 10, 5, 5, 10, 10])
        #expect(live.dropFirst().allSatisfy { $0.taskClass == "life_safety" })

        let escalation = try #require(report.escalations.first)
        #expect(report.escalations.count == 1)
        #expect(escalation.severity == "serious")
        #expect(escalation.reason == "crush risk at 주무대 앞: 6.4 /m²")
        #expect(escalation.options == ["suspend_event", "halt_segment_and_disperse", "continue_with_controls"])
        #expect(escalation.decision == "suspend_event")
        #expect(report.tasks.first { $0.title == Self.disperse }?.assignee == "POL.DW")
        #expect(report.tasks.first { $0.title == Self.suspend }?.assignee == "ORG gojan")
        #expect(report.returned?["outcome"] == "suspended")
        // The review comes only when every life-safety task is closed.
        let aar = try #require(report.tasks.first { $0.title == Self.review })
        for task in report.tasks where task.taskClass == "life_safety" {
            #expect(task.finished.map { $0 <= aar.created } == true, "\(task.title) open at the stand-down")
        }
        #expect(PlaybookHarness.minutes(aar.due)! - PlaybookHarness.minutes(aar.created)! == 7 * 24 * 60)
    }

    @Test func eachRiseOfAZoneMovesTheFieldOneLevelUp() throws {
        let run = try Self.opened()
        try run.signal("crowd.density", Self.reading("분수대", 2.1, nil))
        #expect(try run.titles() == Self.opening)  // below caution: routine monitoring
        try run.signal("crowd.density", Self.reading("분수대", 3.4, "caution"))
        #expect(try run.titles().last == Self.cctv)
        try run.signal("crowd.density", Self.reading("분수대", 3.6, "caution"))
        #expect(try run.titles().count == Self.opening.count + 1)  // the same level again: nothing new
        try run.at(70)
        try run.signal("crowd.density", Self.reading("분수대", 4.3, "alert"))
        let dispatch = try #require(try run.created(Self.dispatch).first)
        #expect(dispatch.payload["assignee"] == ["role": "POL.BOX", "district": "gojan"])
        #expect(dispatch.payload["class"] == "life_safety")
        #expect(dispatch.payload["due"] == .integer(Fixtures.t0ms + 80 * 60_000))
        #expect(try run.escalations().isEmpty)
        // Another zone, read in the district of the closing venue, jumps to serious.
        try run.signal("crowd.density", Self.reading("폐막 무대", 5.2, "serious", district: "choji"))
        #expect(try run.titles().suffix(5) == [Self.dispatch, Self.stopInflow, Self.pause, Self.ems, Self.cbs])
        #expect(try run.created(Self.stopInflow).first?.payload["assignee"] == ["role": "POL.BOX", "district": "choji"])
        // The festival's organiser pauses the shows, whichever district the zone is in.
        #expect(try run.created(Self.pause).first?.payload["assignee"] == ["role": "ORG", "district": "gojan"])
        #expect(try run.escalations().isEmpty)  // serious without crush: the field acts, the tower is not asked
    }

    @Test func anUnansweredInflowStopClimbsTheLadder() throws {
        let run = try Self.opened()
        try run.at(100)
        try run.signal("crowd.density", Self.reading("주무대 앞", 5.6, "serious"))
        let stop = try run.task(Self.stopInflow)
        try run.at(119)
        #expect(try !run.climbs().contains { $0.hasPrefix("\(stop) ") })
        try run.at(120)  // due 5 minutes after the reading, plus 15 minutes of grace
        #expect(try run.climbs().filter { $0.hasPrefix("\(stop) ") } == ["\(stop) → unit_head"])
        try run.at(150)
        #expect(
            try run.climbs().filter { $0.hasPrefix("\(stop) ") } == [
                "\(stop) → unit_head", "\(stop) → DIST.CHAIR", "\(stop) → control_tower",
            ])
    }

    @Test func aCriticalDefectAtTheInspectionGoesToTheTower() throws {
        let run = try PlaybookRun("festival_crowd")
        try run.at(90)
        try run.engine.update(task: try run.task(Self.inspection), .fail, by: "시 안전정책과", note: "주무대 비상구 폭 부족")
        let escalation = try #require(try run.escalations().first)
        #expect(
            escalation.payload == [
                "to": "control_tower", "severity": "caution", "reason": "critical defect at the 안산문화광장 site inspection",
                "options": ["fix_before_opening", "close_zone", "open_as_planned"],
            ])
        try run.decide(escalation.id, "close_zone")
        let fix = try #require(try run.created("결함 구역 보완·통제").first)
        #expect(fix.payload["class"] == "life_safety")
        #expect(fix.payload["assignee"] == ["role": "CITY.SAFETY"])
    }

    @Test func theRunStandsDownWhenTheFestivalIsOverAndTheFieldIsClear() throws {
        let run = try Self.opened()
        try run.signal("crowd.density", Self.reading("주무대 앞", 4.1, "alert"))
        let dispatch = try run.task(Self.dispatch)
        try run.at(24 * 60)
        try run.signal("closing")
        #expect(try run.created("폐막 공연장 주변 교통통제·단계적 퇴장").first?.payload["assignee"] == ["role": "POL.SN"])
        try run.at(28 * 60)
        try run.signal("festival_over")
        #expect(try run.logs().last != "stand-down: festival_over")  // the dispatch is still open
        #expect(try run.created(Self.review).isEmpty)
        try run.complete(dispatch, by: "고잔지구대장")
        #expect(try run.logs().last == "stand-down: festival_over")
        #expect(try !run.completed)
        try run.completeEverything()
        let result = try #require(try run.result())
        #expect(result["outcome"] == "festival_over")
        #expect(result["zones"] == ["주무대 앞": 2])
        #expect(result["review"] == "done")
    }
}
