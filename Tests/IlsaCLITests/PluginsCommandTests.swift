import Foundation
import Testing

/// `ilsa plugins`: listing, info, the plugins' own tests, and load errors as usage errors.
struct PluginsCommandTests {
    @Test func listsTheShippedPlugins() async throws {
        let result = try await CLI.ilsa(["plugins"], in: CLI.packageRoot)
        #expect(result.exited(0), "\(result.summary)")
        #expect(result.stdoutText.contains("ansan   1.0.0  modules ansan; roster roster.lua"))
        #expect(result.stdoutText.contains("kma     1.0.0  modules kma"))
        #expect(result.stdoutText.contains("crowd   1.0.0  modules crowd"))
        #expect(result.stdoutText.contains("notify  1.0.0  modules notify; hooks on_task_created, on_task_overdue, on_escalation, on_run_finished; channels console, outbox, webhook"))
    }

    @Test func infoShowsTheManifestAndConfigDefaults() async throws {
        let result = try await CLI.ilsa(["plugins", "info", "crowd"], in: CLI.packageRoot)
        #expect(result.exited(0), "\(result.summary)")
        #expect(result.stdoutText.contains("plugin       crowd 1.0.0"))
        #expect(result.stdoutText.contains("folder       plugins/crowd"))
        #expect(result.stdoutText.contains("  serious = 5  [number]"))
        let json = try await CLI.ilsa(["plugins", "info", "kma", "--json"], in: CLI.packageRoot)
        let object = try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any]
        #expect(object?["name"] as? String == "kma")
        #expect((object?["api"] as? [Int]) == [1])
    }

    @Test func anUnknownPluginIsAUsageError() async throws {
        let result = try await CLI.ilsa(["plugins", "info", "weather"], in: CLI.packageRoot)
        #expect(result.exited(2), "\(result.summary)")
        #expect(result.stderrText.contains("no plugin 'weather' (plugins: ansan, crowd, kma, notify)"))
    }

    @Test func thePluginsOwnTestsPass() async throws {
        let result = try await CLI.ilsa(["plugins", "test"], in: CLI.packageRoot)
        #expect(result.exited(0), "\(result.summary)")
        #expect(result.stderrText.contains("plugin tests: all passed"))
        #expect(!result.stdoutText.contains("FAIL"))
        let check = try await CLI.ilsa(["plugins", "check"], in: CLI.packageRoot)
        #expect(check.exited(0), "\(check.summary)")
    }

    @Test func aBadPluginOnThePathStopsWithItsFileAndLine() async throws {
        let scratch = try Scratch()
        try FileManager.default.createDirectory(at: scratch.url.appendingPathComponent("extra/bad"), withIntermediateDirectories: true)
        try scratch.write("extra/bad/plugin.lua", "return {\n  name = 'bad', version = '1.0.0', api = { 9 }, description = 'x' }\n")
        try scratch.write("extra/bad/init.lua", "return { modules = {} }\n")
        let result = try await CLI.ilsa(
            ["plugins"], environment: ["ILSA_PLUGIN_PATH": scratch.url.appendingPathComponent("extra").path], in: CLI.packageRoot)
        #expect(result.exited(2), "\(result.summary)")
        #expect(result.stderrText.contains("bad/plugin.lua: plugin 'bad' works with engine plugin API 9, and this engine supports 1"))
    }

    @Test func aFailingPluginTestExitsOne() async throws {
        let scratch = try Scratch()
        try FileManager.default.createDirectory(at: scratch.url.appendingPathComponent("plugins/p/tests"), withIntermediateDirectories: true)
        try scratch.write("plugins/p/plugin.lua", "return { name = 'p', version = '1.0.0', api = { 1 }, description = 'x', provides = { modules = { 'p' } } }\n")
        try scratch.write("plugins/p/init.lua", "return { modules = { p = { n = 1 } } }\n")
        try scratch.write("plugins/p/tests/p_test.lua", "local p = require 'p'\ntest('n is 2', function()\n  eq(p.n, 2)\nend)\n")
        let result = try await CLI.ilsa(["plugins", "test"], in: scratch.url)
        #expect(result.exited(1), "\(result.summary)")
        #expect(result.stdoutText.contains("FAIL plugins/p/tests/p_test.lua: n is 2"))
        #expect(result.stdoutText.contains("p_test.lua:3: expected 2, got 1"))
    }
}
