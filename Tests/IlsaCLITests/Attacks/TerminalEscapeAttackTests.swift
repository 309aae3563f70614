import Foundation
import IlsaTesting
import Testing

/// Issue 12: text from playbooks, the store, plugins, signals and feeds reaches the terminal
/// with its control characters made visible, never obeyed.
///
/// A hostile playbook, plugin and signal put escape sequences in every field they write: CSI
/// (clear the screen, move the cursor), OSC 0 (retitle the window), BEL, CR (print over the
/// line), a newline (forge a line), the 8-bit CSI U+009B and a right-to-left override. Every
/// command that prints those fields runs on them, and its standard output and error must hold
/// none of those characters, while the hostile text is there in its visible form: the commands
/// cannot pass by dropping it. With `--color always`, the only escape sequences are the CLI's own
/// SGR codes.
@Suite(.serialized) struct TerminalEscapeAttackTests {
    /// The hostile text, as a Lua string literal's contents.
    static let lua = #"\27[2J\27[H\27]0;pwned\7\r\u{9B}31m\u{202E}desrever\u{202C}\nFORGED"#
    /// The same text as Swift sees it.
    static let raw = "\u{1B}[2J\u{1B}[H\u{1B}]0;pwned\u{07}\r\u{9B}31m\u{202E}desrever\u{202C}\nFORGED"
    /// How the CLI shows it.
    static let visible = #"\x1B[2J\x1B[H\x1B]0;pwned\x07\r\u{9B}31m\u{202E}desrever\u{202C}\nFORGED"#

    // MARK: The duty officer's commands

    @Test(.timeLimit(.minutes(3))) func everyCommandShowsHostileTextWithoutObeyingIt() async throws {
        let scratch = try Workspace.hostile()
        let v = Self.visible

        // A run starts; the plugin's hook writes to the console and fails, with hostile text.
        let started = try await scratch.ilsa(["run", "--detach", "--id", "h1", "hostile.lua"])
        #expect(started.exited(0) && started.stdoutText == "h1\n", "\(started.summary)")
        expectInert(started, shows: ["W" + v, "X" + v], "run --detach")

        expectInert(try await scratch.ilsa(["status"]), shows: [#"T\x1B[2J\x1B[H"#], "status")
        expectInert(try await scratch.ilsa(["status", "h1"]), shows: ["T" + v, "note=P" + v, #"K\x1B[2J"#], "status RUN")
        expectInert(try await scratch.ilsa(["history", "h1"]), shows: ["log: printed " + v, "log: L" + v, "created: K" + v], "history")
        expectInert(try await scratch.ilsa(["tasks"]), shows: ["K" + v], "tasks")

        let note = "N" + Self.raw
        expectInert(try await scratch.ilsa(["task", "ack", "h1.3", "--note", note]), shows: ["K" + v, "note: N" + v], "task ack")
        let done = try await scratch.ilsa(["task", "done", "h1.3"])
        #expect(done.exited(0), "\(done.summary)")
        expectInert(done, shows: ["new escalation h1.5 to control_tower (경계 alert): R" + v], "task done")

        expectInert(try await scratch.ilsa(["escalations"]), shows: ["R" + v, "go, O" + v], "escalations")
        expectInert(try await scratch.ilsa(["escalation", "ack", "h1.5"]), shows: ["R" + v, "options: go, O" + v], "escalation ack")
        expectInert(try await scratch.ilsa(["decide", "h1.5", "go", "--note", note]), shows: ["note: N" + v], "decide")

        // The signal's payload carries controls as JSON escapes; the run logs it, then fails with
        // a hostile error.
        let payload = #"{"x": "S\u001b[2J\u0007\r\u009b31m\u202e\nFORGED"}"#
        let signalled = try await scratch.ilsa(["signal", "h1", "gauge", payload])
        #expect(signalled.exited(0), "\(signalled.summary)")
        expectInert(signalled, shows: ["run h1 failed: E" + v], "signal")
        let payloadShown = #"S\x1B[2J\x07\r\u{9B}31m\u{202E}\nFORGED"#
        expectInert(
            try await scratch.ilsa(["history", "h1"]), shows: ["log: got " + payloadShown, "run failed: E" + v, #"\u{9B}31m"#],
            "history of a failed run")
        expectInert(try await scratch.ilsa(["status", "h1"]), shows: ["outcome    run failed: E" + v], "status of a failed run")
        expectInert(try await scratch.ilsa(["status", "--all"]), shows: [#"T\x1B[2J"#], "status --all")

        // Cancelling, with a hostile reason and name.
        _ = try await scratch.ilsa(["run", "--detach", "--id", "h2", "hostile.lua"])
        expectInert(
            try await scratch.ilsa(["cancel", "h2", "--reason", "C" + Self.raw, "--by", "B" + Self.raw]), shows: ["B" + v], "cancel")
        expectInert(try await scratch.ilsa(["history", "h2"]), shows: ["run cancelled by B" + v + ": C" + v], "history of a cancelled run")

        // ilsa work: a timer falls due, and a plugin's signal source (with a hostile id) is read.
        _ = try await scratch.ilsa(["run", "--detach", "--id", "s1", "sleeper.lua"])
        _ = try await scratch.ilsa(["run", "--detach", "--id", "l1", "listener.lua"])
        try await Task.sleep(for: .milliseconds(1200))
        expectInert(try await scratch.ilsa(["work"]), shows: ["log: L" + v, "signal evil.alarm I" + v], "work")

        // ilsa run, following a run to its end: the log line and the hostile result.
        let followed = try await scratch.ilsa(["run", "quick.lua"])
        #expect(followed.exited(0), "\(followed.summary)")
        expectInert(followed, shows: ["log: L" + v, #"run completed: {"said":"Z\u001b[2J"#], "run")
        let failing = try await scratch.ilsa(["run", "failing.lua"])
        #expect(failing.exited(1), "\(failing.summary)")
        expectInert(failing, shows: ["run failed: E" + v], "run of a failing playbook")

        // --json is JSON's escapes, and reads back to the hostile text itself.
        for arguments in [["history", "h1"], ["status", "h1"], ["tasks", "--all"], ["escalations", "--all"]] {
            let json = try await scratch.ilsa(arguments + ["--json"])
            expectInert(json, shows: [#"\u001b]0;pwned\u0007"#, #"\u009b"#, #"\u202e"#], (arguments + ["--json"]).joined(separator: " "))
            let decoded = try JSONSerialization.jsonObject(with: json.stdout)
            #expect(Self.strings(in: decoded).contains { $0.contains(Self.raw) }, "\(arguments) --json lost the text")
        }
    }

    // MARK: The drill, ilsa check, plugins, ilsa lua

    @Test func theDrillsTextShowsHostileTextVisibly() async throws {
        let scratch = try Workspace.hostile()
        let drill = try await scratch.ilsa(["drill", "hostile.lua", "--until", "3h"])
        #expect(drill.exited(1), "\(drill.summary)")  // still waiting for its signal at the horizon
        expectInert(
            drill, shows: ["Drill of hostile — T" + Self.visible, "note=P" + Self.visible, "log: L" + Self.visible, "R" + Self.visible],
            "drill")
        let failed = try await scratch.ilsa(["drill", "failing.lua"])
        #expect(failed.exited(1), "\(failed.summary)")
        expectInert(failed, shows: ["Result: failed at T+0:00:00: E" + Self.visible], "drill of a failing playbook")
        expectInert(try await scratch.ilsa(["drill", "quick.lua", "--json"]), shows: [#"\u009b31m"#], "drill --json")
    }

    @Test func checkQuotesASyntaxErrorVisibly() async throws {
        let scratch = try Workspace.hostile()
        // Lua's message quotes the unfinished string, escapes and all (it ends at the CR).
        try scratch.write("bad.lua", "return ilsa.workflow { name = \"bad\", title = \"\u{1B}]0;pwned\u{07}\u{9B}2J\u{202E}x\r\n")
        let check = try await scratch.ilsa(["check", "bad.lua"])
        #expect(check.exited(1), "\(check.summary)")
        expectInert(
            check, shows: [#"bad.lua:1: unfinished string near '"\x1B]0;pwned\x07\u{9B}2J\u{202E}x'"#, "Y" + Self.visible], "check")
        let json = try await scratch.ilsa(["check", "--json", "bad.lua"])
        expectInert(json, shows: [#"\u001b]0;pwned\u0007\u009b2J\u202ex"#], "check --json")
    }

    @Test func pluginManifestsAndOutputAreShownVisibly() async throws {
        let scratch = try Workspace.hostile()
        expectInert(try await scratch.ilsa(["plugins", "list"]), shows: ["evil", "broken"], "plugins list")
        expectInert(
            try await scratch.ilsa(["plugins", "info", "evil"]),
            shows: ["description  V" + Self.visible, "[string] F" + Self.visible, #""G\u001b[2J"#], "plugins info")
        let check = try await scratch.ilsa(["plugins", "check"])
        #expect(check.exited(1), "\(check.summary)")
        expectInert(check, shows: ["Y" + Self.visible], "plugins check")
        let tests = try await scratch.ilsa(["plugins", "test", "evil"])
        #expect(tests.exited(1), "\(tests.summary)")
        expectInert(tests, shows: ["FAIL extra/evil/tests/evil_test.lua: T" + Self.visible, #"got "B\27[2J"#], "plugins test")
        expectInert(try await scratch.ilsa(["plugins", "list", "--json"]), shows: [#"\u009b31m"#], "plugins list --json")
        _ = try await scratch.ilsa(["run", "--detach", "--id", "l1", "listener.lua"])
        expectInert(try await scratch.ilsa(["plugins", "poll"]), shows: ["evil.alarm I" + Self.visible], "plugins poll")
    }

    @Test func luaErrorsAndTracebacksAreShownVisibly() async throws {
        // A traceback names functions by any string: one level per line all the same.
        let source = #"_G["f\27[2J\nX"] = function() error("boom\27]0;pwned\7\u{202E}") end"# + "\n" + #"_G["f\27[2J\nX"]()"# + "\n"
        let result = try await CLI.ilsa(["lua", "-"], stdin: Data(source.utf8))
        #expect(result.exited(1), "\(result.summary)")
        expectInert(
            result, shows: [#"ilsa: stdin:1: boom\x1B]0;pwned\x07\u{202E}"#, #"stdin:1: in function 'f\x1B[2J\nX'"#], "lua",
            allowingTabs: true)
        #expect(result.stderrText.contains("stack traceback:\n\t"))
    }

    // MARK: Colour

    /// With colour on, the text is made visible first and styled after: the only escape
    /// sequences are SGR codes, `ESC [ digits ; ... m`.
    @Test func colourAddsOnlySGRCodes() async throws {
        let scratch = try Workspace.hostile()
        _ = try await scratch.ilsa(["run", "--detach", "--id", "c1", "hostile.lua"])
        _ = try await scratch.ilsa(["task", "ack", "c1.3"])
        _ = try await scratch.ilsa(["task", "done", "c1.3"])
        let always = ["--color", "always"]
        for arguments in [
            ["history", "c1"], ["status", "c1"], ["status"], ["tasks", "--all"], ["escalations", "--all"], ["run", "quick.lua"],
            ["run", "failing.lua"], ["drill", "hostile.lua", "--until", "3h"],
        ] {
            expectOnlySGR(try await scratch.ilsa(arguments + always), (arguments + always).joined(separator: " "))
        }
        // Started now, so no follower above has fired its timer.
        _ = try await scratch.ilsa(["run", "--detach", "--id", "s1", "sleeper.lua"])
        try await Task.sleep(for: .milliseconds(1200))
        expectOnlySGR(try await scratch.ilsa(["work"] + always), "work --color always")
        // The failed run's outcome is styled red, after it is made visible.
        _ = try await scratch.ilsa(["decide", "c1.5", "go"])
        _ = try await scratch.ilsa(["signal", "c1", "gauge", #"{"x": "y"}"#])
        let status = try await scratch.ilsa(["status", "c1", "--color", "always"])
        expectOnlySGR(status, "status of a failed run --color always")
        #expect(status.stdoutText.contains("\u{1B}[1;31mrun failed: E" + Self.visible + "\u{1B}[0m"), "\(status.summary)")
    }

    // MARK: The REPL

    @Test func theREPLShowsValuesErrorsAndRunsVisibly() async throws {
        let scratch = try Workspace.hostile()
        let h = Self.lua
        let script = """
            t = ilsa.task { title = "K\(h)", assignee = { role = "DONG.HEAD", district = "singil" }, due = "1h" }
            t
            require("evil").banner
            { note = "N\(h)" }
            error("E\(h)", 0)
            :tasks
            :run hostile.lua
            :escalations
            :advance 2h
            :run failing.lua
            :load failing.lua
            """
        let result = try await scratch.ilsa(["repl"], stdin: Data((script + "\n").utf8))
        #expect(result.exited(0), "\(result.summary)")
        // The pretty printer writes a string as Lua would read it back: \27, \r, \n; the
        // session shows the rest (C1, bidi) as \u{...}.
        let lua = #"\27[2J\27[H\27]0;pwned\7\r\u{9B}31m\u{202E}desrever\u{202C}\nFORGED"#
        expectInert(
            result,
            shows: [
                "title = \"K" + Self.visible, "\"B" + lua + "\"", "note = \"N" + lua + "\"", #"E\x1B[2J\x1B[H\x1B]0;pwned\x07\r\u{9B}31m"#,
                #"K\x1B[2J"#, " started (waiting)",
            ],
            "repl", allowingTabs: true)
    }

    /// At a terminal: the same values, and completion neither lists nor inserts a name with a
    /// control character in it.
    @Test(.timeLimit(.minutes(1))) func theREPLAtATerminalShowsNoHostileControls() throws {
        let scratch = try Workspace.hostile()
        var environment = scratch.environment
        environment["ILSA_HISTORY"] = scratch.url.appendingPathComponent("history").path
        environment["TERM"] = "xterm"
        let terminal = try PseudoTerminal(try CLI.ilsaURL().path, ["repl"], environment: environment)
        defer { terminal.close() }
        try terminal.expect("> ")
        terminal.type("require('evil').banner\r")
        try terminal.expect("FORGED\"\r\n")
        terminal.type("bad1 = 20\r")
        terminal.type("_G['bad\\27[2J'] = 2\r")
        terminal.type("ba\t * 2\r")  // one name to complete: bad1
        try terminal.expect("40\r\n")
        terminal.type("\u{4}")
        _ = try terminal.waitForExit()
        // The session's own line editing (CR, ESC [ K, ESC [ n D) aside, nothing is a control.
        let shown = terminal.output.replacing(/\u{1B}\[[0-9]*[KD]/, with: "").replacingOccurrences(of: "\r", with: "")
        expectInert(
            RunResult(stdout: Data(shown.utf8)), shows: [#"\u{9B}31m\u{202E}desrever"#, "bad1 * 2"], "repl at a terminal",
            allowingTabs: true)
    }

    // MARK: Helpers

    /// Every string in a decoded JSON value.
    static func strings(in value: Any) -> [String] {
        switch value {
        case let text as String: [text]
        case let array as [Any]: array.flatMap(strings)
        case let object as [String: Any]: object.values.flatMap(strings)
        default: []
        }
    }
}

/// What a terminal would obey rather than show: C0 controls but newline (and tab), DEL, C1
/// controls, bidirectional controls.
private func obeyed(_ scalar: Unicode.Scalar, allowingTabs: Bool) -> Bool {
    switch scalar.value {
    case 0x0A: false
    case 0x09: !allowingTabs
    case 0x00...0x1F, 0x7F...0x9F: true
    default: scalar.properties.isBidiControl
    }
}

/// Standard output and error hold nothing a terminal would obey, and show each of `fragments`.
private func expectInert(
    _ result: RunResult, shows fragments: [String], _ what: String, allowingTabs: Bool = false,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(!result.timedOut, "\(what) timed out", sourceLocation: sourceLocation)
    for (stream, text) in [("stdout", result.stdoutText), ("stderr", result.stderrText)] {
        let found = text.unicodeScalars.filter { obeyed($0, allowingTabs: allowingTabs) }
        #expect(
            found.isEmpty,
            "\(what): \(stream) holds \(found.map { "U+" + String($0.value, radix: 16, uppercase: true) })\n\(result.summary)",
            sourceLocation: sourceLocation)
    }
    let both = result.stdoutText + result.stderrText
    for fragment in fragments {
        #expect(both.contains(fragment), "\(what) does not show \(fragment)\n\(result.summary)", sourceLocation: sourceLocation)
    }
}

/// With colour on: there is colour, and every escape sequence is an SGR code; without them, the
/// output holds nothing a terminal would obey.
private func expectOnlySGR(_ result: RunResult, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(result.stdoutText.contains("\u{1B}["), "\(what) has no colour\n\(result.summary)", sourceLocation: sourceLocation)
    let sgr = /\u{1B}\[[0-9;]*m/
    let stripped = RunResult(
        stdout: Data(result.stdoutText.replacing(sgr, with: "").utf8), stderr: Data(result.stderrText.replacing(sgr, with: "").utf8),
        timedOut: result.timedOut)
    expectInert(stripped, shows: [#"\x1B]0;pwned\x07"#], what, sourceLocation: sourceLocation)
}

extension RunResult {
    /// A result made of text, to check with the same expectations.
    init(stdout: Data, stderr: Data = Data(), timedOut: Bool = false) {
        self.init(stdout: stdout, stderr: stderr, status: 0, signaled: false, timedOut: timedOut, elapsed: .zero)
    }
}

/// A workspace with a store, the hostile playbooks, and a folder of hostile plugins on
/// `ILSA_PLUGIN_PATH`: `evil` (a hostile description and config, a hook that writes to the
/// console and fails, a signal source with a hostile id, a module with a hostile string, a test
/// that prints and fails with hostile text) and `broken` (its code raises a hostile error).
extension Workspace {
    static func hostile() throws -> Workspace {
        let workspace = try Workspace()
        workspace.pluginPath = workspace.path("extra")
        let h = TerminalEscapeAttackTests.lua
        try workspace.write(
            "hostile.lua",
            """
            local H = "\(h)"
            return ilsa.workflow {
              name = "hostile", title = "T" .. H,
              params = { { name = "note", type = "string", default = "P" .. H } },
              run = function(ctx)
                print("printed " .. H)
                warn("@on")
                warn("warned " .. H)
                ilsa.log("L" .. H)
                local t = ilsa.task {
                  title = "K" .. H, detail = "D" .. H, checklist = { "C" .. H },
                  assignee = { role = "DONG.HEAD", district = "singil" }, due = "1h",
                }
                t:wait()
                local d = ilsa.escalate { to = "control_tower", severity = "alert", reason = "R" .. H, options = { "go", "O" .. H } }:wait()
                ilsa.log("decided " .. d.option)
                local s = ilsa.wait_signal("gauge")
                ilsa.log("got " .. tostring(s.payload.x))
                error("E" .. H, 0)
              end,
            }

            """)
        try workspace.write(
            "quick.lua",
            """
            local H = "\(h)"
            return ilsa.workflow { name = "quick", title = "Q" .. H, run = function(ctx)
              ilsa.log("L" .. H)
              return { said = "Z" .. H }
            end }

            """)
        try workspace.write(
            "failing.lua",
            """
            local H = "\(h)"
            return ilsa.workflow { name = "failing", title = "F" .. H, run = function(ctx)
              error("E" .. H, 0)
            end }

            """)
        try workspace.write(
            "sleeper.lua",
            """
            local H = "\(h)"
            return ilsa.workflow { name = "sleeper", title = "S" .. H, run = function(ctx)
              ilsa.sleep("1s")
              ilsa.log("L" .. H)
            end }

            """)
        try workspace.write(
            "listener.lua",
            """
            return ilsa.workflow { name = "listener", title = "listener", run = function(ctx)
              local s = ilsa.wait_signal("evil.alarm")
              ilsa.log("alarm " .. s.payload.text)
            end }

            """)
        try FileManager.default.createDirectory(at: workspace.url.appendingPathComponent("extra/evil"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: workspace.url.appendingPathComponent("extra/broken"), withIntermediateDirectories: true)
        try workspace.write(
            "extra/evil/plugin.lua",
            """
            return {
              name = "evil", version = "1.0.0", api = { 1 }, description = "V\(h)",
              provides = { modules = { "evil" }, hooks = { "on_task_created" }, signals = { "evil.alarm" } },
              permissions = { "console" },
              config = { note = { type = "string", default = "G\(h)", description = "F\(h)" } },
            }

            """)
        try workspace.write(
            "extra/evil/init.lua",
            """
            local H = "\(h)"
            local hooks = {}
            function hooks.on_task_created(e)
              console.write("W" .. H)
              error("X" .. H, 0)
            end
            local function source()
              return { { name = "evil.alarm", id = "I" .. H, payload = { text = "A" .. H } } }
            end
            return { modules = { evil = { banner = "B" .. H } }, hooks = hooks, source = source }

            """)
        try workspace.write("extra/evil/README.md", "# evil\n")
        try FileManager.default.createDirectory(
            at: workspace.url.appendingPathComponent("extra/evil/tests"), withIntermediateDirectories: true)
        try workspace.write(
            "extra/evil/tests/evil_test.lua",
            """
            local H = "\(h)"
            local evil = require "evil"
            test("T" .. H, function()
              print("printed " .. H)
              warn("@on")
              warn("warned " .. H)
              eq(evil.banner, "nope")
            end)

            """)
        try workspace.write(
            "extra/broken/plugin.lua",
            """
            return { name = "broken", version = "1.0.0", api = { 1 }, description = "broken", provides = { modules = { "broken" } } }

            """)
        try workspace.write("extra/broken/init.lua", "error(\"Y\(h)\", 0)\n")
        try workspace.write("extra/broken/README.md", "# broken\n")
        return workspace
    }
}
