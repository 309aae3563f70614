public import Foundation

extension Date {
    /// Milliseconds since 1970-01-01T00:00:00Z, rounded to the nearest millisecond: the form in
    /// which the store keeps a time.
    public var millisecondsSince1970: Int64 {
        Int64((timeIntervalSince1970 * 1000).rounded())
    }

    /// Makes the time that lies the given number of milliseconds after 1970-01-01T00:00:00Z.
    ///
    /// - Parameter milliseconds: Milliseconds since 1970-01-01T00:00:00Z, as the store keeps them.
    public init(millisecondsSince1970 milliseconds: Int64) {
        self.init(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    /// This time rounded to the nearest millisecond: what the store gives back for it.
    public var roundedToMilliseconds: Date { Date(millisecondsSince1970: millisecondsSince1970) }

    /// This time with anything below a millisecond dropped, towards the past.
    public var truncatedToMilliseconds: Date {
        Date(millisecondsSince1970: Int64((timeIntervalSince1970 * 1000).rounded(.down)))
    }
}

/// Date and duration arithmetic shared by the clock types.
package enum ClockArithmetic {
    /// A duration as seconds, attoseconds included.
    package static func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }

    /// The time a duration after a date.
    package static func date(_ date: Date, plus duration: Duration) -> Date {
        date.addingTimeInterval(seconds(duration))
    }
}
