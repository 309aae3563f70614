public import Foundation

/// What one event of a run's history records: every kind of fact, with its fields typed. Readers
/// (the engine's replay, the narrator, the drill's report, hooks) switch on it; how each is
/// written in the store is ``HistoryEvent``'s business (`HistoryEvent+Stored.swift`), in one place.
public enum RunFact: Hashable, Sendable {
    /// The run began.
    case started(RunStart)
    /// The run asked the host to do something (create a task, wait, log): command number and what.
    case issued(Command)
    /// The host answered a waiting command; the run resumed with it.
    case answered(Answer)
    /// Someone acted on a task (acknowledged, started, completed, failed it, left a note).
    case taskUpdated(TaskUpdate)
    /// A task stayed unacknowledged past its rung's grace period and climbed its ladder.
    case taskClimbed(TaskClimb)
    /// The decider has seen an escalation.
    case escalationAcknowledged(EscalationAcknowledgement)
    /// Someone decided an escalation.
    case escalationDecided(EscalationEnd)
    /// A signal arrived for the run.
    case signalReceived(SignalArrival)
    /// A plugin hook ran on an event of the run, and what it sent.
    case hookRan(HookRun)
    /// The script returned.
    case completed(RunCompletion)
    /// The script raised an error, or went past a limit.
    case failed(RunFailure)
    /// Someone cancelled the run.
    case cancelled(RunCancellation)
    /// The run closed work it left open (its end, a branch it cancelled): which tasks and
    /// escalations.
    case closed(ItemsClosed)
    /// An operator moved the run to another version of its playbook, which replays its history.
    case upgraded(VersionChange)
    /// An operator took a failed run up again, on a version of its playbook that replays its
    /// history: what came between its failure and this is passed over in replay.
    case retried(VersionChange)
    /// An operator held the run's clock: its timers and ladders wait until it resumes.
    case paused(RunHold)
    /// An operator let the run's clock go again.
    case resumed(RunHold)
    /// An event this Ilsa does not know (written by a newer one, or by hand): kept as stored.
    case unrecognized(StoredEvent)

    /// Whether the fact ends the run.
    public var endsRun: Bool {
        switch self {
        case .completed, .failed, .cancelled: true
        default: false
        }
    }
}

/// A run's first fact: which playbook, with what, and the seed of its `ilsa.random`.
public struct RunStart: Hashable, Sendable {
    /// The playbook's name (`heavy_rain`).
    public var workflow: String
    /// The playbook as the run was started with it: a path.
    public var playbook: String
    /// The parameters, an object by name.
    public var params: JSONValue
    public var seed: UInt64
    /// What started it when no person did: a schedule, or a feed's signal.
    public var startedBy: String?
    /// The code of each plugin with modules, by plugin name, as the version id of its text in
    /// the store: what the run's `require` gives on every replay.
    public var plugins: [String: String]

    public init(
        workflow: String, playbook: String, params: JSONValue, seed: UInt64, startedBy: String? = nil, plugins: [String: String] = [:]
    ) {
        self.workflow = workflow
        self.playbook = playbook
        self.params = params
        self.seed = seed
        self.startedBy = startedBy
        self.plugins = plugins
    }
}

/// Someone acted on a task, or the run closed it: the task's state after, and who.
public struct TaskUpdate: Hashable, Sendable {
    public var task: TaskID
    /// What was done (nil when the run closed the task itself: the playbook cancelled it, or
    /// the run ended).
    public var action: TaskAction?
    public var state: TaskState
    public var by: String?
    public var note: String?
    /// The checklist's items ticked after this update, by number from 1 (nil: unchanged).
    public var checked: [Int]?
    /// Whom a reassignment handed the task to (its role and district stay).
    public var assignee: Assignee?
    /// Whether the reassignment started the task's escalation ladder afresh, as its ladder says
    /// (`on_reassign = "restart"`): back to the first rung, the grace periods counted from now.
    public var restartsLadder: Bool

    public init(
        task: TaskID, action: TaskAction? = nil, state: TaskState, by: String? = nil, note: String? = nil, checked: [Int]? = nil,
        assignee: Assignee? = nil, restartsLadder: Bool = false
    ) {
        self.task = task
        self.action = action
        self.state = state
        self.by = by
        self.note = note
        self.checked = checked
        self.assignee = assignee
        self.restartsLadder = restartsLadder
    }
}

/// A task climbed its escalation ladder to a rung, and who that reaches.
public struct TaskClimb: Hashable, Sendable {
    public var task: TaskID
    public var rung: Int
    /// `unit_head`, `DIST.CHAIR`, `control_tower`.
    public var to: String

    public init(task: TaskID, rung: Int, to: String) {
        self.task = task
        self.rung = rung
        self.to = to
    }
}

/// The decider has seen an escalation.
public struct EscalationAcknowledgement: Hashable, Sendable {
    public var escalation: EscalationID
    public var by: String

    public init(escalation: EscalationID, by: String) {
        self.escalation = escalation
        self.by = by
    }
}

/// How an escalation ended: decided (with the option), withdrawn by the playbook, or closed
/// with its run.
public struct EscalationEnd: Hashable, Sendable {
    public var escalation: EscalationID
    public var state: EscalationState
    public var option: String?
    public var by: String?
    public var note: String?

    public init(escalation: EscalationID, state: EscalationState, option: String? = nil, by: String? = nil, note: String? = nil) {
        self.escalation = escalation
        self.state = state
        self.option = option
        self.by = by
        self.note = note
    }
}

/// A signal that arrived for a run, with its payload.
public struct SignalArrival: Hashable, Sendable {
    public var signal: String
    public var payload: JSONValue

    public init(signal: String, payload: JSONValue) {
        self.signal = signal
        self.payload = payload
    }
}

/// What a plugin hook did on one event of a run.
public struct HookRun: Hashable, Sendable {
    public var plugin: String
    /// `on_task_created`, `on_task_overdue`, `on_escalation`, `on_run_finished`.
    public var hook: String
    /// The call's idempotency key: what it sends carries it.
    public var key: String
    /// Its error (`file:line: message`, or the limit that stopped it), nil when it succeeded.
    public var error: String?
    /// What it sent, in order.
    public var effects: [HookEffect]

    public init(plugin: String, hook: String, key: String, error: String? = nil, effects: [HookEffect] = []) {
        self.plugin = plugin
        self.hook = hook
        self.key = key
        self.error = error
        self.effects = effects
    }

    public var succeeded: Bool { error == nil }
}

/// One thing a hook sent.
public enum HookEffect: Hashable, Sendable {
    /// A console line.
    case console(text: String)
    /// An outbox line with its idempotency id; `duplicate` when the outbox held it already.
    case outbox(id: String, duplicate: Bool)
    /// A webhook post with its idempotency key: the HTTP status, or the error.
    case webhook(id: String, status: Int?, error: String?)
}

/// What the script returned.
public struct RunCompletion: Hashable, Sendable {
    public var result: JSONValue
    /// Why the result was not kept (too large, by the payload budget), when it was not.
    public var resultDropped: String?

    public init(result: JSONValue, resultDropped: String? = nil) {
        self.result = result
        self.resultDropped = resultDropped
    }
}

/// Why the run failed.
public struct RunFailure: Hashable, Sendable {
    public var message: String
    public var traceback: String

    public init(message: String, traceback: String = "") {
        self.message = message
        self.traceback = traceback
    }
}

/// Who cancelled the run, and why.
public struct RunCancellation: Hashable, Sendable {
    public var by: String
    public var reason: String?
    /// Why the run could not be rebuilt, when it was cancelled from the store alone.
    public var unreplayable: String?

    public init(by: String, reason: String? = nil, unreplayable: String? = nil) {
        self.by = by
        self.reason = reason
        self.unreplayable = unreplayable
    }
}

/// What a run closed because nothing would answer it any more: at its end, the work `run`
/// left open; at a branch's cancellation, the branch's work.
public struct ItemsClosed: Hashable, Sendable {
    /// What closed them: `run.completed`, `run.failed`, `run.cancelled` or `branch.cancel`.
    public var cause: String
    /// The branch cancelled, for `branch.cancel`.
    public var branch: BranchID?
    public var tasks: [TaskID]
    public var escalations: [EscalationID]

    public init(cause: String, branch: BranchID? = nil, tasks: [TaskID], escalations: [EscalationID] = []) {
        self.cause = cause
        self.branch = branch
        self.tasks = tasks
        self.escalations = escalations
    }
}

/// A run moved from one playbook version to another, by whom.
public struct VersionChange: Hashable, Sendable {
    /// The version ids (`sha256:…`) before and after.
    public var from: String
    public var to: String
    public var by: String
    /// The plugins' code the run takes from now on (as ``RunStart/plugins``).
    public var plugins: [String: String]

    public init(from: String, to: String, by: String, plugins: [String: String] = [:]) {
        self.from = from
        self.to = to
        self.by = by
        self.plugins = plugins
    }
}

/// Who paused or resumed a run, and why.
public struct RunHold: Hashable, Sendable {
    public var by: String
    public var reason: String?

    public init(by: String, reason: String? = nil) {
        self.by = by
        self.reason = reason
    }
}
