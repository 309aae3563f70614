public import IlsaStore
public import Foundation
import FoundationNetworking
import IlsaLua

/// Where hooks' console lines go, and how webhooks are posted; tests replace them.
public struct PluginIO: Sendable {
    /// Writes one console line.
    public var console: @Sendable (String) -> Void
    /// POSTs a body to a URL with headers; returns the HTTP status, or throws.
    public var post: @Sendable (URL, Data, [String: String]) throws -> Int

    public init(console: @escaping @Sendable (String) -> Void, post: @escaping @Sendable (URL, Data, [String: String]) throws -> Int) {
        self.console = console
        self.post = post
    }

    /// Standard error, and URLSession with a 5-second timeout.
    public static let standard = PluginIO(
        console: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) },
        post: { url, body, headers in try PluginIO.httpPost(url, body, headers) })

    /// A blocking POST through URLSession.
    public static func httpPost(_ url: URL, _ body: Data, _ headers: [String: String]) throws -> Int {
        var request = URLRequest(url: url, timeoutInterval: 5)
        request.httpMethod = "POST"
        request.httpBody = body
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        final class Box: @unchecked Sendable { var status = 0; var error: (any Error)? }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { _, response, error in
            box.status = (response as? HTTPURLResponse)?.statusCode ?? 0
            box.error = error
            done.signal()
        }.resume()
        done.wait()
        if let error = box.error { throw error }
        return box.status
    }
}

/// A plugin problem the engine contained: a hook that raised an error or ran too long, a plugin
/// whose code does not load. The run that triggered it goes on.
public struct PluginProblem: Sendable, Equatable, CustomStringConvertible {
    public var plugin: String
    public var hook: String
    public var run: RunID
    /// `plugins/notify/init.lua:12: message`, or the limit that stopped it.
    public var message: String
    public var description: String { "plugin '\(plugin)' \(hook) (run \(run)): \(message)" }
}

/// Runs plugins' hooks, each plugin in a Lua state of its own with only what its permissions
/// grant, within limits (16 MiB, 1 second per hook call). Owned by the engine, on its isolation
/// domain.
final class PluginHost {
    let plugins: PluginSet
    let io: PluginIO
    let limits: LuaLimits
    /// Loaded plugins: their state and what `init.lua` returned; or the error loading it.
    private var loaded: [String: Result<(LuaState, LuaTable), PluginFailure>] = [:]
    /// Effects of the hook call under way.
    private var effects: [HookEffect] = []
    /// The idempotency key of the hook call under way.
    private var key = ""

    struct PluginFailure: Error { var message: String }

    /// How much one `feed.read()` may read.
    let feedLimits: PluginFiles.FeedLimits
    /// Interrupts plugin code when the engine is asked to stop.
    let stop: EngineStop?

    init(
        plugins: PluginSet, io: PluginIO, limits: LuaLimits = LuaLimits(memory: 16 << 20, time: .seconds(1)),
        feedLimits: PluginFiles.FeedLimits = .standard, stop: EngineStop? = nil
    ) {
        self.stop = stop
        self.plugins = plugins
        self.io = io
        self.limits = limits
        self.feedLimits = feedLimits
    }

    /// Notifications one hook call may send (console lines, outbox lines, webhooks): what it
    /// sends is recorded in the run's history, so a hook that loops cannot flood either.
    static let maximumEffects = 100
    /// Bytes of a console line (longer ones are cut) and of an error kept from a send.
    static let consoleBytes = 4 << 10
    /// Bytes of an outbox record or a webhook body.
    static let recordBytes = 64 << 10

    /// Records an effect of the hook call under way, within ``maximumEffects``.
    private func effect(_ value: HookEffect) throws {
        guard effects.count < Self.maximumEffects else {
            throw LuaArgumentError(position: 1, problem: "a hook may send at most \(Self.maximumEffects) notifications for one event")
        }
        effects.append(value)
    }

    /// Calls plugin code; a stop asked of the engine interrupts it.
    private func call(_ lua: LuaState, _ function: LuaValue, _ arguments: [LuaValue] = []) throws -> [LuaValue] {
        guard let stop else { return try lua.call(function, arguments) }
        return try stop.running(lua.interrupter) { try lua.call(function, arguments) }
    }

    /// Calls a hook for what it does: what it returns is never copied.
    private func perform(_ lua: LuaState, _ function: LuaValue, _ arguments: [LuaValue]) throws {
        guard let stop else { return try lua.perform(function, arguments) }
        try stop.running(lua.interrupter) { try lua.perform(function, arguments) }
    }

    /// Whether any plugin has hooks.
    var hasHooks: Bool { plugins.plugins.contains { !$0.manifest.provides.hooks.isEmpty } }

    /// Runs every plugin's `hook` on `event`; returns what each plugin that has the hook did.
    /// - Parameter key: Names this call for idempotency (outbox lines and webhooks carry it).
    func run(_ hook: PluginHook, event: JSONValue, key: String) -> [HookRun] {
        var records: [HookRun] = []
        for plugin in plugins.plugins where plugin.manifest.provides.hooks.contains(hook) {
            self.key = key + "/" + plugin.name
            effects = []
            var problem: String?
            do {
                let (lua, exports) = try state(for: plugin)
                guard case .function = exports["hooks"].tableValue?[hook.rawValue] ?? .nil else {
                    throw PluginFailure(
                        message:
                            "\(plugin.codeFile) declares hook \(hook.rawValue) but does not return hooks.\(hook.rawValue) as a function")
                }
                try perform(lua, exports["hooks"].tableValue![hook.rawValue], [event.luaValue])
                lua.collectGarbage()
            } catch let error as PluginFailure {
                problem = error.message
            } catch let error as LuaError {
                problem = Self.describe(error, file: plugin.codeFile)
            } catch {
                problem = "\(error)"
            }
            problem = problem?.truncated(toBytes: Self.consoleBytes)  // it goes into the run's history
            records.append(HookRun(plugin: plugin.name, hook: hook.rawValue, key: self.key, error: problem, effects: effects))
        }
        return records
    }

    /// A Lua error with its place: the message when it has one, else the deepest line of the
    /// plugin's file in the traceback (a limit stops code wherever it is).
    static func describe(_ error: LuaError, file: String) -> String {
        if error.message.contains(file + ":") { return error.message }
        let place = error.traceback?.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .first { $0.hasPrefix(file + ":") }?.split(separator: ":").prefix(2).joined(separator: ":")
        return place.map { "\($0): \(error.message)" } ?? "\(file): \(error.message)"
    }

    private func state(for plugin: Plugin) throws -> (LuaState, LuaTable) {
        if let result = loaded[plugin.name] { return try result.get() }
        let result: Result<(LuaState, LuaTable), PluginFailure>
        do {
            let lua = try LuaState(profile: .sandbox, limits: limits)
            let start = try PluginModules.install(plugins, into: lua, capabilities: [plugin.name: capabilities(for: plugin, in: lua)])
            let exports = try call(lua, start, [.string(LuaString(plugin.name))]).first?.tableValue ?? LuaTable()
            result = .success((lua, exports))
        } catch let error as LuaError {
            result = .failure(PluginFailure(message: Self.describe(error, file: plugin.codeFile)))
        } catch {
            result = .failure(PluginFailure(message: "\(error)"))
        }
        loaded[plugin.name] = result
        return try result.get()
    }

    /// The functions a plugin's permissions grant, to add to its environment.
    private func capabilities(for plugin: Plugin, in lua: LuaState) -> LuaTable {
        var granted = LuaTable()
        let io = self.io
        if plugin.manifest.permissions.contains(.console) {
            granted["console"] = .table(
                LuaTable(fields: [
                    "write": lua.function(named: "console.write") { [unowned self] call in
                        let text = try call.string(1).truncated(toBytes: Self.consoleBytes)
                        try effect(.console(text: text))
                        io.console(text)
                        return .nothing
                    }
                ]))
        }
        if plugin.manifest.permissions.contains(.outbox) {
            let path = plugin.config["outbox"]?.stringValue
            granted["outbox"] = .table(
                LuaTable(fields: [
                    "append": lua.function(named: "outbox.append") { [unowned self] call in
                        guard let path else { throw LuaArgumentError(position: 1, problem: "the plugin's config has no 'outbox' file") }
                        var record = try JSONValue(lua: try call.value(1), path: "record")
                        guard case .object(var fields) = record else { throw call.typeError(1, expected: "table") }
                        guard record.estimatedSize <= Self.recordBytes else {
                            throw LuaArgumentError(
                                position: 1,
                                problem:
                                    "the record takes \(record.estimatedSize.formatted()) bytes; an outbox line may take at most \(Self.recordBytes >> 10) KiB"
                            )
                        }
                        let id = key + "#" + String(effects.count + 1)
                        fields["id"] = .string(id)
                        record = .object(fields)
                        try effect(.outbox(id: id, duplicate: false))
                        let duplicate = try Self.appendOnce(record, id: id, to: path)
                        effects[effects.count - 1] = .outbox(id: id, duplicate: duplicate)
                        return .nothing
                    }
                ]))
        }
        if plugin.manifest.permissions.contains(.http) {
            let url = plugin.config["webhook_url"]?.stringValue.flatMap(URL.init(string:))
            granted["http"] = .table(
                LuaTable(fields: [
                    "post": lua.function(named: "http.post") { [unowned self] call in
                        guard let url else { throw LuaArgumentError(position: 1, problem: "the plugin's config has no 'webhook_url'") }
                        let body = try call.luaString(1)
                        guard body.bytes.count <= Self.recordBytes else {
                            throw LuaArgumentError(
                                position: 1,
                                problem:
                                    "the body takes \(body.bytes.count.formatted()) bytes; a webhook body may take at most \(Self.recordBytes >> 10) KiB"
                            )
                        }
                        let id = key + "#" + String(effects.count + 1)
                        let headers = ["Content-Type": try call.optionalString(2) ?? "application/json", "Idempotency-Key": id]
                        try effect(.webhook(id: id, status: nil, error: nil))
                        do {
                            let status = try io.post(url, Data(body.bytes), headers)
                            effects[effects.count - 1] = .webhook(id: id, status: status, error: nil)
                            return call.returning(.integer(Int64(status)))
                        } catch {
                            let message = "\(error)".truncated(toBytes: Self.consoleBytes)
                            effects[effects.count - 1] = .webhook(id: id, status: nil, error: message)
                            return call.returning(.nil, .string(LuaString(message)))
                        }
                    }
                ]))
        }
        if plugin.manifest.permissions.contains(.readFeed) {
            let path = plugin.config["feed"]?.stringValue
            let limits = feedLimits
            granted["feed"] = .table(
                LuaTable(fields: [
                    "read": lua.function(named: "feed.read") { call in
                        guard let path else {
                            throw LuaArgumentError(position: 1, problem: "the plugin's config has no 'feed' file or folder")
                        }
                        let items: [(String, JSONValue)]
                        do { items = try PluginFiles.readFeed(path, limits: limits) } catch let error as PluginFiles.FeedError {
                            throw LuaRaisedValue(.string(LuaString(error.message)))
                        }
                        return call.returning(
                            .table(
                                LuaTable(
                                    array: items.map { file, data in
                                        .table(LuaTable(fields: ["file": .string(LuaString(file)), "data": data.luaValue]))
                                    })))
                    }
                ]))
        }
        return granted
    }

    /// A signal a source produced: its name, its id in the feed, its payload.
    struct SourceSignal {
        var plugin: String
        var name: String
        var id: String
        var payload: JSONValue
    }

    /// Calls every plugin's signal source (`source` in what `init.lua` returns) once.
    func collectSignals() -> (signals: [SourceSignal], problems: [(plugin: String, message: String)]) {
        var signals: [SourceSignal] = []
        var problems: [(String, String)] = []
        for plugin in plugins.plugins where !plugin.manifest.provides.signals.isEmpty {
            do {
                let (lua, exports) = try state(for: plugin)
                guard case .function = exports["source"] else {
                    throw PluginFailure(message: "\(plugin.codeFile) provides signals but returns no source function")
                }
                let produced = try call(lua, exports["source"]).first?.tableValue?.array ?? []
                lua.collectGarbage()
                for (index, item) in produced.enumerated() {
                    let table = item.tableValue ?? LuaTable()
                    guard let name = table["name"].stringValue, plugin.manifest.provides.signals.contains(name) else {
                        throw PluginFailure(
                            message:
                                "\(plugin.codeFile): source result \(index + 1) names signal '\(table["name"])', which the manifest does not provide"
                        )
                    }
                    guard let id = table["id"].stringValue ?? table["id"].integerValue.map({ String($0) }) else {
                        throw PluginFailure(message: "\(plugin.codeFile): source result \(index + 1) has no id")
                    }
                    signals.append(
                        SourceSignal(
                            plugin: plugin.name, name: name, id: id, payload: try JSONValue(lua: table["payload"], path: "payload")))
                }
            } catch let error as PluginFailure {
                problems.append((plugin.name, error.message.truncated(toBytes: Self.consoleBytes)))
            } catch let error as LuaError {
                problems.append((plugin.name, Self.describe(error, file: plugin.codeFile).truncated(toBytes: Self.consoleBytes)))
            } catch {
                problems.append((plugin.name, "\(error)".truncated(toBytes: Self.consoleBytes)))
            }
        }
        return (signals, problems)
    }

    /// Appends a JSON line unless a line with that id is there already; true when it was.
    /// Only a line's own `id` counts: a record that carries another plugin's id deeper inside
    /// (`{ x = { id = "..." } }`) does not stop that plugin's line.
    static func appendOnce(_ record: JSONValue, id: String, to path: String) throws -> Bool {
        let line = try record.encodedText()
        let marker = "\"id\":" + (try JSONValue.string(id).encodedText())
        if let existing = try? String(contentsOfFile: path, encoding: .utf8),
            existing.split(separator: "\n").contains(where: {
                $0.contains(marker) && (try? JSONValue(json: String($0)))?["id"] == .string(id)
            })
        {
            return true
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data((line.replacingOccurrences(of: "\n", with: " ") + "\n").utf8))
        try handle.synchronize()
        return false
    }
}

extension RunExecution {
    /// Runs plugin hooks on the engine events among the events this activation made (never on
    /// replayed ones), and records what each hook did as a `hook_ran` event, stored with them.
    func runHooks(_ host: PluginHost, problem: (PluginProblem) -> Void) {
        let made = pending
        for event in made {
            guard let (hook, payload) = Self.trigger(event, run: id) else { continue }
            let key = "\(id)/\(event.sequence)/\(hook.rawValue)"
            for hookRun in host.run(hook, event: payload, key: key) {
                record(.hookRan(hookRun))
                if let failure = hookRun.error {
                    problem(PluginProblem(plugin: hookRun.plugin, hook: hook.rawValue, run: id, message: failure))
                }
            }
        }
    }

    /// The hook an event triggers and the event as the hook gets it: `run` and `at`, then the
    /// fact's own fields as the history writes them, then the id of what it is about.
    static func trigger(_ event: HistoryEvent, run: RunID) -> (PluginHook, JSONValue)? {
        var fields: [String: JSONValue] = ["run": .string(run.rawValue), "at": .string(ISO8601DateFormatter().string(from: event.at))]
        func merge(_ value: JSONValue) { if case .object(let more) = value { fields.merge(more) { a, _ in a } } }
        switch event.fact {
        case .issued(let command):
            switch command.request {
            case .createTask:
                merge(event.payload)
                fields["task"] = .string(TaskID(run: run, number: command.number).description)
                return (.onTaskCreated, .object(fields))
            case .escalate:
                merge(event.payload)
                fields["escalation"] = .string(EscalationID(run: run, number: command.number).description)
                return (.onEscalation, .object(fields))
            default:
                return nil
            }
        case .taskClimbed:
            merge(event.payload)
            return (.onTaskOverdue, .object(fields))
        case .completed, .failed, .cancelled:
            fields["status"] = .string(event.fact.endStatus?.rawValue ?? "")
            merge(event.payload)
            return (.onRunFinished, .object(fields))
        default:
            return nil
        }
    }
}

extension RunFact {
    /// The status a run ends with when this fact ends it.
    var endStatus: RunStatus? {
        switch self {
        case .completed: .completed
        case .failed: .failed
        case .cancelled: .cancelled
        default: nil
        }
    }
}
