import Foundation

extension InMemoryRunStore {
    public func schedules() throws -> [StoredSchedule] {
        state.withLock { $0.schedules.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) } }
    }

    public func addSchedule(_ schedule: StoredSchedule) throws {
        try state.withLock { state in
            guard !state.schedules.contains(where: { $0.id == schedule.id }) else {
                throw StoreError(.conflict, "a schedule '\(schedule.id)' exists already", path: "")
            }
            state.schedules.append(schedule)
        }
    }

    public func removeSchedule(id: String) throws -> Bool {
        state.withLock { state in
            let before = state.schedules.count
            state.schedules.removeAll { $0.id == id }
            return state.schedules.count < before
        }
    }
}
