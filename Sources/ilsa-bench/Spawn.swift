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
    try measureProcess(executable, arguments, stdin: stdin, directory: directory, environment: environment).nanoseconds
}

/// What a whole process cost: its wall time and its peak resident memory.
struct ProcessCost {
    /// From `posix_spawn` to `wait4`.
    var nanoseconds: Double
    /// The child's own `ru_maxrss` (from `wait4`), in KiB.
    var peakKiB: Int
}

/// Runs a process as ``timeProcess(_:_:stdin:directory:environment:)`` does, and returns its
/// wall time and peak resident memory.
func measureProcess(
    _ executable: String, _ arguments: [String], stdin: String = "/dev/null", directory: String? = nil,
    environment: [String: String] = [:]
) throws -> ProcessCost {
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
    var usage = rusage()
    let elapsed = try nanoseconds {
        guard posix_spawn(&pid, executable, &actions, nil, argv, envp) == 0 else {
            throw UsageError(message: "cannot start \(executable)")
        }
        wait4(pid, &status, 0, &usage)
    }
    guard status == 0 else {
        throw UsageError(message: "\(executable) \(arguments.joined(separator: " ")) exited with status \(status)")
    }
    return ProcessCost(nanoseconds: elapsed, peakKiB: usage.ru_maxrss)
}

/// Runs a process as ``measureProcess(_:_:stdin:directory:environment:)`` does, but from a fresh
/// copy of this program (`ilsa-bench --measure-process EXECUTABLE ARGUMENTS...`), and returns
/// what that copy measured. A process's peak resident memory includes its spawner's: at `exec`,
/// Linux carries the peak of the memory the child still shares with its parent (`posix_spawn`
/// shares it until then) into the child's `ru_maxrss`. This benchmark's own peak is tens of
/// MiB once it has built a store; a fresh copy's is a few.
func measureProcessFromAFreshSpawner(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws
    -> ProcessCost
{
    let spawner = Process()
    spawner.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    spawner.arguments = ["--measure-process", executable] + arguments
    spawner.environment = ProcessInfo.processInfo.environment.merging(environment) { _, given in given }
    let output = Pipe()
    spawner.standardOutput = output
    try spawner.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    spawner.waitUntilExit()
    let fields = text.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    guard spawner.terminationStatus == 0, fields.count == 2 else {
        throw BenchFailure(description: "\(executable) \(arguments.joined(separator: " ")) failed: \(text)")
    }
    return ProcessCost(nanoseconds: fields[0], peakKiB: Int(fields[1]))
}

/// The fresh copy's side of ``measureProcessFromAFreshSpawner(_:_:environment:)``: runs the
/// process and prints `NANOSECONDS PEAK_KIB`; exits with 1 when it fails.
func measureProcessAndReport(_ arguments: [String]) -> Never {
    guard let executable = arguments.first else { exit(2) }
    do {
        let cost = try measureProcess(executable, Array(arguments.dropFirst()))
        print("\(cost.nanoseconds) \(cost.peakKiB)")
        exit(0)
    } catch {
        print("\(error)")
        exit(1)
    }
}
