import Foundation
@testable import IlsaEngine
import IlsaTesting
import Testing

/// Playbooks that `require` plugin modules, run durably by the engine.
struct PluginRuntimeTests {
    static let playbook = """
        return ilsa.workflow {
          name = "rain_watch", title = "Rain watch",
          run = function(ctx)
            local kma = require "kma"
            local level = kma.classify_rain { mm_3h = ctx.params.mm_3h }
            local t = ilsa.task { title = "Rain " .. tostring(level) }
            t:wait()
            return level
          end,
        }
        """

    @Test func aRunRequiresAPluginModuleAndReplaysIt() throws {
        let folder = try TemporaryFolder()
        // without notify, whose hooks would write its outbox in the current folder
        let plugins = try PluginSet(try PluginSet.discover(in: [Fixtures.plugins.path]).plugins.filter { $0.name != "notify" })
        let clock = VirtualClock(startingAt: Date(timeIntervalSince1970: 1_752_624_000))
        var engine = Engine(store: try folder.store(), clock: clock, source: { _ in Self.playbook }, plugins: plugins)
        try engine.start(playbook: "rain.lua", params: ["mm_3h": 60], id: "r1", seed: 1)
        #expect(try engine.store.tasks(TaskQuery(run: "r1")).first?.title == "Rain advisory")
        engine = Engine(store: try folder.store(), clock: clock, source: { _ in Self.playbook }, plugins: plugins)
        try engine.completeTask("r1.1", by: "someone")
        #expect(try engine.store.run("r1")?.status == .completed)
        let end = try engine.store.history(of: "r1").last { $0.kind == .runCompleted }
        #expect(end?.payload["result"] == .string("advisory"))
    }

    @Test func aRunWithoutThePluginFailsWithTheLine() throws {
        let folder = try TemporaryFolder()
        let clock = VirtualClock(startingAt: Date(timeIntervalSince1970: 1_752_624_000))
        let engine = Engine(store: try folder.store(), clock: clock, source: { _ in Self.playbook })
        try engine.start(playbook: "rain.lua", params: ["mm_3h": 60], id: "r1", seed: 1)
        #expect(try engine.store.run("r1")?.status == .failed)
        let message = try engine.store.history(of: "r1").last?.payload["message"]?.stringValue ?? ""
        #expect(message.hasPrefix("rain.lua:4: module 'kma' not found"), "\(message)")
    }
}
