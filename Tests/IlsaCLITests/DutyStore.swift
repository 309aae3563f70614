import Foundation
import Testing

/// A store in a scratch folder, runs started in it with `ilsa run --detach`, and `ilsa` run
/// against it as the duty officer would: the tests of `ilsa tasks`, `task`, `escalations`,
/// `decide` and `signal` share it.
struct DutyStore: ~Copyable {
    let scratch: Scratch
    /// The store file: `ILSA_STORE` for every command run through ``ilsa(_:environment:)``.
    let store: String

    static let roster = CLI.packageRoot.appendingPathComponent("plugins/ansan/roster.lua").path

    /// Three tasks: two in singil (one due at the run's start, so overdue at once), one in
    /// choji. When the first is done, the run creates a fourth and waits for it, then completes.
    static let duty = """
        return ilsa.workflow {
          name = "duty", title = "당직 점검 — duty drill",
          run = function(ctx)
            local calls = ilsa.task { title = "반지하 취약가구 연락", assignee = { role = "DONG.HEAD", district = "singil" }, due = "1h" }
            ilsa.task { title = "Pumps ready", assignee = { role = "FIRE.SC119", district = "singil" }, due = "T0+0m" }
            ilsa.task { title = "초지동 침수 우려 지역 순찰", assignee = { role = "DONG.HEAD", district = "choji" }, due = "2h" }
            calls:wait()
            ilsa.task { title = "임시대피소 개방", assignee = { role = "DONG.HEAD", district = "singil" }, due = "30m" }:wait()
            return "done"
          end,
        }

        """

    /// Waits for a gauge reading, then makes a task named after the gauge in its payload and
    /// waits for it.
    static let gauge = """
        return ilsa.workflow {
          name = "gauge", title = "Gauge",
          run = function(ctx)
            local answer = ilsa.wait_signal("rain_reading")
            ilsa.task { title = "점검 " .. answer.payload.gauge, assignee = { role = "DONG.HEAD", district = "singil" }, due = "1h" }:wait()
            return answer.payload.mm_per_hour
          end,
        }

        """

    /// Escalates to the control tower; evacuating makes a task, holding ends the run.
    static let tower = """
        return ilsa.workflow {
          name = "tower", title = "Tower",
          run = function(ctx)
            local decision = ilsa.escalate {
              to = "control_tower", severity = "alert", reason = "55 mm/h in singil", options = { "evacuate_low_areas", "hold" },
            }:wait()
            if decision.option == "evacuate_low_areas" then
              ilsa.task { title = "저지대 주민 대피", assignee = { role = "DONG.HEAD", district = "singil" }, due = "30m" }:wait()
            end
            return decision.option
          end,
        }

        """

    init() throws {
        let folder = try Scratch()
        for (name, source) in [("duty", Self.duty), ("gauge", Self.gauge), ("tower", Self.tower)] {
            try folder.write("\(name).lua", source)
        }
        store = folder.url.appendingPathComponent("ilsa.sqlite").path
        scratch = folder
    }

    /// Starts a run of one of the playbooks above with a fixed id, and returns when it waits.
    func start(_ playbook: String, id: String) async throws {
        let result = try await ilsa(["run", "--detach", "--id", id, scratch.url.appendingPathComponent("\(playbook).lua").path])
        guard result.exited(0), result.stdoutText == "\(id)\n" else {
            throw CLIError("ilsa run --detach \(playbook) did not start run \(id): \(result.summary)")
        }
    }

    /// Runs `ilsa ARGUMENTS` on the store, with the project's roster, as user 당직자, without
    /// colour and without a terminal width (so titles are whole).
    func ilsa(_ arguments: [String], environment: [String: String] = [:]) async throws -> RunResult {
        let base = [
            "ILSA_STORE": store, "ILSA_ROSTER": Self.roster, "USER": "당직자", "NO_COLOR": "1", "COLUMNS": "",
        ]
        return try await CLI.ilsa(arguments, environment: base.merging(environment) { $1 }, in: scratch.url)
    }

    /// Everything a command could change about a run: its history, and its tasks and escalations.
    func snapshot(_ run: String) async throws -> String {
        var parts: [String] = []
        for arguments in [["history", run, "--json"], ["tasks", "--all", "--run", run, "--json"], ["escalations", "--run", run, "--json"]] {
            let result = try await ilsa(arguments)
            guard result.exited(0), var items = try JSONSerialization.jsonObject(with: result.stdout) as? [[String: Any]] else {
                throw CLIError("ilsa \(arguments.joined(separator: " ")): \(result.summary)")
            }
            // How long until a task is due changes as the test runs; the due time itself does not.
            for index in items.indices { items[index]["due_in"] = nil; items[index]["overdue"] = nil }
            parts.append(String(decoding: try JSONSerialization.data(withJSONObject: items, options: [.sortedKeys]), as: UTF8.self))
        }
        return parts.joined(separator: "\n")
    }

    /// The run's history, as `ilsa history RUN --json` gives it: one entry per event.
    func historyLength(_ run: String) async throws -> Int {
        let result = try await ilsa(["history", run, "--json"])
        guard result.exited(0), let events = try JSONSerialization.jsonObject(with: result.stdout) as? [Any] else {
            throw CLIError("ilsa history \(run) --json: \(result.summary)")
        }
        return events.count
    }

    /// The tasks `ilsa tasks ARGUMENTS --json` lists, as dictionaries.
    func tasks(_ arguments: [String] = []) async throws -> [[String: Any]] {
        let result = try await ilsa(["tasks", "--json"] + arguments)
        guard result.exited(0), let tasks = try JSONSerialization.jsonObject(with: result.stdout) as? [[String: Any]] else {
            throw CLIError("ilsa tasks --json \(arguments.joined(separator: " ")): \(result.summary)")
        }
        return tasks
    }
}

/// The columns text takes in a terminal, for checking that tables line up: Hangul and other
/// East Asian wide characters take two, everything in these tests' text else one.
enum TestWidth {
    static func of(_ text: some StringProtocol) -> Int {
        text.unicodeScalars.reduce(0) { $0 + (isWide($1.value) ? 2 : 1) }
    }

    private static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA960...0xA97F,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6:
            true
        default: false
        }
    }

    /// The display column each cell of a table line starts at; cells are separated by two or
    /// more spaces.
    static func cellStarts(_ line: String) -> [Int] {
        var starts: [Int] = []
        var column = 0
        var spaces = 0
        var atStart = true
        for character in line {
            if character == " " {
                spaces += 1
            } else {
                if atStart || spaces >= 2 { starts.append(column) }
                atStart = false
                spaces = 0
            }
            column += of(String(character))
        }
        return starts
    }
}
