/// Command-line options and the sizes of each benchmark.
struct Options {
    /// Smaller sizes, for a smoke run.
    var quick = false
    /// Rounds of each interleaved group.
    var rounds = 5
    /// Runs this many child processes and reports the median across them.
    var processes = 1
    /// Machine-readable lines instead of the table (what child processes print).
    var tsv = false
    /// Only these cases (for profiling one case): comma-separated keys or key prefixes
    /// (`calls.d` is that case alone; `calls` is every call case).
    var filter: [String]?
    /// Overrides the iteration count of the call and suspend loops.
    var iterations: Int?

    static let usage = """
        usage: ilsa-bench [--quick] [--rounds K] [--processes P] [--filter KEYS] [--n N] [--tsv]
          --quick        small sizes, for a smoke run
          --rounds K     rounds of each interleaved group (default 5, 2 with --quick)
          --processes P  run P child processes one after another; report medians across them
          --filter KEYS  only these cases: comma-separated keys or key prefixes (`calls.c`,
                         `calls`, `state.sandbox`, `reference`, `lists`, `fleet`); --tsv shows
                         the keys (`fleet` needs ILSA_BENCH_POSTGRES: see scripts/bench-fleet)
          --n N          iterations of the call and suspend loops (overrides the defaults)
          --tsv          print tab-separated results instead of the table
        """

    static func parse(_ arguments: [String]) throws -> Options {
        var options = Options()
        var roundsGiven = false
        var rest = arguments[...]
        func value(_ flag: String) throws -> String {
            guard let v = rest.popFirst() else { throw UsageError(message: "\(flag) needs a value") }
            return v
        }
        func count(_ flag: String) throws -> Int {
            let v = try value(flag)
            guard let n = Int(v), n > 0 else { throw UsageError(message: "\(flag): not a positive integer: \(v)") }
            return n
        }
        while let argument = rest.popFirst() {
            switch argument {
            case "--quick": options.quick = true
            case "--rounds": options.rounds = try count(argument); roundsGiven = true
            case "--processes": options.processes = try count(argument)
            case "--filter": options.filter = try value(argument).split(separator: ",").map(String.init)
            case "--n": options.iterations = try count(argument)
            case "--tsv": options.tsv = true
            case "-h", "--help": throw UsageError(message: nil)
            default: throw UsageError(message: "unknown argument: \(argument)")
            }
        }
        if options.quick && !roundsGiven { options.rounds = 2 }
        return options
    }

    /// Whether the case `key` is selected by `--filter`.
    func selects(_ key: String) -> Bool {
        filter?.contains { key == $0 || key.hasPrefix($0 + ".") } ?? true
    }

    /// Calls of a cheap function per timed loop.
    var callN: Int { iterations ?? (quick ? 1_000_000 : 10_000_000) }
    /// Calls of a marshalling function (string + number in, table out) per timed loop.
    var marshalN: Int { iterations ?? (quick ? 100_000 : 1_000_000) }
    /// Host suspend/resume round trips per timed loop.
    var suspendN: Int { iterations ?? (quick ? 20_000 : 200_000) }
    /// States created and closed per timed batch.
    var stateN: Int { quick ? 100 : 1_000 }
    /// fib(n) for the tight loop.
    var fibN: Int { quick ? 22 : 27 }
    /// Elements of the table fill + sum.
    var tableN: Int { quick ? 100_000 : 1_000_000 }
    /// Runs of each tight loop per round (they are short, and the 3% goal needs many samples).
    var loopRepeats: Int { quick ? 2 : 5 }
}

struct UsageError: Error {
    var message: String?
}

/// A benchmark that could not run (a child process failed).
struct BenchFailure: Error, CustomStringConvertible {
    var description: String
}
