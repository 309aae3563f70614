import IlsaDrill
import Foundation
import IlsaEngine
import IlsaTesting
import Testing

/// Reading a playbook's metadata: what a good file gives, and what a broken one says.
struct PlaybookLoadTests {
    static let heavyRain = """
        return ilsa.workflow {
          name = "heavy_rain",
          title = "Heavy rain and urban flooding",
          summary = "Semi-basement households first.",
          tags = { "weather", "flooding" },
          params = {
            { name = "district", type = "district", required = true, summary = "Where it rains" },
            { name = "level", type = "choice", values = { "caution", "alert" }, default = "caution" },
            { name = "wait", type = "duration", default = "90m" },
          },
          run = function(ctx)
            local ack = ilsa.task { title = "Contact every household" }
          end,
        }
        """

    @Test func readsTheMetadataOfAGoodPlaybook() throws {
        let playbook = try Playbook.load(source: Self.heavyRain, chunkName: "heavy_rain.lua")
        #expect(playbook.name == "heavy_rain")
        #expect(playbook.title == "Heavy rain and urban flooding")
        #expect(playbook.summary == "Semi-basement households first.")
        #expect(playbook.tags == ["weather", "flooding"])
        #expect(playbook.chunkName == "heavy_rain.lua")
        #expect(playbook.source == Self.heavyRain)
        #expect(
            playbook.params == [
                PlaybookParameter(name: "district", type: .district, required: true, summary: "Where it rains"),
                PlaybookParameter(name: "level", type: .choice(["caution", "alert"]), default: "caution"),
                PlaybookParameter(name: "wait", type: .duration, default: "1h30m"),
            ])
    }

    @Test func scriptHashIsStableAndChangesWithTheSource() throws {
        let a = try Playbook.load(source: Self.heavyRain, chunkName: "heavy_rain.lua")
        let b = try Playbook.load(source: Self.heavyRain, chunkName: "other.lua")
        let c = try Playbook.load(source: Self.heavyRain + "\n", chunkName: "heavy_rain.lua")
        #expect(a.scriptHash == b.scriptHash)
        #expect(a.scriptHash != c.scriptHash)
        #expect(a.scriptHash.count == 16)
        #expect(Playbook(name: "x", title: "x", source: "", chunkName: "x").scriptHash == "cbf29ce484222325")
        #expect(Playbook(name: "x", title: "x", source: "a", chunkName: "x").scriptHash == "af63dc4c8601ec8c")
    }

    @Test func readsTheMetadataWithoutCallingRun() throws {
        let source = """
            local called = false
            local workflow = ilsa.workflow {
              name = "drill", title = "Drill",
              run = function(ctx) called = true; error("run must not be called") end,
            }
            assert(not called)
            return workflow
            """
        let playbook = try Playbook.load(source: source, chunkName: "drill.lua")
        #expect(playbook.name == "drill")
    }

    @Test func topLevelCodeCannotCallTheRunAPI() {
        let source = """
            local t = ilsa.task { title = "too early" }
            return ilsa.workflow { name = "early", title = "Early", run = function(ctx) end }
            """
        let error = #expect(throws: PlaybookError.self) { try Playbook.load(source: source, chunkName: "early.lua") }
        #expect(error?.code == .runtime)
        #expect(error?.description == "early.lua:1: ilsa.task can only be called while the playbook runs, inside run(ctx)")
    }

    @Test func workflowNeedsATable() {
        let error = #expect(throws: PlaybookError.self) {
            try Playbook.load(source: "return ilsa.workflow()", chunkName: "w.lua")
        }
        #expect(error?.code == .runtime)
        #expect(error?.description == "w.lua:1: bad argument #1 to 'ilsa.workflow' (table expected, got no value)")
        let withNil = #expect(throws: PlaybookError.self) {
            try Playbook.load(source: "return ilsa.workflow(nil)", chunkName: "w.lua")
        }
        #expect(withNil?.description == "w.lua:1: bad argument #1 to 'ilsa.workflow' (table expected, got nil)")
    }

    @Test func syntaxErrorsKeepLuasFileAndLine() {
        let error = #expect(throws: PlaybookError.self) {
            try Playbook.load(source: "return ilsa.workflow {\n  name = \n", chunkName: "broken.lua")
        }
        #expect(error?.code == .syntax)
        #expect(error?.message.hasPrefix("broken.lua:3:") == true)
    }

    @Test func runtimeErrorsKeepLuasFileAndLine() {
        let error = #expect(throws: PlaybookError.self) {
            try Playbook.load(source: "local x = nil\nreturn x.y", chunkName: "@workflows/bad.lua")
        }
        #expect(error?.code == .runtime)
        #expect(error?.file == "workflows/bad.lua")
        #expect(error?.message.hasPrefix("workflows/bad.lua:2: attempt to index a nil value") == true)
    }

    @Test(arguments: [
        ("return { name = \"x\", title = \"X\", run = function() end }", "the file returns a table;"),
        ("ilsa.workflow { name = \"x\", title = \"X\", run = function() end }", "the file returns nothing;"),
        ("return 42", "the file returns 42;"),
    ])
    func fileMustReturnTheWorkflow(source: String, start: String) {
        let error = #expect(throws: PlaybookError.self) { try Playbook.load(source: source, chunkName: "x.lua") }
        #expect(error?.code == .notAWorkflow)
        #expect(error?.description.hasPrefix("x.lua: " + start) == true)
    }

    @Test func topLevelCodeRunsWithinTheTimeLimit() {
        let error = #expect(throws: PlaybookError.self) {
            try Playbook.load(source: "while true do end", chunkName: "loop.lua")
        }
        #expect(error?.code == .runtime)
    }

    @Test func loadsFromAFile() throws {
        let folder = try TemporaryFolder(prefix: "playbook")
        let path = folder.path("playbook.lua")
        let source = """
            return ilsa.workflow {
              name = "heavy_rain", title = "Heavy rain",
              params = { district = { type = "district", required = true } },
              run = function(ctx) local d = ctx.params.district end,
            }
            """
        try folder.write("playbook.lua", source)
        let playbook = try Playbook.load(contentsOfFile: path)
        #expect(playbook.chunkName == path)
        #expect(playbook.params == [PlaybookParameter(name: "district", type: .district, required: true)])
    }

    /// Every reader of playbook files reads them with `Playbook.text(ofFile:)`: a file that is
    /// not UTF-8 (saved in EUC-KR) or cannot be read is named, on one line.
    @Test func aFileThatIsNotUTF8OrCannotBeReadIsNamed() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("euckr.lua")
        try (Data("-- ok\n-- ".utf8) + Data([0xB0, 0xA1, 0x0A])).write(to: URL(fileURLWithPath: path))
        let notUTF8 = "\(path): not UTF-8 text (line 2 is not); save the playbook as UTF-8 (from EUC-KR: iconv -f CP949 -t UTF-8)"
        let readers: [() throws -> Void] = [
            { _ = try Playbook.text(ofFile: path) }, { _ = try Playbook.load(contentsOfFile: path) },
            { _ = try Drill(contentsOfFile: path, roster: Fixtures.roster) },
            { _ = try Engine(store: InMemoryRunStore(), clock: VirtualClock(startingAt: Fixtures.t0)).start(playbook: path) },
        ]
        for read in readers {
            let error = try #require(throws: PlaybookError.self, performing: read)
            #expect(error.code == .unreadable && "\(error)" == notUTF8)
        }
        let missing = try #require(throws: PlaybookError.self) { try Playbook.text(ofFile: folder.path("gone.lua")) }
        #expect("\(missing)" == "\(folder.path("gone.lua")): cannot be read (no such file)")
        let isFolder = try #require(throws: PlaybookError.self) { try Playbook.text(ofFile: folder.path("")) }
        #expect("\(isFolder)".hasSuffix(": cannot be read (it is a folder)"))
    }

    /// A run replays the version it started with: the file saved again in another encoding (or
    /// edited, or removed) changes nothing for it, and a new run is told about the file.
    @Test func aRunReplaysItsOwnVersionWhateverTheFileBecomes() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("wait.lua", FixturePlaybooks.rainReading).path
        let store = InMemoryRunStore()
        let clock = VirtualClock(startingAt: Fixtures.t0)
        try Engine(store: store, clock: clock).start(playbook: path, id: "r1")
        try (Data("-- ".utf8) + Data([0xB0, 0xA1])).write(to: URL(fileURLWithPath: path))
        let change = try Engine(store: store, clock: clock).signal("r1", name: "rain_reading", payload: ["gauge": "신길동"])
        #expect(change.tasks.count == 1, "the run went on with the text it started with")
        let error = try #require(throws: PlaybookError.self) { try Engine(store: store, clock: clock).start(playbook: path, id: "r2") }
        #expect("\(error)".hasPrefix("\(path): not UTF-8 text (line 1 is not)"))
    }

    /// A run started before versions were kept (its script named by the quick hash) replays the
    /// file, and says which file when it no longer reads.
    @Test func aRunFromBeforeVersionsReplaysTheFileAndSaysWhichOne() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("wait.lua", FixturePlaybooks.rainReading).path
        let old = InMemoryRunStore()
        let clock = VirtualClock(startingAt: Fixtures.t0)
        try Engine(store: old, clock: clock).start(playbook: path, id: "r1")
        // The same run as an older Ilsa stored it: no version, a quick hash.
        let store = InMemoryRunStore()
        var record = try #require(try old.run("r1"))
        record.scriptHash = "af63dc4c8601ec8c"
        try store.create(record, firstEvents: try old.history(of: "r1"), projection: nil)
        try (Data("-- ".utf8) + Data([0xB0, 0xA1])).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: RuntimeError.self) {
            try Engine(store: store, clock: clock).signal("r1", name: "rain_reading", payload: ["gauge": "신길동"])
        }
        #expect(error.message.hasPrefix("the playbook does not load: \(path): not UTF-8 text (line 1 is not)"))
    }
}
