/// The timing helper: a clock, statistics, and the round-robin runner every group uses.

/// Nanoseconds `body` takes, on the monotonic clock.
func nanoseconds(_ body: () throws -> Void) rethrows -> Double {
    let elapsed = try ContinuousClock().measure(body)
    return Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
}

/// Median and range of some samples.
struct Stats {
    var median: Double
    var low: Double
    var high: Double

    init(_ samples: [Double]) {
        let sorted = samples.sorted()
        let mid = sorted.count / 2
        median = sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
        low = sorted.first ?? .nan
        high = sorted.last ?? .nan
    }
}

/// One thing to measure. `run` does the work once and returns its cost in `unit` (for example
/// nanoseconds per call); `prepare` runs untimed just before (a full GC).
struct Case {
    var key: String
    var label: String
    var unit: String
    var prepare: () -> Void = {}
    var run: () throws -> Double
}

/// One row of the report: a case's median and range (over rounds, or over processes).
struct Line {
    var section: String
    var key: String
    var label: String
    var unit: String
    var stats: Stats
}

/// Runs `cases` round-robin, `rounds` times (each case `repeats` times per round, in turn), so
/// drift and noise hit every case alike. With `alternate`, every other pass runs the cases in
/// reverse order, so no case always runs right after the same neighbour. Returns one line per case.
func interleave(_ section: String, _ cases: [Case], rounds: Int, repeats: Int = 1, alternate: Bool = true) throws -> [Line] {
    var samples = [[Double]](repeating: [], count: cases.count)
    var order = Array(cases.indices)
    for _ in 0..<rounds * repeats {
        for i in order {
            cases[i].prepare()
            samples[i].append(try cases[i].run())
        }
        if alternate { order.reverse() }
    }
    return zip(cases, samples).map { c, s in
        Line(section: section, key: c.key, label: c.label, unit: c.unit, stats: Stats(s))
    }
}
