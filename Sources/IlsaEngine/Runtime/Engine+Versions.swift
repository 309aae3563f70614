public import IlsaStore
public import Foundation

/// Runs and the versions of their playbooks: whether a run could move to the playbook as its
/// file is now (a shadow replay, which stores nothing), moving it there (`ilsa upgrade`), and
/// taking a failed run up again on a fixed playbook (`ilsa retry`).
extension Engine {
    /// Replays a run's history against a version of its playbook without storing anything: the
    /// file at the run's path as it is now, or `text`. A failed run is replayed as a retry
    /// would: up to its failure, then on.
    /// - Returns: Whether the run could move to it, and if not, the first difference.
    /// - Throws: ``RuntimeError`` `notFound`; ``StoreError``.
    public func checkVersion(of run: RunID, text: String? = nil) throws -> VersionCheck {
        let (record, history, path) = try runToReplay(run)
        let text = try text ?? source(path)
        let version = PlaybookVersion(workflow: record.workflow, path: path, source: text, createdAt: clock.now)
        let move = change(record, to: version)
        let moved = HistoryEvent(sequence: history.count + 1, at: clock.now, record.status == .failed ? .retried(move) : .upgraded(move))
        return VersionCheck(run: record, version: version.id, verdict: replay(record, history + [moved], text: text, path: path).1)
    }

    /// Moves a run that has not ended to the playbook as its file is now, when its history
    /// replays cleanly on it: the run records the move and replays the new version from then on.
    /// - Throws: ``RuntimeError`` `nondeterminism` naming the first difference when it does not
    ///   replay (nothing is stored then), `invalidState` when the run has ended or is on that
    ///   version already.
    @discardableResult
    public func upgrade(_ run: RunID, by person: String) throws -> RunChange {
        try repin(run, by: person, retrying: false)
    }

    /// Takes a failed run up again on the playbook as its file is now: its history replays on
    /// it up to the failure, and the run goes on from there.
    /// - Throws: ``RuntimeError`` `invalidState` when the run has not failed, or would fail again
    ///   on this version; `nondeterminism` when its history does not replay on it. Nothing is
    ///   stored then.
    @discardableResult
    public func retry(_ run: RunID, by person: String) throws -> RunChange {
        try repin(run, by: person, retrying: true)
    }

    /// Holds a run's clock: its timers do not fire and its ladders do not climb until
    /// ``resume(_:by:reason:)``. People's answers still reach it. Recorded in its history.
    @discardableResult
    public func pause(_ run: RunID, by person: String, reason: String? = nil) throws -> RunChange {
        try checkAnswer(["by": .string(person), "reason": reason.map(JSONValue.string) ?? .null], what: "the reason")
        return try mutate(run) { try $0.pause(RunHold(by: person, reason: reason)) }
    }

    /// Lets a paused run's clock go again: what came due while it was paused happens now.
    @discardableResult
    public func resume(_ run: RunID, by person: String, reason: String? = nil) throws -> RunChange {
        try checkAnswer(["by": .string(person), "reason": reason.map(JSONValue.string) ?? .null], what: "the reason")
        return try mutate(run) { try $0.resume(RunHold(by: person, reason: reason)) }
    }

    // MARK: Internals

    private func repin(_ run: RunID, by person: String, retrying: Bool) throws -> RunChange {
        try checkAnswer(["by": .string(person)], what: "the name")
        var conflicts = 0
        while true {
            let (record, history, path) = try runToReplay(run)
            if retrying, record.status != .failed {
                throw RuntimeError(.invalidState, "run '\(run)' has not failed (it is \(record.status)); only a failed run is retried")
            }
            if !retrying, record.status.isFinal {
                throw RuntimeError(
                    .invalidState,
                    "run '\(run)' has ended (\(record.status))"
                        + (record.status == .failed ? "; a failed run moves to a fixed playbook with ilsa retry" : ""))
            }
            let text = try source(path)
            let version = PlaybookVersion(workflow: record.workflow, path: path, source: text, createdAt: clock.now)
            if !retrying, version.id == record.scriptHash {
                throw RuntimeError(.invalidState, "run '\(run)' is on this version of \(path) already")
            }
            let move = change(record, to: version, by: person)
            let moved = HistoryEvent(sequence: history.count + 1, at: clock.now, retrying ? .retried(move) : .upgraded(move))
            let (execution, verdict) = replay(record, history + [moved], text: text, path: path)
            guard let execution, verdict == .replays else { throw verdict.error(run: run, path: path) }
            do {
                return try store(execution, moved: moved, playbook: version)
            } catch let error as StoreError where error.code == .conflict {
                conflicts += 1  // someone acted on the run meanwhile: check again against its history now
                try backOff(after: conflicts, error)
            }
        }
    }

    /// Stores a run replayed on another version: the move (the last event of the history it was
    /// built from) and what it did live after it, with the run pinned to the version.
    private func store(_ execution: RunExecution, moved: HistoryEvent, playbook version: PlaybookVersion) throws -> RunChange {
        live.remove(execution.id)
        runHooks(execution)
        let events = [moved] + execution.takePending()
        let projection = execution.takeProjection()
        var write = RunWrite.append(
            events, to: execution.id, after: moved.sequence - 1, status: execution.status, projection: projection,
            effects: execution.takeEffects())
        write.playbooks = [version] + pluginVersions.values
        write.pin = version.id
        try store.write([write])
        execution.saved.status = execution.status
        live.insert(execution)
        writeConsoleLines(of: events)
        return RunChange(
            run: execution.id, events: events, tasks: projection?.tasks ?? [], escalations: projection?.escalations ?? [],
            status: execution.status, wakeAt: execution.wakeAt)
    }

    /// A run's record, history and playbook path, for a replay on another version.
    private func runToReplay(_ run: RunID) throws -> (RunRecord, [HistoryEvent], String) {
        guard let record = try store.run(run) else { throw RuntimeError(.notFound, "no run '\(run)'") }
        let history = try store.history(of: run)
        guard case .started(let start)? = history.first?.fact else {
            throw RuntimeError(.invalidState, "run '\(run)' does not record its start")
        }
        return (record, history, start.playbook)
    }

    private func change(_ record: RunRecord, to version: PlaybookVersion, by person: String = "check") -> VersionChange {
        VersionChange(from: record.scriptHash, to: version.id, by: person, plugins: pluginVersions.mapValues(\.id))
    }

    /// Replays `history` (ending with the move) on `text`: the run as it would be, and the verdict.
    private func replay(_ record: RunRecord, _ history: [HistoryEvent], text: String, path: String) -> (
        RunExecution?, VersionCheck.Verdict
    ) {
        let prepared: PreparedPlaybook
        do {
            prepared = try PlaybookCache.shared.prepare(source: text, file: path, plugins: plugins)
        } catch {
            return (nil, .doesNotLoad("\(error)"))
        }
        do {
            let execution = try RunExecution(
                id: record.id, playbook: prepared, history: history, clock: clock, roster: roster, budget: budget, stop: stop)
            if case .failed(let message) = execution.end { return (execution, .fails(message)) }
            return (execution, .replays)
        } catch let error as RuntimeError where error.code == .nondeterminism {
            return (nil, .diverges(error.message))
        } catch {
            return (nil, .fails("\(error)"))
        }
    }
}

/// Whether a run could move to a version of its playbook (``Engine/checkVersion(of:text:)``).
public struct VersionCheck: Sendable, Hashable {
    public var run: RunRecord
    /// The version checked (`sha256:…`).
    public var version: String
    public var verdict: Verdict

    public enum Verdict: Sendable, Hashable {
        /// The history replays on it: the run can move (`ilsa upgrade`, or `ilsa retry` for a failed run).
        case replays
        /// The version issues something else than the history records: the first difference.
        case diverges(String)
        /// The history replays, then the run fails on the version at once: its error.
        case fails(String)
        /// The version does not load.
        case doesNotLoad(String)

        /// Why a run cannot move, as an error.
        func error(run: RunID, path: String) -> RuntimeError {
            switch self {
            case .replays: RuntimeError(.invalidState, "run '\(run)' can move to \(path)")
            case .diverges(let difference): RuntimeError(.nondeterminism, "run '\(run)' cannot move to \(path): \(difference)")
            case .fails(let message):
                RuntimeError(.invalidState, "run '\(run)' would fail at once on \(path): \(message); nothing was changed")
            case .doesNotLoad(let message): RuntimeError(.invalidPlaybook, "\(path) does not load: \(message)")
            }
        }
    }
}
