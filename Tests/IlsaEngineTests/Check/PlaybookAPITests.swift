import Foundation
import IlsaEngine
import Testing

/// ``PlaybookAPI`` says what the runtime registers: a real playbook lists the `ilsa` table's keys
/// and probes its handles' methods, so a binding added without a line in `PlaybookAPI` (or
/// removed while it stays there) fails here.
struct PlaybookAPITests {
    /// A Lua expression that makes each handle inside a run.
    static let makers: [PlaybookAPI.Handle: String] = [
        .task: #"ilsa.task { title = "t" }"#,
        .timer: #"ilsa.timer("1h")"#,
        .signal: #"ilsa.signal("s")"#,
        .escalation: #"ilsa.escalate { to = "control_tower", severity = "alert", reason = "r", options = { "a" } }"#,
        .branch: "ilsa.branch(function() end)",
    ]

    /// Method names probed on every handle: every method the API lists, and some it might grow.
    /// (A handle's metatable is protected, so its methods cannot be listed, only probed.)
    static let probes = Set(PlaybookAPI.Handle.allCases.flatMap(\.methods)).union([
        "acknowledge", "close", "decide", "done", "fire", "result", "state", "status", "stop",
    ]).sorted()

    /// Runs `body` as a playbook's `run` on a temporary store and returns what it returned.
    private func run(_ body: String) throws -> String? {
        let folder = try StoreTestFolder()
        let source = "return ilsa.workflow { name = \"api\", title = \"API\", run = function()\n\(body)\nend }\n"
        let engine = Engine(store: try folder.store(), clock: VirtualClock(startingAt: Date(timeIntervalSince1970: 1_752_624_000)),
            source: { _ in source })
        try engine.start(playbook: "api.lua", id: "r1")
        return try folder.store().history(of: "r1").last?.payload["result"]?.stringValue
    }

    @Test func theFunctionsAreTheKeysOfTheIlsaTable() throws {
        let keys = try run("""
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
        let found = try run("""
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
        for handle in PlaybookAPI.Handle.allCases {
            #expect(PlaybookAPI.functions.contains(handle.function))
            #expect(PlaybookAPI.Handle(function: handle.function) == handle)
        }
        #expect(PlaybookAPI.durationFunctions.isSubset(of: PlaybookAPI.functions))
    }
}
