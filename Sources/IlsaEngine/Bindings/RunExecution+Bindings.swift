import IlsaStore
import Foundation
import IlsaLua

/// A task as a playbook holds it: `local t = ilsa.task { ... }; t:wait()`.
final class TaskHandle {
    let id: TaskID
    init(id: TaskID) { self.id = id }
}

/// A timer as a playbook holds it: `ilsa.any { t, ilsa.timer("3h") }`.
final class TimerHandle {
    let until: Date
    init(until: Date) { self.until = until }
}

/// A signal name to wait for among others: `ilsa.any { t, ilsa.signal("warning") }`.
final class SignalHandle {
    let name: String
    init(name: String) { self.name = name }
}

/// A branch as a playbook holds it: `local b = ilsa.branch(function() ... end); b:cancel()`.
final class BranchHandle {
    let id: BranchID
    let strand: Int
    init(id: BranchID, strand: Int) {
        self.id = id
        self.strand = strand
    }
}

/// A task's milestone to wait for among others: `ilsa.any { a:reached("started"), b:reached("started") }`.
final class MilestoneHandle {
    let task: TaskID
    let milestone: TaskMilestone
    init(task: TaskID, milestone: TaskMilestone) {
        self.task = task
        self.milestone = milestone
    }
}

/// An escalation as a playbook holds it: `local e = ilsa.escalate { ... }; e:wait()`.
final class EscalationHandle {
    let id: EscalationID
    init(id: EscalationID) { self.id = id }
}

/// The `ilsa.*` functions a running playbook calls. Each one that has an effect or waits issues a
/// command, so it is recorded once and replayed after a restart.
extension RunExecution {
    func registerBindings() throws {
        registerHandleTypes()
        registerRosterBindings()
        if isPrompt { registerPromptBindings() }

        lua.register("ilsa.task") { [unowned self] call in
            if !replaying, tasks.count >= budget.tasks {
                try exceed("the run has created \(tasks.count.formatted()) tasks, its most (budget tasks)")
            }
            let (spec, record) = try taskSpec(try call.table(1))
            let number = try issue(.createTask(spec))
            call.push(object: TaskHandle(id: createTask(number: number, record: record)))
            return .values(1)
        }

        lua.register("ilsa.escalate") { [unowned self] call in
            let spec = try escalationPayload(try call.table(1))
            let number = try issue(.escalate(spec))
            let escalation = EscalationID(run: id, number: number)
            let summary = EscalationSummary(
                id: escalation, run: id, to: spec.to, severity: spec.severity, reason: spec.reason, options: spec.options, createdAt: now)
            escalations[escalation] = EscalationRecord(summary: summary, strand: current?.id ?? 0)
            call.push(object: EscalationHandle(id: escalation))
            return .values(1)
        }

        lua.register("ilsa.timer") { [unowned self] call in
            let until = try deadline(call, "ilsa.timer")
            _ = try issue(.startTimer(until: until))
            call.push(object: TimerHandle(until: until))
            return .values(1)
        }

        lua.register("ilsa.sleep") { [unowned self] call in
            let until = try deadline(call, "ilsa.sleep")
            return try wait(call, [.timer(until)], .sleep)
        }

        lua.register("ilsa.signal") { call in
            call.push(object: SignalHandle(name: try call.string(1)))
            return .values(1)
        }

        lua.register("ilsa.wait_signal") { [unowned self] call in
            try wait(call, [.signal(try call.string(1))], .signal)
        }

        let any = lua.function(named: "ilsa.any") { [unowned self] call in
            let items = try call.table(1).array
            guard !items.isEmpty else {
                throw LuaArgumentError(position: 1, problem: "a list of tasks, timers or signals expected, got an empty table")
            }
            let conditions = try items.enumerated().map { index, item in try condition(for: item, at: index + 1, call: call) }
            return try wait(call, conditions, .any)
        }
        try lua.run(Self.anyAndAll, arguments: [any])

        lua.register("ilsa.parallel") { [unowned self] call in
            try checkBranches(adding: call.length(1), call: call)
            let branches = try call.table(1).array
            guard !branches.isEmpty, branches.allSatisfy({ if case .function = $0 { true } else { false } }) else {
                throw LuaArgumentError(position: 1, problem: "a list of functions expected (one per branch)")
            }
            _ = try issue(.parallel(branches: branches.count))
            return call.suspend(with: Fork(functions: branches))
        }

        lua.register("ilsa.branch") { [unowned self] call in
            let function = try call.value(1)
            guard case .function = function else {
                throw LuaArgumentError(position: 1, problem: "a function expected (the branch to run), got \(function.typeName)")
            }
            try checkBranches(adding: 1, call: call)
            let number = try issue(.startBranch)
            let branch = BranchID(run: id, number: number)
            let strand = startStrand(function, handle: branch)
            branches[branch] = BranchRecord(strand: strand.id)
            call.push(object: BranchHandle(id: branch, strand: strand.id))
            return .values(1)
        }

        lua.register("ilsa.patched") { [unowned self] call in
            call.push(.boolean(try patched(try call.string(1))))
            return .values(1)
        }

        lua.register("ilsa.cancel_run") { call in
            let reason = try call.optionalString(1)
            return call.suspend(with: SelfCancel(reason: reason))
        }

        lua.register("ilsa.log") { [unowned self] call in
            _ = try issue(.log(try call.string(1)))
            return .nothing
        }
        try lua.run(Self.printAsLog)

        lua.register("ilsa.now") { [unowned self] call in
            call.push(Double(now.millisecondsSince1970) / 1000)
            return .values(1)
        }

        lua.register("ilsa.random") { [unowned self] call in
            switch call.count {
            case 0:
                call.push(Double(random.next() >> 11) / Double(1 << 53))
            default:
                let low = call.count >= 2 ? try call.integer(1) : 1
                let high = try call.integer(call.count >= 2 ? 2 : 1)
                guard low <= high else { throw LuaArgumentError(position: call.count >= 2 ? 2 : 1, problem: "interval is empty") }
                call.push(Int64.random(in: low...high, using: &random))
            }
            return .values(1)
        }
    }

    private func registerHandleTypes() {
        var task = LuaObjectType<TaskHandle>(name: "ilsa.Task")
        task.describe = { "task \($0.id)" }
        task.method("id") { handle, call in call.returning(.string(LuaString(handle.id.description))) }
        task.method("wait") { [unowned self] handle, call in
            guard try call.optionalString(2) != nil else { return try wait(call, [.task(handle.id)], .task) }
            return try wait(call, [.taskReached(handle.id, try milestone(call, 2))], .task)
        }
        task.method("reached") { [unowned self] handle, call in
            call.push(object: MilestoneHandle(task: handle.id, milestone: try milestone(call, 2)))
            return .values(1)
        }
        task.method("cancel") { [unowned self] handle, call in
            _ = try issue(.cancelTask(handle.id))
            if tasks[handle.id]?.state.isTerminal == false { closeTask(handle.id, state: .cancelled, by: "playbook") }
            return .nothing
        }
        lua.register(task)

        var timer = LuaObjectType<TimerHandle>(name: "ilsa.Timer")
        timer.describe = { "timer until \($0.until.millisecondsSince1970 / 1000)" }
        timer.method("wait") { [unowned self] handle, call in try wait(call, [.timer(handle.until)], .timer) }
        lua.register(timer)

        var escalation = LuaObjectType<EscalationHandle>(name: "ilsa.Escalation")
        escalation.describe = { "escalation \($0.id)" }
        escalation.method("id") { handle, call in call.returning(.string(LuaString(handle.id.description))) }
        escalation.method("wait") { [unowned self] handle, call in try wait(call, [.escalation(handle.id)], .escalation) }
        escalation.method("withdraw") { [unowned self] handle, call in
            _ = try issue(.withdrawEscalation(handle.id))
            if escalations[handle.id]?.end == nil { closeEscalation(handle.id, state: .withdrawn, by: "playbook") }
            return .nothing
        }
        lua.register(escalation)

        var branch = LuaObjectType<BranchHandle>(name: "ilsa.Branch")
        branch.describe = { "branch \($0.id)" }
        branch.method("id") { handle, call in call.returning(.string(LuaString(handle.id.description))) }
        branch.method("wait") { [unowned self] handle, call in try wait(call, [.branch(handle.id)], .branch) }
        branch.method("cancel") { [unowned self] handle, call in
            _ = try issue(.cancelBranch(handle.id))
            var closed: [TaskID] = []
            if branches[handle.id]?.end == nil, let strand = strand(handle.strand) {
                closed = try cancelStrands(from: strand, branch: handle.id)
            }
            call.push(.table(LuaTable(array: closed.map { .string(LuaString($0.description)) })))
            return .values(1)
        }
        lua.register(branch)

        var reached = LuaObjectType<MilestoneHandle>(name: "ilsa.Milestone")
        reached.describe = { "task \($0.task) \($0.milestone.rawValue)" }
        reached.method("task") { handle, call in
            call.push(object: TaskHandle(id: handle.task))
            return .values(1)
        }
        reached.method("wait") { [unowned self] handle, call in
            try wait(call, [.taskReached(handle.task, handle.milestone)], .task)
        }
        lua.register(reached)

        var signal = LuaObjectType<SignalHandle>(name: "ilsa.Signal")
        signal.describe = { "signal \($0.name)" }
        lua.register(signal)
    }

    /// `acknowledged` or `started`, the argument at `position`.
    private func milestone(_ call: LuaCall, _ position: Int) throws -> TaskMilestone {
        let text = try call.string(position)
        guard let milestone = TaskMilestone(rawValue: text) else {
            throw LuaArgumentError(position: position, problem: "\"acknowledged\" or \"started\" expected, got \"\(text)\"")
        }
        return milestone
    }

    /// Refuses branches past the budget, before anything is made for them.
    private func checkBranches(adding count: Int, call: LuaCall) throws {
        guard strandCount + count > budget.branches else { return }
        throw LuaArgumentError(
            position: 1,
            problem: "\(count.formatted()) more branches would make \((strandCount + count).formatted()) going at once; a run may have "
                + "at most \(budget.branches.formatted()) (budget branches)")
    }

    /// Issues a waiting command and suspends the script until it is answered.
    private func wait(_ call: LuaCall, _ conditions: [WaitCondition], _ kind: WaitKind) throws -> LuaReturn {
        let number = try issue(.wait(kind, conditions))
        return call.suspend(with: Wait(command: number, conditions: conditions))
    }

    /// The time a due-time argument names: a duration from the run's now (`"15m"`), an offset
    /// from the run's start (`"T0+2h"`) or a time (`"2025-07-16T18:00:00+09:00"`), as for tasks.
    private func deadline(_ call: LuaCall, _ function: String) throws -> Date {
        let text = try call.string(1)
        do {
            return try DueTime(parsing: text).resolve(now: now, runStart: started).roundedToMilliseconds
        } catch {
            throw LuaArgumentError(
                position: 1,
                problem:
                    "a duration like \"15m\", a start offset like \"T0+2h\" or a time like \"2025-07-16T18:00:00+09:00\" expected, got \"\(text)\""
            )
        }
    }

    private func condition(for item: LuaValue, at position: Int, call: LuaCall) throws -> WaitCondition {
        let state = call.state
        if let task = state.object(item, as: TaskHandle.self) { return .task(task.id) }
        if let reached = state.object(item, as: MilestoneHandle.self) { return .taskReached(reached.task, reached.milestone) }
        if let timer = state.object(item, as: TimerHandle.self) { return .timer(timer.until) }
        if let signal = state.object(item, as: SignalHandle.self) { return .signal(signal.name) }
        if let escalation = state.object(item, as: EscalationHandle.self) { return .escalation(escalation.id) }
        if let branch = state.object(item, as: BranchHandle.self) { return .branch(branch.id) }
        throw LuaArgumentError(
            position: 1, problem: "item \(position) is not a task, timer, signal, escalation or branch (got \(item.typeName))")
    }
}

extension RunExecution {
    /// `ilsa.any` returns the item that ended the wait, then the answer; `ilsa.all` waits for
    /// each item in turn (one wait each, so a replay sees the same commands) and returns their
    /// answers in the items' order. Given the Swift `ilsa.any`.
    static let anyAndAll = LuaHostChunk(
        """
        local any = ...
        function ilsa.any(items)
          local answer = any(items)
          return items[answer.index], answer
        end
        function ilsa.all(items)
          if type(items) ~= "table" then
            error("bad argument #1 to 'ilsa.all' (a list of tasks, timers, signals, escalations or branches expected)", 2)
          end
          local answers = {} -- an empty list: nothing to wait for
          for i = 1, #items do
            local answer = any({ items[i] })
            answer.index = i
            answers[i] = answer
          end
          return answers
        end
        """, chunkName: "=ilsa")

    /// `print` in a run is a log line: recorded once, shown where the run is followed, never
    /// written to the terminal of whichever process happens to run the step.
    static let printAsLog = LuaHostChunk(
        """
        local log, select, tostring, concat = ilsa.log, select, tostring, table.concat
        function print(...)
          local parts = {}
          for i = 1, select("#", ...) do parts[i] = tostring((select(i, ...))) end
          log(concat(parts, "\\t"))
        end
        """, chunkName: "=ilsa")
}
