import IlsaEngine
public import IlsaStore
public import Foundation

/// What a drill found: the timeline, each task met or missed, every escalation and how high it
/// climbed, the critical path and the result. Times are offsets from T0 on the virtual clock.
///
/// A value of plain data: ``html()`` renders the after-action report, ``json`` the machine
/// form; the CLI renders text. The same drill gives an equal report.
public struct DrillReport: Sendable, Hashable {
    /// How the run stood when the drill stopped.
    public enum Outcome: String, Sendable, Hashable {
        case completed, failed, cancelled
        /// Still waiting at the horizon.
        case waiting
    }

    /// The playbook's name and title, and its path as given.
    public var playbook: String
    public var title: String
    public var path: String
    /// Every declared parameter with the value the run got (defaults filled in), by name.
    public var parameters: [Parameter]
    public var seed: UInt64
    /// T0 on the virtual clock.
    public var start: Date
    public var horizon: Duration
    /// Where the responders came from: `built-in (Ansan)` or a file.
    public var responders: String
    /// Whether the run was a drill (a virtual clock, simulated responders) or a real one, whose
    /// report the board shows once it ends.
    public var isDrill = true
    public var outcome: Outcome
    /// The error, when the run failed.
    public var failure: String?
    /// When the run ended, or the horizon when it was still waiting.
    public var end: Duration
    /// What the playbook's `run` returned, when it completed.
    public var returned: JSONValue?
    public var timeline: [Entry]
    /// Tasks in the order the run created them.
    public var tasks: [Task]
    /// Escalations (`ilsa.escalate`) in the order the run raised them.
    public var escalations: [Escalation]
    /// The chain of waits that decided when the run ended: see ``Step``.
    public var criticalPath: [Step]
    /// The roster's Korean title of each role the tasks name: `DONG.HEAD` → `동장 (행정복지센터장)`.
    public var roleTitles: [String: String]

    public struct Parameter: Sendable, Hashable {
        public var name: String
        /// The value as text: `singil`, `30`, `3h`.
        public var value: String
    }

    /// One line of the timeline.
    public struct Entry: Sendable, Hashable {
        public enum Kind: String, Sendable, Hashable {
            case started, log, task, acknowledged, done, failed, cancelled, climbed, escalated, escalationAcknowledged
            case decided, signal, ended
        }
        public var at: Duration
        public var kind: Kind
        /// What happened, in a line: `task 배수펌프·구조장비 대기 → FIRE.SC119 singil, due T+1:00:00`.
        public var text: String
        /// The task or escalation it is about.
        public var reference: String?
    }

    /// A task and how it went.
    public struct Task: Sendable, Hashable {
        /// Met: done by its due time (or done, without one). Missed: done after it. Failed,
        /// cancelled (by the playbook, or when the run ended). Open: still open at the horizon.
        public enum Result: String, Sendable, Hashable {
            case met, missed, failed, cancelled, open
        }

        public var id: String
        public var title: String
        /// Who has it: `DONG.HEAD singil`, `FIRE.SC119 singil`, `CITY.SITROOM`, a unit or a person.
        public var assignee: String
        public var role: String?
        public var district: String?
        /// `life_safety`, `preparedness` or `administrative`.
        public var taskClass: String
        public var priority: String
        public var created: Duration
        public var due: Duration?
        public var acknowledged: Duration?
        public var acknowledgedBy: String?
        /// When it was done, failed or cancelled.
        public var finished: Duration?
        public var finishedBy: String?
        public var state: TaskState
        /// Each climb of its escalation ladder, lowest first.
        public var climbs: [Climb]
        public var result: Result

        /// How late it was done, when it was.
        public var lateness: Duration? {
            guard result == .missed, let due, let finished else { return nil }
            return finished - due
        }
    }

    /// One climb of a task's ladder: the rung reached and who has the task there.
    public struct Climb: Sendable, Hashable {
        public var at: Duration
        public var rung: Int
        public var to: String
    }

    /// An escalation to the control tower (or the city HQ, a district chair) and its decision.
    public struct Escalation: Sendable, Hashable {
        public var id: String
        public var to: String
        /// `interest`, `caution`, `alert` or `serious` (관심, 주의, 경계, 심각).
        public var severity: String
        public var reason: String
        public var options: [String]
        public var raised: Duration
        public var acknowledged: Duration?
        public var decided: Duration?
        public var decision: String?
        public var by: String?
        public var state: EscalationState

        /// From raised to decided.
        public var timeToDecide: Duration? { decided.map { $0 - raised } }
    }

    /// A link of the critical path.
    ///
    /// The critical path is found backwards from the end of the run. The run ended in an
    /// activation woken by one fact: a task done (or failed), an escalation decided, a timer
    /// firing or a signal arriving. That fact's item is the last link; the link before it is
    /// the fact that woke the activation in which that item was created (the task or
    /// escalation raised, the timer set), and so on back to the start. A signal comes from
    /// outside the run, so the chain starts there. The links are the waits that, one after the
    /// other, decided when the run ended.
    public struct Step: Sendable, Hashable {
        public enum Kind: String, Sendable, Hashable {
            case start, task, timer, escalation, signal, end
        }
        public var kind: Kind
        /// `배수펌프·구조장비 대기 (FIRE.SC119 singil)`, `timer 3h`, `signal rain_reading`.
        public var label: String
        public var from: Duration
        public var to: Duration
        /// The task or escalation, for links that are one.
        public var reference: String?
    }
}

extension DrillReport {
    /// How many tasks had each result.
    public func count(_ result: Task.Result) -> Int { tasks.count { $0.result == result } }

    /// The highest rung any task's ladder reached, and the task; nil when none climbed.
    public var highestClimb: (task: Task, climb: Climb)? {
        var best: (task: Task, climb: Climb)?
        for task in tasks {
            guard let top = task.climbs.last else { continue }
            if top.rung > best?.climb.rung ?? 0 { best = (task, top) }
        }
        return best
    }

    /// The most severe escalation raised, the first of equals; nil when none was.
    public var highestEscalation: Escalation? {
        var best: Escalation?
        for escalation in escalations where Self.severityRank(escalation.severity) > best.map({ Self.severityRank($0.severity) }) ?? -1 {
            best = escalation
        }
        return best
    }

    /// The crisis levels in order, with their Korean names (domain research §1.2).
    public static let severities: [(code: String, korean: String)] = [
        ("interest", "관심"), ("caution", "주의"), ("alert", "경계"), ("serious", "심각"),
    ]

    /// `경계 (alert)` for `alert`.
    public static func severityText(_ code: String) -> String {
        severities.first { $0.code == code }.map { "\($0.korean) (\(code))" } ?? code
    }

    static func severityRank(_ code: String) -> Int { severities.firstIndex { $0.code == code } ?? -1 }

    /// An offset from T0 as `T+1:05:00` (hours may pass 24: `T+72:00:00`).
    public static func offsetText(_ offset: Duration) -> String {
        let seconds = offset.components.seconds
        let sign = seconds < 0 ? "-" : "+"
        let total = abs(seconds)
        let minutes = String(total / 60 % 60), secs = String(total % 60)
        return "T\(sign)\(total / 3_600):\(minutes.count < 2 ? "0" + minutes : minutes):\(secs.count < 2 ? "0" + secs : secs)"
    }

    /// A length of time as `12m30s`, `1h5m`, or `0s`.
    public static func durationText(_ duration: Duration) -> String { DurationText.format(duration) }

    /// The horizon in hours when it is whole hours (`72h`), else as ``durationText(_:)``.
    public var horizonText: String {
        let seconds = horizon.components.seconds
        return seconds % 3_600 == 0 ? "\(seconds / 3_600)h" : Self.durationText(horizon)
    }

    /// T0 as local time in Ansan: `2025-07-16 09:00 KST`.
    public var startText: String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 9 * 3_600) ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: start)
        func two(_ value: Int?) -> String { let text = String(value ?? 0); return text.count < 2 ? "0" + text : text }
        return "\(parts.year ?? 0)-\(two(parts.month))-\(two(parts.day)) \(two(parts.hour)):\(two(parts.minute)) KST"
    }
}
