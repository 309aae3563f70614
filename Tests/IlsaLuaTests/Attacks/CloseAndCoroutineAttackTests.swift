import Foundation
import IlsaLua
import Testing

/// Lua that runs on closing and failing paths, and coroutines used against the host.
struct CloseAndCoroutineAttackTests {
    static let quick = LuaLimits(memory: 32 << 20, time: .milliseconds(300))

    @Test(arguments: [
        (
            "coroutine.close of a suspended coroutine",
            "local co = coroutine.create(function() local x <close> = setmetatable({}, {__close = function() while true do end end}) coroutine.yield() end) coroutine.resume(co) coroutine.close(co)"
        ),
        (
            "wrap's error path",
            "coroutine.wrap(function() local x <close> = setmetatable({}, {__close = function() while true do end end}) error('boom') end)()"
        ),
        (
            "pcall of wrap's error path",
            "pcall(coroutine.wrap(function() local x <close> = setmetatable({}, {__close = function() while true do end end}) error('boom') end))"
        ),
    ])
    func closingCodeRunsWithinTheLimits(name: String, source: String) throws {
        let lua = try LuaState(limits: Self.quick)
        let start = ContinuousClock.now
        let error = try #require(failure(source, in: lua))
        #expect(ContinuousClock.now - start < .seconds(3), "\(name)")
        #expect(error.kind == .timeout || error.kind == .memory, "\(name): \(error)")
        #expect(try lua.isHealthy())
    }

    @Test func aCloseThatAllocatesEndsAtTheMemoryLimit() throws {
        let lua = try LuaState(limits: Self.quick)
        // coroutine.close reports its handler's error as a result, as standard Lua does.
        let results = try lua.run(
            "local co = coroutine.create(function() local x <close> = setmetatable({}, {__close = function() local t = {} for i = 1, 1e9 do t[i] = {} end end}) coroutine.yield() end) coroutine.resume(co) return coroutine.close(co)",
            chunkName: "=close")
        #expect(results.first == .boolean(false))
        #expect(results.last?.stringValue?.contains("not enough memory") == true, "\(results)")
        lua.collectGarbage()
        #expect(try lua.isHealthy())
    }

    @Test func aHostCoroutineThatFailsClosesItsHandlersWithinTheLimits() throws {
        let lua = try LuaState(limits: Self.quick)
        let function = try lua.load(
            "local x <close> = setmetatable({}, {__close = function() while true do end end}) error('boom')", chunkName: "=run")
        let run = lua.coroutine(function)
        let start = ContinuousClock.now
        #expect(throws: LuaError.self) { try run.resume() }
        #expect(ContinuousClock.now - start < .seconds(3))
        #expect(try lua.isHealthy())
    }

    @Test func aHostCoroutineStoppedByItsLimitNeverRunsItsHandlers() throws {
        let lua = try LuaState(limits: Self.quick)
        let function = try lua.load(
            "stopped = coroutine.running() local x <close> = setmetatable({}, {__close = function() while true do end end}) while true do end",
            chunkName: "=run")
        let run = lua.coroutine(function)
        #expect(throws: LuaError.self) { try run.resume() }
        // The script may hold the dead coroutine; closing it must not run the handler unhooked.
        let error = try #require(failure("return coroutine.close(stopped)", in: lua))
        #expect(error.message.contains("stopped"), "\(error)")
        let resumed = try lua.run("return coroutine.resume(stopped)", chunkName: "=again")
        #expect(resumed.first == .boolean(false))
    }

    @Test func deeplyNestedClosesDoNotCrash() throws {
        // Lua 5.4.4's bug: coroutine.close nested in __close handlers overflows the C stack.
        let lua = try LuaState(limits: LuaLimits(memory: 256 << 20, time: .seconds(20)))
        let source = """
            local coro = false
            for i = 1, 200000 do
              local previous = coro
              coro = coroutine.create(function()
                local cc <close> = setmetatable({}, {__close = function()
                  if previous then assert(coroutine.close(previous)) end
                end})
                coroutine.yield()
              end)
              assert(coroutine.resume(coro))
            end
            return coroutine.close(coro)
            """
        let results = try lua.run(source, chunkName: "=nested")
        #expect(results.first == .boolean(false), "\(results)")
        #expect("\(results)".contains("nested too deeply"), "\(results)")
        #expect(try lua.isHealthy())
    }

    /// A state with `wait(x)`, which suspends its coroutine for the host.
    static func waiting() throws -> LuaState {
        let lua = try LuaState(limits: Self.quick)
        lua.register("wait") { call in call.suspend(with: try call.value(1)) }
        return lua
    }

    @Test func aScriptCannotAnswerAHostWaitWithAForgedValue() throws {
        let lua = try Self.waiting()
        let branch = lua.coroutine(try lua.load("waiting = coroutine.running() return wait('task')", chunkName: "=branch"))
        guard case .suspended = try branch.resume() else { Issue.record("expected a suspension"); return }
        // resume answers false and why, as for any coroutine it cannot resume; close raises.
        let resumed = try lua.run("return coroutine.resume(waiting, 'forged')", chunkName: "=forge")
        #expect(resumed.first == .boolean(false))
        #expect(resumed.last?.stringValue?.contains("waits for the engine") == true, "\(resumed)")
        let error = try #require(failure("coroutine.close(waiting)", in: lua))
        #expect(error.message.contains("waits for the engine"), "\(error)")
        // The real answer still arrives.
        guard case .finished(let results) = try branch.resume(["done"]) else { Issue.record("expected the end"); return }
        #expect(results == ["done"])
    }

    @Test func norThroughACoroutineTheSuspensionPassesThrough() throws {
        let lua = try Self.waiting()
        let branch = lua.coroutine(
            try lua.load(
                """
                inner = coroutine.wrap(function() return wait('inner') end)
                innerThread = nil
                local co = coroutine.create(function() innerThread = coroutine.running() return wait('nested') end)
                local ok, value = coroutine.resume(co)
                return value
                """, chunkName: "=branch"))
        guard case .suspended = try branch.resume() else { Issue.record("expected a suspension"); return }
        let resumed = try lua.run("return coroutine.resume(innerThread, 'forged')", chunkName: "=forge")
        #expect(resumed.last?.stringValue?.contains("waits for the engine") == true, "\(resumed)")
        guard case .finished(let results) = try branch.resume(["real"]) else { Issue.record("expected the end"); return }
        #expect(results == ["real"])
    }
}
