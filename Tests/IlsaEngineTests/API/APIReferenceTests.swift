import IlsaAPI
import IlsaCheck
import IlsaDrill
import Foundation
import IlsaEngine
import IlsaTesting
import Testing

/// The registry itself: lookups by every name a person types, complete entries, and examples that
/// `ilsa check` finds clean against the real roster.
struct APIReferenceTests {

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
            let types = Set(
                APIReference.classes.map(\.name) + APIReference.aliases.map(\.name)
                    + PlaybookAPI.Handle.allCases
                    .map(APIReference.className(of:)))
            for type in entry.parameters.map(\.type) + entry.returns.map(\.type) where type.hasPrefix("ilsa.") {
                #expect(types.contains(type.replacingOccurrences(of: "[]", with: "")), "\(entry.qualifiedName): \(type) is not described")
            }
        }
    }

    @Test func theWaitingFunctionsAreTheOnesThatSuspend() {
        let waiting = APIReference.entries.filter(\.waits).map(\.qualifiedName).sorted()
        #expect(
            waiting == [
                "ilsa.Branch:wait", "ilsa.Escalation:wait", "ilsa.Milestone:wait", "ilsa.Task:wait", "ilsa.Timer:wait",
                "ilsa.all", "ilsa.any", "ilsa.parallel", "ilsa.sleep", "ilsa.wait_signal",
            ])
    }

    /// Each example, inside a playbook's `run`, is clean by `ilsa check` against the roster.
    @Test(arguments: APIReference.entries.map(\.qualifiedName))
    func theExampleIsCleanByIlsaCheck(_ name: String) throws {
        let entry = try #require(APIReference.entry(named: name))
        let source =
            entry.name == "workflow"
            ? entry.example
            : "return ilsa.workflow { name = \"example\", title = \"Example\", run = function(ctx)\n\(entry.example)\nend }\n"
        // An example shows one call: work it leaves open is not a finding here.
        let findings = PlaybookChecker(roster: Fixtures.roster).check(source: source, file: "example.lua").filter { $0.code != .openWork }
        #expect(findings.isEmpty, "\(name): \(findings.map(\.description))")
    }

    /// Each example runs: inside a playbook's `run`, drilled against the real roster with the
    /// built-in responders, it does not fail (it completes, or still waits for a signal at the
    /// horizon).
    @Test(arguments: APIReference.entries.map(\.qualifiedName))
    func theExampleRunsInADrill(_ name: String) throws {
        let entry = try #require(APIReference.entry(named: name))
        let source =
            entry.name == "workflow"
            ? entry.example
            : "return ilsa.workflow { name = \"example\", title = \"Example\", run = function(ctx)\n\(entry.example)\nend }\n"
        let report = try Drill(playbook: "example.lua", source: source, roster: Fixtures.roster).run()
        #expect(report.failure == nil, "\(name): \(report.failure ?? "")")
        #expect(report.outcome == .completed || report.outcome == .waiting, "\(name): \(report.outcome)")
    }

    /// Misuses whose message the registry quotes: each call fails the run with one of its
    /// entry's errors, word for word.
    static let misuses: [(call: String, entry: String)] = [
        ("ilsa.task {}", "ilsa.task"),
        (#"ilsa.task { title = "t", assignee = { role = "DONG.HAED", district = "singil" } }"#, "ilsa.task"),
        (#"ilsa.task { title = "t", assignee = { role = "CG.BOX", district = "singil" } }"#, "ilsa.task"),
        (#"ilsa.task { title = "t", assignee = { role = "DONG.HEAD" } }"#, "ilsa.task"),
        (#"ilsa.task { title = "t", due = "15 minutes" }"#, "ilsa.task"),
        (#"ilsa.task { title = "t", class = "urgent" }"#, "ilsa.task"),
        (#"ilsa.task { title = "t", priority = "now" }"#, "ilsa.task"),
        (#"ilsa.task { title = "t", after = { 1 } }"#, "ilsa.task"),
        (#"ilsa.task { title = "t", escalation = "fast" }"#, "ilsa.task"),
        (#"ilsa.escalate { to = "tower", severity = "alert", reason = "r", options = { "a" } }"#, "ilsa.escalate"),
        (#"ilsa.escalate { to = "control_tower", severity = "경계", reason = "r", options = { "a" } }"#, "ilsa.escalate"),
        (#"ilsa.escalate { to = "control_tower", severity = "alert", options = { "a" } }"#, "ilsa.escalate"),
        (#"ilsa.escalate { to = "control_tower", severity = "alert", reason = "r", options = {} }"#, "ilsa.escalate"),
        (#"ilsa.sleep("half an hour")"#, "ilsa.sleep"),
        (#"ilsa.timer("soon")"#, "ilsa.timer"),
        ("ilsa.signal()", "ilsa.signal"),
        ("ilsa.wait_signal()", "ilsa.wait_signal"),
        ("ilsa.any {}", "ilsa.any"),
        (#"ilsa.any { ilsa.timer("1h"), "x" }"#, "ilsa.any"),
        ("ilsa.all(42)", "ilsa.all"),
        ("ilsa.parallel {}", "ilsa.parallel"),
        ("ilsa.branch()", "ilsa.branch"),
        ("ilsa.log()", "ilsa.log"),
        ("ilsa.random(3, 1)", "ilsa.random"),
    ]

    @Test(arguments: misuses.indices)
    func theErrorsAreTheOnesTheRuntimeRaises(_ index: Int) throws {
        let (call, name) = Self.misuses[index]
        let entry = try #require(APIReference.entry(named: name))
        let source = "return ilsa.workflow { name = \"misuse\", title = \"Misuse\", run = function(ctx)\n\(call)\nend }\n"
        let report = try Drill(playbook: "misuse.lua", source: source, roster: Fixtures.roster).run()
        let failure = try #require(report.failure, "\(call) did not fail")
        #expect(entry.errors.contains { failure.hasSuffix($0) }, "\(call): \(failure) is not among \(name)'s errors")
    }
}
