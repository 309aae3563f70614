/// The reference process of issue 13, "heavy rain, one district": runs of one playbook driven one
/// after another through the Swift API on one SQLite store, every step durable at the store's
/// default setting. Per instance: wall and CPU time, the SQLite statements compiled, the commits,
/// the syncs, and the fsync floor (commits × the fsync latency measured on the store's disk in
/// the same round); and a persisted task transition's median and p99.
///
/// Counting is measurement only: the store is opened as `SQLiteRunStore(path:)` opens it, plus an
/// observer that installs `sqlite3_trace_v2` on each connection, and SQLite's default VFS is
/// swapped, for this case only, for the same VFS with a counting `xSync` (IlsaBenchC). Set
/// `ILSA_BENCH_REFERENCE_COUNTERS=0` to run without either (the counts then read "nan").
///
/// Opt-in comparison: `ILSA_BENCH_REFERENCE_SYNCHRONOUS=FULL` (or NORMAL, EXTRA, OFF) sets the
/// writer connection's `PRAGMA synchronous` once the store is open, to see what a setting would
/// cost; without it the store runs with its own setting, which the report reads back.
import IlsaStoreSQLite
import IlsaStore
import IlsaBenchC
import Foundation
import IlsaEngine
import Synchronization

/// A run starts with a district. Five tasks at once: the dong head (1 h), the city's roads and
/// rivers departments (citywide roles in the Ansan roster: 1 h and 2 h), the district's 119
/// safety centre (2 h) and police boxes (3 h). A 3 h timer races the first task without
/// cancelling it; when the timer wins, the district escalates to the control tower and waits
/// for its decision. The run completes when all five tasks are done and any decision is made.
let referencePlaybook = """
    return ilsa.workflow {
      name = "reference", title = "호우 대응 (권역, 기준 프로세스) — heavy rain, one district",
      params = { { name = "district", type = "district", default = "singil", summary = "the district that responds" } },
      run = function(ctx)
        local d = ctx.params.district
        local households = ilsa.task { title = "반지하 취약가구 연락·대피 안내", assignee = { role = "DONG.HEAD", district = d }, due = "1h" }
        local tasks = {
          households,
          ilsa.task { title = "지하차도 통제 준비", assignee = { role = "CITY.ROADS" }, due = "1h" },
          ilsa.task { title = "하천 수위 감시", assignee = { role = "CITY.RIVERS" }, due = "2h" },
          ilsa.task { title = "배수펌프·구조장비 대기", assignee = { role = "FIRE.SC119", district = d }, due = "2h" },
          ilsa.task { title = "지하차도 순찰", assignee = { role = "POL.BOX", district = d }, due = "3h" },
        }
        local decision
        ilsa.parallel {
          function() ilsa.all(tasks) end,
          function() -- the watch on the first task: it goes on either way
            if ilsa.any { households, ilsa.timer("3h") } ~= households then
              decision = ilsa.escalate {
                to = "control_tower", severity = "alert",
                reason = "semi-basement households in " .. d .. " not reached after 3 h",
                options = { "evacuate_low_areas", "open_shelters", "hold" },
              }:wait()
            end
          end,
        }
        return { district = d, escalated = decision ~= nil, decision = decision and decision.option }
      end,
    }
    """

func referenceCases(_ options: Options) throws -> [Case] {
    // name, label, unit, and the figure a round gives.
    let rows: [(String, String, String, (ReferenceRound) -> Double)] = [
        ("reference.wall", "wall time per instance (mean)", "ms", { $0.wall.mean }),
        ("reference.wall.median", "wall time per instance (median)", "ms", { $0.wall.percentile(0.5) }),
        ("reference.wall.p99", "wall time per instance (p99)", "ms", { $0.wall.percentile(0.99) }),
        ("reference.wall.even", "wall per even instance (timer fires, escalation; mean)", "ms", { $0.evenWall.mean }),
        ("reference.wall.odd", "wall per odd instance (no escalation; mean)", "ms", { $0.oddWall.mean }),
        ("reference.cpu", "CPU time per instance (whole process; mean)", "ms", { $0.cpu.mean }),
        ("reference.cpu_user", "  of which in user space (Ilsa, GRDB, SQLite, Lua)", "ms", { $0.userCPU }),
        ("reference.cpu_kernel", "  of which in the kernel (syncs, log writes, locks)", "ms", { $0.kernelCPU }),
        ("reference.step.start", "Engine.start (mean per call)", "µs", { $0.steps["start"]?.mean ?? .nan }),
        ("reference.step.complete", "update(task:.complete) (mean per call, 5 an instance)", "µs", { $0.steps["complete"]?.mean ?? .nan }),
        ("reference.step.work", "work(): the 3 h timer fires and escalates (mean, even)", "µs", { $0.steps["work"]?.mean ?? .nan }),
        ("reference.step.decide", "decide (mean per call, even instances)", "µs", { $0.steps["decide"]?.mean ?? .nan }),
        (
            "reference.statements", "SQLite statements compiled per instance", "/inst",
            { $0.perInstance { $0.compiled_writer + $0.compiled_reader } }
        ),
        (
            "reference.executed", "SQLite statements run per instance", "/inst",
            { $0.perInstance { $0.statements_writer + $0.statements_reader } }
        ),
        ("reference.commits", "commits that wrote, per instance", "/inst", { $0.perInstance { $0.write_commits } }),
        (
            "reference.syncs", "syncs SQLite made, per instance (xSync)", "/inst",
            { $0.perInstance { $0.syncs_wal + $0.syncs_db + $0.syncs_other } }
        ),
        ("reference.switches", "context switches per instance (whole process)", "/inst", { $0.switches / Double($0.instances) }),
        ("reference.sync.time", "time in those syncs, per instance", "ms", { $0.perInstance { $0.sync_ns } / 1e6 }),
        ("reference.fsync", "fsync of 4 KiB on the store's disk (median)", "µs", { $0.fsync.percentile(0.5) }),
        ("reference.fdatasync", "fdatasync of 4 KiB on the store's disk (median)", "µs", { $0.fdatasync.percentile(0.5) }),
        ("reference.floor", "fsync floor per instance (commits × fsync)", "ms", { $0.floor }),
        ("reference.ratio", "wall / fsync floor (mean wall)", "x", { $0.wall.mean / $0.floor }),
        ("reference.synchronous", "PRAGMA synchronous of the writer (1 NORMAL, 2 FULL)", "", { $0.synchronous }),
        ("reference.complete.median", "update(task:.complete) per call (median)", "µs", { $0.steps["complete"]?.percentile(0.5) ?? .nan }),
        ("reference.complete.p99", "update(task:.complete) per call (p99)", "µs", { $0.steps["complete"]?.percentile(0.99) ?? .nan }),
        ("reference.transition.median", "task transition persisted: a note (median)", "µs", { $0.transitions.percentile(0.5) }),
        ("reference.transition.p99", "task transition persisted: a note (p99)", "µs", { $0.transitions.percentile(0.99) }),
        ("reference.transition.p999", "task transition persisted: a note (p99.9)", "µs", { $0.transitions.percentile(0.999) }),
        (
            "reference.transition.spread", "task transition persisted: p99 / median", "x",
            { $0.transitions.percentile(0.99) / $0.transitions.percentile(0.5) }
        ),
    ]
    let selected = rows.filter { options.selects($0.0) }
    guard !selected.isEmpty else { return [] }
    guard let rosterPath = findRoster() else { throw BenchFailure(description: "plugins/ansan/roster.lua not found") }
    let roster = try Roster.load(contentsOfFile: rosterPath)
    let instances = options.quick ? 100 : 1_000
    var last: ReferenceRound?
    return selected.enumerated().map { index, row in
        let (key, label, unit, figure) = row
        return Case(key: key, label: label, unit: unit) {
            // The first selected row measures a round; the others report it.
            if index == 0 { last = try referenceRound(roster: roster, instances: instances, options: options) }
            return last.map(figure) ?? .nan
        }
    }
}

/// What one round measured.
struct ReferenceRound {
    var instances = 0
    /// Per instance, ms.
    var wall: [Double] = [], evenWall: [Double] = [], oddWall: [Double] = [], cpu: [Double] = []
    /// Per call of each engine step, µs.
    var steps: [String: [Double]] = [:]
    /// SQLite's counters over the timed instances (nil when not counted).
    var counts: ilsabench_sql_counts?
    /// Per sync, µs.
    var fsync: [Double] = [], fdatasync: [Double] = []
    /// Per note, µs.
    var transitions: [Double] = []
    var synchronous = Double.nan
    /// Voluntary and involuntary context switches of the process over the timed instances.
    var switches = Double.nan
    /// The process's CPU time over the timed instances, in user space and in the kernel (the
    /// syncs, the log's writes, file locks), ms per instance.
    var userCPU = Double.nan, kernelCPU = Double.nan

    func perInstance(_ counter: (ilsabench_sql_counts) -> Int) -> Double {
        counts.map { Double(counter($0)) / Double(instances) } ?? .nan
    }

    /// Commits that wrote, per instance, times the median fsync: what durability costs at least.
    var floor: Double { perInstance { $0.write_commits } * fsync.percentile(0.5) / 1e3 }
}

/// Records the SQL of the statements SQLite runs, by the engine step that ran them: those at
/// their first run (compiled) in the timed instances, every statement in the untimed ones.
private final class SQLLog: Sendable {
    struct State {
        /// Where statements go now; nil: nowhere.
        var step: String?
        /// By step, by SQL text (with `[writer] ` or `[reader] ` in front), how many.
        var counts: [String: [String: Int]] = [:]
    }
    let state = Mutex(State())

    /// Counts a statement under the current step; cheap, since it runs inside timed steps (the
    /// text is tidied when printed).
    func record(_ sql: UnsafePointer<CChar>, reader: Bool) {
        state.withLock { state in
            guard let step = state.step else { return }
            state.counts[step, default: [:]][(reader ? "[reader] " : "[writer] ") + String(cString: sql), default: 0] += 1
        }
    }

    /// Sends SQLite's statements here: every one (`all`) or those at their first run.
    func listen(all: Bool) {
        ilsabench_sqlite_on_statement(
            { sql, reader, _, _ in
                if let sql { sqlLog.record(sql, reader: reader != 0) }
            }, all ? 1 : 0, nil)
    }

    func stop() {
        ilsabench_sqlite_on_statement(nil, 0, nil)
        state.withLock { $0.step = nil }
    }
}

private let sqlLog = SQLLog()

/// Whether to count statements, commits and syncs (`ILSA_BENCH_REFERENCE_COUNTERS=0`: no).
private let countersOn = ProcessInfo.processInfo.environment["ILSA_BENCH_REFERENCE_COUNTERS"] != "0" && !memoryStore

/// `memory` drives the instances on the in-memory store instead: what the engine costs without
/// SQLite (opt-in; the counters are off then).
private let memoryStore = ProcessInfo.processInfo.environment["ILSA_BENCH_REFERENCE_STORE"] == "memory"

/// The `PRAGMA synchronous` to set on the writer instead of the store's own (opt-in; needs the counters).
private let synchronousOverride = ProcessInfo.processInfo.environment["ILSA_BENCH_REFERENCE_SYNCHRONOUS"].flatMap {
    $0.isEmpty ? nil : $0.uppercased()
}

/// One round: a fresh store, two untimed instances (which also find the tasks' and the
/// escalation's numbers), `instances` timed ones, then the transitions.
private func referenceRound(roster: Roster, instances: Int, options: Options) throws -> ReferenceRound {
    var round = ReferenceRound(instances: instances)
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ilsa-bench-reference")
    try? FileManager.default.removeItem(at: folder)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }

    // The disk's sync latency in the store's folder, before the instances, between them (every
    // tenth, untimed) and after the transitions: on this VM it changes with what else writes to
    // the disk (0.1 ms alone, 4 ms while another build runs), so it is sampled throughout.
    let probe = try SyncProbe(path: folder.appendingPathComponent("fsync.probe").path)
    defer { probe.close() }
    try probe.sample(&round, count: options.quick ? 20 : 50)

    if countersOn {
        guard ilsabench_sqlite_vfs_install() == 0 else { throw BenchFailure(description: "cannot register the counting SQLite VFS") }
    }
    do {
        defer { if countersOn { ilsabench_sqlite_vfs_restore() } }
        // The store and the engine live in drive(), so they are closed before the VFS is restored.
        try drive(&round, folder: folder, roster: roster, instances: instances, probe: probe, options: options)
    }
    try probe.sample(&round, count: options.quick ? 20 : 50)
    return round
}

private func drive(_ round: inout ReferenceRound, folder: URL, roster: Roster, instances: Int, probe: SyncProbe, options: Options) throws {
    let observe: @Sendable (OpaquePointer, Bool) -> Void = { handle, reader in ilsabench_sqlite_observe(handle, reader ? 1 : 0) }
    let observer = countersOn ? observe : nil
    let sqlite = try SQLiteRunStore(
        path: folder.appendingPathComponent("ilsa.sqlite").path, durability: .powerCutSafe, busyTimeout: 5, checkpoints: .background,
        connectionObserver: observer)
    let store: any RunStore = memoryStore ? InMemoryRunStore() : sqlite
    if let synchronousOverride {
        guard countersOn, ["OFF", "NORMAL", "FULL", "EXTRA"].contains(synchronousOverride),
            ilsabench_sqlite_writer_exec("PRAGMA synchronous = \(synchronousOverride)") == 0
        else {
            throw BenchFailure(description: "cannot set PRAGMA synchronous = \(synchronousOverride) (ILSA_BENCH_REFERENCE_SYNCHRONOUS)")
        }
    }
    round.synchronous = Double(try sqlite.writerPragma("synchronous") ?? "") ?? .nan
    let driver = ReferenceDriver(store: store, roster: roster)
    let engine = driver.engine

    // With the counters on, every statement the two untimed instances run is logged, by step.
    var steps: [String: [Double]] = [:]
    func step(_ name: String, _ body: () throws -> Void) rethrows {
        if countersOn { sqlLog.state.withLock { $0.step = name } }
        let start = monotonicNanoseconds()
        try body()
        steps[name, default: []].append(Double(monotonicNanoseconds() - start) / 1e3)
        if countersOn { sqlLog.state.withLock { $0.step = nil } }
    }
    sqlLog.state.withLock { $0 = SQLLog.State() }
    if countersOn { sqlLog.listen(all: true) }
    try driver.warm(prefix: "w", step: step)
    let taskNumbers = driver.taskNumbers

    // The timed instances: only statements at their first run are logged.
    steps = [:]
    if countersOn { sqlLog.listen(all: false) }
    let before = counts(), switchesBefore = contextSwitches(), usageBefore = cpuUsage()
    for i in 0..<instances {
        let cpuStart = cpuNanoseconds(), start = monotonicNanoseconds()
        try driver.instance(i, id: RunID("r\(i)"), step: step)
        let wall = Double(monotonicNanoseconds() - start) / 1e6
        round.cpu.append(Double(cpuNanoseconds() - cpuStart) / 1e6)
        round.wall.append(wall)
        if i % 2 == 0 { round.evenWall.append(wall) } else { round.oddWall.append(wall) }
        if i % 10 == 9 { try probe.sample(&round, count: 1) }
    }
    let after = counts()
    round.switches = Double(contextSwitches() - switchesBefore)
    let usageAfter = cpuUsage()
    round.userCPU = (usageAfter.user - usageBefore.user) / Double(instances)
    round.kernelCPU = (usageAfter.kernel - usageBefore.kernel) / Double(instances)
    if countersOn { round.counts = after - before }
    round.steps = steps

    // Every instance completed, and every even one had its escalation decided.
    let completed = try store.runs(status: .completed).count
    let decided = try store.escalations(run: nil, openOnly: false).filter { $0.state == .decided }.count
    guard completed == instances + 2, decided == (instances + 1) / 2 + 1 else {
        throw BenchFailure(description: "the reference instances did not all end as expected: \(completed) completed, \(decided) decided")
    }

    // Task transitions: notes on the first task of one more reference run, in the same store.
    let notesRun = RunID("notes")
    try engine.start(playbook: "reference.lua", params: .object(["district": .string("singil")]), id: notesRun, seed: 1)
    let task = TaskID(run: notesRun, number: taskNumbers[0])
    let notes = options.quick ? 500 : 5_000
    let notesBefore = counts()
    round.transitions.reserveCapacity(notes)
    if countersOn { sqlLog.state.withLock { $0.step = "note" } }
    for i in 0..<notes {
        let start = monotonicNanoseconds()
        try engine.update(task: task, .note, by: "CITY.SITROOM", note: "reading \(i)")
        round.transitions.append(Double(monotonicNanoseconds() - start) / 1e3)
    }
    let notesCounts = counts() - notesBefore
    sqlLog.stop()

    if countersOn { addNotes(round, notes: notes, notesCounts: notesCounts, store: sqlite) }
}

/// The round's details for the report: the store's settings, where the statements compiled per
/// instance come from, and the transitions' counts.
private func addNotes(_ round: ReferenceRound, notes: Int, notesCounts: ilsabench_sql_counts, store: SQLiteRunStore) {
    guard let c = round.counts else { return }
    let n = Double(round.instances)
    func per(_ value: Int, _ count: Double = n) -> String {
        let x = Double(value) / count
        return String(format: x == 0 || x >= 0.1 ? "%.2f" : "%.3f", x)
    }
    var text = "reference (last round, \(round.instances) instances): the store's writer runs with "
    if let synchronousOverride {
        text =
            "reference (last round, \(round.instances) instances, synchronous set to \(synchronousOverride) by ILSA_BENCH_REFERENCE_SYNCHRONOUS): the writer runs with "
    }
    text += ["journal_mode", "synchronous", "wal_autocheckpoint"].map { "\($0) = \((try? store.writerPragma($0)) ?? "?")" }.joined(
        separator: ", ")
    text += "\n  per instance: statements compiled \(per(c.compiled_writer)) writer + \(per(c.compiled_reader)) readers; "
    text += "run \(per(c.statements_writer)) writer + \(per(c.statements_reader)) readers; "
    text += "COMMITs \(per(c.commits_writer)) writer + \(per(c.commits_reader)) readers, \(per(c.write_commits)) that wrote; "
    text += "syncs \(per(c.syncs_wal)) WAL + \(per(c.syncs_db)) database + \(per(c.syncs_other)) other"
    let t = Double(notes)
    let f = round.fsync.sorted(), d = round.fdatasync.sorted()
    func spread(_ x: [Double]) -> String {
        String(
            format: "min %.0f, median %.0f, p90 %.0f, max %.0f µs", x.percentile(0), x.percentile(0.5), x.percentile(0.9), x.percentile(1))
    }
    text +=
        "\n  4 KiB write + fsync in the store's folder (\(f.count) samples before, between and after the instances): \(spread(f)); fdatasync: \(spread(d))"
    let tenth = max(1, round.transitions.count / 10)
    text += String(
        format: "\n  notes: median of the first tenth %.1f µs, of the last tenth %.1f µs (the run's history grows by one event a note)",
        Array(round.transitions.prefix(tenth)).percentile(0.5), Array(round.transitions.suffix(tenth)).percentile(0.5))
    text += "\n  per note (task transition): statements compiled \(per(notesCounts.compiled_writer + notesCounts.compiled_reader, t)), "
    text +=
        "run \(per(notesCounts.statements_writer + notesCounts.statements_reader, t)), commits that wrote \(per(notesCounts.write_commits, t)), "
    text += "syncs \(per(notesCounts.syncs_wal + notesCounts.syncs_db + notesCounts.syncs_other, t)) "
    text += "(\(per(notesCounts.syncs_db, t)) of the database file: checkpoints)"
    let logged = sqlLog.state.withLock { $0.counts }
    func list(_ steps: [String], per count: Double) {
        for name in steps {
            guard let bySQL = logged[name] else { continue }
            text += "\n    \(name): \(per(bySQL.values.reduce(0, +), count))"
            for (sql, n) in bySQL.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }) {
                let tidy = sql.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                let short = tidy.count > 160 ? String(tidy.prefix(160)) + "…" : tidy
                text += "\n      \(per(n, count))  \(short)"
            }
        }
    }
    text += "\n  statements compiled per instance, by the step that ran them (count / \(round.instances)):"
    list(["start", "work", "complete", "decide"], per: n)
    text += "\n  statements compiled per note (count / \(notes)):"
    list(["note"], per: t)
    text += "\n  every statement run by the two untimed instances (the first ones in the store), by step:"
    list(
        ["even start", "even work"] + (1...5).map { "even complete \($0)" } + ["even decide", "odd start"]
            + (1...5).map { "odd complete \($0)" }, per: 1)
    benchNotes.withLock { notes in
        notes.removeAll { $0.hasPrefix("reference ") }  // the last round's
        notes.append(text)
    }
}

private func counts() -> ilsabench_sql_counts {
    var counts = ilsabench_sql_counts()
    ilsabench_sqlite_counts(&counts)
    return counts
}

private func - (a: ilsabench_sql_counts, b: ilsabench_sql_counts) -> ilsabench_sql_counts {
    ilsabench_sql_counts(
        compiled_writer: a.compiled_writer - b.compiled_writer, compiled_reader: a.compiled_reader - b.compiled_reader,
        statements_writer: a.statements_writer - b.statements_writer, statements_reader: a.statements_reader - b.statements_reader,
        commits_writer: a.commits_writer - b.commits_writer, commits_reader: a.commits_reader - b.commits_reader,
        write_commits: a.write_commits - b.write_commits, syncs_wal: a.syncs_wal - b.syncs_wal, syncs_db: a.syncs_db - b.syncs_db,
        syncs_other: a.syncs_other - b.syncs_other, sync_ns: a.sync_ns - b.sync_ns)
}

/// A file in the store's folder to time 4 KiB write + fsync (or fdatasync) in.
private final class SyncProbe {
    let path: String
    private var fd: Int32
    private var next: Int32 = 0

    init(path: String) throws {
        self.path = path
        fd = ilsabench_sync_probe_open(path)
        guard fd >= 0 else { throw BenchFailure(description: "cannot make \(path): \(String(cString: strerror(-fd)))") }
    }

    /// Adds `count` fsync and `count` fdatasync times (µs) to the round.
    func sample(_ round: inout ReferenceRound, count: Int) throws {
        for _ in 0..<count {
            for datasync in [false, true] {
                let ns = ilsabench_sync_probe(fd, next, datasync ? 1 : 0)
                guard ns >= 0 else { throw BenchFailure(description: "cannot sync \(path): \(String(cString: strerror(Int32(-ns))))") }
                next &+= 1
                if datasync { round.fdatasync.append(ns / 1e3) } else { round.fsync.append(ns / 1e3) }
            }
        }
    }

    func close() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// The process's context switches so far, voluntary and involuntary, every thread.
/// The process's CPU time so far, in user space and in the kernel, in ms.
func cpuUsage() -> (user: Double, kernel: Double) {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func ms(_ t: timeval) -> Double { Double(t.tv_sec) * 1e3 + Double(t.tv_usec) / 1e3 }
    return (ms(usage.ru_utime), ms(usage.ru_stime))
}

private func contextSwitches() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_nvcsw + usage.ru_nivcsw
}

func monotonicNanoseconds() -> UInt64 {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
}

/// CPU time of the whole process (every thread), ns.
func cpuNanoseconds() -> UInt64 {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
}

extension [Double] {
    var mean: Double { isEmpty ? .nan : reduce(0, +) / Double(count) }

    /// The nearest-rank percentile (`0.5`: median, `0.99`: p99).
    func percentile(_ p: Double) -> Double {
        guard !isEmpty else { return .nan }
        let sorted = self.sorted()
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[Swift.min(Swift.max(rank, 1), sorted.count) - 1]
    }
}
