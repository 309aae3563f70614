import ArgumentParser
import Foundation
import IlsaEngine
import IlsaStore

/// `ilsa task show TASK`: one task whole, from its run's history.
struct TaskShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a task whole: state, assignee, due time, detail, checklist with its ticks, and who did what.",
        discussion: """
            Times are in the city's time zone (the roster's time_zone, KST for Ansan). The \
            checklist shows the items ticked as the last update left them (ilsa task note TASK \
            --checked 1,3 ticks them); the history lists every update with who made it and its \
            note, and every climb of the escalation ladder.

            Example:
              ilsa task show ab12cd34.3
            """)

    @Argument(help: ArgumentHelp("The task: RUN.N, as ilsa tasks lists it.", valueName: "task"))
    var task: String

    @OptionGroup var storeOption: StoreOption
    @OptionGroup var rosterOption: RosterOption
    @OptionGroup var output: OutputOptions

    func run() throws {
        let store = try storeOption.open(create: false)
        let summary = try Lookup.task(task, in: store)
        let detail = TaskDetail(task: summary, history: try store.history(of: summary.run))
        let city = CityTime(roster: try? rosterOption.load())
        let now = Date()
        if output.json {
            guard case .object(var object) = ReadModelJSON.task(summary, now: now, city: city) else { return }
            object["checklist"] = .array(
                detail.checklist.enumerated().map { index, text in
                    .object([
                        "item": .integer(Int64(index + 1)), "text": .string(text), "checked": .bool(detail.ticked.contains(index + 1)),
                    ])
                })
            object["tags"] = .array(detail.tags.map(JSONValue.string))
            object["history"] = .array(detail.entries.map { Self.json($0, city: city) })
            try output.print(json: .object(object))
            return
        }
        let run = try store.run(summary.run)
        var facts: [(String, String)] = [
            ("task", summary.id.description), ("title", summary.title),
            ("state", DutyText.stateAndDue(summary, now: now)), ("assignee", summary.assignee),
            ("due", summary.due.map { city.stamp($0) } ?? "-"),
            ("priority", "\(summary.priority) · \(summary.taskClass.rawValue)"),
            ("run", summary.run.rawValue + (run.map { " (\($0.title))" } ?? "")),
        ]
        if summary.rung > 0 { facts.append(("ladder", "rung \(summary.rung): \(summary.escalatedTo ?? "")")) }
        if !detail.tags.isEmpty { facts.append(("tags", detail.tags.joined(separator: ", "))) }
        if let text = summary.detail { facts.append(("detail", text)) }
        let width = facts.map(\.0.count).max() ?? 0
        for (key, value) in facts { Console.out(key.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + value) }
        if !detail.checklist.isEmpty {
            Console.out("")
            Console.out("checklist (\(detail.ticked.count) of \(detail.checklist.count) ticked)")
            for (index, item) in detail.checklist.enumerated() {
                Console.out("  [\(detail.ticked.contains(index + 1) ? "x" : " ")] \(index + 1). \(item)")
            }
        }
        Console.out("")
        Console.out("history")
        for entry in detail.entries { Console.out("  \(city.precise(entry.at))  \(Self.text(entry, items: detail.checklist.count))") }
    }

    /// `acknowledged by 신길동장: on my way`, `climbed to unit_head (rung 1)`.
    static func text(_ entry: TaskDetail.Entry, items: Int) -> String {
        switch entry.what {
        case .created: return "created"
        case .updated(let update):
            var text = update.action.map { DutyText.pastTense($0) } ?? update.state.rawValue
            if let assignee = update.assignee { text += " to \(assignee.person ?? assignee.unit ?? "?")" }
            if update.restartsLadder { text += ", its ladder started again" }
            if let by = update.by { text += " by \(by)" }
            if let checked = update.checked { text += " (ticked \(checked.count) of \(items))" }
            if let note = update.note { text += ": \(note)" }
            return text
        case .climbed(let climb): return "climbed to \(climb.to) (rung \(climb.rung))"
        }
    }

    static func json(_ entry: TaskDetail.Entry, city: CityTime) -> JSONValue {
        var object: [String: JSONValue] = ["at": ReadModelJSON.time(entry.at), "at_local": .string(city.precise(entry.at))]
        switch entry.what {
        case .created: object["event"] = .string("created")
        case .updated(let update):
            object["event"] = .string(update.action?.rawValue ?? update.state.rawValue)
            object["state"] = .string(update.state.rawValue)
            object["by"] = ReadModelJSON.text(update.by)
            object["note"] = ReadModelJSON.text(update.note)
            object["checked"] = update.checked.map { .array($0.map { .integer(Int64($0)) }) } ?? .null
            if let assignee = update.assignee { object["assignee"] = assignee.json }
            if update.action == .reassign { object["restarts_ladder"] = .bool(update.restartsLadder) }
        case .climbed(let climb):
            object["event"] = .string("climbed")
            object["rung"] = .integer(Int64(climb.rung))
            object["to"] = .string(climb.to)
        }
        return .object(object)
    }
}
