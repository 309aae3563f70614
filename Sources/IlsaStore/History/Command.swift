public import Foundation

/// A command a run issued, numbered in the order the script issued it. The ids of what it makes
/// come from the number (a task made by command 7 of run `r1` is `r1.7`), so a replay gives the
/// same ids; a replayed command must equal the recorded one.
public struct Command: Hashable, Sendable {
    public var number: Int
    public var request: Request

    public init(number: Int, _ request: Request) {
        self.number = number
        self.request = request
    }

    /// What a command asks for.
    public enum Request: Hashable, Sendable {
        /// `ilsa.task { ... }`.
        case createTask(TaskSpec)
        /// `t:cancel()`.
        case cancelTask(TaskID)
        /// `ilsa.escalate { ... }`.
        case escalate(EscalationSpec)
        /// `e:withdraw()`.
        case withdrawEscalation(EscalationID)
        /// `ilsa.timer(...)`: a timer others may wait for.
        case startTimer(until: Date)
        /// A wait for the first of its conditions: `t:wait()`, `ilsa.sleep`, `ilsa.any`...
        case wait(WaitKind, [WaitCondition])
        /// `ilsa.parallel { ... }` with this many branches.
        case parallel(branches: Int)
        /// `ilsa.branch(fn)`.
        case startBranch
        /// `b:cancel()`.
        case cancelBranch(BranchID)
        /// `ilsa.units { ... }` or `ilsa.district(...)`: the question and the roster's answer.
        case askRoster(RosterQuestion)
        /// `ilsa.log(...)` (and `print`).
        case log(String)
        /// `ilsa.patched(name)` the first time a run took the new path: later replays of the
        /// run take it too, and runs without the marker keep the old one.
        case patch(String)
        /// The person at the prompt (`ilsa repl`) stopped the line under way (Ctrl-C, or its
        /// time limit): the message the prompt showed, and the tick of the line it stopped at,
        /// where a replay of the session stops it again (it may never have ended).
        case lineStopped(message: String, tick: Int)
        /// A command this Ilsa does not know: its name and arguments as stored.
        case unrecognized(name: String, arguments: JSONValue)
    }
}

/// Which call a wait is: they wait the same way and read differently.
public enum WaitKind: String, Hashable, Sendable, CaseIterable {
    case task = "task.wait"
    case timer = "timer.wait"
    case sleep
    case signal = "signal.wait"
    case any
    case escalation = "escalation.wait"
    case branch = "branch.wait"
}

/// One thing that can end a wait.
public enum WaitCondition: Hashable, Sendable {
    /// The task ends (done, failed or cancelled).
    case task(TaskID)
    /// The task reaches a milestone (acknowledged, started), or ends without it.
    case taskReached(TaskID, TaskMilestone)
    /// The run's clock reaches the time.
    case timer(Date)
    /// A signal with this name arrives (or has arrived and is not taken yet).
    case signal(String)
    /// Whoever the escalation went to decides it (or it is withdrawn).
    case escalation(EscalationID)
    /// A branch returns or is cancelled.
    case branch(BranchID)
}

/// How far a task has gone that a playbook can wait for, short of its end.
public enum TaskMilestone: String, Hashable, Sendable, CaseIterable {
    /// Someone has seen it (acknowledged, or gone further).
    case acknowledged
    /// Someone has started it (or ended it).
    case started

    /// Whether a task in `state` has reached the milestone or ended.
    public func isReached(by state: TaskState) -> Bool {
        switch state {
        case .open: false
        case .acknowledged: self == .acknowledged
        default: true
        }
    }
}

/// What `ilsa.task { ... }` recorded: the task as the script asked for it, checked.
public struct TaskSpec: Hashable, Sendable {
    public var title: String
    public var due: Date?
    public var assignee: Assignee?
    public var detail: String?
    /// `low`, `normal`, `high` or `urgent`, when given.
    public var priority: String?
    public var tags: [String]?
    public var checklist: [String]?
    /// Tasks that must be done before this one can be started or completed.
    public var after: [TaskID]?
    public var taskClass: TaskClass
    /// The escalation ladder's name.
    public var ladder: String

    public init(
        title: String, due: Date? = nil, assignee: Assignee? = nil, detail: String? = nil, priority: String? = nil,
        tags: [String]? = nil, checklist: [String]? = nil, after: [TaskID]? = nil, taskClass: TaskClass = .preparedness,
        ladder: String = "default"
    ) {
        self.title = title
        self.due = due?.roundedToMilliseconds
        self.assignee = assignee
        self.detail = detail
        self.priority = priority
        self.tags = tags
        self.checklist = checklist
        self.after = after
        self.taskClass = taskClass
        self.ladder = ladder
    }
}

/// Who a task is for: a role (in a district, or citywide), a unit, or a person.
public struct Assignee: Hashable, Sendable {
    public var role: String?
    public var district: String?
    public var unit: String?
    public var person: String?

    public init(role: String? = nil, district: String? = nil, unit: String? = nil, person: String? = nil) {
        self.role = role
        self.district = district
        self.unit = unit
        self.person = person
    }

    /// `DONG.HEAD singil`, `CITY.SITROOM`, `unit sc119.wolpi`, `person kim.duty`; nil for nobody.
    public var text: String? { TaskSummary.assignee(role: role, district: district, unit: unit, person: person) }
}

/// What `ilsa.escalate { ... }` recorded.
public struct EscalationSpec: Hashable, Sendable {
    /// `control_tower`, `city_hq` or `district_chair`.
    public var to: String
    /// `interest`, `caution`, `alert` or `serious`.
    public var severity: String
    public var reason: String
    public var options: [String]

    public init(to: String, severity: String, reason: String, options: [String]) {
        self.to = to
        self.severity = severity
        self.reason = reason
        self.options = options
    }
}

/// A question a run asked the roster, with the answer it got then: replay returns the recorded
/// answer, whatever the roster says now.
public struct RosterQuestion: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        /// `ilsa.units { ... }`.
        case units = "roster.units"
        /// `ilsa.district(...)`.
        case district = "roster.district"
    }

    public var kind: Kind
    public var query: JSONValue
    public var result: JSONValue

    public init(kind: Kind, query: JSONValue, result: JSONValue) {
        self.kind = kind
        self.query = query
        self.result = result
    }
}

/// The answer that ended a wait: which of its conditions (from 1), and how that thing ended.
public struct Answer: Hashable, Sendable {
    public var number: Int
    /// Which condition of the wait answered, from 1.
    public var index: Int
    public var outcome: Outcome

    public init(number: Int, index: Int, outcome: Outcome) {
        self.number = number
        self.index = index
        self.outcome = outcome
    }

    /// How the thing a wait waited for ended.
    public enum Outcome: Hashable, Sendable {
        case task(TaskUpdate)
        /// A signal taken from the run's inbox: the sequence of the event that recorded its
        /// arrival names it.
        case signal(SignalArrival, arrival: Int)
        case escalation(EscalationEnd)
        case branch(BranchEnd)
        /// A timer due at this time fired.
        case timer(Date)
        /// An answer this Ilsa does not know, as stored.
        case unrecognized(JSONValue)
    }
}

/// How a branch `ilsa.branch` started ended.
public struct BranchEnd: Hashable, Sendable {
    public var branch: BranchID
    /// `done` or `cancelled`.
    public var state: String
    public var result: JSONValue?
    public var resultDropped: String?

    public init(branch: BranchID, state: String, result: JSONValue? = nil, resultDropped: String? = nil) {
        self.branch = branch
        self.state = state
        self.result = result
        self.resultDropped = resultDropped
    }
}
