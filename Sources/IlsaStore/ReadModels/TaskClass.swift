/// The class of a task, which sets how long each rung of an escalation ladder waits before the
/// task goes up: a life-safety task escalates in minutes, an administrative one in days.
///
/// The three classes below are the ones the engine knows; the type is a struct so more can be
/// added without breaking `switch`es.
public struct TaskClass: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The class as roster files and playbooks spell it: `life_safety`.
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    /// Tasks that protect lives now: evacuate a semi-basement, close an underpass.
    public static let lifeSafety = TaskClass(rawValue: "life_safety")
    /// Tasks that prepare for a hazard: check rain inlets, stage sandbags.
    public static let preparedness = TaskClass(rawValue: "preparedness")
    /// Paperwork and follow-ups: reports, budget requests, after-action items.
    public static let administrative = TaskClass(rawValue: "administrative")

    /// Every class the engine knows, most urgent first.
    public static let known: [TaskClass] = [.lifeSafety, .preparedness, .administrative]

    public var description: String { rawValue }

    public static func < (lhs: TaskClass, rhs: TaskClass) -> Bool {
        let l = known.firstIndex(of: lhs) ?? known.count
        let r = known.firstIndex(of: rhs) ?? known.count
        return l != r ? l < r : lhs.rawValue < rhs.rawValue
    }
}
