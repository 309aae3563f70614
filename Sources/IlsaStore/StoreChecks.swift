/// The checks every store makes of a change before it writes anything, with the messages they
/// give, so each store refuses the same changes in the same words.
package enum StoreChecks {
    /// What is wrong with the events' numbering (they must be numbered `after + 1`, `after + 2`,
    /// ... without gaps), or nil when nothing is.
    package static func numbering(_ events: [HistoryEvent], after lastSequence: Int, run: RunID) -> String? {
        for (offset, event) in events.enumerated() where event.sequence != lastSequence + 1 + offset {
            return "run '\(run)': event \(offset + 1) of \(events.count) has sequence \(event.sequence), expected "
                + "\(lastSequence + 1 + offset) (events are numbered from 1 without gaps)"
        }
        return nil
    }

    /// The message for a value the store cannot keep (`NaN`, an infinity).
    package static func unstorable(_ error: any Error, run: RunID, what: String) -> String {
        "run '\(run)' \(what): \(error)"
    }
}
