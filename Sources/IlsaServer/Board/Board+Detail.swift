import Foundation
import Hummingbird
import IlsaDrill
import IlsaEngine
import IlsaStore

extension Board {
    /// `/board/tasks/{task}`: the task, its checklist, and who did what to it and when.
    func task(_ text: String, caller: Caller) async throws -> Answer {
        guard let id = TaskID(text) else { throw HTTPProblem.badRequest("'\(text)' is not a task id (RUN.N)") }
        guard let task = try await service.read({ try $0.task(id) }) else { throw HTTPProblem.notFound("no task '\(text)'") }
        guard Permissions.allows(caller, .seeTask(task)) else {
            throw HTTPProblem.forbidden("task \(text) is \(task.assignee)'s; \(caller.account.name) is \(caller.scope)")
        }
        let detail = TaskDetail(task: task, history: try await service.read { try $0.history(of: id.run) })
        let city = service.city
        let checklist = detail.checklist
        let ticked = detail.ticked
        let entries = detail.entries.map { entry in
            let when = "<time datetime=\"\(city.iso(entry.at))\">\(h(city.short(entry.at)))</time>"
            switch entry.what {
            case .created: return "<li>\(when) 생성 created</li>"
            case .updated(let update):
                let ticks = update.checked.map { " · ☑ \($0.count)/\(checklist.count)" } ?? ""
                let handover = update.assignee.map { " → \($0.person ?? $0.unit ?? "?")" } ?? ""
                let restarted = update.restartsLadder ? " · 단계 재시작 ladder restarted" : ""
                let what = (update.action.map { "\($0.rawValue)" } ?? update.state.rawValue) + handover + ticks + restarted
                return "<li>\(when) <b>\(h(what))</b> → \(h(Words.state(update.state)))\(update.by.map { " · \(h($0))" } ?? "")"
                    + "\(update.note.map { "<p class=\"note\">\(h($0))</p>" } ?? "")</li>"
            case .climbed(let climb): return "<li class=\"red\">\(when) 상향 escalated → \(h(climb.to)) (rung \(climb.rung))</li>"
            }
        }
        let now = service.now
        let back = "/board/tasks/\(id)"
        let csrf = caller.session?.csrf ?? ""
        let canAct = Permissions.allows(caller, .actOnTask(task)) && !task.state.isTerminal
        let noteForm =
            canAct
            ? """
            <form method="post" action="/board/tasks/\(h(id.description))/note" class="note">\
            <input type="hidden" name="csrf" value="\(h(csrf))"><input type="hidden" name="next" value="\(h(back))">\
            <label>메모 Note <textarea name="note" maxlength="4000" rows="3" required></textarea></label>\
            <button type="submit" class="secondary">메모 남기기 Add note</button></form>
            <form method="post" action="/board/tasks/\(h(id.description))/fail" class="inline">\
            <input type="hidden" name="csrf" value="\(h(csrf))"><input type="hidden" name="next" value="\(h(back))">\
            <button type="submit" class="fail">실패 Fail</button></form>
            """ : ""
        let due = task.due.map { "\(h(city.stamp($0)))\(task.isOverdue(at: now) ? " <b class=\"red\">지연 overdue</b>" : "")" } ?? "—"
        return BoardPage(
            title: task.title, caller: caller,
            body: """
                <p class="crumbs">\(task.district.map { "<a href=\"/board/districts/\(h($0))\">\(h(districtName($0)))</a> · " } ?? "")\
                \(caller.scope.isTower ? "<a href=\"/board/runs/\(h(id.run.rawValue))\">run \(h(id.run.rawValue))</a> · " : "")\(h(id.description))</p>
                <h1>\(h(task.title))</h1>
                <dl class="facts"><dt>상태 State</dt><dd class="state">\(h(Words.state(task.state)))</dd>\
                <dt>담당 Assignee</dt><dd>\(h(task.assignee))</dd><dt>기한 Due</dt><dd>\(due)</dd>\
                <dt>중요도 Priority</dt><dd>\(h(Words.priority(task.priority)))</dd>\
                <dt>분류 Class</dt><dd>\(h(task.taskClass.rawValue))</dd></dl>
                \(task.detail.map { "<p class=\"detail\">\(h($0))</p>" } ?? "")
                \(checklistForm(checklist, ticked: ticked, task: id, canAct: canAct, csrf: csrf))
                <div class="actions">\(actionButtons(task, caller: caller, back: back))</div>
                \(noteForm)
                <h2>기록 <small>History</small></h2>
                <ol class="history">\(entries.joined(separator: "\n"))</ol>
                """
        ).answer()
    }

    /// A district's Korean name, or its code when the roster has no such district.
    func districtName(_ id: String) -> String { service.roster.district(District.ID(id))?.name.korean ?? id }

    /// `/board/runs/{run}/report`: the after-action report of a run that has ended, as the drill
    /// writes it (one self-contained page: its style inline, no script).
    func report(_ text: String, caller: Caller) async throws -> Response {
        guard Permissions.allows(caller, .seeRunHistory) else {
            throw HTTPProblem.forbidden("a run's report is the control tower's to read")
        }
        guard let record = try await service.read({ try $0.run(RunID(text)) }) else { throw HTTPProblem.notFound("no run '\(text)'") }
        guard record.status.isFinal else {
            throw HTTPProblem(.conflict, "conflict", "run \(text) is still \(record.status); its report comes when it ends")
        }
        let roster = service.roster
        let now = service.now
        let html = try await service.read { try DrillReport.afterAction(store: $0, run: record.id, roster: roster, now: now).html() }
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        // The report carries its style inline and runs nothing.
        headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// The checklist, its items ticked as the last update left them; a form that saves the
    /// ticks (as a note) for whoever may act on the task.
    private func checklistForm(_ items: [String], ticked: Set<Int>, task: TaskID, canAct: Bool, csrf: String) -> String {
        guard !items.isEmpty else { return "" }
        let boxes = items.enumerated().map { index, item in
            let number = index + 1
            return "<li><label><input type=\"checkbox\" name=\"check\(number)\" value=\"1\"\(ticked.contains(number) ? " checked" : "")"
                + "\(canAct ? "" : " disabled")> \(h(item))</label></li>"
        }.joined()
        let head = "<h2>점검 항목 <small>Checklist \(ticked.count)/\(items.count)</small></h2>"
        guard canAct else { return head + "<ol class=\"checklist\">\(boxes)</ol>" }
        return head + """
            <form method="post" action="/board/tasks/\(h(task.description))/note" class="checklist">\
            <input type="hidden" name="csrf" value="\(h(csrf))"><input type="hidden" name="next" value="/board/tasks/\(h(task.description))">\
            <input type="hidden" name="checklist" value="\(items.count)"><ol class="checklist">\(boxes)</ol>\
            <button type="submit" class="secondary">점검 저장 Save checklist</button></form>
            """
    }

    /// `/board/runs/{run}`: the run's timeline, and how it ended (the control tower's).
    func run(_ text: String, caller: Caller) async throws -> Answer {
        guard Permissions.allows(caller, .seeRunHistory) else {
            throw HTTPProblem.forbidden("a run's timeline is the control tower's to read")
        }
        guard let record = try await service.read({ try $0.run(RunID(text)) }) else { throw HTTPProblem.notFound("no run '\(text)'") }
        let history = try await service.read { try $0.history(of: record.id) }
        let city = service.city
        let lines = history.compactMap { event -> String? in
            let when = "<time datetime=\"\(city.iso(event.at))\">\(h(city.short(event.at)))</time>"
            switch event.fact {
            case .started(let start):
                return "<li>\(when) 시작 started · \(h(start.workflow)) \(h((try? start.params.encodedText()) ?? ""))</li>"
            case .issued(let command):
                switch command.request {
                case .createTask(let spec):
                    return
                        "<li>\(when) 업무 task <a href=\"/board/tasks/\(h(record.id.rawValue)).\(command.number)\">\(h(spec.title))</a></li>"
                case .escalate(let spec): return "<li class=\"red\">\(when) 상향 escalation · \(h(spec.reason))</li>"
                case .log(let message): return "<li class=\"log\">\(when) \(h(message))</li>"
                default: return nil
                }
            case .taskUpdated(let update):
                let what = update.action == .note ? "메모 note" : Words.state(update.state)
                return "<li>\(when) <a href=\"/board/tasks/\(h(update.task.description))\">\(h(update.task.description))</a> → \(h(what))"
                    + "\(update.by.map { " · \(h($0))" } ?? "")\(update.note.map { "<p class=\"note\">\(h($0))</p>" } ?? "")</li>"
            case .taskClimbed(let climb): return "<li class=\"red\">\(when) \(h(climb.task.description)) 상향 → \(h(climb.to))</li>"
            case .escalationDecided(let end):
                return "<li>\(when) 결정 decided · \(h(end.option ?? end.state.rawValue))\(end.by.map { " · \(h($0))" } ?? "")</li>"
            case .signalReceived(let arrival): return "<li>\(when) 신호 signal · \(h(arrival.signal))</li>"
            case .completed: return "<li>\(when) 종료 completed</li>"
            case .failed(let failure): return "<li class=\"red\">\(when) 실패 failed · \(h(failure.message))</li>"
            case .cancelled(let cancellation):
                return "<li>\(when) 취소 cancelled · \(h(cancellation.by))\(cancellation.reason.map { " · \(h($0))" } ?? "")</li>"
            default: return nil
            }
        }
        let tasks = try await service.read { try $0.tasks(TaskQuery(run: record.id)) }
        let done = tasks.count { $0.state == .done }
        let failed = tasks.count { $0.state == .failed }
        let late = tasks.count { task in
            guard let due = task.due else { return false }
            return task.state == .done ? task.updatedAt > due : task.isOverdue(at: service.now)
        }
        let summary =
            record.status.isFinal
            ? """
            <section class="report"><h2>사후 보고 <small>After-action summary</small></h2>
            <p>\(h(Words.runStatus(record.status))) · \(h(city.stamp(record.updatedAt)))</p>
            <p>업무 \(tasks.count) tasks · 완료 \(done) done · 실패 \(failed) failed · 기한 초과 \(late) late</p>
            <p><a href="/board/runs/\(h(record.id.rawValue))/report">사후 보고서 전체 The full after-action report</a></p></section>
            """ : ""
        return BoardPage(
            title: "\(record.title) \(record.id)", caller: caller,
            body: """
                <h1>\(h(record.title)) <small>\(h(record.id.rawValue))</small></h1>
                <p class="meta">\(h(Words.runStatus(record.status))) · 시작 \(h(city.stamp(record.createdAt)))</p>
                \(summary)
                <h2>경과 <small>Timeline</small></h2>
                <ol class="history">\(lines.joined(separator: "\n"))</ol>
                """
        ).answer()
    }
}
