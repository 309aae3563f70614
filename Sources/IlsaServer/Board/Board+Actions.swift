import Foundation
import Hummingbird
import IlsaEngine
import IlsaStore

extension Board {
    /// The board's forms: each checks the session's CSRF token and the caller's permission, acts
    /// through the engine under the caller's name, and goes back to the page it came from.
    func registerActions(on pages: RouterGroup<IlsaContext>) {
        pages.post("board/tasks/:task/:action") { request, context in
            let caller = try context.signedIn()
            let form = try await Form.read(request, context, caller: caller)
            let text = try context.parameters.require("task")
            guard let action = API.taskActions[try context.parameters.require("action")] else {
                throw HTTPProblem.notFound("no such task action")
            }
            guard let id = TaskID(text), let task = try await service.read({ try $0.task(id) }) else {
                throw HTTPProblem.notFound("no task '\(text)'")
            }
            guard Permissions.allows(caller, .actOnTask(task)) else {
                throw HTTPProblem.forbidden("\(caller.account.name) may not act on \(text)")
            }
            let note = form["note"].flatMap { $0.trimmed.isEmpty ? nil : String($0.prefix(4_000)) }
            // A checklist form sends its length and a field per ticked item.
            let checked = form["checklist"].flatMap(Int.init).map { count in
                (1...max(1, min(count, 200))).filter { form["check\($0)"] != nil }
            }
            if action == .note && note == nil && checked == nil { throw HTTPProblem.badRequest("a note needs text") }
            let name = caller.account.name
            _ = try await service.act { try $0.update(task: id, action, by: name, note: note, checked: checked) }
            return Response.redirect(to: Self.safeNext(form["next"]), type: .normal)
        }
        pages.post("board/escalations/:escalation/:verb") { request, context in
            let caller = try context.signedIn()
            let form = try await Form.read(request, context, caller: caller)
            let verb = try context.parameters.require("verb")
            let text = try context.parameters.require("escalation")
            guard let id = EscalationID(text), let escalation = try await service.read({ try $0.escalation(id) }) else {
                throw HTTPProblem.notFound("no escalation '\(text)'")
            }
            let name = caller.account.name
            switch verb {
            case "decide":
                guard Permissions.allows(caller, .decideEscalation) else {
                    throw HTTPProblem.forbidden("only the control tower decides escalations")
                }
                let option = form["option"] ?? ""
                guard escalation.options.isEmpty || escalation.options.contains(option) else {
                    throw HTTPProblem.badRequest("'\(option)' is not an option of \(text)")
                }
                let note = form["note"].flatMap { $0.trimmed.isEmpty ? nil : $0 }
                _ = try await service.act { try $0.decide(id, option: option, by: name, note: note) }
            case "ack":
                guard Permissions.allows(caller, .acknowledgeEscalation) else {
                    throw HTTPProblem.forbidden("acknowledging an escalation is the control tower's")
                }
                _ = try await service.act { try $0.acknowledge(escalation: id, by: name) }
            default: throw HTTPProblem.notFound("no escalation action '\(verb)'")
            }
            return Response.redirect(to: "/board", type: .normal)
        }
    }
}
