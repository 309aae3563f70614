public import IlsaStore
public import Foundation

/// A loaded plugin: its manifest, its folder, its code and its config (defaults and overrides).
public struct Plugin: Sendable, Equatable {
    public let manifest: PluginManifest
    /// The plugin's folder, as found (`plugins/kma`).
    public let folder: String
    /// `init.lua`'s text.
    public let code: String
    /// The config: the schema's defaults, overridden by what the engine was given; grants
    /// (``grants``) from the operator or the engine's defaults.
    public let config: [String: JSONValue]
    /// Where each config key's value comes from.
    public let configSources: [String: PluginConfigSource]

    public var name: String { manifest.name }
    /// `plugins/kma/init.lua`: the plugin's folder and the one that holds it, for messages
    /// (Lua cuts long chunk names short).
    public var codeFile: String {
        let url = URL(fileURLWithPath: folder)
        return url.deletingLastPathComponent().lastPathComponent + "/" + url.lastPathComponent + "/init.lua"
    }
    /// The roster file's path, when the plugin provides one.
    public var rosterPath: String? { manifest.provides.roster.map { folder + "/" + $0 } }
    /// Lua test files in `tests/`, sorted (``testFileProblem(_:)`` says which may not be run).
    public var testFiles: [String] {
        let tests = folder + "/tests"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: tests)) ?? []
        return names.filter { $0.hasSuffix(".lua") }.sorted().map { tests + "/" + $0 }
    }

    /// Why a test file may not be run (it leads outside the plugin's folder, or is not a
    /// regular file), or nil.
    public func testFileProblem(_ file: String) -> String? {
        let name = URL(fileURLWithPath: file).lastPathComponent
        guard case .outside(let problem) = PluginFiles.insideProblem("tests/" + name, folder: folder) else { return nil }
        return "\(folder)/tests/\(name) \(problem); \(PluginFiles.manifestPathRule)"
    }

    /// Loads the plugin in `folder`: its manifest, then its code; checks the config.
    ///
    /// Every file the plugin brings (`plugin.lua`, `init.lua`, the roster its manifest names)
    /// must be a regular file inside the folder once symbolic links are resolved. The grants
    /// (`feed`, `outbox`, `webhook_url`) come from `overrides` or the engine's defaults
    /// under `directory`; relative paths are made absolute under `directory`.
    /// - Parameters:
    ///   - overrides: Config values from the operator that replace the defaults.
    ///   - directory: The folder relative grant paths and the engine's defaults are under
    ///     (the current folder).
    /// - Throws: ``PluginError``.
    public static func load(
        folder: String, overrides: [String: JSONValue] = [:], directory: String = FileManager.default.currentDirectoryPath
    ) throws -> Plugin {
        let manifestFile = folder + "/plugin.lua"
        if case .outside(let problem) = PluginFiles.insideProblem("plugin.lua", folder: folder) {
            throw PluginError(.badManifest, "\(manifestFile) \(problem); a plugin's files are regular files inside its folder")
        }
        guard let source = try? String(contentsOfFile: manifestFile, encoding: .utf8) else {
            throw PluginError(.missingFile, "\(folder): no plugin.lua (every plugin folder has a plugin.lua manifest)")
        }
        let manifest = try PluginManifest.load(source: source, file: manifestFile)
        let folderName = URL(fileURLWithPath: folder).lastPathComponent
        guard manifest.name == folderName else {
            throw PluginError(
                .badManifest, "\(manifestFile): field 'name' is '\(manifest.name)', but the folder is '\(folderName)'; they must match")
        }
        if case .outside(let problem) = PluginFiles.insideProblem("init.lua", folder: folder) {
            throw PluginError(
                .badManifest,
                "plugin '\(manifest.name)': \(folder)/init.lua \(problem); a plugin's files are regular files inside its folder")
        }
        guard let code = try? String(contentsOfFile: folder + "/init.lua", encoding: .utf8) else {
            throw PluginError(.missingFile, "plugin '\(manifest.name)': \(folder)/init.lua is missing (the plugin's code)")
        }
        if let roster = manifest.provides.roster {
            switch PluginFiles.insideProblem(roster, folder: folder) {
            case nil: break
            case .missing:
                throw PluginError(
                    .missingFile, "plugin '\(manifest.name)': provides.roster names \(folder)/\(roster), which does not exist")
            case .outside(let problem):
                throw PluginError(
                    .badManifest, "\(manifestFile): field 'provides.roster': '\(roster)' \(problem); \(PluginFiles.manifestPathRule)")
            }
        }
        var config = manifest.config.mapValues(\.defaultValue)
        var sources = manifest.config.mapValues { $0.defaultValue == .null ? PluginConfigSource.unset : .manifestDefault }
        let grants = manifest.grantKeys
        for (key, permission) in grants {
            if let value = permission.engineDefault(plugin: manifest.name, directory: directory) {
                config[key] = .string(value)
                sources[key] = .engineDefault
            }
        }
        for (key, value) in overrides {
            guard let field = manifest.config[key] else {
                let known = manifest.config.keys.sorted().joined(separator: ", ")
                let grant =
                    PluginPermission.granted(by: key).map {
                        " ('\(key)' is the \($0.rawValue) grant, and the manifest does not ask for \($0.rawValue))"
                    } ?? ""
                throw PluginError(
                    .badConfig, "plugin '\(manifest.name)': unknown config key '\(key)'\(grant) (keys: \(known.isEmpty ? "none" : known))")
            }
            guard field.type.accepts(value) else {
                throw PluginError(
                    .badConfig,
                    "plugin '\(manifest.name)': config '\(key)' must be a \(field.type.rawValue), not \(value.typeName) (\(value.compactText))"
                )
            }
            if let permission = grants[key] {
                config[key] = try grantValue(value, key: key, permission: permission, plugin: manifest.name, directory: directory)
            } else {
                config[key] = value
            }
            sources[key] = .operatorConfig
        }
        return Plugin(manifest: manifest, folder: folder, code: code, config: config, configSources: sources)
    }
}

/// The plugins an engine runs with, found in `./plugins` and the folders of `ILSA_PLUGIN_PATH`.
///
/// ```swift
/// let plugins = try PluginSet.discover()           // ./plugins and $ILSA_PLUGIN_PATH
/// let engine = Engine(store: store, clock: clock, plugins: plugins)
/// ```
public struct PluginSet: Sendable, Equatable {
    /// The variable that lists more plugin folders, separated by `:`.
    public static let pathVariable = "ILSA_PLUGIN_PATH"

    public let plugins: [Plugin]
    /// The plugin that provides each module.
    public let modules: [String: String]
    /// A hash of the plugins' folders and code: a playbook compiled with other plugins is
    /// another playbook (``PlaybookCache``). Worked out once, not at every run's start.
    let fingerprint: String

    public static let empty = PluginSet(plugins: [], modules: [:])

    /// Checks a list of plugins: names and modules must be unique.
    public init(_ plugins: [Plugin]) throws {
        var seen: [String: String] = [:]
        var modules: [String: String] = [:]
        for plugin in plugins {
            if let other = seen[plugin.name] {
                throw PluginError(.conflict, "two plugins are named '\(plugin.name)': \(other) and \(plugin.folder)")
            }
            seen[plugin.name] = plugin.folder
            for module in plugin.manifest.provides.modules {
                if let other = modules[module] {
                    throw PluginError(.conflict, "plugins '\(other)' and '\(plugin.name)' both provide module '\(module)'; remove one")
                }
                modules[module] = plugin.name
            }
        }
        self.init(plugins: plugins, modules: modules)
    }

    private init(plugins: [Plugin], modules: [String: String]) {
        self.plugins = plugins
        self.modules = modules
        fingerprint = ScriptHash.fnv1a64(plugins.map { "\($0.folder)\n\($0.code)" }.joined(separator: "\n"))
    }

    public subscript(name: String) -> Plugin? { plugins.first { $0.name == name } }

    /// The folders plugins are looked for in: `plugins` under the current folder, then each
    /// folder of `ILSA_PLUGIN_PATH` (`:`-separated; empty entries are skipped).
    public static func searchPath(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) -> [String] {
        var folders = [URL(fileURLWithPath: currentDirectory).appendingPathComponent("plugins").path]
        folders += (environment[pathVariable] ?? "").split(separator: ":").map(String.init).filter { !$0.isEmpty }
        return folders
    }

    /// The variable that names a JSON file of config values: `{ "notify": { "webhook_url": "..." } }`.
    public static let configVariable = "ILSA_PLUGIN_CONFIG"

    /// The config values in the file `ILSA_PLUGIN_CONFIG` names, by plugin; none when it is unset.
    /// - Throws: ``PluginError`` naming the file when it cannot be read or is not an object of objects.
    public static func configFile(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> [String: [String:
        JSONValue]]
    {
        guard let path = environment[configVariable], !path.isEmpty else { return [:] }
        let named = "\(configVariable)=\(path)"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw PluginError(.missingFile, "\(named): cannot read the plugin config file")
        }
        let value: JSONValue
        do { value = try JSONValue(json: text) } catch {
            throw PluginError(.badConfig, "\(named): not JSON (\(error))")
        }
        guard case .object(let plugins) = value else {
            throw PluginError(.badConfig, "\(named): must be an object of plugin names: { \"notify\": { \"outbox\": \"...\" } }")
        }
        return try plugins.mapValues { values in
            guard case .object(let fields) = values else {
                throw PluginError(.badConfig, "\(named): each plugin's config must be an object of keys and values")
            }
            return fields
        }
    }

    /// Loads every plugin in the search path's folders: each sub-folder is a plugin. A folder
    /// of the path that does not exist is skipped; anything wrong in a plugin stops the load.
    /// - Parameters:
    ///   - config: The operator's config values, by plugin name; by default, the file
    ///     `ILSA_PLUGIN_CONFIG` names. The only source of grants (`feed`, `outbox`,
    ///     `webhook_url`) besides the engine's defaults.
    ///   - directory: The folder relative grant paths and the engine's defaults (`feeds/<plugin>`,
    ///     `.ilsa/outbox.jsonl`) are under: the current folder.
    /// - Throws: ``PluginError``.
    public static func discover(
        in folders: [String] = searchPath(), config: [String: [String: JSONValue]]? = nil,
        directory: String = FileManager.default.currentDirectoryPath
    ) throws -> PluginSet {
        let config = try config ?? configFile()
        var plugins: [Plugin] = []
        var seen: Set<String> = []
        for folder in folders {
            // ILSA_PLUGIN_PATH may name ./plugins again: the same folder counts once.
            guard seen.insert(URL(fileURLWithPath: folder).standardizedFileURL.resolvingSymlinksInPath().path).inserted else { continue }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
            for name in names where !name.hasPrefix(".") {
                let path = folder + "/" + name
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
                plugins.append(try Plugin.load(folder: path, overrides: config[name] ?? [:], directory: directory))
            }
        }
        for name in config.keys where !plugins.contains(where: { $0.name == name }) {
            throw PluginError(.badConfig, "config is given for plugin '\(name)', which is not loaded")
        }
        return try PluginSet(plugins)
    }

    /// The roster file the first plugin that provides one names, if any.
    public var rosterPath: String? { plugins.lazy.compactMap(\.rosterPath).first }
}

extension PluginSet {
    /// The same plugins with the code of some replaced (by plugin name): what a run that
    /// started with other code replays with. Names not loaded are left out.
    public func pinning(_ codes: [String: String]) -> PluginSet {
        let pinned = plugins.map { plugin in
            guard let code = codes[plugin.name], code != plugin.code else { return plugin }
            return Plugin(
                manifest: plugin.manifest, folder: plugin.folder, code: code, config: plugin.config, configSources: plugin.configSources)
        }
        return PluginSet(plugins: pinned, modules: modules)
    }

    /// The same plugins with their modules only, without hooks or signal sources: for drills,
    /// where a playbook may `require "kma"` but nothing may reach the outside world (no
    /// notification sent, no feed read).
    public var modulesOnly: PluginSet {
        let quiet = plugins.map { plugin in
            var manifest = plugin.manifest
            manifest.provides.hooks = []
            manifest.provides.signals = []
            return Plugin(
                manifest: manifest, folder: plugin.folder, code: plugin.code, config: plugin.config, configSources: plugin.configSources)
        }
        return PluginSet(plugins: quiet, modules: modules)
    }
}
