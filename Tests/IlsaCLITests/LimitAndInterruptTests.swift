import Foundation
import IlsaTesting
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `--time-limit`, `--memory-limit` and Ctrl-C end a runaway script with status 1 and a message.
struct LimitAndInterruptTests {
    // Durations are measured from the moment the script prints "ready": on a busy machine (the
    // suite starts dozens of processes at once) launching a debug binary alone can take seconds.

    @Test(arguments: [Profile.sandbox, .full])
    func timeLimitEndsAnEndlessLoop(profile: Profile) async throws {
        let scratch = try Workspace()
        try scratch.write("spin.lua", "print('ready')\nwhile true do end\n")
        let options = profile == .full ? ["--full"] : []
        let (result, afterReady) = try await runAfterReady(["lua"] + options + ["--time-limit", "0.5", "spin.lua"], in: scratch.url)
        #expect(result.exited(1), "\(result.summary)")
        #expect(result.stderrText.contains("time limit exceeded"))
        #expect(result.stderrText.contains("spin.lua:2:"))
        #expect(afterReady < .seconds(2), "ran \(afterReady) after printing ready")
        #expect(result.elapsed >= .milliseconds(450), "took \(result.elapsed)")
    }

    @Test func timeLimitReachesCodeThatCatchesErrors() async throws {
        let scratch = try Workspace()
        let source = """
            print("ready")
            while true do
              pcall(function() while true do end end)
              local co = coroutine.wrap(function() pcall(error, "x") while true do end end)
              pcall(co)
            end
            """
        try scratch.write("stubborn.lua", source)
        let (result, afterReady) = try await runAfterReady(["lua", "--time-limit", "0.5", "stubborn.lua"], in: scratch.url)
        #expect(result.exited(1), "\(result.summary)")
        #expect(result.stderrText.contains("time limit exceeded"))
        #expect(afterReady < .seconds(2), "ran \(afterReady) after printing ready")
    }

    @Test func scriptWithinItsTimeLimitRunsNormally() async throws {
        let scratch = try Workspace()
        try scratch.write("quick.lua", "local s = 0 for i = 1, 1000 do s = s + i end print(s)\n")
        let result = try await CLI.ilsa(["lua", "--time-limit", "30", "quick.lua"], in: scratch.url)
        #expect(result.exited(0), "\(result.summary)")
        #expect(result.stdoutText == "500500\n")
    }

    @Test(arguments: [Profile.sandbox, .full])
    func memoryLimitEndsAGrowingTable(profile: Profile) async throws {
        let scratch = try Workspace()
        try scratch.write("grow.lua", "local t = {}\nlocal i = 0\nwhile true do i = i + 1; t[i] = {i, tostring(i)} end\n")
        let options = profile == .full ? ["--full"] : []
        let result = try await CLI.ilsa(
            ["lua"] + options + ["--memory-limit", "16M", "grow.lua"], in: scratch.url, timeout: .seconds(30))
        #expect(result.exited(1), "\(result.summary)")
        #expect(result.stderrText.contains("not enough memory"))
    }

    @Test(arguments: ["16777216", "16384K", "16M", "16m", "16MB"])
    func memoryLimitAcceptsUnits(limit: String) async throws {
        let scratch = try Workspace()
        try scratch.write("grow.lua", "local t = {}\nfor i = 1, 1e9 do t[i] = ('x'):rep(100) .. i end\n")
        let result = try await CLI.ilsa(["lua", "--memory-limit", limit, "grow.lua"], in: scratch.url, timeout: .seconds(30))
        #expect(result.exited(1), "\(result.summary)")
        #expect(result.stderrText.contains("not enough memory"))
    }

    @Test func memoryLimitLeavesRoomForOrdinaryScripts() async throws {
        let scratch = try Workspace()
        try scratch.write("small.lua", "local t = {}\nfor i = 1, 10000 do t[i] = i end\nprint(#t)\n")
        let result = try await CLI.ilsa(["lua", "--memory-limit", "16M", "small.lua"], in: scratch.url)
        #expect(result.exited(0), "\(result.summary)")
        #expect(result.stdoutText == "10000\n")
    }

    @Test(arguments: [Profile.sandbox, .full])
    func ctrlCInterruptsTheScript(profile: Profile) async throws {
        let scratch = try Workspace()
        try scratch.write("loop.lua", "print('ready')\nlocal n = 0\nwhile true do n = n + 1 end\n")
        let options = profile == .full ? ["--full"] : []
        let child = try await startAndAwaitReady(["lua"] + options + ["loop.lua"], in: scratch.url)
        let sent = ContinuousClock.now
        child.send(SIGINT)
        let result = await child.wait(timeout: .seconds(10))
        let reaction = ContinuousClock.now - sent
        #expect(result.exited(1), "\(result.summary)")
        #expect(result.stderrText.contains("interrupted"))
        #expect(result.stderrText.contains("loop.lua:3:"))
        #expect(reaction < .seconds(2), "took \(reaction) after SIGINT")
    }

    /// Starts `ilsa ARGUMENTS` and returns once the script has printed "ready".
    private func startAndAwaitReady(_ arguments: [String], in directory: URL) async throws -> RunningProcess {
        let child = try RunningProcess(try CLI.ilsaURL(), arguments, in: directory)
        if await child.waitForOutput("ready\n", timeout: .seconds(30)) { return child }
        child.send(SIGKILL)
        let result = await child.wait(timeout: .seconds(5))
        throw TestKitError("the script never printed ready: \(result.summary)")
    }

    /// Runs `ilsa ARGUMENTS` to the end; also returns how long it ran after printing "ready".
    private func runAfterReady(_ arguments: [String], in directory: URL) async throws -> (RunResult, Duration) {
        let child = try await startAndAwaitReady(arguments, in: directory)
        let ready = ContinuousClock.now
        let result = await child.wait(timeout: .seconds(20))
        return (result, ContinuousClock.now - ready)
    }
}
