public import Foundation
public import IlsaStore
import Crypto

/// A schedule of one playbook: declared in its file (`schedules = { ... }`), or set by an
/// operator (`ilsa schedules add`, kept in the store).
public struct Schedule: Hashable, Sendable {
    /// `holiday#1` for a playbook's first declared schedule; the store's id for an operator's.
    public var id: String
    /// The playbook's name.
    public var workflow: String
    /// The playbook file it starts.
    public var path: String
    public var spec: ScheduleSpec
    /// Who set it: nil when the playbook declares it.
    public var setBy: String?

    public init(id: String, workflow: String, path: String, spec: ScheduleSpec, setBy: String? = nil) {
        self.id = id
        self.workflow = workflow
        self.path = path
        self.spec = spec
        self.setBy = setBy
    }

    /// The id of the run a start at `occurrence` makes: the same for every worker on every
    /// machine, so an occurrence starts one run however many workers see it due (the store
    /// refuses a second run with the id). The same playbook, time and parameters from two
    /// schedules are one start.
    public func runID(at occurrence: Date) -> RunID {
        let params = (try? JSONValue.object(spec.params).encodedText()) ?? ""
        let key = "schedule|\(workflow)|\(occurrence.millisecondsSince1970)|\(params)"
        return RunID("s" + SHA256.hash(data: Data(key.utf8)).prefix(4).map { String(format: "%02x", $0) }.joined().prefix(7))
    }

    /// What the run's history says started it.
    public func startedBy(at occurrence: Date, city: CityTime) -> String {
        "schedule \(id) (\(spec.description)) at \(city.stamp(occurrence))"
    }
}

/// What one occurrence of a schedule did.
public struct ScheduledStart: Sendable, Hashable {
    public var schedule: Schedule
    public var occurrence: Date
    public var change: RunChange
}
