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
            case acknowledge(task: TaskID, by: String)
            case finish(task: TaskID, fail: Bool, by: String)
            case acknowledgeEscalation(EscalationID, by: String)
            case decide(EscalationID, option: String, by: String)
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
        var after: [TaskID]
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
    private var tasks: [TaskID: TaskPlan] = [:]
    private var openEscalations: Set<EscalationID> = []
    private var acknowledgedEscalations: Set<EscalationID> = []
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
        switch event.fact {
        case .started(let start):
            for signal in profile.signals(for: start.workflow) {
                schedule(event.at.addingTimeInterval(Self.seconds(signal.at)), .signal(name: signal.name, payload: signal.payload))
            }
        case .issued(let command):
            switch command.request {
            case .createTask(let spec): taskCreated(TaskID(run: run, number: command.number), spec, at: event.at)
            case .escalate(let spec): escalationRaised(EscalationID(run: run, number: command.number), spec, at: event.at)
            case .cancelTask(let task): tasks[task]?.terminal = true
            case .withdrawEscalation(let id): openEscalations.remove(id)
            default: break
            }
        case .taskUpdated(let update):
            taskUpdated(update, at: event.at)
        case .taskClimbed(let climb):
            ladderClimbed(climb, at: event.at)
        case .escalationAcknowledged(let acknowledgement):
            acknowledgedEscalations.insert(acknowledgement.escalation)
        case .escalationDecided(let end):
            openEscalations.remove(end.escalation)
        default:
            break
        }
    }

    private mutating func taskCreated(_ id: TaskID, _ spec: TaskSpec, at time: Date) {
        let assignee = spec.assignee
        let role = assignee?.role ?? assignee?.unit.flatMap(role(ofUnit:))
        let by = assignee?.role ?? assignee?.unit ?? assignee?.person ?? "assignee"
        let ladder = roster?.ladder(EscalationLadder.ID(spec.ladder))
        let plan = TaskPlan(role: role, by: by, created: time, due: spec.due, after: spec.after ?? [], rungs: ladder?.rungs.count ?? 0)
        tasks[id] = plan
        let responder = profile.responder(forRole: role)
        guard !draw(responder.miss) else { return }
        schedule(time.addingTimeInterval(delay(in: responder.acknowledge)), .acknowledge(task: id, by: by))
    }

    private mutating func taskUpdated(_ update: TaskUpdate, at time: Date) {
        let task = update.task
        let state = update.state
        guard var plan = tasks[task] else { return }
        if state == .acknowledged || state == .inProgress, !plan.acknowledged {
            plan.acknowledged = true
            let responder = profile.responder(forRole: plan.role)
            let fail = draw(responder.fail)
            let finish = finishDelay(responder.finish, plan: plan)
            schedule(time.addingTimeInterval(finish), .finish(task: task, fail: fail, by: plan.by))
        }
        if state.isTerminal {
            plan.terminal = true
            plan.done = state == .done
        }
        tasks[task] = plan
        if plan.done { release(at: time) }
    }

    private mutating func ladderClimbed(_ climb: TaskClimb, at time: Date) {
        guard let plan = tasks[climb.task], !plan.acknowledged, !plan.terminal else { return }
        // Whoever the top rung reaches always answers: nobody is left above them.
        let top = climb.rung + 1 >= plan.rungs
        guard !draw(profile.escalated.miss) || top else { return }
        schedule(time.addingTimeInterval(delay(in: profile.escalated.acknowledge)), .acknowledge(task: climb.task, by: climb.to))
    }

    private mutating func escalationRaised(_ id: EscalationID, _ spec: EscalationSpec, at time: Date) {
        openEscalations.insert(id)
        let to = spec.to
        let options = spec.options
        let tower = profile.tower
        let acknowledged = time.addingTimeInterval(delay(in: tower.acknowledge))
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
            let allowed =
                plan.due.map { max(60, $0.timeIntervalSince(plan.created)) } ?? Self.seconds(ResponderProfile.Finish.allowedWithoutDue)
            let share = shares.lowerBound + (shares.upperBound - shares.lowerBound) * Double(random.next() >> 11) / Double(1 << 53)
            return max(1, (allowed * share).rounded())
        }
    }

    static func seconds(_ duration: Duration) -> TimeInterval {
        TimeInterval(duration.components.seconds) + TimeInterval(duration.components.attoseconds) / 1e18
    }
}
