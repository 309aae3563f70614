import IlsaStore
import Foundation
import IlsaEngine

/// Finds what a command names (a run, a task, an escalation) in the store, or explains that it
/// is not there with the closest id: `no task 'ab12cd34.31' (did you mean 'ab12cd34.13'?)`.
///
/// Ids are `RUN` for a run and `RUN.N` for its tasks and escalations.
enum Lookup {
    /// How many candidates a did-you-mean reads at most: the newest runs, the soonest due open
    /// tasks, the oldest open escalations. A typo is most likely of something current, and a
    /// store of 100,000 runs is not read whole to say so (it took 1.7 s and 210 MB).
    static let candidates = PageRequest(limit: 1_000, counts: false)

    /// The run with an id, or with the one id that starts with it (`3f9c` for `3f9c1a2b`).
    /// - Throws: ``InputError`` naming the runs a prefix could mean, or the nearest run id.
    static func run(_ id: String, in store: any RunStore) throws -> RunRecord {
        if let run = try store.run(RunID(id)) ?? store.run(try expanded(id, in: store)) { return run }
        let ids = try store.runs(RunQuery(), page: candidates).items.map(\.id.rawValue)
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

    /// The one run id that starts with what a person typed, asked only once the text is not an
    /// id itself (an exact id costs one read). Text no id starts with comes back as it is, for
    /// the caller's own message.
    /// - Throws: ``InputError`` when the text begins more than one run's id.
    private static func expanded(_ text: String, in store: any RunStore) throws -> RunID {
        guard !text.isEmpty else { return RunID(text) }
        let matches = try store.runIDs(withPrefix: text, limit: 6)
        if matches.count > 1 {
            let shown = matches.prefix(5).map(\.rawValue).joined(separator: ", ")
            throw InputError("'\(text)' begins more than one run's id (\(shown)\(matches.count > 5 ? ", ..." : "")): give more of it")
        }
        return matches.first ?? RunID(text)
    }

    /// An item id a person typed whose run part is a prefix (`3f9c.3` for `3f9c1a2b.3`).
    private static func expanded<Kind>(_ id: ItemID<Kind>, in store: any RunStore) throws -> ItemID<Kind> {
        ItemID(run: try expanded(id.run.rawValue, in: store), number: id.number)
    }

    /// An engine that can move runs on: one with a roster (see ``requireRoster(_:)``).
    static func engine(_ options: EngineOptions) throws -> Engine {
        let engine = try options.engine(create: false)
        try requireRoster(engine)
        return engine
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

    /// The run that holds a task or escalation, when it has not ended.
    /// - Throws: ``InputError`` when the run has ended: its tasks and escalations are closed.
    static func openRun(of id: String, _ run: RunID, what: String, in store: any RunStore) throws -> RunRecord {
        let record = try self.run(run.rawValue, in: store)
        guard !record.status.isFinal else {
            throw InputError("\(what) '\(id)' belongs to run '\(run)', which has \(ended(record.status)); it takes no more answers")
        }
        return record
    }

    /// The task with an id.
    /// - Throws: ``InputError`` naming the nearest task id (among its run's tasks when the run exists).
    static func task(_ id: String, in store: any RunStore) throws -> TaskSummary {
        if let exact = TaskID(id), let task = try store.task(exact) { return task }
        let parsed = try TaskID(id).map { try expanded($0, in: store) }
        if let parsed, let task = try store.task(parsed) { return task }
        let run = try parsed?.run ?? expanded(id, in: store)
        let sameRun = try store.run(run) != nil
        let ids = try taskCandidates(sameRun ? run : nil, in: store)
        if !id.contains("."), sameRun {
            throw InputError("no task '\(id)': that is a run; its tasks are \(id).N (ilsa tasks --run \(id))")
        }
        var message = "no task '\(id)'" + DidYouMean.hint(for: id, in: ids)
        if ids.isEmpty {
            message += sameRun ? "; run '\(run)' has no tasks" : "; the store has no tasks"
        } else {
            message += "; list them with ilsa tasks"
        }
        throw InputError(message)
    }

    /// The escalation with an id.
    /// - Throws: ``InputError`` naming the nearest escalation id.
    static func escalation(_ id: String, in store: any RunStore) throws -> EscalationSummary {
        if let exact = EscalationID(id), let escalation = try store.escalation(exact) { return escalation }
        let parsed = try EscalationID(id).map { try expanded($0, in: store) }
        if let parsed, let escalation = try store.escalation(parsed) { return escalation }
        let run = try parsed?.run ?? expanded(id, in: store)
        let sameRun = try store.run(run) != nil
        let ids = try escalationCandidates(sameRun ? run : nil, in: store)
        var message = "no escalation '\(id)'" + DidYouMean.hint(for: id, in: ids)
        if let task = try TaskID(id).flatMap(store.task) {
            message += "; '\(task.id)' is a task (ilsa task ack|start|done|fail|note)"
        } else if ids.isEmpty {
            message += sameRun ? "; run '\(run)' has no escalations" : "; the store has no escalations"
        } else {
            message += "; list them with ilsa escalations"
        }
        throw InputError(message)
    }

    /// The task ids a did-you-mean looks among: the run's tasks when it exists, else the
    /// soonest due open tasks (none open: any).
    private static func taskCandidates(_ run: RunID?, in store: any RunStore) throws -> [String] {
        if let run { return try store.tasks(TaskQuery(run: run)).map(\.id.description) }
        let open = try store.tasks(TaskQuery(states: TaskQuery.openStates), page: candidates).items
        return try (open.isEmpty ? store.tasks(TaskQuery(), page: candidates).items : open).map(\.id.description)
    }

    /// The escalation ids a did-you-mean looks among: the run's when it exists, else the oldest
    /// still to decide (none: any).
    private static func escalationCandidates(_ run: RunID?, in store: any RunStore) throws -> [String] {
        if let run { return try store.escalations(run: run, openOnly: false).map(\.id.description) }
        let open = try store.escalations(EscalationQuery(states: EscalationQuery.openStates), page: candidates).items
        return try (open.isEmpty ? store.escalations(EscalationQuery(), page: candidates).items : open).map(\.id.description)
    }

    /// `completed`, `failed`, `been cancelled`: how a run ended, after "which has".
    static func ended(_ status: RunStatus) -> String {
        status == .cancelled ? "been cancelled" : status.rawValue
    }
}
