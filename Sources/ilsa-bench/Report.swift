/// Printing results: the table, the goals, and the tab-separated form child processes use.
import Foundation
import Synchronization

/// Details a case adds for the table's reader (printed after the goals, not in `--tsv`).
let benchNotes = Mutex<[String]>([])

/// Prints the cases' details, if any.
func printNotes() {
    let notes = benchNotes.withLock { $0 }
    guard !notes.isEmpty else { return }
    print("\n== Details ==")
    for note in notes { print(note) }
}

func printTable(_ lines: [Line], header: String) {
    print(header)
    let loop = lines.first { $0.key == "calls.loop" }?.stats.median
    var section = ""
    for line in lines {
        if line.section != section {
            section = line.section
            print("\n== \(section) ==")
            print(
                pad("case", 58) + pad("median", 20, right: true) + "  " + pad("[min..max]", 22)
                    + (section.hasPrefix("Calls") ? "net of loop" : ""))
        }
        let s = line.stats
        var text = pad(line.label, 58) + pad("\(format(s.median, line.unit)) \(line.unit)", 20, right: true)
        text += "  " + pad("[\(format(s.low, line.unit))..\(format(s.high, line.unit))]", 22)
        if line.key.hasPrefix("calls."), line.key != "calls.loop", let loop {
            text += String(format: "%+.1f ns", s.median - loop)
        }
        print(text)
    }
}

/// The goals, each as result / target: below 1 is met.
func printGoals(_ lines: [Line]) {
    let m = Dictionary(lines.map { ($0.key, $0.stats.median) }, uniquingKeysWith: { a, _ in a })
    print("\n== Goals (ratio = result / target; <= 1 is met) ==")
    func goal(_ name: String, _ result: String, _ target: String, _ ratio: Double) {
        guard !ratio.isNaN else { return print(pad(name, 40) + pad("not measured", 36) + target) }
        let verdict = ratio <= 1 ? "met" : "MISSED"
        print(
            pad(name + " ", 40) + pad(result + " ", 36) + pad(target, 12) + pad(String(format: "%.2f", ratio), 7, right: true) + "  "
                + verdict)
    }
    func ratio(_ a: String, _ b: String) -> (Double, String) {
        guard let x = m[a], let y = m[b] else { return (.nan, "not measured") }
        return (x / y, String(format: "%.1f / %.1f ns = %.2fx", x, y, x / y))
    }
    var (r, text) = ratio("calls.c", "calls.b")
    goal("(c) Swift noop vs (b) C noop", text, "<= 1.5x", r / 1.5)
    if let loop = m["calls.loop"], let c = m["calls.c"], let b = m["calls.b"] {
        print(
            pad("    same, net of the loop (info)", 40)
                + String(format: "%.1f / %.1f ns = %.2fx", c - loop, b - loop, (c - loop) / (b - loop)))
    }
    (r, text) = ratio("calls.d", "calls.dC")
    goal("(d) Swift record vs (d-C) C record", text, "<= 1.3x", r / 1.3)
    let create = m["state.sandbox.create"] ?? .nan, bytes = m["state.sandbox.bytes"] ?? .nan
    goal("sandboxed state: create", String(format: "%.1f µs", create), "< 50 µs", create / 50)
    goal("sandboxed state: heap", String(format: "%.0f B (%.1f KiB)", bytes, bytes / 1024), "< 32 KiB", bytes / 32768)
    for (key, name) in [("fib", "fib"), ("table", "table fill + sum")] {
        let none = m["loops.\(key).none"] ?? .nan, armed = m["loops.\(key).armed"] ?? .nan
        let percent = (armed / none - 1) * 100
        goal("armed limits: \(name)", String(format: "%+.1f%% (%.2f vs %.2f ms)", percent, armed, none), "< 3%", percent / 3)
    }
    let transition = m["durable.transitions"] ?? .nan
    goal(
        "task transitions persisted", String(format: "%.0f per second (%.1f µs each)", 1e6 / transition, transition), ">= 20,000/s",
        transition / 50)
    let replay = m["durable.replay"] ?? .nan
    goal("replay a 10,000-event history", String(format: "%.1f ms", replay), "< 100 ms", replay / 100)
    let wake = m["waiting.signal"] ?? .nan, work = m["waiting.work"] ?? .nan
    goal("wake one of many waiting runs (signal)", String(format: "%.0f µs", wake), "< 1 ms", wake / 1000)
    goal("wake one of many waiting runs (timer)", String(format: "%.0f µs", work), "< 1 ms", work / 1000)
    let drill = m["drill.districts"] ?? .nan
    goal("drill: 10 districts × 72 h", String(format: "%.0f ms", drill), "< 1 s", drill / 1000)
    let detach = m["process.detach"] ?? .nan, floor = m["process.lua54"] ?? .nan
    goal("ilsa run --detach (whole process)", String(format: "%.1f ms (lua5.4 start: %.1f ms)", detach, floor), "< 50 ms", detach / 50)
    let lists = ["tasks", "tasks_json", "status", "escalations"]
    if let slowest = lists.compactMap({ m["lists.\($0)"] }).max(), let largest = lists.compactMap({ m["lists.\($0).rss"] }).max() {
        goal("lists, 100,000 runs: slowest of four", String(format: "%.0f ms", slowest), "<= 300 ms", slowest / 300)
        goal("lists, 100,000 runs: largest of four", String(format: "%.1f MiB", largest), "<= 80 MB", largest * 1_048_576 / 80e6)
    }
    let cpu = m["reference.cpu"] ?? .nan, compiled = m["reference.statements"] ?? .nan
    goal("reference: CPU per instance", String(format: "%.2f ms", cpu), "<= 0.6 ms", cpu / 0.6)
    goal("reference: statements compiled/instance", String(format: "%.1f", compiled), "<= 3", compiled / 3)
    let wall = m["reference.wall"] ?? .nan, fsyncFloor = m["reference.floor"] ?? .nan
    // The floor counts one fsync per commit: a store at synchronous NORMAL (1) does not pay it.
    let unsynced = (m["reference.synchronous"] ?? 2) < 2 ? " (NORMAL: commits not synced)" : ""
    goal(
        "reference: wall / fsync floor", String(format: "%.2f / %.2f ms = %.2fx", wall, fsyncFloor, wall / fsyncFloor) + unsynced,
        "<= 1.3x", wall / fsyncFloor / 1.3)
    let median = m["reference.transition.median"] ?? .nan, p99 = m["reference.transition.p99"] ?? .nan
    goal("reference: transition, median", String(format: "%.1f µs", median), "<= 25 µs", median / 25)
    goal(
        "reference: transition, p99 / median", String(format: "%.1f / %.1f µs = %.2fx", p99, median, p99 / median), "<= 3x",
        p99 / median / 3)
    print("\n== Ilsa (limits .none) vs the lua5.4 interpreter (info) ==")
    for (ours, theirs, name) in [
        ("calls.loop", "lua54.loop", "(loop)"), ("calls.a", "lua54.a", "(a) empty Lua function"),
        ("loops.fib.none", "lua54.fib", "fib"), ("loops.table.none", "lua54.table", "table fill + sum"),
    ] {
        guard let x = m[ours], let y = m[theirs] else { continue }
        print(pad(name, 40) + String(format: "%.2f vs %.2f = %.2fx", x, y, x / y))
    }
}

func printTSV(_ lines: [Line]) {
    for l in lines {
        print([l.section, l.key, l.label, l.unit, "\(l.stats.median)", "\(l.stats.low)", "\(l.stats.high)"].joined(separator: "\t"))
    }
}

func parseTSV(_ text: String) -> [Line] {
    text.split(separator: "\n").compactMap { row in
        let f = row.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        guard f.count == 7, let median = Double(f[4]), let low = Double(f[5]), let high = Double(f[6]) else { return nil }
        var stats = Stats([median])
        (stats.low, stats.high) = (low, high)
        return Line(section: f[0], key: f[1], label: f[2], unit: f[3], stats: stats)
    }
}

/// Runs this program `count` times with `arguments` plus `--tsv`, one process after another, and
/// returns per case the median of the processes' medians, with the range of those medians.
func acrossProcesses(_ count: Int, arguments: [String]) throws -> [Line] {
    var runs: [[Line]] = []
    for i in 1...count {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        process.arguments = arguments + ["--tsv"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchFailure(description: "child process \(i) exited with status \(process.terminationStatus)")
        }
        runs.append(parseTSV(output))
        FileHandle.standardError.write(Data("process \(i)/\(count) done\n".utf8))
    }
    return (runs.first ?? []).map { first in
        var line = first
        line.stats = Stats(runs.compactMap { $0.first { $0.key == first.key }?.stats.median })
        return line
    }
}

/// The first three fields of /proc/loadavg ("1.82 3.43 2.54"), to show how busy the machine was.
func loadAverage() -> String {
    let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?"
    return text.split(separator: " ").prefix(3).joined(separator: " ")
}

private func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
    let gap = String(repeating: " ", count: max(0, width - s.count))
    return right ? gap + s : s + gap
}

private func format(_ value: Double, _ unit: String) -> String {
    switch unit {
    case "B": String(format: "%.0f", value)
    case "ms", "ns/call", "ns/trip", "µs": String(format: value < 100 ? "%.2f" : "%.1f", value)
    default: String(format: "%.3g", value)
    }
}
