import IlsaLua
import IlsaEngine

/// The tables written in place for the API (`ilsa.task { ... }`, `ilsa.escalate { ... }`,
/// `ilsa.units { ... }`): every field one of those it takes (`deu = "1h"` is a typo the engine
/// would refuse mid-incident), the fields it needs, and a literal word one of those the field
/// takes (`priority = "critical"`), as ``SpecTable`` describes them. A table built elsewhere
/// and passed by name is the engine's to check when the run gets there.
extension PlaybookChecker {
    func checkTables(_ tokens: PlaybookTokens, into findings: inout FindingList) {
        for index in tokens.indices where tokens[index].isName("ilsa") && tokens[index + 1].is(".") {
            guard let spec = SpecTable.byFunction[tokens[index + 2].text] else { continue }
            let open = tokens[index + 3].is("(") ? index + 4 : index + 3
            guard tokens[open].is("{") else { continue }
            checkTable(tokens, open: open, spec, line: tokens[index + 2].line, into: &findings)
        }
    }

    /// One table constructor, and the tables written in place in its fields.
    private func checkTable(_ tokens: PlaybookTokens, open: Int, _ spec: SpecTable, line: Int, into findings: inout FindingList) {
        guard let close = tokens.closing[open] else { return }
        var given: Set<String> = []
        var onlyNames = true
        for index in (open + 1)..<close where tokens.enclosing[index] == open {
            let token = tokens[index]
            let previous = tokens[index - 1]
            // The first token of each item: a `name =` key, or something the check cannot name
            // (`[expr] = value`, a value in the list).
            guard previous.is("{") || previous.is(",") || previous.is(";") else { continue }
            guard tokens.isKey(index) else {
                onlyNames = false
                continue
            }
            let field = token.text
            given.insert(field)
            guard spec.fields.contains(field) else {
                findings.add(line: token.line, .unknownField, spec.unknown(field))
                continue
            }
            let value = index + 2
            if let words = spec.values[field], tokens[value].kind == .string, tokens.endsValue(value), !words.contains(tokens[value].text) {
                findings.add(line: tokens[value].line, .badValue, spec.badValue(field, tokens[value].text))
            }
            if let nested = spec.tables[field] {
                if tokens[value].is("{") {
                    checkTable(tokens, open: value, nested, line: tokens[value].line, into: &findings)
                } else if tokens[value].kind == .string, tokens.endsValue(value) {
                    findings.add(
                        line: tokens[value].line, .badValue,
                        "\(spec.name) field '\(field)' is a table, not a string: \(field) = { role = \"\(tokens[value].text)\", district = \"...\" }"
                    )
                }
            }
        }
        guard onlyNames else { return }
        for field in spec.required where !given.contains(field) {
            findings.add(line: line, .missingField, "\(spec.name) needs the field '\(field)'")
        }
    }
}
