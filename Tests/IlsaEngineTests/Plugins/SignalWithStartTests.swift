import Foundation
@testable import IlsaEngine
import IlsaTesting
import Testing

/// Signal-with-start (issue 17): a KMA warning for some districts starts the playbook that
/// declares it among its triggers in each district where none of its runs is going, once per
/// warning, and signals the run that is going elsewhere.
struct SignalWithStartTests {
    static let playbook = """
        return ilsa.workflow {
          name = "rain_response", title = "호우 대응",
          params = {
            { name = "district", type = "district", default = "singil" },
            { name = "level", type = "choice", values = { "advisory", "warning" }, default = "advisory" },
          },
          triggers = { "kma.heavy_rain" },
          run = function(ctx)
            local report = ilsa.wait_signal("kma.heavy_rain")
            ilsa.log(ctx.params.district .. " " .. ctx.params.level .. " " .. report.payload.source_id)
            ilsa.wait_signal("lifted")
          end,
        }
        """

    /// A project folder with the playbook in its workflows folder and a kma feed folder, on a store.
    struct Project {
        let folder: TemporaryFolder
        let feed: String
        let workflows: String
        let plugins: PluginSet
        let store: any RunStore

        init() throws {
            folder = try TemporaryFolder()
            feed = folder.url.appendingPathComponent("feeds/kma").path
            workflows = folder.url.appendingPathComponent("workflows").path
            try FileManager.default.createDirectory(atPath: feed, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: workflows, withIntermediateDirectories: true)
            try SignalWithStartTests.playbook.write(toFile: workflows + "/rain_response.lua", atomically: true, encoding: .utf8)
            plugins = try PluginSet.discover(
                in: [Fixtures.plugins.path], config: ["kma": ["feed": .string(feed)], "notify": ["outbox": .string(folder.path("outbox"))]])
            store = try folder.store()
        }

        /// An engine on the store: each call another, as another worker or a restart.
        func engine() -> Engine {
            let engine = Engine(
                store: store, clock: VirtualClock(startingAt: Date(timeIntervalSince1970: 1_752_624_000)), roster: Fixtures.roster,
                plugins: plugins)
            engine.pluginIO.console = { _ in }
            return engine
        }

        var catalog: PlaybookCatalog { PlaybookCatalog.load(folder: workflows, plugins: plugins) }
    }

    @Test func aWarningStartsAPlaybookWhereNoneRunsAndSignalsWhereOneDoes() throws {
        let project = try Project()
        let (feed, workflows, store) = (project.feed, project.workflows, project.store)
        func engine() -> Engine { project.engine() }
        let catalog = project.catalog
        #expect(catalog.problems.isEmpty, "\(catalog.problems)")
        #expect(catalog.triggers["kma.heavy_rain"]?.map(\.playbook.name) == ["rain_response"])

        // Wolpi has a run going already; singil and choji have none.
        try engine().start(playbook: workflows + "/rain_response.lua", arguments: ["district": "wolpi"], id: "wolpi")
        try """
        [{ "id": "kma-0300", "hazard": "heavy_rain", "level": "warning", "districts": ["singil", "wolpi", "choji"] }]
        """.write(toFile: feed + "/0300.json", atomically: true, encoding: .utf8)
        let (delivered, problems) = try engine().pollSignalSources(triggers: catalog.triggers)
        #expect(problems.isEmpty, "\(problems)")
        #expect(Set(delivered.map(\.run.rawValue)).count == 3, "\(delivered)")

        let runs = try store.runs(status: nil)
        #expect(runs.count == 3)
        let byDistrict = Dictionary(uniqueKeysWithValues: runs.map { ($0.params["district"]?.stringValue ?? "", $0) })
        #expect(Set(byDistrict.keys) == ["singil", "wolpi", "choji"])
        let singil = try #require(byDistrict["singil"])
        #expect(singil.params["level"] == "warning", "the warning's level is the playbook's parameter")
        let history = try store.history(of: singil.id)
        guard case .started(let start)? = history.first?.fact else { throw TestSetupError("no start") }
        #expect(start.startedBy == "signal kma.heavy_rain kma-0300 from kma for singil")
        #expect(history.contains { $0.payload["message"] == "singil warning kma-0300" }, "the new run got the warning")
        #expect(try store.history(of: "wolpi").contains { $0.payload["message"] == "wolpi advisory kma-0300" })

        // Once per warning: read again, by another engine, nothing more.
        #expect(try engine().pollSignalSources(triggers: catalog.triggers).delivered.isEmpty)
        #expect(try store.runs(status: nil).count == 3)

        // A later warning for singil signals its run (it is going) rather than starting another.
        try """
        [{ "id": "kma-0500", "hazard": "heavy_rain", "level": "warning", "districts": ["singil"] }]
        """.write(toFile: feed + "/0500.json", atomically: true, encoding: .utf8)
        let later = try engine().pollSignalSources(triggers: catalog.triggers).delivered
        #expect(later.map(\.run) == [singil.id])
        #expect(try store.runs(status: nil).count == 3)
    }

    /// A feed flooding reports for one district starts one run there: the others signal it.
    @Test func aFloodOfReportsStartsOneRunADistrict() throws {
        let project = try Project()
        let reports = (0..<40).map { #"{ "id": "kma-\#($0)", "hazard": "heavy_rain", "level": "warning", "districts": ["singil"] }"# }
        try ("[" + reports.joined(separator: ",") + "]").write(toFile: project.feed + "/flood.json", atomically: true, encoding: .utf8)
        _ = try project.engine().pollSignalSources(triggers: project.catalog.triggers)
        #expect(try project.store.runs(status: nil).count == 1, "one run in singil; the other reports went to it")
    }
}
