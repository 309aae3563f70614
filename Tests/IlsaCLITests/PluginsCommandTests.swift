import Foundation
import IlsaTesting
import Testing

/// `ilsa plugins`: listing, info, the plugins' own tests, and load errors as usage errors.
struct PluginsCommandTests {
    @Test func listsTheShippedPlugins() async throws {
        let result = try await CLI.ilsa(["plugins"], in: Fixtures.packageRoot)
        #expect(result.exited(0), "\(result.summary)")
        #expect(result.stdoutText.contains("ansan   1.0.0  modules ansan; roster roster.lua"))
        #expect(result.stdoutText.contains("kma     1.0.0  modules kma"))
        #expect(result.stdoutText.contains("crowd   1.0.0  modules crowd"))
        #expect(
            result.stdoutText.contains(
                "notify  1.0.0  modules notify; hooks on_task_created, on_task_overdue, on_escalation, on_run_finished; channels console, outbox, webhook"
            ))
    }

    @Test func infoShowsTheManifestAndConfigDefaults() async throws {
        let result = try await CLI.ilsa(["plugins", "info", "crowd"], in: Fixtures.packageRoot)
        #expect(result.exited(0), "\(result.summary)")
        #expect(result.stdoutText.contains("plugin       crowd 1.0.0"))
        #expect(result.stdoutText.contains("folder       plugins/crowd"))
        #expect(result.stdoutText.contains("  serious = 5  [number]"))
        let json = try await CLI.ilsa(["plugins", "info", "kma", "--json"], in: Fixtures.packageRoot)
        let object = try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any]
        #expect(object?["name"] as? String == "kma")
        #expect((object?["api"] as? [Int]) == [1])
    }

    @Test func infoShowsEachGrantAndWhereItComesFrom() async throws {
        let defaults = try await CLI.ilsa(["plugins", "info", "notify"], in: Fixtures.packageRoot)
        #expect(defaults.exited(0), "\(defaults.summary)")
        #expect(
            defaults.stdoutText.contains(
                "  outbox: outbox = \".ilsa/outbox.jsonl\"  from the engine's default (.ilsa/outbox.jsonl under the current folder)"))
        #expect(defaults.stdoutText.contains("  http: webhook_url (not set)  no default: the operator names it in ILSA_PLUGIN_CONFIG"))
        let kma = try await CLI.ilsa(["plugins", "info", "kma"], in: Fixtures.packageRoot)
        #expect(
            kma.stdoutText.contains(
                "  read_feed: feed = \"feeds/kma\"  from the engine's default (feeds/<plugin name> under the current folder)"))

        let scratch = try Workspace()
        try scratch.write(
            "plugins.json", #"{ "notify": { "outbox": "/srv/ilsa/outbox.jsonl", "webhook_url": "https://ops.example/hook" } }"#)
        let file = scratch.url.appendingPathComponent("plugins.json").path
        let granted = try await CLI.ilsa(
            ["plugins", "info", "notify"], environment: ["ILSA_PLUGIN_CONFIG": file], in: Fixtures.packageRoot)
        #expect(granted.exited(0), "\(granted.summary)")
        #expect(
            granted.stdoutText.contains(
                "  outbox: outbox = \"/srv/ilsa/outbox.jsonl\"  from the operator's config (ILSA_PLUGIN_CONFIG=\(file))"))
        #expect(granted.stdoutText.contains("  http: webhook_url = \"https://ops.example/hook\"  from the operator's config"))
        let json = try await CLI.ilsa(
            ["plugins", "info", "notify", "--json"], environment: ["ILSA_PLUGIN_CONFIG": file], in: Fixtures.packageRoot)
        let object = try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any]
        let grants = object?["grants"] as? [[String: Any]]
        #expect(grants?.map { $0["key"] as? String } == ["outbox", "webhook_url"])
        #expect(grants?.allSatisfy { $0["source"] as? String == "operator_config" } == true)
    }

    @Test func aManifestThatGivesAGrantADefaultStopsWithItsFile() async throws {
        let scratch = try Workspace()
        try FileManager.default.createDirectory(at: scratch.url.appendingPathComponent("plugins/peek"), withIntermediateDirectories: true)
        try scratch.write(
            "plugins/peek/plugin.lua",
            """
            return { name = 'peek', version = '1.0.0', api = { 1 }, description = 'x', permissions = { 'read_feed' },
                     config = { feed = { type = 'string', default = '/etc/passwd' } } }
            """)
        try scratch.write("plugins/peek/init.lua", "return { modules = {} }\n")
        let result = try await CLI.ilsa(["plugins"], in: scratch.url)
        #expect(result.exited(2), "\(result.summary)")
        #expect(
            result.stderrText.contains("peek/plugin.lua: field 'config.feed.default': 'feed' is the read_feed grant"), "\(result.summary)")
        #expect(result.stderrText.contains("remove the default"))
    }

    @Test func anUnknownPluginIsAUsageError() async throws {
        let result = try await CLI.ilsa(["plugins", "info", "weather"], in: Fixtures.packageRoot)
        #expect(result.exited(2), "\(result.summary)")
        #expect(result.stderrText.contains("no plugin 'weather' (plugins: ansan, crowd, kma, notify)"))
    }

    @Test func thePluginsOwnTestsPass() async throws {
        let result = try await CLI.ilsa(["plugins", "test"], in: Fixtures.packageRoot)
        #expect(result.exited(0), "\(result.summary)")
        #expect(result.stderrText.contains("plugin tests: all passed"))
        #expect(!result.stdoutText.contains("FAIL"))
        let check = try await CLI.ilsa(["plugins", "check"], in: Fixtures.packageRoot)
        #expect(check.exited(0), "\(check.summary)")
    }

    @Test func aBadPluginOnThePathStopsWithItsFileAndLine() async throws {
        let scratch = try Workspace()
        try FileManager.default.createDirectory(at: scratch.url.appendingPathComponent("extra/bad"), withIntermediateDirectories: true)
        try scratch.write("extra/bad/plugin.lua", "return {\n  name = 'bad', version = '1.0.0', api = { 9 }, description = 'x' }\n")
        try scratch.write("extra/bad/init.lua", "return { modules = {} }\n")
        let result = try await CLI.ilsa(
            ["plugins"], environment: ["ILSA_PLUGIN_PATH": scratch.url.appendingPathComponent("extra").path], in: Fixtures.packageRoot)
        #expect(result.exited(2), "\(result.summary)")
        #expect(result.stderrText.contains("bad/plugin.lua: plugin 'bad' works with engine plugin API 9, and this engine supports 1"))
    }

    @Test func aFailingPluginTestExitsOne() async throws {
        let scratch = try Workspace()
        try FileManager.default.createDirectory(
            at: scratch.url.appendingPathComponent("plugins/p/tests"), withIntermediateDirectories: true)
        try scratch.write(
            "plugins/p/plugin.lua",
            "return { name = 'p', version = '1.0.0', api = { 1 }, description = 'x', provides = { modules = { 'p' } } }\n")
        try scratch.write("plugins/p/init.lua", "return { modules = { p = { n = 1 } } }\n")
        try scratch.write("plugins/p/tests/p_test.lua", "local p = require 'p'\ntest('n is 2', function()\n  eq(p.n, 2)\nend)\n")
        let result = try await CLI.ilsa(["plugins", "test"], in: scratch.url)
        #expect(result.exited(1), "\(result.summary)")
        #expect(result.stdoutText.contains("FAIL plugins/p/tests/p_test.lua: n is 2"))
        #expect(result.stdoutText.contains("p_test.lua:3: expected 2, got 1"))
    }
}

/// `ilsa plugins poll` end to end, one process per command: a warning file appears, the run
/// waiting for it is signalled and makes its task, notify queues its notification, and `ilsa
/// work` writes the outbox line once.
struct PluginsPollTests {
    static let playbook = """
        return ilsa.workflow {
          name = "rain_alert", title = "Heavy rain alert",
          params = { district = { type = "district", required = true } },
          run = function(ctx)
            local report = ilsa.wait_signal("kma.heavy_rain")
            local t = ilsa.task { title = "Check underpasses: " .. report.payload.title,
                                  assignee = { role = "DONG.HEAD", district = ctx.params.district } }
            t:wait()
          end,
        }
        """

    @Test func aWarningFileSignalsTheWaitingRunOnce() async throws {
        let scratch = try Workspace()
        try scratch.write("rain_alert.lua", Self.playbook)
        scratch.pluginPath = Fixtures.plugins.path
        let started = try await scratch.ilsa(["run", "--detach", "--id", "w1", "rain_alert.lua", "--param", "district=singil"])
        #expect(started.exited(0), "\(started.summary)")
        let nothing = try await scratch.ilsa(["plugins", "poll"])
        #expect(nothing.exited(0), "\(nothing.summary)")
        #expect(nothing.stdoutText.isEmpty)

        try FileManager.default.createDirectory(at: scratch.url.appendingPathComponent("feeds/kma"), withIntermediateDirectories: true)
        try scratch.write(
            "feeds/kma/0300.json", #"{ "id": "hr-0300", "hazard": "heavy_rain", "level": "warning", "districts": ["singil"] }"#)
        let polled = try await scratch.ilsa(["plugins", "poll"])
        #expect(polled.exited(0), "\(polled.summary)")
        #expect(polled.stdoutText == "kma.heavy_rain hr-0300 → run w1\n")
        let again = try await scratch.ilsa(["plugins", "poll"])
        #expect(again.stdoutText.isEmpty, "\(again.summary)")

        let tasks = try await scratch.ilsa(["tasks", "--run", "w1"])
        #expect(tasks.stdoutText.contains("Check underpasses: 호우경보 (heavy rain warning)"), "\(tasks.summary)")
        #expect(!FileManager.default.fileExists(atPath: scratch.url.appendingPathComponent(".ilsa/outbox.jsonl").path))
        let work = try await scratch.ilsa(["work"])
        #expect(work.exited(0), "\(work.summary)")
        #expect(work.stderrText.contains("1 notification delivered"), "\(work.summary)")
        _ = try await scratch.ilsa(["work"])
        let outbox = try String(contentsOf: scratch.url.appendingPathComponent(".ilsa/outbox.jsonl"), encoding: .utf8)
        #expect(outbox.split(separator: "\n").count == 1)
        #expect(outbox.contains("\"to\":\"DONG.HEAD in singil\""))
        let history = try await scratch.ilsa(["history", "w1"])
        #expect(history.exited(0), "\(history.summary)")

        // Delivered notifications are kept until pruned.
        let kept = try await scratch.ilsa(["effects", "prune", "--older-than", "1h"])
        #expect(kept.exited(0) && kept.stderrText.contains("forgot 0 delivered effects"), "\(kept.summary)")
        try await Task.sleep(for: .milliseconds(1100))
        let pruned = try await scratch.ilsa(["effects", "prune", "--older-than", "1s"])
        #expect(pruned.stderrText.contains("forgot 1 delivered effect "), "\(pruned.summary)")
        let bad = try await scratch.ilsa(["effects", "prune", "--older-than", "soon"])
        #expect(bad.exited(2) && bad.stderrText.contains("--older-than takes"), "\(bad.summary)")
    }
}
