import IlsaLua

/// Work a playbook makes and never comes back to: a task or branch nothing waits for, cancels or
/// races. It is closed with the run when `run` returns (docs/authoring.md, "What `run` leaves
/// open"), which is what the author meant only sometimes: a warning.
extension PlaybookChecker {
    func checkOpenWork(_ tokens: PlaybookTokens, into findings: inout FindingList) {
        for index in tokens.indices where tokens[index].isName("ilsa") && tokens.isVariable(index) {
            guard tokens[index + 1].is("."), ["task", "branch"].contains(tokens[index + 2].text),
                let end = tokens.endOfArguments(at: index + 3)
            else { continue }
            let what = tokens[index + 2].text
            let line = tokens[index + 2].line
            let previous = tokens[index - 1]
            let next = tokens[end + 1]
            if previous.is("="), tokens[index - 2].kind == .name, tokens[index - 3].is("local"),
                !Self.isUsed(tokens[index - 2].text, in: tokens, after: end)
            {
                findings.add(
                    line: line, .openWork,
                    "'\(tokens[index - 2].text)' holds a \(what) nothing waits for, cancels or races: "
                        + "it closes with the run when run returns; wait for it, or drop the variable if that is meant",
                    severity: .warning)
            } else if Self.startsStatement(previous), !next.is(":"), !next.is("."), !next.is("["), what == "task" {
                findings.add(
                    line: line, .openWork,
                    "this task is not kept or waited for: it is cancelled with the run when run returns; "
                        + "add :wait() if the run needs it done, or keep it in a variable to wait for later",
                    severity: .warning)
            }
        }
    }

    /// Whether the token before an expression makes it a statement of its own (its value dropped).
    private static func startsStatement(_ token: LuaToken) -> Bool {
        if token.kind == .end { return true }
        if token.kind == .name || token.kind == .number || token.kind == .string { return true }  // after a value: a new statement
        return [")", "]", "}", ";", "then", "do", "else", "end"].contains { token.is($0) }
    }

    /// Whether the variable `name` appears after the index.
    private static func isUsed(_ name: String, in tokens: PlaybookTokens, after index: Int) -> Bool {
        tokens.indices.contains { $0 > index && tokens[$0].isName(name) && tokens.isVariable($0) }
    }
}
