import Foundation
import IlsaEngine
import Testing

/// The wall clock and the virtual clock: the engine's two sources of time.
struct ClockTests {
    static let t0 = Date(timeIntervalSince1970: 1_752_624_000)

    @Test func virtualClockStaysPutUntilMoved() {
        let clock = VirtualClock(startingAt: Self.t0)
        #expect(clock.now == Self.t0)
        #expect(clock.now == Self.t0)
    }

    @Test func virtualClockAdvancesByDurations() throws {
        let clock = VirtualClock(startingAt: Self.t0)
        #expect(try clock.advance(by: .seconds(90)) == Self.t0.addingTimeInterval(90))
        try clock.advance(by: .milliseconds(250))
        try clock.advance(by: .zero)
        #expect(clock.now == Self.t0.addingTimeInterval(90.25))
        try clock.advance(by: .seconds(2 * 86_400))
        #expect(clock.now == Self.t0.addingTimeInterval(90.25 + 2 * 86_400))
    }

    @Test func virtualClockAdvancesToATime() throws {
        let clock = VirtualClock(startingAt: Self.t0)
        let later = Self.t0.addingTimeInterval(3600)
        #expect(try clock.advance(to: later) == later)
        #expect(try clock.advance(to: later) == later)
        #expect(clock.now == later)
    }

    @Test func virtualClockRefusesToGoBack() throws {
        let clock = VirtualClock(startingAt: Self.t0)
        try clock.advance(by: .seconds(600))
        #expect {
            try clock.advance(to: Self.t0.addingTimeInterval(300))
        } throws: { error in
            (error as? ClockError)?.description
                == "the virtual clock cannot go back from 2025-07-16T00:10:00Z to 2025-07-16T00:05:00Z"
        }
        #expect(throws: ClockError.self) { try clock.advance(by: .seconds(-1)) }
        #expect(throws: ClockError.self) { try clock.advance(to: Self.t0.addingTimeInterval(599.999)) }
        do {
            try clock.advance(by: .milliseconds(-1))
            Issue.record("went back")
        } catch {
            #expect(error.code == .backwards)
            #expect(error.code.description == "backwards")
        }
        #expect(clock.now == Self.t0.addingTimeInterval(600))
    }

    @Test func virtualClockIsSafeToMoveFromManyTasks() async throws {
        let clock = VirtualClock(startingAt: Self.t0)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<100 {
                group.addTask {
                    for _ in 0..<10 { _ = try? clock.advance(by: .seconds(1)) }
                }
            }
        }
        #expect(clock.now == Self.t0.addingTimeInterval(1000))
    }

    @Test func enginesTakeAnyClock() throws {
        let clocks: [any EngineClock] = [WallClock(), VirtualClock(startingAt: Self.t0)]
        #expect(clocks[1].now == Self.t0)
        #expect(abs(clocks[0].now.timeIntervalSinceNow) < 60)
    }

    @Test func wallClockTruncatesToMilliseconds() {
        let clock = WallClock()
        for _ in 0..<1000 {
            let before = Date()
            let now = clock.now
            let milliseconds = now.timeIntervalSince1970 * 1000
            #expect(milliseconds == milliseconds.rounded())
            #expect(Date(millisecondsSince1970: now.millisecondsSince1970) == now)
            #expect(now >= before.addingTimeInterval(-0.001))
        }
    }

    @Test(arguments: [
        (1_752_624_000.0004, 1_752_624_000_000 as Int64),
        (1_752_624_000.9999, 1_752_624_000_999),
        (1_752_624_000.123, 1_752_624_000_123),
        (-0.0005, -1),
    ])
    func truncationDropsWhatIsBelowAMillisecondTowardsThePast(seconds: Double, milliseconds: Int64) {
        let truncated = Date(timeIntervalSince1970: seconds).truncatedToMilliseconds
        #expect(truncated.millisecondsSince1970 == milliseconds)
        #expect(truncated == Date(millisecondsSince1970: milliseconds))
    }

    @Test func millisecondsSurviveARoundTripAcrossManyTimes() {
        var milliseconds: Int64 = 1_752_624_000_000
        for _ in 0..<100_000 {
            milliseconds += 7_919
            let date = Date(millisecondsSince1970: milliseconds)
            #expect(date.millisecondsSince1970 == milliseconds)
            #expect(date.truncatedToMilliseconds == date)
        }
    }
}
