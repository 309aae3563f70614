import IlsaStore
import Foundation
import IlsaEngine
import IlsaTerminal

/// `ilsa tasks --watch`: the list kept up to date until Ctrl-C. On a terminal the screen is
/// redrawn in place; piped, the list is printed once and then each change is a line, so a log
/// of the night is left.
struct TaskWatch {
    let interval: Double
    let styler: Styler

    func run(_ look: () throws -> (tasks: [TaskSummary], text: String)) throws {
        let stop = StopRequest(catching: [SIGINT, SIGTERM], status: 0)
        let terminal = Terminal.isTerminal(Terminal.standardOutput)
        var previous: [TaskID: TaskSummary]?
        while !stop.isRequested {
            let (tasks, text) = try look()
            let now = Date()
            if terminal {
                // Home, clear, then the list with when it was read.
                print(
                    "\u{1B}[H\u{1B}[2J"
                        + styler.apply(.dim, to: "ilsa tasks — \(TimeText.clock(now)), every \(Self.seconds(interval)); Ctrl-C stops"))
                print(text)
            } else if let before = previous {
                for line in Self.changes(from: before, to: tasks, since: now.addingTimeInterval(-interval), now: now) {
                    print((TimeText.clock(now) + "  " + line).visibleControls)  // titles and names come from playbooks and the store
                }
            } else {
                print(text)
            }
            fflush(nil)
            previous = Dictionary(uniqueKeysWithValues: tasks.map { ($0.id, $0) })
            stop.sleep(until: now.addingTimeInterval(interval))
        }
    }

    /// What changed between two looks, a line each.
    static func changes(from before: [TaskID: TaskSummary], to tasks: [TaskSummary], since: Date, now: Date) -> [String] {
        var lines: [String] = []
        for task in tasks {
            let what = "\(task.id) \(task.title) (\(task.assignee))".visibleControls
            guard let old = before[task.id] else {
                lines.append("new  \(what), due \(DutyText.due(task, now: now))")
                continue
            }
            if old.state != task.state {
                lines.append("\(task.state.rawValue)  \(what)" + (task.updatedBy.map { " by \($0)".visibleControls } ?? ""))
            }
            if old.rung != task.rung { lines.append("escalated  \(what) to \(task.escalatedTo ?? "rung \(task.rung)")") }
            if !old.isOverdue(at: since) && task.isOverdue(at: now) && old.state == task.state {
                lines.append("overdue  \(what)")
            }
        }
        let listed = Set(tasks.map(\.id))
        for (id, task) in before.sorted(by: { $0.key < $1.key }) where !listed.contains(id) {
            lines.append("gone  \(id) \(task.title.visibleControls) (done, cancelled, or no longer in the list)")
        }
        return lines
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}
