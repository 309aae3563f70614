public import IlsaStore
import Foundation
import FoundationNetworking
import IlsaLua

/// Where hooks' console lines go, once what caused them is stored; tests replace it.
public struct PluginIO: Sendable {
    /// Writes one console line.
    public var console: @Sendable (String) -> Void

    public init(console: @escaping @Sendable (String) -> Void) {
        self.console = console
    }

    /// Standard error.
    public static let standard = PluginIO(console: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) })
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
///
/// A hook sends nothing itself: `outbox.append` and `http.post` make ``Effect``s, stored in the
/// outbox with the events that caused them and delivered after the commit (`EffectDispatcher`),
/// and console lines are written once the events are stored. So nothing goes out for a step
/// that is not stored, and no hook waits on the network.
final class PluginHost {
    let plugins: PluginSet
    let limits: LuaLimits
    /// Loaded plugins: their state and what `init.lua` returned; or the error loading it.
    private var loaded: [String: Result<(LuaState, LuaTable), PluginFailure>] = [:]
    /// What the hook call under way sent, as its history records it.
    private var sent: [HookEffect] = []
    /// The effects the hook call under way queued for the outbox.
    private var queued: [Effect] = []
    /// The hook call under way: its idempotency key, run and event time.
    private var call = (key: "", run: RunID(""), at: Date(timeIntervalSince1970: 0))

    struct PluginFailure: Error {
        var message: String
        /// Whether it may not happen again: the plugin's start ran out of time.
        var transient = false
    }

    /// How much one `feed.read()` may read.
    let feedLimits: PluginFiles.FeedLimits
    /// Interrupts plugin code when the engine is asked to stop.
    let stop: EngineStop?

    init(
        plugins: PluginSet, limits: LuaLimits = LuaLimits(memory: 16 << 20, time: .seconds(1)),
        feedLimits: PluginFiles.FeedLimits = .standard, stop: EngineStop? = nil
    ) {
        self.stop = stop
        self.plugins = plugins
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

    /// Records what the hook call under way sends, within ``maximumEffects``, and queues its
    /// effect for the outbox when it has one.
    private func send(_ value: HookEffect, _ effect: Effect? = nil) throws {
        guard sent.count < Self.maximumEffects else {
            throw LuaArgumentError(position: 1, problem: "a hook may send at most \(Self.maximumEffects) notifications for one event")
        }
        sent.append(value)
        if let effect { queued.append(effect) }
    }

    /// The idempotency key of the next thing the hook call under way sends.
    private var nextKey: String { call.key + "#" + String(sent.count + 1) }

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

    /// What one plugin's hook did: its history record and the effects it queued (none when it failed).
    struct Outcome {
        var record: HookRun
        var effects: [Effect]
    }

    /// Runs every plugin's `hook` on `event`; returns what each plugin that has the hook did.
    /// - Parameter key: Names what the event is about, for idempotency (`5f2c91ab.3/created`):
    ///   each effect's key adds the plugin and its place in the call.
    func run(_ hook: PluginHook, event: JSONValue, key: String, run: RunID, at: Date) -> [Outcome] {
        var outcomes: [Outcome] = []
        for plugin in plugins.plugins where plugin.manifest.provides.hooks.contains(hook) {
            call = (key + "/" + plugin.name, run, at)
            var problem: String?
            // A hook whose wall-clock second ran out is tried once more from the start: on a
            // machine busy for a moment, a notification must not be lost to the load.
            for attempt in 1...2 {
                sent = []
                queued = []
                problem = nil
                do {
                    let (lua, exports) = try state(for: plugin)
                    guard case .function = exports["hooks"].tableValue?[hook.rawValue] ?? .nil else {
                        throw PluginFailure(
                            message:
                                "\(plugin.codeFile) declares hook \(hook.rawValue) but does not return hooks.\(hook.rawValue) as a function"
                        )
                    }
                    try perform(lua, exports["hooks"].tableValue![hook.rawValue], [event.luaValue])
                    lua.collectGarbage()
                } catch let error as PluginFailure {
                    problem = error.message
                    if error.transient, attempt == 1 { continue }
                } catch let error as LuaError {
                    problem = Self.describe(error, file: plugin.codeFile)
                    if error.kind == .timeout, attempt == 1 { continue }
                } catch {
                    problem = "\(error)"
                }
                break
            }
            problem = problem?.truncated(toBytes: Self.consoleBytes)  // it goes into the run's history
            // A hook that failed half-way still sends what it sent before the failure, as Lua code
            // that raises an error keeps what it did.
            outcomes.append(
                Outcome(
                    record: HookRun(plugin: plugin.name, hook: hook.rawValue, key: call.key, error: problem, effects: sent), effects: queued
                ))
        }
        return outcomes
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
            result = .failure(PluginFailure(message: Self.describe(error, file: plugin.codeFile), transient: error.kind == .timeout))
        } catch {
            result = .failure(PluginFailure(message: "\(error)"))
        }
        // A plugin that does not load stays failed for this host; one whose start ran out of
        // time (a busy machine) is started again at its next hook.
        if case .failure(let failure) = result, failure.transient { return try result.get() }
        loaded[plugin.name] = result
        return try result.get()
    }

    /// The functions a plugin's permissions grant, to add to its environment.
    private func capabilities(for plugin: Plugin, in lua: LuaState) -> LuaTable {
        var granted = LuaTable()
        if plugin.manifest.permissions.contains(.console) {
            granted["console"] = .table(
                LuaTable(fields: [
                    "write": lua.function(named: "console.write") { [unowned self] call in
                        try send(.console(text: try call.string(1).truncated(toBytes: Self.consoleBytes)))
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
                        guard case .object(var fields) = try JSONValue(lua: try call.value(1), path: "record") else {
                            throw call.typeError(1, expected: "table")
                        }
                        let id = nextKey
                        fields["id"] = .string(id)
                        let line = try JSONValue.object(fields).encodedText()
                        guard line.utf8.count <= Self.recordBytes else {
                            throw LuaArgumentError(
                                position: 1,
                                problem:
                                    "the record takes \(line.utf8.count.formatted()) bytes; an outbox line may take at most \(Self.recordBytes >> 10) KiB"
                            )
                        }
                        try send(.outbox(id: id, duplicate: false), effect(id, plugin, .outbox, target: path, body: line))
                        return call.returning(.string(LuaString(id)))
                    }
                ]))
        }
        if plugin.manifest.permissions.contains(.http) {
            let url = plugin.config["webhook_url"]?.stringValue
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
                        guard let text = String(validating: body.bytes, as: UTF8.self) else {
                            throw LuaArgumentError(position: 1, problem: "a webhook body must be UTF-8 text")
                        }
                        let contentType = try call.optionalString(2) ?? "application/json"
                        guard contentType.utf8.count <= 200, !contentType.contains(where: { $0.isNewline }) else {
                            throw LuaArgumentError(position: 2, problem: "not a content type: '\(contentType.prefix(40))'")
                        }
                        let id = nextKey
                        try send(
                            .webhook(id: id, status: nil, error: nil),
                            effect(id, plugin, .webhook, target: url, body: text, contentType: contentType))
                        return call.returning(.string(LuaString(id)))
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

    /// An effect of the hook call under way.
    private func effect(
        _ key: String, _ plugin: Plugin, _ channel: Effect.Channel, target: String, body: String, contentType: String = "application/json"
    ) -> Effect {
        Effect(
            key: key, run: call.run, plugin: plugin.name, channel: channel, target: target, body: body, contentType: contentType,
            createdAt: call.at)
    }
}

extension RunExecution {
    /// Runs plugin hooks on the engine events among the events this activation made (never on
    /// replayed ones), and records what each hook did as a `hook_ran` event, stored with them;
    /// the effects they queued go to the outbox in the same transaction (``takeEffects()``).
    func runHooks(_ host: PluginHost, problem: (PluginProblem) -> Void) {
        let made = pending
        for event in made {
            guard let (hook, payload, about) = Self.trigger(event, run: id) else { continue }
            for outcome in host.run(hook, event: payload, key: about, run: id, at: event.at) {
                record(.hookRan(outcome.record))
                effects += outcome.effects
                if let failure = outcome.record.error {
                    problem(PluginProblem(plugin: outcome.record.plugin, hook: hook.rawValue, run: id, message: failure))
                }
            }
        }
    }

    /// The hook an event triggers, the event as the hook gets it (`run` and `at`, then the
    /// fact's own fields as the history writes them, then the id of what it is about), and
    /// what it is about, for idempotency keys: `5f2c91ab.3/created`, `5f2c91ab.3/overdue-2`,
    /// `5f2c91ab.4/escalated`, `5f2c91ab/completed`.
    static func trigger(_ event: HistoryEvent, run: RunID) -> (PluginHook, JSONValue, String)? {
        var fields: [String: JSONValue] = ["run": .string(run.rawValue), "at": .string(ISO8601DateFormatter().string(from: event.at))]
        func merge(_ value: JSONValue) { if case .object(let more) = value { fields.merge(more) { a, _ in a } } }
        switch event.fact {
        case .issued(let command):
            switch command.request {
            case .createTask:
                merge(event.payload)
                let task = TaskID(run: run, number: command.number)
                fields["task"] = .string(task.description)
                return (.onTaskCreated, .object(fields), "\(task)/created")
            case .escalate:
                merge(event.payload)
                let escalation = EscalationID(run: run, number: command.number)
                fields["escalation"] = .string(escalation.description)
                return (.onEscalation, .object(fields), "\(escalation)/escalated")
            default:
                return nil
            }
        case .taskClimbed(let climb):
            merge(event.payload)
            return (.onTaskOverdue, .object(fields), "\(climb.task)/overdue-\(climb.rung)")
        case .completed, .failed, .cancelled:
            let status = event.fact.endStatus?.rawValue ?? ""
            fields["status"] = .string(status)
            merge(event.payload)
            return (.onRunFinished, .object(fields), "\(run)/\(status)")
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
