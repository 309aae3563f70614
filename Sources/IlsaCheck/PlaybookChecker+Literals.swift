import IlsaLua
import IlsaAPI
import IlsaEngine
import IlsaStore

/// String literals the engine will read: assignees and ladders (against the roster), and
/// durations and due times.
extension PlaybookChecker {
    /// What one `{ ... }` table says about an assignee, to check that someone holds the role.
    private struct Assignee {
        var role: (code: String, line: Int)?
        var district: District?
        /// Whether the table has a `district` field at all (a literal or not).
        var hasDistrict = false
        /// Whether the table is written as `assignee = { ... }`.
        var isAssignee = false
    }

    func checkLiterals(_ tokens: PlaybookTokens, into findings: inout FindingList) {
        var assignees: [Int: Assignee] = [:]
        for index in tokens.indices {
            if tokens[index].isName("ilsa"), tokens[index + 1].is("."), PlaybookAPI.durationFunctions.contains(tokens[index + 2].text) {
                checkDuration(tokens, call: index, into: &findings)
                continue
            }
            guard tokens.isKey(index) else { continue }
            let table = tokens.enclosing[index] ?? -1
            if tokens[index].text == "district" {
                assignees[table, default: Assignee()].hasDistrict = true
                assignees[table]?.isAssignee = tokens[table - 1].is("=") && tokens[table - 2].isName("assignee")
            }
            guard tokens[index + 2].kind == .string, tokens.endsValue(index + 2) else { continue }
            let value = tokens[index + 2].text
            let line = tokens[index + 2].line
            switch tokens[index].text {
            case "due":
                do { _ = try DueTime(parsing: value) } catch { findings.add(line: line, .badDuration, error.message) }
            case "role":
                guard let roster else { continue }
                if roster.role(Role.Code(value)) == nil {
                    let hint = DidYouMean.clause(for: value, in: roster.roles.map(\.code.rawValue)) { "'\($0)'" }
                    findings.add(line: line, .unknownRole, "the roster has no role '\(value)'\(hint)")
                } else {
                    assignees[table, default: Assignee()].role = (value, line)
                    assignees[table]?.isAssignee = tokens[table - 1].is("=") && tokens[table - 2].isName("assignee")
                }
            case "district":
                guard let roster else { continue }
                if let district = roster.district(District.ID(value)) {
                    assignees[table]?.district = district
                } else {
                    findings.add(line: line, .unknownDistrict, unknownDistrict(value, in: roster))
                }
            case "unit":
                guard let roster, roster.unit(Unit.ID(value)) == nil else { continue }
                let hint = DidYouMean.clause(for: value, in: roster.units.map(\.id.rawValue)) { "'\($0)'" }
                findings.add(line: line, .unknownUnit, "the roster has no unit '\(value)'\(hint)")
            case "person":
                guard let roster, roster.person(Person.ID(value)) == nil else { continue }
                let hint = DidYouMean.clause(for: value, in: roster.people.map(\.id.rawValue)) { "'\($0)'" }
                findings.add(line: line, .unknownPerson, "the roster has no person '\(value)'\(hint)")
            case "escalation":
                guard let roster, roster.ladder(EscalationLadder.ID(value)) == nil else { continue }
                findings.add(line: line, .unknownLadder, unknownLadder(value, in: roster))
            default:
                continue
            }
        }
        if let roster { checkHolders(assignees.values, roster: roster, into: &findings) }
    }

    /// `ilsa.sleep("15min")`, `ilsa.timer "3h"`: a literal duration the engine cannot read.
    private func checkDuration(_ tokens: PlaybookTokens, call index: Int, into findings: inout FindingList) {
        let argument = tokens[index + 3].is("(") ? index + 4 : index + 3
        guard tokens[argument].kind == .string, (try? DueTime(parsing: tokens[argument].text)) == nil else { return }
        findings.add(
            line: tokens[argument].line, .badDuration,
            "ilsa.\(tokens[index + 2].text) needs a duration like \"15m\", a start offset like \"T0+2h\" or a time, got \"\(tokens[argument].text)\""
        )
    }

    /// A role in a district that nobody there holds; an `assignee = { role = ... }` without a
    /// district for a role that no citywide unit holds.
    private func checkHolders(_ assignees: some Sequence<Assignee>, roster: Roster, into findings: inout FindingList) {
        for assignee in assignees {
            guard let role = assignee.role else { continue }
            let code = Role.Code(role.code)
            if let district = assignee.district {
                guard roster.holders(of: code, in: district).isEmpty else { continue }
                findings.add(line: role.line, .noHolder, "nobody holds '\(role.code)' in district \(district.id.rawValue)")
            } else if !assignee.hasDistrict, assignee.isAssignee, !roster.units(holding: code).contains(where: \.districts.isEmpty) {
                findings.add(
                    line: role.line, .noHolder,
                    "'\(role.code)' is held in districts, not citywide; name one: { role = \"\(role.code)\", district = \"...\" }")
            }
        }
    }

    /// `the roster has no district 'x'`, pointing at the code when the text is a district's name.
    private func unknownDistrict(_ text: String, in roster: Roster) -> String {
        let named = roster.districts.first {
            $0.name.korean == text || $0.name.english.lowercased() == text.lowercased()
        }
        if let named {
            return "the roster has no district '\(text)'; districts are named by code here: '\(named.id.rawValue)'"
        }
        let codes = roster.districts.map(\.id.rawValue)
        let hint = DidYouMean.clause(for: text, in: codes) { "'\($0)'" }
        return "the roster has no district '\(text)'" + (hint.isEmpty ? "; its districts are " + codes.joined(separator: ", ") : hint)
    }

    /// `the roster has no escalation ladder 'x'`, with the ladders there are, and a word when
    /// `x` is a task class (`life_safety`) written in the wrong field.
    private func unknownLadder(_ value: String, in roster: Roster) -> String {
        let ladders = roster.ladders.map(\.id.rawValue)
        let hint = DidYouMean.clause(for: value, in: ladders) { "'\($0)'" }
        var message =
            "the roster has no escalation ladder '\(value)'"
            + (hint.isEmpty ? "; its ladders are " + ladders.joined(separator: ", ") : hint)
        if TaskClass.known.contains(TaskClass(rawValue: value)) {
            message += " (\(value) is a task class: class = \"\(value)\")"
        }
        return message
    }
}
