import Foundation
import IlsaTesting
import Testing

/// Input the commands refuse with a clear message and status 2, changing nothing: a negative
/// number for an option.
struct InputCheckTests {
    /// argument-parser would take `-5` for an option and say the value is missing.
    @Test(arguments: [
        (["tasks", "--limit", "-5"], "--limit must be a positive number, not -5"),
        (["tasks", "--limit=-5"], "--limit must be a positive number, not -5"),
        (["status", "--page", "0"], "--page must be a positive number, not 0"),
        (["escalations", "--limit", "ten"], "The value 'ten' is invalid for '--limit <n>'"),
        (["work", "--interval", "-1"], "--interval must be a positive number of seconds"),
        (["drill", "x.lua", "--seed", "-3"], "The value '-3' is invalid for '--seed <n>': a seed is a whole number from 0 to "),
        (["run", "x.lua", "--seed", "-3"], "The value '-3' is invalid for '--seed <n>': a seed is a whole number from 0 to "),
        (["plugins", "poll", "--every", "-60"], "--every must be a positive number of seconds"),
        (["lua", "--time-limit", "-1", "x.lua"], "--time-limit must be a positive number of seconds"),
        (["lua", "--memory-limit", "-5M", "x.lua"], "The value '-5M' is invalid for '--memory-limit <bytes>'"),
    ])
    func negativeNumbersAreRefusedClearly(_ arguments: [String], _ message: String) async throws {
        let workspace = try Workspace()
        let result = try await workspace.ilsa(arguments)
        #expect(result.exited(2), "\(result.summary)")
        #expect(result.stderrText.hasPrefix("Error: " + message), "\(result.summary)")
        #expect(!result.stderrText.contains("Missing value"), "\(result.summary)")
    }
}
