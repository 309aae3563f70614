import Foundation
import IlsaEngine
import IlsaTesting
import Testing

/// The Seollal / Chuseok holiday playbook (`workflows/holiday.lua`, PB-05): preparation from D-21,
/// the six ERs by unit, daily work in each district, an ER gap to the control tower, a fire
/// response level to the mayor, and the stand-down after the review.
struct HolidayPlaybookTests {
    static let calls = "홀몸 어르신 안부 확인"
    static let patrol = "외국인 밀집지역 합동순찰 (19:30)"
    static func minutes(day: Int, _ hh: Int) -> Int { day * 24 * 60 + (hh - 9) * 60 }

    @Test func drillOfChuseokWithSeed8() throws {
        let responders = """
            signal { at = "20d", name = "er_gap", payload = { hospital = "한도병원", day = "추석 당일" } }
            signal { at = "22d", name = "fire_response", payload = { level = 1, where = "원곡동 상가" } }
            """
        var drill = try PlaybookHarness.drill("holiday", ["districts": "singil,seonbu,wolpi"], seed: 8, responders: responders)
        drill.horizon = .seconds(40 * 86_400)
        let report = try drill.run()
        #expect(report.outcome == .completed)
        let ers = report.tasks.filter { $0.title == "연휴 응급실 24시간 운영 확인" }
        #expect(
            ers.map(\.assignee) == [
                "unit er.kwcomwel", "unit er.sarang", "unit er.dongansan", "unit er.korea_univ", "unit er.hando", "unit er.danwon",
            ])
        #expect(ers.allSatisfy { PlaybookHarness.minutes($0.due) == Self.minutes(day: 14, 18) })  // D-7 18:00
        // Five holiday days: calls in each of the three districts, patrols only where the research names them.
        #expect(report.tasks.filter { $0.title == Self.calls }.count == 15)
        #expect(report.tasks.filter { $0.title == Self.calls }.allSatisfy { $0.taskClass == "life_safety" })
        #expect(Set(report.tasks.filter { $0.title == Self.patrol }.map(\.assignee)) == ["POL.BOX singil", "POL.BOX seonbu"])
        #expect(report.tasks.filter { $0.title == Self.patrol }.count == 10)
        #expect(report.tasks.first { $0.title == "연휴 상황보고 (1일차)" }.map { PlaybookHarness.minutes($0.created) } == Self.minutes(day: 21, 9))

        let escalation = try #require(report.escalations.first)
        #expect(escalation.severity == "alert")
        #expect(escalation.reason == "한도병원 cannot staff its emergency room on 추석 당일")
        let gap = try #require(report.tasks.first { $0.title == "응급실 공백 안내·이송 조정" })
        #expect(gap.assignee == "CITY.HEALTH")
        #expect(gap.taskClass == "life_safety")
        let told = try #require(report.tasks.first { $0.title == "소방 대응단계 시장 보고" })
        #expect(told.assignee == "CITY.SITROOM")
        #expect(told.due.map { $0 - told.created } == .seconds(600))
        #expect(report.returned?["days"] == 5)
    }

    @Test func aFailedInspectionOrdersACorrectionBeforeDMinus1() throws {
        let run = try PlaybookRun("holiday", ["districts": "gojan"])
        try run.at(3 * 24 * 60)
        try run.engine.update(task: try run.task("다중이용시설 합동 안전점검"), .fail, by: "시 안전정책과", note: "전통시장 소화기 미비")
        let order = try #require(try run.created("시설 결함 시정명령·보완 확인").first)
        #expect(order.payload["class"] == "life_safety")
        #expect(order.payload["due"] == .integer(Fixtures.t0ms + Int64(Self.minutes(day: 20, 18)) * 60_000))
    }

    @Test func unansweredCallsClimbAndTheRunWaitsForThem() throws {
        let run = try PlaybookRun("holiday", ["districts": "daebu", "days_before": "1", "days": "1"])
        try run.completeEverything()
        try run.at(24 * 60)  // the holiday's only day
        let calls = try run.task(Self.calls)
        try run.at(24 * 60 + 8 * 60 + 15)
        #expect(try run.climbs().filter { $0.hasPrefix("\(calls) ") } == ["\(calls) → unit_head"])
        for (id, state) in try run.tasks() where id != calls && !state.isTerminal { try run.complete(id) }
        try run.at(2 * 24 * 60)
        #expect(try run.logs().last == "추석 연휴 over")
        for (id, state) in try run.tasks() where id != calls && !state.isTerminal { try run.complete(id) }
        #expect(try !run.completed)  // the calls are still open
        try run.complete(calls, by: "대부동장")
        #expect(try run.completed)
        #expect(try run.logs().last == "stand-down: 추석 연휴")
    }
}
