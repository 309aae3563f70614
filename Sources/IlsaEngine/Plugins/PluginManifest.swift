public import IlsaStore

/// What `plugins/<name>/plugin.lua` declares: a data-only table, read in an empty environment.
///
/// ```lua
/// return {
///   name = "kma", version = "1.0.0", api = { 1 },
///   description = "Korean weather advisories and warnings",
///   provides = { modules = { "kma" }, signals = { "kma.warning" } },
///   permissions = { "read_feed" },
///   config = { feed = { type = "string", description = "..." } },   -- a grant: no default
/// }
/// ```
///
/// The config keys behind capabilities (`feed`, `outbox`, `webhook_url`) are grants: the
/// manifest may declare them, never give them a value (see ``PluginPermission/grantKey``).
public struct PluginManifest: Sendable, Equatable {
    public var name: String
    public var version: String
    /// The engine plugin API versions the plugin works with.
    public var api: [Int]
    public var description: String
    public var provides: Provides
    /// What the plugin may do beyond pure computation (``PluginPermission``).
    public var permissions: [PluginPermission]
    /// The config schema, by key.
    public var config: [String: ConfigField]

    /// What a plugin provides.
    public struct Provides: Sendable, Equatable {
        /// Lua modules playbooks `require`.
        public var modules: [String] = []
        /// Engine events the plugin's hooks run on (``PluginHook``).
        public var hooks: [PluginHook] = []
        /// Notification channels, by name (`console`, `outbox`, `webhook`).
        public var channels: [String] = []
        /// Signal names the plugin's signal sources send to runs (`kma.warning`).
        public var signals: [String] = []
        /// The roster file, relative to the plugin's folder.
        public var roster: String?

        /// One line: `modules kma; signals kma.warning`.
        public var summary: String {
            var parts: [String] = []
            if !modules.isEmpty { parts.append("modules " + modules.joined(separator: ", ")) }
            if !hooks.isEmpty { parts.append("hooks " + hooks.map(\.rawValue).joined(separator: ", ")) }
            if !channels.isEmpty { parts.append("channels " + channels.joined(separator: ", ")) }
            if !signals.isEmpty { parts.append("signals " + signals.joined(separator: ", ")) }
            if let roster { parts.append("roster " + roster) }
            return parts.isEmpty ? "nothing" : parts.joined(separator: "; ")
        }
    }

    /// One config key: its type, default and meaning. A grant's default is always null.
    public struct ConfigField: Sendable, Equatable {
        public var type: ConfigType
        public var defaultValue: JSONValue
        public var description: String
    }

    /// The types a config value may have.
    public enum ConfigType: String, Sendable, CaseIterable {
        case string, number, integer, boolean, table

        /// Whether a value is of this type (an integer is a number; a table is an object or array).
        func accepts(_ value: JSONValue) -> Bool {
            switch (self, value) {
            case (.string, .string), (.boolean, .bool), (.integer, .integer), (.number, .integer), (.number, .number),
                (.table, .object), (.table, .array):
                true
            default: false
            }
        }
    }
}

/// What a plugin may do beyond pure computation; its manifest asks, and only what it asks is given.
public enum PluginPermission: String, Sendable, CaseIterable {
    /// Write lines to the console (standard error).
    case console
    /// Append lines to the one file the operator grants (`outbox`).
    case outbox
    /// POST to the one URL the operator grants (`webhook_url`).
    case http
    /// Read the one file, or the `*.json` files of the one folder, the operator grants (`feed`).
    case readFeed = "read_feed"
}

/// Engine events a plugin hook may run on.
public enum PluginHook: String, Sendable, CaseIterable {
    case onTaskCreated = "on_task_created"
    case onTaskOverdue = "on_task_overdue"
    case onEscalation = "on_escalation"
    case onRunFinished = "on_run_finished"
}
