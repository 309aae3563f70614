public import IlsaStore
import Foundation

/// Grants: the values behind capabilities. What `read_feed` reads (`feed`), what `outbox`
/// writes (`outbox`) and where `http` posts (`webhook_url`) is the operator's to say, never the
/// plugin's: a manifest may declare the key (its type, a description) and must not give it a
/// default. The value comes from the operator's configuration (the `ILSA_PLUGIN_CONFIG` file,
/// ``PluginSet/discover(in:config:directory:)``'s overrides) or, for `feed` and `outbox`, from
/// a default the engine derives (``engineDefault(plugin:directory:)``); `webhook_url` has none.
/// A plugin's code never sees a grant's value: it gets the function (`feed.read()`), not the
/// path or the URL.
extension PluginPermission {
    /// The config key that holds what the permission reaches; nil for `console`.
    public var grantKey: String? {
        switch self {
        case .readFeed: "feed"
        case .outbox: "outbox"
        case .http: "webhook_url"
        case .console: nil
        }
    }

    /// The permission whose grant a config key holds (`feed` → `read_feed`), if any.
    public static func granted(by key: String) -> PluginPermission? {
        allCases.first { $0.grantKey == key }
    }

    /// What the grant is, for messages and `ilsa plugins info`.
    var grantMeaning: String {
        switch self {
        case .readFeed: "the JSON file, or folder of *.json files, feed.read() reads"
        case .outbox: "the JSON-lines file outbox.append() appends to"
        case .http: "the http or https URL http.post() posts to"
        case .console: ""
        }
    }

    /// The engine's default for the grant, under `directory` (the folder ilsa runs in):
    /// `read_feed` → `<directory>/feeds/<plugin>`, `outbox` → `<directory>/.ilsa/outbox.jsonl`;
    /// none for `http` (an operator names every URL a plugin posts to).
    public func engineDefault(plugin: String, directory: String) -> String? {
        let base = URL(fileURLWithPath: directory)
        switch self {
        case .readFeed: return base.appendingPathComponent("feeds").appendingPathComponent(plugin).path
        case .outbox: return base.appendingPathComponent(".ilsa").appendingPathComponent("outbox.jsonl").path
        case .http, .console: return nil
        }
    }

    /// The engine default as the docs and `ilsa plugins info` say it.
    public var engineDefaultRule: String? {
        switch self {
        case .readFeed: "feeds/<plugin name> under the current folder"
        case .outbox: ".ilsa/outbox.jsonl under the current folder"
        case .http, .console: nil
        }
    }
}

/// Where a plugin's config value comes from.
public enum PluginConfigSource: String, Sendable, Equatable, CaseIterable {
    /// The schema's default in `plugin.lua` (never for a grant).
    case manifestDefault = "manifest_default"
    /// The operator: the `ILSA_PLUGIN_CONFIG` file or ``PluginSet/discover(in:config:directory:)``'s overrides.
    case operatorConfig = "operator_config"
    /// The engine's default for a grant (``PluginPermission/engineDefault(plugin:directory:)``).
    case engineDefault = "engine_default"
    /// No value: no default and the operator set none.
    case unset

    /// `operator config`, `engine default`...
    public var text: String { rawValue.replacingOccurrences(of: "_", with: " ") }
}

extension PluginManifest {
    /// The config keys that hold grants, with the permission each is the grant of: one per
    /// permission the manifest asks for that has one.
    public var grantKeys: [String: PluginPermission] {
        Dictionary(uniqueKeysWithValues: permissions.compactMap { permission in permission.grantKey.map { ($0, permission) } })
    }
}

extension Plugin {
    /// One grant: the permission, its config key, the value (a path made absolute, a URL) and
    /// where the value came from.
    public struct Grant: Sendable, Equatable {
        public var permission: PluginPermission
        public var key: String
        public var value: String?
        public var source: PluginConfigSource
    }

    /// The grants behind the plugin's permissions, in the manifest's order.
    public var grants: [Grant] {
        manifest.permissions.compactMap { permission in
            guard let key = permission.grantKey else { return nil }
            return Grant(permission: permission, key: key, value: config[key]?.stringValue, source: configSources[key] ?? .unset)
        }
    }

    /// The config the plugin's code sees as `plugin.config`: everything but the grants.
    var codeConfig: [String: JSONValue] {
        let grants = manifest.grantKeys
        return config.filter { grants[$0.key] == nil }
    }

    /// Checks an operator's value for a grant and makes a path absolute under `directory`.
    /// - Throws: ``PluginError`` naming the plugin and the key.
    static func grantValue(_ value: JSONValue, key: String, permission: PluginPermission, plugin: String, directory: String) throws
        -> JSONValue
    {
        guard case .string(let text) = value, !text.isEmpty, !text.contains("\0") else {
            throw PluginError(.badConfig, "plugin '\(plugin)': config '\(key)' must be a non-empty string: \(permission.grantMeaning)")
        }
        if permission == .http {
            guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), url.host != nil
            else {
                throw PluginError(.badConfig, "plugin '\(plugin)': config 'webhook_url' must be an http or https URL with a host")
            }
            return value
        }
        let url = text.hasPrefix("/") ? URL(fileURLWithPath: text) : URL(fileURLWithPath: directory).appendingPathComponent(text)
        return .string(url.standardizedFileURL.path)
    }
}
