import Foundation
import IlsaStore
import IlsaStoreSQLite
import IlsaTesting
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Notifications from the command line, with real processes: many runs started at once while
/// workers are killed and restarted deliver each notification once, as a whole line; a webhook
/// that never answers holds up no timer; answers racing on one run are all taken.
@Suite(.serialized) struct EffectDeliveryCLITests {
    /// Three tasks at once, then a short sleep: three notifications, and a timer.
    static let threeTasks = """
        return ilsa.workflow {
          name = "three", title = "세 가지 업무",
          run = function(ctx)
            for i = 1, 3 do
              ilsa.task { title = "업무 " .. i, assignee = { role = "DONG.HEAD", district = "singil" } }
            end
            ilsa.sleep("3s")
            return "slept"
          end,
        }
        """

    func workspace(_ kind: StoreKind = .sqlite) throws -> Workspace {
        let scratch = try Workspace(store: kind)
        scratch.pluginPath = Fixtures.plugins.path
        try scratch.write("three.lua", Self.threeTasks)
        return scratch
    }

    /// The outbox's lines, each checked to be whole JSON; their ids.
    func outboxIDs(_ scratch: Workspace) throws -> [String] {
        let text = (try? String(contentsOfFile: scratch.path(".ilsa/outbox.jsonl"), encoding: .utf8)) ?? ""
        #expect(text.isEmpty || text.hasSuffix("\n"))
        return text.split(separator: "\n").map { line in
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object != nil, "a torn line: \(line)")
            return object?["id"] as? String ?? "?"
        }
    }

    /// A history's shape: each event's kind and name, in order (times differ from run to run).
    func shape(_ scratch: Workspace, _ run: String) async throws -> [String] {
        try await scratch.history(run).map { "\($0["sequence"] ?? "?") \($0["kind"] ?? "?") \($0["name"] ?? "?")" }
    }

    /// On one SQLite file, and on one PostgreSQL database (several machines' workers, leasing
    /// the runs due): every run's history is the undisturbed run's, every notification is
    /// delivered once.
    @Test(arguments: [StoreKind.sqlite, .postgres])
    func runsStartedAtOnceWithWorkersKilledDeliverEachNotificationOnce(_ kind: StoreKind) async throws {
        // The undisturbed run: alone, one worker.
        let quiet = try workspace()
        try await quiet.start("three", id: "ref")
        let quietWorker = try quiet.spawn(["work", "--follow", "--interval", "0.2"])
        #expect(try await quiet.eventually(timeout: .seconds(20)) { try await quiet.status("ref")["status"] as? String == "completed" })
        quietWorker.send(SIGTERM)
        _ = await quietWorker.wait(timeout: .seconds(20))
        let reference = try await shape(quiet, "ref")
        #expect(reference.count > 10)

        let scratch = try workspace(kind)
        let runs = 24
        // A short lease, so a killed worker's runs move on within the test.
        let work = ["work", "--follow", "--interval", "0.2", "--lease", "2"]
        var workers = try (0..<3).map { _ in try scratch.spawn(work) }
        // Start every run at once, while the workers are killed and started again.
        let starting = Task {
            try await withThrowingTaskGroup(of: RunResult.self) { group in
                for n in 0..<runs {
                    group.addTask { try await scratch.ilsa(["run", "--detach", "--id", "r\(n)", "three.lua"]) }
                }
                return try await group.reduce(into: [RunResult]()) { $0.append($1) }
            }
        }
        for kill in 0..<16 {
            try await Task.sleep(for: .milliseconds(250))
            let victim = kill % workers.count
            workers[victim].send(SIGKILL)
            _ = await workers[victim].wait(timeout: .seconds(10))
            workers[victim] = try scratch.spawn(work)
        }
        for result in try await starting.value { #expect(result.exited(0), "\(result.summary)") }
        try await Task.sleep(for: .seconds(1))
        for worker in workers {
            worker.send(SIGTERM)
            let result = await worker.wait(timeout: .seconds(20))
            #expect(result.exited(0))
            // A run another worker moved on meanwhile is not a run that cannot go on.
            #expect(!result.stderrText.contains("cannot go on"), "\(result.stderrText)")
        }
        // What the killed workers left (claimed, and held until their claims run out) is
        // delivered by the next one, and every run ends after its sleep.
        let last = try scratch.spawn(work)
        let settled = try await scratch.eventually(timeout: .seconds(60)) {
            // The runs first, then the outbox: a run that ends queues its notification in the
            // same transaction, so once no run is active every notification is in the outbox.
            // (Asked the other way round, a run could end between the two answers, its line
            // still pending, and the test read the file too early.) Both answers whole: a
            // command that failed under the load is not a store with nothing left to do.
            let active = try await scratch.ilsa(["status", "--json"])
            let pending = try await scratch.ilsa(["effects", "--json"])
            return pending.exited(0) && active.exited(0) && pending.stdoutText == "[]\n" && active.stdoutText == "[]\n"
        }
        last.send(SIGTERM)
        #expect(await last.wait(timeout: .seconds(20)).exited(0))
        #expect(settled)
        let ids = try outboxIDs(scratch)
        #expect(ids.count == runs * 4, "\(ids.count) lines: three tasks and the end of each run")
        // What a missing line's run recorded of its hooks: the first thing to read when this fails.
        for n in 0..<runs where !ids.contains("r\(n)/completed/notify#1") {
            let hooks = try await scratch.history("r\(n)").filter { ($0["kind"] as? String) == "hook_ran" }.compactMap {
                $0["text"] as? String
            }
            // And what the store says of its notifications: delivered, where it placed them.
            let effects = try await scratch.ilsa(["effects", "--run", "r\(n)", "--all", "--json"]).stdoutText
            Issue.record("run r\(n) has no completion line; its hooks: \(hooks); its effects: \(effects)")
        }
        #expect(Set(ids).count == ids.count, "duplicates")
        #expect(ids.filter { $0.hasSuffix("/completed/notify#1") }.count == runs)
        for n in 0..<runs {
            let history = try await shape(scratch, "r\(n)")
            #expect(history == reference, "run r\(n)'s history differs from the undisturbed run's")
        }
    }

    @Test func aWebhookThatNeverAnswersHoldsUpNoTimer() async throws {
        let scratch = try workspace()
        let server = try TestHTTPServer { _ in .hang }
        defer { server.stop() }
        try scratch.write(
            "plugins.json", #"{ "notify": { "channels": ["outbox", "webhook"], "webhook_url": "\#(server.url())" } }"#)
        let config = ["ILSA_PLUGIN_CONFIG": scratch.path("plugins.json")]
        for n in 0..<4 {
            let run = try await scratch.ilsa(["run", "--detach", "--id", "t\(n)", "three.lua"], environment: config)
            #expect(run.exited(0), "\(run.summary)")
            #expect(run.elapsed < .seconds(5), "ilsa run does not wait for the webhook")
        }
        let worker = try scratch.spawn(["work", "--follow", "--interval", "0.2"], environment: config)
        // The history records a timer's answer at its time, not when a worker got to it: watch
        // from outside for when each run ends.
        var endedAt: [Int: Date] = [:]
        let deadline = Date().addingTimeInterval(15)
        while endedAt.count < 4, Date() < deadline {
            for n in 0..<4 where endedAt[n] == nil {
                if try await scratch.status("t\(n)")["status"] as? String == "completed" { endedAt[n] = Date() }
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(endedAt.count == 4)
        for (n, ended) in endedAt {
            let history = try await scratch.history("t\(n)")
            let stamp = try #require(history.first?["at"] as? String)
            let started = try #require(Self.date(stamp))
            let late = ended.timeIntervalSince(started) - 3
            #expect(late < 1.5, "run t\(n)'s timer fired \(late) s late (within a second, and the polling)")
        }
        // The outbox lines are not held up by the webhooks in flight either.
        #expect(try await scratch.eventually(timeout: .seconds(5)) { try outboxIDs(scratch).count == 16 })
        worker.send(SIGTERM)
        #expect(await worker.wait(timeout: .seconds(20)).exited(0))
        #expect(server.requests.count >= 1, "the webhooks were attempted")
        let failing = try await scratch.ilsa(["effects", "--json"])
        #expect(failing.stdoutText.contains("\"channel\":\"webhook\""), "\(failing.summary)")
    }

    static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }

    @Test func answersRacingOnOneRunAreAllTaken() async throws {
        let scratch = try workspace()
        try scratch.write(
            "many.lua",
            """
            return ilsa.workflow {
              name = "many", title = "Twenty checks",
              run = function(ctx)
                local tasks = {}
                for i = 1, 20 do
                  tasks[i] = ilsa.task { title = "check " .. i, assignee = { role = "DONG.HEAD", district = "singil" } }
                end
                ilsa.all(tasks)
                return "all done"
              end,
            }
            """)
        try await scratch.start("many", id: "m1")
        let tasks = try await scratch.tasks(["--run", "m1"]).compactMap { $0["id"] as? String }
        #expect(tasks.count == 20)
        let results = try await withThrowingTaskGroup(of: RunResult.self) { group in
            for task in tasks { group.addTask { try await scratch.ilsa(["task", "done", task, "--by", "신길동장"]) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        for result in results { #expect(result.exited(0), "\(result.summary)") }
        #expect(try await scratch.status("m1")["status"] as? String == "completed")
    }
}

/// A worker on a disk that fills up: it says so and waits, and goes on when there is room again.
/// Needs a small filesystem of its own: a tmpfs, which only root may mount.
@Suite(.serialized, .enabled(if: getuid() == 0, "mounting a small tmpfs needs root"))
struct FullDiskWorkerTests {
    @Test func aWorkerOutlivesAFullDisk() async throws {
        let scratch = try Workspace()
        scratch.pluginPath = Fixtures.plugins.path
        try scratch.write("three.lua", EffectDeliveryCLITests.threeTasks)
        let small = scratch.path("small")
        try FileManager.default.createDirectory(atPath: small, withIntermediateDirectories: true)
        let mount = await (try RunningProcess(URL(fileURLWithPath: "/bin/mount"), ["-t", "tmpfs", "-o", "size=4m", "tmpfs", small])).wait()
        try #require(mount.exited(0), "\(mount.summary)")
        defer { _ = try? Process.run(URL(fileURLWithPath: "/bin/umount"), arguments: ["-l", small]).waitUntilExit() }
        try scratch.write("plugins.json", #"{ "notify": { "outbox": "\#(small)/outbox.jsonl" } }"#)
        let environment = ["ILSA_STORE": small + "/store.sqlite", "ILSA_PLUGIN_CONFIG": scratch.path("plugins.json")]
        for n in 0..<2 {
            #expect(try await scratch.ilsa(["run", "--detach", "--id", "d\(n)", "three.lua"], environment: environment).exited(0))
        }
        // Fill the disk to the last byte.
        let filler = small + "/filler"
        _ = FileManager.default.createFile(atPath: filler, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: filler))
        let chunk = Data(count: 64 << 10)
        while (try? handle.write(contentsOf: chunk)) != nil {}
        var byte = Data(count: 1)
        while (try? handle.write(contentsOf: byte)) != nil { byte = Data(count: 1) }
        try? handle.close()

        let worker = try scratch.spawn(["work", "--follow", "--interval", "0.2"], environment: environment)
        try await Task.sleep(for: .seconds(4))
        let stderr = worker.errorsSoFar()
        #expect(stderr.contains("full") && stderr.contains("trying again"), "\(stderr)")
        #expect(!worker.hasExited, "the worker waits the full disk out")

        try FileManager.default.removeItem(atPath: filler)
        let done = try await scratch.eventually(timeout: .seconds(40)) {
            let status = try await scratch.ilsa(["status", "--json"], environment: environment)
            let lines = ((try? String(contentsOfFile: small + "/outbox.jsonl", encoding: .utf8)) ?? "").split(separator: "\n")
            return !status.stdoutText.contains("\"waiting\"") && lines.count == 8
        }
        #expect(done)
        worker.send(SIGTERM)
        #expect(await worker.wait(timeout: .seconds(20)).exited(0))
    }
}

/// `ilsa status` and `ilsa tasks` say when timers have been due a while and no worker beats.
struct NoWorkerWarningTests {
    @Test func statusAndTasksWarnWhenNoWorkerIsThere() async throws {
        let scratch = try Workspace()
        try scratch.write("nap.lua", #"return ilsa.workflow { name = "nap", title = "Nap", run = function() ilsa.sleep("1h") end }"#)
        try await scratch.start("nap", id: "n1")
        let quiet = try await scratch.ilsa(["status"])
        #expect(quiet.exited(0) && !quiet.stderrText.contains("no worker"), "\(quiet.summary)")

        // The run's timer fell due two minutes ago, as if nobody had run ilsa work since.
        let store = try SQLiteRunStore(path: scratch.store)
        let record = try #require(try store.run("n1"))
        try store.write([
            .append(
                [], to: "n1", after: record.lastSequence,
                projection: RunProjection(schedule: RunProjection.Schedule(wakeAt: Date().addingTimeInterval(-120), waits: record.waits)))
        ])
        for command in [["status"], ["tasks"]] {
            let warned = try await scratch.ilsa(command)
            #expect(warned.exited(0), "\(warned.summary)")
            #expect(
                warned.stderrText.contains("warning: timers or ladder climbs fell due 2m ago and no worker is running"),
                "\(warned.summary)")
        }
        // A worker that beat just now: all is well.
        try store.beat(WorkerBeat(id: "h:1:a", kind: "work", host: "h", pid: 1, startedAt: Date(), seenAt: Date()))
        let calm = try await scratch.ilsa(["status"])
        #expect(!calm.stderrText.contains("no worker"), "\(calm.summary)")
    }
}
