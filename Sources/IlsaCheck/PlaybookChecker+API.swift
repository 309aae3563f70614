import IlsaLua
import IlsaAPI
import IlsaEngine

/// `ilsa.NAME` calls and the methods of the handles they return.
extension PlaybookChecker {
    /// Finds `ilsa.NAME` outside the API, and `handle:NAME()` outside the handle's methods, for
    /// handles held in a variable (`local t = ilsa.task {...}; t:wiat()`) or used at once
    /// (`ilsa.task {...}:wiat()`).
    func checkAPI(_ tokens: PlaybookTokens, into findings: inout FindingList) {
        var handles: [String: PlaybookAPI.Handle] = [:]
        var ambiguous = tokens.boundByCode
        for index in tokens.indices where tokens[index].isName("ilsa") && tokens.isVariable(index) {
            guard tokens[index + 1].is("."), tokens[index + 2].kind == .name else { continue }
            let name = tokens[index + 2].text
            if !PlaybookAPI.functions.contains(name), !tokens.definedFields.contains("ilsa." + name) {
                let hint = DidYouMean.clause(for: name, in: PlaybookAPI.functions) { "ilsa.\($0)" }
                let list = hint.isEmpty ? "; it has " + PlaybookAPI.functions.sorted().map { "ilsa.\($0)" }.joined(separator: ", ") : ""
                findings.add(line: tokens[index + 2].line, .unknownAPI, "ilsa.\(name) is not part of the playbook API\(hint)\(list)")
                continue
            }
            guard let handle = PlaybookAPI.Handle(function: name) else { continue }
            // `ilsa.task { ... }:wait()`
            if let end = tokens.endOfArguments(at: index + 3), tokens[end + 1].is(":") {
                checkMethod(tokens, at: end + 2, on: handle, shown: "ilsa.\(name) {...}", into: &findings)
            }
        }
        // Which variables hold which handle: `t = ilsa.task ...` and nothing else assigned.
        for index in tokens.indices where tokens[index].kind == .name && tokens[index + 1].is("=") && tokens.isVariable(index) {
            let name = tokens[index].text
            if tokens[index + 2].isName("ilsa"), tokens[index + 3].is("."),
                let handle = PlaybookAPI.Handle(function: tokens[index + 4].text),
                handles[name] == nil || handles[name] == handle
            {
                handles[name] = handle
            } else {
                ambiguous.insert(name)
            }
        }
        for ambiguousName in ambiguous { handles[ambiguousName] = nil }
        for index in tokens.indices where tokens.isVariable(index) {
            guard let handle = handles[tokens[index].text] else { continue }
            let name = tokens[index].text
            if tokens[index + 1].is(":") {
                checkMethod(tokens, at: index + 2, on: handle, shown: name, into: &findings)
            } else if tokens[index + 1].is("."), handle.methods.contains(tokens[index + 2].text), tokens[index + 3].is("("),
                tokens[index + 4].is(")")
            {
                let method = tokens[index + 2].text
                findings.add(
                    line: tokens[index + 2].line, .unknownMethod,
                    "\(name).\(method)() calls the method without its \(handle.rawValue); write \(name):\(method)()")
            }
        }
    }

    private func checkMethod(
        _ tokens: PlaybookTokens, at index: Int, on handle: PlaybookAPI.Handle, shown: String, into findings: inout FindingList
    ) {
        let token = tokens[index]
        guard token.kind == .name, !handle.methods.contains(token.text) else { return }
        let methods = handle.methods.sorted()
        let hint = DidYouMean.clause(for: token.text, in: methods) { "\(shown):\($0)()" }
        let known =
            methods.isEmpty
            ? "; \(handle.withArticle) has no methods"
            : hint.isEmpty ? "; \(handle.withArticle) has " + Self.list(methods.map { ":\($0)()" }) : ""
        findings.add(line: token.line, .unknownMethod, "\(shown):\(token.text)() is not a method of \(handle.withArticle)\(hint)\(known)")
    }

    /// `a, b and c`.
    static func list(_ items: [String]) -> String {
        guard items.count > 1, let last = items.last else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + last
    }
}
