import IlsaDrill
import Foundation
import IlsaEngine
import IlsaTesting
import Testing

/// Drills run through the engine on a virtual clock: the heavy-rain playbook with a fixed seed,
/// determinism, and how runs that fail, wait or chain tasks are reported.
struct DrillTests {

    static func heavyRain(seed: UInt64 = 7, responders: ResponderProfile = .ansan) throws -> Drill {
        var drill = try Drill(contentsOfFile: Fixtures.path("workflows/heavy_rain.lua"), roster: Fixtures.roster)
        drill.path = "workflows/heavy_rain.lua"
        drill.arguments = ["district": "singil"]
        drill.plugins = Fixtures.pluginModules
        drill.seed = seed
        drill.responders = responders
        return drill
    }

    static func inline(_ source: String, seed: UInt64 = 1, horizon: Duration = Drill.defaultHorizon) -> Drill {
        var drill = Drill(playbook: "inline.lua", source: source, roster: Fixtures.roster)
        drill.seed = seed
        drill.horizon = horizon
        return drill
    }

    static var exampleResponders: ResponderProfile {
        get throws { try ResponderProfile.load(contentsOfFile: Fixtures.respondersPath) }
    }

    @Test func heavyRainWithSeed7() throws {
        let report = try Self.heavyRain().run()
        #expect(report.outcome == .completed)
        #expect(DrillReport.offsetText(report.end) == "T+10:04:11")
        #expect(
            report.parameters.map { "\($0.name)=\($0.value)" } == ["district=singil", "level=advisory", "rain_mm_per_hour=30", "watch=3h"])
        #expect(report.tasks.map(\.id) == ["drill.3", "drill.4", "drill.6", "drill.8"])
        #expect(report.tasks.map(\.result) == [.met, .missed, .met, .missed])
        #expect((report.count(.met), report.count(.missed)) == (2, 2))
        // The police box never acknowledged its underpass task: the ladder climbed twice.
        let (task, climb) = try #require(report.highestClimb)
        #expect(task.title == "지하차도 통제 준비")
        #expect(task.climbs.map(\.to) == ["unit_head", "DIST.CHAIR"])
        #expect(task.acknowledgedBy == "DIST.CHAIR")
        #expect(climb.rung == 2)
        #expect(report.escalations.isEmpty)
        // ... and held the run open: it is the critical path.
        #expect(report.criticalPath.map(\.kind) == [.start, .task, .end])
        #expect(report.criticalPath[1].reference == "drill.8")
        #expect(report.returned?["outcome"] == "watch_ended")
        #expect(report.timeline.first?.text == "run started: heavy_rain (district=singil, level=advisory, rain_mm_per_hour=30, watch=3h)")
        #expect(report.timeline.last?.text == "run completed")
    }

    @Test func scriptedRainReadingsMakeTheDistrictEscalate() throws {
        let report = try Self.heavyRain(responders: try Self.exampleResponders).run()
        #expect(report.outcome == .completed)
        let escalation = try #require(report.escalations.first)
        #expect(report.escalations.count == 1)
        #expect(escalation.severity == "alert")
        #expect(escalation.reason == "62 mm/h in singil")
        #expect(DrillReport.offsetText(escalation.raised) == "T+1:10:00")
        #expect(escalation.decision == "evacuate_low_areas")
        #expect(escalation.by == "control_tower")
        #expect(escalation.timeToDecide.map(DrillReport.durationText) == "24m13s")
        #expect(report.highestEscalation?.id == escalation.id)
        #expect(report.tasks.map(\.title).contains("저지대·반지하 주민 대피"))
        #expect(report.tasks.count == 7)
        #expect(
            report.timeline.filter { $0.kind == .signal }.map(\.text) == [
                #"signal rain_reading {"gauge":"신길동","mm_per_hour":38}"#, #"signal rain_reading {"gauge":"원곡동","mm_per_hour":62}"#,
                #"signal kma.heavy_rain {"hazard":"heavy_rain","level":"lifted","title":"호우 특보 해제"}"#,
            ])
    }

    @Test func theSameSeedGivesTheSameDrillByteForByte() throws {
        let responders = try Self.exampleResponders
        let first = try Self.heavyRain(seed: 42, responders: responders).run()
        let second = try Self.heavyRain(seed: 42, responders: responders).run()
        #expect(first == second)
        #expect(Data(first.html().utf8) == Data(second.html().utf8))
        #expect(try first.json.encodedText() == second.json.encodedText())
        let other = try Self.heavyRain(seed: 43, responders: responders).run()
        #expect(other.timeline != first.timeline)
    }

    @Test func aRunStillWaitingAtTheHorizonIsReportedAsWaiting() throws {
        let report = try Self.inline(
            """
            return ilsa.workflow { name = "standby", title = "대기", run = function(ctx)
              ilsa.task { title = "상황 보고", assignee = { role = "CITY.SITROOM" }, due = "30m" }:wait()
              ilsa.wait_signal("all_clear")
            end }
            """, horizon: .seconds(6 * 3_600)
        ).run()
        #expect(report.outcome == .waiting)
        #expect(DrillReport.offsetText(report.end) == "T+6:00:00")
        #expect(report.tasks.map(\.result) == [.met])
        #expect(report.timeline.last?.text == "still waiting at the horizon (6h)")
        #expect(report.criticalPath.last?.label == "still waiting at the horizon")
    }

    @Test func aFailedRunIsReportedWithItsError() throws {
        let report = try Self.inline(
            """
            return ilsa.workflow { name = "broken", title = "Broken", run = function(ctx)
              ilsa.task { title = "점검", assignee = { role = "FIRE.SC119", district = "daebu" }, due = "1h" }:wait()
              error("no pumps left")
            end }
            """
        ).run()
        #expect(report.outcome == .failed)
        #expect(report.failure?.hasSuffix("no pumps left") == true)
        #expect(report.timeline.last?.kind == .ended)
        #expect(report.criticalPath.map(\.kind) == [.start, .task, .end])
    }

    @Test func timersAndTasksThatComeAfterOthersMakeTheCriticalPath() throws {
        let report = try Self.inline(
            """
            return ilsa.workflow { name = "chain", title = "Chain", run = function(ctx)
              ilsa.sleep("2h")
              local survey = ilsa.task { title = "피해 조사", assignee = { role = "DONG.HEAD", district = "choji" }, due = "1h" }
              local relief = ilsa.task { title = "구호 물자", assignee = { role = "CITY.SITROOM" }, due = "30m", after = { survey } }
              relief:wait()
            end }
            """, seed: 3
        ).run()
        #expect(report.outcome == .completed)
        let survey = report.tasks[0], relief = report.tasks[1]
        // The relief task is finished only once the survey is done.
        #expect(try #require(relief.finished) >= #require(survey.finished))
        #expect(report.criticalPath.map(\.kind) == [.start, .timer, .task, .end])
        #expect(report.criticalPath[1].label == "sleep 2h")
        #expect(report.criticalPath[2].reference == relief.id)
    }

    @Test func badParametersAndUnknownRolesStopTheDrillBeforeItRuns() throws {
        var drill = try Self.heavyRain()
        drill.arguments = ["district": "atlantis"]
        #expect(throws: PlaybookError.self) { try drill.run() }
        drill = try Self.heavyRain(responders: try ResponderProfile.load(source: "role \"FIRE.SC911\" {}", chunkName: "r.lua"))
        let error = #expect(throws: ResponderProfileError.self) { try drill.run() }
        #expect(error?.description == "r.lua:1: the roster has no role 'FIRE.SC911' (did you mean 'FIRE.SC119'?)")
    }
}
