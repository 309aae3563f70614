import Foundation
import IlsaTesting
import Testing

/// Bad command lines are usage errors: status 2, a message naming the problem, and the script
/// never runs.
struct UsageErrorTests {
    struct BadCommandLine: Sendable, CustomTestStringConvertible {
        let arguments: [String]
        /// Text the error message must contain (the option it is about).
        let mentions: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let cases: [BadCommandLine] = [
        BadCommandLine(arguments: ["--memory-limit", "abc"], mentions: "--memory-limit"),
        BadCommandLine(arguments: ["--memory-limit", "0"], mentions: "--memory-limit"),
        BadCommandLine(arguments: ["--memory-limit", "-5M"], mentions: "--memory-limit"),
        BadCommandLine(arguments: ["--memory-limit", "12Q"], mentions: "--memory-limit"),
        BadCommandLine(arguments: ["--time-limit", "-1"], mentions: "--time-limit"),
        BadCommandLine(arguments: ["--time-limit=-1"], mentions: "--time-limit"),
        BadCommandLine(arguments: ["--time-limit", "0"], mentions: "--time-limit"),
        BadCommandLine(arguments: ["--time-limit", "soon"], mentions: "--time-limit"),
        BadCommandLine(arguments: ["--time-limit", "nan"], mentions: "--time-limit"),
        BadCommandLine(arguments: ["--no-such-option"], mentions: "--no-such-option"),
    ]

    @Test(arguments: cases)
    func badOptionIsAUsageError(_ bad: BadCommandLine) async throws {
        let scratch = try Workspace()
        try scratch.write("ran.lua", "print('the script ran')\n")
        let result = try await CLI.ilsa(["lua"] + bad.arguments + ["ran.lua"], in: scratch.url)
        #expect(result.exited(2), "\(result.summary)")
        #expect(!result.signaled && !result.timedOut, "\(result.summary)")
        #expect(result.stderrText.contains(bad.mentions), "\(result.summary)")
        #expect(result.stdoutText.isEmpty, "the script must not run")
    }

    @Test func missingFileArgumentIsAUsageError() async throws {
        let result = try await CLI.ilsa(["lua"])
        #expect(result.exited(2), "\(result.summary)")
        #expect(result.stderrText.contains("<file>"), "\(result.summary)")
    }

    @Test func unknownSubcommandIsAUsageError() async throws {
        let result = try await CLI.ilsa(["no-such-command"])
        #expect(!result.exited(0), "\(result.summary)")
        #expect(!result.stderrText.isEmpty)
    }

    @Test func optionsAfterTheFileBelongToTheScript() async throws {
        let scratch = try Workspace()
        try scratch.write("args.lua", "print(select('#', ...), ...)\n")
        let result = try await CLI.ilsa(["lua", "args.lua", "--memory-limit", "abc", "--full"], in: scratch.url)
        #expect(result.exited(0), "\(result.summary)")
        #expect(result.stdoutText == "3\t--memory-limit\tabc\t--full\n")
    }
}
