/// Many waiting runs in one store: waking one of them, as a signal or the scheduler does, and
/// the memory that takes when the engine keeps a bounded cache of live Lua states.
import IlsaStoreSQLite
import IlsaStore
import Foundation
import IlsaEngine

func waitingCases(_ options: Options) throws -> [Case] {
    guard ["waiting.signal", "waiting.work", "waiting.rss"].contains(where: options.selects) else { return [] }
    let count = options.quick ? 2_000 : 100_000
    // Kept between invocations: making 100,000 runs takes a while, waking them does not change
    // how many wait (each case wakes runs that then wait again).
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ilsa-bench-waiting-\(count)")
    let path = folder.appendingPathComponent("ilsa.sqlite").path
    // Run i waits for a signal or for its timer, i minutes after the start; a signal makes it
    // log and wait again, so the population of waiting runs never shrinks.
    let playbook = """
        return ilsa.workflow { name = "wait", title = "Waiting", run = function(ctx)
          local timer = ilsa.timer(ctx.params.after)
          while true do
            local item, answer = ilsa.any { ilsa.signal("reading"), timer }
            if item == timer then return "timed out" end
            ilsa.log("reading " .. tostring(answer.payload))
          end
        end }
        """
    let start = Date(timeIntervalSince1970: 1_752_624_000)
    let clock = VirtualClock(startingAt: start)
    let capacity = 256
    func engine() throws -> Engine {
        Engine(store: try SQLiteRunStore(path: path), clock: clock, source: { _ in playbook }, cacheCapacity: capacity)
    }
    // Each timed work() completes one run (its timer, i + 1 minutes after the start): runs
    // completed by earlier invocations are skipped by starting the clock after them.
    var completed = 0
    if FileManager.default.fileExists(atPath: path) {
        let store = try SQLiteRunStore(path: path)
        completed = try store.runs(status: .completed).count
        if try store.runs(status: .waiting).count + completed != count { completed = -1 }
    }
    if completed < 0 || !FileManager.default.fileExists(atPath: path) {
        completed = 0
        try? FileManager.default.removeItem(at: folder)
        let maker = try engine()
        let began = Date()
        for i in 0..<count {
            try maker.start(playbook: "wait.lua", params: ["after": .string("\(i + 1)m")], id: RunID("w\(i)"), seed: 1)
            if i > 0 && i % 10_000 == 0 {
                FileHandle.standardError.write(
                    Data("ilsa-bench: \(i) of \(count) waiting runs made (\(Int(-began.timeIntervalSinceNow)) s)\n".utf8))
            }
        }
    }
    let waker = try engine()
    var generator = SplitMix(seed: 42)
    let wakes = options.quick ? 200 : 2_000
    var minute = completed
    return [
        Case(key: "waiting.signal", label: "signal one of \(count) waiting runs, not cached (\(wakes) runs)", unit: "µs") {
            // Among the runs still waiting (the first ones complete in the work() case).
            let runs = (0..<wakes).map { _ in RunID("w\(count / 2 + Int(generator.next() % UInt64(count / 2)))") }
            waker.evictAll()
            return try nanoseconds {
                for run in runs { try waker.signal(run, name: "reading", payload: .integer(42)) }
            } / Double(wakes) / 1e3
        },
        Case(key: "waiting.work", label: "work(): find and fire the one due run among \(count)", unit: "µs") {
            // Each round, one more minute passes: exactly one more run's timer is due.
            minute += 1
            try clock.advance(to: start.addingTimeInterval(Double(minute * 60)))
            var woken = 0
            let elapsed = try nanoseconds { woken = try waker.work().count }
            precondition(woken == 1, "expected one due run, found \(woken)")
            return elapsed / 1e3
        },
        Case(key: "waiting.rss", label: "resident memory after the signals (cache of \(capacity) states)", unit: "MiB") {
            residentMebibytes()
        },
    ].filter { options.selects($0.key) }
}

/// The process's resident set size, from /proc/self/statm.
func residentMebibytes() -> Double {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return .nan }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Double(fields[1]) else { return .nan }
    return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
}

/// A small deterministic generator, so every run picks the same runs to wake.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
