import Foundation
import IlsaEngine

/// Finds the run a command names, or says there is none, with the closest id:
/// `no run 'a1b2c3d5' (did you mean 'a1b2c3d4'?)`.
enum RunLookup {
    /// The run with an id.
    /// - Throws: ``InputError`` naming the nearest run id.
    static func record(_ id: String, in store: any RunStore) throws -> RunRecord {
        if let record = try store.run(RunID(id)) { return record }
        let ids = try store.runs().map(\.id.rawValue)
        var message = "no run '\(id)'" + DidYouMean.hint(for: id, in: ids)
        if ids.isEmpty {
            message += "; the store has no runs"
        } else if id.contains(".") {
            message += "; a run id has no '.' (RUN.N names a task or an escalation)"
        } else {
            message += "; list the runs with ilsa status --all"
        }
        throw InputError(message)
    }

    /// The roster an engine needs to move runs on: a run is replayed against the roster it
    /// started with, so commands that advance or cancel runs refuse to go on without one.
    /// - Throws: ``InputError`` saying how to name the roster.
    static func requireRoster(_ engine: Engine) throws {
        guard engine.roster == nil else { return }
        throw InputError(
            "no roster: runs are checked and replayed against the city's roster; name it with --roster PATH or ILSA_ROSTER "
                + "(or work from the project folder, which has \(RosterOption.defaultPath))")
    }
}
