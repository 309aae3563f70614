/// Tight Lua loops with and without limits armed, and the plain `lua5.4` interpreter on the
/// same chunks (scripts/bench_loop.lua).
@_spi(Unsafe) import IlsaLua
import IlsaBenchC
import Foundation

/// Keep identical to the chunks in scripts/bench_loop.lua.
enum LoopChunks {
    static let fib = "local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end\nreturn fib(...)"
    static let table = "local n = ...\nlocal t = {}\nfor i = 1, n do t[i] = i end\nlocal s = 0\nfor i = 1, n do s = s + t[i] end\nreturn s"
}

/// The limits "armed" means here: a memory budget and a wall-clock deadline.
let armedLimits = LuaLimits(memory: 256 << 20, time: .seconds(60))

func loopCases(_ options: Options) throws -> [Case] {
    var cases: [Case] = []
    for (name, limits) in [("none", LuaLimits.none), ("armed", armedLimits)] {
        let lua = try LuaState(profile: .sandbox, limits: limits)
        let L = lua.unsafeLuaState
        let fib = try lua.load(LoopChunks.fib, chunkName: "=fib")
        let table = try lua.load(LoopChunks.table, chunkName: "=table")
        let limitsLabel = name == "none" ? "limits .none" : "limits armed (256 MiB, 60 s)"
        for (key, label, chunk, argument) in [
            ("fib", "fib(\(options.fibN)) recursive", fib, options.fibN),
            ("table", "table fill + sum of \(options.tableN)", table, options.tableN),
        ] {
            cases.append(
                Case(
                    key: "loops.\(key).\(name)", label: "\(label), \(limitsLabel)", unit: "ms",
                    prepare: { ilsabench_fullgc(L) }
                ) {
                    try nanoseconds { try lua.call(chunk, [.integer(Int64(argument))]) } / 1e6
                })
        }
    }
    // fib none, fib armed, table none, table armed: neighbours are compared.
    cases.sort { $0.key < $1.key }
    return cases.filter { options.selects($0.key) }
}

/// Runs scripts/bench_loop.lua in `lua5.4`, once per round (the interpreter, like us, has a fast
/// and a slow mode that changes between processes). Empty when `lua5.4` or the script is missing.
func interpreterLines(_ options: Options) -> [Line] {
    let keys = [
        ("loop", "(loop) empty loop, per iteration", "ns/call"), ("a", "(a) empty Lua function", "ns/call"),
        ("fib", "fib(\(options.fibN)) recursive", "ms"), ("table", "table fill + sum of \(options.tableN)", "ms"),
    ]
    guard keys.contains(where: { options.selects("lua54.\($0.0)") }), let script = findScript() else { return [] }
    var samples: [String: [Double]] = [:]
    for _ in 0..<options.rounds {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["lua5.4", script, "\(options.fibN)", "\(options.tableN)", "\(options.loopRepeats)", "\(options.callN)"]
        let pipe = Pipe()
        process.standardOutput = pipe
        guard (try? process.run()) != nil else { return [] }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return [] }
        for line in output.split(separator: "\n") {
            let fields = line.split(separator: "\t")
            if fields.count == 2, let value = Double(fields[1]) { samples[String(fields[0]), default: []].append(value) }
        }
    }
    return keys.compactMap { key, label, unit in
        guard options.selects("lua54.\(key)"), let values = samples[key] else { return nil }
        return Line(
            section: "lua5.4 interpreter, same chunks (os.clock; one process per round)",
            key: "lua54.\(key)", label: label, unit: unit, stats: Stats(values))
    }
}

private func findScript() -> String? {
    let relative = "scripts/bench_loop.lua"
    let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(relative).path
    return [relative, package].first { FileManager.default.fileExists(atPath: $0) }
}
