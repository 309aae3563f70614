import Foundation
import IlsaTesting
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `ilsa repl` as a process: a script piped in, and a person typing at a pseudo-terminal.
@Suite(.serialized) struct ReplCommandTests {
    @Test func aPipedScriptPrintsResultsWithoutPrompts() async throws {
        let script = """
            x = 20
            x + 22
            for i = 1, 2 do
              print("줄", i)
            end
            error("boom")
            t = ilsa.task { title = "펌프 점검", due = "30m" }
            :tasks
            ilsa.sleep("1h") print("woke")
            :advance 1h
            :quit
            print("not reached")
            """
        let result = try await CLI.ilsa(["repl"], stdin: Data((script + "\n").utf8))
        #expect(result.exited(0), "\(result.summary)")
        let lines = result.stdoutText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(Array(lines.prefix(4)) == ["42", "줄\t1", "줄\t2", "stdin:1: boom"])
        #expect(lines[4].hasPrefix("ID"))
        #expect(lines[5].contains("펌프 점검") && lines[5].contains("open"))
        #expect(lines[6].hasPrefix("(waiting:"))
        #expect(lines[7] == "woke")
        #expect(!result.stdoutText.contains("not reached"))
        #expect(!result.stdoutText.contains("> "))
    }

    @Test func aLiveStoreKeepsTheSessionRunUntilTheSessionEnds() async throws {
        let folder = try TemporaryFolder(prefix: "ilsa-repl-store")
        let store = folder.path("ilsa.sqlite")
        let result = try await CLI.ilsa(["repl", "--store", store], stdin: Data("x = 2\nx * 21\n:clock\n:advance 1h\n".utf8))
        let lines = result.stdoutText.split(separator: "\n").map(String.init)
        #expect(lines.first == "42", "\(result.summary)")
        #expect(lines.count == 3 && !lines[1].contains("virtual"))
        #expect(lines.last?.hasPrefix("the clock is the wall clock") == true)
        let status = try await CLI.ilsa(["status", "--all", "--store", store])
        #expect(status.stdoutText.contains("repl") && status.stdoutText.contains("cancelled"), "\(status.summary)")
    }

    @Test func anIncompleteChunkAtEndOfInputIsReported() async throws {
        let result = try await CLI.ilsa(["repl"], stdin: Data("for i = 1, 2 do\n".utf8))
        #expect(result.stdoutText == "stdin:1: 'end' expected near <eof>\n")
    }

    /// Types at the real binary through a pseudo-terminal: line editing, history recall, Ctrl-C
    /// during a runaway line, Ctrl-D to leave; the history file keeps the lines.
    @Test(.timeLimit(.minutes(1))) func aPersonAtATerminal() throws {
        let folder = try TemporaryFolder(prefix: "ilsa-repl-pty")
        let historyPath = folder.path("history")
        let terminal = try PseudoTerminal.repl(history: historyPath)
        defer { terminal.close() }

        // Line editing: "2 + 3", one left, insert "1": 2 + 13.
        terminal.type("2 + 3\u{1b}[D1\r")
        try terminal.expect("15\r\n")
        // Home (Ctrl-A), right over a quote and over 길 (two columns: the cursor goes back 8
        // columns from the end, not 9), backspace deletes 길.
        terminal.type("'길' .. 'x'\u{1}\u{1b}[C\u{1b}[C")
        try terminal.expect("\u{1b}[8D")
        terminal.type("\u{7f}\u{1b}[F\r")
        try terminal.expect("\"x\"\r\n")
        // History: up twice recalls "2 + 13"; Home (ESC [H) and insert "1": 12 + 13.
        terminal.type("\u{1b}[A\u{1b}[A\u{1b}[H1\r")
        try terminal.expect("25\r\n")
        // Tab completes a unique name; a second Tab lists several.
        terminal.type("ilsa.sl\t")
        try terminal.expect("ilsa.sleep")
        terminal.type("\u{15}ilsa.ta\t")
        try terminal.expect("ilsa.task")
        terminal.type("\u{15}ilsa.t\t")
        try terminal.expect("ilsa.task  ")
        try terminal.expect("ilsa.timer")
        terminal.type("\u{15}")
        // Ctrl-C during a runaway line stops it at once (well before its 5 s limit); the prompt
        // comes back with the session's globals, and keys typed meanwhile are kept for it.
        terminal.type("x = 42 while true do end\r")
        Thread.sleep(forTimeInterval: 0.3)
        let interrupted = ContinuousClock.now
        terminal.type("\u{3}")
        try terminal.expect("^C")
        terminal.type("x + 1\r")
        try terminal.expect("stdin:1: interrupted", timeout: 20)
        #expect(ContinuousClock.now - interrupted < .seconds(4))
        try terminal.expect("> ")
        try terminal.expect("43\r\n")
        // Ctrl-C on a continuation line drops the chunk, and the prompt is the primary one again,
        // also when the next key redraws the line.
        terminal.type("function f()\r")
        try terminal.expect(">> ")
        terminal.type("\u{3}")
        try terminal.expect("^C")
        terminal.type("7")
        try terminal.expect("\r> 7\u{1b}[K")
        terminal.type("\r")
        try terminal.expect("7\r\n")
        // Ctrl-D on an empty line leaves.
        terminal.type("\u{4}")
        let status = try terminal.waitForExit()
        #expect(status == 0)
        let history = try String(contentsOfFile: historyPath, encoding: .utf8)
        #expect(history.contains("2 + 13\n") && history.contains("12 + 13\n") && history.contains("while true do end\n"))
    }
}

/// The throw-away session acts on its own tasks and escalations, at a real terminal: a playbook
/// is walked through at the prompt.
@Suite struct ReplWalkThroughAtATerminalTests {
    @Test(.timeLimit(.minutes(1))) func aWaitingLineGoesOnWhenThePromptAnswersIt() throws {
        let folder = try TemporaryFolder(prefix: "ilsa-repl-walk")
        let terminal = try PseudoTerminal.repl(history: folder.path("history"))
        defer { terminal.close() }
        terminal.type("t = ilsa.task { title = '배수펌프 점검', due = '30m' }\r")
        try terminal.expect("> ")
        terminal.type("t:wait() print('pumps ok')\r")
        try terminal.expect("(waiting")
        terminal.type(":done repl.2 점검 완료\r")
        try terminal.expect("pumps ok\r\n")
        terminal.type(
            "e = ilsa.escalate { to = 'control_tower', severity = 'alert', reason = '하천 범람 우려', options = {'evacuate', 'hold'} }\r")
        try terminal.expect("> ")
        terminal.type("d = e:wait() print(d.option)\r")
        try terminal.expect("(waiting")
        terminal.type(":decide repl.10 evacuate\r")
        try terminal.expect("evacuate\r\n")
        terminal.type("ilsa.sleep('1h') print('an hour later')\r")
        try terminal.expect("(waiting")
        terminal.type(":advance 1h\r")
        try terminal.expect("an hour later\r\n")
        // A line the answer wakes and that then runs away: Ctrl-C stops it, and the globals stay.
        terminal.type("u = ilsa.task { title = 'b' }\r")
        try terminal.expect("> ")
        terminal.type("u:wait() n = 0 while true do n = n + 1 end\r")
        try terminal.expect("(waiting")
        terminal.type(":done repl.23\r")
        Thread.sleep(forTimeInterval: 0.3)
        terminal.type("\u{3}")
        try terminal.expect("interrupted", timeout: 20)
        terminal.type("n > 0, d.option\r")
        try terminal.expect("true\t\"evacuate\"\r\n")
        terminal.type("\u{4}")
        #expect(try terminal.waitForExit() == 0)
    }
}

/// A child process on a pseudo-terminal, driven by keys.
final class PseudoTerminal {
    /// `ilsa repl` at a terminal of its own, keeping its history at `history`, once it prompts.
    static func repl(history: String) throws -> PseudoTerminal {
        let terminal = try PseudoTerminal(try CLI.ilsaURL().path, ["repl"], environment: ["ILSA_HISTORY": history, "TERM": "xterm"])
        do {
            try terminal.expect("> ")
        } catch {
            terminal.close()
            throw error
        }
        return terminal
    }

    private var master: Int32 = -1
    private var pid: pid_t = 0
    private(set) var output = ""
    private var consumed: String.Index

    init(_ executable: String, _ arguments: [String], environment: [String: String]) throws {
        var slave: Int32 = -1
        var size = winsize(ws_row: 24, ws_col: 80, ws_xpixel: 0, ws_ypixel: 0)
        guard openpty(&master, &slave, nil, nil, &size) == 0 else { throw TestKitError("openpty failed") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd in Int32(0)...2 { posix_spawn_file_actions_adddup2(&actions, slave, fd) }
        posix_spawn_file_actions_addclose(&actions, master)
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        Glibc.close(slave)
        guard spawned == 0 else { throw TestKitError("cannot start \(executable)") }
        consumed = output.startIndex
    }

    func type(_ keys: String) {
        var keys = keys
        keys.withUTF8 { _ = Glibc.write(master, $0.baseAddress, $0.count) }
    }

    /// Reads until `text` appears after what earlier expectations consumed.
    func expect(_ text: String, timeout: Double = 10) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let range = output[consumed...].range(of: text) {
                consumed = range.upperBound
                return
            }
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { throw TestKitError("expected \(text.debugDescription); the terminal shows:\n\(output.debugDescription)") }
            var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            if poll(&poller, 1, Int32(left * 1000)) > 0 {
                var buffer = [UInt8](repeating: 0, count: 4096)
                let n = read(master, &buffer, buffer.count)
                if n <= 0 { throw TestKitError("the terminal closed; it showed:\n\(output.debugDescription)") }
                let offset = output.distance(from: output.startIndex, to: consumed)
                output += String(decoding: buffer[..<n], as: UTF8.self)
                consumed = output.index(output.startIndex, offsetBy: offset)
            }
        }
    }

    func waitForExit() throws -> Int32 {
        // Drain the terminal so the child never blocks writing.
        var buffer = [UInt8](repeating: 0, count: 4096)
        while read(master, &buffer, buffer.count) > 0 {}
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        pid = 0
        return (status >> 8) & 0xff
    }

    func close() {
        if pid != 0 {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        if master >= 0 { Glibc.close(master) }
        master = -1
    }
}
