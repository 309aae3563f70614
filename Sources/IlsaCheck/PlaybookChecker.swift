import IlsaAPI
public import IlsaEngine
import Foundation
import IlsaLua

/// Checks playbooks without running them, as `ilsa check` does.
///
/// What it finds, each as a ``CheckFinding`` at a line:
///
/// - Lua syntax errors (the file is compiled in the sandbox, not run);
/// - metadata: the top level fails, `ilsa.workflow { ... }` is missing or has a bad field, a
///   parameter's default does not fit the roster (``Playbook/load(source:chunkName:)`` runs the
///   top level; `run` is never called);
/// - `ilsa.NAME` that is not in ``PlaybookAPI``, and methods the task, timer or escalation
///   handles do not have;
/// - `ctx.params.NAME` for a parameter the playbook does not declare;
/// - `role = "..."`, `district = "..."` and `escalation = "..."` literals the roster lacks, and
///   assignees nobody holds; `due = "..."`, `ilsa.sleep("...")` and `ilsa.timer("...")` values
///   the engine cannot read;
/// - globals the sandbox leaves out (`io`, `os`, `require`, `string.dump`...), and what a run
///   cannot replay (`math.random`, `collectgarbage`), as errors; unknown globals (typos), as
///   warnings;
/// - what would take a run past its budgets (``RunBudget``): a loop that records without end and
///   never waits, a counted loop that creates more tasks or branches than a run may have, a
///   string literal larger than a command's arguments may be;
/// - work nothing comes back to (a task or branch not waited for, cancelled or raced), which
///   closes with the run when `run` returns, as warnings.
///
/// ```swift
/// let checker = PlaybookChecker(roster: try Roster.load(contentsOfFile: "plugins/ansan/roster.lua"))
/// for finding in try checker.check(contentsOfFile: "workflows/heavy_rain.lua") {
///     print(finding)   // workflows/heavy_rain.lua:12: ilsa.tsk is not part of the playbook API; did you mean ilsa.task?
/// }
/// ```
public struct PlaybookChecker: Sendable {
    /// The roster roles, districts and ladders are checked against; without one, those checks
    /// are skipped.
    public let roster: Roster?
    /// The plugins whose modules `require` may name; without them, module names are not checked.
    public let plugins: PluginSet?
    /// The budgets runs have: loops and literals that would pass them are errors.
    public let budget: RunBudget

    public init(roster: Roster? = nil, plugins: PluginSet? = nil, budget: RunBudget = .default) {
        self.roster = roster
        self.plugins = plugins
        self.budget = budget
    }

    /// Checks the text of a playbook.
    /// - Parameters:
    ///   - source: The file's text.
    ///   - file: The file's name as findings show it: `workflows/heavy_rain.lua`.
    /// - Returns: The findings, by line; empty when the playbook is clean.
    public func check(source: String, file: String) -> [CheckFinding] {
        var findings = FindingList(file: file)
        let tokens = PlaybookTokens(LuaLexer.tokenize(source).tokens)
        let compiles = checkSyntax(source, into: &findings)
        checkAPI(tokens, into: &findings)
        checkGlobals(tokens, into: &findings)
        checkLiterals(tokens, into: &findings)
        checkTables(tokens, into: &findings)
        checkBudgets(tokens, into: &findings)
        checkOpenWork(tokens, into: &findings)
        if compiles, let playbook = checkMetadata(source, tokens: tokens, into: &findings) {
            checkParameters(playbook, tokens: tokens, into: &findings)
        }
        return findings.sorted
    }

    /// Checks the playbook file at a path. See ``check(source:file:)``.
    /// - Throws: ``PlaybookError`` `unreadable` when the file cannot be read or is not UTF-8.
    public func check(contentsOfFile path: String) throws -> [CheckFinding] {
        check(source: try Playbook.text(ofFile: path), file: path)
    }

    /// The chunk name the file is compiled under, so Lua's messages start `playbook:LINE:`
    /// whatever the path (Lua shortens long ones).
    static let chunk = "playbook"

    /// Compiles the file in the sandbox without running it.
    /// - Returns: Whether it compiles.
    private func checkSyntax(_ source: String, into findings: inout FindingList) -> Bool {
        do {
            let lua = try LuaState(profile: .sandbox, limits: LuaLimits(memory: 64 << 20))
            defer { lua.close() }
            _ = try lua.load(source, chunkName: "=" + Self.chunk)
            return true
        } catch let error as LuaError {
            let (line, message) = Self.splitLocation(error.message)
            findings.add(line: line ?? 1, .syntax, message)
            return false
        } catch {
            findings.add(line: 1, .syntax, "\(error)")
            return false
        }
    }

    /// Splits Lua's `playbook:12: message` into 12 and `message`.
    static func splitLocation(_ message: String) -> (line: Int?, message: String) {
        let prefix = chunk + ":"
        guard message.hasPrefix(prefix) else { return (nil, message) }
        let rest = message.dropFirst(prefix.count)
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard let line = Int(digits), rest.dropFirst(digits.count).hasPrefix(": ") else { return (nil, message) }
        return (line, String(rest.dropFirst(digits.count + 2)))
    }
}

/// The findings for one file as the checks add them.
struct FindingList {
    let file: String
    private(set) var findings: [CheckFinding] = []

    mutating func add(line: Int, _ code: CheckFinding.Code, _ message: String, severity: CheckFinding.Severity = .error) {
        let finding = CheckFinding(file: file, line: line, severity: severity, code: code, message: message)
        if !findings.contains(finding) { findings.append(finding) }
    }

    /// Whether an error is already reported on this line.
    func hasError(on line: Int) -> Bool {
        findings.contains { $0.line == line && $0.severity == .error }
    }

    /// By line; on one line, in the order found.
    var sorted: [CheckFinding] {
        findings.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element)
    }
}
