import IlsaStore
import ArgumentParser
import Foundation
import IlsaEngine
import IlsaTerminal

/// `ilsa plugins`: the plugins found in ./plugins and $ILSA_PLUGIN_PATH.
struct PluginsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "List the plugins (./plugins and $ILSA_PLUGIN_PATH), show one, run their tests, check them.",
        discussion: """
            A plugin is a folder plugins/<name>/ with plugin.lua (a data-only manifest: name, \
            version, the engine plugin API versions it works with, what it provides, the \
            permissions it asks for, a config schema with defaults), init.lua (its code, run in \
            a sandbox of its own), tests/*.lua and README.md. More folders of plugins can be \
            listed in ILSA_PLUGIN_PATH, separated by ':'.

            What a permission reaches is the operator's grant, never the plugin's: the feed \
            read_feed reads (config 'feed'), the file outbox appends to ('outbox') and the URL \
            http posts to ('webhook_url') come from the JSON file ILSA_PLUGIN_CONFIG names \
            ({ "kma": { "feed": "/srv/kma" } }), else from the engine's defaults: feeds/<name> \
            and .ilsa/outbox.jsonl under the current folder; no webhook. A manifest that gives \
            one a default does not load. 'ilsa plugins info NAME' shows each grant and where it \
            comes from.

            A plugin that does not load (a bad manifest, a missing file, an API version this \
            engine does not support, two plugins providing one module) stops every plugins \
            command with its message and exit status 2.

            Examples:
              ilsa plugins
              ilsa plugins info kma
              ilsa plugins test
              ilsa plugins check
              ilsa plugins poll --every 60
              ILSA_PLUGIN_PATH=/srv/ilsa/plugins ilsa plugins --json
            """,
        subcommands: [List.self, Info.self, Test.self, Check.self, Poll.self],
        defaultSubcommand: List.self
    )

    /// The plugins, or an ``InputError`` with the loader's message.
    static func load() throws -> PluginSet {
        do {
            return try PluginSet.discover()
        } catch let error as PluginError {
            throw InputError(error.message)
        }
    }

    static func manifestJSON(_ plugin: Plugin) -> JSONValue {
        let m = plugin.manifest
        var provides: [String: JSONValue] = [
            "modules": .array(m.provides.modules.map { .string($0) }),
            "hooks": .array(m.provides.hooks.map { .string($0.rawValue) }),
            "channels": .array(m.provides.channels.map { .string($0) }),
            "signals": .array(m.provides.signals.map { .string($0) }),
        ]
        if let roster = m.provides.roster { provides["roster"] = .string(roster) }
        return .object([
            "name": .string(m.name), "version": .string(m.version), "api": .array(m.api.map { .integer(Int64($0)) }),
            "description": .string(m.description), "folder": .string(plugin.folder), "provides": .object(provides),
            "permissions": .array(m.permissions.map { .string($0.rawValue) }),
            "config": .object(
                Dictionary(
                    uniqueKeysWithValues: m.config.map { key, field in
                        var entry: [String: JSONValue] = [
                            "type": .string(field.type.rawValue), "default": field.defaultValue,
                            "description": .string(field.description), "value": plugin.config[key] ?? .null,
                            "source": .string((plugin.configSources[key] ?? .unset).rawValue),
                        ]
                        if let permission = m.grantKeys[key] { entry["grant"] = .string(permission.rawValue) }
                        return (key, JSONValue.object(entry))
                    })),
            "grants": .array(
                plugin.grants.map { grant in
                    .object([
                        "permission": .string(grant.permission.rawValue), "key": .string(grant.key),
                        "value": grant.value.map(JSONValue.string) ?? .null, "source": .string(grant.source.rawValue),
                    ])
                }),
        ])
    }

    /// Where a grant comes from, in words: `from the operator's config (ILSA_PLUGIN_CONFIG=/etc/ilsa/plugins.json)`,
    /// `from the engine's default (feeds/<plugin name> under the current folder)`, `no default: ...`.
    static func grantOrigin(_ grant: Plugin.Grant, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        switch grant.source {
        case .operatorConfig:
            let file = environment[PluginSet.configVariable].flatMap { $0.isEmpty ? nil : $0 }
            return "from the operator's config" + (file.map { " (\(PluginSet.configVariable)=\($0))" } ?? "")
        case .engineDefault:
            return "from the engine's default" + (grant.permission.engineDefaultRule.map { " (\($0))" } ?? "")
        case .manifestDefault:
            return "from the manifest"  // never, for a grant: such a manifest does not load
        case .unset:
            return "no default: the operator names it in \(PluginSet.configVariable)"
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List the plugins with their version and what they provide (the default).")

        @Flag(help: "Print a JSON array of manifests.")
        var json = false

        func run() throws {
            let set = try PluginsCommand.load()
            if json {
                print(try JSONOutput.text(.array(set.plugins.map(PluginsCommand.manifestJSON))))
                return
            }
            if set.plugins.isEmpty {
                Console.out("no plugins (looked in \(PluginSet.searchPath().joined(separator: ", ")))")
                return
            }
            // A manifest is someone else's text: made visible before it is measured.
            let names = set.plugins.map(\.name.visibleControls)
            let versions = set.plugins.map(\.manifest.version.visibleControls)
            let width = names.map(\.displayWidth).max() ?? 0
            let versionWidth = versions.map(\.displayWidth).max() ?? 0
            for (index, plugin) in set.plugins.enumerated() {
                Console.out(
                    names[index].padded(to: width) + "  " + versions[index].padded(to: versionWidth) + "  "
                        + plugin.manifest.provides.summary)
            }
        }
    }

    struct Info: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "info",
            abstract: "Show a plugin's manifest, its grants and where they come from, its config keys with their defaults, and its files.")

        @Argument(help: "The plugin's name.")
        var name: String

        @Flag(help: "Print the manifest as JSON.")
        var json = false

        func run() throws {
            let set = try PluginsCommand.load()
            guard let plugin = set[name] else {
                let known = set.plugins.map(\.name).joined(separator: ", ")
                throw InputError("no plugin '\(name)' (plugins: \(known.isEmpty ? "none" : known))")
            }
            if json {
                print(try JSONOutput.text(PluginsCommand.manifestJSON(plugin)))
                return
            }
            let m = plugin.manifest
            Console.out("plugin       \(m.name) \(m.version)")
            Console.out("description  \(m.description)")
            Console.out("folder       \(RosterOption.relative(plugin.folder, to: FileManager.default.currentDirectoryPath))")
            Console.out(
                "api          \(m.api.map(String.init).joined(separator: ", ")) (this engine: \(PluginManifest.supportedAPI.sorted().map(String.init).joined(separator: ", ")))"
            )
            Console.out("provides     \(m.provides.summary)")
            Console.out("permissions  \(m.permissions.isEmpty ? "none" : m.permissions.map(\.rawValue).joined(separator: ", "))")
            let grants = plugin.grants
            if !grants.isEmpty {
                Console.out("grants       what the permissions reach, and where it comes from")
                let here = FileManager.default.currentDirectoryPath
                for grant in grants {
                    let value = grant.value.map { grant.permission == .http ? $0 : RosterOption.relative($0, to: here) }
                    let shown = value.map { " = " + JSONValue.string($0).compactDescription } ?? " (not set)"
                    Console.out("  \(grant.permission.rawValue): \(grant.key)\(shown)  \(PluginsCommand.grantOrigin(grant))")
                }
            }
            let keys = m.config.keys.filter { m.grantKeys[$0] == nil }.sorted()
            if keys.isEmpty {
                Console.out("config       none")
            } else {
                Console.out("config")
                for key in keys {
                    let field = m.config[key]!
                    let value = plugin.config[key] ?? .null
                    let shown = value == .null ? "(not set)" : value.compactDescription
                    let changed = value != field.defaultValue ? " (default \(field.defaultValue.compactDescription))" : ""
                    Console.out("  \(key) = \(shown)\(changed)  [\(field.type.rawValue)] \(field.description)")
                }
            }
            let tests = plugin.testFiles
            Console.out(
                "tests        \(tests.isEmpty ? "none" : tests.map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: ", "))")
        }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "test", abstract: "Run the plugins' own tests (plugins/<name>/tests/*.lua); exit 1 if any fails.")

        @Argument(help: "Plugins to test (default: all).")
        var names: [String] = []

        func run() throws {
            let set = try PluginsCommand.load()
            var failed = 0
            var total = 0
            for plugin in set.plugins where names.isEmpty || names.contains(plugin.name) {
                for result in PluginTests.run(plugin, with: set) {
                    total += 1
                    if !result.passed { failed += 1 }
                    // The failure goes on a line of its own, indented; each line made visible.
                    Console.out(result.passed ? "ok   \(result.file): \(result.name)" : "FAIL \(result.file): \(result.name)")
                    if let failure = result.failure { Console.out("     " + failure) }
                }
            }
            for name in names where set[name] == nil { throw InputError("no plugin '\(name)'") }
            Console.note("\(total) plugin tests: \(failed == 0 ? "all passed" : "\(failed) failed")")
            if failed > 0 { throw ExitCode.failure }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Load every plugin and require each module it provides in a sandbox; exit 1 on the first that fails.")

        func run() throws {
            let set = try PluginsCommand.load()
            let problems = PluginChecks.check(set)
            for problem in problems { Console.out("\(problem)") }
            Console.note("\(set.plugins.count) plugins checked: \(problems.isEmpty ? "no problems" : "\(problems.count) problems")")
            if !problems.isEmpty { throw ExitCode.failure }
        }
    }
}

extension PluginsCommand {
    struct Poll: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "poll",
            abstract: "Read the plugins' signal sources (kma warnings, crowd densities) and signal the runs waiting for them.",
            discussion: """
                Each plugin that provides signals reads its feed (the file or folder of *.json \
                files the operator grants it: config 'feed', else feeds/<name>; at most 256 \
                files of 1 MiB each per read) and the engine signals every waiting run that waits for \
                that signal name, in the districts the signal names. A run gets a signal of one \
                feed id once, however often the feed is read. Plugin hooks run on what the runs \
                do then (notify writes its outbox).

                Examples:
                  ilsa plugins poll
                  ilsa plugins poll --every 60
                """)

        @OptionGroup var storeOption: StoreOption
        @OptionGroup var rosterOption: RosterOption

        @Option(
            parsing: .unconditional, help: ArgumentHelp("Poll again every this many seconds, until interrupted.", valueName: "seconds"))
        var every: Double?

        func validate() throws {
            if let every, !(every > 0 && every.isFinite) { throw ValidationError("--every must be a positive number of seconds") }
        }

        func run() throws {
            let plugins = try PluginsCommand.load()
            let engine = Engine(
                store: try storeOption.open(create: false), clock: WallClock(), roster: try rosterOption.load(), plugins: plugins)
            engine.pluginIO = Console.pluginIO
            engine.onPluginProblem = { Console.warning("\($0)") }
            while true {
                // Playbooks whose triggers name a signal are started by it (signal-with-start).
                let triggers = PlaybookCatalog.load(folder: WorkflowLocator().folder, plugins: plugins).triggers
                let (delivered, problems) = try engine.pollSignalSources(triggers: triggers)
                for delivery in delivered { Console.out("\(delivery)") }
                for problem in problems {
                    Console.warning("plugin '\(problem.plugin)' signal source: \(problem.message)")
                }
                guard let every else { return }
                Thread.sleep(forTimeInterval: every)
            }
        }
    }
}

extension JSONValue {
    /// Compact JSON for one line.
    var compactDescription: String { (try? encodedText()) ?? "\(self)" }
}
