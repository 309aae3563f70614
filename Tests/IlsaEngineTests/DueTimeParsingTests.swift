import Foundation
import IlsaEngine
import Testing

/// Every form a playbook may write for `due`, and the errors for what it may not.
struct DueTimeParsingTests {
    static let acceptedForms = DueTimeError.acceptedForms

    @Test(arguments: [
        ("15m", DueTime.after(.seconds(15 * 60)), "15m"),
        ("90s", .after(.seconds(90)), "1m30s"),
        ("90m", .after(.seconds(90 * 60)), "1h30m"),
        ("1h30m", .after(.seconds(90 * 60)), "1h30m"),
        ("4h", .after(.seconds(4 * 3600)), "4h"),
        ("2d", .after(.seconds(2 * 86_400)), "2d"),
        ("1d2h3m4s", .after(.seconds(86_400 + 2 * 3600 + 3 * 60 + 4)), "1d2h3m4s"),
        ("0m", .after(.zero), "0s"),
        ("  15m\t", .after(.seconds(15 * 60)), "15m"),
        ("T0", .sinceStart(.zero), "T0"),
        ("T0+0s", .sinceStart(.zero), "T0"),
        ("T0+2h", .sinceStart(.seconds(2 * 3600)), "T0+2h"),
        ("T0+1h30m", .sinceStart(.seconds(90 * 60)), "T0+1h30m"),
        ("T0+120m", .sinceStart(.seconds(2 * 3600)), "T0+2h"),
        ("T0+3d", .sinceStart(.seconds(3 * 86_400)), "T0+3d"),
    ])
    func readsDurationsAndOffsetsFromTheStart(text: String, expected: DueTime, canonical: String) throws {
        let due = try DueTime(parsing: text)
        #expect(due == expected)
        #expect(due.description == canonical)
        #expect(try DueTime(parsing: due.description) == due)
    }

    @Test(arguments: [
        ("2025-07-16T09:00:00+09:00", 1_752_624_000, 9 * 3600, "2025-07-16T09:00:00+09:00"),
        ("2025-07-16T00:00:00Z", 1_752_624_000, 0, "2025-07-16T00:00:00Z"),
        ("2025-07-16T00:00:00+00:00", 1_752_624_000, 0, "2025-07-16T00:00:00Z"),
        ("2025-07-15T19:30:00-04:30", 1_752_624_000, -(4 * 3600 + 1800), "2025-07-15T19:30:00-04:30"),
        ("2024-02-29T23:59:59Z", 1_709_251_199, 0, "2024-02-29T23:59:59Z"),
        ("2000-01-01T00:00:00+09:00", 946_652_400, 9 * 3600, "2000-01-01T00:00:00+09:00"),
        ("1970-01-01T00:00:00Z", 0, 0, "1970-01-01T00:00:00Z"),
        ("1969-12-31T23:00:00Z", -3600, 0, "1969-12-31T23:00:00Z"),
    ])
    func readsAbsoluteTimes(text: String, epochSeconds: Int, offset: Int, canonical: String) throws {
        let due = try DueTime(parsing: text)
        #expect(due == .at(Date(timeIntervalSince1970: TimeInterval(epochSeconds)), utcOffset: offset))
        #expect(due.description == canonical)
        #expect(try DueTime(parsing: due.description) == due)
    }

    @Test func theSameInstantInAnotherOffsetIsAnotherDueTimeButTheSameDeadline() throws {
        let seoul = try DueTime(parsing: "2025-07-16T09:00:00+09:00")
        let utc = try DueTime(parsing: "2025-07-16T00:00:00Z")
        #expect(seoul != utc)
        #expect(seoul.resolve(now: .distantPast, runStart: .distantPast) == utc.resolve(now: .now, runStart: .now))
    }

    @Test(arguments: [
        ("", DueTimeError.Code.empty),
        ("   ", .empty),
        ("15", .malformed),
        ("15 minutes", .malformed),
        ("15min", .malformed),
        ("1.5h", .malformed),
        ("30m1h", .malformed),
        ("15m15m", .malformed),
        ("h", .malformed),
        ("1 h", .malformed),
        ("soon", .malformed),
        ("T", .malformed),
        ("T+2h", .malformed),
        ("t0+2h", .malformed),
        ("T0+", .malformed),
        ("T0 + 2h", .malformed),
        ("T02h", .malformed),
        ("T0+2", .malformed),
        ("T0+-2h", .malformed),
        ("T1+2h", .malformed),
        ("-", .malformed),
        ("-15m", .negative),
        ("-1h30m", .negative),
        ("T0-2h", .negative),
        ("2025-07-16", .malformed),
        ("2025-07-16 09:00:00+09:00", .malformed),
        ("2025-07-16T09:00+09:00", .malformed),
        ("2025-07-16T09:00:00.500Z", .malformed),
        ("2025-07-16T09:00:00+0900", .malformed),
        ("2025-07-16T09:00:00+09", .malformed),
        ("2025-07-16T09:00:00z", .malformed),
        ("2025-7-16T09:00:00Z", .malformed),
        ("2025-07-16T09:00:00", .missingOffset),
        ("2025-13-01T00:00:00Z", .invalidTime),
        ("2025-00-01T00:00:00Z", .invalidTime),
        ("2025-02-29T00:00:00Z", .invalidTime),
        ("2025-04-31T00:00:00Z", .invalidTime),
        ("2025-07-00T00:00:00Z", .invalidTime),
        ("2025-07-16T24:00:00Z", .invalidTime),
        ("2025-07-16T09:60:00Z", .invalidTime),
        ("2025-07-16T09:00:60Z", .invalidTime),
        ("2025-07-16T09:00:00+24:00", .invalidTime),
        ("99999999999999999999m", .malformed),
    ])
    func rejectsWithACode(text: String, code: DueTimeError.Code) {
        #expect {
            try DueTime(parsing: text)
        } throws: { error in
            guard let error = error as? DueTimeError else { return false }
            return error.code == code && error.text == text && error.description.hasPrefix("due ")
        }
    }

    @Test func messagesSayWhatWasWrongAndWhatToWrite() {
        func message(_ text: String) -> String {
            do {
                _ = try DueTime(parsing: text)
                return "no error"
            } catch {
                return error.description
            }
        }
        #expect(
            message("15 minutes")
                == "due '15 minutes' is not understood; write a duration like \"15m\" or \"1h30m\", an offset "
                + "from the run's start like \"T0+2h\", or a time like \"2025-07-16T09:00:00+09:00\"")
        #expect(message("") == "due is empty; write \(Self.acceptedForms)")
        #expect(message("-15m") == "due '-15m' is in the past; write a duration from now like \"15m\" or \"1h30m\"")
        #expect(message("T0-2h") == "due 'T0-2h' is before the run's start; write an offset after it like \"T0+2h\"")
        #expect(
            message("T0+2 hours")
                == "due 'T0+2 hours' is not understood; write an offset from the run's start as \"T0+\" and a "
                + "duration, like \"T0+2h\" or \"T0+1h30m\", or \"T0\" for the start itself")
        #expect(
            message("2025-07-16T09:00:00")
                == "due '2025-07-16T09:00:00' has no offset from UTC; add one, like "
                + "\"2025-07-16T09:00:00+09:00\" or \"2025-07-16T09:00:00Z\"")
        #expect(message("2025-02-30T09:00:00Z") == "due '2025-02-30T09:00:00Z' is not a real time: the day is out of range")
        #expect(message("2025-07-16T09:00").contains("like \"2025-07-16T09:00:00+09:00\""))
    }

    @Test func codesHaveSnakeCaseNames() {
        #expect(
            [DueTimeError.Code.empty, .malformed, .negative, .missingOffset, .invalidTime].map(\.description)
                == ["empty", "malformed", "negative", "missing_offset", "invalid_time"])
    }
}
