public import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finding and running the built `ilsa` binary and the reference interpreter `lua5.4`.
///
/// Every run writes standard output and standard error to files in a directory of its own (so a
/// chatty child can never block on a full pipe, and parallel tests never share anything), then
/// returns the bytes, the exit status and how long the run took.
public enum CLI {
    /// How long a run may take before it is killed and reported as timed out.
    public static let defaultTimeout: Duration = .seconds(60)

    /// The built `ilsa`: `$ILSA_BINARY`, else next to the test binary (the build products
    /// directory, whatever the configuration), else `.build/debug/ilsa` under the package root.
    public static func ilsaURL() throws -> URL {
        var candidates: [URL] = []
        if let path = ProcessInfo.processInfo.environment["ILSA_BINARY"], !path.isEmpty {
            candidates.append(URL(fileURLWithPath: path))
        }
        // The test runner lives in the products directory (.build/<triple>/<config>/), possibly
        // inside a bundle (X.xctest/Contents/MacOS/X on macOS): look a few levels up.
        for start in [Bundle.main.executableURL, URL(fileURLWithPath: CommandLine.arguments.first ?? "")]
            .compactMap({ $0 })
        {
            var directory = start.resolvingSymlinksInPath().deletingLastPathComponent()
            for _ in 0..<4 {
                candidates.append(directory.appendingPathComponent("ilsa"))
                directory.deleteLastPathComponent()
            }
        }
        candidates.append(Fixtures.url(".build/debug/ilsa"))
        if let found = candidates.first(where: isExecutableFile) { return found }
        throw TestKitError(
            "the ilsa binary was not found; build it first with `swift build` (looked at: "
                + candidates.map(\.path).joined(separator: ", ") + ")")
    }

    /// The reference interpreter: `$LUA54`, else `lua5.4` on the PATH.
    public static func luaURL() throws -> URL {
        var candidates: [URL] = []
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["LUA54"], !path.isEmpty { candidates.append(URL(fileURLWithPath: path)) }
        for directory in (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            candidates.append(URL(fileURLWithPath: String(directory)).appendingPathComponent("lua5.4"))
        }
        if let found = candidates.first(where: isExecutableFile) { return found }
        throw TestKitError("lua5.4 was not found on the PATH; install it with `apt-get install -y lua5.4`")
    }

    private static func isExecutableFile(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
            && !isDirectory.boolValue && FileManager.default.isExecutableFile(atPath: url.path)
    }

    /// Runs `ilsa ARGUMENTS` to completion.
    public static func ilsa(
        _ arguments: [String], stdin: Data? = nil, environment: [String: String] = [:],
        in directory: URL? = nil, timeout: Duration = defaultTimeout
    ) async throws -> RunResult {
        try await RunningProcess(
            try ilsaURL(), arguments, stdin: stdin, environment: environment, in: directory
        ).wait(timeout: timeout)
    }

    /// Runs `lua5.4 ARGUMENTS` to completion.
    public static func lua(
        _ arguments: [String], stdin: Data? = nil, environment: [String: String] = [:],
        in directory: URL? = nil, timeout: Duration = defaultTimeout
    ) async throws -> RunResult {
        try await RunningProcess(
            try luaURL(), arguments, stdin: stdin, environment: environment, in: directory
        ).wait(timeout: timeout)
    }
}

/// What went wrong in the kit or in a step a test took through it.
public struct TestKitError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// What a finished run produced.
public struct RunResult: Sendable {
    public var stdout: Data
    public var stderr: Data
    /// The exit status, or the signal number when `signaled`.
    public var status: Int32
    /// True when the process ended on a signal rather than by exiting.
    public var signaled: Bool
    /// True when the run outlived its timeout and was killed.
    public var timedOut: Bool
    /// From the launch to the exit.
    public var elapsed: Duration

    public init(stdout: Data, stderr: Data, status: Int32, signaled: Bool, timedOut: Bool, elapsed: Duration) {
        self.stdout = stdout
        self.stderr = stderr
        self.status = status
        self.signaled = signaled
        self.timedOut = timedOut
        self.elapsed = elapsed
    }

    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }

    /// True when the process exited normally with `code`.
    public func exited(_ code: Int32) -> Bool { !signaled && !timedOut && status == code }

    /// A short account of the run for failure messages.
    public var summary: String {
        let how = timedOut ? "timed out" : signaled ? "killed by signal \(status)" : "exit \(status)"
        return "\(how) after \(elapsed)\n--- stdout ---\n\(stdoutText.prefix(2000))\n--- stderr ---\n\(stderrText.prefix(2000))"
    }
}

/// A child process whose output goes to files in a private temporary directory.
public final class RunningProcess {
    private let process = Process()
    private let directory: URL
    private let stdoutURL: URL
    private let stderrURL: URL
    private let handles: [FileHandle]
    private let exit = ExitWaiter()
    private let started = ContinuousClock.now

    /// The child's process id.
    public var pid: Int32 { process.processIdentifier }

    /// Starts `executable ARGUMENTS` with the test process's environment, changed by `environment`
    /// (`LUA_INIT` left out, so `ilsa lua` and the reference interpreter run alike).
    public init(
        _ executable: URL, _ arguments: [String], stdin: Data? = nil, environment: [String: String] = [:],
        in workingDirectory: URL? = nil
    ) throws {
        let fileManager = FileManager.default
        directory = fileManager.temporaryDirectory.appendingPathComponent("ilsa-cli-run-\(UUID().uuidString)")
        try fileManager.createDirectory(at: directory, withIntermediateDirectories: true)
        stdoutURL = directory.appendingPathComponent("stdout")
        stderrURL = directory.appendingPathComponent("stderr")
        let stdinURL = directory.appendingPathComponent("stdin")
        _ = fileManager.createFile(atPath: stdoutURL.path, contents: nil)
        _ = fileManager.createFile(atPath: stderrURL.path, contents: nil)
        _ = fileManager.createFile(atPath: stdinURL.path, contents: stdin ?? Data())

        let output = try FileHandle(forWritingTo: stdoutURL)
        let errors = try FileHandle(forWritingTo: stderrURL)
        let input = try FileHandle(forReadingFrom: stdinURL)
        handles = [output, errors, input]

        // The reference interpreter runs LUA_INIT before the script: keep both sides alike.
        var merged = ProcessInfo.processInfo.environment
        for name in ["LUA_INIT", "LUA_INIT_5_4"] { merged[name] = nil }
        merged.merge(environment) { _, new in new }

        process.executableURL = executable
        process.arguments = arguments
        process.environment = merged
        if let workingDirectory { process.currentDirectoryURL = workingDirectory }
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        let exit = self.exit
        process.terminationHandler = { _ in exit.finish() }
        do {
            try process.run()
        } catch {
            cleanUp()
            throw TestKitError("cannot launch \(executable.path): \(error)")
        }
    }

    /// Standard output written so far.
    public func outputSoFar() -> Data { (try? Data(contentsOf: stdoutURL)) ?? Data() }

    /// Standard error written so far, as text.
    public func errorsSoFar() -> String { String(decoding: (try? Data(contentsOf: stderrURL)) ?? Data(), as: UTF8.self) }

    /// Whether the child has exited.
    public var hasExited: Bool { exit.isFinished }

    /// Sends `signal` to the child.
    public func send(_ signal: Int32) { if !exit.isFinished { kill(pid, signal) } }

    /// Waits until standard output contains `text`, the child exits or `timeout` passes.
    public func waitForOutput(_ text: String, timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if String(decoding: outputSoFar(), as: UTF8.self).contains(text) { return true }
            if exit.isFinished { return false }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    /// Waits for the exit (killing the child after `timeout`) and collects the results.
    public func wait(timeout: Duration = CLI.defaultTimeout) async -> RunResult {
        let exit = self.exit
        let pid = self.pid
        let watchdog = Task {
            try await Task.sleep(for: timeout)
            guard !exit.isFinished else { return }
            exit.markTimedOut()
            kill(pid, SIGKILL)
        }
        await exit.wait()
        watchdog.cancel()
        let elapsed = ContinuousClock.now - started
        let result = RunResult(
            stdout: outputSoFar(),
            stderr: (try? Data(contentsOf: stderrURL)) ?? Data(),
            status: process.terminationStatus,
            signaled: process.terminationReason == .uncaughtSignal,
            timedOut: exit.timedOut,
            elapsed: elapsed
        )
        cleanUp()
        return result
    }

    private func cleanUp() {
        for handle in handles { try? handle.close() }
        try? FileManager.default.removeItem(at: directory)
    }
}

/// Bridges Process's termination handler (any thread) to `await`.
private final class ExitWaiter: @unchecked Sendable {
    private let lock = NSLock()
    private var finished = false
    private var timedOutFlag = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    var isFinished: Bool { lock.withLock { finished } }
    var timedOut: Bool { lock.withLock { timedOutFlag } }

    func markTimedOut() { lock.withLock { timedOutFlag = true } }

    func finish() {
        let resumed: [CheckedContinuation<Void, Never>] = lock.withLock {
            finished = true
            defer { waiters = [] }
            return waiters
        }
        for waiter in resumed { waiter.resume() }
    }

    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done: Bool = lock.withLock {
                if finished { return true }
                waiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }
}
