import IlsaStore
import Foundation
import IlsaEngine

/// Says on standard error which runs ``Engine/work(problem:)`` could not move (a playbook edited
/// under a waiting run, a playbook file gone), once per run and message, while the others go on.
final class WorkProblems {
    private var told: Set<String> = []
    /// How many runs could not move in the last step.
    private(set) var count = 0

    /// Starts a step: the count starts again; what was said stays said.
    func beginStep() { count = 0 }

    /// A warning said once however often it recurs (a schedule whose playbook is gone).
    func warnOnce(_ message: String) {
        guard told.insert(message).inserted else { return }
        Console.warning(message)
    }

    func report(_ run: RunID, _ error: any Error) {
        count += 1
        let message = Ilsa.describe(error)?.0 ?? "\(error)"
        guard told.insert("\(run) \(message)").inserted else { return }
        Console.error("run \(run) cannot go on: \(message)")
    }
}
