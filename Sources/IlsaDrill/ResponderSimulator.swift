import IlsaEngine
import IlsaStore
import Foundation

/// The simulated people of a drill: it reads the run's history as it grows and plans what each
/// person does and when (acknowledge, finish, step in when a ladder reaches them, decide an
/// escalation), drawing delays and misses from the profile with its own seeded generator.
///
/// Draws happen in the order the history records what they answer, so the same seed and the
/// same history give the same plan.
struct ResponderSimulator {
    /// Something a simulated person (or the drill's script) does at a time.
    struct Action: Equatable {
        enum Kind: Equatable {
            case acknowledge(task: String, by: String)
            case finish(task: String, fail: Bool, by: String)
            case acknowledgeEscalation(String, by: String)
            case decide(String, option: String, by: String)
            case signal(name: String, payload: JSONValue)
        }
        var at: Date
        /// Planning order: breaks ties between actions at the same time.
        var order: Int
        var kind: Kind
    }

    /// What the simulator knows of a task from the history.
    private struct TaskPlan {
        var role: String?
        var by: String
        var created: Date
        var due: Date?
        var after: [String]
        var rungs: Int
        var acknowledged = false
        var terminal = false
        var done = false
    }

    let profile: ResponderProfile
    let roster: Roster?
    let run: RunID
    private var random: SplitMix64
    private var actions: [Action] = []
    private var blocked: [Action] = []
    private var tasks: [String: TaskPlan] = [:]
    private var openEscalations: Set<String> = []
    private var acknowledgedEscalations: Set<String> = []
    private var order = 0

    init(profile: ResponderProfile, roster: Roster?, run: RunID, seed: UInt64) {
        self.profile = profile
        self.roster = roster
        self.run = run
        // Apart from the run's own generator (ilsa.random), which the run seeds with `seed`.
        random = SplitMix64(seed: seed ^ 0x5EED_D111_0000_0001)
    }

    /// When the next action is due, if any.
    var nextTime: Date? { actions.first?.at }

    /// Takes the next action, the earliest (and first planned among equals).
    mutating func takeNext() -> Action? { actions.isEmpty ? nil : actions.removeFirst() }

    /// Whether an action still applies to the run as the simulator knows it: a task still open
    /// for an acknowledgement, an escalation not yet decided.
    func applies(_ action: Action) -> Bool {
        switch action.kind {
        case .acknowledge(let task, _): tasks[task].map { !$0.acknowledged && !$0.terminal } ?? false
        case .finish(let task, _, _): tasks[task].map { !$0.terminal } ?? false
        case .acknowledgeEscalation(let id, _): openEscalations.contains(id) && !acknowledgedEscalations.contains(id)
        case .decide(let id, _, _): openEscalations.contains(id)
        case .signal: true
        }
    }

    /// Whether a finish must wait for the tasks it comes after; if so it is held until they are done.
    mutating func holdIfBlocked(_ action: Action) -> Bool {
        guard case .finish(let task, _, _) = action.kind, let plan = tasks[task] else { return false }
        guard plan.after.contains(where: { tasks[$0]?.done != true }) else { return false }
        blocked.append(action)
        return true
    }

    // MARK: Reading the history

    mutating func observe(_ event: HistoryEvent) {
        switch event.kind {
        case .runStarted:
            for signal in profile.signals(for: event.name) {
                schedule(event.at.addingTimeInterval(Self.seconds(signal.at)), .signal(name: signal.name, payload: signal.payload))
            }
        case .commandIssued where event.name == "task.create":
            taskCreated(event)
        case .commandIssued where event.name == "escalation.create":
            escalationRaised(event)
        case .commandIssued where event.name == "task.cancel":
            if let task = event.payload["task"]?.stringValue { tasks[task]?.terminal = true }
        case .commandIssued where event.name == "escalation.withdraw":
            if let id = event.payload["escalation"]?.stringValue { openEscalations.remove(id) }
        case .taskUpdated:
            taskUpdated(event)
        case .taskEscalated:
            ladderClimbed(event)
        case .escalationAcknowledged:
            if let id = event.payload["escalation"]?.stringValue { acknowledgedEscalations.insert(id) }
        case .escalationDecided:
            if let id = event.payload["escalation"]?.stringValue { openEscalations.remove(id) }
        default:
            break
        }
    }

    private mutating func taskCreated(_ event: HistoryEvent) {
        let id = "\(run).\(event.command ?? 0)"
        let assignee = event.payload["assignee"]
        let role = assignee?["role"]?.stringValue ?? assignee?["unit"]?.stringValue.flatMap(role(ofUnit:))
        let by = assignee?["role"]?.stringValue ?? assignee?["unit"]?.stringValue ?? assignee?["person"]?.stringValue ?? "assignee"
        let ladder = event.payload["escalation"]?.stringValue.flatMap { roster?.ladder(EscalationLadder.ID($0)) }
        let plan = TaskPlan(
            role: role, by: by, created: event.at, due: event.payload["due"]?.integerValue.map(Date.init(millisecondsSince1970:)),
            after: event.payload["after"]?.arrayValue?.compactMap(\.stringValue) ?? [], rungs: ladder?.rungs.count ?? 0)
        tasks[id] = plan
        let responder = profile.responder(forRole: role)
        guard !draw(responder.miss) else { return }
        schedule(event.at.addingTimeInterval(delay(in: responder.acknowledge)), .acknowledge(task: id, by: by))
    }

    private mutating func taskUpdated(_ event: HistoryEvent) {
        guard let task = event.payload["task"]?.stringValue, var plan = tasks[task],
            let state = event.payload["state"]?.stringValue.flatMap(TaskState.init(rawValue:))
        else { return }
        if state == .acknowledged || state == .inProgress, !plan.acknowledged {
            plan.acknowledged = true
            let responder = profile.responder(forRole: plan.role)
            let fail = draw(responder.fail)
            let finish = finishDelay(responder.finish, plan: plan)
            schedule(event.at.addingTimeInterval(finish), .finish(task: task, fail: fail, by: plan.by))
        }
        if state.isTerminal {
            plan.terminal = true
            plan.done = state == .done
        }
        tasks[task] = plan
        if plan.done { release(at: event.at) }
    }

    private mutating func ladderClimbed(_ event: HistoryEvent) {
        guard let task = event.payload["task"]?.stringValue, let plan = tasks[task], !plan.acknowledged, !plan.terminal,
            let rung = event.payload["rung"]?.integerValue
        else { return }
        let target = event.payload["to"]?.stringValue ?? "escalated"
        // Whoever the top rung reaches always answers: nobody is left above them.
        let top = Int(rung) + 1 >= plan.rungs
        guard !draw(profile.escalated.miss) || top else { return }
        schedule(event.at.addingTimeInterval(delay(in: profile.escalated.acknowledge)), .acknowledge(task: task, by: target))
    }

    private mutating func escalationRaised(_ event: HistoryEvent) {
        let id = "\(run).\(event.command ?? 0)"
        openEscalations.insert(id)
        let to = event.payload["to"]?.stringValue ?? "control_tower"
        let options = event.payload["options"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let tower = profile.tower
        let acknowledged = event.at.addingTimeInterval(delay(in: tower.acknowledge))
        let decided = acknowledged.addingTimeInterval(delay(in: tower.decide))
        let option: String
        switch tower.choose {
        case .first: option = options.first ?? ""
        case .last: option = options.last ?? ""
        case .random: option = options.isEmpty ? "" : options[Int(random.next() % UInt64(options.count))]
        case .prefer(let preferred): option = preferred.first(where: options.contains) ?? options.first ?? ""
        }
        schedule(acknowledged, .acknowledgeEscalation(id, by: to))
        schedule(decided, .decide(id, option: option, by: to))
    }

    // MARK: Planning

    private mutating func schedule(_ at: Date, _ kind: Action.Kind) {
        let action = Action(at: at.roundedToMilliseconds, order: order, kind: kind)
        order += 1
        let index = actions.firstIndex { ($0.at, $0.order) > (action.at, action.order) } ?? actions.endIndex
        actions.insert(action, at: index)
    }

    /// Puts back the held finishes whose tasks-before are now all done, at `now`.
    private mutating func release(at now: Date) {
        let ready = blocked.filter { action in
            guard case .finish(let task, _, _) = action.kind, let plan = tasks[task] else { return true }
            return plan.after.allSatisfy { tasks[$0]?.done == true }
        }
        blocked.removeAll { ready.contains($0) }
        for action in ready { schedule(now, action.kind) }
    }

    private func role(ofUnit id: String) -> String? {
        guard let roster, let unit = roster.unit(Unit.ID(id)) else { return nil }
        return unit.roles.first?.rawValue ?? roster.roles.first { $0.unitKinds.contains(unit.kind) }?.code.rawValue
    }

    /// True with the given chance.
    private mutating func draw(_ chance: Double) -> Bool {
        Double(random.next() >> 11) / Double(1 << 53) < chance
    }

    /// A whole number of seconds in the range, uniformly.
    private mutating func delay(in range: ClosedRange<Duration>) -> TimeInterval {
        let low = range.lowerBound.components.seconds, high = range.upperBound.components.seconds
        guard high > low else { return TimeInterval(low) }
        return TimeInterval(low + Int64(random.next() % UInt64(high - low + 1)))
    }

    private mutating func finishDelay(_ finish: ResponderProfile.Finish, plan: TaskPlan) -> TimeInterval {
        switch finish {
        case .duration(let range):
            return delay(in: range)
        case .shareOfAllowed(let shares):
            let allowed = plan.due.map { max(60, $0.timeIntervalSince(plan.created)) } ?? Self.seconds(ResponderProfile.Finish.allowedWithoutDue)
            let share = shares.lowerBound + (shares.upperBound - shares.lowerBound) * Double(random.next() >> 11) / Double(1 << 53)
            return max(1, (allowed * share).rounded())
        }
    }

    static func seconds(_ duration: Duration) -> TimeInterval {
        TimeInterval(duration.components.seconds) + TimeInterval(duration.components.attoseconds) / 1e18
    }
}
