import Foundation
@testable import IlsaEngine
import IlsaTesting
import Testing

/// Manifests and loading: what a good plugin looks like, and every way loading fails early.
struct PluginManifestTests {
    func loadError(_ fixtures: PluginFixtures, config: [String: [String: JSONValue]] = [:]) -> PluginError? {
        do {
            _ = try PluginSet.discover(in: [fixtures.pluginsFolder], config: config)
            return nil
        } catch let error as PluginError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    @Test func theShippedPluginsLoad() throws {
        let set = try PluginSet.discover(in: [Fixtures.plugins.path])
        #expect(set.plugins.map(\.name) == ["ansan", "crowd", "kma", "notify"])
        #expect(set["notify"]?.manifest.provides.hooks.count == 4)
        #expect(set["notify"]?.manifest.permissions == [.console, .outbox, .http])
        #expect(set.modules["kma"] == "kma")
        #expect(set.modules["crowd"] == "crowd")
        #expect(set["ansan"]?.manifest.provides.roster == "roster.lua")
        #expect(set.rosterPath == Fixtures.plugins.path + "/ansan/roster.lua")
        #expect(set["crowd"]?.config["serious"] == .integer(5))
        #expect(set["kma"]?.manifest.provides.summary.hasPrefix("modules kma; signals kma.heavy_rain, kma.typhoon") == true)
        #expect(set["kma"]?.manifest.permissions == [.readFeed])
        #expect(try Roster.load(contentsOfFile: set.rosterPath!).districts.count == 10)
    }

    @Test func aGoodManifestReadsEveryField() throws {
        let manifest = try PluginManifest.load(
            source: """
                return {
                  name = "notify", version = "0.2.0", api = { 1, 2 }, description = "notifications",
                  provides = { modules = { "notify" }, hooks = { "on_task_created", "on_run_finished" }, channels = { "console" },
                               signals = { "x.y" } },
                  permissions = { "console", "outbox" },
                  config = { outbox = { type = "string", description = "the file" },
                             retries = { type = "integer", default = 3 } },
                }
                """, file: "plugins/notify/plugin.lua")
        #expect(manifest.api == [1, 2])
        #expect(manifest.provides.hooks == [.onTaskCreated, .onRunFinished])
        #expect(manifest.permissions == [.console, .outbox])
        #expect(manifest.config["outbox"]?.defaultValue == .null)  // a grant: the operator's to give
        #expect(manifest.config["outbox"]?.description == "the file")
        #expect(manifest.grantKeys == ["outbox": .outbox])
        #expect(manifest.config["retries"]?.type == .integer)
        #expect(manifest.config["retries"]?.defaultValue == .integer(3))
    }

    @Test(arguments: [
        ("return { name = ", "plugins/x/plugin.lua:1:"),
        ("return {\n name = os.getenv('HOME') }", "plugins/x/plugin.lua:2: attempt to index a nil value (global 'os')"),
        ("return {\n name = string.upper('x') }", "plugins/x/plugin.lua:2: attempt to index a nil value (global 'string')"),
        ("return require('kma')", "attempt to call a nil value (global 'require')"),
        ("return 42", "must return a table"),
        ("return { version = '1.0.0', api = { 1 }, description = 'd' }", "field 'name' is missing"),
        ("return { name = 'Bad Name', version = '1.0.0', api = { 1 }, description = 'd' }", "must be snake_case"),
        ("return { name = 'x', version = 'one', api = { 1 }, description = 'd' }", "is not a version like 1.0.0"),
        ("return { name = 'x', version = '1.0.0', description = 'd' }", "field 'api' is missing"),
        ("return { name = 'x', version = '1.0.0', api = { '1' }, description = 'd' }", "field 'api' lists engine API versions"),
        ("return { name = 'x', version = '1.0.0', api = { 1 }, description = 'd', provide = {} }", "unknown field 'provide'"),
        ("return { name = 'x', version = '1.0.0', api = { 1 }, description = 'd', provides = { mods = {} } }", "unknown kind 'mods'"),
        (
            "return { name = 'x', version = '1.0.0', api = { 1 }, description = 'd', provides = { hooks = { 'on_task_done' } } }",
            "unknown hook 'on_task_done'"
        ),
        (
            "return { name = 'x', version = '1.0.0', api = { 1 }, description = 'd', permissions = { 'shell' } }",
            "unknown permission 'shell'"
        ),
        (
            "return { name = 'x', version = '1.0.0', api = { 1 }, description = 'd', config = { n = { type = 'integer', default = 'three' } } }",
            "field 'config.n.default' must be a integer, not string"
        ),
        (
            "return { name = 'x', version = '1.0.0', api = { 1 }, description = 'd', config = { n = { type = 'float' } } }",
            "field 'config.n.type' must be one of"
        ),
        ("while true do end", "time limit exceeded"),
    ])
    func badManifestsFailWithTheirFileAndLine(source: String, expected: String) throws {
        let fixtures = try PluginFixtures()
        try fixtures.plugin("x", manifest: source, code: "return { modules = {} }")
        let error = try #require(loadError(fixtures))
        #expect(error.message.contains(expected), "\(error.message)")
        #expect(error.message.contains("plugins/x") || error.message.contains("time limit"), "\(error.message)")
    }

    @Test func anAPIVersionTheEngineDoesNotSupport() throws {
        let fixtures = try PluginFixtures()
        try fixtures.plugin(
            "future", manifest: "return { name = 'future', version = '3.0.0', api = { 2, 3 }, description = 'd' }", code: "")
        let error = try #require(loadError(fixtures))
        #expect(error.code == .unsupportedAPI)
        #expect(error.message.contains("plugin 'future' works with engine plugin API 2, 3, and this engine supports 1"))
    }

    @Test func missingFiles() throws {
        let noManifest = try PluginFixtures()
        try noManifest.plugin("x", manifest: nil, code: "return {}")
        #expect(loadError(noManifest)?.code == .missingFile)
        #expect(loadError(noManifest)?.message.contains("no plugin.lua") == true)

        let noCode = try PluginFixtures()
        try noCode.plugin("x", manifest: PluginFixtures.manifest("x"), code: nil)
        #expect(loadError(noCode)?.message.contains("plugin 'x': ") == true)
        #expect(loadError(noCode)?.message.contains("x/init.lua is missing") == true)

        let noRoster = try PluginFixtures()
        try noRoster.plugin(
            "city",
            manifest: PluginFixtures.manifest("city", extra: "").replacingOccurrences(
                of: "modules = {  }", with: "roster = \"roster.lua\""), code: "return { modules = {} }")
        #expect(loadError(noRoster)?.message.contains("provides.roster names") == true)
    }

    @Test func theNameMustMatchTheFolder() throws {
        let fixtures = try PluginFixtures()
        try fixtures.plugin("weather", manifest: PluginFixtures.manifest("kma"), code: "")
        #expect(loadError(fixtures)?.message.contains("field 'name' is 'kma', but the folder is 'weather'") == true)
    }

    @Test func twoPluginsProvidingOneModule() throws {
        let fixtures = try PluginFixtures()
        try fixtures.plugin("a", manifest: PluginFixtures.manifest("a", modules: ["weather"]), code: "")
        try fixtures.plugin("b", manifest: PluginFixtures.manifest("b", modules: ["weather"]), code: "")
        let error = try #require(loadError(fixtures))
        #expect(error.code == .conflict)
        #expect(error.message == "plugins 'a' and 'b' both provide module 'weather'; remove one")
    }

    @Test func twoPluginsWithOneNameOnThePath() throws {
        let fixtures = try PluginFixtures()
        try fixtures.plugin("kma", manifest: PluginFixtures.manifest("kma"), code: "", in: "plugins")
        try fixtures.plugin("kma", manifest: PluginFixtures.manifest("kma"), code: "", in: "more")
        do {
            _ = try PluginSet.discover(in: [fixtures.pluginsFolder, fixtures.path + "/more"])
            Issue.record("expected a conflict")
        } catch let error as PluginError {
            #expect(error.code == .conflict)
            #expect(error.message.contains("two plugins are named 'kma'"))
        }
    }

    @Test func configValuesAreChecked() throws {
        let fixtures = try PluginFixtures()
        try fixtures.plugin(
            "crowd",
            manifest: PluginFixtures.manifest(
                "crowd",
                extra: """
                    config = { serious = { type = "number", default = 5 }, zones = { type = "table", default = {} } },
                    """), code: "")
        #expect(
            loadError(fixtures, config: ["crowd": ["serious": "five"]])?.message
                == "plugin 'crowd': config 'serious' must be a number, not string (\"five\")")
        #expect(loadError(fixtures, config: ["crowd": ["zones": 3]])?.code == .badConfig)
        #expect(
            loadError(fixtures, config: ["crowd": ["sirius": 4]])?.message.contains("unknown config key 'sirius' (keys: serious, zones)")
                == true)
        #expect(loadError(fixtures, config: ["weather": ["x": 1]])?.message.contains("plugin 'weather', which is not loaded") == true)
        let set = try PluginSet.discover(in: [fixtures.pluginsFolder], config: ["crowd": ["serious": 4]])
        #expect(set["crowd"]?.config["serious"] == .integer(4))
        #expect(set["crowd"]?.config["zones"] == .array([]) || set["crowd"]?.config["zones"] == .object([:]))
    }

    @Test func theSearchPathIsPluginsThenThePathVariable() {
        let path = PluginSet.searchPath(environment: ["ILSA_PLUGIN_PATH": "/opt/a::/opt/b"], currentDirectory: "/work")
        #expect(path == ["/work/plugins", "/opt/a", "/opt/b"])
        #expect(PluginSet.searchPath(environment: [:], currentDirectory: "/w") == ["/w/plugins"])
    }

    @Test func pluginsOnThePathVariableAreFoundAndMissingFoldersSkipped() throws {
        let fixtures = try PluginFixtures()
        try fixtures.plugin("extra", manifest: PluginFixtures.manifest("extra", modules: ["extra"]), code: "", in: "site")
        let set = try PluginSet.discover(in: [fixtures.pluginsFolder, fixtures.path + "/site", "/nonexistent"])
        #expect(set.plugins.map(\.name) == ["extra"])
    }
}

/// Config values from the file `ILSA_PLUGIN_CONFIG` names.
struct PluginConfigFileTests {
    @Test func theFileGivesValuesByPlugin() throws {
        let fixtures = try PluginFixtures()
        let file = fixtures.path + "/config.json"
        try #"{ "notify": { "webhook_url": "http://127.0.0.1:9/x", "channels": ["webhook"] } }"#.write(
            toFile: file, atomically: true, encoding: .utf8)
        let config = try PluginSet.configFile(environment: ["ILSA_PLUGIN_CONFIG": file])
        #expect(config["notify"]?["webhook_url"] == "http://127.0.0.1:9/x")
        let set = try PluginSet.discover(in: [Fixtures.plugins.path], config: config)
        #expect(set["notify"]?.config["channels"] == ["webhook"])
        #expect(try PluginSet.configFile(environment: [:]).isEmpty)
    }

    @Test(arguments: [
        ("not json", "not JSON"),
        ("[1, 2]", "must be an object of plugin names"),
        (#"{ "notify": 3 }"#, "each plugin's config must be an object"),
    ])
    func aBadFileIsAClearError(text: String, expected: String) throws {
        let fixtures = try PluginFixtures()
        let file = fixtures.path + "/config.json"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        do {
            _ = try PluginSet.configFile(environment: ["ILSA_PLUGIN_CONFIG": file])
            Issue.record("expected an error")
        } catch let error as PluginError {
            #expect(error.message.hasPrefix("ILSA_PLUGIN_CONFIG=\(file): "))
            #expect(error.message.contains(expected), "\(error.message)")
        }
        #expect(throws: PluginError.self) { try PluginSet.configFile(environment: ["ILSA_PLUGIN_CONFIG": fixtures.path + "/none.json"]) }
    }

    @Test func aWrongTypeInTheFileNamesThePluginAndKey() throws {
        let fixtures = try PluginFixtures()
        let file = fixtures.path + "/config.json"
        try #"{ "crowd": { "serious": "high" } }"#.write(toFile: file, atomically: true, encoding: .utf8)
        let config = try PluginSet.configFile(environment: ["ILSA_PLUGIN_CONFIG": file])
        #expect(throws: PluginError(.badConfig, "plugin 'crowd': config 'serious' must be a number, not string (\"high\")")) {
            try PluginSet.discover(in: [Fixtures.plugins.path], config: config)
        }
    }
}
