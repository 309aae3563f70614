import Foundation
import IlsaEngine
import IlsaREPL
import IlsaStore
import Testing

/// Ctrl-C (and the time limit) stops the line at the prompt, and the session keeps its globals,
/// as `lua5.4 -i` does; a replay of the session's run stops the line at the same instruction.
@Suite struct StoppedLineTests {
    /// Feeds `line` and stops it from another thread after `delay`.
    private func feedStopping(_ session: ReplSession, _ line: String, after delay: Double = 0.3) -> (String, Duration) {
        let stopper = session.interrupter(for: line)
        let queued = ContinuousClock.now
        // A thread of its own: the shared queues' threads may all be busy running lines.
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: delay)
            stopper?.stopLine()
        }
        let text = session.feed(line).text
        return (text, ContinuousClock.now - queued)
    }

    @Test func ctrlCStopsTheLineAndTheGlobalsStay() throws {
        let session = try ReplSession(options: .init())
        #expect(session.feed("x = 1").text == "")
        let (text, took) = feedStopping(session, "n = 0 while true do n = n + 1 end")
        #expect(text == "stdin:1: interrupted")
        #expect(took < .seconds(3))  // well before the line's 5 s limit
        #expect(session.feed("x").text == "1")
        #expect(session.feed("n > 0").text == "true")
        // The session's run goes on: a wait and the API work as before.
        #expect(session.feed("t = ilsa.task{title = '배수 펌프 점검'}").text == "")
        #expect(session.feed("t:wait()").text.contains("(waiting"))
    }

    @Test func userPcallsCannotCatchTheStop() throws {
        let session = try ReplSession(options: .init())
        let (text, _) = feedStopping(session, "k = 0 while true do pcall(function() while true do k = k + 1 end end) end")
        #expect(text == "stdin:1: interrupted")
        #expect(session.feed("k > 0").text == "true")
    }

    @Test func aStopInACoroutineOfTheLineStopsTheLine() throws {
        let session = try ReplSession(options: .init())
        #expect(session.feed("co = coroutine.wrap(function() while true do coroutine.yield() end end)").text == "")
        let (text, _) = feedStopping(session, "c = 0 while true do co() c = c + 1 end")
        #expect(text.hasSuffix("interrupted"))
        #expect(session.feed("c > 0").text == "true")
    }

    /// A Ctrl-C while nothing runs (the line waits for a task) is dropped when the input ends,
    /// as the terminal drops it: the line, woken later, runs to its end.
    @Test func aStopWhileTheLineWaitsIsDropped() throws {
        let session = try ReplSession(options: .init())
        #expect(session.feed("t = ilsa.task{title = 'a'}").text == "")
        #expect(session.feed("t:wait() for i = 1, 1e6 do end r = 'done'").text.contains("(waiting"))
        let stopper = session.interrupter(for: ":runs")
        stopper?.stopLine()
        stopper?.forgetLineStop()
        let task = try #require(try session.engine.store.tasks(TaskQuery()).first)
        #expect(!session.feed(":done \(task.id)").text.contains("interrupted"))
        #expect(session.feed("r").text == "\"done\"")
    }

    /// Not dropped, the same stop lands on the woken line (the loop is long enough for a tick).
    @Test func aStopNotDroppedLandsOnTheWokenLine() throws {
        let session = try ReplSession(options: .init())
        #expect(session.feed("t = ilsa.task{title = 'a'}").text == "")
        #expect(session.feed("t:wait() for i = 1, 1e6 do end r = 'done'").text.contains("(waiting"))
        session.interrupter(for: ":runs")?.stopLine()
        let task = try #require(try session.engine.store.tasks(TaskQuery()).first)
        #expect(session.feed(":done \(task.id)").text.contains("interrupted"))
        #expect(session.feed("r").text == "nil")
    }

    /// A session on a store another engine shares: the other engine replays the session's run
    /// (a worker waking it, a restart) and the stopped line stops where it stopped live, so
    /// what it counted is counted again, the same.
    @Test func aReplayStopsTheLineWhereItStopped() throws {
        let store = InMemoryRunStore()
        let session = try ReplSession(options: .init(openStore: { store }))
        #expect(session.feed("x = 10").text == "")
        #expect(session.feed("t = ilsa.task{title = '배수 펌프 점검'}").text == "")
        let (text, _) = feedStopping(session, "n = 0 for i = 1, 2 do ilsa.log('step ' .. i) end while true do n = n + 1 end")
        #expect(text == "stdin:1: interrupted")
        let counted = session.feed("n").text
        #expect(Int(counted) ?? 0 > 0)
        // A line that waits for a task and then runs away, stopped once the task is done.
        #expect(session.feed("u = ilsa.task{title = 'b'} u:wait() w = 0 while true do w = w + 1 end").text.contains("(waiting"))
        let waiting = try #require(try store.tasks(TaskQuery()).first { $0.title == "b" })
        let (done, _) = feedStopping(session, ":done \(waiting.id)")
        #expect(done.contains("interrupted"))
        let waited = session.feed("w").text
        let run = try #require(session.run)

        let other = Engine(store: store, clock: WallClock())
        try other.signal(
            run, name: PromptDriver.signal, payload: ["source": "return x, n, w", "chunk": "=stdin"])
        let outputs = try store.history(of: run).compactMap { event -> String? in
            guard case .issued(let command) = event.fact, case .log(let message) = command.request,
                message.hasPrefix(PromptDriver.outputMark)
            else { return nil }
            return String(message.dropFirst())
        }
        #expect(outputs.last == "10\t\(counted)\t\(waited)")
        #expect(try store.run(run)?.status == .waiting)
        let stops = try store.history(of: run).filter {
            if case .issued(let command) = $0.fact, case .lineStopped = command.request { true } else { false }
        }
        #expect(stops.count == 2)
    }
}

/// Only the prompt's driver has the call a stopped line returns from.
@Suite struct LineCallReachTests {
    @Test func aLineCannotReachTheDriversCalls() throws {
        #expect(try transcript(["rawget(ilsa, 'prompt')"]) == "nil")
    }

    @Test func aPlaybookCannotReachThem() throws {
        let store = InMemoryRunStore()
        let source = """
            return ilsa.workflow { name = "sneaky", title = "sneaky", run = function()
              return rawget(ilsa, "prompt") == nil
            end }
            """
        // The driver's text with one byte changed is an ordinary playbook.
        let altered = PromptDriver.source.replacingOccurrences(of: "ilsa repl session", with: "ilsa repl sessioN")
        let engine = Engine(
            store: store, clock: WallClock(), source: { $0 == "altered" ? altered : source })
        let sneaky = try engine.start(playbook: "sneaky.lua")
        #expect(sneaky.status == .completed)
        let history = try store.history(of: sneaky.run)
        #expect(history.contains { if case .completed(let end) = $0.fact { end.result == .bool(true) } else { false } })
        let copy = try engine.start(playbook: "altered")
        #expect(copy.status == .failed)
    }
}
