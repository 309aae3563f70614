public import IlsaStore

/// How the simulated people of a drill answer: per role, how soon they acknowledge a task, how
/// long they take to finish it and how often they miss it; how soon whoever a ladder reaches
/// steps in; how the control tower decides escalations; and signals the drill sends the run.
///
/// ``ansan`` is the built-in profile. A responders file (``load(source:chunkName:)``) changes it:
/// roles it names replace the built-in ones, and fields an entry leaves out come from the
/// profile's default responder.
///
/// ```swift
/// var profile = try ResponderProfile.load(contentsOfFile: "plugins/ansan/responders.lua")
/// let heads = profile.responder(forRole: "DONG.HEAD")   // acknowledge 5m..20m, miss 12%
/// ```
public struct ResponderProfile: Sendable, Hashable {
    /// Where the profile comes from, for reports: `built-in (Ansan)` or the file's name.
    public var name: String
    /// Whoever holds a role the profile does not name.
    public var fallback: Responder
    /// Responders by role code (`DONG.HEAD`).
    public var roles: [String: Responder]
    /// Whoever a task's escalation ladder reaches (unit head, district chair, control tower):
    /// they acknowledge the task on the assignee's behalf, unless they miss it too. Only
    /// `acknowledge` and `miss` apply.
    public var escalated: Responder
    /// Whoever decides escalations (`ilsa.escalate`), whatever they are addressed to.
    public var tower: Decider
    /// Signals the drill sends the run, in the order given.
    public var signals: [ScriptedSignal]
    /// The line of each role entry in the responders file, for messages.
    var roleLines: [String: Int] = [:]

    public init(
        name: String, fallback: Responder, roles: [String: Responder] = [:], escalated: Responder, tower: Decider,
        signals: [ScriptedSignal] = []
    ) {
        self.name = name
        self.fallback = fallback
        self.roles = roles
        self.escalated = escalated
        self.tower = tower
        self.signals = signals
    }

    /// The responder for a role code, or the fallback.
    public func responder(forRole code: String?) -> Responder {
        code.flatMap { roles[$0] } ?? fallback
    }

    /// The signals that go to a playbook: those without a `playbook` field and those naming it.
    public func signals(for playbook: String) -> [ScriptedSignal] {
        signals.filter { $0.playbook == nil || $0.playbook == playbook }
    }
}

extension ResponderProfile {
    /// How the holder of a role answers a task.
    public struct Responder: Sendable, Hashable {
        /// How long after the task is created (or reaches them) they acknowledge it.
        public var acknowledge: ClosedRange<Duration>
        /// How long after acknowledging they finish it.
        public var finish: Finish
        /// The chance (0...1) that they never acknowledge: the task stays open and its ladder climbs.
        public var miss: Double
        /// The chance (0...1) that they fail the task instead of completing it.
        public var fail: Double

        public init(acknowledge: ClosedRange<Duration>, finish: Finish, miss: Double = 0, fail: Double = 0) {
            self.acknowledge = acknowledge
            self.finish = finish
            self.miss = miss
            self.fail = fail
        }
    }

    /// How long finishing a task takes: a fixed range, or a share of the time the task allows
    /// (from its creation to its due time: `0.5...1.2` finishes between half-way and 20% late).
    public enum Finish: Sendable, Hashable {
        case duration(ClosedRange<Duration>)
        case shareOfAllowed(ClosedRange<Double>)

        /// The time a task without a due time is taken to allow, for a share.
        public static let allowedWithoutDue: Duration = .seconds(3_600)
    }

    /// How escalations are decided.
    public struct Decider: Sendable, Hashable {
        /// How long after the escalation is raised the decider acknowledges it.
        public var acknowledge: ClosedRange<Duration>
        /// How long after acknowledging they decide.
        public var decide: ClosedRange<Duration>
        /// Which option they choose.
        public var choose: Choice

        public init(acknowledge: ClosedRange<Duration>, decide: ClosedRange<Duration>, choose: Choice = .first) {
            self.acknowledge = acknowledge
            self.decide = decide
            self.choose = choose
        }
    }

    /// Which of an escalation's options the decider chooses.
    public enum Choice: Sendable, Hashable {
        /// The first option the playbook offers.
        case first
        /// The last option offered.
        case last
        /// One of the options, drawn with the drill's seed.
        case random
        /// The first of these that is offered; else the first option offered.
        case prefer([String])
    }

    /// A signal the drill sends the run at a time after T0.
    public struct ScriptedSignal: Sendable, Hashable {
        /// When, after T0.
        public var at: Duration
        public var name: String
        public var payload: JSONValue
        /// Only runs of this playbook (its `name`) get it; nil for every playbook.
        public var playbook: String?

        public init(at: Duration, name: String, payload: JSONValue = .null, playbook: String? = nil) {
            self.at = at
            self.name = name
            self.payload = payload
            self.playbook = playbook
        }
    }
}

extension ResponderProfile {
    /// The built-in profile for Ansan: example values [EX] from the domain research (§1.4,
    /// §1.5, §1.7), to be agreed with the city.
    ///
    /// 119 safety centres and the situation rooms acknowledge within minutes and rarely miss;
    /// police boxes within 2–8 minutes; dong welfare-centre heads within 5–20 minutes, finish
    /// slower and miss more often (one in eight), so some ladders climb; the welfare department
    /// and volunteer groups are slower still. Whoever a ladder reaches steps in within 3–12
    /// minutes (and misses one time in seven); the control tower acknowledges an escalation
    /// within 2–10 minutes, decides 5–20 minutes later and takes the first option offered.
    public static let ansan: ResponderProfile = {
        func minutes(_ low: Int64, _ high: Int64) -> ClosedRange<Duration> { .seconds(low * 60) ... .seconds(high * 60) }
        func share(_ low: Double, _ high: Double) -> Finish { .shareOfAllowed(low...high) }
        let volunteer = Responder(acknowledge: minutes(15, 60), finish: share(0.6, 1.5), miss: 0.25)
        let roles: [String: Responder] = [
            "CITY.MAYOR": Responder(acknowledge: minutes(10, 30), finish: share(0.5, 1.1), miss: 0.05),
            "CITY.SAFETY": Responder(acknowledge: minutes(3, 10), finish: share(0.4, 1.0), miss: 0.05),
            "CITY.SITROOM": Responder(acknowledge: minutes(1, 3), finish: share(0.3, 0.8), miss: 0.02),
            "CITY.WELFARE": Responder(acknowledge: minutes(15, 45), finish: share(0.6, 1.4), miss: 0.15),
            "DIST.CHAIR": Responder(acknowledge: minutes(5, 15), finish: share(0.5, 1.1), miss: 0.08),
            "DONG.HEAD": Responder(acknowledge: minutes(5, 20), finish: share(0.5, 1.3), miss: 0.12),
            "FIRE.CHIEF": Responder(acknowledge: minutes(2, 10), finish: share(0.4, 1.0), miss: 0.03),
            "FIRE.SC119": Responder(acknowledge: minutes(1, 5), finish: share(0.3, 0.9), miss: 0.02),
            "POL.112": Responder(acknowledge: minutes(1, 3), finish: share(0.3, 0.8), miss: 0.01),
            "POL.BOX": Responder(acknowledge: minutes(2, 8), finish: share(0.4, 1.0), miss: 0.05),
            "CG.BOX": Responder(acknowledge: minutes(2, 10), finish: share(0.4, 1.0), miss: 0.05),
            "EDU.SUPT": Responder(acknowledge: minutes(10, 30), finish: share(0.5, 1.2), miss: 0.08),
            "VOL.DISASTER": volunteer, "VOL.FIRE": volunteer, "VOL.PATROL": volunteer, "VOL.TONGJANG": volunteer,
            "VOL.WATCH": volunteer,
        ]
        return ResponderProfile(
            name: "built-in (Ansan)",
            fallback: Responder(acknowledge: minutes(5, 20), finish: share(0.4, 1.1), miss: 0.10),
            roles: roles,
            escalated: Responder(acknowledge: minutes(3, 12), finish: share(0.4, 1.0), miss: 0.15),
            tower: Decider(acknowledge: minutes(2, 10), decide: minutes(5, 20), choose: .first))
    }()
}
