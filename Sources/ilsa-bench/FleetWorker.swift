/// One worker of the `fleet` case: a process of its own (`ilsa-bench --fleet-worker STORE
/// INDEX COUNT TIMERS`), with its own engine and store connection, as each machine of a fleet
/// has. It drives its share of the reference instances on the store all workers share: two
/// untimed instances, then `ready` on standard output; on `go` from standard input, COUNT
/// timed ones, then one line with what it measured (`fleet-result` and JSON).
import IlsaStoreSQLite
import IlsaStorePostgres
import IlsaStore
import Foundation
import IlsaEngine

/// What one worker measured over its timed instances.
struct FleetWorkerResult: Codable {
    /// The timed instances' start and end, on the monotonic clock every process shares (ns).
    var began: UInt64
    var ended: UInt64
    /// Per instance, ms.
    var wall: [Double]
    /// Per call of each engine step ("start", "work", "complete", "decide"), µs.
    var steps: [String: [Double]]
    /// The worker process's CPU time over the timed instances (every thread), ms.
    var cpu: Double
}

/// Opens the store a worker names: a `postgres://` URL or an SQLite file, power-cut safe as
/// the reference case opens it.
func openFleetStore(_ location: String) throws -> any RunStore {
    if PostgresLocation.names(location) { return try PostgresRunStore(url: location) }
    return try SQLiteRunStore(path: location, durability: .powerCutSafe, busyTimeout: 5, checkpoints: .background)
}

/// The worker's side: never returns.
func fleetWorker(_ arguments: [String]) -> Never {
    do {
        guard arguments.count == 4, let index = Int(arguments[1]), let count = Int(arguments[2]) else {
            throw BenchFailure(description: "usage: ilsa-bench --fleet-worker STORE INDEX COUNT work|run")
        }
        guard let rosterPath = findRoster() else { throw BenchFailure(description: "plugins/ansan/roster.lua not found") }
        let driver = ReferenceDriver(
            store: try openFleetStore(arguments[0]), roster: try Roster.load(contentsOfFile: rosterPath),
            timers: arguments[3] == "work" ? .work : .run)
        var steps: [String: [Double]] = [:]
        func step(_ name: String, _ body: () throws -> Void) rethrows {
            let start = monotonicNanoseconds()
            try body()
            steps[name, default: []].append(Double(monotonicNanoseconds() - start) / 1e3)
        }
        try driver.warm(prefix: "w\(index)x", step: step)
        steps = [:]
        FileHandle.standardOutput.write(Data("ready\n".utf8))
        guard readLine() == "go" else { throw BenchFailure(description: "worker \(index): no go") }

        var wall: [Double] = []
        wall.reserveCapacity(count)
        let cpuBefore = cpuNanoseconds(), began = monotonicNanoseconds()
        for i in 0..<count {
            let start = monotonicNanoseconds()
            try driver.instance(i, id: RunID("w\(index)r\(i)"), step: step)
            wall.append(Double(monotonicNanoseconds() - start) / 1e6)
        }
        let ended = monotonicNanoseconds()
        let result = FleetWorkerResult(
            began: began, ended: ended, wall: wall, steps: steps, cpu: Double(cpuNanoseconds() - cpuBefore) / 1e6)
        FileHandle.standardOutput.write(Data("fleet-result ".utf8) + (try JSONEncoder().encode(result)) + Data("\n".utf8))
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("ilsa-bench --fleet-worker: \(error)\n".utf8))
        exit(1)
    }
}
