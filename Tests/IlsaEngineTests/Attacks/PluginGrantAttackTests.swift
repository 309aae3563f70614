import Foundation
@testable import IlsaEngine
import IlsaEffects
import IlsaTesting
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Plugin files are untrusted input. A plugin reads and writes only what the operator's
/// configuration grants (its feed, its outbox, its webhook), no path in a manifest leaves the
/// plugin's folder, and a feed is read within limits. Every attack here is refused with a
/// clear error, and the file outside is never read: its content appears nowhere.
struct PluginGrantAttackTests {
    /// What the operator's files hold; must never show in a signal, an error or a record.
    static let secret = "SECRET-hook-token-7f3a9c"

    /// A folder with plugins, an operator's config file holding the secret, and a feed.
    final class Site {
        let fixtures: PluginFixtures
        /// The operator's plugin configuration (ILSA_PLUGIN_CONFIG), with its webhook secret.
        let operatorConfig: String
        /// A file outside every plugin's folder and feed, holding the secret as valid JSON and Lua.
        let outside: String

        init() throws {
            fixtures = try PluginFixtures()
            operatorConfig = fixtures.path + "/ilsa-plugins.json"
            try #"{ "notify": { "webhook_url": "https://ops.example/hook?token=\#(PluginGrantAttackTests.secret)" } }"#
                .write(toFile: operatorConfig, atomically: true, encoding: .utf8)
            outside = fixtures.path + "/outside.json"
            try #"{ "id": "\#(PluginGrantAttackTests.secret)", "secret": "\#(PluginGrantAttackTests.secret)" }"#
                .write(toFile: outside, atomically: true, encoding: .utf8)
        }

        var path: String { fixtures.path }

        /// A plugin `probe` with read_feed whose source sends one `probe.file` signal per feed
        /// file, carrying the file's name and data.
        @discardableResult
        func probe(config: String = "") throws -> String {
            try fixtures.plugin(
                "probe",
                manifest: """
                    return { name = "probe", version = "1.0.0", api = { 1 }, description = "reads its feed",
                             provides = { signals = { "probe.file" } }, permissions = { "read_feed" }, \(config) }
                    """,
                code: """
                    return { source = function()
                      local out = {}
                      for i, item in ipairs(feed.read()) do
                        out[#out + 1] = { name = "probe.file", id = tostring(i), payload = { file = item.file, data = item.data } }
                      end
                      return out
                    end }
                    """)
        }

        /// The probe loaded with the operator granting `feed`, its signals and problems (a feed
        /// error reads `plugins/probe/init.lua:3: feed: ...`: where the code called feed.read()).
        func poll(feed: String, limits: PluginFiles.FeedLimits = .standard) throws -> (
            signals: [PluginHost.SourceSignal], problems: [String]
        ) {
            let set = try PluginSet.discover(in: [fixtures.pluginsFolder], config: ["probe": ["feed": .string(feed)]], directory: path)
            let result = PluginHost(plugins: set, feedLimits: limits).collectSignals()
            return (result.signals, result.problems.map(\.message))
        }
    }

    /// Everything a poll produced, as text, to look for the secret in.
    func text(_ result: (signals: [PluginHost.SourceSignal], problems: [String])) -> String {
        result.signals.map { "\($0.name) \($0.id) " + ((try? $0.payload.encodedText()) ?? "") }.joined(separator: "\n")
            + result.problems.joined(separator: "\n")
    }

    func loadError(_ site: Site, in folder: String? = nil, config: [String: [String: JSONValue]] = [:]) -> PluginError? {
        do {
            _ = try PluginSet.discover(in: [folder ?? site.fixtures.pluginsFolder], config: config, directory: site.path)
            return nil
        } catch let error as PluginError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    // MARK: A manifest names its own reach

    /// What a hostile manifest gives its grant as a default, for each grant.
    static let grantDefaults: [(key: String, permission: String, target: String)] = [
        ("feed", "read_feed", "OPERATOR_CONFIG"),
        ("feed", "read_feed", "/etc/passwd"),
        ("feed", "read_feed", "../../ilsa-plugins.json"),
        ("outbox", "outbox", "OPERATOR_CONFIG"),
        ("outbox", "outbox", "/etc/passwd"),
        ("outbox", "outbox", "../../../.ssh/authorized_keys"),
        ("webhook_url", "http", "https://attacker.example/collect"),
        ("webhook_url", "http", "file:///etc/passwd"),
    ]

    @Test(arguments: grantDefaults)
    func aManifestDefaultForAGrantIsRefused(key: String, permission: String, target: String) throws {
        let site = try Site()
        let target = target == "OPERATOR_CONFIG" ? site.operatorConfig : target
        try site.fixtures.plugin(
            "evil",
            manifest: """
                return { name = "evil", version = "1.0.0", api = { 1 }, description = "reaches out",
                         permissions = { "\(permission)" },
                         config = { \(key) = { type = "string", default = "\(target)", description = "mine" } } }
                """, code: "return {}")
        let error = try #require(loadError(site))
        #expect(error.code == .badManifest)
        #expect(
            error.message.hasPrefix(site.fixtures.pluginsFolder + "/evil/plugin.lua: field 'config.\(key).default': "), "\(error.message)")
        #expect(error.message.contains("'\(key)' is the \(permission) grant"), "\(error.message)")
        #expect(error.message.contains("comes only from the operator's configuration (ILSA_PLUGIN_CONFIG)"))
        #expect(error.message.hasSuffix("never from a manifest; remove the default"), "\(error.message)")
        #expect(!error.message.contains(Self.secret))
        #expect(!error.message.contains(target), "the message does not repeat the manifest's path")
    }

    @Test(arguments: [
        (
            "permissions = {}, config = { feed = { type = 'string' } }", "field 'config.feed': 'feed' is the read_feed grant",
            "this manifest does not ask for the read_feed permission"
        ),
        (
            "permissions = { 'console' }, config = { webhook_url = { type = 'string' } }", "'webhook_url' is the http grant",
            "does not ask for the http permission"
        ),
        (
            "permissions = { 'read_feed' }, config = { feed = { type = 'table', description = 'feeds' } }",
            "field 'config.feed.type' must be string", "never from a manifest"
        ),
        (
            "permissions = { 'outbox' }, config = { outbox = { type = 'string', default = { '/etc/passwd' } } }",
            "field 'config.outbox.default'", "remove the default"
        ),
    ])
    func aGrantDeclaredAnotherWayIsRefused(extra: String, expected: String, rule: String) throws {
        let site = try Site()
        try site.fixtures.plugin(
            "evil",
            manifest: """
                return { name = "evil", version = "1.0.0", api = { 1 }, description = "d", \(extra) }
                """, code: "return {}")
        let error = try #require(loadError(site))
        #expect(error.code == .badManifest)
        #expect(error.message.contains("evil/plugin.lua: "), "\(error.message)")
        #expect(error.message.contains(expected), "\(error.message)")
        #expect(error.message.contains(rule), "\(error.message)")
    }

    @Test func theOperatorCannotBeAskedForAGrantThePluginDoesNotHave() throws {
        let site = try Site()
        try site.fixtures.plugin("calm", manifest: PluginFixtures.manifest("calm"), code: "return { modules = {} }")
        let error = try #require(loadError(site, config: ["calm": ["feed": .string(site.operatorConfig)]]))
        #expect(error.code == .badConfig)
        #expect(
            error.message.contains(
                "unknown config key 'feed' ('feed' is the read_feed grant, and the manifest does not ask for read_feed)"),
            "\(error.message)")
    }

    @Test(arguments: [
        ("webhook_url", JSONValue.string("file:///etc/passwd"), "must be an http or https URL with a host"),
        ("webhook_url", JSONValue.string("not a url"), "must be an http or https URL with a host"),
        ("outbox", JSONValue.string(""), "must be a non-empty string"),
    ])
    func anOperatorGrantMustBeAPathOrAWebURL(key: String, value: JSONValue, expected: String) throws {
        let site = try Site()
        let error = try #require(loadError(site, in: Fixtures.plugins.path, config: ["notify": [key: value]]))
        #expect(error.code == .badConfig)
        #expect(error.message.contains("plugin 'notify': config '\(key)' \(expected)"), "\(error.message)")
    }

    @Test func theCodeNeverSeesAGrantsValue() throws {
        let site = try Site()
        try site.fixtures.plugin(
            "nosy",
            manifest: """
                return { name = "nosy", version = "1.0.0", api = { 1 }, description = "d", provides = { signals = { "nosy.x" } },
                         permissions = { "read_feed", "outbox", "http" }, config = { level = { type = "integer", default = 2 } } }
                """,
            code: """
                local seen = {}
                for k, v in pairs(plugin.config) do seen[#seen + 1] = k .. "=" .. tostring(v) end
                table.sort(seen)
                return { source = function() return { { name = "nosy.x", id = "1", payload = { config = table.concat(seen, ",") } } } end }
                """)
        let set = try PluginSet.discover(
            in: [site.fixtures.pluginsFolder],
            config: [
                "nosy": [
                    "feed": .string(site.path + "/feeds"), "webhook_url": .string("https://ops.example/hook?token=\(Self.secret)"),
                ]
            ], directory: site.path)
        #expect(set["nosy"]?.config["webhook_url"] == .string("https://ops.example/hook?token=\(Self.secret)"))
        let result = PluginHost(plugins: set).collectSignals()
        #expect(result.problems.isEmpty, "\(result.problems)")
        #expect(result.signals.first?.payload["config"] == "level=2")
    }

    // MARK: Paths in a manifest leave the plugin's folder

    @discardableResult
    func rosterPlugin(_ site: Site, roster: String) throws -> String {
        try site.fixtures.plugin(
            "city",
            manifest: """
                return { name = "city", version = "1.0.0", api = { 1 }, description = "d", provides = { roster = "\(roster)" } }
                """, code: "return { modules = {} }")
    }

    @Test(arguments: [
        ("/etc/passwd", "'/etc/passwd' is an absolute path"),
        ("../../outside.json", "'../../outside.json' has a '..' component"),
        ("data/../../../outside.json", "has a '..' component"),
        ("~/roster.lua", "starts with '~'"),
        ("roster.lua\\0/../x", "contains a control character"),
    ])
    func aRosterPathThatLeavesTheFolderIsRefused(roster: String, expected: String) throws {
        let site = try Site()
        try rosterPlugin(site, roster: roster)
        let error = try #require(loadError(site))
        #expect(error.code == .badManifest)
        #expect(error.message.hasPrefix(site.fixtures.pluginsFolder + "/city/plugin.lua: field 'provides.roster': "), "\(error.message)")
        #expect(error.message.contains(expected), "\(error.message)")
        #expect(error.message.contains("a manifest names files inside its plugin's folder, by a relative path without '..'"))
        #expect(!error.message.contains(Self.secret))
    }

    @Test func aRosterThatIsASymbolicLinkOutIsRefused() throws {
        let site = try Site()
        let folder = try rosterPlugin(site, roster: "roster.lua")
        // Roster.load would run the file: if it were read, its text would be in the error.
        try FileManager.default.createSymbolicLink(atPath: folder + "/roster.lua", withDestinationPath: site.outside)
        let error = try #require(loadError(site))
        #expect(error.code == .badManifest)
        #expect(
            error.message == """
                \(folder)/plugin.lua: field 'provides.roster': 'roster.lua' leads outside the plugin's folder (through a symbolic link); \
                \(PluginFiles.manifestPathRule)
                """, "\(error.message)")
        #expect(!error.message.contains(Self.secret))

        // the same through a linked folder inside the plugin's
        let nested = try Site()
        let nestedFolder = try rosterPlugin(nested, roster: "data/roster.lua")
        try FileManager.default.createSymbolicLink(atPath: nestedFolder + "/data", withDestinationPath: nested.path)
        try "return {}".write(toFile: nested.path + "/roster.lua", atomically: true, encoding: .utf8)
        #expect(loadError(nested)?.message.contains("'data/roster.lua' leads outside the plugin's folder") == true)
    }

    @Test func aRosterThatIsASymbolicLinkToAFolderIsRefused() throws {
        let out = try Site()
        let outFolder = try rosterPlugin(out, roster: "roster.lua")
        try FileManager.default.createSymbolicLink(atPath: outFolder + "/roster.lua", withDestinationPath: "/etc")
        #expect(loadError(out)?.message.contains("'roster.lua' leads outside the plugin's folder (through a symbolic link)") == true)

        let inside = try Site()
        let insideFolder = try rosterPlugin(inside, roster: "roster.lua")
        try FileManager.default.createDirectory(atPath: insideFolder + "/data", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: insideFolder + "/roster.lua", withDestinationPath: "data")
        let error = try #require(loadError(inside))
        #expect(error.message.contains("field 'provides.roster': 'roster.lua' is a folder, not a regular file"), "\(error.message)")

        let itself = try Site()
        try rosterPlugin(itself, roster: ".")
        #expect(loadError(itself)?.message.contains("'.' is a folder, not a regular file") == true)
    }

    @Test func aRosterLinkThatStaysInsideIsFine() throws {
        let site = try Site()
        let folder = try rosterPlugin(site, roster: "roster.lua")
        try FileManager.default.createDirectory(atPath: folder + "/data", withIntermediateDirectories: true)
        try "return {}".write(toFile: folder + "/data/city.lua", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: folder + "/roster.lua", withDestinationPath: "data/city.lua")
        let set = try PluginSet.discover(in: [site.fixtures.pluginsFolder], config: [:], directory: site.path)
        #expect(set.rosterPath == folder + "/roster.lua")
    }

    @Test func thePluginsOwnFilesMustBeInsideItsFolder() throws {
        let code = try Site()
        let codeFolder = try code.fixtures.plugin("leak", manifest: PluginFixtures.manifest("leak"), code: nil)
        try FileManager.default.createSymbolicLink(atPath: codeFolder + "/init.lua", withDestinationPath: code.operatorConfig)
        let error = try #require(loadError(code))
        #expect(
            error.message
                == "plugin 'leak': \(codeFolder)/init.lua leads outside the plugin's folder (through a symbolic link); a plugin's files are regular files inside its folder"
        )
        #expect(!error.message.contains(Self.secret))

        let manifest = try Site()
        let manifestFolder = try manifest.fixtures.plugin("leak", manifest: nil, code: "return {}")
        try FileManager.default.createSymbolicLink(atPath: manifestFolder + "/plugin.lua", withDestinationPath: manifest.operatorConfig)
        let manifestError = try #require(loadError(manifest))
        #expect(
            manifestError.message.hasPrefix("\(manifestFolder)/plugin.lua leads outside the plugin's folder"), "\(manifestError.message)")
        #expect(!manifestError.message.contains(Self.secret))

        // a test file linked out is reported, never run
        let tests = try Site()
        let testsFolder = try tests.fixtures.plugin("leak", manifest: PluginFixtures.manifest("leak"), code: "return { modules = {} }")
        try FileManager.default.createDirectory(atPath: testsFolder + "/tests", withIntermediateDirectories: true)
        try "test('x', function() error(\(Self.secret.debugDescription)) end)".write(
            toFile: tests.path + "/outside_test.lua", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(
            atPath: testsFolder + "/tests/a_test.lua", withDestinationPath: tests.path + "/outside_test.lua")
        let set = try PluginSet.discover(in: [tests.fixtures.pluginsFolder], config: [:], directory: tests.path)
        let results = PluginTests.run(set["leak"]!, with: set)
        #expect(results.count == 1)
        #expect(results.first?.failure?.contains("tests/a_test.lua leads outside the plugin's folder") == true, "\(results)")
        #expect(results.allSatisfy { !($0.failure ?? "").contains(Self.secret) })
    }

    // MARK: Feeds

    @Test func aFeedLinkToAFileOutsideIsRefusedAndNotRead() throws {
        let site = try Site()
        try site.probe()
        let feed = site.path + "/feeds/probe"
        try FileManager.default.createDirectory(atPath: feed, withIntermediateDirectories: true)
        try #"{ "ok": 1 }"#.write(toFile: feed + "/0100.json", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: feed + "/0200.json", withDestinationPath: site.outside)
        try FileManager.default.createSymbolicLink(atPath: feed + "/0300.json", withDestinationPath: site.operatorConfig)
        let result = try site.poll(feed: feed)
        #expect(result.signals.isEmpty)
        #expect(
            result.problems == [
                "plugins/probe/init.lua:3: feed: \(feed)/0200.json leads outside the granted folder \(feed) (a symbolic link); not read"
            ])
        #expect(!text(result).contains(Self.secret))

        // the operator's own grant may be a link; links that stay inside it are read
        try FileManager.default.removeItem(atPath: feed + "/0200.json")
        try FileManager.default.removeItem(atPath: feed + "/0300.json")
        try FileManager.default.createSymbolicLink(atPath: feed + "/0200.json", withDestinationPath: "0100.json")
        try FileManager.default.createSymbolicLink(atPath: site.path + "/granted", withDestinationPath: feed)
        let linked = try site.poll(feed: site.path + "/granted")
        #expect(linked.problems.isEmpty, "\(linked.problems)")
        #expect(
            linked.signals.map { $0.payload["file"]?.stringValue ?? "" } == [
                site.path + "/granted/0100.json", site.path + "/granted/0200.json",
            ])
    }

    @Test func nonRegularFeedFilesAreSkippedWithoutBlocking() throws {
        let site = try Site()
        try site.probe()
        let feed = site.path + "/feeds/probe"
        try FileManager.default.createDirectory(atPath: feed + "/folder.json", withIntermediateDirectories: true)
        #expect(mkfifo(feed + "/pipe.json", 0o600) == 0)  // opening it to read would wait for a writer
        try FileManager.default.createSymbolicLink(atPath: feed + "/dangling.json", withDestinationPath: feed + "/gone.json")
        try #"[1, 2]"#.write(toFile: feed + "/ok.json", atomically: true, encoding: .utf8)
        let result = try site.poll(feed: feed)
        #expect(result.problems.isEmpty, "\(result.problems)")
        #expect(result.signals.map { $0.payload["file"]?.stringValue ?? "" } == [feed + "/ok.json"])

        // a grant that is itself a FIFO is refused, not opened
        #expect(mkfifo(site.path + "/pipe", 0o600) == 0)
        let pipe = try site.poll(feed: site.path + "/pipe")
        #expect(pipe.problems == ["plugins/probe/init.lua:3: feed: \(site.path)/pipe is neither a regular file nor a folder; not read"])
    }

    @Test func anOversizedFeedFileIsRefused() throws {
        let site = try Site()
        try site.probe()
        let feed = site.path + "/feeds/probe"
        try FileManager.default.createDirectory(atPath: feed, withIntermediateDirectories: true)
        // exactly 1 MiB is read
        let limit = Int(PluginFiles.FeedLimits.standard.maxFileBytes)
        #expect(limit == 1 << 20)
        try Data(("\"" + String(repeating: "a", count: limit - 2) + "\"").utf8).write(to: URL(fileURLWithPath: feed + "/a.json"))
        let fits = try site.poll(feed: feed)
        #expect(fits.problems.isEmpty, "\(fits.problems)")
        #expect(fits.signals.first?.payload["data"]?.stringValue?.count == limit - 2)
        // one byte more is not
        try Data(("\"" + String(repeating: "a", count: limit - 1) + "\"").utf8).write(to: URL(fileURLWithPath: feed + "/b.json"))
        let result = try site.poll(feed: feed)
        #expect(result.signals.isEmpty)
        #expect(
            result.problems == [
                "plugins/probe/init.lua:3: feed: \(feed)/b.json is larger than 1048576 bytes (1 MiB), the limit per feed file; not read"
            ])
        // a feed granted as one file has the same limit
        #expect(try site.poll(feed: feed + "/b.json").problems.first?.contains("the limit per feed file") == true)
    }

    @Test func tooManyFeedFilesAreRefused() throws {
        let site = try Site()
        try site.probe()
        let feed = site.path + "/feeds/probe"
        try FileManager.default.createDirectory(atPath: feed, withIntermediateDirectories: true)
        let limit = PluginFiles.FeedLimits.standard.maxFiles
        #expect(limit == 256)
        for i in 1...limit { try "\(i)".write(toFile: feed + String(format: "/%04d.json", i), atomically: false, encoding: .utf8) }
        try "not a feed file".write(toFile: feed + "/README.txt", atomically: false, encoding: .utf8)
        let fits = try site.poll(feed: feed)
        #expect(fits.problems.isEmpty, "\(fits.problems)")
        #expect(fits.signals.count == limit)
        try "0".write(toFile: feed + "/9999.json", atomically: false, encoding: .utf8)
        let result = try site.poll(feed: feed)
        #expect(result.signals.isEmpty)
        #expect(
            result.problems == [
                """
                plugins/probe/init.lua:3: feed: \(feed) holds more than 256 *.json files, the limit per read; move the files already read elsewhere \
                (a run never gets one id twice)
                """
            ])
    }

    @Test func aReadBeyondItsTotalIsRefused() throws {
        let site = try Site()
        try site.probe()
        let feed = site.path + "/feeds/probe"
        try FileManager.default.createDirectory(atPath: feed, withIntermediateDirectories: true)
        for name in ["a", "b", "c"] {
            try "\"\(String(repeating: name, count: 98))\"".write(toFile: "\(feed)/\(name).json", atomically: false, encoding: .utf8)
        }
        let limits = PluginFiles.FeedLimits(maxFileBytes: 100, maxFiles: 10, maxTotalBytes: 250)
        let result = try site.poll(feed: feed, limits: limits)
        #expect(result.signals.isEmpty)
        #expect(
            result.problems == [
                "plugins/probe/init.lua:3: feed: the files of \(feed) come to more than 250 bytes, the limit per read, with \(feed)/c.json; not read"
            ])
        #expect(PluginFiles.FeedLimits.standard.maxTotalBytes == 16 << 20)
    }

    // MARK: What the operator grants works

    @Test func theOperatorsFeedIsRead() throws {
        let site = try Site()
        try site.probe()
        let feed = site.path + "/srv/probe-feed"
        try FileManager.default.createDirectory(atPath: feed, withIntermediateDirectories: true)
        try #"{ "level": "warning" }"#.write(toFile: feed + "/1.json", atomically: true, encoding: .utf8)
        // an absolute path
        let set = try PluginSet.discover(
            in: [site.fixtures.pluginsFolder], config: ["probe": ["feed": .string(feed)]], directory: site.path)
        #expect(set["probe"]?.grants == [Plugin.Grant(permission: .readFeed, key: "feed", value: feed, source: .operatorConfig)])
        let result = PluginHost(plugins: set).collectSignals()
        #expect(result.problems.isEmpty)
        #expect(result.signals.first?.payload["data"]?["level"] == "warning")
        // a relative path is under the current folder
        let relative = try PluginSet.discover(
            in: [site.fixtures.pluginsFolder], config: ["probe": ["feed": "srv/probe-feed/1.json"]], directory: site.path)
        #expect(relative["probe"]?.config["feed"] == .string(feed + "/1.json"))
        #expect(PluginHost(plugins: relative).collectSignals().signals.count == 1)
        // the operator's config file
        let file = site.path + "/config.json"
        try #"{ "probe": { "feed": "\#(feed)" } }"#.write(toFile: file, atomically: true, encoding: .utf8)
        let fromFile = try PluginSet.discover(
            in: [site.fixtures.pluginsFolder], config: try PluginSet.configFile(environment: ["ILSA_PLUGIN_CONFIG": file]),
            directory: site.path)
        #expect(fromFile["probe"]?.configSources["feed"] == .operatorConfig)
    }

    @Test func theEngineDefaultFeedsTheShippedKmaPlugin() throws {
        let site = try Site()
        let set = try PluginSet.discover(in: [Fixtures.plugins.path], config: [:], directory: site.path)
        let kma = try #require(set["kma"])
        #expect(kma.manifest.config["feed"]?.defaultValue == .null)  // the manifest gives no path
        #expect(kma.grants == [Plugin.Grant(permission: .readFeed, key: "feed", value: site.path + "/feeds/kma", source: .engineDefault)])
        #expect(set["crowd"]?.config["feed"] == .string(site.path + "/feeds/crowd"))
        #expect(
            set["notify"]?.grants == [
                Plugin.Grant(permission: .outbox, key: "outbox", value: site.path + "/.ilsa/outbox.jsonl", source: .engineDefault),
                Plugin.Grant(permission: .http, key: "webhook_url", value: nil, source: .unset),
            ])
        try FileManager.default.createDirectory(atPath: site.path + "/feeds/kma", withIntermediateDirectories: true)
        try #"{ "id": "hr-0300", "hazard": "heavy_rain", "level": "warning", "districts": ["singil"] }"#
            .write(toFile: site.path + "/feeds/kma/0300.json", atomically: true, encoding: .utf8)
        let result = PluginHost(plugins: set).collectSignals()
        #expect(result.problems.isEmpty, "\(result.problems)")
        #expect(result.signals.map(\.name) == ["kma.heavy_rain"])
        #expect(result.signals.first?.payload["title"] == "호우경보 (heavy rain warning)")
    }

    // MARK: A shared outbox

    @Test func aRecordCarryingAnotherPluginsIdDoesNotSilenceIt() async throws {
        // A plugin that writes another's id into its records (at the top, where the host puts
        // its own, or deeper) neither takes that id nor stops the other's line.
        let fixtures = try PluginFixtures()
        for name in ["aaspoiler", "victim"] {
            try fixtures.plugin(
                name,
                manifest: """
                    return { name = "\(name)", version = "1.0.0", api = { 1 }, description = "d",
                             provides = { hooks = { "on_task_created" } }, permissions = { "outbox" } }
                    """,
                code: """
                    local hooks = {}
                    function hooks.on_task_created(e)
                      local victim = e.task .. "/created/victim#1"
                      outbox.append { id = victim, x = { id = victim }, from = "\(name)" }
                    end
                    return { hooks = hooks }
                    """)
        }
        try fixtures.plugin(
            "kma", manifest: PluginFixtures.manifest("kma", modules: ["kma"]),
            code: "return { modules = { kma = { classify_rain = function() return 'advisory' end } } }")
        let outbox = fixtures.path + "/shared.jsonl"
        let plugins = try PluginSet.discover(
            in: [fixtures.pluginsFolder], config: ["aaspoiler": ["outbox": .string(outbox)], "victim": ["outbox": .string(outbox)]])
        let folder = try TemporaryFolder()
        let engine = Engine(
            store: try folder.store(), clock: VirtualClock(startingAt: Date(timeIntervalSince1970: 1_752_624_000)),
            source: { _ in PluginHookTests.playbook }, plugins: plugins)
        try engine.start(playbook: "rain.lua", params: ["mm_3h": 60], id: "r1", seed: 1)
        _ = try await EffectDispatcher(store: engine.store, claimant: "a").deliverDue()
        _ = try await EffectDispatcher(store: engine.store, claimant: "b").deliverDue()
        let lines = try String(contentsOfFile: outbox, encoding: .utf8).split(separator: "\n").map { try JSONValue(json: String($0)) }
        #expect(lines.map { $0["from"]?.stringValue ?? "" } == ["aaspoiler", "victim"])
        #expect(lines.map { $0["id"]?.stringValue ?? "" } == ["r1.1/created/aaspoiler#1", "r1.1/created/victim#1"])
    }
}
