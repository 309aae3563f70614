import IlsaStore
import Foundation

extension Engine {
    /// Cancels a run that cannot be rebuilt, from the store alone: a `run_cancelled` event that
    /// says why (`unreplayable`), and the run's open tasks cancelled and open escalations closed
    /// in the same transaction. Nothing of the run is read back (its history may be what cannot
    /// be read) and no hook runs (the playbook's plugins may be what is missing).
    /// - Returns: The cancellation; the tasks and escalations it closed are in the store.
    /// - Throws: `problem` when the run has ended (nothing to cancel); ``StoreError``.
    func cancelWithoutReplay(_ run: RunID, _ cancellation: RunCancellation, because problem: any Error) throws -> RunChange {
        var cancellation = cancellation
        cancellation.unreplayable = "\(problem)".truncated(toBytes: budget.messageBytes)
        let event = HistoryEvent(sequence: 0, at: clock.now, .cancelled(cancellation))
        do {
            try store.cancelWithoutReading(run, event: event)
        } catch let error as StoreError where error.code == .conflict {
            throw problem  // it has ended: say why it could not be cancelled the usual way
        }
        return RunChange(run: run, events: [event], status: .cancelled)
    }
}
