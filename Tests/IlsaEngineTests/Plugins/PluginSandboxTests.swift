import Foundation
@testable import IlsaEngine
import IlsaLua
import IlsaTesting
import Testing

/// `require` and the plugin sandbox: each rule here is tried by a plugin or a playbook that
/// tries to break it.
struct PluginSandboxTests {
    /// A sandbox like a run's, with `require` for the plugins in the fixtures.
    func state(_ fixtures: PluginFixtures, limits: LuaLimits = .sandboxDefault) throws -> LuaState {
        let lua = try LuaState(profile: .sandbox, limits: limits)
        try PluginModules.install(try PluginSet.discover(in: [fixtures.pluginsFolder]), into: lua)
        return lua
    }

    func error(_ lua: LuaState, _ source: String) -> String {
        do {
            try lua.run(source, chunkName: "@playbook.lua")
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func requireGivesAPluginModuleOnceAndCaches() throws {
        let fixtures = try PluginFixtures()
        try fixtures.plugin(
            "weather", manifest: PluginFixtures.manifest("weather", modules: ["weather", "weather.extra"]),
            code: """
                starts = (starts or 0) + 1
                return { modules = { weather = { starts = function() return starts end }, ["weather.extra"] = { x = 1 } } }
                """)
        let lua = try state(fixtures)
        let results = try lua.run(
            """
            local a = require "weather"; local b = require "weather"; local e = require "weather.extra"
            return a == b, a.starts(), e.x
            """, chunkName: "@playbook.lua")
        #expect(results == [true, 1, 1])
    }

    @Test(arguments: ["os", "io", "debug", "package", "socket", "string", "nope"])
    func requireRefusesModulesNoPluginProvides(name: String) throws {
        let fixtures = try PluginFixtures()
        try fixtures.plugin("kma", manifest: PluginFixtures.manifest("kma", modules: ["kma"]), code: PluginFixtures.code(modules: ["kma"]))
        let message = error(try state(fixtures), "\nlocal m = require '\(name)'")
        #expect(message == "playbook.lua:2: module '\(name)' not found: require gives only modules loaded plugins provide (modules: kma)")
    }

    @Test func requireWithoutPlugins() throws {
        let lua = try LuaState(profile: .sandbox)
        try PluginModules.install(.empty, into: lua)
        #expect(error(lua, "require 'kma'").contains("(no plugin is loaded)"))
        #expect(error(lua, "require(42)").contains("bad argument #1 to 'require' (string expected, got number)"))
    }

    @Test func aPluginSeesNeitherTheAPINorThePlaybookNorOtherPlugins() throws {
        let fixtures = try PluginFixtures()
        try fixtures.plugin(
            "snoop", manifest: PluginFixtures.manifest("snoop", modules: ["snoop"]),
            code: """
                return { modules = { snoop = {
                  ilsa = ilsa, secret = secret, other = other_global, require_is_ours = require ~= nil,
                  io = io, os = os, debug = debug, package = package, coroutine = coroutine, print = print,
                  dofile = dofile, loadfile = loadfile, collectgarbage = collectgarbage,
                  via_load = load("return ilsa")(),
                  via_load_env = load("return secret", "x", "t", nil)(),
                  via_G = _G.ilsa, via_string_metatable = getmetatable(""),
                } } }
                """)
        try fixtures.plugin(
            "other", manifest: PluginFixtures.manifest("other", modules: ["other"]),
            code: """
                other_global = "leaked"
                return { modules = { other = {} } }
                """)
        let lua = try state(fixtures)
        lua.register("ilsa.task") { _ in .nothing }
        let results = try lua.run(
            """
            secret = "playbook"
            require "other"
            local s = require "snoop"
            return s.ilsa, s.secret, s.other, s.io, s.os, s.debug, s.package, s.coroutine, s.print,
                   s.dofile, s.loadfile, s.collectgarbage, s.via_load, s.via_load_env, s.via_G, s.require_is_ours,
                   s.via_string_metatable
            """, chunkName: "@playbook.lua")
        #expect(results.dropLast(2).allSatisfy { $0 == .nil }, "\(results)")
        #expect(results[15] == true)
        #expect(results[16] != .nil && results[16].tableValue == nil, "the string metatable stays protected: \(results[16])")
    }

    @Test func whatAPluginChangesStaysInItsEnvironment() throws {
        let fixtures = try PluginFixtures()
        try fixtures.plugin(
            "vandal", manifest: PluginFixtures.manifest("vandal", modules: ["vandal"]),
            code: """
                string.upper = function() return "hacked" end
                table.insert = nil
                math.pi = 3
                tostring = nil
                plugin.config.limit = 99
                shared = "vandal"
                return { modules = { vandal = { upper = function(s) return string.upper(s) end } } }
                """)
        try fixtures.plugin(
            "victim", manifest: PluginFixtures.manifest("victim", modules: ["victim"]),
            code: """
                return { modules = { victim = { check = function()
                  return string.upper("a"), table.insert ~= nil, math.pi > 3.14, shared
                end } } }
                """)
        let lua = try state(fixtures)
        let results = try lua.run(
            """
            local v = require "vandal"
            local inside = v.upper("x")
            local a, b, c, d = require("victim").check()
            return inside, string.upper("a"), ("a"):upper(), table.insert ~= nil, math.pi > 3.14, tostring(1), shared, a, b, c, d
            """, chunkName: "@playbook.lua")
        #expect(results == ["hacked", "A", "A", true, true, "1", .nil, "A", true, true, .nil])
    }

    @Test func aPluginGetsItsConfig() throws {
        let fixtures = try PluginFixtures()
        try fixtures.plugin(
            "c",
            manifest: PluginFixtures.manifest(
                "c", modules: ["c"],
                extra: """
                    config = { level = { type = "number", default = 5 }, zones = { type = "table", default = { "north" } } },
                    """),
            code: "return { modules = { c = { level = plugin.config.level, zone = plugin.config.zones[1], name = plugin.name } } }")
        let lua = try LuaState(profile: .sandbox)
        try PluginModules.install(try PluginSet.discover(in: [fixtures.pluginsFolder], config: ["c": ["level": 4]]), into: lua)
        #expect(try lua.run("local c = require 'c'; return c.level, c.zone, c.name", chunkName: "=t") == [4, "north", "c"])
    }

    @Test func anErrorInInitNamesThePluginAndItsFileAndLine() throws {
        let fixtures = try PluginFixtures()
        try fixtures.plugin(
            "broken", manifest: PluginFixtures.manifest("broken", modules: ["broken"]), code: "local x = 1\nlocal y = nil + x\n")
        let message = error(try state(fixtures), "require 'broken'")
        #expect(message.hasPrefix("plugin 'broken': plugins/broken/init.lua:2: attempt to perform arithmetic on a nil value"), "\(message)")

        let syntax = try PluginFixtures()
        try syntax.plugin("bad", manifest: PluginFixtures.manifest("bad", modules: ["bad"]), code: "return {")
        #expect(error(try state(syntax), "require 'bad'").contains("plugin 'bad': plugins/bad/init.lua:1:"))
    }

    @Test func initMustReturnTheModulesItsManifestDeclares() throws {
        let fixtures = try PluginFixtures()
        try fixtures.plugin(
            "liar", manifest: PluginFixtures.manifest("liar", modules: ["liar", "liar2"]), code: PluginFixtures.code(modules: ["liar"]))
        #expect(
            error(try state(fixtures), "require 'liar'").contains(
                "plugin 'liar': plugins/liar/init.lua does not return module 'liar2' its manifest provides"))
        let nothing = try PluginFixtures()
        try nothing.plugin("empty", manifest: PluginFixtures.manifest("empty", modules: ["empty"]), code: "return 1")
        #expect(error(try state(nothing), "require 'empty'").contains("must return { modules = { ... } }, not number"))
    }

    @Test func aRunawayPluginIsStoppedByTheLimits() throws {
        let fixtures = try PluginFixtures()
        try fixtures.plugin("spin", manifest: PluginFixtures.manifest("spin", modules: ["spin"]), code: "while true do end")
        try fixtures.plugin(
            "hog", manifest: PluginFixtures.manifest("hog", modules: ["hog"]), code: "local t = {} for i = 1, 1e9 do t[i] = i end")
        let lua = try state(fixtures, limits: LuaLimits(memory: 8 << 20, time: .milliseconds(200)))
        // pcall in the playbook cannot swallow the limit
        #expect(error(lua, "pcall(require, 'spin')").contains("time limit"))
        // a memory error is an ordinary Lua error: the playbook may catch it, and the state lives on
        let hog = try lua.run("local ok, e = pcall(require, 'hog'); return ok, e", chunkName: "=t")
        #expect(hog[0] == false)
        #expect(hog[1].stringValue?.contains("memory") == true, "\(hog)")
        #expect(try lua.run("return 1", chunkName: "=after") == [1])
    }

    @Test func pluginsMayRequireEachOtherButNotInALoop() throws {
        let fixtures = try PluginFixtures()
        try fixtures.plugin(
            "a", manifest: PluginFixtures.manifest("a", modules: ["a"]),
            code: "local b = require 'b'; return { modules = { a = { b = b.name } } }")
        try fixtures.plugin("b", manifest: PluginFixtures.manifest("b", modules: ["b"]), code: PluginFixtures.code(modules: ["b"]))
        try fixtures.plugin(
            "c", manifest: PluginFixtures.manifest("c", modules: ["c"]), code: "require 'd'; return { modules = { c = {} } }")
        try fixtures.plugin(
            "d", manifest: PluginFixtures.manifest("d", modules: ["d"]), code: "require 'c'; return { modules = { d = {} } }")
        let lua = try state(fixtures)
        #expect(try lua.run("return require('a').b", chunkName: "=t") == ["b"])
        #expect(error(lua, "require 'c'").contains("require each other in a loop"))
    }

    @Test func loadInAPluginIsTextOnly() throws {
        let fixtures = try PluginFixtures()
        try fixtures.plugin(
            "bin", manifest: PluginFixtures.manifest("bin", modules: ["bin"]),
            code: """
                local f, e = load("\\27Lua", "x", "b")
                return { modules = { bin = { f = f, e = e } } }
                """)
        let results = try state(fixtures).run("local b = require 'bin'; return b.f, b.e", chunkName: "=t")
        #expect(results[0] == .nil)
        #expect(results[1].stringValue?.contains("binary") == true, "\(results)")
    }
}

/// Every shipped plugin's own tests (`plugins/<name>/tests/*.lua`) pass.
struct PluginLuaTests {
    static let plugins = (try? PluginSet.discover(in: [Fixtures.plugins.path])) ?? .empty

    @Test(arguments: plugins.plugins.map(\.name))
    func theTestsOfPlugin(_ name: String) throws {
        let plugin = try #require(Self.plugins[name])
        #expect(!plugin.testFiles.isEmpty, "plugin \(name) has no tests/*.lua")
        for result in PluginTests.run(plugin, with: Self.plugins) {
            #expect(result.passed, "\(result)")
        }
    }

    @Test func aFailingTestIsReportedWithItsLine() throws {
        let fixtures = try PluginFixtures()
        let dir = try fixtures.plugin(
            "k", manifest: PluginFixtures.manifest("k", modules: ["k"]), code: "return { modules = { k = { two = 2 } } }")
        try FileManager.default.createDirectory(atPath: dir + "/tests", withIntermediateDirectories: true)
        try """
        local k = require "k"
        test("passes", function() eq(k.two, 2) end)
        test("fails", function()
          eq(k.two, 3, "two")
        end)
        """.write(toFile: dir + "/tests/k_test.lua", atomically: true, encoding: .utf8)
        let set = try PluginSet.discover(in: [fixtures.pluginsFolder])
        let results = PluginTests.run(set["k"]!, with: set)
        #expect(results.map(\.name) == ["passes", "fails"])
        #expect(results[0].passed)
        #expect(results[1].failure?.hasSuffix("/tests/k_test.lua:4: two: expected 3, got 2") == true, "\(results)")
    }
}
