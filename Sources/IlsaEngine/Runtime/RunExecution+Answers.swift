import Foundation

/// Answers from outside, taken between activations: a task done, a signal, time passing. Each is
/// recorded before the run resumes, so a replay sees the same answers in the same order.
extension RunExecution {
    /// Records that someone completed `task`, and resumes the run if it waits on it.
    func completeTask(_ task: String, answer: JSONValue) throws {
        guard let entry = tasks[task] else { throw RuntimeError(.notFound, "run '\(id)' has no task '\(task)'") }
        guard entry == nil else { throw RuntimeError(.invalidState, "task '\(task)' is already done") }
        guard case .waiting = state else { throw RuntimeError(.invalidState, "run '\(id)' has ended; its tasks are closed") }
        now = clock.now
        record(.taskCompleted, name: "task.complete", payload: answer)
        tasks[task] = answer
        try resumeIfAnswered()
    }

    /// Records the decision on an escalation, and resumes the run if it waits for it.
    func decide(_ escalation: String, answer: JSONValue) throws {
        guard let escalationRecord = escalations[escalation] else { throw RuntimeError(.notFound, "run '\(id)' has no escalation '\(escalation)'") }
        guard escalationRecord.decision == nil else { throw RuntimeError(.invalidState, "escalation '\(escalation)' is already decided") }
        guard case .string(let option) = answer["option"] ?? .null, escalationRecord.options.contains(option) else {
            let offered = escalationRecord.options.map { "'\($0)'" }.joined(separator: ", ")
            throw RuntimeError(.invalidState, "escalation '\(escalation)' offers \(offered); '\(answer["option"]?.stringValue ?? "")' is not one of them")
        }
        guard case .waiting = state else { throw RuntimeError(.invalidState, "run '\(id)' has ended; its escalations are closed") }
        now = clock.now
        record(.escalationDecided, name: "escalation.decide", payload: answer)
        escalations[escalation]?.decision = answer
        try resumeIfAnswered()
    }

    /// Records a signal for the run: the wait that asks for it, now or later, takes it.
    func receiveSignal(_ name: String, payload: JSONValue) throws {
        guard case .waiting = state else { throw RuntimeError(.invalidState, "run '\(id)' has ended; it takes no signals") }
        now = clock.now
        let fact: JSONValue = .object(["signal": .string(name), "payload": payload])
        record(.signalReceived, name: "signal", payload: fact)
        inbox.append(InboxSignal(id: sequence, name: name, payload: fact))
        try resumeIfAnswered()
    }

    /// Resumes the run if it waits on a timer that is due by the clock.
    /// - Returns: Whether it resumed.
    @discardableResult
    func fireTimers() throws -> Bool {
        guard case .waiting(let wait) = state else { return false }
        for (index, condition) in wait.conditions.enumerated() {
            if case .timer(let until) = condition, until <= clock.now {
                now = clock.now
                try answer(wait, with: .object(["index": .integer(Int64(index + 1)), "timer": .integer(until.millisecondsSince1970)]))
                return true
            }
        }
        return false
    }

    /// The answer a wait gets at once from what the run already knows: a task done before the
    /// wait, a signal waiting in the inbox. Timers always wait for ``fireTimers()``.
    func immediateAnswer(to wait: Wait) -> JSONValue? {
        for (index, condition) in wait.conditions.enumerated() {
            let position: JSONValue = .integer(Int64(index + 1))
            switch condition {
            case .task(let task):
                if case .object(var fields)?? = tasks[task] {
                    fields["index"] = position
                    return .object(fields)
                }
            case .signal(let name):
                if let signal = inbox.first(where: { $0.name == name }), case .object(var fields) = signal.payload {
                    fields["index"] = position
                    fields["id"] = .integer(Int64(signal.id))
                    return .object(fields)
                }
            case .decision(let escalation):
                if case .object(var fields)? = escalations[escalation]?.decision {
                    fields["index"] = position
                    return .object(fields)
                }
            case .timer:
                continue
            }
        }
        return nil
    }

    /// Takes out of the inbox the signal an answer carries, so no other wait gets it.
    func take(_ answer: JSONValue) {
        guard let id = answer["id"]?.integerValue else { return }
        inbox.removeAll { $0.id == Int(id) }
    }

    private func resumeIfAnswered() throws {
        guard case .waiting(let wait) = state, let answer = immediateAnswer(to: wait) else { return }
        try self.answer(wait, with: answer)
    }

    private func answer(_ wait: Wait, with answer: JSONValue) throws {
        state = nil
        record(.commandAnswered, command: wait.command, name: "answer", payload: answer)
        take(answer)
        try advance(arguments: [answer.luaValue])
    }
}
