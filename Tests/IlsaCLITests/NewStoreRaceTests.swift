import Foundation
import IlsaTesting
import Testing

/// Processes that open a store that does not exist yet, all at the same moment, each get it:
/// one makes it, the others wait for it (they used to see its half-made schema and refuse it).
struct NewStoreRaceTests {
    @Test func twelveRunsStartedAtOnceOnANewStoreAllStart() async throws {
        for _ in 0..<3 {
            let scratch = try Workspace()
            try scratch.write("nap.lua", #"return ilsa.workflow { name = "nap", title = "Nap", run = function() ilsa.sleep("1h") end }"#)
            let results = try await withThrowingTaskGroup(of: RunResult.self) { group in
                for n in 0..<12 { group.addTask { try await scratch.ilsa(["run", "--detach", "--id", "n\(n)", "nap.lua"]) } }
                return try await group.reduce(into: [RunResult]()) { $0.append($1) }
            }
            for result in results { #expect(result.exited(0), "\(result.summary)") }
        }
    }
}
