import Foundation
@testable import IlsaEngine
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
        engine.pluginIO = PluginIO(console: { console.add($0) }, post: { _, _, _ in 200 })
        engine.onPluginProblem = { problems.add("\($0)") }
        return engine
    }

    func outboxLines(_ path: String) -> [String] {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    func shipped(outbox: String, channels: [JSONValue] = ["outbox"]) throws -> PluginSet {
        try PluginSet.discover(in: [Fixtures.plugins.path], config: ["notify": ["outbox": .string(outbox), "channels": .array(channels)]])
    }

    @Test func aTaskNotifiesOnceInItsDistrictsLanguagesEvenAfterARestart() throws {
        let folder = try TemporaryFolder()
        let outbox = folder.url.appendingPathComponent("outbox.jsonl").path
        let plugins = try shipped(outbox: outbox)
        var engine = try engine(folder, plugins: plugins)
        try engine.start(playbook: "rain.lua", params: ["mm_3h": 95], id: "r1", seed: 1)
        var lines = outboxLines(outbox)
        #expect(lines.count == 1)
        let first = try JSONValue(json: lines[0])
        #expect(first["kind"] == "task_created")
        #expect(first["to"] == "DONG.HEAD in singil")
        #expect(first["subject"] == "r1.1")
        #expect(first["messages"]?.arrayValue?.count == 4)
        #expect(first["messages"]?.arrayValue?.first?["text"] == "새 업무: Contact semi-basement households (warning)")
        let hookEvents = try engine.store.history(of: "r1").filter { $0.kind == .hookRan }
        #expect(hookEvents.map(\.name) == ["notify.on_task_created"])
        #expect(hookEvents.first?.payload["ok"] == true)

        // a restart: the run is rebuilt from its history; the hook is not run again
        engine = try self.engine(folder, plugins: plugins)
        try engine.completeTask("r1.1", by: "DONG.HEAD 신길동")
        lines = outboxLines(outbox)
        #expect(lines.count == 2)
        #expect(lines[1].contains("\"kind\":\"run_finished\""))
        let history = try engine.store.history(of: "r1")
        #expect(history.filter { $0.kind == .hookRan }.map(\.name) == ["notify.on_task_created", "notify.on_run_finished"])
        #expect(try engine.store.run("r1")?.status == .completed)
    }

    @Test func anActivationRedoneAfterACrashDoesNotNotifyTwice() throws {
        // The process died after the hook wrote the outbox and before the store kept the
        // activation: the activation is done again, with the same run and the same events.
        let outboxFolder = try TemporaryFolder()
        let outbox = outboxFolder.url.appendingPathComponent("outbox.jsonl").path
        for _ in 0..<2 {
            let folder = try TemporaryFolder()
            try engine(folder, plugins: try shipped(outbox: outbox)).start(playbook: "rain.lua", params: ["mm_3h": 60], id: "r1", seed: 1)
        }
        #expect(outboxLines(outbox).count == 1)
    }

    @Test func consoleAndWebhookChannels() throws {
        let folder = try TemporaryFolder()
        let server = try LocalHTTPServer()
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
        let request = try #require(server.requests.first)
        #expect(request.hasPrefix("POST /hook HTTP/1.1"))
        #expect(request.contains("Idempotency-Key: r1/"))
        #expect(request.contains("\"kind\":\"task_created\""))
        let hook = try #require(try engine.store.history(of: "r1").first { $0.kind == .hookRan })
        #expect(hook.payload["ok"] == true)
        #expect(hook.payload["effects"]?.arrayValue?.contains { $0["channel"] == "webhook" && $0["status"] == 204 } == true)
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

    @Test func aFailingOrRunawayHookIsContainedAndReportedWithItsPlace() throws {
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

    @Test func aHookGetsOnlyWhatItsPermissionsGrant() throws {
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
        #expect(outboxLines(fixtures.path + "/writer.jsonl").first?.contains("/etc/passwd") == true)
    }
}

/// A one-request-at-a-time HTTP server on 127.0.0.1 that answers 204 and keeps what it got.
final class LocalHTTPServer: @unchecked Sendable {
    let port: UInt16
    private let socket: Int32
    private let lock = NSLock()
    private var received: [String] = []
    var requests: [String] { lock.withLock { received } }

    init() throws {
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard bound == 0, listen(fd, 8) == 0 else { throw CocoaError(.fileWriteUnknown) }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        socket = fd
        port = UInt16(bigEndian: address.sin_port)
        let thread = Thread { [self] in serve() }
        thread.start()
    }

    private func serve() {
        while true {
            let client = accept(socket, nil, nil)
            if client < 0 { return }
            var data = Data()
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = read(client, &buffer, buffer.count)
                if n <= 0 { break }
                data.append(contentsOf: buffer[0..<n])
                let text = String(decoding: data, as: UTF8.self)
                if let end = text.range(of: "\r\n\r\n") {
                    let header = text[..<end.lowerBound].lowercased()
                    let length =
                        header.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                        .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
                    if text.utf8.count - text[..<end.upperBound].utf8.count >= length { break }
                }
            }
            lock.withLock { received.append(String(decoding: data, as: UTF8.self)) }
            let response = "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            _ = response.withCString { write(client, $0, strlen($0)) }
            close(client)
        }
    }

    deinit { close(socket) }
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

    @Test func everyHookGetsItsEvent() throws {
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
