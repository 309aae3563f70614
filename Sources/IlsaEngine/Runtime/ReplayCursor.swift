import IlsaStore

/// Reads a run's history back in order while its script runs again from the start.
///
/// Each command the script issues must be the one recorded at that point; each wait takes its
/// recorded answer. Facts recorded in between (a task done by someone) are handed to `apply` as
/// they are passed. Where the history ends, the run is live.
struct ReplayCursor {
    private let events: [HistoryEvent]
    private var index = 0
    /// The number of the last command the history records.
    private let lastCommand: Int

    init(events: [HistoryEvent]) {
        let events = Self.retried(events)
        self.events = events
        lastCommand = events.last { if case .issued = $0.fact { true } else { false } }?.command ?? 0
    }

    /// The history as a replay reads it: where a failed run was retried, what came between its
    /// failure and the retry (the failure, the work it closed, hooks on it) is passed over, so
    /// the script runs on from where it failed, at the retry's time.
    private static func retried(_ events: [HistoryEvent]) -> [HistoryEvent] {
        guard events.contains(where: { if case .retried = $0.fact { true } else { false } }) else { return events }
        var kept: [HistoryEvent] = []
        var failedAt: Int?
        for event in events {
            switch event.fact {
            case .failed:
                // From the work the failure closed, recorded just before it.
                if case .closed(let closed)? = kept.last?.fact, closed.cause == "run.failed" {
                    failedAt = kept.count - 1
                } else {
                    failedAt = kept.count
                }
            case .retried:
                if let failedAt { kept.removeSubrange(failedAt...) }
                failedAt = nil
            default: break
            }
            kept.append(event)
        }
        return kept
    }

    /// Whether the next recorded command, past the facts before it, is `request` with this number
    /// (`ilsa.patched` looks ahead for its marker without taking anything).
    func nextCommandIs(_ request: Command.Request, number: Int) -> Bool {
        nextCommand() == Command(number: number, request)
    }

    /// The next recorded command, past the facts before it, without taking it; nil when an
    /// answer or the run's end comes first, or the history ends.
    func nextCommand() -> Command? {
        var position = index
        while position < events.count {
            switch events[position].fact {
            case .issued(let command): return command
            case .answered, .completed, .failed, .cancelled, .unrecognized: return nil
            default: position += 1
            }
        }
        return nil
    }

    /// The first recorded command from here on that `look` answers for, without taking
    /// anything: `look` returns nil to look further, `.some(nil)` to stop looking.
    func upcomingCommand<T>(_ look: (Command) -> T??) -> T? {
        for event in events[index...] {
            guard case .issued(let command) = event.fact else { continue }
            if let answer = look(command) { return answer }
        }
        return nil
    }

    /// Whether the history records command `number`: the script replays it rather than making it.
    func records(command number: Int) -> Bool { number <= lastCommand }

    /// Whether every recorded event has been read: from here on the run records what it does.
    var isLive: Bool { index >= events.count }

    /// Checks the command the script issues now against the history.
    /// - Returns: `true` when it was recorded (replayed), `false` when the run is live.
    /// - Throws: ``RuntimeError/Code/nondeterminism`` naming both commands when they differ.
    mutating func issue(_ command: Command, apply: (HistoryEvent) -> Void) throws -> Bool {
        skipFacts(apply)
        guard index < events.count else { return false }
        let recorded = events[index]
        guard case .issued(let expected) = recorded.fact, expected == command else {
            throw RuntimeError(
                .nondeterminism,
                """
                the playbook no longer matches this run's history: as command \(command.number) the history \
                records \(Self.describe(recorded)), but the script now issues \(command.request.name) \
                \(command.request.arguments.compactText)
                """)
        }
        index += 1
        return true
    }

    /// Reads back what the script saw outside the run (the roster) when the run was live: the
    /// command recorded at this point must ask the same question, and its recorded result is
    /// the answer, whatever the world says now.
    /// - Returns: The recorded result, or nil when the run is live.
    /// - Throws: ``RuntimeError/Code/nondeterminism`` when the script asks something else.
    mutating func observe(command number: Int, kind: RosterQuestion.Kind, query: JSONValue, apply: (HistoryEvent) -> Void) throws
        -> JSONValue?
    {
        skipFacts(apply)
        guard index < events.count else { return nil }
        let recorded = events[index]
        guard case .issued(let command) = recorded.fact, command.number == number, case .askRoster(let question) = command.request,
            question.kind == kind, question.query == query
        else {
            throw RuntimeError(
                .nondeterminism,
                """
                the playbook no longer matches this run's history: as command \(number) the history \
                records \(Self.describe(recorded)), but the script now asks \(kind.rawValue) \(query.compactText)
                """)
        }
        index += 1
        return question.result
    }

    /// The next recorded answer, whichever wait it answers (or the run's cancellation), or nil
    /// when the history ends. Only called when every strand waits, so a recorded command here is
    /// a mismatch.
    mutating func nextAnswer(apply: (HistoryEvent) -> Void) throws -> HistoryEvent? {
        skipFacts(apply)
        guard index < events.count else { return nil }
        let recorded = events[index]
        switch recorded.fact {
        case .answered, .cancelled: break
        default:
            throw RuntimeError(
                .nondeterminism,
                """
                the playbook no longer matches this run's history: the script waits, but the \
                history records \(Self.describe(recorded)) next
                """)
        }
        index += 1
        return recorded
    }

    /// Reads the recorded end of the run, if the history has one.
    mutating func end(apply: (HistoryEvent) -> Void) -> HistoryEvent? {
        skipFacts(apply)
        guard index < events.count else { return nil }
        defer { index += 1 }
        return events[index]
    }

    /// Passes over events that are neither commands nor answers nor the run's end (facts, the start).
    private mutating func skipFacts(_ apply: (HistoryEvent) -> Void) {
        while index < events.count {
            switch events[index].fact {
            case .issued, .answered, .completed, .failed, .cancelled, .unrecognized: return
            default:
                apply(events[index])
                index += 1
            }
        }
    }

    private static func describe(_ event: HistoryEvent) -> String {
        switch event.fact {
        case .issued(let command):
            "command \(command.number): \(command.request.name) \(command.request.arguments.compactText)"
        case .unrecognized(let stored):
            "an event this Ilsa cannot read (\(stored.kind) \(stored.name) \(stored.payload.compactText))"
        default:
            "\(event.kind) \(event.name)"
        }
    }
}
