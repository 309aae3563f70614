import Foundation
import IlsaLua
import Testing

/// Limits that untrusted code cannot escape; each breach leaves the state healthy.
struct LimitTests {
    static let quick = LuaLimits(memory: 32 << 20, time: .milliseconds(300))

    @Test(arguments: [
        ("string.rep", "local s = string.rep('x', 1e9)"),
        ("table growth", "local t = {} local i = 0 while true do i = i + 1 t[i] = {i} end"),
        ("string doubling", "local s = 'x' while true do s = s .. s end"),
        ("inside a coroutine", "coroutine.wrap(function() local t = {} for i = 1, 1e9 do t[i] = tostring(i) end end)()"),
        ("caught and retried", "while true do pcall(function() local t = {} for i = 1, 1e9 do t[i] = i end end) end"),
    ])
    func memoryBombsEndWithMemoryError(name: String, source: String) throws {
        let lua = try LuaState(limits: LuaLimits(memory: 16 << 20, time: .seconds(10)))
        let error = try #require(failure(source, in: lua))
        // A retry loop may end either way: memory, or the time limit once every retry fails.
        if name == "caught and retried" {
            #expect(error.kind == .memory || error.kind == .timeout, "\(error)")
        } else {
            #expect(error.kind == .memory, "\(name): \(error)")
            #expect(error.message.contains("not enough memory"))
        }
        #expect(try lua.isHealthy())
        #expect(lua.memoryInUse < 16 << 20)
    }

    @Test(arguments: [
        ("endless loop", "while true do end"),
        ("pcall in a loop", "local function spin() while true do end end while true do pcall(spin) end"),
        ("error handler loops", "xpcall(function() error('x') end, function() while true do end end)"),
        ("__close loops", "do local x <close> = setmetatable({}, {__close = function() while true do end end}) end"),
        ("coroutine swallows", "while true do coroutine.resume(coroutine.create(function() while true do end end)) end"),
        ("wrap in pcall", "while true do pcall(coroutine.wrap(function() while true do end end)) end"),
        ("table.sort comparator", "local t = {} for i = 1, 100 do t[i] = i end table.sort(t, function(a, b) while true do end end)"),
        ("gsub callback", "string.gsub(string.rep('a', 10), 'a', function() while true do end end)"),
        (
            "__close in a dying coroutine",
            "coroutine.wrap(function() local x <close> = setmetatable({}, {__close = function() while true do end end}) while true do end end)()"
        ),
        ("handler after hook error", "while true do xpcall(function() while true do end end, function(m) while true do end end) end"),
        ("recursion caught", "local function f() pcall(f) while true do end end f()"),
    ])
    func runawayCodeEndsWithTimeout(name: String, source: String) throws {
        let lua = try LuaState(limits: Self.quick)
        let start = ContinuousClock.now
        let error = try #require(failure(source, in: lua))
        #expect(error.kind == .timeout, "\(name): \(error)")
        #expect(error.message.contains("time limit exceeded"))
        #expect(ContinuousClock.now - start < .seconds(3))
        #expect(try lua.isHealthy())
    }

    @Test func limitSetAfterCoroutineWasCreatedStillApplies() throws {
        let lua = try LuaState()
        try lua.run("co = coroutine.create(function() while true do end end)", chunkName: "=setup")
        lua.limits = LuaLimits(time: .milliseconds(200))
        let error = try #require(failure("coroutine.resume(co)", in: lua))
        #expect(error.kind == .timeout)
        #expect(try lua.isHealthy())
    }

    @Test func interruptFromAnotherThreadCancels() throws {
        let lua = try LuaState()
        let interrupter = lua.interrupter
        // A thread of its own, not a task: the loop below holds one of the few shared threads.
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: 0.1)
            interrupter.interrupt()
        }
        let error = try #require(failure("local function f() while true do pcall(f) end end f()", in: lua))
        #expect(error.kind == .cancelled)
        #expect(try lua.isHealthy())
    }

    @Test func deepRecursionIsAnError() throws {
        let lua = try LuaState(limits: Self.quick)
        let error = try #require(failure("local function f(n) return 1 + f(n + 1) end return f(1)", in: lua))
        #expect(error.message.contains("stack overflow") || error.kind == .memory, "\(error)")
        let cstack = try #require(failure("local function f() return pcall(f) end local ok = f() error('x' .. tostring(ok))", in: lua))
        #expect(cstack.kind == .runtime)
        #expect(try lua.isHealthy())
    }

    @Test func hugePatternIsAnError() throws {
        let lua = try LuaState(limits: Self.quick)
        let error = try #require(failure("return string.find('x', string.rep('(', 100) .. 'x' .. string.rep(')', 100))", in: lua))
        #expect(error.message.contains("too many captures") || error.message.contains("pattern too complex"), "\(error)")
        #expect(try lua.isHealthy())
    }

    @Test func limitsCostNothingUntilTheyFire() throws {
        // A finished chunk leaves no hook: the next chunk runs at full speed and is not stopped.
        let lua = try LuaState(limits: LuaLimits(time: .milliseconds(500)))
        for _ in 0..<20 { try lua.run("local x = 0 for i = 1, 1000 do x = x + i end", chunkName: "=t") }
        #expect(try lua.isHealthy())
    }
}

/// The same limits on a coroutine the host drives (a playbook run).
struct CoroutineLimitTests {
    @Test func hostDrivenCoroutineWithLoopingCloseIsStopped() throws {
        let lua = try LuaState(limits: LuaLimits(time: .milliseconds(200)))
        let body = try lua.load(
            "local x <close> = setmetatable({}, {__close = function() while true do end end}) while true do end",
            chunkName: "=run")
        let run = lua.coroutine(body)
        #expect(throws: LuaError.self) { try run.resume() }
        #expect(try lua.isHealthy())
    }
}
