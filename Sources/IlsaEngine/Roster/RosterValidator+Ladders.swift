import IlsaStore
import IlsaLua

/// Escalation ladders: every rung must name something, and every rung below the top needs a
/// grace period for each task class.
extension RosterValidator {
    mutating func ladder(_ entry: Entry<RawLadder>, hasControlTower: Bool, hasCityHQ: Bool) -> EscalationLadder {
        let raw = entry.record
        let rungValues = reader.elements(of: entry.value.tableValue?["rungs"] ?? .nil, path: "\(entry.path).rungs")
        if rungValues.isEmpty {
            report(
                .malformed, at: entry.path,
                "\(entry.label) has no rungs; list them lowest first: rungs = { { target = \"assignee\", grace = { ... } }, ... }")
        }
        var rungs: [EscalationLadder.Rung] = []
        for (index, element) in rungValues.enumerated() {
            let label = "\(entry.label) rung \(index + 1)"
            guard case .table(let table) = element.value else {
                report(
                    .malformed, at: element.path,
                    "\(label) should be a table { target = ..., grace = { ... } }, got \(RosterReader.describe(element.value))")
                continue
            }
            reader.checkFields(of: table, allowed: RawRung.fieldNames, label: label)
            guard let rung = reader.decode(RawRung.self, from: element.value, path: element.path, label: label) else { continue }
            let target = EscalationLadder.Target(rung.target)
            checkTarget(target, text: rung.target, label: label, at: element.path, hasControlTower: hasControlTower, hasCityHQ: hasCityHQ)
            let isTop = index == rungValues.count - 1
            rungs.append(
                EscalationLadder.Rung(target: target, grace: grace(rung.grace ?? [:], label: label, at: element.path, isTop: isTop)))
        }
        let title = raw.ko.flatMap { ko in raw.en.map { BilingualName(korean: ko, english: $0) } }
        var onReassign = EscalationLadder.Reassignment.keep
        if let text = raw.on_reassign {
            if let rule = EscalationLadder.Reassignment(rawValue: text) {
                onReassign = rule
            } else {
                let rules = EscalationLadder.Reassignment.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: " or ")
                report(
                    .malformed, at: "\(entry.path).on_reassign",
                    "\(entry.label) on_reassign '\(text)' is not a rule: write \(rules)"
                        + DidYouMean.hint(for: text, in: EscalationLadder.Reassignment.allCases.map(\.rawValue)))
            }
        }
        return EscalationLadder(
            id: EscalationLadder.ID(raw.name), title: title, rungs: rungs, onReassign: onReassign,
            provenance: provenance(raw.verified, raw.note))
    }

    /// Reports a rung target that names nothing: an undeclared role, an unknown keyword, or a
    /// keyword the roster gives nothing to resolve to.
    mutating func checkTarget(
        _ target: EscalationLadder.Target, text: String, label: String, at path: String, hasControlTower: Bool, hasCityHQ: Bool
    ) {
        switch target {
        case .assignee, .unitHead:
            break
        case .controlTower where !hasControlTower:
            report(
                .unresolvedRung, at: path,
                "\(label) names nothing: 'control_tower' needs an agency with a seat (seat = \"chair\" or \"member\")")
        case .cityHQ where !hasCityHQ:
            report(.unresolvedRung, at: path, "\(label) names nothing: 'city_hq' needs the roster's city_hq unit (city_hq = \"<unit id>\")")
        case .controlTower, .cityHQ:
            break
        case .role(let code):
            guard known.roles[code.rawValue] == nil else { return }
            let candidates = Array(EscalationLadder.Target.keywords.keys) + Array(known.roles.keys)
            let hint = DidYouMean.hint(for: text, in: candidates)
            if code.isWellFormed {
                report(.unresolvedRung, at: path, "\(label) names nothing: unknown role '\(text)'\(hint)")
            } else {
                let keywords = EscalationLadder.Target.keywords.keys.sorted().joined(separator: ", ")
                report(
                    .unresolvedRung, at: path,
                    "\(label) names nothing: '\(text)' is neither a target (\(keywords)) nor a role code\(hint)")
            }
        }
    }

    /// The grace periods of a rung, reporting unknown task classes, malformed durations, and
    /// classes missing below the top rung.
    mutating func grace(_ raw: [String: RawDuration], label: String, at path: String, isTop: Bool) -> [TaskClass: Duration] {
        var grace: [TaskClass: Duration] = [:]
        for key in raw.keys.sorted() {
            let taskClass = TaskClass(rawValue: key)
            guard TaskClass.known.contains(taskClass) else {
                let names = TaskClass.known.map(\.rawValue)
                report(
                    .unknownKind, at: path,
                    "\(label) grace has unknown task class '\(key)'"
                        + (DidYouMean.nearest(to: key, in: names).map { " (did you mean '\($0)'?)" }
                            ?? "; the classes are \(names.joined(separator: ", "))"))
                continue
            }
            switch raw[key] {
            case .text(let text):
                if let duration = DurationText.parse(text) {
                    grace[taskClass] = duration
                } else {
                    report(
                        .invalidDuration, at: path,
                        "\(label) grace \(key) = \"\(text)\" is not a duration: write \(DurationText.formatHelp)")
                }
            case .number(let number):
                report(
                    .invalidDuration, at: path,
                    "\(label) grace \(key) = \(LuaValue.number(number).integerValue.map(String.init) ?? "\(number)") has no unit: write \(DurationText.formatHelp)"
                )
            case .other, nil:
                report(.invalidDuration, at: path, "\(label) grace \(key) is not a duration: write \(DurationText.formatHelp)")
            }
        }
        if !isTop {
            for taskClass in TaskClass.known where raw[taskClass.rawValue] == nil {
                report(
                    .malformed, at: path,
                    "\(label) has no grace period for '\(taskClass)'; every rung below the top needs one per task class")
            }
        }
        return grace
    }
}
