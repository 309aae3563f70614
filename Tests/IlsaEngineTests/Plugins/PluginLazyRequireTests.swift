import IlsaCheck
import Foundation
@testable import IlsaEngine
import IlsaLua
import IlsaTesting
import Testing

/// The `require` a run's state gets: built on first use, with the same errors at the same lines.
struct PluginLazyRequireTests {
    func error(_ lua: LuaState, _ source: String) -> String {
        do {
            try lua.run(source, chunkName: "@playbook.lua")
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func withPluginsItLoadsOnFirstUseAndPointsAtThePlaybooksLine() throws {
        let lua = try LuaState(profile: .sandbox)
        try PluginModules.installLazily(try PluginSet.discover(in: [Fixtures.plugins.path]), into: lua)
        #expect(
            error(lua, "\n\nrequire 'os'")
                == "playbook.lua:3: module 'os' not found: require gives only modules loaded plugins provide (modules: ansan, crowd, kma, notify)"
        )
        #expect(
            try lua.run("local k = require 'kma'; return k.classify_rain { mm_3h = 90 }, require('kma') == k", chunkName: "=t") == [
                "warning", true,
            ])
        #expect(error(lua, "\nrequire 'socket'").hasPrefix("playbook.lua:2: module 'socket' not found"))
    }

    @Test func withoutPluginsItIsAFunctionWithAClearError() throws {
        let lua = try LuaState(profile: .sandbox)
        try PluginModules.installLazily(.empty, into: lua)
        #expect(
            error(lua, "\nrequire 'kma'")
                == "playbook.lua:2: module 'kma' not found: require gives only modules loaded plugins provide (no plugin is loaded)")
        #expect(error(lua, "require(42)") == "playbook.lua:1: bad argument #1 to 'require' (string expected, got number)")
    }

    @Test func itCostsARunStateAlmostNothingUntilUsed() throws {
        let plugins = try PluginSet.discover(in: [Fixtures.plugins.path])
        let clock = ContinuousClock()
        var total: Duration = .zero
        for _ in 0..<100 {
            let lua = try LuaState(profile: .sandbox)
            let t0 = clock.now
            try PluginModules.installLazily(plugins, into: lua)
            total += clock.now - t0
        }
        #expect(total / 100 < .milliseconds(1), "\(total / 100) per state")
    }
}

/// A playbook may `require` at its top level, as Lua programmers do: the metadata reader, the
/// checker and the run give it the same modules.
struct PlaybookTopLevelRequireTests {
    static let playbook = """
        local kma = require "kma"
        return ilsa.workflow {
          name = "rain", title = "Rain",
          params = { { name = "level", type = "choice", values = { "advisory", "warning" }, default = "advisory" } },
          run = function(ctx) return kma.classify_rain { mm_3h = 95 } end,
        }
        """

    @Test func theMetadataReaderGivesThePluginsModules() throws {
        let plugins = try PluginSet.discover(in: [Fixtures.plugins.path])
        #expect(try Playbook.load(source: Self.playbook, chunkName: "@rain.lua", plugins: plugins).name == "rain")
        #expect(throws: PlaybookError.self) { try Playbook.load(source: Self.playbook, chunkName: "@rain.lua") }
        do {
            _ = try Playbook.load(source: Self.playbook, chunkName: "@rain.lua")
        } catch let error as PlaybookError {
            #expect(error.message.contains("rain.lua:1: module 'kma' not found"), "\(error.message)")
        }
    }

    @Test func aRunUsesTheModuleRequiredAtTheTop() throws {
        let folder = try TemporaryFolder()
        let store = try folder.store()
        let engine = Engine(
            store: store, clock: VirtualClock(startingAt: Date(timeIntervalSince1970: 1_752_624_000)),
            source: { _ in Self.playbook }, plugins: try PluginSet([Plugin.load(folder: Fixtures.plugins.path + "/kma")]))
        try engine.start(playbook: "rain.lua", id: "r1")
        let end = try store.history(of: "r1").last
        #expect(end?.kind == .runCompleted && end?.payload["result"]?.stringValue == "warning", "\(String(describing: end))")
    }

    @Test func theCheckerIsCleanWithThePlugins() throws {
        let checker = PlaybookChecker(plugins: try PluginSet.discover(in: [Fixtures.plugins.path]))
        #expect(checker.check(source: Self.playbook, file: "rain.lua").isEmpty)
    }
}
