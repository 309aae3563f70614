import Foundation
import Testing

/// Playbooks that `require` a plugin's module, run from the command line as a user runs them:
/// `ilsa run`, `ilsa drill` and `ilsa check` load the plugins.
struct PluginRunTests {
    static let rainLevel = """
        return ilsa.workflow {
          name = "rain_level", title = "강우 등급",
          run = function(ctx)
            local kma = require "kma"
            local reading = ilsa.wait_signal("rain_reading")
            return kma.classify_rain { mm_3h = reading.payload.mm_3h } or "none"
          end,
        }

        """

    func scratch() throws -> (RunScratch, [String: String]) {
        let scratch = try RunScratch()
        try scratch.write("rain_level.lua", Self.rainLevel)
        var environment = scratch.environment
        environment["ILSA_PLUGIN_PATH"] = CLI.packageRoot.appendingPathComponent("plugins").path
        return (scratch, environment)
    }

    @Test func runAndSignalAPlaybookThatRequiresKMA() async throws {
        let (scratch, environment) = try scratch()
        let started = try await CLI.ilsa(["run", "--detach", "--id", "k1", "rain_level.lua"], environment: environment, in: scratch.url)
        #expect(started.exited(0), "\(started.summary)")
        let signalled = try await CLI.ilsa(["signal", "k1", "rain_reading", #"{"mm_3h": 65}"#], environment: environment, in: scratch.url)
        #expect(signalled.exited(0), "\(signalled.summary)")
        let status = try await CLI.ilsa(["status", "k1", "--json"], environment: environment, in: scratch.url)
        let object = try JSONSerialization.jsonObject(with: status.stdout) as? [String: Any] ?? [:]
        #expect(object["status"] as? String == "completed", "\(status.summary)")
        let end = (object["end"] as? [String: Any])?["payload"] as? [String: Any]
        #expect(end?["result"] as? String == "advisory", "\(object)")
    }

    @Test func checkKnowsThePluginsModules() async throws {
        let (scratch, environment) = try scratch()
        try scratch.write("typo.lua", Self.rainLevel.replacingOccurrences(of: #"require "kma""#, with: #"require "kmaa""#))
        let clean = try await CLI.ilsa(["check", "rain_level.lua"], environment: environment, in: scratch.url)
        #expect(clean.exited(0), "\(clean.summary)")
        let typo = try await CLI.ilsa(["check", "typo.lua"], environment: environment, in: scratch.url)
        #expect(typo.exited(1), "\(typo.summary)")
        #expect(typo.stdoutText.hasPrefix("typo.lua:4: no plugin provides module 'kmaa'; did you mean require \"kma\"?"), "\(typo.stdoutText)")
    }

    @Test func checkLoadsEveryPluginsModules() async throws {
        let (scratch, environment) = try scratch()
        // A plugin whose module fails when it is required.
        try FileManager.default.createDirectory(at: scratch.url.appendingPathComponent("plugins/gauge"), withIntermediateDirectories: true)
        try scratch.write("plugins/gauge/plugin.lua", """
            return { name = "gauge", version = "0.1.0", api = { 1 }, description = "A broken gauge",
              provides = { modules = { "gauge" } } }
            """)
        try scratch.write("plugins/gauge/init.lua", "local x = nil\nreturn { modules = { gauge = { level = x.level } } }\n")
        let result = try await CLI.ilsa(["check", "rain_level.lua"], environment: environment, in: scratch.url)
        #expect(result.exited(1), "\(result.summary)")
        #expect(result.stdoutText.hasPrefix("plugins: "), "\(result.stdoutText)")
        #expect(result.stdoutText.contains("gauge"), "\(result.stdoutText)")
    }
}
