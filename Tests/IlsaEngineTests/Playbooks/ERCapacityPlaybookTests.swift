import Foundation
import IlsaEngine
import IlsaTesting
import Testing

/// The health-care crisis and ER-capacity playbook (`workflows/er_capacity.lua`, PB-08): the
/// health centres' situation rooms, the six ERs reporting daily (by roster unit), refusals and
/// suspensions to the control tower, and the stand-down when the national alert is lowered.
struct ERCapacityPlaybookTests {
    static let rooms = "24시간 응급의료 대응 상황실 운영"
    static func report(_ day: Int) -> String { "응급실 운영 현황 보고 (\(day)일차)" }
    static let units = ["unit er.kwcomwel", "unit er.sarang", "unit er.dongansan", "unit er.korea_univ", "unit er.hando", "unit er.danwon"]

    @Test func drillOfACrisisWeekWithSeed9() throws {
        let responders = """
            signal { at = "30h", name = "transport_refusal", payload = { refusals = 4, search_min = 52 } }
            signal { at = "50h", name = "er_suspended", payload = { hospital = "단원병원", what = "소아 응급진료 중단" } }
            signal { at = "4d2h", name = "alert_lowered", payload = { level = "caution" } }
            """
        var drill = try PlaybookHarness.drill("er_capacity", seed: 9, responders: responders)
        drill.horizon = .seconds(20 * 86_400)
        let report = try drill.run()
        #expect(report.outcome == .completed)
        let rooms = report.tasks.filter { $0.title == Self.rooms }
        #expect(rooms.map(\.assignee) == ["unit health.sangnoksu", "unit health.danwon"])
        #expect(rooms.allSatisfy { $0.taskClass == "life_safety" && PlaybookHarness.minutes($0.due) == 240 })
        // Every day, each of the six ERs reports within the hour.
        for day in 1...5 {
            let reports = report.tasks.filter { $0.title == Self.report(day) }
            #expect(reports.map(\.assignee) == Self.units, "day \(day)")
            #expect(reports.allSatisfy { PlaybookHarness.minutes($0.created) == (day - 1) * 24 * 60 })
        }
        #expect(report.tasks.filter { $0.title == Self.report(6) }.isEmpty)

        #expect(report.escalations.map(\.severity) == ["alert", "serious"])
        #expect(report.escalations.map(\.reason) == ["ambulance refused by 4 hospitals after 52 minutes", "단원병원: 소아 응급진료 중단"])
        #expect(report.escalations.allSatisfy { $0.to == "control_tower" })
        let gap = try #require(report.tasks.first { $0.title == "응급실 공백 대응·이송 병원 재지정" })
        #expect(gap.assignee == "CITY.HEALTH")
        let final = try #require(report.tasks.first { $0.title == "보건의료 위기 대응 결과 보고" })
        #expect(PlaybookHarness.minutes(final.created)! >= 98 * 60)
        for task in report.tasks where task.taskClass == "life_safety" {
            #expect(task.finished.map { $0 <= final.created } == true, "\(task.title) open at the stand-down")
        }
        #expect(report.returned?["outcome"] == "alert_lowered")
    }

    @Test func anERThatDoesNotReportClimbsToItsDirector() throws {
        let run = try PlaybookRun("er_capacity")
        try run.at(0)  // the first daily round is a timer due at once
        let korea = try #require(try run.created(Self.report(1)).first { $0.payload["assignee"] == ["unit": "er.korea_univ"] })
        #expect(korea.payload["due"] == .integer(Fixtures.t0ms + 3_600_000))
        let id = "r1.\(korea.command ?? 0)"
        try run.at(74)
        #expect(try !run.climbs().contains { $0.hasPrefix(id + " ") })
        try run.at(75)
        #expect(try run.climbs().filter { $0.hasPrefix(id + " ") } == ["\(id) → unit_head"])
    }

    /// The ERs come from the roster each day (recorded in the history): every hospital ER and
    /// every health centre the roster lists, and no unit code in the playbook.
    @Test func theERsAndHealthCentresComeFromTheRoster() throws {
        let run = try PlaybookRun("er_capacity")
        try run.at(0)
        let ers = Fixtures.roster.units(kind: .hospitalER).map { JSONValue.object(["unit": .string($0.id.rawValue)]) }
        #expect(try run.created(Self.report(1)).compactMap { $0.payload["assignee"] } == ers)
        let centres = Fixtures.roster.units(role: "CITY.HEALTH").map { JSONValue.object(["unit": .string($0.id.rawValue)]) }
        #expect(centres.count == 2)
        #expect(try run.created("24시간 응급의료 대응 상황실 운영").compactMap { $0.payload["assignee"] } == centres)
        let source = try String(contentsOf: Fixtures.url("workflows/er_capacity.lua"), encoding: .utf8)
        #expect(!source.contains("\"er.") && !source.contains("\"health."))
    }

    @Test func refusalsBelowTheLineAreLoggedAndOnlyCrossingItAsks() throws {
        let run = try PlaybookRun("er_capacity", ["alert": "alert"])
        try run.signal("transport_refusal", ["refusals": 2, "search_min": 20])
        #expect(try run.escalations().isEmpty)
        #expect(try run.logs().last == "transport refused by 2 hospitals, 20 min searching")
        try run.signal("transport_refusal", ["refusals": 1, "search_min": 35])
        let escalation = try #require(try run.escalations().first)
        #expect(escalation.payload["severity"] == "alert")
        #expect(escalation.payload["options"] == ["redistribute_patients", "request_gyeonggi_ems", "public_notice_only"])
        try run.decide(escalation.id, "request_gyeonggi_ems")
        try run.signal("transfer_death")
        #expect(try run.escalations().last?.payload["severity"] == "serious")
        #expect(try run.escalations().last?.payload["reason"] == "a death linked to a transfer failure")
    }

    @Test func theStandDownWaitsForTheOpenReports() throws {
        let run = try PlaybookRun("er_capacity")
        try run.at(30)
        try run.signal("alert_lowered")
        #expect(try run.created("보건의료 위기 대응 결과 보고").isEmpty)  // six ER reports and two rooms still open
        try run.completeEverything()
        #expect(try run.completed)
        #expect(try run.logs().last == "stand-down: alert_lowered after 1 day(s)")
    }
}
