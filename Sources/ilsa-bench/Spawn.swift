/// Timing whole processes.
import Foundation

/// How long a process takes from `posix_spawn` to `waitpid`, in nanoseconds, with standard input
/// from a file and its output discarded, in `directory` (default: this one) with `environment`
/// added to this process's. Foundation's `Process` polls for a child's exit, which
/// adds tens of milliseconds to a process that lives a few.
/// - Throws: ``UsageError`` when the process cannot start or exits with a non-zero status.
func timeProcess(
    _ executable: String, _ arguments: [String], stdin: String = "/dev/null", directory: String? = nil,
    environment: [String: String] = [:]
) throws -> Double {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    // The child starts where this process is: move there for the spawn (the benchmark is
    // single-threaded), and back.
    let here = FileManager.default.currentDirectoryPath
    if let directory { _ = FileManager.default.changeCurrentDirectoryPath(directory) }
    defer { _ = FileManager.default.changeCurrentDirectoryPath(here) }
    let merged = ProcessInfo.processInfo.environment.merging(environment) { _, given in given }
    let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { envp.forEach { free($0) } }
    posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    var status: Int32 = 0
    let elapsed = try nanoseconds {
        guard posix_spawn(&pid, executable, &actions, nil, argv, envp) == 0 else {
            throw UsageError(message: "cannot start \(executable)")
        }
        waitpid(pid, &status, 0)
    }
    guard status == 0 else {
        throw UsageError(message: "\(executable) \(arguments.joined(separator: " ")) exited with status \(status)")
    }
    return elapsed
}
