import Foundation
import IlsaEngine
import Testing

/// The Suneung playbook (`workflows/suneung.lua`, PB-04): deadlines at the times of day of the
/// exam, counted from 09:00 on D-9; late candidates, noise and a site emergency on the day; the
/// nights after; the stand-down.
struct SuneungPlaybookTests {
    static let late = "지각 수험생 긴급 수송"
    static let noise = "시험장 주변 소음 민원 즉시 조치"
    static let listening = "영어 듣기평가 소음 통제 (13:10-13:35)"
    static let cordon = "시험장 주변 200m 차량 통제·교통정리"
    /// Minutes from 09:00 on D-9 to hh:mm on D-0.
    static func examDay(_ hh: Int, _ mm: Int = 0) -> Int { 9 * 24 * 60 + (hh - 9) * 60 + mm }

    @Test func drillOfExamDayWithSeed6() throws {
        let responders = """
            signal { at = "8d22h55m", name = "late_candidate", payload = { where = "상록수역" } }
            signal { at = "9d4h20m", name = "noise", payload = { district = "gojan", where = "고잔동 공사장" } }
            signal { at = "9d5h", name = "site_emergency", payload = { district = "choji", site = "초지고", what = "정전" } }
            """
        var drill = try PlaybookHarness.drill("suneung", seed: 6, responders: responders)
        drill.horizon = .seconds(30 * 86_400)
        let report = try drill.run()
        #expect(report.outcome == .completed)
        let due = { (title: String) in report.tasks.first { $0.title == title }.flatMap { PlaybookHarness.minutes($0.due) } }
        #expect(due("일사천리 수능 대책회의") == 6 * 60)
        #expect(due("시험장 14곳 소방안전 점검·119 구급 대책") == 7 * 24 * 60 + 9 * 60)  // D-2 18:00
        #expect(due("지각 수험생 긴급 수송 대기 (112)") == Self.examDay(8, 10))
        #expect(due("수험생 입실 마감 확인 (08:10)") == Self.examDay(8, 25))
        #expect(due(Self.listening) == Self.examDay(13, 10))
        // One police branch per district: ten of them, cars kept 200 m off by 07:00.
        let cordons = report.tasks.filter { $0.title == Self.cordon }
        #expect(cordons.count == 10)
        #expect(cordons.allSatisfy { $0.role == "POL.BOX" && PlaybookHarness.minutes($0.due) == Self.examDay(7) })
        // The late candidate at 07:55: 112 within 10 minutes, life-safety.
        let escort = try #require(report.tasks.first { $0.title == Self.late })
        #expect(escort.assignee == "POL.112")
        #expect(escort.taskClass == "life_safety")
        #expect(PlaybookHarness.minutes(escort.due) == Self.examDay(8, 5))
        #expect(report.tasks.first { $0.title == Self.noise }?.assignee == "POL.BOX gojan")
        // The power cut at a site goes to the control tower.
        let escalation = try #require(report.escalations.first)
        #expect(escalation.severity == "alert")
        #expect(escalation.reason == "정전 at test site 초지고 (choji) during the exam")
        #expect(escalation.options == ["move_to_reserve_room", "continue_exam"])
        #expect(report.tasks.first { $0.title == "시험장 긴급 상황 출동" }?.assignee == "FIRE.SC119 choji")
        #expect(report.returned?["late_candidates"] == 1)
        #expect(report.returned?["noise_calls"] == 1)
        #expect(report.tasks.filter { $0.title == Self.listening }.count == 1)  // the listening timer acts once
    }

    @Test func aLateCandidateEscortNotAcknowledgedClimbsTheLadder() throws {
        let run = try PlaybookRun("suneung", ["districts": "sangnok1"])
        try run.at(Self.examDay(7, 50))
        try run.signal("late_candidate", ["where": "본오동"])
        let escort = try run.task(Self.late)
        try run.at(Self.examDay(8, 14))
        #expect(try !run.climbs().contains { $0.hasPrefix("\(escort) ") })
        try run.at(Self.examDay(8, 15))  // due 08:00, plus 15 minutes
        #expect(try run.climbs().filter { $0.hasPrefix("\(escort) ") } == ["\(escort) → unit_head"])
    }

    @Test func theDayEndsAt1745AndTheRunStandsDownAfterTheNights() throws {
        let run = try PlaybookRun("suneung", ["districts": "gojan,choji", "days_before": "2"])
        #expect(try run.created().count == 6)
        try run.completeEverything()
        try run.at(2 * 24 * 60 - 3 * 60)  // D-0 06:00
        #expect(try run.logs().last == "exam day: D-0 06:00")
        #expect(try run.created(Self.cordon).map { $0.payload["assignee"]?["district"] } == ["gojan", "choji"])
        try run.at(2 * 24 * 60 + 4 * 60)
        #expect(try run.created(Self.listening).count == 1)
        try run.signal("noise", ["district": "choji", "where": "원시동 공사장"])
        try run.completeEverything()
        try run.at(2 * 24 * 60 + 8 * 60 + 45)  // 17:45
        #expect(try run.logs().last == "exam over: 17:45")
        #expect(try !run.completed)
        try run.completeEverything()
        #expect(try run.completed)
        #expect(try run.logs().last == "stand-down: 0 late candidates carried, 1 noise calls")
    }
}
