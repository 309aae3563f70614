import Foundation
@testable import IlsaEngine
import IlsaTesting
import Testing

/// A playbook is compiled once per version, and reading its metadata then starting it takes one
/// state: the one that read the metadata becomes the run's.
@Suite(.serialized) struct PlaybookCacheTests {
    static func playbook(_ marker: String) -> String {
        """
        -- \(marker)
        return ilsa.workflow {
          name = "cached", title = "Cached",
          params = { { name = "district", type = "district", default = "singil" } },
          run = function(ctx) ilsa.task { title = "t", assignee = { role = "DONG.HEAD", district = ctx.params.district } }:wait() end,
        }
        """
    }

    @Test func metadataThenStartCompilesOnceAndMakesOneState() throws {
        let source = Self.playbook(UUID().uuidString)  // a version no other test has seen
        let cache = PlaybookCache.shared
        let (compiled, prepared) = (cache.compilations, cache.preparations)
        let metadata = try Playbook.load(source: source, chunkName: "@cached.lua")
        #expect(metadata.name == "cached")
        let folder = try TemporaryFolder()
        let engine = Engine(
            store: try folder.store(), clock: VirtualClock(startingAt: Date(timeIntervalSince1970: 1_752_624_000)),
            roster: try Roster.load(contentsOfFile: Fixtures.plugins.path + "/ansan/roster.lua"), source: { _ in source })
        try engine.start(playbook: "cached.lua", arguments: [:], id: "r1", seed: 1)
        #expect(cache.compilations - compiled == 1)
        #expect(cache.preparations - prepared == 1)
        // A rebuilt run loads the compiled chunk: a state, no compile.
        engine.evictAll()
        try engine.completeTask("r1.1", by: "someone")
        #expect(cache.compilations - compiled == 1)
        #expect(cache.preparations - prepared == 2)
    }

    @Test func anEditedFileIsAnotherVersion() throws {
        let cache = PlaybookCache.shared
        let compiled = cache.compilations
        _ = try Playbook.load(source: Self.playbook("one " + UUID().uuidString), chunkName: "@cached.lua")
        _ = try Playbook.load(source: Self.playbook("two " + UUID().uuidString), chunkName: "@cached.lua")
        #expect(cache.compilations - compiled == 2)
    }
}
