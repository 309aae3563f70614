/// The benchmark groups, in order. Each group interleaves its own cases.
func runAll(_ options: Options) throws -> [Line] {
    let rounds = options.rounds
    var lines: [Line] = []
    lines += try interleave(
        "Calls from a Lua loop, ns per call (N = \(options.callN); (d) rows N = \(options.marshalN))",
        callCases(options), rounds: rounds)
    lines += try interleave("Host suspend/resume round trips (N = \(options.suspendN))", suspendCases(options), rounds: rounds)
    lines += try interleave(
        "States: create and close (\(options.stateN) per round, average)", stateCases(options), rounds: rounds, alternate: false)
    lines += try interleave("Tight loops in Ilsa (sandbox profile)", loopCases(options), rounds: rounds, repeats: options.loopRepeats)
    lines += try interleave("Durable runs", replayCases(options), rounds: rounds)
    lines += try interleave("Waiting runs in one store", waitingCases(options), rounds: rounds, alternate: false)
    lines += try interleave("Drills", drillCases(options), rounds: rounds)
    lines += try interleave(
        "The reference process, heavy rain in one district (issue 13; \(options.quick ? 100 : 1_000) instances a round, one store)",
        referenceCases(options), rounds: rounds, alternate: false)
    lines += try interleave(
        "Several machines (issue 16): the reference process, \(options.quick ? 100 : 1_000) instances a round on each, power-cut safe",
        fleetCases(options), rounds: rounds, alternate: false)
    lines += try interleave(
        "Several machines (issue 16): \(options.quick ? "2,000" : "100,000") waiting runs on each store", fleetWaitingCases(options),
        rounds: rounds)
    lines += try interleave("Whole processes", processCases(options), rounds: rounds)
    lines += try interleave(
        "Lists with \(options.quick ? "2,000" : "100,000") waiting runs (issue 14): whole ilsa processes", listCases(options),
        rounds: rounds, alternate: false)
    lines += try interleave("REPL start", replCases(options), rounds: rounds)
    lines += interpreterLines(options)
    return lines
}
