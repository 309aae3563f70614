import IlsaLua
import Testing

/// Host suspension: a Swift function pauses the script and the host answers later.
struct CoroutineTests {
    /// A state with `wait(x)`, which suspends with the command `x` and returns the host's answer.
    func makeState() throws -> LuaState {
        let lua = try LuaState(limits: LuaLimits(memory: 16 << 20, time: .seconds(5)))
        lua.register("ilsa.wait") { call in call.suspend(with: try call.value(1)) }
        return lua
    }

    /// Runs `source` as a host-driven coroutine, answering each command with `answer`.
    func drive(_ lua: LuaState, _ source: String, answer: (LuaValue) -> LuaValue) throws -> (commands: [LuaValue], results: [LuaValue]) {
        let run = lua.coroutine(try lua.load(source, chunkName: "=run"))
        var commands: [LuaValue] = []
        var outcome = try run.resume()
        while true {
            switch outcome {
            case .suspended(let command):
                let value = command as? LuaValue ?? .nil
                commands.append(value)
                outcome = try run.resume([answer(value)])
            case .yielded(let values):
                Issue.record("unexpected plain yield \(values)")
                return (commands, values)
            case .finished(let results):
                return (commands, results)
            }
        }
    }

    @Test func suspendAndResumeWithAnAnswer() throws {
        let lua = try makeState()
        let (commands, results) = try drive(lua, "local a = ilsa.wait('first') local b = ilsa.wait(a + 1) return a, b") { command in
            command == "first" ? 10 : .integer((command.integerValue ?? 0) * 2)
        }
        #expect(commands == ["first", 11])
        #expect(results == [10, 22])
    }

    @Test func suspensionPassesThroughTheScriptsOwnCoroutines() throws {
        let lua = try makeState()
        let source = """
            local gen = coroutine.wrap(function()
              for i = 1, 3 do coroutine.yield(ilsa.wait(i) + i) end
            end)
            local inner = coroutine.create(function(x)
              local y = coroutine.yield(x + ilsa.wait('nested'))
              return y * 2
            end)
            local ok1, v1 = coroutine.resume(inner, 1)
            local ok2, v2 = coroutine.resume(inner, 5)
            return gen() + gen() + gen(), v1, v2, ok1 and ok2, coroutine.status(inner)
            """
        let (commands, results) = try drive(lua, source) { command in command == "nested" ? 100 : .integer((command.integerValue ?? 0) * 10)
        }
        #expect(commands == [1, 2, 3, "nested"] || commands == ["nested", 1, 2, 3])
        #expect(results == [.integer(66), 101, 10, true, "dead"])
    }

    @Test func suspensionWorksInsidePcall() throws {
        let lua = try makeState()
        let (_, results) = try drive(lua, "return pcall(function() return ilsa.wait('p') end)") { _ in "answer" }
        #expect(results == [true, "answer"])
    }

    @Test(arguments: [
        ("table.sort", "local t = {3, 1, 2} table.sort(t, function(a, b) ilsa.wait('x') return a < b end)", "'sort'"),
        ("gsub", "string.gsub('abc', '%w', function(c) return ilsa.wait(c) end)", "'gsub'"),
        ("__tostring", "tostring(setmetatable({}, {__tostring = function() return ilsa.wait('t') end}))", "'tostring'"),
    ])
    func whereLuaCannotSuspendTheErrorNamesTheFunction(name: String, source: String, barrier: String) throws {
        let lua = try makeState()
        let run = lua.coroutine(try lua.load(source, chunkName: "=run"))
        do {
            _ = try run.resume()
            Issue.record("\(name): expected an error")
        } catch let error as LuaError {
            #expect(error.message.contains("'ilsa.wait' cannot suspend inside"), "\(error.message)")
            #expect(error.message.contains(barrier), "\(error.message)")
            #expect(!error.message.contains("C-call boundary"))
        }
    }

    @Test func outsideACoroutineTheErrorSaysWhy() throws {
        let lua = try makeState()
        let error = try #require(failure("ilsa.wait('x')", in: lua))
        #expect(error.message.contains("'ilsa.wait' cannot suspend here"))
    }

    @Test func hostCanAnswerWithAnError() throws {
        let lua = try makeState()
        let run = lua.coroutine(try lua.load("local ok, e = pcall(ilsa.wait, 'task') return ok, e", chunkName: "=run"))
        guard case .suspended = try run.resume() else { Issue.record("expected a suspension"); return }
        guard case .finished(let results) = try run.resume(throwing: "task cancelled") else { Issue.record("expected the end"); return }
        #expect(results == [false, "task cancelled"])
    }

    @Test func plainYieldAtTopLevelReachesTheHost() throws {
        let lua = try makeState()
        let run = lua.coroutine(try lua.load("local x = coroutine.yield(1, 2) return x", chunkName: "=run"))
        guard case .yielded(let values) = try run.resume() else { Issue.record("expected a yield"); return }
        #expect(values == [1, 2])
        guard case .finished(let results) = try run.resume(["back"]) else { Issue.record("expected the end"); return }
        #expect(results == ["back"])
        #expect(run.isFinished)
        #expect(throws: LuaError.self) { try run.resume() }
    }

    @Test func errorsInARunCarryATraceback() throws {
        let lua = try makeState()
        let run = lua.coroutine(try lua.load("local function step()\n  error('flooded')\nend\nstep()", chunkName: "@heavy_rain.lua"))
        do {
            _ = try run.resume()
            Issue.record("expected an error")
        } catch let error as LuaError {
            #expect(error.message == "heavy_rain.lua:2: flooded")
            #expect(error.traceback?.contains("heavy_rain.lua:4") == true)
            #expect(error.kind == .runtime)
        }
    }

    @Test func manySuspendedRunsInOneState() throws {
        let lua = try makeState()
        let body = try lua.load("local n = ilsa.wait(1) return n * 2", chunkName: "=run")
        let runs = (0..<1000).map { _ in lua.coroutine(body) }
        for run in runs { _ = try run.resume() }
        for (i, run) in runs.enumerated() {
            guard case .finished(let results) = try run.resume([.integer(Int64(i))]) else { Issue.record("not finished"); return }
            #expect(results == [.integer(Int64(i * 2))])
        }
    }
}
