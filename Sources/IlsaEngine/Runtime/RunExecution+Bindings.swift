import Foundation
import IlsaLua

/// A task as a playbook holds it: `local t = ilsa.task { ... }; t:wait()`.
final class TaskHandle {
    let id: String
    init(id: String) { self.id = id }
}

/// The `ilsa.*` functions a running playbook calls. Each one that has an effect or waits issues a
/// command, so it is recorded once and replayed after a restart.
extension RunExecution {
    func registerBindings() {
        var task = LuaObjectType<TaskHandle>(name: "ilsa.Task")
        task.describe = { "task \($0.id)" }
        task.method("id") { handle, call in call.returning(.string(LuaString(handle.id))) }
        task.method("wait") { [unowned self] handle, call in
            let number = try issue("task.wait", .object(["task": .string(handle.id)]))
            return call.suspend(with: Wait.task(command: number, task: handle.id))
        }
        lua.register(task)

        lua.register("ilsa.task") { [unowned self] call in
            let spec = try call.table(1)
            guard case .string(let title) = spec["title"], !title.text.isEmpty else {
                throw LuaArgumentError(position: 1, problem: "field 'title' must be a non-empty string")
            }
            var payload: [String: JSONValue] = ["title": .string(title.text)]
            if case .string(let due) = spec["due"] {
                do {
                    let deadline = try DueTime(parsing: due.text).resolve(now: now, runStart: now)
                    payload["due"] = .integer(deadline.millisecondsSince1970)
                } catch {
                    throw LuaArgumentError(position: 1, problem: "field 'due': \(error)")
                }
            }
            let number = try issue("task.create", .object(payload))
            call.push(object: TaskHandle(id: createTask(number: number)))
            return .values(1)
        }

        lua.register("ilsa.sleep") { [unowned self] call in
            let text = try call.string(1)
            guard let duration = DurationText.parse(text) else {
                throw LuaArgumentError(position: 1, problem: "a duration like \"15m\" or \"2h\" expected, got \"\(text)\"")
            }
            let until = ClockArithmetic.date(now, plus: duration)
            let number = try issue("sleep", .object(["until": .integer(until.millisecondsSince1970)]))
            return call.suspend(with: Wait.timer(command: number, until: until.roundedToMilliseconds))
        }

        lua.register("ilsa.log") { [unowned self] call in
            _ = try issue("log", .object(["message": .string(try call.string(1))]))
            return .nothing
        }

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
}
