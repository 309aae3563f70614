/// Several machines (issue 16): the reference process's instances on one SQLite file and on
/// one PostgreSQL database shared by 1, 2 and 4 worker processes, side by side in each round.
///
/// Each worker is a process of its own (``fleetWorker(_:)``) with its own engine, clock and
/// store connection, driving its share of the round's instances while the others drive
/// theirs. Each fires its own runs' timers with `work(run:)`: with `work()`, an engine whose
/// virtual clock is ahead would find other workers' runs due and fire them early. One more
/// configuration, one worker firing with `work()`, shows what leasing due runs (`claimDue`)
/// adds. Every round gets a fresh store (a schema of its own) for each configuration, and
/// runs the configurations in a rotated order.
///
/// PostgreSQL is where `ILSA_BENCH_POSTGRES` says (scripts/bench-fleet starts one, fsync on).
import IlsaStoreSQLite
import IlsaStorePostgres
import IlsaStore
import Foundation
import IlsaEngine

/// The fleet's database server: a `postgres://` URL (the store's schemas are made in it).
let fleetPostgres = ProcessInfo.processInfo.environment["ILSA_BENCH_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }

/// Whether the fleet cases run: when `--filter` names them, or a server is given and no filter
/// leaves them out. Without a server, naming them is an error.
func fleetSelected(_ options: Options, _ keys: [String]) throws -> Bool {
    guard keys.contains(where: options.selects) else { return false }
    let named = options.filter?.contains { $0 == "fleet" || $0.hasPrefix("fleet.") } ?? false
    guard fleetPostgres != nil else {
        if named {
            throw BenchFailure(description: "the fleet cases need ILSA_BENCH_POSTGRES=postgres://... (scripts/bench-fleet starts a server)")
        }
        return false
    }
    return true
}

/// The URL of a schema in the fleet's database.
func fleetURL(schema: String) -> String {
    let base = fleetPostgres ?? ""
    return base + (base.contains("?") ? "&" : "?") + "schema=" + schema
}

/// One way to run the instances.
private struct FleetConfig {
    var key: String
    var name: String
    var postgres: Bool
    var workers: Int
    var timers: ReferenceDriver.Timers
}

private let fleetConfigs = [
    FleetConfig(key: "sqlite", name: "SQLite, 1 process", postgres: false, workers: 1, timers: .run),
    FleetConfig(key: "pg1", name: "PostgreSQL, 1 worker", postgres: true, workers: 1, timers: .run),
    FleetConfig(key: "pg2", name: "PostgreSQL, 2 workers", postgres: true, workers: 2, timers: .run),
    FleetConfig(key: "pg4", name: "PostgreSQL, 4 workers", postgres: true, workers: 4, timers: .run),
    FleetConfig(key: "pg1work", name: "PostgreSQL, 1 worker, work()", postgres: true, workers: 1, timers: .work),
]

/// What one configuration measured in one round, all workers together.
struct FleetRound {
    var instances = 0
    /// From the first worker's first instance to the last worker's last, s.
    var span = Double.nan
    /// Per instance, ms.
    var wall: [Double] = []
    /// Per call of each engine step, µs.
    var steps: [String: [Double]] = [:]
    /// CPU time of the workers and of the database server's processes, ms.
    var workerCPU = Double.nan
    var databaseCPU = Double.nan

    var throughput: Double { Double(instances) / span }
    func step(_ name: String, _ p: Double) -> Double { steps[name]?.percentile(p) ?? .nan }
}

func fleetCases(_ options: Options) throws -> [Case] {
    // name, label, unit, and the figure a round gives.
    let figures: [(String, String, String, (FleetRound) -> Double)] = [
        ("throughput", "instances per second, whole fleet", "/s", { $0.throughput }),
        ("wall", "wall per instance (mean)", "ms", { $0.wall.mean }),
        ("wall.p99", "wall per instance (p99)", "ms", { $0.wall.percentile(0.99) }),
        ("transition.median", "task transition: complete (median)", "µs", { $0.step("complete", 0.5) }),
        ("transition.p99", "task transition: complete (p99)", "µs", { $0.step("complete", 0.99) }),
        ("start", "Engine.start (median)", "µs", { $0.step("start", 0.5) }),
        ("timer", "the 3 h timer fired (median)", "µs", { $0.step("work", 0.5) }),
        ("cpu", "CPU per instance: workers", "ms", { $0.workerCPU / Double($0.instances) }),
        ("dbcpu", "CPU per instance: database server", "ms", { $0.databaseCPU / Double($0.instances) }),
    ]
    var rows: [(config: Int, key: String, label: String, unit: String, figure: (FleetRound) -> Double)] = []
    for (c, config) in fleetConfigs.enumerated() {
        for (key, label, unit, figure) in figures where config.postgres || key != "dbcpu" {
            rows.append((c, "fleet.\(config.key).\(key)", "\(config.name): \(label)", unit, figure))
        }
    }
    // Ratios to SQLite in the same round: the VM is noisy, a ratio less so.
    for (c, config) in fleetConfigs.enumerated() where config.postgres {
        rows.append((c, "fleet.\(config.key).vs_sqlite", "\(config.name): throughput / SQLite's", "x", { $0.throughput }))
    }
    let selected = rows.filter { options.selects($0.key) }
    guard try fleetSelected(options, selected.map(\.key)) else { return [] }
    let needed = Set(selected.map(\.config)).union(selected.contains { $0.key.hasSuffix(".vs_sqlite") } ? [0] : [])
    let instances = options.quick ? 100 : 1_000
    var rounds: [[Int: FleetRound]] = []
    return selected.enumerated().map { index, row in
        Case(key: row.key, label: row.label, unit: row.unit) {
            // The first selected row measures every configuration of a round; the others report it.
            if index == 0 { rounds.append(try fleetRound(needed.sorted(), instances: instances, round: rounds.count)) }
            guard let round = rounds.last, let result = round[row.config] else { return .nan }
            if row.key.hasSuffix(".vs_sqlite") { return row.figure(result) / (round[0]?.throughput ?? .nan) }
            return row.figure(result)
        }
    }
}

/// One round: each configuration once, in an order rotated by the round, each on a fresh store.
private func fleetRound(_ configs: [Int], instances: Int, round: Int) throws -> [Int: FleetRound] {
    var results: [Int: FleetRound] = [:]
    let shift = round % max(1, configs.count)
    for c in configs[shift...] + configs[..<shift] {
        results[c] = try fleetRun(fleetConfigs[c], instances: instances)
    }
    fleetNote(results)
    return results
}

/// One configuration: a fresh store, its workers started and warmed, then let go together.
private func fleetRun(_ config: FleetConfig, instances: Int) throws -> FleetRound {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ilsa-bench-fleet-\(getpid())")
    let location: String
    var dropSchema: () throws -> Void = {}
    if config.postgres {
        location = fleetURL(schema: "bench_fleet_\(getpid())_\(config.key)")
        let store = try PostgresRunStore(url: location)
        try store.dropSchema()
        _ = try PostgresRunStore(url: location)  // made again, empty, before the workers open it
        dropSchema = { try store.dropSchema() }
    } else {
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        location = folder.appendingPathComponent("ilsa.sqlite").path
        _ = try SQLiteRunStore(path: location)
    }
    defer {
        try? dropSchema()
        try? FileManager.default.removeItem(at: folder)
    }

    let shares = (0..<config.workers).map { instances / config.workers + ($0 < instances % config.workers ? 1 : 0) }
    let workers = try shares.enumerated().map { index, count in
        try FleetWorkerProcess(
            arguments: [location, "\(index)", "\(count)", config.timers == .work ? "work" : "run"])
    }
    defer { for worker in workers { worker.stop() } }
    for worker in workers {
        guard worker.line() == "ready" else { throw BenchFailure(description: "a fleet worker did not get ready") }
    }
    let port = (try? PostgresLocation(location).port) ?? 0
    let databaseBefore = config.postgres ? postgresCPU(port: port) : 0
    for worker in workers { worker.go() }
    var round = FleetRound(instances: instances)
    var results: [FleetWorkerResult] = []
    for worker in workers {
        guard let line = worker.line(), line.hasPrefix("fleet-result ") else {
            throw BenchFailure(description: "a fleet worker (\(config.name)) failed")
        }
        results.append(try JSONDecoder().decode(FleetWorkerResult.self, from: Data(line.dropFirst(13).utf8)))
    }
    for worker in workers { worker.wait() }
    if config.postgres {
        Thread.sleep(forTimeInterval: 0.2)  // the workers' server processes end and are counted
        round.databaseCPU = postgresCPU(port: port) - databaseBefore
    }
    round.span = Double((results.map(\.ended).max() ?? 0) - (results.map(\.began).min() ?? 0)) / 1e9
    round.wall = results.flatMap(\.wall)
    round.steps = results.reduce(into: [:]) { steps, result in steps.merge(result.steps) { $0 + $1 } }
    round.workerCPU = results.map(\.cpu).reduce(0, +)

    // Every run completed: the timed ones and each worker's two untimed ones.
    let completed = try openFleetStore(location).runs(RunQuery(statuses: [.completed]), page: PageRequest(limit: 0)).total ?? 0
    guard completed == instances + 2 * config.workers else {
        throw BenchFailure(description: "\(config.name): \(completed) runs completed, not \(instances + 2 * config.workers)")
    }
    return round
}

/// A worker process, with a pipe to tell it to go and one to read what it says.
private final class FleetWorkerProcess {
    private let process = Process()
    private let input = Pipe(), output = Pipe()

    init(arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = ["--fleet-worker"] + arguments
        process.standardInput = input
        process.standardOutput = output
        try process.run()
    }

    /// The next line it prints, or nil when it ended.
    func line() -> String? {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while read(output.fileHandleForReading.fileDescriptor, &byte, 1) == 1 {
            if byte == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
        return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
    }

    func go() { input.fileHandleForWriting.write(Data("go\n".utf8)) }

    func wait() { process.waitUntilExit() }

    /// Ends it if it is still running (a round that failed).
    func stop() {
        if process.isRunning { process.terminate() }
    }
}

/// CPU time so far of the database server, ms: the postmaster started with `-c port=PORT` (as
/// scripts/bench-fleet starts it) and its processes, and those of them that ended (a backend
/// whose connection closed counts in the postmaster's children's time). Other clusters on the
/// machine (tests') are left out; when no postmaster says its port, every process of the
/// `postgres` user counts.
func postgresCPU(port: Int) -> Double {
    guard let user = getpwnam("postgres")?.pointee.pw_uid,
        let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc")
    else { return .nan }
    // Per process of the user: its parent, its CPU time and its ended children's, in ticks.
    var processes: [(pid: Int, parent: Int, ticks: Double)] = []
    var postmaster: Int?
    for name in entries {
        guard let pid = Int(name) else { continue }
        var info = stat()
        guard stat("/proc/\(pid)", &info) == 0, info.st_uid == user,
            let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { continue }
        // After "pid (name) ": state, parent, ...; utime, stime, cutime, cstime are fields 14 to 17.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 15, let parent = Int(fields[2]) else { continue }
        processes.append((pid, parent, fields[11...14].compactMap { Double($0) }.reduce(0, +)))
        let arguments = (try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8))?.split(separator: "\0") ?? []
        if arguments.contains("port=\(port)") { postmaster = pid }
    }
    let server = postmaster.map { root in processes.filter { $0.pid == root || $0.parent == root } } ?? processes
    return server.map(\.ticks).reduce(0, +) / Double(sysconf(Int32(_SC_CLK_TCK))) * 1e3
}

/// The last round's configurations side by side, for the report.
private func fleetNote(_ results: [Int: FleetRound]) {
    var text = "fleet (last round): per configuration, instances / span = per second; wall per instance mean, p99; "
    text += "complete median, p99; CPU per instance workers + database"
    for (c, config) in fleetConfigs.enumerated() {
        guard let r = results[c] else { continue }
        text += "\n  " + config.name.padding(toLength: 30, withPad: " ", startingAt: 0)
        text += String(
            format: " %5d / %6.2f s = %6.1f/s; wall %.2f, %.2f ms; complete %.0f, %.0f µs; CPU %.2f + %.2f ms",
            r.instances, r.span, r.throughput, r.wall.mean, r.wall.percentile(0.99), r.step("complete", 0.5),
            r.step("complete", 0.99), r.workerCPU / Double(r.instances), config.postgres ? r.databaseCPU / Double(r.instances) : 0)
    }
    benchNotes.withLock { notes in
        notes.removeAll { $0.hasPrefix("fleet (last round)") }
        notes.append(text)
    }
}
