import IlsaAPI
import IlsaStore
import Foundation
import IlsaEngine
import IlsaTerminal

/// The `:` commands.
extension ReplSession {
    /// The commands and what they do, for `:help` and completion.
    public static let commands: [(name: String, usage: String, summary: String)] = [
        ("help", ":help [name]", "this list, or what an ilsa.* function or a command does"),
        ("load", ":load FILE", "run a Lua file in the session (its globals stay)"),
        ("run", ":run WORKFLOW [param=value ...]", "start a run of a playbook file on the session's engine"),
        ("tasks", ":tasks", "the tasks in the store"),
        ("escalations", ":escalations", "the escalations in the store"),
        ("advance", ":advance DURATION", "move the virtual clock (2h, 30m, 1h30m) and do what falls due, saying what happened"),
        ("ack", ":ack TASK [by]", "acknowledge a task, as its holder would"),
        ("start", ":start TASK [by]", "start a task"),
        ("done", ":done TASK [note]", "complete a task: the line or run waiting for it goes on"),
        ("fail", ":fail TASK [note]", "fail a task"),
        ("decide", ":decide ESCALATION OPTION", "decide an escalation, as the control tower would"),
        ("signal", ":signal RUN NAME [JSON]", "send a signal to a run (the session's own: its id, as :runs shows)"),
        ("runs", ":runs", "the runs in the store: the session's and those :run started"),
        ("clock", ":clock", "the session's time"),
        ("reset", ":reset", "a fresh run: globals and waiting lines are dropped"),
        ("quit", ":quit", "leave (Ctrl-D on an empty line does too)"),
    ]

    func command(_ line: String) -> Output {
        let words = line.dropFirst().split(separator: " ").map(String.init)
        guard let name = words.first else { return Output(Self.usage) }
        let arguments = Array(words.dropFirst())
        switch name {
        case "help", "h", "?": return Output(help(arguments.first))
        case "quit", "q", "exit": return Output(quit: true)
        case "clock": return Output(clockText)
        case "advance": return advance(arguments)
        case "tasks": return Output(tasksText())
        case "escalations": return Output(escalationsText())
        case "reset":
            do {
                try reset()
                return Output("(a fresh session: globals and waiting lines are gone)")
            } catch {
                return Output(Self.shown("ilsa: \(error)"))
            }
        case "load":
            guard let file = arguments.first else { return Output("usage: :load FILE") }
            let path = file.hasPrefix("/") ? file : options.directory + "/" + file
            guard let source = try? String(contentsOfFile: path, encoding: .utf8) else {
                return Output(Self.shown("ilsa: cannot read \(file)"))
            }
            do {
                _ = try compilerLoad(source, chunk: "@" + file)
            } catch {
                return Output(Self.shown("\(error)"))  // a syntax error quotes the file
            }
            return evaluateChunk(source, chunk: "@" + file)
        case "run": return startWorkflow(arguments)
        case "ack": return act(name, arguments, .acknowledge)
        case "start": return act(name, arguments, .start)
        case "done", "complete": return act(name, arguments, .complete)
        case "fail": return act(name, arguments, .fail)
        case "decide": return decide(arguments)
        case "signal": return signal(arguments)
        case "runs": return Output(runsText())
        default: return Output(Self.shown("unknown command :\(name)") + "\n" + Self.usage)
        }
    }

    static var usage: String {
        "commands: " + commands.map { ":" + $0.name }.joined(separator: " ") + " (:help NAME for one)"
    }

    func help(_ name: String?) -> String {
        guard let name, !name.isEmpty else {
            let width = Self.commands.map { $0.usage.displayWidth }.max() ?? 0
            var lines = Self.commands.map { $0.usage.padded(to: width) + "  " + $0.summary }
            lines.append("Lua: an expression prints its values, a statement runs; `_` is the last result.")
            lines.append("ilsa: " + APIReference.functions.map(\.qualifiedName).joined(separator: " "))
            lines.append(":help NAME tells more: :help ilsa.task, :help task:wait, :help advance.")
            return lines.joined(separator: "\n")
        }
        let bare = name.hasPrefix(":") ? String(name.dropFirst()) : name
        if let command = Self.commands.first(where: { $0.name == bare }) {
            return command.usage + "\n  " + command.summary
        }
        // The same registry `ilsa api` and docs/api.md print.
        if let entry = APIReference.entry(named: bare) {
            var text = APIReference.text(entry)
            while text.hasSuffix("\n") { text.removeLast() }
            return text
        }
        return "no help for '\(name)'; try :help for the list"
    }

    var clockText: String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "Asia/Seoul")
        let text = formatter.string(from: clock.now)
        return virtualClock != nil ? text + " (virtual)" : text
    }

    private func advance(_ arguments: [String]) -> Output {
        guard let clock = virtualClock else {
            return Output("the clock is the wall clock on a live store: waiting is real (ilsa work does what is due)")
        }
        guard let text = arguments.first, let duration = Self.duration(text) else {
            return Output("usage: :advance DURATION (like 2h, 30m, 1h30m, 45s, 1d)")
        }
        let target = clock.now.addingTimeInterval(TimeInterval(duration.components.seconds))
        let before = marks()
        var problems: [String] = []
        do {
            while let wake = try engine.nextWake(), wake <= target {
                if wake > clock.now { try clock.advance(to: wake) }
                if try engine.work(problem: { run, error in problems.append("run \(run): \(error)") }).isEmpty { break }
            }
            try clock.advance(to: target)
            try engine.work(problem: { run, error in problems.append("run \(run): \(error)") })
        } catch {
            problems.append("ilsa: \(error)")
        }
        var lines = [collect()].filter { !$0.isEmpty }
        lines += happened(since: before)
        lines += problems.map(Self.shown)  // the runs of :run: their playbooks' errors
        lines.append(clockText)
        return Output(lines.joined(separator: "\n"))
    }

    // MARK: Acting as the people a playbook asks

    /// `:ack TASK`, `:done TASK note`...: what someone would do with `ilsa task`.
    private func act(_ name: String, _ arguments: [String], _ action: TaskAction) -> Output {
        guard let text = arguments.first else { return Output("usage: :\(name) TASK [note] (:tasks lists them)") }
        guard let task = taskID(text) else {
            return Output(Self.shown("'\(text)' is not a task id: RUN.N, or N for the session's own (:tasks lists them)"))
        }
        let rest = arguments.dropFirst().joined(separator: " ")
        let before = marks()
        do {
            let byNote = action == .complete || action == .fail
            try engine.update(task: task, action, by: byNote || rest.isEmpty ? "repl" : rest, note: byNote && !rest.isEmpty ? rest : nil)
        } catch {
            return Output(Self.shown("ilsa: \(error)"))
        }
        return Output(([collect()].filter { !$0.isEmpty } + happened(since: before)).joined(separator: "\n"))
    }

    private func decide(_ arguments: [String]) -> Output {
        guard arguments.count >= 2, let escalation = EscalationID(arguments[0]) else {
            return Output("usage: :decide ESCALATION OPTION (:escalations lists them)")
        }
        let before = marks()
        do {
            try engine.decide(escalation, option: arguments[1], by: "repl")
        } catch {
            return Output(Self.shown("ilsa: \(error)"))
        }
        return Output(([collect()].filter { !$0.isEmpty } + happened(since: before)).joined(separator: "\n"))
    }

    private func signal(_ arguments: [String]) -> Output {
        guard arguments.count >= 2 else { return Output("usage: :signal RUN NAME [JSON] (:runs lists the runs)") }
        let payload: JSONValue
        do {
            payload = arguments.count > 2 ? try JSONValue(json: arguments.dropFirst(2).joined(separator: " ")) : .null
        } catch {
            return Output(Self.shown("ilsa: the payload is not JSON: \(error)"))
        }
        let before = marks()
        do {
            try engine.signal(RunID(arguments[0]), name: arguments[1], payload: payload)
        } catch {
            return Output(Self.shown("ilsa: \(error)"))
        }
        return Output(([collect()].filter { !$0.isEmpty } + happened(since: before)).joined(separator: "\n"))
    }

    /// A task by its id, or by its number in the session's run (`3` for the session run's task 3).
    private func taskID(_ text: String) -> TaskID? {
        if let id = TaskID(text) { return id }
        if let number = Int(text), let run { return TaskID(run: run, number: number) }
        return nil
    }

    func runsText() -> String {
        do {
            let runs = try engine.store.runs(status: nil)
            if runs.isEmpty { return "(no runs)" }
            let lines = runs.map { "\($0.id)  \($0.workflow)  \($0.status.rawValue)" + ($0.id == run ? "  (this session)" : "") }
            return Self.shown(lines.joined(separator: "\n"))  // ids and names from the store
        } catch {
            return Self.shown("ilsa: \(error)")
        }
    }

    /// How long each run's history is now: what ``happened(since:)`` compares with.
    func marks() -> [RunID: Int] {
        Dictionary(uniqueKeysWithValues: ((try? engine.store.runs(status: nil)) ?? []).map { ($0.id, $0.lastSequence) })
    }

    /// What the runs other than the session's own did since `before`, a line a fact people care
    /// about: tasks made and ended, escalations, logs, signals, climbs, the run's end.
    func happened(since before: [RunID: Int]) -> [String] {
        var lines: [String] = []
        for record in (try? engine.store.runs(status: nil)) ?? [] where record.id != run {
            let from = before[record.id] ?? 0
            guard record.lastSequence > from, let events = try? engine.store.history(of: record.id, after: from) else { continue }
            for event in events {
                if let line = Self.describe(event, run: record.id) { lines.append(Self.shown("\(record.id): \(line)")) }
            }
        }
        return lines
    }

    static func describe(_ event: HistoryEvent, run: RunID) -> String? {
        switch event.fact {
        case .started(let start): return "started \(start.workflow)"
        case .issued(let command):
            switch command.request {
            case .createTask(let spec):
                return "new task \(TaskID(run: run, number: command.number)): \(spec.title)"
                    + (spec.assignee?.text.map { " → \($0)" } ?? "")
            case .escalate(let spec):
                return
                    "escalated \(EscalationID(run: run, number: command.number)) to \(spec.to): \(spec.reason) (options \(spec.options.joined(separator: ", ")))"
            case .log(let message): return "log: \(message)"
            case .cancelTask(let task): return "task \(task) cancelled by the playbook"
            default: return nil
            }
        case .answered(let answer): if case .timer = answer.outcome { return "timer fired" } else { return nil }
        case .taskUpdated(let update): return "task \(update.task) \(update.state.rawValue)" + (update.by.map { " by \($0)" } ?? "")
        case .taskClimbed(let climb): return "task \(climb.task) climbed to \(climb.to)"
        case .escalationDecided(let end): return "escalation \(end.escalation) decided: \(end.option ?? "?")"
        case .signalReceived(let arrival): return "signal \(arrival.signal) received"
        case .closed(let closed): return "closed " + closed.tasks.map(\.description).joined(separator: ", ")
        case .completed: return "run completed"
        case .failed(let failure): return "run failed: \(failure.message)"
        case .cancelled: return "run cancelled"
        default: return nil
        }
    }

    /// `2h`, `30m`, `1h30m`, `45s`, `1d`.
    static func duration(_ text: String) -> Duration? {
        var seconds: Int64 = 0
        var number: Int64?
        for c in text {
            if let digit = c.wholeNumberValue, c.isASCII {
                number = (number ?? 0) * 10 + Int64(digit)
                continue
            }
            guard let n = number else { return nil }
            switch c {
            case "s": seconds += n
            case "m": seconds += n * 60
            case "h": seconds += n * 3600
            case "d": seconds += n * 86400
            default: return nil
            }
            number = nil
        }
        guard number == nil, !text.isEmpty else { return nil }
        return .seconds(seconds)
    }

    func tasksText() -> String {
        do {
            let tasks = try engine.store.tasks(TaskQuery())
            if tasks.isEmpty { return "(no tasks)" }
            var table = TextTable(columns: [
                .init("ID"), .init("STATE"), .init("DUE"), .init("ASSIGNEE"), .init("TITLE", maxWidth: 40, truncatable: true),
            ])
            for task in tasks {
                let assignee = [task.role, task.district, task.unit, task.person].compactMap { $0 }.joined(separator: " ")
                let due = task.due.map { RelativeTime.describe(from: clock.now, to: $0) } ?? "-"
                let state = task.isOverdue(at: clock.now) ? "\(task.state.rawValue) (overdue)" : task.state.rawValue
                table.append([task.id.description, state, due, assignee.isEmpty ? "-" : assignee, task.title])
            }
            return table.render()
        } catch {
            return Self.shown("ilsa: \(error)")
        }
    }

    func escalationsText() -> String {
        do {
            let escalations = try engine.store.escalations(run: nil, openOnly: false)
            if escalations.isEmpty { return "(no escalations)" }
            var table = TextTable(columns: [
                .init("ID"), .init("STATE"), .init("TO"), .init("SEVERITY"), .init("REASON", maxWidth: 40, truncatable: true),
            ])
            for e in escalations {
                table.append([e.id.description, e.state.rawValue, e.to, e.severity, e.reason])
            }
            return table.render()
        } catch {
            return Self.shown("ilsa: \(error)")
        }
    }

    private func startWorkflow(_ arguments: [String]) -> Output {
        guard let workflow = arguments.first else { return Output("usage: :run WORKFLOW [param=value ...]") }
        var params: [String: String] = [:]
        for pair in arguments.dropFirst() {
            guard let equals = pair.firstIndex(of: "=") else { return Output(Self.shown("ilsa: '\(pair)' is not param=value")) }
            params[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
        }
        var path = workflow
        if !path.hasSuffix(".lua") { path = "workflows/\(workflow).lua" }
        let full = path.hasPrefix("/") ? path : options.directory + "/" + path
        guard FileManager.default.fileExists(atPath: full) else { return Output(Self.shown("ilsa: no playbook at \(path)")) }
        do {
            let started =
                try roster == nil && params.isEmpty
                ? try engine.start(playbook: path)
                : try engine.start(playbook: path, arguments: params)
            let made = started.createdTasks.map { Self.shown("  new task \($0.id): \($0.title)") }  // the playbook's words
            return Output((["run \(started.run) started (\(started.status.rawValue))"] + made).joined(separator: "\n"))
        } catch {
            return Output(Self.shown("ilsa: \(error)"))  // a playbook that does not load, in its words
        }
    }
}
