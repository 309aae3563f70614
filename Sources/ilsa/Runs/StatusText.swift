import IlsaStore
import Foundation
import IlsaEngine

/// Pieces of text `ilsa status` and `ilsa run --detach` share.
enum StatusText {
    /// What a run waits for, in a few words: `3 tasks, signals kma.heavy_rain, rain_reading, a timer (in 2h59m)`.
    static func waits(_ waits: [WaitCondition], now: Date) -> String {
        var tasks: [String] = [], decisions: [String] = [], signals: [String] = [], branches: [String] = [], timers: [Date] = []
        for condition in waits {
            switch condition {
            case .task(let task), .taskReached(let task, _): tasks.append(task.description)
            case .escalation(let escalation): decisions.append(escalation.description)
            case .signal(let signal): if !signals.contains(signal) { signals.append(signal) }
            case .branch(let branch): branches.append(branch.description)
            case .timer(let timer): timers.append(timer)
            }
        }
        var parts: [String] = []
        if !tasks.isEmpty { parts.append(tasks.count == 1 ? "task \(tasks[0])" : "\(tasks.count) tasks") }
        if !decisions.isEmpty { parts.append(decisions.count == 1 ? "the decision on \(decisions[0])" : "\(decisions.count) decisions") }
        if !signals.isEmpty { parts.append((signals.count == 1 ? "signal " : "signals ") + signals.joined(separator: ", ")) }
        if !branches.isEmpty { parts.append(branches.count == 1 ? "branch \(branches[0])" : "\(branches.count) branches") }
        if let first = timers.min() { parts.append("a timer (\(TimeText.until(first, now: now)))") }
        return parts.joined(separator: "; ")
    }
}
