import Foundation
import IlsaTesting
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

    /// A workspace with the playbook and the shipped plugins.
    func workspace() throws -> Workspace {
        let scratch = try Workspace()
        try scratch.write("rain_level.lua", Self.rainLevel)
        scratch.pluginPath = Fixtures.plugins.path
        return scratch
    }

    @Test func runAndSignalAPlaybookThatRequiresKMA() async throws {
        let scratch = try workspace()
        let started = try await scratch.ilsa(["run", "--detach", "--id", "k1", "rain_level.lua"])
        #expect(started.exited(0), "\(started.summary)")
        let signalled = try await scratch.ilsa(["signal", "k1", "rain_reading", #"{"mm_3h": 65}"#])
        #expect(signalled.exited(0), "\(signalled.summary)")
        let status = try await scratch.ilsa(["status", "k1", "--json"])
        let object = try JSONSerialization.jsonObject(with: status.stdout) as? [String: Any] ?? [:]
        #expect(object["status"] as? String == "completed", "\(status.summary)")
        let end = (object["end"] as? [String: Any])?["payload"] as? [String: Any]
        #expect(end?["result"] as? String == "advisory", "\(object)")
    }

    @Test func checkKnowsThePluginsModules() async throws {
        let scratch = try workspace()
        try scratch.write("typo.lua", Self.rainLevel.replacingOccurrences(of: #"require "kma""#, with: #"require "kmaa""#))
        let clean = try await scratch.ilsa(["check", "rain_level.lua"])
        #expect(clean.exited(0), "\(clean.summary)")
        let typo = try await scratch.ilsa(["check", "typo.lua"])
        #expect(typo.exited(1), "\(typo.summary)")
        #expect(
            typo.stdoutText.hasPrefix("typo.lua:4: no plugin provides module 'kmaa'; did you mean require \"kma\"?"), "\(typo.stdoutText)")
    }

    @Test func checkLoadsEveryPluginsModules() async throws {
        let scratch = try workspace()
        // A plugin whose module fails when it is required.
        try FileManager.default.createDirectory(at: scratch.url.appendingPathComponent("plugins/gauge"), withIntermediateDirectories: true)
        try scratch.write(
            "plugins/gauge/plugin.lua",
            """
            return { name = "gauge", version = "0.1.0", api = { 1 }, description = "A broken gauge",
              provides = { modules = { "gauge" } } }
            """)
        try scratch.write("plugins/gauge/init.lua", "local x = nil\nreturn { modules = { gauge = { level = x.level } } }\n")
        let result = try await scratch.ilsa(["check", "rain_level.lua"])
        #expect(result.exited(1), "\(result.summary)")
        #expect(result.stdoutText.hasPrefix("plugins: "), "\(result.stdoutText)")
        #expect(result.stdoutText.contains("gauge"), "\(result.stdoutText)")
    }
}
