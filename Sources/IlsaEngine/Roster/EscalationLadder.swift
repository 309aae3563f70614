public import IlsaStore

/// Where an overdue task goes next, rung by rung, and how long each rung has before it goes up.
///
/// The default ladder runs assignee → unit head → district chair → control tower → city
/// disaster HQ. A task that is overdue by a rung's grace period for its ``TaskClass`` moves to
/// the next rung; the last rung is the top and has nowhere further to go.
public struct EscalationLadder: Identifiable, Hashable, Sendable, Codable {
    public typealias ID = RosterID<EscalationLadder>

    /// The ladder's name: `default`.
    public var id: ID
    public var title: BilingualName?
    /// The rungs, lowest first. Never empty.
    public var rungs: [Rung]
    /// What handing a task to another holder of its role does to its climb.
    public var onReassign: Reassignment
    public var provenance: Provenance

    public init(
        id: ID, title: BilingualName? = nil, rungs: [Rung], onReassign: Reassignment = .keep, provenance: Provenance = Provenance()
    ) {
        self.id = id
        self.title = title
        self.rungs = rungs
        self.onReassign = onReassign
        self.provenance = provenance
    }

    /// What a reassignment (`ilsa task reassign`) does to a task's climb: a roster's ladder
    /// says `on_reassign = "keep"` (the default) or `"restart"`.
    public enum Reassignment: String, Hashable, Sendable, Codable, CaseIterable {
        /// The clock runs on: the task stays on its rung and climbs when it would have. The
        /// handover does not buy time.
        case keep
        /// The new holder starts afresh: the task goes back to the first rung, and the grace
        /// periods count from the handover (or from the due time, when that is later).
        case restart
    }

    /// One step of a ladder: who the task is with, and how long they have.
    public struct Rung: Hashable, Sendable, Codable {
        public var target: Target
        /// How long a task of each class may stay overdue at this rung before it goes up.
        /// Empty on the top rung.
        public var grace: [TaskClass: Duration]

        public init(target: Target, grace: [TaskClass: Duration] = [:]) {
            self.target = target
            self.grace = grace
        }

        /// The grace period for a class of task, or nil when the rung has none (the top rung).
        public func grace(for taskClass: TaskClass) -> Duration? { grace[taskClass] }

        enum CodingKeys: String, CodingKey { case target, grace }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            target = try container.decode(Target.self, forKey: .target)
            let texts = try container.decodeIfPresent([String: String].self, forKey: .grace) ?? [:]
            grace = [:]
            for (key, text) in texts {
                guard let duration = DurationText.parse(text) else {
                    throw DecodingError.dataCorruptedError(forKey: .grace, in: container, debugDescription: "'\(text)' is not a duration")
                }
                grace[TaskClass(rawValue: key)] = duration
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(target, forKey: .target)
            let texts = Dictionary(uniqueKeysWithValues: grace.map { ($0.key.rawValue, DurationText.format($0.value)) })
            try container.encode(texts, forKey: .grace)
        }
    }

    /// Whom a rung hands the task to.
    public enum Target: Hashable, Sendable, Codable, CustomStringConvertible {
        /// Whoever the task is assigned to.
        case assignee
        /// The head of the assignee's unit (동장, 센터장, 파출소장).
        case unitHead
        /// The holder of a role in the task's district: `DIST.CHAIR`.
        case role(Role.Code)
        /// The citywide meeting of agency heads, through its secretariat.
        case controlTower
        /// The city's statutory disaster and safety countermeasures HQ.
        case cityHQ

        /// The keywords a roster file uses for the targets that are not roles.
        public static let keywords: [String: Target] = [
            "assignee": .assignee, "unit_head": .unitHead, "control_tower": .controlTower, "city_hq": .cityHQ,
        ]

        /// Reads a target as a roster file writes it: a keyword, or else a role code.
        public init(_ text: String) {
            self = Self.keywords[text] ?? .role(Role.Code(text))
        }

        /// The target as a roster file writes it.
        public var description: String {
            switch self {
            case .assignee: "assignee"
            case .unitHead: "unit_head"
            case .role(let code): code.rawValue
            case .controlTower: "control_tower"
            case .cityHQ: "city_hq"
            }
        }

        public init(from decoder: any Decoder) throws {
            self.init(try decoder.singleValueContainer().decode(String.self))
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(description)
        }
    }
}
