import IlsaStore

/// The runs kept live in memory: at most `capacity`, the least recently used evicted first. An
/// evicted run costs a replay when it is next needed, never correctness.
struct LiveRuns {
    let capacity: Int
    private var entries: [RunID: (execution: RunExecution, used: UInt64)] = [:]
    private var clock: UInt64 = 0

    init(capacity: Int) { self.capacity = max(1, capacity) }

    var count: Int { entries.count }

    mutating func get(_ run: RunID) -> RunExecution? {
        guard let entry = entries[run] else { return nil }
        clock += 1
        entries[run] = (entry.execution, clock)
        return entry.execution
    }

    /// Keeps a run; evicts the least recently used one when over capacity.
    mutating func insert(_ execution: RunExecution) {
        clock += 1
        entries[execution.id] = (execution, clock)
        if entries.count > capacity, let oldest = entries.min(by: { $0.value.used < $1.value.used }) {
            entries[oldest.key] = nil
        }
    }

    mutating func remove(_ run: RunID) { entries[run] = nil }

    mutating func removeAll() { entries.removeAll() }
}
