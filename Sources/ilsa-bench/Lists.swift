/// Lists with many runs in the store (issue 14): the real `ilsa tasks`, `ilsa tasks --json`,
/// `ilsa status` and `ilsa escalations`, each a whole process on a store of 100,000 waiting
/// heavy-rain runs (``ListsStore``), with its wall time and its peak resident memory (the
/// child's `ru_maxrss`, from `wait4`, spawned by a fresh copy of this program: see
/// ``measureProcessFromAFreshSpawner(_:_:environment:)``). Goals: 0.3 s and 80 MB each.
///
/// With `ILSA_BENCH_LISTS_BEFORE=PATH` (an `ilsa` built from the commit before the paged
/// lists), the same four commands of that binary too, on a copy of the store taken back to the
/// schema before them (their indexes dropped, the index they replaced made again): before and
/// after, in the same rounds.
import IlsaBenchC
import IlsaStoreSQLite
import IlsaStore
import Foundation

func listCases(_ options: Options) throws -> [Case] {
    guard options.selects("lists") else { return [] }
    let count = options.quick ? 2_000 : 100_000
    let benchmark = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    let ilsa = benchmark.deletingLastPathComponent().appendingPathComponent("ilsa").path
    guard FileManager.default.isExecutableFile(atPath: ilsa) else {
        throw UsageError(message: "\(ilsa) is missing: build it first (swift build -c release --product ilsa)")
    }
    let store = try listsStore(count: count)
    let size = { (path: String) in Double((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0) / 1_048_576 }
    benchNotes.withLock {
        $0.append(
            String(format: "lists: the store is %.0f MiB, its write-ahead log %.1f MiB (%@)", size(store), size(store + "-wal"), store))
    }
    var binaries = [("lists", ilsa, store)]
    if let before = ProcessInfo.processInfo.environment["ILSA_BENCH_LISTS_BEFORE"] {
        binaries.append(("lists.before", before, try schemaBeforeListsCopy(of: store)))
    }
    let commands: [(key: String, arguments: [String])] = [
        ("tasks", ["tasks"]), ("tasks_json", ["tasks", "--json"]), ("status", ["status"]), ("escalations", ["escalations"]),
    ]
    var cases: [Case] = []
    for (prefix, binary, path) in binaries {
        let which = prefix == "lists" ? "" : " (before)"
        // The floor: a process that starts and does nothing else.
        for command in (prefix == "lists" ? [("floor", ["--version"])] : []) + commands {
            let key = "\(prefix).\(command.key)"
            var last: ProcessCost?
            let shown = "ilsa " + command.arguments.joined(separator: " ") + which
            cases.append(
                Case(key: key, label: "\(shown): wall", unit: "ms") {
                    let cost = try measureProcessFromAFreshSpawner(
                        binary, command.arguments, environment: ["ILSA_STORE": path, "ILSA_ROSTER": findRoster() ?? "", "NO_COLOR": "1"])
                    last = cost
                    return cost.nanoseconds / 1e6
                })
            // Reads the process the row above ran (the group runs in order).
            cases.append(
                Case(key: key + ".rss", label: "\(shown): peak resident memory", unit: "MiB") { Double(last?.peakKiB ?? 0) / 1024 })
        }
    }
    return cases.filter { options.selects($0.key) }
}

/// The store, made the first time and kept between invocations (making 100,000 runs takes
/// a while; listing them changes nothing).
private func listsStore(count: Int) throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ilsa-bench-lists-\(count)")
    let path = folder.appendingPathComponent("ilsa.sqlite").path
    // A store another schema made (a build before or after a migration) is made again.
    if FileManager.default.fileExists(atPath: path), (try? SQLiteRunStore(path: path).runs(.active, page: .count).total) == count {
        return path
    }
    try? FileManager.default.removeItem(at: folder)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let began = Date()
    try ListsStore(count: count).make(at: path)
    FileHandle.standardError.write(Data("ilsa-bench: \(count) waiting runs made in \(Int(-began.timeIntervalSinceNow)) s\n".utf8))
    return path
}

/// A copy of the store as the schema before the paged lists' migration had it (the newest:
/// `v3: paged lists`, or whatever number it has once merged), for an `ilsa` from before it.
private func schemaBeforeListsCopy(of path: String) throws -> String {
    let copy = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("before-lists.sqlite").path
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: copy + suffix) }
    try FileManager.default.copyItem(atPath: path, toPath: copy)
    let rc = ilsabench_sqlite_exec_file(
        copy,
        """
        DROP INDEX tasks_open_by_due;
        DROP INDEX escalations_open;
        CREATE INDEX escalations_by_state ON escalations (state, created_at);
        DELETE FROM grdb_migrations WHERE identifier LIKE 'v%: paged lists';
        PRAGMA user_version = \(SQLiteRunStore.schemaVersion - 1);
        """)
    guard rc == 0 else { throw BenchFailure(description: "cannot take \(copy) back before the lists' migration (SQLite error \(rc))") }
    return copy
}
