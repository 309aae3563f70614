import Foundation
import Hummingbird
import IlsaEngine
import IlsaStore

extension Board {
    /// `/board`: the control tower's overview (districts at a glance, active runs, the
    /// escalation queue); for anyone else, their own open tasks.
    func overview(_ request: Request, caller: Caller) async throws -> Answer {
        guard caller.scope.isTower else {
            if case .district(let district) = caller.scope { return try await self.district(district, caller: caller) }
            let tasks = try await openTasks(TaskQuery(states: TaskQuery.openStates), caller: caller)
            let runs = try await runs(of: tasks)
            return BoardPage(
                title: "내 업무 My tasks", caller: caller,
                body:
                    "<h1>내 업무 <small>My tasks</small></h1>\n<p class=\"meta\">\(h(scopeKorean(caller))) · \(h(caller.scope.description))</p>\n"
                    + taskList(tasks, runs: runs, caller: caller, back: "/board")
            ).answer()
        }
        let now = service.now
        let (open, runs, escalations) = try await service.read { store in
            (
                try store.tasks(TaskQuery(states: TaskQuery.openStates, limit: 10_000)),
                try store.runs(RunQuery(statuses: [.running, .waiting, .paused]), page: PageRequest(limit: 200)).items,
                try store.escalations(EscalationQuery(states: EscalationQuery.openStates), page: PageRequest(limit: 200)).items
            )
        }
        var rows = ""
        for district in service.roster.districts {
            let mine = open.filter { $0.district == district.id.rawValue }
            let overdue = mine.count { $0.isOverdue(at: now) }
            let escalated = mine.count { $0.rung > 0 }
            rows += """
                <tr class="\(overdue > 0 ? "late" : "")"><td><a href="/board/districts/\(h(district.id.rawValue))">\(h(district.name.korean)) \
                <small>\(h(district.name.english))</small></a></td><td class="n">\(mine.count)</td>\
                <td class="n\(overdue > 0 ? " red" : "")">\(overdue)</td><td class="n">\(escalated)</td></tr>

                """
        }
        var runRows = ""
        for run in runs {
            let params = run.params
            let level = params["level"]?.stringValue ?? "—"
            let districts = run.districts
            runRows += """
                <tr><td><a href="/board/runs/\(h(run.id.rawValue))">\(h(run.id.rawValue))</a></td><td>\(h(run.title))</td>\
                <td>\(districts.isEmpty ? "—" : h(districts.map(districtName).joined(separator: ", ")))</td><td>\(h(level))</td><td>\(h(Words.runStatus(run.status)))</td>\
                <td><time datetime="\(service.city.iso(run.createdAt))">\(h(service.city.short(run.createdAt)))</time></td></tr>

                """
        }
        let csrf = caller.session?.csrf ?? ""
        let runsByID = Dictionary(runs.map { ($0.id, $0) }) { first, _ in first }
        let queue = escalations.map { escalation in
            let buttons = escalation.options.map { option in
                """
                <form method="post" action="/board/escalations/\(h(escalation.id.description))/decide" class="inline">\
                <input type="hidden" name="csrf" value="\(h(csrf))"><input type="hidden" name="option" value="\(h(option))">\
                <button type="submit" class="decide">\(h(option))</button></form>
                """
            }.joined(separator: " ")
            let ack =
                escalation.state == .open
                ? """
                <form method="post" action="/board/escalations/\(h(escalation.id.description))/ack" class="inline">\
                <input type="hidden" name="csrf" value="\(h(csrf))"><button type="submit" class="secondary">확인 Acknowledge</button></form>
                """ : "<span class=\"tag\">확인됨 acknowledged</span>"
            return """
                <li class="escalation sev-\(h(escalation.severity))"><div class="head"><span class="sev">\(h(Words.severity(escalation.severity)))</span> \
                <a href="/board/runs/\(h(escalation.run.rawValue))">\(h(runLabel(runsByID[escalation.run], escalation.run)))</a> \
                <time datetime="\(service.city.iso(escalation.createdAt))">\(h(service.city.short(escalation.createdAt)))</time></div>\
                <p class="reason">\(h(escalation.reason))</p><div class="actions">\(buttons) \(ack)</div></li>
                """
        }.joined(separator: "\n")
        return BoardPage(
            title: "상황판 Control tower", caller: caller,
            body: """
                <h1>통합 상황판 <small>Control tower</small></h1>
                <p class="meta">\(h(service.city.stamp(now))) 기준 as of</p>
                <section><h2>결정 대기 <small>Escalations to decide</small> <span class="count">\(escalations.count)</span></h2>
                \(escalations.isEmpty ? "<p class=\"empty\">없음 None</p>" : "<ul class=\"queue\">\(queue)</ul>")</section>
                <section><h2>권역 <small>Districts</small></h2>
                <table class="districts"><thead><tr><th>권역 District</th><th>미결 Open</th><th>지연 Overdue</th><th>상향 Escalated</th></tr></thead>
                <tbody>\(rows)</tbody></table></section>
                <section><h2>진행 중인 대응 <small>Active runs</small> <span class="count">\(runs.count)</span></h2>
                <table class="runs"><thead><tr><th>Run</th><th>대응 Playbook</th><th>권역 District</th><th>단계 Level</th><th>상태 Status</th><th>시작 Started</th></tr></thead>
                <tbody>\(runRows)</tbody></table></section>
                """
        ).answer()
    }

    /// What the account sees, in Korean: `신길 권역 DONG.HEAD 업무`.
    func scopeKorean(_ caller: Caller) -> String {
        switch caller.scope {
        case .city: "전체 업무 (통합 상황판)"
        case .district(let district): "\(districtName(district)) 권역 전체 업무"
        case .role(let role, let district): "\(districtName(district)) 권역 \(role) 업무"
        case .citywideRole(let role): "시 전체 \(role) 업무"
        }
    }

    /// `/board/districts/{district}`: the district's open tasks by due time, overdue in red.
    func district(_ id: String, caller: Caller) async throws -> Answer {
        guard let district = service.roster.district(District.ID(id)) else { throw HTTPProblem.notFound("no district '\(id)'") }
        guard Permissions.narrow(TaskQuery(district: id), for: caller) != nil else {
            throw HTTPProblem.forbidden("\(caller.account.name) is \(caller.scope); \(id) is not theirs")
        }
        let tasks = try await openTasks(TaskQuery(district: id, states: TaskQuery.openStates), caller: caller)
        let runs = try await runs(of: tasks)
        let now = service.now
        let overdue = tasks.count { $0.isOverdue(at: now) }
        return BoardPage(
            title: "\(district.name.korean) \(district.name.english)", caller: caller,
            body: """
                <h1>\(h(district.name.korean)) <small>\(h(district.name.english))</small></h1>
                <p class="meta">미결 \(tasks.count) open · <span class="\(overdue > 0 ? "red" : "")">지연 \(overdue) overdue</span> · \
                \(h(service.city.stamp(now))) 기준 as of</p>
                \(taskList(tasks, runs: runs, caller: caller, back: "/board/districts/\(id)"))
                """
        ).answer()
    }

    /// The open tasks of a query the caller may see, by due time (those without one last).
    func openTasks(_ query: TaskQuery, caller: Caller) async throws -> [TaskSummary] {
        guard var narrowed = Permissions.narrow(query, for: caller) else { return [] }
        narrowed.limit = 1_000
        let found = try await service.read { [narrowed] in try $0.tasks(narrowed) }
        return found.sorted { ($0.due ?? .distantFuture, $0.id) < ($1.due ?? .distantFuture, $1.id) }
    }

    /// The runs the tasks belong to, by id.
    func runs(of tasks: [TaskSummary]) async throws -> [RunID: RunRecord] {
        let ids = Set(tasks.map(\.run))
        return try await service.read { store in
            var runs: [RunID: RunRecord] = [:]
            for id in ids { runs[id] = try store.run(id) }
            return runs
        }
    }

    /// What tells runs apart for people: the playbook's Korean title, its districts and level
    /// (`호우 대응 (권역) · 신길 · warning`); the run's id when the run is not known.
    func runLabel(_ run: RunRecord?, _ id: RunID) -> String {
        guard let run else { return id.rawValue }
        let title = run.title.components(separatedBy: " — ").first ?? run.title
        let districts = run.districts
        let level = run.params["level"]?.stringValue
        return ([title] + [districts.map(districtName).joined(separator: ", ")].filter { !$0.isEmpty } + [level].compactMap { $0 })
            .joined(separator: " · ")
    }

    /// Tasks as a list of cards, each with its run and its buttons.
    func taskList(_ tasks: [TaskSummary], runs: [RunID: RunRecord], caller: Caller, back: String) -> String {
        guard !tasks.isEmpty else { return "<p class=\"empty\">미결 업무 없음 No open tasks</p>" }
        let now = service.now
        let items = tasks.map { task in
            let late = task.isOverdue(at: now)
            let due =
                task.due.map {
                    "<time datetime=\"\(service.city.iso($0))\">\(h(service.city.short($0)))</time> \(late ? "지연 overdue" : "")"
                } ?? "—"
            return """
                <li class="task\(late ? " late" : "") pri-\(h(task.priority))" id="task-\(h(task.id.description))">\
                <div class="head"><a href="/board/tasks/\(h(task.id.description))">\(h(task.title))</a></div>\
                <div class="run">\(h(runLabel(runs[task.run], task.run)))</div>\
                <div class="meta"><span class="due">\(due)</span> · \(h(task.assignee)) · \(h(Words.priority(task.priority))) · \
                <span class="state">\(h(Words.state(task.state)))</span>\(task.rung > 0 ? " · <span class=\"tag\">상향 \(h(task.escalatedTo ?? ""))</span>" : "")</div>\
                <div class="actions">\(actionButtons(task, caller: caller, back: back))</div></li>
                """
        }
        return "<ul class=\"tasks\">\n" + items.joined(separator: "\n") + "\n</ul>"
    }

    func actionButtons(_ task: TaskSummary, caller: Caller, back: String) -> String {
        guard Permissions.allows(caller, .actOnTask(task)) else { return "" }
        let csrf = caller.session?.csrf ?? ""
        return Words.actions(for: task.state).map { word, label in
            """
            <form method="post" action="/board/tasks/\(h(task.id.description))/\(word)" class="inline">\
            <input type="hidden" name="csrf" value="\(h(csrf))"><input type="hidden" name="next" value="\(h(back))">\
            <button type="submit" class="\(word)">\(label)</button></form>
            """
        }.joined(separator: " ")
    }
}
