import IlsaAPI
import Foundation
import IlsaEngine
import IlsaTesting
import Testing

/// ``PlaybookAPI`` (derived from ``APIReference``, the registry) says what the runtime registers: a
/// real playbook lists the `ilsa` table's keys and probes its handles' methods, so a binding added
/// without an entry in the registry (or removed while its entry stays) fails here; and each entry
/// is called once to see that it waits exactly when the registry says so.
struct PlaybookAPITests {
    /// A Lua expression that makes each handle inside a run.
    static let makers: [PlaybookAPI.Handle: String] = [
        .task: #"ilsa.task { title = "t" }"#,
        .timer: #"ilsa.timer("1h")"#,
        .signal: #"ilsa.signal("s")"#,
        .escalation: #"ilsa.escalate { to = "control_tower", severity = "alert", reason = "r", options = { "a" } }"#,
        .branch: "ilsa.branch(function() end)",
        .milestone: #"ilsa.task { title = "t" }:reached("started")"#,
    ]

    /// Method names probed on every handle: every method the API lists, and some it might grow.
    /// (A handle's metatable is protected, so its methods cannot be listed, only probed.)
    static let probes = Set(PlaybookAPI.Handle.allCases.flatMap(\.methods)).union([
        "acknowledge", "close", "decide", "done", "fire", "result", "state", "status", "stop",
    ]).sorted()

    /// A call of each registry entry, for ``theRegistrySaysWhichCallsWait(_:)``.
    static let calls: [String: String] = [
        "ilsa.workflow": #"ilsa.workflow { name = "x", title = "x", run = function() end }"#,
        "ilsa.task": #"ilsa.task { title = "t" }"#,
        "ilsa.escalate": makers[.escalation] ?? "",
        "ilsa.sleep": #"ilsa.sleep("1h")"#,
        "ilsa.timer": #"ilsa.timer("1h")"#,
        "ilsa.signal": #"ilsa.signal("s")"#,
        "ilsa.wait_signal": #"ilsa.wait_signal("s")"#,
        "ilsa.any": #"ilsa.any { ilsa.timer("1h") }"#,
        "ilsa.all": #"ilsa.all { ilsa.timer("1h") }"#,
        "ilsa.parallel": #"ilsa.parallel { function() ilsa.sleep("1h") end }"#,
        "ilsa.branch": #"ilsa.branch(function() ilsa.sleep("1h") end)"#,
        "ilsa.log": #"ilsa.log("l")"#,
        "ilsa.now": "ilsa.now()",
        "ilsa.random": "ilsa.random(6)",
        "ilsa.units": #"ilsa.units { kind = "hospital_er" }"#,
        "ilsa.district": #"ilsa.district("singil")"#,
        "ilsa.Task:wait": #"ilsa.task { title = "t" }:wait()"#,
        "ilsa.Task:cancel": #"ilsa.task { title = "t" }:cancel()"#,
        "ilsa.Task:id": #"ilsa.task { title = "t" }:id()"#,
        "ilsa.Timer:wait": #"ilsa.timer("1h"):wait()"#,
        "ilsa.Escalation:wait": "(\(makers[.escalation] ?? "")):wait()",
        "ilsa.Escalation:withdraw": "(\(makers[.escalation] ?? "")):withdraw()",
        "ilsa.Escalation:id": "(\(makers[.escalation] ?? "")):id()",
        "ilsa.Branch:wait": #"ilsa.branch(function() ilsa.sleep("1h") end):wait()"#,
        "ilsa.Branch:cancel": #"ilsa.branch(function() ilsa.sleep("1h") end):cancel()"#,
        "ilsa.Branch:id": #"ilsa.branch(function() ilsa.sleep("1h") end):id()"#,
        "ilsa.patched": #"ilsa.patched("p")"#,
        "ilsa.cancel_run": #"ilsa.cancel_run("r")"#,
        "ilsa.Task:reached": #"ilsa.task { title = "t" }:reached("started")"#,
        "ilsa.Milestone:wait": #"ilsa.task { title = "t" }:reached("started"):wait()"#,
        "ilsa.Milestone:task": #"ilsa.task { title = "t" }:reached("started"):task()"#,
    ]

    /// Runs `body` as a playbook's `run` on a temporary store and returns what it returned.
    private func run(_ body: String) throws -> String? {
        try start(body).history(of: "r1").last { $0.kind == .runCompleted }?.payload["result"]?.stringValue
    }

    /// Starts a run of `body` on a temporary store; returns the store.
    private func start(_ body: String) throws -> any RunStore {
        let folder = try TemporaryFolder()
        let source = "return ilsa.workflow { name = \"api\", title = \"API\", run = function()\n\(body)\nend }\n"
        let store = try folder.store()
        let engine = Engine(
            store: store, clock: VirtualClock(startingAt: Date(timeIntervalSince1970: 1_752_624_000)),
            roster: Fixtures.roster, source: { _ in source })
        try engine.start(playbook: "api.lua", id: "r1")
        return store
    }

    @Test func theFunctionsAreTheKeysOfTheIlsaTable() throws {
        let keys = try run(
            """
            local names = {}
            for name in pairs(ilsa) do names[#names + 1] = tostring(name) end
            table.sort(names)
            return table.concat(names, ",")
            """)
        #expect(keys == PlaybookAPI.functions.sorted().joined(separator: ","))
    }

    @Test(arguments: PlaybookAPI.Handle.allCases)
    func theHandleMethodsAreTheOnesTheRuntimeGives(_ handle: PlaybookAPI.Handle) throws {
        let maker = try #require(Self.makers[handle], "PlaybookAPITests.makers has no Lua for \(handle)")
        let probes = Self.probes.map { "\"\($0)\"" }.joined(separator: ", ")
        let found = try run(
            """
            local handle = \(maker)
            local found = {}
            for _, name in ipairs({ \(probes) }) do
              if type(handle[name]) == "function" then found[#found + 1] = name end
            end
            return table.concat(found, ",")
            """)
        #expect(found == handle.methods.sorted().joined(separator: ","))
    }

    @Test func theHandlesAreMadeByFunctionsOfTheAPI() {
        for handle in PlaybookAPI.Handle.allCases where handle != .milestone {
            #expect(PlaybookAPI.functions.contains(handle.function))
            #expect(PlaybookAPI.Handle(function: handle.function) == handle)
        }
        // A milestone is made by a task's method.
        #expect(APIReference.methods(of: .task).contains { $0.returns.first?.type == APIReference.className(of: .milestone) })
        #expect(PlaybookAPI.durationFunctions.isSubset(of: PlaybookAPI.functions))
    }

    @Test func everyRegistryEntryHasACallHere() {
        #expect(Set(Self.calls.keys) == Set(APIReference.entries.map(\.qualifiedName)))
    }

    /// A call the registry marks `waits` leaves the run waiting; any other call returns at once
    /// and the run completes.
    @Test(arguments: APIReference.entries.map(\.qualifiedName))
    func theRegistrySaysWhichCallsWait(_ name: String) throws {
        let entry = try #require(APIReference.entry(named: name))
        let call = try #require(Self.calls[name], "PlaybookAPITests.calls has no call of \(name)")
        let store = try start(call)
        let status = try #require(try store.run("r1")).status
        let expected: RunStatus = entry.waits ? .waiting : name == "ilsa.cancel_run" ? .cancelled : .completed
        #expect(status == expected, "\(name): \(call) left the run \(status)")
    }
}
