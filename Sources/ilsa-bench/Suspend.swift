/// Host suspend/resume round trips: a coroutine that waits N times, resumed by the host each time.
@_spi(Unsafe) import IlsaLua
import CLua
import IlsaBenchC

func suspendCases(_ options: Options) throws -> [Case] {
    let lua = try LuaState(profile: .sandbox)
    let L = lua.unsafeLuaState
    // The host function a playbook waits with: it hands its argument to the host as the command.
    lua.register("wait") { call in
        let n = try call.integer(1)
        return call.suspend(with: n)
    }
    lua_pushcclosure(L, ilsabench_yield, 0)
    lua_setglobal(L, "c_yield")
    let bodies = try lua.run(
        """
        return function(N) for i = 1, N do wait(i) end end,
               function(N) for i = 1, N do coroutine.yield(i) end end,
               function(N) for i = 1, N do c_yield(i) end end,
               function(N)
                 local co = coroutine.wrap(function() for i = 1, N do coroutine.yield(i) end end)
                 for i = 1, N do co() end
               end
        """, chunkName: "=suspend")
    let n = options.suspendN

    /// Drives `body` from Swift; answers each suspension with its command, as a host would.
    func swiftHost(_ body: LuaValue) throws -> Double {
        var trips = 0
        let ns = try nanoseconds {
            let co = lua.coroutine(body)
            var outcome = try co.resume([.integer(Int64(n))])
            while true {
                switch outcome {
                case .suspended(let command):
                    outcome = try co.resume([.integer(command as! Int64)])
                case .yielded(let values):
                    outcome = try co.resume([values.first ?? .nil])
                case .finished:
                    return
                }
                trips += 1
            }
        }
        precondition(trips == n, "expected \(n) round trips, got \(trips)")
        return ns / Double(trips)
    }
    /// Drives `body` from C with lua_resume (no Ilsa bookkeeping).
    func cHost(_ body: LuaValue) throws -> Double {
        lua.setGlobal("bench_body", body)
        var trips = 0
        let ns = nanoseconds {
            lua_getglobal(L, "bench_body")
            trips = ilsabench_drive_coroutine(L, lua_Integer(n))
        }
        precondition(trips == n, "expected \(n) round trips, got \(trips)")
        return ns / Double(trips)
    }
    func make(_ key: String, _ label: String, _ run: @escaping () throws -> Double) -> Case {
        Case(key: key, label: label, unit: "ns/trip", prepare: { ilsabench_fullgc(L) }, run: run)
    }
    return [
        make("suspend.swift", "Swift host <-> call.suspend(with:) (LuaCoroutine)") { try swiftHost(bodies[0]) },
        make("suspend.swiftYield", "Swift host <-> Lua coroutine.yield (LuaCoroutine)") { try swiftHost(bodies[1]) },
        make("suspend.c", "C host lua_resume <-> C lua_yield function") { try cHost(bodies[2]) },
        make("suspend.cYield", "C host lua_resume <-> Lua coroutine.yield") { try cHost(bodies[1]) },
        make("suspend.lua", "Lua coroutine.wrap <-> coroutine.yield, in Lua") {
            try nanoseconds { try lua.call(bodies[3], [.integer(Int64(n))]) } / Double(n)
        },
    ].filter { options.selects($0.key) }
}
