/// `ilsa repl` from exec to its first prompt, beside `lua5.4 -i`: each process is handed a
/// line that ends it at once (`:quit`, `os.exit()`) on standard input, so the time is start-up,
/// reading the first line, and exit.
import Foundation

func replCases(_ options: Options) throws -> [Case] {
    guard ["repl.start", "repl.first", "repl.lua54"].contains(where: options.selects) else { return [] }
    let benchmark = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    let ilsa = benchmark.deletingLastPathComponent().appendingPathComponent("ilsa").path
    guard FileManager.default.isExecutableFile(atPath: ilsa) else {
        throw UsageError(message: "\(ilsa) is missing: build it first (swift build -c release --product ilsa)")
    }
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ilsa-bench-repl")
    try? FileManager.default.removeItem(at: folder)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let quit = folder.appendingPathComponent("quit.txt").path
    try ":quit\n".write(toFile: quit, atomically: true, encoding: .utf8)
    let first = folder.appendingPathComponent("first.txt").path
    try "1 + 1\n:quit\n".write(toFile: first, atomically: true, encoding: .utf8)
    let exit = folder.appendingPathComponent("exit.txt").path
    try "os.exit()\n".write(toFile: exit, atomically: true, encoding: .utf8)
    let starts = options.quick ? 5 : 20

    // posix_spawn and waitpid, as the process benchmarks do (Foundation's Process polls).
    return [
        Case(key: "repl.start", label: "ilsa repl to its first prompt and :quit, whole process (\(starts) starts)", unit: "ms") {
            var total = 0.0
            for _ in 0..<starts { total += try timeProcess(ilsa, ["repl"], stdin: quit) }
            return total / Double(starts) / 1e6
        },
        Case(
            key: "repl.first", label: "ilsa repl answering 1 + 1 (store, engine, session run made), whole process (\(starts) starts)",
            unit: "ms"
        ) {
            var total = 0.0
            for _ in 0..<starts { total += try timeProcess(ilsa, ["repl"], stdin: first) }
            return total / Double(starts) / 1e6
        },
        Case(key: "repl.lua54", label: "lua5.4 -i to its first prompt and os.exit(), whole process (\(starts) starts)", unit: "ms") {
            var total = 0.0
            for _ in 0..<starts { total += try timeProcess("/usr/bin/lua5.4", ["-i"], stdin: exit) }
            return total / Double(starts) / 1e6
        },
    ].filter { options.selects($0.key) }
}
