import Foundation
@testable import IlsaEngine
import IlsaEffects
import IlsaTesting
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Hooks: run on engine events, recorded in the run's history, never repeated on replay,
/// contained when they fail or run away.
struct PluginHookTests {
    static let playbook = """
        return ilsa.workflow {
          name = "rain_watch", title = "Rain watch",
          run = function(ctx)
            local kma = require "kma"
            local level = kma.classify_rain { mm_3h = ctx.params.mm_3h }
            local t = ilsa.task { title = "Contact semi-basement households (" .. tostring(level) .. ")",
                                  assignee = { role = "DONG.HEAD", district = "singil" } }
            t:wait()
            return level
          end,
        }
        """
    static let start = Date(timeIntervalSince1970: 1_752_624_000)

    final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [String] = []
        func add(_ line: String) { lock.withLock { items.append(line) } }
        var all: [String] { lock.withLock { items } }
    }

    func engine(_ folder: TemporaryFolder, plugins: PluginSet, console: Lines = Lines(), problems: Lines = Lines()) throws -> Engine {
        let engine = Engine(
            store: try folder.store(), clock: VirtualClock(startingAt: Self.start), source: { _ in Self.playbook }, plugins: plugins)
        engine.pluginIO = PluginIO(console: { console.add($0) })
        engine.onPluginProblem = { problems.add("\($0)") }
        return engine
    }

    /// Delivers what the hooks queued, as `ilsa work` would.
    func deliver(_ store: any RunStore) async throws {
        _ = try await EffectDispatcher(store: store, claimant: "test").deliverDue()
    }

    func outboxLines(_ path: String) -> [String] {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    func shipped(outbox: String, channels: [JSONValue] = ["outbox"]) throws -> PluginSet {
        try PluginSet.discover(in: [Fixtures.plugins.path], config: ["notify": ["outbox": .string(outbox), "channels": .array(channels)]])
    }

    @Test func aTaskNotifiesOnceInItsDistrictsLanguagesEvenAfterARestart() async throws {
        let folder = try TemporaryFolder()
        let outbox = folder.url.appendingPathComponent("outbox.jsonl").path
        let plugins = try shipped(outbox: outbox)
        var engine = try engine(folder, plugins: plugins)
        try engine.start(playbook: "rain.lua", params: ["mm_3h": 95], id: "r1", seed: 1)
        #expect(outboxLines(outbox).isEmpty)  // queued in the store, not sent on the step's path
        try await deliver(engine.store)
        try await deliver(engine.store)  // nothing twice
        var lines = outboxLines(outbox)
        #expect(lines.count == 1)
        let first = try JSONValue(json: lines[0])
        #expect(first["kind"] == "task_created")
        #expect(first["to"] == "DONG.HEAD in singil")
        #expect(first["subject"] == "r1.1")
        #expect(first["id"] == "r1.1/created/notify#1")
        #expect(first["messages"]?.arrayValue?.count == 4)
        #expect(first["messages"]?.arrayValue?.first?["text"] == "새 업무: Contact semi-basement households (warning)")
        let hookEvents = try engine.store.history(of: "r1").filter { $0.kind == .hookRan }
        #expect(hookEvents.map(\.name) == ["notify.on_task_created"])
        #expect(hookEvents.first?.payload["ok"] == true)

        // a restart: the run is rebuilt from its history; the hook is not run again
        engine = try self.engine(folder, plugins: plugins)
        try engine.completeTask("r1.1", by: "DONG.HEAD 신길동")
        try await deliver(try folder.store())
        lines = outboxLines(outbox)
        #expect(lines.count == 2)
        #expect(lines[1].contains("\"kind\":\"run_finished\""))
        let history = try engine.store.history(of: "r1")
        #expect(history.filter { $0.kind == .hookRan }.map(\.name) == ["notify.on_task_created", "notify.on_run_finished"])
        #expect(try engine.store.run("r1")?.status == .completed)
    }

    @Test func aStepThatIsNotStoredSendsNothing() async throws {
        // The hook runs, then the store refuses the step (a run with the id exists): nothing is
        // queued, printed or delivered for it.
        let folder = try TemporaryFolder()
        let outbox = folder.path("outbox.jsonl")
        let console = Lines()
        let plugins = try shipped(outbox: outbox, channels: ["outbox", "console"])
        try engine(folder, plugins: plugins).start(playbook: "rain.lua", params: ["mm_3h": 60], id: "r1", seed: 1)
        #expect(console.all.isEmpty)
        let engine = try engine(folder, plugins: plugins, console: console)
        #expect(throws: StoreError.self) { try engine.start(playbook: "rain.lua", params: ["mm_3h": 95], id: "r1", seed: 2) }
        #expect(console.all.isEmpty)
        #expect(try engine.store.effects(EffectQuery()).count == 1)
        try await deliver(engine.store)
        #expect(outboxLines(outbox).count == 1)
        #expect(outboxLines(outbox).first?.contains("(advisory)") == true)
    }

    @Test func consoleAndWebhookChannels() async throws {
        let folder = try TemporaryFolder()
        let server = try TestHTTPServer()
        let console = Lines()
        let plugins = try PluginSet.discover(
            in: [Fixtures.plugins.path],
            config: [
                "notify": [
                    "channels": ["console", "webhook"], "webhook_url": .string("http://127.0.0.1:\(server.port)/hook"),
                ]
            ])
        let engine = Engine(
            store: try folder.store(), clock: VirtualClock(startingAt: Self.start), source: { _ in Self.playbook }, plugins: plugins)
        engine.pluginIO.console = { console.add($0) }
        try engine.start(playbook: "rain.lua", params: ["mm_3h": 60], id: "r1", seed: 1)
        #expect(console.all.contains("[DONG.HEAD in singil] 새 업무: Contact semi-basement households (advisory)"))
        #expect(console.all.contains("[DONG.HEAD in singil] Nhiệm vụ mới: Contact semi-basement households (advisory)"))
        #expect(server.requests.isEmpty)
        let report = try await EffectDispatcher(store: engine.store, claimant: "test").deliverDue()
        #expect(report.delivered == 1)
        let request = try #require(server.requests.first)
        #expect(request.head.hasPrefix("POST /hook HTTP/1.1"))
        // The console lines came first (#1 to #4), then the post.
        #expect(request.key == "r1.1/created/notify#5")
        #expect(request.header("Content-Type") == "application/json")
        #expect(request.body.contains("\"kind\":\"task_created\""))
        let hook = try #require(try engine.store.history(of: "r1").first { $0.kind == .hookRan })
        #expect(hook.payload["ok"] == true)
        #expect(hook.payload["effects"]?.arrayValue?.contains { $0["channel"] == "webhook" && $0["id"] == "r1.1/created/notify#5" } == true)
        #expect(try engine.store.effect("r1.1/created/notify#5")?.status == .delivered)
    }

    func hookPlugin(_ fixtures: PluginFixtures, _ name: String, permissions: String = "", body: String) throws {
        try fixtures.plugin(
            name,
            manifest: """
                return { name = "\(name)", version = "1.0.0", api = { 1 }, description = "d",
                         provides = { hooks = { "on_task_created" } }, permissions = { \(permissions) } }
                """,
            code: """
                local hooks = {}
                function hooks.on_task_created(e)
                \(body)
                end
                return { hooks = hooks }
                """)
    }

    /// The operator's config: each plugin's outbox is `<fixtures>/<name>.jsonl`.
    func outboxes(_ fixtures: PluginFixtures, _ names: String...) -> [String: [String: JSONValue]] {
        Dictionary(uniqueKeysWithValues: names.map { ($0, ["outbox": .string("\(fixtures.path)/\($0).jsonl")]) })
    }

    @Test func aFailingOrRunawayHookIsContainedAndReportedWithItsPlace() async throws {
        let fixtures = try PluginFixtures()
        try hookPlugin(fixtures, "boom", body: "  error('no pager configured')")
        try hookPlugin(fixtures, "spin", body: "  while true do end")
        try hookPlugin(fixtures, "good", permissions: "'outbox'", body: "  outbox.append { task = e.task }")
        try fixtures.plugin(
            "kma", manifest: PluginFixtures.manifest("kma", modules: ["kma"]),
            code: "return { modules = { kma = { classify_rain = function() return 'advisory' end } } }")
        let folder = try TemporaryFolder()
        let problems = Lines()
        let engine = try engine(
            folder, plugins: try PluginSet.discover(in: [fixtures.pluginsFolder], config: outboxes(fixtures, "good")), problems: problems)
        try engine.start(playbook: "rain.lua", params: ["mm_3h": 60], id: "r1", seed: 1)
        #expect(try engine.store.run("r1")?.status == .waiting)
        let hooks = try engine.store.history(of: "r1").filter { $0.kind == .hookRan }
        #expect(hooks.map(\.name) == ["boom.on_task_created", "good.on_task_created", "spin.on_task_created"])
        #expect(hooks[0].payload["error"]?.stringValue == "plugins/boom/init.lua:3: no pager configured")
        #expect(hooks[1].payload["ok"] == true)
        let spin = hooks[2].payload["error"]?.stringValue ?? ""
        #expect(spin.hasPrefix("plugins/spin/init.lua:3:") && spin.contains("time limit"), "\(spin)")
        #expect(problems.all.count == 2)
        #expect(problems.all.first?.hasPrefix("plugin 'boom' on_task_created (run r1): plugins/boom/init.lua:3:") == true)
        try await deliver(engine.store)
        #expect(outboxLines(fixtures.path + "/good.jsonl").count == 1)
        try engine.completeTask("r1.1", by: "x")
        #expect(try engine.store.run("r1")?.status == .completed)
    }

    @Test func hostileHooksCannotCrashFloodOrFreeze() throws {
        let fixtures = try PluginFixtures()
        // What a hook returns is never copied: a deep, a shared and a cyclic value.
        try hookPlugin(fixtures, "deep", body: "  local t = {} for i = 1, 1000 do t = {t} end return t")
        try hookPlugin(fixtures, "shared", body: "  local t = {} for i = 1, 40 do t = {t, t} end return t")
        // A flood of notifications, and a huge error: cut.
        try hookPlugin(fixtures, "flood", permissions: "'console'", body: "  for i = 1, 1e6 do console.write(string.rep('x', 100000)) end")
        try hookPlugin(fixtures, "loud", body: "  error(string.rep('e', 1000000))")
        // A __close that loops after the hook fails: stopped by its time limit.
        try hookPlugin(
            fixtures, "closer", body: "  local x <close> = setmetatable({}, {__close = function() while true do end end}) error('no')")
        try fixtures.plugin(
            "kma", manifest: PluginFixtures.manifest("kma", modules: ["kma"]),
            code: "return { modules = { kma = { classify_rain = function() return 'advisory' end } } }")
        let folder = try TemporaryFolder()
        let console = Lines()
        let begin = ContinuousClock.now
        let engine = try engine(folder, plugins: try PluginSet.discover(in: [fixtures.pluginsFolder]), console: console)
        try engine.start(playbook: "rain.lua", params: ["mm_3h": 60], id: "r1", seed: 1)
        #expect(ContinuousClock.now - begin < .seconds(10))
        let hooks = Dictionary(
            uniqueKeysWithValues: try engine.store.history(of: "r1").filter { $0.kind == .hookRan }.map { ($0.name, $0.payload) })
        #expect(hooks["deep.on_task_created"]?["ok"] == true)
        #expect(hooks["shared.on_task_created"]?["ok"] == true)
        #expect(hooks["flood.on_task_created"]?["error"]?.stringValue?.contains("at most 100 notifications") == true, "\(hooks)")
        #expect(hooks["flood.on_task_created"]?["effects"]?.arrayValue?.count == 100)
        #expect(console.all.count == 100 && console.all.allSatisfy { $0.utf8.count < 5000 })
        #expect((hooks["loud.on_task_created"]?["error"]?.stringValue?.utf8.count ?? .max) < 5000)
        #expect(hooks["closer.on_task_created"]?["ok"] == false)
        #expect(try engine.store.run("r1")?.status == .waiting)
    }

    @Test func aHookGetsOnlyWhatItsPermissionsGrant() async throws {
        let fixtures = try PluginFixtures()
        // no permissions: no outbox, console or http; no io, os, ilsa
        try hookPlugin(
            fixtures, "nosy",
            body: """
                  local seen = {}
                  for _, name in ipairs { "outbox", "console", "http", "io", "os", "ilsa", "debug", "package" } do
                    if _G[name] ~= nil or load("return " .. name)() ~= nil then seen[#seen + 1] = name end
                  end
                  if #seen > 0 then error("can see " .. table.concat(seen, ", ")) end
                  outbox.append { x = 1 }
                """)
        // console only: outbox.append is not there
        try hookPlugin(fixtures, "talker", permissions: "'console'", body: "  console.write('hi'); outbox.append { x = 1 }")
        // outbox: the file is the config's, whatever the record says
        try hookPlugin(fixtures, "writer", permissions: "'outbox'", body: "  outbox.append { path = '/etc/passwd' }")
        try fixtures.plugin(
            "kma", manifest: PluginFixtures.manifest("kma", modules: ["kma"]),
            code: "return { modules = { kma = { classify_rain = function() return 'advisory' end } } }")
        let folder = try TemporaryFolder()
        let console = Lines()
        let engine = try engine(
            folder, plugins: try PluginSet.discover(in: [fixtures.pluginsFolder], config: outboxes(fixtures, "writer")), console: console)
        try engine.start(playbook: "rain.lua", params: ["mm_3h": 60], id: "r1", seed: 1)
        let hooks = Dictionary(
            uniqueKeysWithValues: try engine.store.history(of: "r1").filter { $0.kind == .hookRan }.map { ($0.name, $0.payload) })
        #expect(
            hooks["nosy.on_task_created"]?["error"]?.stringValue?.contains("attempt to index a nil value (global 'outbox')") == true,
            "\(hooks)")
        #expect(hooks["talker.on_task_created"]?["error"]?.stringValue?.contains("(global 'outbox')") == true)
        #expect(console.all == ["hi"])
        #expect(hooks["writer.on_task_created"]?["ok"] == true)
        try await deliver(engine.store)
        #expect(outboxLines(fixtures.path + "/writer.jsonl").first?.contains("/etc/passwd") == true)
    }
}

/// Each of the four hooks fires on its event, with the event's fields, once.
struct PluginHookEventTests {
    static let playbook = """
        return ilsa.workflow { name = "p", title = "P", run = function()
          local t = ilsa.task {
            title = "Contact every registered semi-basement household",
            assignee = { role = "DONG.HEAD", district = "singil" },
            due = "1h", class = "life_safety",
          }
          local e = ilsa.escalate { to = "control_tower", severity = "alert", reason = "households unreachable",
                                    options = { "police_check", "wait" } }
          return t:wait().state
        end }
        """

    @Test func everyHookGetsItsEvent() async throws {
        let fixtures = try PluginFixtures()
        let outbox = fixtures.path + "/events.jsonl"
        try fixtures.plugin(
            "recorder",
            manifest: """
                return { name = "recorder", version = "1.0.0", api = { 1 }, description = "records hook events",
                         provides = { hooks = { "on_task_created", "on_task_overdue", "on_escalation", "on_run_finished" } },
                         permissions = { "outbox" } }
                """,
            code: """
                local hooks = {}
                for _, name in ipairs { "on_task_created", "on_task_overdue", "on_escalation", "on_run_finished" } do
                  hooks[name] = function(e)
                    outbox.append { hook = name, task = e.task, escalation = e.escalation, title = e.title, to = e.to,
                                    severity = e.severity, rung = e.rung, status = e.status, run = e.run }
                  end
                end
                return { hooks = hooks }
                """)
        let roster = try Roster.load(contentsOfFile: Fixtures.plugins.path + "/ansan/roster.lua")
        let clock = VirtualClock(startingAt: Date(timeIntervalSince1970: 1_752_624_000))
        let folder = try TemporaryFolder()
        let plugins = try PluginSet.discover(in: [fixtures.pluginsFolder], config: ["recorder": ["outbox": .string(outbox)]])
        var engine = Engine(store: try folder.store(), clock: clock, roster: roster, source: { _ in Self.playbook }, plugins: plugins)
        try engine.start(playbook: "p.lua", id: "r1", seed: 1)
        try clock.advance(to: Date(timeIntervalSince1970: 1_752_624_000 + 76 * 60))
        engine = Engine(store: try folder.store(), clock: clock, roster: roster, source: { _ in Self.playbook }, plugins: plugins)
        try engine.work()
        try engine.completeTask("r1.1", by: "신길동장")
        _ = try await EffectDispatcher(store: engine.store, claimant: "test").deliverDue()
        let lines = try String(contentsOfFile: outbox, encoding: .utf8).split(separator: "\n").map { try JSONValue(json: String($0)) }
        #expect(lines.map { $0["hook"]?.stringValue ?? "" } == ["on_task_created", "on_escalation", "on_task_overdue", "on_run_finished"])
        #expect(lines[0]["task"] == "r1.1")
        #expect(lines[0]["title"] == "Contact every registered semi-basement household")
        #expect(lines[1]["escalation"] == "r1.2")
        #expect(lines[1]["severity"] == "alert")
        #expect(lines[2]["task"] == "r1.1")
        #expect(lines[2]["to"] == "unit_head")
        #expect(lines[2]["rung"] == 1)
        #expect(lines[3]["status"] == "completed")
        #expect(lines.allSatisfy { $0["run"] == "r1" })
    }
}
