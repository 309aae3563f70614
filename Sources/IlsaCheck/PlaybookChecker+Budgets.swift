import IlsaLua
import IlsaEngine

/// Code that would take a run past one of its budgets (``RunBudget``), found before it runs.
extension PlaybookChecker {
    /// `ilsa.NAME` calls that record something in the history.
    static let recordingCalls: Set<String> = ["task", "log", "escalate", "branch", "timer", "units", "district"]
    /// Calls that wait, so a loop that makes one gives the run back to the engine each turn.
    static let waitingCalls: Set<String> = ["sleep", "wait_signal", "any", "all", "parallel"]

    func checkBudgets(_ tokens: PlaybookTokens, into findings: inout FindingList) {
        for index in tokens.indices {
            let token = tokens[index]
            if token.is("while"), tokens[index + 1].is("true"), tokens[index + 2].is("do"), let end = tokens.closing[index + 2] {
                checkEndlessLoop(tokens, body: (index + 3)..<end, line: token.line, into: &findings)
            } else if token.is("repeat"), let until = tokens.closing[index], tokens[until + 1].is("false") {
                checkEndlessLoop(tokens, body: (index + 1)..<until, line: token.line, into: &findings)
            } else if token.is("for") {
                checkCountedLoop(tokens, at: index, into: &findings)
            } else if token.kind == .string, token.text.utf8.count > budget.payloadBytes, insideAPICall(tokens, index) {
                findings.add(
                    line: token.line, .budget,
                    "this string takes \(token.text.utf8.count) bytes; a command's arguments may take at most "
                        + "\(RunBudget.size(budget.payloadBytes)) (budget payload_bytes)")
            }
        }
    }

    /// `while true do ... end` or `repeat ... until false` that records and never waits, breaks
    /// or returns: each turn adds to the history until the activation's budget ends the run.
    private func checkEndlessLoop(_ tokens: PlaybookTokens, body: Range<Int>, line: Int, into findings: inout FindingList) {
        var records = false
        for index in body {
            let token = tokens[index]
            if token.is("break") || token.is("return") || token.is("goto") || token.isName("error") { return }
            if token.is(":"), tokens[index + 1].isName("wait") { return }
            guard token.isName("ilsa"), tokens[index + 1].is(".") else {
                if token.isName("print") { records = true }
                continue
            }
            let name = tokens[index + 2].text
            if Self.waitingCalls.contains(name) { return }
            if Self.recordingCalls.contains(name) { records = true }
        }
        guard records else { return }
        findings.add(
            line: line, .budget,
            "this loop never ends and never waits, and each turn records a command: the run fails when its "
                + "history passes \(RunBudget.size(budget.activationBytes)) in one activation (budget activation_bytes); "
                + "wait in it (ilsa.sleep, t:wait()) or give it an end")
    }

    /// `for i = A, B do ... end` with number literals, whose body creates tasks or branches:
    /// more turns than a run may have of them is a run that fails half-way.
    private func checkCountedLoop(_ tokens: PlaybookTokens, at index: Int, into findings: inout FindingList) {
        guard tokens[index + 1].kind == .name, tokens[index + 2].is("="),
            let first = Self.integer(tokens, at: index + 3), tokens[index + 4 + first.width].is(","),
            let last = Self.integer(tokens, at: index + 5 + first.width)
        else { return }
        var next = index + 5 + first.width + last.width
        var step = 1
        if tokens[next].is(",") {
            guard let literal = Self.integer(tokens, at: next + 1), literal.value > 0 else { return }
            step = literal.value
            next += 1 + literal.width
        }
        guard tokens[next].is("do"), let end = tokens.closing[next], last.value >= first.value else { return }
        let turns = (last.value - first.value) / step + 1
        var limits: [(call: String, limit: Int, budget: String, noun: String)] = []
        for body in (next + 1)..<end where tokens[body].isName("ilsa") && tokens[body + 1].is(".") {
            switch tokens[body + 2].text {
            case "task": limits.append(("task", budget.tasks, "tasks", "tasks"))
            case "branch": limits.append(("branch", budget.branches, "branches", "branches going at once"))
            default: continue
            }
        }
        for (call, limit, name, noun) in Set(limits.map(\.call)).sorted().compactMap({ call in limits.first { $0.call == call } })
        where turns > limit {
            findings.add(
                line: tokens[index].line, .budget,
                "this loop calls ilsa.\(call) \(turns) times; a run may have at most \(limit) \(noun) (budget \(name))")
        }
    }

    /// An integer literal at `index`, with a leading minus; its value and how many tokens it took.
    private static func integer(_ tokens: PlaybookTokens, at index: Int) -> (value: Int, width: Int)? {
        if tokens[index].is("-"), tokens[index + 1].kind == .number, let value = Int(tokens[index + 1].text) { return (-value, 2) }
        if tokens[index].kind == .number, let value = Int(tokens[index].text) { return (value, 1) }
        return nil
    }

    /// Whether the token at `index` is inside the arguments of an `ilsa.NAME` call.
    private func insideAPICall(_ tokens: PlaybookTokens, _ index: Int) -> Bool {
        var open = tokens.enclosing[index]
        while let bracket = open {
            if tokens[bracket].is("(") || tokens[bracket].is("{"), tokens[bracket - 2].is("."), tokens[bracket - 3].isName("ilsa") {
                return true
            }
            open = tokens.enclosing[bracket]
        }
        return false
    }
}
