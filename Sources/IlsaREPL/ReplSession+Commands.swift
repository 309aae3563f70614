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
        ("advance", ":advance DURATION", "move the virtual clock (2h, 30m, 1h30m) and do what falls due"),
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
        lines += problems.map(Self.shown)  // the runs of :run: their playbooks' errors
        lines.append(clockText)
        return Output(lines.joined(separator: "\n"))
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
            return Output("run \(started.run) started (\(started.status.rawValue))")
        } catch {
            return Output(Self.shown("ilsa: \(error)"))  // a playbook that does not load, in its words
        }
    }
}
