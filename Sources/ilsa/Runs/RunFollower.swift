import IlsaStore
import Foundation
import IlsaEngine

/// Keeps one run moving and prints what happens to it, until it ends or Ctrl-C: the loop behind
/// `ilsa run` without `--detach`.
///
/// Each step does what is due by the clock (``Engine/work()``: timers, ladder climbs, in every
/// run of the store, as `ilsa work` does), then prints the run's new events as the store has
/// them, so what other processes record (`ilsa task done`, `ilsa signal` in another terminal)
/// shows too, and says once when a task passes its due time. Between steps it sleeps until the
/// store's next wake time, or half a second, to notice what others do. Meanwhile it delivers
/// what plugin hooks queued, beside the steps, as `ilsa work` does; what is left when it stops
/// is said, for `ilsa work` to deliver.
struct RunFollower {
    let engine: Engine
    let run: RunID
    let printer: ProgressPrinter
    let stop: StopRequest
    /// The longest sleep between two looks at the store.
    var poll: TimeInterval = 0.5

    /// Follows the run until it ends, and returns how it ended; nil when a stop was asked for
    /// (the run goes on in the store).
    func follow() throws -> RunStatus? {
        let stopDeliveries = Deliveries.start(store: engine.store, claimant: Heartbeat.processID())
        defer {
            stopDeliveries()
            if let pending = try? engine.store.effectCounts().pending, pending > 0 {
                Console.note("\(pending) notification\(pending == 1 ? "" : "s") wait\(pending == 1 ? "s" : "") for ilsa work to deliver")
            }
        }
        var narrator = EventNarrator(run: run)
        var seen = 0
        var announced: Set<String> = []
        let problems = WorkProblems()
        while true {
            // The record first: once it says the run has ended, the history has the end.
            guard let record = try engine.store.run(run) else { throw RuntimeError(.notFound, "no run '\(run)'") }
            for event in try engine.store.history(of: run, after: seen) {
                printer.print(event, run: run, line: narrator.narrate(event, detail: .progress))
                seen = event.sequence
            }
            if record.status.isFinal && seen >= record.lastSequence { return record.status }
            let now = engine.clock.now
            for task in try engine.store.tasks(TaskQuery(run: run, overdueAt: now)) where announced.insert(task.id.description).inserted {
                printer.print(
                    notice: narrator.overdue(task, now: now), kind: "task_overdue", at: now, run: run,
                    fields: ["task": .string(task.id.description), "due": task.due.map { .string(ReadModelJSON.iso($0)) } ?? .null])
            }
            if stop.isRequested { return nil }
            let wake = try engine.nextWake().map { min($0, Date(timeIntervalSinceNow: poll)) } ?? Date(timeIntervalSinceNow: poll)
            stop.sleep(until: max(wake, Date(timeIntervalSinceNow: 0.01)))
            if stop.isRequested { return nil }
            // A run that cannot move (its playbook was edited) is told once; the others go on.
            do {
                try Self.tolerateContention { _ = try engine.work(problem: problems.report) }
            } catch let error as RuntimeError where error.code == .stopped {
                return nil
            }
        }
    }

    /// Runs a step that another process may be taking at the same moment: a conflict (it
    /// extended the run first) or a busy store is left for the next step.
    static func tolerateContention(_ step: () throws -> Void) throws {
        do {
            try step()
        } catch let error as StoreError where error.code == .conflict || error.code == .busy {
            return
        }
    }
}
