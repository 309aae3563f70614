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
    func time(_ executable: String, _ arguments: [String], stdin: String) throws -> Double {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        var status: Int32 = 0
        let elapsed = try nanoseconds {
            guard posix_spawn(&pid, executable, &actions, nil, argv, environ) == 0 else {
                throw UsageError(message: "cannot start \(executable)")
            }
            waitpid(pid, &status, 0)
        }
        guard status == 0 else {
            throw UsageError(message: "\(executable) \(arguments.joined(separator: " ")) exited with status \(status)")
        }
        return elapsed
    }
    return [
        Case(key: "repl.start", label: "ilsa repl to its first prompt and :quit, whole process (\(starts) starts)", unit: "ms") {
            var total = 0.0
            for _ in 0..<starts { total += try time(ilsa, ["repl"], stdin: quit) }
            return total / Double(starts) / 1e6
        },
        Case(key: "repl.first", label: "ilsa repl answering 1 + 1 (store, engine, session run made), whole process (\(starts) starts)", unit: "ms") {
            var total = 0.0
            for _ in 0..<starts { total += try time(ilsa, ["repl"], stdin: first) }
            return total / Double(starts) / 1e6
        },
        Case(key: "repl.lua54", label: "lua5.4 -i to its first prompt and os.exit(), whole process (\(starts) starts)", unit: "ms") {
            var total = 0.0
            for _ in 0..<starts { total += try time("/usr/bin/lua5.4", ["-i"], stdin: exit) }
            return total / Double(starts) / 1e6
        },
    ].filter { options.selects($0.key) }
}
