import Foundation

/// A ``RunWrite``'s change with everything a store checks and encodes before its transaction:
/// the events' numbering, and every JSON value as the text a store keeps. One preparation for
/// every store that keeps text (SQLite, PostgreSQL), so they refuse the same writes alike.
package enum PreparedChange {
    case create(PreparedCreate)
    case append(PreparedAppend)
    case cancel(PreparedCancel)

    /// Prepares a change; errors name the store at `path`.
    /// - Throws: ``StoreError`` `invalidEvents` for events out of order or a value no store can keep.
    package init(_ write: RunWrite, path: String) throws {
        let text = StoreText(path: path)
        switch write.change {
        case .create(let run, let firstEvents, let projection):
            try text.check(firstEvents, after: 0, run: run.id)
            let schedule = projection?.schedule ?? RunProjection.Schedule()
            self = .create(
                PreparedCreate(
                    run: run, params: try text.payload(run.params, run: run.id, what: "params"),
                    events: try text.rows(firstEvents, run: run.id),
                    wakeAt: schedule.wakeAt?.millisecondsSince1970, waits: try text.waits(schedule, run: run.id), projection: projection))
        case .append(let run, let events, let after, let status, let projection):
            try text.check(events, after: after, run: run)
            self = .append(
                PreparedAppend(
                    run: run, events: try text.rows(events, run: run), after: after, status: status,
                    schedule: try projection?.schedule.map { ($0.wakeAt?.millisecondsSince1970, try text.waits($0, run: run)) },
                    projection: projection))
        case .cancelWithoutReading(let run, let event):
            self = .cancel(
                PreparedCancel(run: run, event: event, payload: try text.payload(event.payload, run: run, what: "the cancellation")))
        }
    }
}

package struct PreparedCreate {
    package var run: RunRecord
    package var params: String
    package var events: [PreparedEvent]
    package var wakeAt: Int64?
    package var waits: String
    package var projection: RunProjection?
}

package struct PreparedAppend {
    package var run: RunID
    package var events: [PreparedEvent]
    package var after: Int
    package var status: RunStatus?
    /// The run's wake time and waits, when the projection changes them.
    package var schedule: (wakeAt: Int64?, waits: String)?
    package var projection: RunProjection?
}

package struct PreparedCancel {
    package var run: RunID
    package var event: HistoryEvent
    package var payload: String
}

/// An event ready to insert, its payload already JSON text.
package struct PreparedEvent {
    package var event: HistoryEvent
    package var payload: String
}

/// JSON as the text a store keeps, and the checks on a write's events, with errors naming the store.
package struct StoreText {
    package let path: String

    package init(path: String) { self.path = path }

    /// Refuses events that are not numbered `after + 1`, `after + 2`, ...
    func check(_ events: [HistoryEvent], after lastSequence: Int, run: RunID) throws {
        if let problem = StoreChecks.numbering(events, after: lastSequence, run: run) {
            throw StoreError(.invalidEvents, problem, path: path, run: run)
        }
    }

    func rows(_ events: [HistoryEvent], run: RunID) throws -> [PreparedEvent] {
        try events.map { PreparedEvent(event: $0, payload: try payload($0.payload, run: run, what: "event \($0.sequence) payload")) }
    }

    func waits(_ schedule: RunProjection.Schedule, run: RunID) throws -> String {
        try payload(.array(schedule.waits.map(\.json)), run: run, what: "waits")
    }

    /// A value as JSON text, or `invalidEvents` for one no store can keep.
    package func payload(_ value: JSONValue, run: RunID, what: String) throws -> String {
        do {
            return try value.encodedText()
        } catch {
            throw StoreError(.invalidEvents, StoreChecks.unstorable(error, run: run, what: what), path: path, run: run)
        }
    }

    /// Text a store kept, read back as JSON (to the stored depth), or `unreadable`.
    package func decode(_ text: String, what: String) throws -> JSONValue {
        do {
            return try JSONValue(json: text, maximumDepth: JSONValue.storedMaximumDepth)
        } catch {
            throw StoreError(.unreadable, "\(what) cannot be read back: \(error)", path: path)
        }
    }
}
