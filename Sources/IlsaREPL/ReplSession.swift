public import IlsaStore
public import Foundation
public import IlsaEngine
public import IlsaLua
import IlsaTerminal

/// The prompt's logic, without a terminal: lines in, text out, so it is testable by transcript.
///
/// A session is a real run of the engine (see ``PromptDriver``): each complete input is sent to it as
/// a signal, and the run executes it in its own coroutine, so `t:wait()` and `ilsa.sleep("2h")`
/// suspend the line exactly as they suspend a playbook. On the session's own store the clock is
/// virtual and `:advance` moves it; on a live store (`--store`) the clock is the wall clock.
///
/// Input is read as `lua.c` reads it: `return <line>` first (an expression prints its values),
/// then the line as a statement, and a chunk that ends early (`for i = 1, 3 do`) waits for more
/// lines on the continuation prompt.
///
/// What the session prints has its control characters made visible (``shown(_:)``), except what
/// the person at the prompt prints with `print`, which is written as `lua5.4` writes it: values
/// (a string's escapes are Lua's, `"\27[2J"`), error messages, task titles from the store, what
/// `:run` and `:advance` report of playbooks' runs cannot drive the terminal.
///
/// ```swift
/// let session = try ReplSession(options: .init())
/// session.feed("1 + 1").text   // "2"
/// ```
public final class ReplSession {
    /// How a session is set up.
    public struct Options {
        /// Opens the store to run against (with the wall clock); nil: a throw-away store in
        /// memory, with a virtual clock.
        public var openStore: (() throws -> any RunStore)?
        /// The city's roster (assignees, districts, completion of role codes and districts).
        public var roster: Roster?
        /// Loads the roster the first time it is needed (instead of ``roster``): a roster takes
        /// longer to read than the prompt takes to appear.
        public var loadRoster: (@Sendable () throws -> Roster?)?
        /// The plugins whose modules lines and playbooks may `require` (`require "kma"`).
        public var plugins: PluginSet
        /// Where the virtual clock starts; nil: now, to the minute.
        public var start: Date?
        /// Where `:load` and `:run` read files relative to.
        public var directory: String

        public init(
            openStore: (() throws -> any RunStore)? = nil, roster: Roster? = nil, loadRoster: (@Sendable () throws -> Roster?)? = nil,
            plugins: PluginSet = .empty, start: Date? = nil, directory: String? = nil
        ) {
            self.loadRoster = loadRoster
            self.plugins = plugins
            self.openStore = openStore
            self.roster = roster
            self.start = start
            self.directory = directory ?? FileManager.default.currentDirectoryPath
        }
    }

    /// What one line of input gave.
    public struct Output: Equatable, Sendable {
        /// Text to print (without a final newline); empty for nothing. Its line breaks and tabs are
        /// its layout; any other control character in it is the person's own `print`.
        public var text: String
        /// Whether the session asks to end (`:quit`).
        public var quit: Bool

        public init(_ text: String = "", quit: Bool = false) {
            self.text = text
            self.quit = quit
        }
    }

    public let options: Options
    /// The session's clock: virtual on the session's own store, the wall clock on a live one.
    public let clock: any EngineClock
    /// The virtual clock, or nil on a live store (the wall clock).
    public let virtualClock: VirtualClock?
    /// The session's run, once a line has needed it.
    public private(set) var run: RunID?
    /// The engine, once something has needed it: the first prompt shows before any store is made.
    private var live: Engine?
    private var loadedRoster: Result<Roster?, any Error>?
    /// Lines of an incomplete chunk, waiting for more.
    public private(set) var pending: [String] = []
    /// Names for completion, as the run last reported them.
    public private(set) var names: [String] = []
    /// Lines sent to the run that have not finished (they wait on the clock or a task).
    public private(set) var waitingLines = 0
    /// The compiler that tells expressions, statements and incomplete chunks apart.
    private let compiler: LuaState
    private var seen = 0
    private var runCounter = 0

    /// The prompt to show: `"> "`, or `">> "` while a chunk is incomplete.
    public var prompt: String { pending.isEmpty ? "> " : ">> " }

    /// - Throws: ``StoreError`` when the store does not open, ``LuaError`` when Lua cannot start.
    public init(options: Options) throws {
        self.options = options
        compiler = try LuaState(profile: .sandbox, limits: LuaLimits(memory: 8 << 20))
        if options.openStore != nil {
            clock = WallClock()
            virtualClock = nil
            _ = try engine  // a live store the user named: refuse a bad one at once
        } else {
            let start = options.start ?? Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 60).rounded(.down) * 60)
            let virtual = VirtualClock(startingAt: start)
            clock = virtual
            virtualClock = virtual
        }
    }

    /// The city's roster: given, or loaded the first time it is needed.
    public var roster: Roster? {
        get throws {
            if let roster = options.roster { return roster }
            guard let load = options.loadRoster else { return nil }
            if loadedRoster == nil { loadedRoster = Result { try load() } }
            return try loadedRoster!.get()
        }
    }

    /// The engine on the session's store, made the first time it is needed.
    public var engine: Engine {
        get throws {
            if let live { return live }
            // The session's own store is in memory: it goes with the session.
            let store: any RunStore = try options.openStore?() ?? InMemoryRunStore()
            let directory = options.directory
            let engine = Engine(
                store: store, clock: clock, roster: try roster,
                source: { name in
                    if name == PromptDriver.workflow { return PromptDriver.source }
                    let path = name.hasPrefix("/") ? name : directory + "/" + name
                    return try Playbook.text(ofFile: path)
                }, plugins: options.plugins.modulesOnly)
            live = engine
            return engine
        }
    }

    /// The session's run, started the first time a line needs it.
    private func sessionRun() throws -> RunID {
        if let run { return run }
        let started = try startRun()
        run = started
        return started
    }

    private func startRun() throws -> RunID {
        runCounter += 1
        let id: RunID
        if virtualClock != nil {
            id = RunID(runCounter == 1 ? "repl" : "repl\(runCounter)")
        } else {
            id = RunID("repl-" + String(UUID().uuidString.prefix(8)).lowercased())
        }
        let engine = try self.engine
        let started = try engine.start(playbook: PromptDriver.workflow, id: id, seed: 1)
        seen = started.events.last?.sequence ?? 0
        waitingLines = 0
        return started.run
    }

    // MARK: Input

    /// Takes one line of input: a command (`:help`), a line of Lua, or the next line of an
    /// incomplete chunk.
    public func feed(_ line: String) -> Output {
        if pending.isEmpty {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix(":") { return command(trimmed) }
            if trimmed.isEmpty { return Output() }
            // lua.c: a leading "=" means "return".
            let source = trimmed.hasPrefix("=") ? "return " + trimmed.dropFirst() : line
            if (try? compiler.load("return " + source + ";", chunkName: "=stdin")) != nil {
                return evaluateChunk("return " + source + ";", chunk: "=stdin", original: source)
            }
            return statement([source])
        }
        return statement(pending + [line])
    }

    func compilerLoad(_ source: String, chunk: String) throws {
        _ = try compiler.load(source, chunkName: chunk)
    }

    /// At the end of input: the error of a chunk left incomplete, as lua.c reports it.
    public func endOfInput() -> Output {
        guard !pending.isEmpty else { return Output() }
        defer { pending = [] }
        do {
            _ = try compiler.load(pending.joined(separator: "\n"), chunkName: "=stdin")
            return Output()
        } catch {
            return Output(Self.shown("\(error)"))
        }
    }

    /// What stops the line the input runs (Ctrl-C): a line of Lua, or a command that wakes a
    /// waiting line (`:advance`, `:done`). The session's run is made first for a line of Lua if
    /// it is not there yet; nil for a command before the run exists. Take it on the session's
    /// thread, before ``feed(_:)``; call its `stopLine()` from any thread: the line ends with
    /// "interrupted" and the session keeps its globals.
    public func interrupter(for line: String) -> LuaInterrupter? {
        let isCommand = line.trimmingCharacters(in: .whitespaces).hasPrefix(":")
        guard let run = isCommand ? run : try? sessionRun() else { return nil }
        return live?.interrupter(of: run)
    }

    /// Drops an incomplete chunk (Ctrl-C at the continuation prompt).
    public func cancelPending() { pending = [] }

    private func statement(_ lines: [String]) -> Output {
        let source = lines.joined(separator: "\n")
        do {
            _ = try compiler.load(source, chunkName: "=stdin")
            pending = []
            return evaluateChunk(source, chunk: "=stdin", original: source)
        } catch let error as LuaError where error.isIncompleteInput {
            pending = lines
            return Output()
        } catch {
            pending = []
            return Output(Self.shown("\(error)"))
        }
    }

    /// Sends a compiled chunk to the run and returns what it printed, if it finished.
    func evaluateChunk(_ source: String, chunk: String, original: String = "") -> Output {
        var hint: String?
        if original.trimmingCharacters(in: .whitespaces).hasPrefix("local ") {
            hint = "(hint: locals do not persist between lines; drop 'local' to keep the variable)"
        }
        var payload: [String: JSONValue] = ["source": .string(source), "chunk": .string(chunk)]
        if let hint { payload["hint"] = .string(hint) }
        do {
            let run = try sessionRun()
            waitingLines += 1
            try engine.signal(run, name: PromptDriver.signal, payload: .object(payload))
        } catch {
            waitingLines = max(0, waitingLines - 1)
            return Output(Self.shown("ilsa: \(error)"))
        }
        var text = collect()
        if waitingLines > 0 {
            let note =
                virtualClock != nil
                ? "(waiting: the line goes on when what it waits for happens; :advance DURATION moves the clock)"
                : "(waiting: the line goes on when what it waits for happens)"
            text = text.isEmpty ? note : text + "\n" + note
        }
        return Output(text)
    }

    /// Reads what the run logged since last time: outputs of finished lines, names, and its end.
    func collect() -> String {
        var outputs: [String] = []
        guard let run, let live else { return "" }
        do {
            let events = try live.store.history(of: run, after: seen)
            for event in events {
                seen = event.sequence
                if case .issued(let command) = event.fact, case .log(let message) = command.request {
                    if message.hasPrefix(PromptDriver.outputMark) {
                        waitingLines = max(0, waitingLines - 1)
                        let text = String(message.dropFirst())
                        if !text.isEmpty { outputs.append(describeHandles(in: Self.shown(text))) }
                    } else if message.hasPrefix(PromptDriver.printMark) {
                        outputs.append(String(message.dropFirst()))  // the person's own print, as lua5.4 writes it
                    } else if message.hasPrefix(PromptDriver.namesMark) {
                        // Completion offers names that can be typed: a table key with controls is not one.
                        names = message.dropFirst().split(separator: "\n").map(String.init)
                            .filter { !$0.unicodeScalars.contains(where: \.isTerminalControl) }
                    }
                } else if case .failed(let failure) = event.fact {
                    var message = failure.message.isEmpty ? "the line failed" : failure.message
                    // A limit stops the line inside the session's driver: name the line, not the driver.
                    if message.hasPrefix(PromptDriver.workflow + ":"),
                        let colon = message.dropFirst(PromptDriver.workflow.count + 1).firstIndex(of: ":")
                    {
                        message = "stdin" + message[colon...]
                    }
                    outputs.append(Self.shown(message))
                    outputs.append("(the session's run ended with it: globals are reset)")
                    self.run = nil
                    waitingLines = 0
                    return outputs.joined(separator: "\n")
                }
            }
        } catch {
            outputs.append(Self.shown("ilsa: \(error)"))
        }
        return outputs.joined(separator: "\n")
    }

    /// Shows engine handles with what the store knows of them now: `<task repl.3>` becomes
    /// `ilsa.Task{id = "repl.3", title = "배수 펌프 점검", state = "open", due = "in 1h00m"}`.
    func describeHandles(in text: String) -> String {
        guard text.contains("<task ") || text.contains("<escalation "), let engine = live else { return text }
        var result = ""
        var rest = Substring(text)
        while let open = rest.range(of: "<") {
            result += rest[..<open.lowerBound]
            let after = rest[open.upperBound...]
            guard let close = after.firstIndex(of: ">") else {
                rest = rest[open.lowerBound...]
                break
            }
            let inside = after[..<close]
            let parts = inside.split(separator: " ", maxSplits: 1).map(String.init)
            var shown: String?
            if parts.count == 2, parts[0] == "task", let id = TaskID(parts[1]), let task = try? engine.store.task(id) {
                var fields = [
                    "id = \(quoted(task.id.description))", "title = \(quoted(task.title))", "state = \(quoted(task.state.rawValue))",
                ]
                if let due = task.due { fields.append("due = \(quoted(RelativeTime.describe(from: engine.clock.now, to: due)))") }
                let assignee = [task.role, task.district, task.unit, task.person].compactMap { $0 }.joined(separator: " ")
                if !assignee.isEmpty { fields.append("assignee = \(quoted(assignee))") }
                shown = "ilsa.Task{" + fields.joined(separator: ", ") + "}"
            } else if parts.count == 2, parts[0] == "escalation", let id = EscalationID(parts[1]), let e = try? engine.store.escalation(id)
            {
                shown =
                    "ilsa.Escalation{id = \(quoted(e.id.description)), to = \(quoted(e.to)), severity = \(quoted(e.severity)), state = \(quoted(e.state.rawValue))}"
            }
            result += shown ?? "<" + inside + ">"
            rest = after[after.index(after: close)...]
        }
        return result + rest
    }

    /// A field from the store as a quoted string, on one line: `"ti\x1B[2Jtle"`.
    private func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").visibleControls + "\""
    }

    /// Text for the terminal with its control characters made visible (`\x1B`, `\r`,
    /// `\u{202E}`), but for its line breaks and tabs: a table printed one field per line, values
    /// separated by tabs, an error message of several lines.
    static func shown(_ text: String) -> String {
        text.visibleControls(keeping: ["\n", "\t"])
    }

    /// Ends the session. On a live store its run is cancelled, so it does not wait there for
    /// lines that will never come; a throw-away store goes with the session.
    public func close() {
        if options.openStore != nil, let run, let live { _ = try? live.cancel(run, by: "repl", reason: "session ended") }
        run = nil
    }

    /// Starts a fresh run: globals and waiting lines are gone; the store and clock stay.
    func reset() throws {
        if let run, let live { _ = try? live.cancel(run, by: "repl", reason: "reset") }
        pending = []
        run = nil
        waitingLines = 0
        names = []
    }
}
