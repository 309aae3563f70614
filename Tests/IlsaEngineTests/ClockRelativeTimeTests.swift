import Foundation
import IlsaEngine
import Testing

/// How the CLI says how long is left, or how overdue a task is.
struct RelativeTimeTests {
    static let now = Date(timeIntervalSince1970: 1_752_624_000)

    static let table: [(seconds: Double, text: String)] = [
        (0.0, "now"),
        (0.999, "now"),
        (-0.999, "now"),
        (1, "in 1s"),
        (40, "in 40s"),
        (-40, "overdue 40s"),
        (59.9, "in 59s"),
        (60, "in 1m"),
        (12 * 60 + 59, "in 12m"),
        (-(12 * 60 + 30), "overdue 12m"),
        (59 * 60 + 59, "in 59m"),
        (3600, "in 1h00m"),
        (3600 + 5 * 60, "in 1h05m"),
        (-(3600 + 5 * 60 + 59), "overdue 1h05m"),
        (10 * 3600 + 45 * 60, "in 10h45m"),
        (23 * 3600 + 59 * 60 + 59, "in 23h59m"),
        (86_400, "in 1d 0h"),
        (2 * 86_400 + 3 * 3600, "in 2d 3h"),
        (2 * 86_400 + 3 * 3600 + 59 * 60, "in 2d 3h"),
        (-(2 * 86_400 + 3 * 3600), "overdue 2d 3h"),
        (400 * 86_400, "in 400d 0h"),
    ]

    @Test(arguments: table)
    func describesTheInterval(seconds: Double, text: String) {
        #expect(RelativeTime.describe(from: Self.now, to: Self.now.addingTimeInterval(seconds)) == text)
    }

    @Test func describesFromThePointOfViewOfFrom() {
        let deadline = Self.now.addingTimeInterval(12 * 60)
        #expect(RelativeTime.describe(from: Self.now, to: deadline) == "in 12m")
        #expect(RelativeTime.describe(from: deadline.addingTimeInterval(12 * 60), to: deadline) == "overdue 12m")
    }

    @Test func farTimesDoNotCrash() {
        #expect(RelativeTime.describe(from: .distantPast, to: .distantFuture).hasPrefix("in "))
        #expect(RelativeTime.describe(from: .distantFuture, to: .distantPast).hasPrefix("overdue "))
    }
}
