import Foundation
@testable import IlsaEngine
import IlsaTesting
import Testing

/// A run keeps the code of the plugins it started with (issue 17): a plugin's module changed
/// while the run waits does not change what the run's replay gets; new runs take the new code,
/// and an upgrade moves a run to it.
struct PluginPinningTests {
    static let playbook = """
        local tips = require "tips"
        return ilsa.workflow { name = "p", title = "P", run = function()
          ilsa.log("before " .. tips.word())
          ilsa.wait_signal("go")
          ilsa.log("after " .. tips.word() .. (tips.later and " (later)" or ""))
        end }
        """

    static func code(_ word: String) -> String {
        "return { modules = { tips = { word = function() return \"\(word)\" end } } }\n"
    }

    @Test func aRunReplaysThePluginCodeItStartedWith() throws {
        let fixtures = try PluginFixtures()
        try fixtures.plugin("tips", manifest: PluginFixtures.manifest("tips", modules: ["tips"]), code: Self.code("old"))
        let folder = try TemporaryFolder()
        let store = try folder.store()
        let clock = VirtualClock(startingAt: Date(timeIntervalSince1970: 1_752_624_000))
        func engine() throws -> Engine {
            Engine(
                store: store, clock: clock, source: { _ in Self.playbook },
                plugins: try PluginSet.discover(in: [fixtures.pluginsFolder], config: [:]))
        }
        try engine().start(playbook: "p.lua", id: "old")

        // The plugin changes; a new engine (a restart, another machine) rebuilds the run.
        try fixtures.plugin("tips", manifest: nil, code: Self.code("new"))
        try engine().signal("old", name: "go")
        let logs = try store.history(of: "old").compactMap { $0.payload["message"]?.stringValue }
        #expect(logs == ["before old", "after old"], "the run replays the code it started with")

        try engine().start(playbook: "p.lua", id: "new")
        try engine().signal("new", name: "go")
        #expect(try store.history(of: "new").compactMap { $0.payload["message"]?.stringValue } == ["before new", "after new"])
        #expect(try store.playbookVersions().allSatisfy { !$0.workflow.hasPrefix("plugin:") }, "plugin code is not a playbook")
    }

    /// The plugin's new code would have logged something else before the wait: that run
    /// cannot move. Code that differs only after where the run waits can.
    @Test func anUpgradeMovesARunToThePluginCodeLoadedNowWhenItsHistoryReplays() throws {
        let fixtures = try PluginFixtures()
        try fixtures.plugin("tips", manifest: PluginFixtures.manifest("tips", modules: ["tips"]), code: Self.code("old"))
        let folder = try TemporaryFolder()
        let store = try folder.store()
        let clock = VirtualClock(startingAt: Date(timeIntervalSince1970: 1_752_624_000))
        var text = Self.playbook
        func engine() throws -> Engine {
            Engine(
                store: store, clock: clock, source: { _ in text },
                plugins: try PluginSet.discover(in: [fixtures.pluginsFolder], config: [:]))
        }
        try engine().start(playbook: "p.lua", id: "r1")
        try fixtures.plugin("tips", manifest: nil, code: Self.code("new"))
        text += "\n-- a comment: another version\n"
        #expect(throws: RuntimeError.self) { try engine().upgrade("r1", by: "kim") }

        // Only what comes after the wait differs: the run can move, and takes the new code.
        let later = "return { modules = { tips = { word = function() return \"old\" end, later = true } } }\n"
        try fixtures.plugin("tips", manifest: nil, code: later)
        try engine().upgrade("r1", by: "kim")
        try engine().signal("r1", name: "go")
        let logs = try store.history(of: "r1").compactMap { $0.payload["message"]?.stringValue }
        #expect(logs == ["before old", "after old (later)"], "the run goes on with the code it moved to")
    }
}
