import Foundation

extension Engine {
    /// Cancels a run that cannot be rebuilt, from the store alone: a `run_cancelled` event that
    /// says why (`unreplayable`), and the run's open tasks cancelled and open escalations closed
    /// in the same transaction. No hook runs: the playbook's plugins may be what is missing.
    /// - Throws: `problem` when the run has ended (nothing to cancel); ``StoreError``.
    func cancelWithoutReplay(_ run: RunID, answer: [String: JSONValue], because problem: any Error) throws {
        guard let record = try store.run(run), !record.status.isFinal else { throw problem }
        let now = clock.now
        var payload = answer
        payload["unreplayable"] = .string("\(problem)")
        let event = HistoryEvent(sequence: record.lastSequence + 1, kind: .runCancelled, name: "run", payload: .object(payload), at: now)
        var tasks = try store.tasks(TaskQuery(run: run)).filter { !$0.state.isTerminal }
        for index in tasks.indices {
            tasks[index].state = .cancelled
            tasks[index].updatedAt = now
        }
        var escalations = try store.escalations(run: run, openOnly: true)
        for index in escalations.indices {
            escalations[index].state = .closed
            escalations[index].updatedAt = now
        }
        let projection = RunProjection(tasks: tasks, escalations: escalations, schedule: RunProjection.Schedule())
        try store.append([event], to: run, after: record.lastSequence, status: .cancelled, projection: projection)
    }
}
