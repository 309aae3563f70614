import Foundation
import Hummingbird
import IlsaEngine
import IlsaStore

extension API {
    func registerTasks(on api: RouterGroup<IlsaContext>) {
        api.get("tasks") { request, context in
            let caller = try context.signedIn()
            return try await kept(request, caller) { try await tasks(request, caller: caller) }
        }
        api.get("tasks/:task") { _, context in
            let caller = try context.signedIn()
            let task = try await visibleTask(context.parameters.require("task"), caller: caller)
            return JSONResponse.make(ReadModelJSON.task(task, now: service.now, city: service.city))
        }
        api.post("tasks/:task/:action") { request, context in
            try await act(on: context.parameters.require("task"), context.parameters.require("action"), request, context)
        }
    }

    /// `GET /tasks?district=&role=&run=&state=&overdue=&page=&per_page=`: the caller's tasks.
    private func tasks(_ request: Request, caller: Caller) async throws -> Answer {
        let query = try Self.taskQuery(request.uri.queryParameters, now: service.now)
        let page = try Self.page(request)
        guard let narrowed = Permissions.narrow(query, for: caller) else {
            return Self.list(Page<TaskSummary>(items: [], total: 0, offset: page.offset), request: page) { _ in .null }
        }
        let found = try await service.read { try $0.tasks(narrowed, page: page) }
        let now = service.now
        return Self.list(found, request: page) { ReadModelJSON.task($0, now: now, city: service.city) }
    }

    /// A task query from a request's parameters; unfinished tasks unless `state` says otherwise.
    static func taskQuery(_ parameters: Parameters, now: Date) throws -> TaskQuery {
        var query = TaskQuery(states: TaskQuery.openStates)
        query.district = parameters.get("district")
        query.role = parameters.get("role")
        query.run = parameters.get("run").map { RunID($0) }
        if let states = parameters.get("state") {
            query.states =
                try states == "all"
                ? nil
                : Set(
                    states.split(separator: ",").map { name in
                        guard let state = TaskState(rawValue: String(name)) else {
                            throw HTTPProblem.badRequest(
                                "state '\(name)' is not one of all, \(TaskState.allCases.map(\.rawValue).joined(separator: ", "))")
                        }
                        return state
                    })
        }
        switch parameters.get("overdue") {
        case nil, "false": break
        case "true": query.overdueAt = now
        case let other?: throw HTTPProblem.badRequest("overdue is true or false, not '\(other)'")
        }
        return query
    }

    /// The task, when the caller may see it; 404 when it does not exist, 403 when it is another's.
    func visibleTask(_ text: String, caller: Caller) async throws -> TaskSummary {
        guard let id = TaskID(text) else { throw HTTPProblem.badRequest("'\(text)' is not a task id (RUN.N)") }
        guard let task = try await service.read({ try $0.task(id) }) else { throw HTTPProblem.notFound("no task '\(text)'") }
        guard Permissions.allows(caller, .seeTask(task)) else {
            throw HTTPProblem.forbidden("task \(text) is \(task.assignee)'s; \(caller.account.name) is \(caller.scope)")
        }
        return task
    }

    /// The actions, by the word in the path (the CLI's: `ilsa task ack|start|done|fail|note`).
    static let taskActions: [String: TaskAction] = [
        "ack": .acknowledge, "start": .start, "done": .complete, "fail": .fail, "note": .note,
    ]

    /// `POST /tasks/{task}/{action}` with `{"note": "..."}`: records the action under the caller.
    private func act(on text: String, _ word: String, _ request: Request, _ context: IlsaContext) async throws -> Response {
        let caller = try context.signedIn()
        guard let action = Self.taskActions[word] else {
            throw HTTPProblem.notFound(
                "no task action '\(word)'; the actions are \(Self.taskActions.keys.sorted().joined(separator: ", "))")
        }
        let body = try await JSONResponse.body(request, context: context)
        try body.only(["note", "checked"])
        let note = try body.optionalText("note")
        let checked = try body.integers("checked")
        if action == .note && (note?.trimmed ?? "").isEmpty && checked == nil {
            throw HTTPProblem.badRequest("a note needs 'note' (what to add) or 'checked' (the checklist's items ticked)")
        }
        let task = try await visibleTask(text, caller: caller)
        guard Permissions.allows(caller, .actOnTask(task)) else {
            throw HTTPProblem.forbidden("\(caller.account.name) may not act on \(text)")
        }
        let name = caller.account.name
        let change = try await service.act { engine in try engine.update(task: task.id, action, by: name, note: note, checked: checked) }
        let now = service.now
        var object = changeJSON(change, now: now)
        object["action"] = .string(action.rawValue)
        object["by"] = .string(name)
        object["task"] = ReadModelJSON.task(change.tasks.first { $0.id == task.id } ?? task, now: now, city: service.city)
        return JSONResponse.make(.object(object))
    }
}
