public import Foundation

// How each fact is written in the store and read back: the only place the payloads' keys are
// spelled. The form is the one Ilsa has always written (``HistoryEvent/schemaVersion`` 1), so
// every store written by an earlier release reads.

extension StoredEvent {
    /// The stored form of a fact.
    public init(_ fact: RunFact) {
        switch fact {
        case .started(let start):
            var fields: [String: JSONValue] = [
                "playbook": .string(start.playbook), "params": start.params, "seed": .integer(Int64(bitPattern: start.seed)),
            ]
            fields["started_by"] = start.startedBy.map(JSONValue.string)
            if !start.plugins.isEmpty { fields["plugins"] = .object(start.plugins.mapValues(JSONValue.string)) }
            self.init(kind: .runStarted, name: start.workflow, payload: .object(fields))
        case .issued(let command):
            self.init(kind: .commandIssued, command: command.number, name: command.request.name, payload: command.request.arguments)
        case .answered(let answer):
            self.init(kind: .commandAnswered, command: answer.number, name: "answer", payload: answer.scriptValue)
        case .taskUpdated(let update):
            self.init(kind: .taskUpdated, name: "task.\(update.action?.rawValue ?? update.state.rawValue)", payload: update.json)
        case .taskClimbed(let climb):
            self.init(
                kind: .taskEscalated, name: "task.escalate",
                payload: [
                    "task": .string(climb.task.description), "rung": .integer(Int64(climb.rung)), "to": .string(climb.to),
                ])
        case .escalationAcknowledged(let acknowledgement):
            self.init(
                kind: .escalationAcknowledged, name: "escalation.acknowledge",
                payload: [
                    "escalation": .string(acknowledgement.escalation.description), "by": .string(acknowledgement.by),
                ])
        case .escalationDecided(let end):
            self.init(kind: .escalationDecided, name: "escalation.decide", payload: end.json)
        case .signalReceived(let arrival):
            self.init(kind: .signalReceived, name: "signal", payload: arrival.json)
        case .hookRan(let run):
            self.init(kind: .hookRan, name: "\(run.plugin).\(run.hook)", payload: run.json)
        case .completed(let completion):
            var fields: [String: JSONValue] = ["result": completion.result]
            fields["result_dropped"] = completion.resultDropped.map(JSONValue.string)
            self.init(kind: .runCompleted, name: "run", payload: .object(fields))
        case .failed(let failure):
            self.init(
                kind: .runFailed, name: "run", payload: ["message": .string(failure.message), "traceback": .string(failure.traceback)])
        case .cancelled(let cancellation):
            var fields: [String: JSONValue] = ["by": .string(cancellation.by)]
            fields["reason"] = cancellation.reason.map(JSONValue.string)
            fields["unreplayable"] = cancellation.unreplayable.map(JSONValue.string)
            self.init(kind: .runCancelled, name: "run", payload: .object(fields))
        case .closed(let closed):
            var fields: [String: JSONValue] = [
                "tasks": .array(closed.tasks.map { .string($0.description) }),
                "escalations": .array(closed.escalations.map { .string($0.description) }),
            ]
            fields["branch"] = closed.branch.map { .string($0.description) }
            self.init(kind: .itemsClosed, name: closed.cause, payload: .object(fields))
        case .upgraded(let change):
            self.init(kind: .runUpgraded, name: "run", payload: change.json)
        case .retried(let change):
            self.init(kind: .runRetried, name: "run", payload: change.json)
        case .paused(let hold):
            self.init(kind: .runPaused, name: "run", payload: hold.json)
        case .resumed(let hold):
            self.init(kind: .runResumed, name: "run", payload: hold.json)
        case .unrecognized(let stored):
            self = stored
        }
    }
}

extension RunFact {
    /// Reads a stored event's fact.
    init(_ stored: StoredEvent) throws(JSONValueError) {
        let fields = Fields(stored.payload, path: "\(stored.kind)")
        switch stored.kind {
        case .runStarted:
            self = .started(
                RunStart(
                    workflow: stored.name, playbook: try fields.string("playbook"), params: fields["params"] ?? .object([:]),
                    seed: UInt64(bitPattern: try fields.optionalInteger("seed") ?? 0), startedBy: try fields.optionalString("started_by"),
                    plugins: try fields.stringMap("plugins")))
        case .commandIssued:
            guard let number = stored.command else { throw fields.problem("a command without its number") }
            self = .issued(Command(number: number, try Command.Request(name: stored.name, arguments: stored.payload)))
        case .commandAnswered:
            guard let number = stored.command else { throw fields.problem("an answer without its command's number") }
            self = .answered(try Answer(number: number, stored.payload))
        case .taskUpdated: self = .taskUpdated(try TaskUpdate(fields))
        case .taskEscalated:
            self = .taskClimbed(TaskClimb(task: try fields.id("task"), rung: Int(try fields.integer("rung")), to: try fields.string("to")))
        case .escalationAcknowledged:
            self = .escalationAcknowledged(EscalationAcknowledgement(escalation: try fields.id("escalation"), by: try fields.string("by")))
        case .escalationDecided: self = .escalationDecided(try EscalationEnd(fields))
        case .signalReceived:
            self = .signalReceived(SignalArrival(signal: try fields.string("signal"), payload: fields["payload"] ?? .null))
        case .hookRan: self = .hookRan(try HookRun(fields))
        case .runCompleted:
            self = .completed(RunCompletion(result: fields["result"] ?? .null, resultDropped: try fields.optionalString("result_dropped")))
        case .runFailed:
            self = .failed(
                RunFailure(message: try fields.optionalString("message") ?? "", traceback: try fields.optionalString("traceback") ?? ""))
        case .runCancelled:
            self = .cancelled(
                RunCancellation(
                    by: try fields.optionalString("by") ?? "", reason: try fields.optionalString("reason"),
                    unreplayable: try fields.optionalString("unreplayable")))
        case .itemsClosed:
            var tasks: [TaskID] = []
            for (index, text) in (try fields.strings("tasks") ?? []).enumerated() {
                guard let task = TaskID(text) else { throw fields.problem("tasks[\(index + 1)] '\(text)' is not a task id") }
                tasks.append(task)
            }
            var escalations: [EscalationID] = []
            for (index, text) in (try fields.strings("escalations") ?? []).enumerated() {
                guard let escalation = EscalationID(text) else {
                    throw fields.problem("escalations[\(index + 1)] '\(text)' is not an escalation id")
                }
                escalations.append(escalation)
            }
            let branch: BranchID? = fields["branch"] == nil ? nil : try fields.id("branch")
            self = .closed(ItemsClosed(cause: stored.name, branch: branch, tasks: tasks, escalations: escalations))
        case .runUpgraded: self = .upgraded(try VersionChange(fields))
        case .runRetried: self = .retried(try VersionChange(fields))
        case .runPaused: self = .paused(RunHold(by: try fields.string("by"), reason: try fields.optionalString("reason")))
        case .runResumed: self = .resumed(RunHold(by: try fields.string("by"), reason: try fields.optionalString("reason")))
        default:
            self = .unrecognized(stored)
        }
    }
}

extension VersionChange {
    var json: JSONValue {
        var fields: [String: JSONValue] = ["from": .string(from), "to": .string(to), "by": .string(by)]
        if !plugins.isEmpty { fields["plugins"] = .object(plugins.mapValues(JSONValue.string)) }
        return .object(fields)
    }

    init(_ fields: Fields) throws(JSONValueError) {
        self.init(
            from: try fields.string("from"), to: try fields.string("to"), by: try fields.string("by"),
            plugins: try fields.stringMap("plugins"))
    }
}

extension RunHold {
    var json: JSONValue {
        var fields: [String: JSONValue] = ["by": .string(by)]
        fields["reason"] = reason.map(JSONValue.string)
        return .object(fields)
    }
}

// MARK: Commands

extension Command.Request {
    /// The command's name in the store: `task.create`, `sleep`, `log`.
    public var name: String {
        switch self {
        case .createTask: "task.create"
        case .cancelTask: "task.cancel"
        case .escalate: "escalation.create"
        case .withdrawEscalation: "escalation.withdraw"
        case .startTimer: "timer.start"
        case .wait(let kind, _): kind.rawValue
        case .parallel: "parallel"
        case .startBranch: "branch.start"
        case .cancelBranch: "branch.cancel"
        case .askRoster(let question): question.kind.rawValue
        case .log: "log"
        case .patch: "patch"
        case .lineStopped: "line.stopped"
        case .unrecognized(let name, _): name
        }
    }

    /// The command's arguments as JSON, as the store keeps them and messages show them.
    public var arguments: JSONValue {
        switch self {
        case .createTask(let spec): spec.json
        case .cancelTask(let task): ["task": .string(task.description)]
        case .escalate(let spec):
            [
                "to": .string(spec.to), "severity": .string(spec.severity), "reason": .string(spec.reason),
                "options": .array(spec.options.map(JSONValue.string)),
            ]
        case .withdrawEscalation(let escalation): ["escalation": .string(escalation.description)]
        case .startTimer(let until): ["until": .integer(until.millisecondsSince1970)]
        case .wait(_, let conditions): .array(conditions.map(\.json))
        case .parallel(let branches): ["branches": .integer(Int64(branches))]
        case .startBranch: .object([:])
        case .cancelBranch(let branch): ["branch": .string(branch.description)]
        case .askRoster(let question): ["query": question.query, "result": question.result]
        case .log(let message): ["message": .string(message)]
        case .patch(let name): ["name": .string(name)]
        case .lineStopped(let message, let tick): ["message": .string(message), "tick": .integer(Int64(tick))]
        case .unrecognized(_, let arguments): arguments
        }
    }

    init(name: String, arguments: JSONValue) throws(JSONValueError) {
        let fields = Fields(arguments, path: name)
        switch name {
        case "task.create": self = .createTask(try TaskSpec(fields))
        case "task.cancel": self = .cancelTask(try fields.id("task"))
        case "escalation.create":
            self = .escalate(
                EscalationSpec(
                    to: try fields.string("to"), severity: try fields.string("severity"), reason: try fields.string("reason"),
                    options: try fields.strings("options") ?? []))
        case "escalation.withdraw": self = .withdrawEscalation(try fields.id("escalation"))
        case "timer.start": self = .startTimer(until: Date(millisecondsSince1970: try fields.integer("until")))
        case "parallel": self = .parallel(branches: Int(try fields.integer("branches")))
        case "branch.start": self = .startBranch
        case "branch.cancel": self = .cancelBranch(try fields.id("branch"))
        case "log": self = .log(try fields.string("message"))
        case "patch": self = .patch(try fields.string("name"))
        case "line.stopped": self = .lineStopped(message: try fields.string("message"), tick: Int(try fields.integer("tick")))
        default:
            if let kind = WaitKind(rawValue: name) {
                guard case .array(let items) = arguments else { throw fields.problem("a wait's conditions must be a list") }
                var conditions: [WaitCondition] = []
                for (index, item) in items.enumerated() {
                    conditions.append(try WaitCondition(Fields(item, path: "\(name)[\(index + 1)]")))
                }
                self = .wait(kind, conditions)
            } else if let kind = RosterQuestion.Kind(rawValue: name) {
                self = .askRoster(RosterQuestion(kind: kind, query: fields["query"] ?? .null, result: fields["result"] ?? .null))
            } else {
                self = .unrecognized(name: name, arguments: arguments)
            }
        }
    }
}

extension TaskSpec {
    var json: JSONValue {
        var fields: [String: JSONValue] = [
            "title": .string(title), "class": .string(taskClass.rawValue), "escalation": .string(ladder),
        ]
        fields["due"] = due.map { .integer($0.millisecondsSince1970) }
        fields["assignee"] = assignee.map(\.json)
        fields["detail"] = detail.map(JSONValue.string)
        fields["priority"] = priority.map(JSONValue.string)
        fields["tags"] = tags.map { .array($0.map(JSONValue.string)) }
        fields["checklist"] = checklist.map { .array($0.map(JSONValue.string)) }
        fields["after"] = after.map { .array($0.map { .string($0.description) }) }
        return .object(fields)
    }

    init(_ fields: Fields) throws(JSONValueError) {
        var after: [TaskID]?
        if let ids = try fields.strings("after") {
            after = []
            for id in ids {
                guard let task = TaskID(id) else { throw fields.problem("'\(id)' in after is not a task id") }
                after?.append(task)
            }
        }
        self.init(
            title: try fields.string("title"), due: try fields.optionalInteger("due").map(Date.init(millisecondsSince1970:)),
            assignee: try fields.object("assignee").map(Assignee.init), detail: try fields.optionalString("detail"),
            priority: try fields.optionalString("priority"), tags: try fields.strings("tags"), checklist: try fields.strings("checklist"),
            after: after, taskClass: TaskClass(rawValue: try fields.optionalString("class") ?? TaskClass.preparedness.rawValue),
            ladder: try fields.optionalString("escalation") ?? "default")
    }
}

extension Assignee {
    /// `{role, district}`, `{unit}` or `{person}`, as recorded with a task.
    public var json: JSONValue {
        var fields: [String: JSONValue] = [:]
        fields["role"] = role.map(JSONValue.string)
        fields["district"] = district.map(JSONValue.string)
        fields["unit"] = unit.map(JSONValue.string)
        fields["person"] = person.map(JSONValue.string)
        return .object(fields)
    }

    init(_ fields: Fields) throws(JSONValueError) {
        self.init(
            role: try fields.optionalString("role"), district: try fields.optionalString("district"),
            unit: try fields.optionalString("unit"), person: try fields.optionalString("person"))
    }
}

extension WaitCondition {
    /// `{task}`, `{timer}`, `{signal}`, `{escalation}` or `{branch}`: how a wait's condition is
    /// recorded, and how a run's waits are listed.
    public var json: JSONValue {
        switch self {
        case .task(let id): ["task": .string(id.description)]
        case .taskReached(let id, let milestone): ["task": .string(id.description), "reached": .string(milestone.rawValue)]
        case .timer(let until): ["timer": .integer(until.millisecondsSince1970)]
        case .signal(let name): ["signal": .string(name)]
        case .escalation(let id): ["escalation": .string(id.description)]
        case .branch(let id): ["branch": .string(id.description)]
        }
    }

    /// Reads a condition as recorded (also what a run's waits list in the store).
    public init(_ json: JSONValue) throws(JSONValueError) {
        try self.init(Fields(json, path: "condition"))
    }

    init(_ fields: Fields) throws(JSONValueError) {
        if fields["task"] != nil, let reached = try fields.optionalString("reached") {
            guard let milestone = TaskMilestone(rawValue: reached) else { throw fields.problem("'\(reached)' is not a task milestone") }
            self = .taskReached(try fields.id("task"), milestone)
        } else if fields["task"] != nil {
            self = .task(try fields.id("task"))
        } else if fields["timer"] != nil {
            self = .timer(Date(millisecondsSince1970: try fields.integer("timer")))
        } else if fields["signal"] != nil {
            self = .signal(try fields.string("signal"))
        } else if fields["escalation"] != nil {
            self = .escalation(try fields.id("escalation"))
        } else if fields["branch"] != nil {
            self = .branch(try fields.id("branch"))
        } else {
            throw fields.problem("a condition must name a task, timer, signal, escalation or branch")
        }
    }
}

// MARK: Answers and facts

extension Answer {
    /// The answer as the script gets it (a table: `answer.by`, `answer.option`, `answer.index`)
    /// and as the store keeps it.
    public var scriptValue: JSONValue {
        var fields: [String: JSONValue]
        switch outcome {
        case .task(let update): fields = update.json.objectFields
        case .signal(let arrival, let id):
            fields = arrival.json.objectFields
            fields["id"] = .integer(Int64(id))
        case .escalation(let end): fields = end.json.objectFields
        case .branch(let end):
            fields = ["branch": .string(end.branch.description), "state": .string(end.state)]
            fields["result"] = end.result
            fields["result_dropped"] = end.resultDropped.map(JSONValue.string)
        case .timer(let until): fields = ["timer": .integer(until.millisecondsSince1970)]
        case .unrecognized(let value): fields = value.objectFields
        }
        fields["index"] = .integer(Int64(index))
        return .object(fields)
    }

    init(number: Int, _ payload: JSONValue) throws(JSONValueError) {
        let fields = Fields(payload, path: "answer")
        let index = Int(try fields.optionalInteger("index") ?? 1)
        let outcome: Outcome
        if fields["task"] != nil {
            outcome = .task(try TaskUpdate(fields))
        } else if fields["timer"] != nil {
            outcome = .timer(Date(millisecondsSince1970: try fields.integer("timer")))
        } else if fields["signal"] != nil {
            outcome = .signal(
                SignalArrival(signal: try fields.string("signal"), payload: fields["payload"] ?? .null),
                arrival: Int(try fields.integer("id")))
        } else if fields["escalation"] != nil {
            outcome = .escalation(try EscalationEnd(fields))
        } else if fields["branch"] != nil {
            outcome = .branch(
                BranchEnd(
                    branch: try fields.id("branch"), state: try fields.string("state"), result: fields["result"],
                    resultDropped: try fields.optionalString("result_dropped")))
        } else {
            outcome = .unrecognized(payload)
        }
        self.init(number: number, index: index, outcome: outcome)
    }
}

extension TaskUpdate {
    var json: JSONValue {
        var fields: [String: JSONValue] = ["task": .string(task.description), "state": .string(state.rawValue)]
        fields["action"] = action.map { .string($0.rawValue) }
        fields["by"] = by.map(JSONValue.string)
        fields["note"] = note.map(JSONValue.string)
        fields["checked"] = checked.map { .array($0.map { .integer(Int64($0)) }) }
        fields["assignee"] = assignee?.json
        if restartsLadder { fields["restarts_ladder"] = .bool(true) }
        return .object(fields)
    }

    init(_ fields: Fields) throws(JSONValueError) {
        let state = try fields.string("state")
        guard let taskState = TaskState(rawValue: state) else { throw fields.problem("'\(state)' is not a task state") }
        let action = try fields.optionalString("action")
        self.init(
            task: try fields.id("task"), action: action.flatMap(TaskAction.init(rawValue:)), state: taskState,
            by: try fields.optionalString("by"), note: try fields.optionalString("note"), checked: try fields.integers("checked"),
            assignee: try fields.object("assignee").map(Assignee.init), restartsLadder: fields["restarts_ladder"] == .bool(true))
    }
}

extension EscalationEnd {
    var json: JSONValue {
        var fields: [String: JSONValue] = ["escalation": .string(escalation.description), "state": .string(state.rawValue)]
        fields["option"] = option.map(JSONValue.string)
        fields["by"] = by.map(JSONValue.string)
        fields["note"] = note.map(JSONValue.string)
        return .object(fields)
    }

    init(_ fields: Fields) throws(JSONValueError) {
        let state = try fields.optionalString("state") ?? EscalationState.decided.rawValue
        guard let escalationState = EscalationState(rawValue: state) else { throw fields.problem("'\(state)' is not an escalation state") }
        self.init(
            escalation: try fields.id("escalation"), state: escalationState, option: try fields.optionalString("option"),
            by: try fields.optionalString("by"), note: try fields.optionalString("note"))
    }
}

extension SignalArrival {
    var json: JSONValue { ["signal": .string(signal), "payload": payload] }
}

extension HookRun {
    var json: JSONValue {
        var fields: [String: JSONValue] = [
            "plugin": .string(plugin), "hook": .string(hook), "key": .string(key), "ok": .bool(error == nil),
            "effects": .array(effects.map(\.json)),
        ]
        fields["error"] = error.map(JSONValue.string)
        return .object(fields)
    }

    init(_ fields: Fields) throws(JSONValueError) {
        var effects: [HookEffect] = []
        if case .array(let items)? = fields["effects"] {
            for (index, item) in items.enumerated() {
                effects.append(try HookEffect(Fields(item, path: "effects[\(index + 1)]")))
            }
        }
        self.init(
            plugin: try fields.string("plugin"), hook: try fields.string("hook"), key: try fields.optionalString("key") ?? "",
            error: try fields.optionalString("error"), effects: effects)
    }
}

extension HookEffect {
    var json: JSONValue {
        switch self {
        case .console(let text): ["channel": "console", "text": .string(text)]
        case .outbox(let id, let duplicate): ["channel": "outbox", "id": .string(id), "duplicate": .bool(duplicate)]
        case .webhook(let id, let status, let error):
            webhook(id: id, status: status, error: error)
        }
    }

    private func webhook(id: String, status: Int?, error: String?) -> JSONValue {
        var fields: [String: JSONValue] = ["channel": "webhook", "id": .string(id)]
        fields["status"] = status.map { .integer(Int64($0)) }
        fields["error"] = error.map(JSONValue.string)
        return .object(fields)
    }

    init(_ fields: Fields) throws(JSONValueError) {
        switch try fields.string("channel") {
        case "console": self = .console(text: try fields.optionalString("text") ?? "")
        case "outbox": self = .outbox(id: try fields.string("id"), duplicate: fields["duplicate"] == .bool(true))
        case "webhook":
            self = .webhook(
                id: try fields.string("id"), status: try fields.optionalInteger("status").map { Int($0) },
                error: try fields.optionalString("error"))
        case let channel: throw fields.problem("unknown channel '\(channel)'")
        }
    }
}

// MARK: Reading payloads

/// A stored payload's fields, read with the field named in any error.
struct Fields {
    let value: JSONValue
    let path: String

    init(_ value: JSONValue, path: String) {
        self.value = value
        self.path = path
    }

    subscript(key: String) -> JSONValue? {
        guard case .object(let fields) = value, let field = fields[key], field != .null else { return nil }
        return field
    }

    func problem(_ message: String) -> JSONValueError {
        JSONValueError(.unexpectedShape, at: path, message)
    }

    func string(_ key: String) throws(JSONValueError) -> String {
        guard let text = try optionalString(key) else { throw problem("no '\(key)'") }
        return text
    }

    func optionalString(_ key: String) throws(JSONValueError) -> String? {
        guard let field = self[key] else { return nil }
        guard case .string(let text) = field else { throw problem("'\(key)' must be a string") }
        return text
    }

    func integer(_ key: String) throws(JSONValueError) -> Int64 {
        guard let number = try optionalInteger(key) else { throw problem("no '\(key)'") }
        return number
    }

    func optionalInteger(_ key: String) throws(JSONValueError) -> Int64? {
        guard let field = self[key] else { return nil }
        switch field {
        case .integer(let number): return number
        case .number(let number) where number.rounded() == number && abs(number) < 9e18: return Int64(number)
        default: throw problem("'\(key)' must be an integer")
        }
    }

    func strings(_ key: String) throws(JSONValueError) -> [String]? {
        guard let field = self[key] else { return nil }
        guard case .array(let items) = field else { throw problem("'\(key)' must be a list of strings") }
        var result: [String] = []
        for item in items {
            guard case .string(let text) = item else { throw problem("'\(key)' must be a list of strings") }
            result.append(text)
        }
        return result
    }

    func integers(_ key: String) throws(JSONValueError) -> [Int]? {
        guard let field = self[key] else { return nil }
        guard case .array(let items) = field else { throw problem("'\(key)' must be a list of integers") }
        var result: [Int] = []
        for item in items {
            guard case .integer(let number) = item, let value = Int(exactly: number) else {
                throw problem("'\(key)' must be a list of integers")
            }
            result.append(value)
        }
        return result
    }

    /// An object of strings by name (empty when absent).
    func stringMap(_ key: String) throws(JSONValueError) -> [String: String] {
        guard let field = self[key] else { return [:] }
        guard case .object(let values) = field else { throw problem("'\(key)' must be an object of strings") }
        var result: [String: String] = [:]
        for (name, value) in values {
            guard case .string(let text) = value else { throw problem("'\(key).\(name)' must be a string") }
            result[name] = text
        }
        return result
    }

    func object(_ key: String) throws(JSONValueError) -> Fields? {
        guard let field = self[key] else { return nil }
        guard case .object = field else { throw problem("'\(key)' must be an object") }
        return Fields(field, path: path + "." + key)
    }

    func id<Kind>(_ key: String) throws(JSONValueError) -> ItemID<Kind> {
        let text = try string(key)
        guard let id = ItemID<Kind>(text) else { throw problem("'\(text)' is not a \(Kind.noun) id (RUN.NUMBER)") }
        return id
    }
}

extension JSONValue {
    /// The fields of an object; empty for anything else.
    var objectFields: [String: JSONValue] {
        if case .object(let fields) = self { return fields }
        return [:]
    }
}
