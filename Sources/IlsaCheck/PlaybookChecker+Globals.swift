import IlsaLua
import IlsaEngine

/// Globals: what the sandbox leaves out, what is not replayed, and names nothing defines.
extension PlaybookChecker {
    /// What to write instead of a function the sandbox leaves out, when there is something.
    static let replacements: [String: String] = [
        "os.time": "use ilsa.now()", "os.clock": "use ilsa.now()", "os.date": "use ilsa.now()",
        "os.difftime": "subtract two ilsa.now() values", "os.exit": "return from run(ctx)",
        "dofile": "playbooks cannot read files",
        "loadfile": "playbooks cannot read files",
    ]

    /// Library functions that give other results when a run is replayed.
    static let nondeterministic: [String: String] = [
        "math.random": "math.random gives other numbers when the run is replayed; use ilsa.random()",
        "math.randomseed": "math.randomseed cannot make a replay repeat itself; ilsa.random() is seeded by the engine",
        "collectgarbage": "collectgarbage is not available in a playbook: memory use differs between a run and its replay",
    ]

    func checkGlobals(_ tokens: PlaybookTokens, into findings: inout FindingList) {
        let globals = SandboxGlobals.shared
        let known = globals.available.union(tokens.declared).union(["ilsa", "_ENV"])
        // A file that reaches for _G, _ENV or load may make globals the checker cannot see.
        let dynamic = tokens.indices.contains { ["_G", "_ENV", "load"].contains(tokens[$0].text) && tokens.isVariable($0) }
        for index in tokens.indices where tokens.isVariable(index) && !tokens.declared.contains(tokens[index].text) {
            let name = tokens[index].text
            let line = tokens[index].line
            let field = tokens[index + 1].is(".") && tokens[index + 2].kind == .name ? tokens[index + 2].text : nil
            let qualified = field.map { "\(name).\($0)" } ?? name
            if name == "require" {
                checkRequire(tokens, at: index, into: &findings)
            } else if globals.removed.contains(name) {
                let library = globals.libraries.contains(name)
                let why = library ? "the sandbox has no \(name) library" : "the sandbox leaves it out"
                let instead = (Self.replacements[qualified] ?? Self.replacements[name]).map { "; \($0)" } ?? ""
                findings.add(
                    line: line, .unavailableGlobal, "\(library ? qualified : name) is not available to playbooks: \(why)\(instead)")
            } else if let field, let removed = globals.removedFields[name], removed.contains(field) {
                findings.add(line: line, .unavailableGlobal, "\(qualified) is not available to playbooks: the sandbox leaves it out")
            } else if let message = Self.nondeterministic[qualified] {
                findings.add(line: line, .nondeterministic, message)  // a run raises there
            } else if let field, let fields = globals.fields[name], !fields.contains(field),
                !tokens.definedFields.contains(qualified)
            {
                let hint = DidYouMean.clause(for: field, in: fields) { "\(name).\($0)" }
                let severity = Self.severity(calledOrIndexed: index + 2, tokens, dynamic: dynamic)
                findings.add(line: line, .unknownGlobal, "\(name) has no function '\(field)'\(hint)", severity: severity)
            } else if !known.contains(name) {
                let hint = DidYouMean.clause(for: name, in: known) { "'\($0)'" }
                let why = hint.isEmpty ? ": neither Lua nor the engine defines it, and this file does not set it" : hint
                let severity = Self.severity(calledOrIndexed: index, tokens, dynamic: dynamic)
                findings.add(line: line, .unknownGlobal, "unknown global '\(name)'\(why)", severity: severity)
            }
        }
    }

    /// `require "kma"` or `require("kma")`: the module must come from a loaded plugin (checked
    /// when the checker has the plugins).
    private func checkRequire(_ tokens: PlaybookTokens, at index: Int, into findings: inout FindingList) {
        let argument = tokens[index + 1].is("(") ? index + 2 : index + 1
        guard let plugins, tokens[argument].kind == .string else { return }
        let module = tokens[argument].text
        guard plugins.modules[module] == nil else { return }
        let hint = DidYouMean.clause(for: module, in: plugins.modules.keys) { "require \"\($0)\"" }
        let provided = plugins.modules.keys.sorted().joined(separator: ", ")
        findings.add(
            line: tokens[argument].line, .unknownModule,
            "no plugin provides module '\(module)'\(hint)"
                + (hint.isEmpty ? "; the plugins provide \(provided.isEmpty ? "none" : provided)" : ""))
    }

    /// An unknown name that is called or indexed (`prnt(x)`, `cfg.x`) fails when the line runs:
    /// an error. Only read, or in a file that makes globals dynamically, it is a warning.
    private static func severity(calledOrIndexed index: Int, _ tokens: PlaybookTokens, dynamic: Bool) -> CheckFinding.Severity {
        let next = tokens[index + 1]
        let used = next.kind == .string || ["(", ".", ":", "[", "{"].contains { next.is($0) }
        return used && !dynamic ? .error : .warning
    }
}
