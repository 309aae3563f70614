import Foundation
import IlsaEngine
import Testing

/// Due times become deadlines against the clock's now and the run's start, and travel as text.
struct DueTimeResolveTests {
    /// 2025-07-16T00:00:00Z, the run's start.
    static let t0 = Date(timeIntervalSince1970: 1_752_624_000)
    /// Forty minutes into the run, when the task is created.
    static let now = t0.addingTimeInterval(40 * 60)

    @Test(arguments: [
        ("15m", 55 * 60),
        ("1h30m", 130 * 60),
        ("0s", 40 * 60),
        ("T0", 0),
        ("T0+2h", 2 * 3600),
        ("T0+15m", 15 * 60),
        ("2025-07-16T09:00:00+09:00", 0),
        ("2025-07-16T12:00:00+09:00", 3 * 3600),
        ("2025-07-15T23:00:00Z", -3600),
    ])
    func resolvesAgainstNowAndTheRunStart(text: String, secondsAfterT0: Int) throws {
        let due = try DueTime(parsing: text)
        #expect(due.resolve(now: Self.now, runStart: Self.t0) == Self.t0.addingTimeInterval(TimeInterval(secondsAfterT0)))
    }

    @Test func relativeDueTimesMoveWithNowAndOffsetsWithTheStart() throws {
        let relative = try DueTime(parsing: "15m")
        let fromStart = try DueTime(parsing: "T0+2h")
        let later = Self.now.addingTimeInterval(3600)
        #expect(relative.resolve(now: later, runStart: Self.t0) == later.addingTimeInterval(15 * 60))
        #expect(fromStart.resolve(now: later, runStart: Self.t0) == Self.t0.addingTimeInterval(2 * 3600))
        let otherStart = Self.t0.addingTimeInterval(86_400)
        #expect(fromStart.resolve(now: later, runStart: otherStart) == otherStart.addingTimeInterval(2 * 3600))
    }

    @Test func resolvesAgainstAVirtualClock() throws {
        let clock = VirtualClock(startingAt: Self.t0)
        try clock.advance(by: .seconds(10 * 60))
        let deadline = try DueTime(parsing: "15m").resolve(now: clock.now, runStart: Self.t0)
        #expect(deadline == Self.t0.addingTimeInterval(25 * 60))
        #expect(RelativeTime.describe(from: clock.now, to: deadline) == "in 15m")
        try clock.advance(to: deadline.addingTimeInterval(12 * 60))
        #expect(RelativeTime.describe(from: clock.now, to: deadline) == "overdue 12m")
    }

    struct Task: Codable, Equatable {
        var title: String
        var due: DueTime
    }

    @Test func encodesAsItsCanonicalText() throws {
        let tasks = [
            Task(title: "a", due: try DueTime(parsing: "90m")),
            Task(title: "b", due: try DueTime(parsing: "T0+2h")),
            Task(title: "c", due: try DueTime(parsing: "2025-07-16T09:00:00+09:00")),
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(tasks), as: UTF8.self)
        #expect(
            json == #"[{"due":"1h30m","title":"a"},{"due":"T0+2h","title":"b"},"#
                + #"{"due":"2025-07-16T09:00:00+09:00","title":"c"}]"#)
        #expect(try JSONDecoder().decode([Task].self, from: Data(json.utf8)) == tasks)
    }

    @Test func decodingBadTextReportsTheDueTimeMessage() {
        let json = #"{"title":"a","due":"15 minutes"}"#
        #expect {
            try JSONDecoder().decode(Task.self, from: Data(json.utf8))
        } throws: { error in
            guard case DecodingError.dataCorrupted(let context) = error else { return false }
            return context.debugDescription.hasPrefix("due '15 minutes' is not understood")
        }
    }
}
