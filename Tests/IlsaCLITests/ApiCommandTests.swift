import Foundation
import IlsaTesting
import Testing

/// `ilsa api` as a user runs it: the overview, one entry, the formats, and a name it lacks. The
/// committed `docs/api.md` and `docs/lua/ilsa.lua` are exactly what it prints.
struct ApiCommandTests {
    static func file(_ path: String) throws -> String {
        try String(contentsOf: Fixtures.packageRoot.appendingPathComponent(path), encoding: .utf8)
    }

    @Test func withoutANameItListsEveryFunctionAndMethod() async throws {
        let result = try await CLI.ilsa(["api"])
        #expect(result.exited(0), "\(result.summary)")
        let lines = result.stdoutText.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("  ilsa.task(spec) -> ilsa.Task ") })
        #expect(lines.contains { $0.hasPrefix("  task:wait([milestone]) -> ilsa.TaskAnswer ") && $0.contains(" waits ") })
        #expect(lines.contains { $0.hasPrefix("  escalation:withdraw() ") })
        #expect(result.stderrText == "")
    }

    @Test func aNameShowsThatEntryInFull() async throws {
        let result = try await CLI.ilsa(["api", "task:wait"])
        #expect(result.exited(0), "\(result.summary)")
        #expect(
            result.stdoutText.hasPrefix(
                "task:wait([milestone]) -> ilsa.TaskAnswer   (waits)\n  Waits until the task is done, failed or cancelled"))
        #expect(result.stdoutText.contains("\nExample\n  local t = ilsa.task {"))
        let sleep = try await CLI.ilsa(["api", "ilsa.sleep"])
        #expect(sleep.stdoutText.contains("\nErrors\n  bad argument #1 to 'ilsa.sleep'"))
    }

    @Test func anUnknownNameExitsTwoWithASuggestion() async throws {
        let result = try await CLI.ilsa(["api", "escalte"])
        #expect(result.exited(2), "\(result.summary)")
        #expect(result.stdout.isEmpty)
        #expect(
            result.stderrText
                == "ilsa: the playbook API has no function or method 'escalte' (did you mean 'escalate'?); list them with ilsa api\n")
        let method = try await CLI.ilsa(["api", "task:wiat"])
        #expect(method.exited(2))
        #expect(
            method.stderrText
                == "ilsa: the playbook API has no function or method 'task:wiat' (did you mean 'task:wait'?); list them with ilsa api\n")
    }

    @Test func markdownIsDocsAPIAndLuaLSIsTheDefinitionFile() async throws {
        let markdown = try await CLI.ilsa(["api", "--markdown"])
        #expect(markdown.exited(0))
        #expect(markdown.stdoutText == (try Self.file("docs/api.md")))
        let luaLS = try await CLI.ilsa(["api", "--luals"])
        #expect(luaLS.exited(0))
        #expect(luaLS.stdoutText == (try Self.file("docs/lua/ilsa.lua")))
    }

    @Test func jsonHasEveryFunctionAndOneEntryAlone() async throws {
        let all = try await CLI.ilsa(["api", "--json"])
        #expect(all.exited(0))
        let object = try #require(try JSONSerialization.jsonObject(with: all.stdout) as? [String: Any])
        let functions = try #require(object["functions"] as? [[String: Any]])
        #expect(functions.compactMap { $0["name"] as? String }.contains("ilsa.wait_signal"))
        #expect((object["handles"] as? [[String: Any]])?.count == 6)
        let one = try await CLI.ilsa(["api", "escalate", "--json"])
        let entry = try #require(try JSONSerialization.jsonObject(with: one.stdout) as? [String: Any])
        #expect(entry["name"] as? String == "ilsa.escalate")
        #expect(entry["waits"] as? Bool == false)
        #expect((entry["errors"] as? [String])?.isEmpty == false)
    }

    @Test func formatsAreExclusive() async throws {
        let result = try await CLI.ilsa(["api", "--json", "--markdown"])
        #expect(result.exited(2))
        #expect(result.stderrText.contains("give one of --markdown, --json and --luals"))
    }
}
