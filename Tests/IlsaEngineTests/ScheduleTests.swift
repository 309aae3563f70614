import Foundation
@testable import IlsaEngine
import IlsaTesting
import Testing

/// Playbooks that start by themselves (issue 17): schedules in the city's time zone, started
/// once per occurrence whoever looks, and feed signals that start a playbook for the districts
/// they name (signal-with-start).
struct ScheduleTests {
    static let kst = TimeZone(identifier: "Asia/Seoul")!

    static func date(_ iso: String) -> Date { ISO8601DateFormatter().date(from: iso)! }

    static func spec(_ json: JSONValue) throws(ScheduleError) -> ScheduleSpec { try ScheduleSpec(json: json) }

    @Test func theFormsFallDueInTheCitysTimeZone() throws {
        let d21 = try Self.spec(["before": "2027-02-17", "days": 21, "at": "09:00"])
        #expect(d21.description == "D-21 before 2027-02-17 at 09:00")
        #expect(d21.next(after: Self.date("2027-01-01T00:00:00Z"), in: Self.kst) == Self.date("2027-01-27T00:00:00Z"))
        #expect(d21.latest(notAfter: Self.date("2027-01-26T23:59:59Z"), in: Self.kst) == nil)
        #expect(d21.latest(notAfter: Self.date("2027-01-27T00:00:00Z"), in: Self.kst) == Self.date("2027-01-27T00:00:00Z"))
        #expect(d21.next(after: Self.date("2027-01-27T00:00:00Z"), in: Self.kst) == nil, "once only")

        let once = try Self.spec(["at": "2027-11-18 06:30"])
        #expect(once.latest(notAfter: .distantFuture, in: Self.kst) == Self.date("2027-11-17T21:30:00Z"))

        // Every day at 06:00 KST is 21:00 UTC the day before.
        let daily = try Self.spec(["every": "day", "at": "06:00"])
        let now = Self.date("2026-12-05T09:00:00Z")  // 18:00 KST
        #expect(daily.latest(notAfter: now, in: Self.kst) == Self.date("2026-12-04T21:00:00Z"))
        #expect(daily.next(after: now, in: Self.kst) == Self.date("2026-12-05T21:00:00Z"))

        let monday = try Self.spec(["every": "monday", "at": "08:30"])  // 2026-12-07 is a Monday
        #expect(monday.next(after: now, in: Self.kst) == Self.date("2026-12-06T23:30:00Z"))
        #expect(monday.latest(notAfter: now, in: Self.kst) == Self.date("2026-11-29T23:30:00Z"))
    }

    static let unreadable: [(JSONValue, String)] = [
        (["at": "2027-02-30 09:00"], "at must be a date and time"),
        (["every": "weekday", "at": "06:00"], "every must be day or a weekday"),
        (["every": "day"], "at must be a time of day"),
        (["before": "2027-02-17"], "before needs days"),
        (["before": "2027-02-17", "days": -1], "before needs days"),
        (["at": "2027-01-27 25:00"], "at must be a date and time"),
        (["at": "2027-01-27 09:00", "lates": "2h"], "did you mean 'late'?"),
        (["at": "2027-01-27 09:00", "late": "soon"], "late must be a duration"),
        (["days": 3], "needs at"),
    ]

    @Test(arguments: unreadable.indices)
    func aScheduleThatCannotBeReadSaysWhichField(_ index: Int) {
        let (json, problem) = Self.unreadable[index]
        do {
            _ = try Self.spec(json)
            Issue.record("\(json) was read")
        } catch {
            #expect(error.message.contains(problem), "\(json): \(error.message)")
        }
    }

    static let holiday = """
        return ilsa.workflow {
          name = "holiday", title = "연휴 대비",
          params = { { name = "district", type = "district", default = "singil" } },
          schedules = { { before = "2027-02-17", days = 21, at = "09:00", params = { district = "wolpi" } } },
          run = function(ctx)
            ilsa.task { title = "연휴 대비 점검 " .. ctx.params.district, assignee = { role = "DONG.HEAD", district = ctx.params.district } }:wait()
          end,
        }
        """

    @Test func aPlaybooksScheduleIsReadWithItsMetadata() throws {
        let playbook = try Playbook.load(source: Self.holiday, chunkName: "holiday.lua")
        #expect(playbook.schedules.map(\.description) == ["D-21 before 2027-02-17 at 09:00"])
        #expect(playbook.schedules.first?.params == ["district": "wolpi"])
        let wrong = Self.holiday.replacingOccurrences(of: "params = { district = \"wolpi\" }", with: "params = { distrct = \"wolpi\" }")
        #expect(throws: PlaybookError.self) { try Playbook.load(source: wrong, chunkName: "holiday.lua") }
        do {
            _ = try Playbook.load(source: wrong, chunkName: "holiday.lua")
        } catch {
            #expect("\(error)".contains("workflow field 'schedules[1]': params names 'distrct'"), "\(error)")
            #expect("\(error)".contains("did you mean 'district'?"), "\(error)")
        }
    }

    @Test func anOccurrenceStartsOneRunWhoeverLooks() throws {
        let folder = try TemporaryFolder()
        let store = try folder.store()
        let clock = VirtualClock(startingAt: Self.date("2027-01-26T23:00:00Z"))
        func engine() -> Engine { Engine(store: store, clock: clock, roster: Fixtures.roster, source: { _ in Self.holiday }) }
        let playbook = try Playbook.load(source: Self.holiday, chunkName: "holiday.lua")
        let schedules = [Schedule(id: "holiday#1", workflow: "holiday", path: "holiday.lua", spec: try #require(playbook.schedules.first))]

        #expect(try engine().startDue(schedules).isEmpty, "an hour early")
        #expect(engine().nextScheduled(schedules) == Self.date("2027-01-27T00:00:00Z"))
        try clock.advance(to: Self.date("2027-01-27T00:00:05Z"))
        let started = try engine().startDue(schedules)
        #expect(started.count == 1)
        let run = try #require(started.first?.change.run)
        #expect(run == schedules[0].runID(at: Self.date("2027-01-27T00:00:00Z")))
        // A second worker, a second pass: nothing more.
        #expect(try engine().startDue(schedules).isEmpty)
        try clock.advance(by: .seconds(3600))
        #expect(try engine().startDue(schedules).isEmpty)
        #expect(try store.runs(status: nil).count == 1)

        let history = try store.history(of: run)
        guard case .started(let start)? = history.first?.fact else { throw TestSetupError("no start") }
        #expect(start.params["district"] == "wolpi", "the schedule's parameters")
        #expect(start.startedBy == "schedule holiday#1 (D-21 before 2027-02-17 at 09:00) at 2027-01-27 09:00 KST")
    }

    @Test func anOccurrenceTooLateIsMissed() throws {
        let folder = try TemporaryFolder()
        let store = try folder.store()
        let clock = VirtualClock(startingAt: Self.date("2027-01-28T00:00:01Z"))  // a day and a second late
        let engine = Engine(store: store, clock: clock, roster: Fixtures.roster, source: { _ in Self.holiday })
        let spec = try Self.spec(["before": "2027-02-17", "days": 21, "at": "09:00"])
        #expect(try engine.startDue([Schedule(id: "h", workflow: "holiday", path: "holiday.lua", spec: spec)]).isEmpty)
        var patient = spec
        patient.late = .seconds(48 * 3600)
        #expect(try engine.startDue([Schedule(id: "h", workflow: "holiday", path: "holiday.lua", spec: patient)]).count == 1)
    }

    @Test func aScheduleWhoseParametersDoNotFitIsAProblemNotACrash() throws {
        let folder = try TemporaryFolder()
        let clock = VirtualClock(startingAt: Self.date("2027-01-27T00:00:00Z"))
        let engine = Engine(store: try folder.store(), clock: clock, roster: Fixtures.roster, source: { _ in Self.holiday })
        let spec = try Self.spec(["before": "2027-02-17", "days": 21, "at": "09:00", "params": ["district": "atlantis"]])
        var problems: [String] = []
        let started = try engine.startDue([Schedule(id: "h", workflow: "holiday", path: "holiday.lua", spec: spec)]) { _, error in
            problems.append("\(error)")
        }
        #expect(started.isEmpty)
        #expect(problems.count == 1 && problems[0].contains("atlantis"), "\(problems)")
    }
}
