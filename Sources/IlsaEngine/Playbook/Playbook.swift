/// A playbook's metadata, read from its Lua file without running its `run` function.
///
/// ```lua
/// return ilsa.workflow {
///   name = "heavy_rain",
///   title = "Heavy rain and urban flooding",
///   tags = { "weather" },
///   params = { district = { type = "district", required = true } },
///   run = function(ctx) ... end,
/// }
/// ```
///
/// ```swift
/// let playbook = try Playbook.load(contentsOfFile: "workflows/heavy_rain.lua")
/// let params = try playbook.resolveParameters(["district": "singil"], roster: roster)
/// ```
public struct Playbook: Sendable, Hashable {
    /// The playbook's identifier, snake_case: `heavy_rain`.
    public var name: String
    /// The human title: `Heavy rain and urban flooding`.
    public var title: String
    /// A longer description (`summary` or `description` in the file), when given.
    public var summary: String?
    /// Tags for finding playbooks, in the file's order.
    public var tags: [String]
    /// The parameters, in the file's order when `params` is a list of `{ name = ..., ... }`
    /// tables, sorted by name when it is a map (a Lua table keeps no order).
    public var params: [PlaybookParameter]
    /// The file's text.
    public var source: String
    /// The file's name as messages show it: `heavy_rain.lua`.
    public var chunkName: String
    /// A digest of ``source`` for change detection (FNV-1a 64, 16 hex digits). It is not a
    /// security hash.
    public var scriptHash: String
    /// When the playbook starts by itself (`schedules = { ... }`), in the file's order.
    public var schedules: [ScheduleSpec] = []
    /// The feed signals that start it for the districts they name, when no run of it is going
    /// there (`triggers = { "kma.heavy_rain" }`).
    public var triggers: [String] = []

    public init(
        name: String, title: String, summary: String? = nil, tags: [String] = [], params: [PlaybookParameter] = [],
        source: String, chunkName: String
    ) {
        self.name = name
        self.title = title
        self.summary = summary
        self.tags = tags
        self.params = params
        self.source = source
        self.chunkName = chunkName
        self.scriptHash = ScriptHash.fnv1a64(source)
    }

    /// The parameter with this name, or nil.
    public func parameter(named name: String) -> PlaybookParameter? {
        params.first { $0.name == name }
    }
}
