import Foundation
import IlsaTesting
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `ilsa run` following a run as it happens, `ilsa work` moving runs on, and runs that survive
/// their process: Ctrl-C, SIGKILL, another process acting on the run. Timers are a second or
/// two on the wall clock; waits poll with timeouts, never sleep a fixed time.
struct RunFollowTests {
    @Test func aFollowerShowsWhatAnotherProcessDoes() async throws {
        let scratch = try Workspace()
        try scratch.write("gauge.lua", FixturePlaybooks.gauge)
        let follower = try scratch.spawn(["run", "--id", "g1", "gauge.lua"])
        #expect(await follower.waitForOutput("waiting for signal 'gauge'", timeout: .seconds(20)))
        let signal = try await scratch.ilsa(["signal", "g1", "gauge", #"{"mm": 62}"#])
        #expect(signal.exited(0), "\(signal.summary)")
        let result = await follower.wait(timeout: .seconds(30))
        #expect(result.exited(0), "\(result.summary)")
        let texts = Self.texts(result.stdoutText)
        #expect(
            texts == [
                "run g1 started: gauge",
                "waiting for signal 'gauge'",
                #"signal 'gauge' received: {"mm":62}"#,
                "log: rain 62 mm/h",
                "sleeping: wakes in 1s",
                "timer fired",
                "run completed: 62",
            ], "\(result.stdoutText)")
        #expect(result.stdoutText.split(separator: "\n").allSatisfy { $0.wholeMatch(of: /\d\d:\d\d:\d\d  .+/) != nil })
    }

    @Test func aCancelFromAnotherProcessEndsTheFollowerWithStatusOne() async throws {
        let scratch = try Workspace()
        try scratch.write("sandbags.lua", FixturePlaybooks.sandbags)
        let follower = try scratch.spawn(["run", "--id", "f1", "sandbags.lua"])
        #expect(await follower.waitForOutput("log: waiting for the sandbags", timeout: .seconds(20)))
        let cancel = try await scratch.ilsa(["cancel", "f1", "--reason", "비가 그쳤다"])
        #expect(cancel.exited(0), "\(cancel.summary)")
        let result = await follower.wait(timeout: .seconds(30))
        #expect(result.exited(1), "\(result.summary)")
        #expect(Self.texts(result.stdoutText).last == "run cancelled by tester: 비가 그쳤다", "\(result.stdoutText)")
    }

    @Test func jsonPrintsOneEventPerLine() async throws {
        let scratch = try Workspace()
        try scratch.write("nap.lua", FixturePlaybooks.nap(1))
        let result = try await scratch.ilsa(["run", "--json", "--id", "j1", "nap.lua"], timeout: .seconds(30))
        #expect(result.exited(0), "\(result.summary)")
        let events = try result.stdoutText.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(events.map { $0["sequence"] as? Int } == Array(1...6).map { $0 })
        #expect(events.last?["kind"] as? String == "run_completed")
        #expect(events.last?["text"] as? String == #"run completed: "rested""#)
        #expect(events.allSatisfy { $0["run"] as? String == "j1" })
    }

    @Test func aFollowerSaysWhenATaskIsOverdueAndClimbsItsLadder() async throws {
        let scratch = try Workspace()
        let roster = try String(contentsOfFile: scratch.roster, encoding: .utf8)
        let grace = #"local grace = { life_safety = "15m", preparedness = "4h", administrative = "48h" }"#
        try #require(roster.contains(grace))
        try scratch.write(
            "roster.lua",
            roster.replacingOccurrences(
                of: grace, with: #"local grace = { life_safety = "1s", preparedness = "1s", administrative = "1s" }"#))
        scratch.roster = scratch.url.appendingPathComponent("roster.lua").path
        try scratch.write("unanswered.lua", FixturePlaybooks.unanswered)
        let result = try await scratch.ilsa(["run", "--id", "u1", "unanswered.lua"], timeout: .seconds(30))
        #expect(result.exited(0), "\(result.summary)")
        let texts = Self.texts(result.stdoutText)
        #expect(texts.prefix(2) == ["run u1 started: unanswered", "task u1.1 created: 대피 안내 → DONG.HEAD singil, due in 1s"])
        #expect(texts.filter { $0.hasPrefix("task u1.1 overdue") }.count == 1, "\(result.stdoutText)")
        #expect(texts.contains("task u1.1 climbed to unit_head (rung 1): 대피 안내"), "\(result.stdoutText)")
        #expect(texts.last == #"run completed: "watched""#)
    }

    @Test func ctrlCStopsFollowingWith130AndWorkFinishesTheRun() async throws {
        let scratch = try Workspace()
        try scratch.write("gauge.lua", FixturePlaybooks.gauge)
        let follower = try scratch.spawn(["run", "--id", "n1", "gauge.lua"])
        #expect(await follower.waitForOutput("waiting for signal 'gauge'", timeout: .seconds(20)))
        follower.send(SIGINT)
        let result = await follower.wait(timeout: .seconds(20))
        #expect(result.exited(130), "\(result.summary)")
        #expect(result.stderrText.hasSuffix("stopped following; the run continues in the store: ilsa work / ilsa status n1\n"))
        #expect(try await scratch.status("n1")["status"] as? String == "waiting")

        // The run goes on without its follower: the signal wakes it, ilsa work fires its timer.
        #expect(try await scratch.ilsa(["signal", "n1", "gauge", #"{"mm": 40}"#]).exited(0))
        var worked = ""
        let completed = try await scratch.eventually {
            worked += try await scratch.ilsa(["work"]).stdoutText
            return try await scratch.status("n1")["status"] as? String == "completed"
        }
        #expect(completed)
        #expect(worked.hasSuffix("  n1  gauge: timer fired; run completed: 40\n"), "\(worked)")
    }

    @Test func workSaysWhenNothingIsDueAndWhatMovedWhenSomethingIs() async throws {
        let scratch = try Workspace()
        try scratch.write("sandbags.lua", FixturePlaybooks.sandbags)
        try scratch.write("nap.lua", FixturePlaybooks.nap(1))
        #expect(try await scratch.ilsa(["run", "--detach", "--id", "w0", "sandbags.lua"]).exited(0))
        let idle = try await scratch.ilsa(["work"])
        #expect(idle.exited(0), "\(idle.summary)")
        #expect(idle.stdoutText == "")
        #expect(idle.stderrText.hasPrefix("nothing was due; the next is due in 4h59m"), "\(idle.stderrText)")

        #expect(try await scratch.ilsa(["run", "--detach", "--id", "w1", "nap.lua"]).exited(0))
        var moved = ""
        var summaries: [String] = []
        #expect(
            try await scratch.eventually {
                let result = try await scratch.ilsa(["work"])
                moved += result.stdoutText
                summaries.append(result.stderrText)
                return !result.stdoutText.isEmpty
            })
        #expect(summaries.last == "1 run advanced\n")
        #expect(moved.wholeMatch(of: /\d\d:\d\d:\d\d  w1  nap: timer fired; log: after; run completed: "rested"\n/) != nil, "\(moved)")
    }

    /// A follower killed with SIGKILL in the middle of a run leaves the run in the store; `ilsa
    /// work --follow` and a task done from another process finish it, and the history is that
    /// of a run never interrupted.
    @Test func aRunSurvivesSIGKILLAndWorkFinishesItAsIfNothingHappened() async throws {
        let scratch = try Workspace()
        try scratch.write("steps.lua", FixturePlaybooks.steps)
        // The run cannot end before its task is done, so the kill always lands mid-run: in a
        // sleep, or at the wait for the task.
        let follower = try scratch.spawn(["run", "--id", "k1", "--seed", "42", "steps.lua"])
        #expect(await follower.waitForOutput("log: step 2", timeout: .seconds(30)))
        follower.send(SIGKILL)
        let killed = await follower.wait(timeout: .seconds(20))
        #expect(killed.signaled && killed.status == SIGKILL, "\(killed.summary)")
        #expect(try await scratch.status("k1")["status"] as? String == "waiting")

        let worker = try scratch.spawn(["work", "--follow", "--interval", "0.2"])
        let steps = try await Self.finishSteps(scratch)
        worker.send(SIGTERM)
        let work = await worker.wait(timeout: .seconds(20))
        #expect(steps)
        #expect(work.exited(0), "\(work.summary)")
        // The kill may land before the last sleep ends (then work fires it) or after.
        #expect(work.stdoutText.isEmpty || work.stdoutText.contains("  k1  steps: timer fired"), "\(work.stdoutText)")

        // Each command once, the sequence without gaps.
        let events = try await scratch.history("k1")
        #expect(events.map { $0["sequence"] as? Int } == Array(1...events.count).map { $0 })
        let commands = events.filter { $0["kind"] as? String == "command_issued" }.compactMap { $0["command"] as? Int }
        #expect(commands == Array(1...commands.count), "commands issued: \(commands)")
        let answers = events.filter { $0["kind"] as? String == "command_answered" }.compactMap { $0["command"] as? Int }
        #expect(Set(answers).count == answers.count, "answers: \(answers)")

        // The same run, never interrupted, in a store of its own.
        let reference = try Workspace()
        try reference.write("steps.lua", FixturePlaybooks.steps)
        let uninterrupted = try reference.spawn(["run", "--id", "k1", "--seed", "42", "steps.lua"])
        #expect(try await Self.finishSteps(reference))
        #expect(await uninterrupted.wait(timeout: .seconds(30)).exited(0))
        let expected = try await reference.history("k1")
        func shape(_ events: [[String: Any]]) -> [String] {
            events.map { "\($0["kind"] ?? "") \($0["command"] ?? "-") \($0["name"] ?? "")" }
        }
        #expect(shape(events) == shape(expected))
        let result = try await scratch.status("k1")
        let expectedResult = try await reference.status("k1")
        let end = try #require((result["end"] as? [String: Any])?["payload"] as? [String: Any])
        let expectedEnd = try #require((expectedResult["end"] as? [String: Any])?["payload"] as? [String: Any])
        #expect(NSDictionary(dictionary: end).isEqual(to: expectedEnd), "\(end) vs \(expectedEnd)")
        func tasks(_ status: [String: Any]) -> [String] {
            (status["tasks"] as? [[String: Any]] ?? []).map { "\($0["id"] ?? "") \($0["title"] ?? "") \($0["state"] ?? "")" }
        }
        #expect(tasks(result) == ["k1.1 배수로 점검 done"])
        #expect(tasks(result) == tasks(expectedResult))
    }

    /// Waits until the steps run waits for its task alone (its sleeps are over), then completes
    /// the task from another process and waits for the run to complete.
    static func finishSteps(_ scratch: Workspace) async throws -> Bool {
        let atTask = try await scratch.eventually(timeout: .seconds(30)) {
            // Until the run's first step is stored, there is no store or no run yet.
            let waits = (try? await scratch.status("k1"))?["waits"] as? [[String: Any]] ?? []
            return waits.count == 1 && waits.first?["task"] as? String == "k1.1"
        }
        guard atTask else { return false }
        guard try await scratch.ilsa(["task", "done", "k1.1", "--by", "신길동장"]).exited(0) else { return false }
        return try await scratch.eventually(timeout: .seconds(30)) { try await scratch.status("k1")["status"] as? String == "completed" }
    }

    /// The words of progress lines, without the time: `18:00:05  text` → `text`.
    static func texts(_ output: String) -> [String] {
        output.split(separator: "\n").map { String($0.dropFirst(10)) }
    }
}
