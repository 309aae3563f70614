public import Foundation

/// A temporary folder to run `ilsa` in as a user would, removed when the test is done with it:
/// a store, the playbooks a test writes, and the environment every command gets.
///
/// Commands run through ``ilsa(_:environment:stdin:in:timeout:)`` run in the folder with
/// `ILSA_STORE` naming the folder's store, `ILSA_ROSTER` the project's roster (or ``roster``),
/// no `ILSA_WORKFLOWS`, ``pluginPath`` when set, `USER` set to ``user``, without colour and without a terminal width (so
/// titles are whole). A test that wants only the folder runs ``CLI/ilsa(_:stdin:environment:in:timeout:)``
/// in ``url`` itself.
public final class Workspace: @unchecked Sendable {
    /// The folder, removed with the workspace.
    private let folder: TemporaryFolder
    public var url: URL { folder.url }
    /// Who runs the commands (`USER`), the default `--by`.
    public var user: String
    /// The roster file: the project's unless a test writes its own.
    public var roster = Fixtures.rosterPath
    /// `ILSA_PLUGIN_PATH` when set (``Fixtures/plugins`` for the shipped plugins), else the
    /// test process's.
    public var pluginPath: String?

    /// The store every command gets (`ILSA_STORE`): `store.sqlite` in the folder, or a
    /// PostgreSQL store of the folder's own on the test server.
    public let store: String

    /// Makes an empty folder; with `store` `.postgres`, its commands share a schema of the
    /// folder's own on the test server (`ILSA_TEST_POSTGRES`) rather than an SQLite file.
    public init(user: String = "tester", store kind: StoreKind = .sqlite) throws {
        folder = try TemporaryFolder(prefix: "ilsa-workspace")
        self.user = user
        switch kind {
        case .postgres: store = try folder.postgresStoreURL()
        case .sqlite, .memory: store = folder.path("store.sqlite")
        }
    }

    /// The duty officer's desk: user 당직자, and ``FixturePlaybooks/duty``,
    /// ``FixturePlaybooks/rainReading`` and ``FixturePlaybooks/tower`` written as `duty.lua`,
    /// `gauge.lua` and `tower.lua`, for ``start(_:id:)``.
    public static func dutyDesk() throws -> Workspace {
        let workspace = try Workspace(user: "당직자")
        for (name, source) in [
            ("duty", FixturePlaybooks.duty), ("gauge", FixturePlaybooks.rainReading), ("tower", FixturePlaybooks.tower),
        ] {
            try workspace.write("\(name).lua", source)
        }
        return workspace
    }

    /// A path inside the folder.
    public func path(_ name: String) -> String { folder.path(name) }

    /// What every command run through ``ilsa(_:environment:stdin:in:timeout:)`` gets.
    public var environment: [String: String] {
        var environment = [
            "ILSA_STORE": store, "ILSA_ROSTER": roster, "ILSA_WORKFLOWS": "", "USER": user, "NO_COLOR": "1", "COLUMNS": "",
        ]
        if let pluginPath { environment["ILSA_PLUGIN_PATH"] = pluginPath }
        return environment
    }

    /// Writes `contents` to `name` in the folder (making the folders on its way) and returns its URL.
    @discardableResult
    public func write(_ name: String, _ contents: String) throws -> URL { try folder.write(name, contents) }

    /// Runs `ilsa ARGUMENTS` to completion, in the folder (or `directory`), with ``environment``
    /// changed by `environment`.
    public func ilsa(
        _ arguments: [String], environment: [String: String] = [:], stdin: Data? = nil, in directory: URL? = nil,
        timeout: Duration = CLI.defaultTimeout
    ) async throws -> RunResult {
        try await CLI.ilsa(
            arguments, stdin: stdin, environment: self.environment.merging(environment) { $1 }, in: directory ?? url,
            timeout: timeout)
    }

    /// Starts `ilsa ARGUMENTS` in the folder and returns at once.
    public func spawn(_ arguments: [String], environment: [String: String] = [:]) throws -> RunningProcess {
        try RunningProcess(try CLI.ilsaURL(), arguments, environment: self.environment.merging(environment) { $1 }, in: url)
    }

    /// Starts a run of `<playbook>.lua` in the folder with a fixed id (`ilsa run --detach`), and
    /// returns when it waits.
    public func start(_ playbook: String, id: String) async throws {
        let result = try await ilsa(["run", "--detach", "--id", id, path("\(playbook).lua")])
        guard result.exited(0), result.stdoutText == "\(id)\n" else {
            throw TestKitError("ilsa run --detach \(playbook) did not start run \(id): \(result.summary)")
        }
    }

    /// Runs `ilsa ARGUMENTS --json` and reads its standard output as JSON.
    public func json(_ arguments: [String]) async throws -> Any {
        let result = try await ilsa(arguments + ["--json"])
        guard result.exited(0) else { throw TestKitError("ilsa \(arguments.joined(separator: " ")) --json: \(result.summary)") }
        return try JSONSerialization.jsonObject(with: result.stdout)
    }

    /// `ilsa status RUN --json`.
    public func status(_ run: String) async throws -> [String: Any] {
        try await json(["status", run]) as? [String: Any] ?? [:]
    }

    /// `ilsa history RUN --json`: one entry per event.
    public func history(_ run: String) async throws -> [[String: Any]] {
        try await json(["history", run]) as? [[String: Any]] ?? []
    }

    /// How many events the run's history holds.
    public func historyLength(_ run: String) async throws -> Int {
        let result = try await ilsa(["history", run, "--json"])
        guard result.exited(0), let events = try JSONSerialization.jsonObject(with: result.stdout) as? [Any] else {
            throw TestKitError("ilsa history \(run) --json: \(result.summary)")
        }
        return events.count
    }

    /// The tasks `ilsa tasks ARGUMENTS --json` lists, as dictionaries.
    public func tasks(_ arguments: [String] = []) async throws -> [[String: Any]] {
        let result = try await ilsa(["tasks", "--json"] + arguments)
        guard result.exited(0), let tasks = try JSONSerialization.jsonObject(with: result.stdout) as? [[String: Any]] else {
            throw TestKitError("ilsa tasks --json \(arguments.joined(separator: " ")): \(result.summary)")
        }
        return tasks
    }

    /// Everything a command could change about a run: its history, and its tasks and escalations.
    public func snapshot(_ run: String) async throws -> String {
        var parts: [String] = []
        for arguments in [
            ["history", run, "--json"], ["tasks", "--all", "--run", run, "--json"], ["escalations", "--all", "--run", run, "--json"],
        ] {
            let result = try await ilsa(arguments)
            guard result.exited(0), var items = try JSONSerialization.jsonObject(with: result.stdout) as? [[String: Any]] else {
                throw TestKitError("ilsa \(arguments.joined(separator: " ")): \(result.summary)")
            }
            // How long until a task is due changes as the test runs; the due time itself does not.
            for index in items.indices { items[index]["due_in"] = nil; items[index]["overdue"] = nil }
            parts.append(String(decoding: try JSONSerialization.data(withJSONObject: items, options: [.sortedKeys]), as: UTF8.self))
        }
        return parts.joined(separator: "\n")
    }

    /// Polls `condition` every 100 ms until it holds or `timeout` passes; returns whether it held.
    public func eventually(timeout: Duration = .seconds(20), _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try await condition()
    }
}
