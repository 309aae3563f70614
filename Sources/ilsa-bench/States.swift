/// Creating and closing states: Ilsa's profiles, and plain C for comparison.
import IlsaLua
import CLuaShims
import IlsaBenchC

func stateCases(_ options: Options) throws -> [Case] {
    let n = options.stateN

    /// Average µs to create, and to close, `n` states one after another, plus the heap each held.
    struct Batch { var create = 0.0, close = 0.0, bytes = 0.0 }
    func batch(open: () throws -> (bytes: Int, close: () -> Void)) rethrows -> Batch {
        var result = Batch()
        for _ in 0..<n {
            var opened: (bytes: Int, close: () -> Void)?
            result.create += try nanoseconds { opened = try open() }
            result.bytes = Double(opened!.bytes)
            result.close += nanoseconds {
                opened!.close(); opened = nil
            }
        }
        return Batch(create: result.create / Double(n) / 1e3, close: result.close / Double(n) / 1e3, bytes: result.bytes)
    }
    func ilsa(_ profile: LuaProfile) throws -> Batch {
        try batch {
            let state = try LuaState(profile: profile)
            return (state.memoryInUse, { state.close() })
        }
    }
    /// The C shim alone (ilsa_newstate + the profile's opener), without the Swift LuaState.
    func shim(_ opener: lua_CFunction) -> Batch {
        batch {
            let L = ilsa_newstate(0)!
            precondition(ilsa_cpcall(L, opener, nil) == 0)
            return (ilsa_memory_used(L), { ilsa_close(L) })
        }
    }
    func plainC(openlibs: Bool) -> Batch {
        batch {
            var bytes = 0
            let L = ilsabench_newstate(openlibs ? 1 : 0, &bytes)!
            return (bytes, { ilsabench_close(L) })
        }
    }

    // Each group of three rows (create, close, bytes) comes from one batch per round: the create
    // case measures, the two after it report (so this group runs without alternating order).
    var cases: [Case] = []
    func add(_ key: String, _ name: String, _ measure: @escaping () throws -> Batch) {
        guard ["create", "close", "bytes"].contains(where: { options.selects("\(key).\($0)") }) else { return }
        var last = Batch()
        cases.append(
            Case(key: "\(key).create", label: "\(name): create", unit: "µs") {
                last = try measure()
                return last.create
            })
        cases.append(Case(key: "\(key).close", label: "\(name): close", unit: "µs") { last.close })
        cases.append(Case(key: "\(key).bytes", label: "\(name): heap", unit: "B") { last.bytes })
    }
    add("state.sandbox", "LuaState(profile: .sandbox)") { try ilsa(.sandbox) }
    add("state.full", "LuaState(profile: .full)") { try ilsa(.full) }
    add("state.shimSandbox", "C shim only (ilsa_newstate + ilsa_open_sandbox)") { shim(ilsa_open_sandbox) }
    add("state.cFull", "plain C (luaL_newstate + luaL_openlibs)") { plainC(openlibs: true) }
    add("state.cBare", "plain C (luaL_newstate alone)") { plainC(openlibs: false) }
    return cases
}
