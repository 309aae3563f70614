public import Foundation

/// One run of a playbook as the store lists it: what was started, with which parameters, and
/// where it is now. What the run did is in its history (``HistoryEvent``), not here.
public struct RunRecord: Hashable, Sendable {
    public var id: RunID
    /// The playbook's name: `storm_preparation`.
    public var workflow: String
    /// A title for people: `Typhoon Khanun — Danwon-gu preparation`.
    public var title: String
    /// A hash of the script the run started with; a replay with a different script is refused.
    public var scriptHash: String
    /// The parameters the run was started with.
    public var params: JSONValue
    public var status: RunStatus
    /// When the run started, by the engine's clock, to the millisecond.
    public var createdAt: Date
    /// When its history last grew, by the engine's clock, to the millisecond.
    public var updatedAt: Date
    /// How many events its history holds.
    public var lastSequence: Int
    /// The earliest time it has something due by the clock (a timer, a ladder climb), while it waits.
    public var wakeAt: Date?
    /// What it waits for, one entry per condition.
    public var waits: [WaitCondition]

    /// Makes a record; times are rounded to the millisecond, as the store keeps them.
    public init(
        id: RunID, workflow: String, title: String, scriptHash: String, params: JSONValue = .object([:]),
        status: RunStatus = .running, createdAt: Date, updatedAt: Date? = nil, lastSequence: Int = 0,
        wakeAt: Date? = nil, waits: [WaitCondition] = []
    ) {
        self.id = id
        self.workflow = workflow
        self.title = title
        self.scriptHash = scriptHash
        self.params = params
        self.status = status
        self.createdAt = createdAt.roundedToMilliseconds
        self.updatedAt = (updatedAt ?? createdAt).roundedToMilliseconds
        self.lastSequence = lastSequence
        self.wakeAt = wakeAt?.roundedToMilliseconds
        self.waits = waits
    }
}
