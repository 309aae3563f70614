import Foundation
import IlsaEngine
import Testing

/// The registry itself: lookups by every name a person types, complete entries, and examples that
/// `ilsa check` finds clean against the real roster.
struct APIReferenceTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let roster: Roster = try! Roster.load(contentsOfFile: root.appendingPathComponent("plugins/ansan/roster.lua").path)

    @Test(arguments: [
        ("task", "ilsa.task"), ("ilsa.task", "ilsa.task"), ("ilsa.task()", "ilsa.task"), ("TASK", "ilsa.task"),
        ("task:wait", "ilsa.Task:wait"), ("Task:wait", "ilsa.Task:wait"), ("ilsa.Task:wait", "ilsa.Task:wait"),
        ("escalation:withdraw", "ilsa.Escalation:withdraw"), ("escalate:wait", "ilsa.Escalation:wait"),
        ("withdraw", "ilsa.Escalation:withdraw"), ("branch.cancel", "ilsa.Branch:cancel"), ("wait_signal", "ilsa.wait_signal"),
    ])
    func entryNamedFindsItByAnyNameAPersonTypes(_ name: String, _ expected: String) {
        #expect(APIReference.entry(named: name)?.qualifiedName == expected)
    }

    @Test func unknownNamesFindNothing() {
        #expect(APIReference.entry(named: "tsk") == nil)
        #expect(APIReference.entry(named: "signal:wait") == nil)
        #expect(APIReference.entry(named: "timer:cancel") == nil)
    }

    @Test func everyEntryIsCompleteAndNamedOnce() {
        let names = APIReference.entries.map(\.qualifiedName)
        #expect(Set(names).count == names.count, "an entry is listed twice: \(names)")
        for entry in APIReference.entries {
            #expect(!entry.summary.isEmpty && entry.summary.hasSuffix("."), "\(entry.qualifiedName): a summary is one sentence")
            #expect(!entry.example.isEmpty, "\(entry.qualifiedName) has no example")
            #expect(entry.signature.contains(entry.name), "\(entry.qualifiedName): signature \(entry.signature)")
            let types = Set(APIReference.classes.map(\.name) + APIReference.aliases.map(\.name) + PlaybookAPI.Handle.allCases
                .map(APIReference.className(of:)))
            for type in entry.parameters.map(\.type) + entry.returns.map(\.type) where type.hasPrefix("ilsa.") {
                #expect(types.contains(type.replacingOccurrences(of: "[]", with: "")), "\(entry.qualifiedName): \(type) is not described")
            }
        }
    }

    @Test func theWaitingFunctionsAreTheOnesThatSuspend() {
        let waiting = APIReference.entries.filter(\.waits).map(\.qualifiedName).sorted()
        #expect(waiting == [
            "ilsa.Branch:wait", "ilsa.Escalation:wait", "ilsa.Task:wait", "ilsa.Timer:wait",
            "ilsa.all", "ilsa.any", "ilsa.parallel", "ilsa.sleep", "ilsa.wait_signal",
        ])
    }

    /// Each example, inside a playbook's `run`, is clean by `ilsa check` against the roster.
    @Test(arguments: APIReference.entries.map(\.qualifiedName))
    func theExampleIsCleanByIlsaCheck(_ name: String) throws {
        let entry = try #require(APIReference.entry(named: name))
        let source = entry.name == "workflow"
            ? entry.example
            : "return ilsa.workflow { name = \"example\", title = \"Example\", run = function(ctx)\n\(entry.example)\nend }\n"
        let findings = PlaybookChecker(roster: Self.roster).check(source: source, file: "example.lua")
        #expect(findings.isEmpty, "\(name): \(findings.map(\.description))")
    }
}
