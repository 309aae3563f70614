import Foundation
@testable import IlsaEngine
import IlsaEffects
import IlsaTesting
import Testing

/// Signal sources: kma warnings and crowd densities from feed files become signals for the runs
/// that wait for them, once each.
struct PluginSignalTests {
    static let playbook = """
        return ilsa.workflow {
          name = "heavy_rain_watch", title = "Heavy rain watch",
          params = { district = { type = "string", required = true } },
          run = function(ctx)
            local kma = require "kma"
            local report = ilsa.wait_signal("kma.heavy_rain")
            local level = report.payload.level
            if kma.at_least(level, "warning") then
              local t = ilsa.task { title = "Evacuate semi-basement households: " .. report.payload.title,
                                    assignee = { role = "DONG.HEAD", district = ctx.params.district } }
              t:wait()
            end
            return level
          end,
        }
        """
    static let start = Date(timeIntervalSince1970: 1_752_624_000)

    struct Setup {
        let folder: TemporaryFolder
        let feed: String
        let outbox: String
        let plugins: PluginSet
        func engine() throws -> Engine {
            let engine = Engine(
                store: try folder.store(), clock: VirtualClock(startingAt: PluginSignalTests.start),
                source: { _ in PluginSignalTests.playbook }, plugins: plugins)
            engine.pluginIO.console = { _ in }
            return engine
        }
        func outboxLines() -> [String] {
            ((try? String(contentsOfFile: outbox, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }
    }

    func setup() throws -> Setup {
        let folder = try TemporaryFolder()
        let feed = folder.url.appendingPathComponent("feeds/kma").path
        let outbox = folder.url.appendingPathComponent("outbox.jsonl").path
        let plugins = try PluginSet.discover(
            in: [Fixtures.plugins.path],
            config: [
                "kma": ["feed": .string(feed)], "crowd": ["feed": .string(folder.url.appendingPathComponent("feeds/crowd").path)],
                "notify": ["outbox": .string(outbox)],
            ])
        return Setup(folder: folder, feed: feed, outbox: outbox, plugins: plugins)
    }

    func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(
            atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test func aWarningFileSignalsTheRunsThatAskedOnceEvenAfterARestart() async throws {
        let s = try setup()
        var engine = try s.engine()
        try engine.start(playbook: "rain.lua", params: ["district": "singil"], id: "singil", seed: 1)
        try engine.start(playbook: "rain.lua", params: ["district": "daebu"], id: "daebu", seed: 2)
        #expect(try engine.pollSignalSources().delivered.isEmpty)  // no feed yet

        try write(
            """
            [{ "id": "kma-2025-07-16-0300", "hazard": "heavy_rain", "level": "warning", "districts": ["singil", "wolpi"],
               "issued_at": "2025-07-16T03:00:00+09:00" }]
            """, to: s.feed + "/0300.json")
        let (delivered, problems) = try engine.pollSignalSources()
        #expect(problems.isEmpty, "\(problems)")
        #expect(delivered == [SignalDelivery(run: "singil", name: "kma.heavy_rain", id: "kma-2025-07-16-0300")])
        let tasks = try engine.store.tasks(TaskQuery(run: "singil"))
        #expect(tasks.map(\.title) == ["Evacuate semi-basement households: 호우경보 (heavy rain warning)"])
        _ = try await EffectDispatcher(store: engine.store, claimant: "test").deliverDue()
        #expect(s.outboxLines().count == 1)
        #expect(s.outboxLines().first?.contains("\"kind\":\"task_created\"") == true)
        #expect(try engine.store.run("daebu")?.status == .waiting)  // not in the warning's districts

        // killed and resumed: a new engine reads the same feed again
        engine = try s.engine()
        #expect(try engine.pollSignalSources().delivered.isEmpty)
        #expect(try engine.store.tasks(TaskQuery(run: "singil")).count == 1)
        #expect(s.outboxLines().count == 1)
        try engine.completeTask("singil.2", by: "DONG.HEAD 신길동")
        #expect(try engine.store.run("singil")?.status == .completed)
        _ = try await EffectDispatcher(store: engine.store, claimant: "test").deliverDue()
        #expect(s.outboxLines().count == 2)  // and the run's end
    }

    @Test func aBadFeedIsReportedAndTheOtherSourcesStillRun() throws {
        let s = try setup()
        let engine = try s.engine()
        try engine.start(playbook: "rain.lua", params: ["district": "singil"], id: "r1", seed: 1)
        try write(#"{ "hazard": "volcano", "level": "warning" }"#, to: s.feed + "/bad.json")
        try write(
            #"{ "zone": "plaza", "density": 5.2, "at": "19:00" }"#, to: s.folder.url.appendingPathComponent("feeds/crowd/r.json").path)
        let (delivered, problems) = try engine.pollSignalSources()
        #expect(delivered.isEmpty)  // nobody waits for crowd.density
        #expect(problems.count == 1)
        #expect(problems.first?.plugin == "kma")
        #expect(problems.first?.message.contains("bad.json report 1: unknown hazard 'volcano'") == true, "\(problems)")
        try write("not json", to: s.feed + "/bad.json")
        #expect(try engine.pollSignalSources().problems.first?.message.contains("is not JSON") == true)
    }

    @Test func crowdReadingsBecomeLevels() throws {
        let s = try setup()
        let crowdFeed = s.folder.url.appendingPathComponent("feeds/crowd").path
        let host = PluginHost(plugins: s.plugins)
        try write(
            #"[{ "zone": "plaza_north", "density": 4.4, "at": "19:05" }, { "zone": "plaza_south", "density": 6.1, "at": "19:05", "district": "choji" }]"#,
            to: crowdFeed + "/1905.json")
        let signals = host.collectSignals().signals.filter { $0.plugin == "crowd" }
        #expect(signals.map(\.id) == ["plaza_north@19:05", "plaza_south@19:05"])
        #expect(signals[0].payload["level"] == "alert")
        #expect(signals[1].payload["level"] == "serious")
        #expect(signals[1].payload["crush"] == true)
        #expect(signals[1].payload["districts"] == ["choji"])
    }

    @Test func aSourceMaySendOnlyTheSignalsItsManifestProvides() throws {
        let fixtures = try PluginFixtures()
        try fixtures.plugin(
            "liar",
            manifest: PluginFixtures.manifest(
                "liar",
                extra: """
                    provides = { signals = { "liar.ok" } },
                    """
            ).replacingOccurrences(of: "provides = { modules = {  } },", with: ""),
            code: """
                return { source = function() return { { name = "kma.heavy_rain", id = "x", payload = {} } } end }
                """)
        let set = try PluginSet.discover(in: [fixtures.pluginsFolder])
        let result = PluginHost(plugins: set).collectSignals()
        #expect(result.signals.isEmpty)
        #expect(
            result.problems.first?.message.contains("names signal 'kma.heavy_rain', which the manifest does not provide") == true,
            "\(result.problems)")
    }

    @Test func aSourceWithoutReadFeedCannotReadFiles() throws {
        let fixtures = try PluginFixtures()
        try fixtures.plugin(
            "peek",
            manifest: """
                return { name = "peek", version = "1.0.0", api = { 1 }, description = "d", provides = { signals = { "peek.x" } } }
                """, code: "return { source = function() return feed.read() end }")
        let result = PluginHost(plugins: try PluginSet.discover(in: [fixtures.pluginsFolder])).collectSignals()
        #expect(result.problems.first?.message.contains("attempt to index a nil value (global 'feed')") == true, "\(result.problems)")
    }
}
