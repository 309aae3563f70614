import Foundation
@testable import IlsaEngine
import IlsaLua
import IlsaTesting
import Testing

/// Playbooks that attack the host around the sandbox: values that crash conversions, Lua on
/// failing paths, work the host does for a run, replays that diverge for hidden reasons.
struct RunAttackTests {
    let start = Date(timeIntervalSince1970: 1_752_624_000)

    /// An engine over a fresh store whose every playbook is `source`.
    func engine(_ source: String, folder: TemporaryFolder, budget: RunBudget = .default) throws -> Engine {
        let engine = Engine(store: try folder.store(), clock: VirtualClock(startingAt: start), source: { _ in source })
        engine.budget = budget
        return engine
    }

    /// A playbook whose run is `body`.
    static func playbook(_ body: String) -> String {
        "return ilsa.workflow { name = \"attack\", title = \"attack\", run = function(ctx)\n\(body)\nend }"
    }

    /// Starts the playbook and returns its run's record.
    func started(_ body: String, folder: TemporaryFolder = try! TemporaryFolder(), budget: RunBudget = .default) throws
        -> (Engine, RunRecord)
    {
        let engine = try engine(Self.playbook(body), folder: folder, budget: budget)
        let run = try engine.start(playbook: "attack.lua", id: "r1", seed: 1).run
        return (engine, try #require(try engine.store.run(run)))
    }

    func failure(of engine: Engine) throws -> String {
        let history = try engine.store.history(of: "r1")
        return history.last(where: { $0.kind == .runFailed })?.payload["message"]?.stringValue ?? ""
    }

    // MARK: Nested values

    @Test(arguments: [
        "local t = {} for i = 1, 200 do t = {t} end return t",
        "local t = {} for i = 1, 40 do t = {t, t} end return t",
        "local t = {} for i = 1, 200 do t = {t} end ilsa.task { title = 'x', checklist = t }",
        "local t = {} for i = 1, 200 do t = {t} end ilsa.escalate { to = 'control_tower', severity = 'alert', reason = 'r', options = t }",
        "local t = {} for i = 1, 40 do t = {a = t, b = t} end ilsa.units(t)",
        "local t = {} t.self = t return t",
    ])
    func hostileValuesFailTheRunNotTheHost(body: String) throws {
        let (engine, record) = try started(body)
        #expect(record.status == .failed)
        let message = try failure(of: engine)
        #expect(
            message.contains("nested more than") || message.contains("cannot copy") || message.contains("contains itself"), "\(message)")
    }

    @Test func aDeepSignalPayloadReachesTheRunAndCancelStillWorks() throws {
        let folder = try TemporaryFolder()
        let (engine, _) = try started("local p = ilsa.wait_signal('x') ilsa.wait_signal('never')", folder: folder)
        var payload: JSONValue = "core"
        for _ in 0..<60 { payload = ["next": payload] }
        try engine.signal("r1", name: "x", payload: payload)
        engine.evictAll()  // replayed from the store: the payload goes back into Lua
        try engine.signal("r1", name: "other")
        try engine.cancel("r1", by: "duty officer")
        #expect(try engine.store.run("r1")?.status == .cancelled)
    }

    // MARK: Lua on failing paths

    @Test func aLoopingCloseHandlerOnAFailedRunEndsWithinTheLimit() throws {
        let begin = ContinuousClock.now
        let (engine, record) = try started(
            """
            local x <close> = setmetatable({}, {__close = function() while true do end end})
            error('boom')
            """)
        #expect(record.status == .failed)
        #expect(try failure(of: engine).contains("boom"))
        #expect(ContinuousClock.now - begin < .seconds(12))
    }

    @Test func aBranchCannotAnswerAnotherBranchsWait() throws {
        let (engine, record) = try started(
            """
            local victim
            ilsa.parallel {
              function() victim = coroutine.running() ilsa.wait_signal('go') end,
              function() local ok, err = coroutine.resume(victim, { signal = 'go' }) ilsa.log(tostring(ok) .. ' ' .. tostring(err)) end,
            }
            """)
        #expect(record.status == .waiting)
        let log = try engine.store.history(of: "r1").first { $0.name == "log" }?.payload["message"]?.stringValue ?? ""
        #expect(log.hasPrefix("false") && log.contains("waits for the engine"), "\(log)")
    }

    // MARK: Budgets

    @Test func aRunThatLogsWithoutEndFailsOnItsBudgetAndTheStoreStaysSmall() throws {
        let folder = try TemporaryFolder()
        let (engine, record) = try started("local s = string.rep('x', 60000) while true do ilsa.log(s) end", folder: folder)
        #expect(record.status == .failed)
        let message = try failure(of: engine)
        #expect(message.contains("budget activation_bytes"), "\(message)")
        let size = (try FileManager.default.attributesOfItem(atPath: folder.path(".ilsa/ilsa.sqlite"))[.size] as? Int) ?? 0
        let wal = (try? FileManager.default.attributesOfItem(atPath: folder.path(".ilsa/ilsa.sqlite-wal"))[.size] as? Int) ?? 0
        #expect(size + wal < 40 << 20, "store \(size) + wal \(wal)")
    }

    @Test func aRunPastItsHistoryBudgetFailsAcrossActivations() throws {
        let budget = RunBudget(activationBytes: 200_000, historyBytes: 500_000)
        let folder = try TemporaryFolder()
        let (engine, _) = try started(
            "while true do for i = 1, 50 do ilsa.log(string.rep('y', 3000)) end ilsa.wait_signal('more') end", folder: folder,
            budget: budget)
        for _ in 0..<10 where try engine.store.run("r1")?.status == .waiting {
            try engine.signal("r1", name: "more")
        }
        #expect(try engine.store.run("r1")?.status == .failed)
        #expect(try failure(of: engine).contains("budget history_bytes"))
    }

    @Test func tooLargeAnArgumentIsABadArgumentTheScriptMayCatch() throws {
        let (engine, record) = try started(
            """
            local ok, err = pcall(ilsa.log, string.rep('z', 100000))
            ilsa.log('caught: ' .. tostring(err))
            """)
        #expect(record.status == .completed)
        let log = try engine.store.history(of: "r1").first { $0.name == "log" }?.payload["message"]?.stringValue ?? ""
        #expect(log.contains("bad argument #1 to 'ilsa.log'") && log.contains("budget payload_bytes"), "\(log)")
    }

    @Test func tasksAndBranchesHaveTheirBudgets() throws {
        let (engine, record) = try started("for i = 1, 1000 do ilsa.task { title = 't' .. i } end", budget: RunBudget(tasks: 100))
        #expect(record.status == .failed)
        #expect(try failure(of: engine).contains("budget tasks"))
        let begin = ContinuousClock.now
        let (parallel, failed) = try started("local f = {} for i = 1, 300000 do f[i] = function() end end ilsa.parallel(f)")
        #expect(failed.status == .failed)
        #expect(try failure(of: parallel).contains("budget branches"))
        #expect(ContinuousClock.now - begin < .seconds(10))
    }

    @Test func answersFromOutsideHaveTheirBudget() throws {
        let (engine, record) = try started("ilsa.wait_signal('x')")
        #expect(throws: RuntimeError.self) { try engine.signal("r1", name: "x", payload: .string(String(repeating: "a", count: 100_000))) }
        #expect(throws: RuntimeError.self) { try engine.cancel("r1", by: "x", reason: String(repeating: "b", count: 100_000)) }
        #expect(try engine.store.run("r1")?.lastSequence == record.lastSequence)  // nothing was recorded
    }

    @Test func aLongErrorMessageIsCutInTheHistory() throws {
        let (engine, _) = try started("error(string.rep('e', 1000000))")
        let message = try failure(of: engine)
        #expect(message.utf8.count < 5000)
        #expect(message.contains("more bytes cut"))
    }

    @Test func printIsALogLineNotTerminalOutput() throws {
        let (engine, _) = try started("print('안녕', 1, nil, {})")
        let log = try engine.store.history(of: "r1").first { $0.name == "log" }?.payload["message"]?.stringValue
        #expect(log == "안녕\t1\tnil\ttable: #1")
    }

    // MARK: Replay

    @Test func tasksMadeWhileIteratingPairsReplayTheSame() throws {
        let folder = try TemporaryFolder()
        let (engine, _) = try started(
            """
            local districts = {}
            for i = 1, 40 do districts['d' .. ((i * 17) % 40)] = i end
            local open = {}
            for name, n in pairs(districts) do open[#open + 1] = ilsa.task { title = name .. ' ' .. n } end
            for _, t in ipairs(open) do t:wait() end
            """, folder: folder)
        for round in 0..<5 {
            engine.evictAll()  // each answer is given to a run rebuilt in a new Lua state
            try engine.completeTask(TaskID(run: "r1", number: 2 + round), by: "someone")
        }
        #expect(try engine.store.run("r1")?.status == .waiting)
    }

    @Test(arguments: [
        ("math.random", "return math.random(6)"),
        ("collectgarbage", "return collectgarbage('count')"),
        ("%p", "return string.format('%p', {})"),
        ("table keys", "for k in pairs({[{}] = 1}) do end"),
    ])
    func stateDependentValuesFailWithTheRealCause(name: String, body: String) throws {
        let (engine, record) = try started(body)
        #expect(record.status == .failed, "\(name)")
        let message = try failure(of: engine)
        #expect(message.contains("replay") || message.contains("fixed order"), "\(name): \(message)")
    }
}
