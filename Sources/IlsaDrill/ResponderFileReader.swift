import IlsaEngine
import IlsaStore
import IlsaLua

/// Reads the entries a responders file recorded into a profile, collecting every problem with
/// its line.
struct ResponderFileReader {
    let base: ResponderProfile
    let file: String
    private(set) var problems: [ResponderProfileError.Problem] = []

    static let responderFields = ["acknowledge", "finish", "miss", "fail"]
    static let escalatedFields = ["acknowledge", "miss"]
    static let towerFields = ["acknowledge", "decide", "choose"]
    static let signalFields = ["at", "name", "payload", "playbook"]

    init(base: ResponderProfile, file: String) {
        self.base = base
        self.file = file
    }

    mutating func read(_ entries: [LuaTable]) -> ResponderProfile {
        var profile = base
        profile.name = file
        profile.roleLines = [:]
        var seen: [String: Int] = [:]
        func line(_ entry: LuaTable) -> Int? { entry["line"].integerValue.map(Int.init) }
        // The default first, wherever it is: roles take what they leave out from it.
        for entry in entries where entry["kind"].stringValue == "default" {
            guard let fields = table(entry, label: "default"), once("default", entry, &seen) else { continue }
            profile.fallback = responder(fields, label: "default", line: line(entry), over: base.fallback, allowed: Self.responderFields)
        }
        for entry in entries {
            let kind = entry["kind"].stringValue ?? ""
            switch kind {
            case "role":
                let code = entry["code"].stringValue ?? ""
                let label = "role '\(code)'"
                guard let fields = table(entry, label: label, call: "role \"\(code)\" { ... }"), once(label, entry, &seen) else { continue }
                let over = base.roles[code] ?? profile.fallback
                profile.roles[code] = responder(fields, label: label, line: line(entry), over: over, allowed: Self.responderFields)
                profile.roleLines[code] = line(entry)
            case "escalated":
                guard let fields = table(entry, label: kind), once(kind, entry, &seen) else { continue }
                profile.escalated = responder(fields, label: kind, line: line(entry), over: base.escalated, allowed: Self.escalatedFields)
            case "tower":
                guard let fields = table(entry, label: kind), once(kind, entry, &seen) else { continue }
                profile.tower = tower(fields, line: line(entry))
            case "signal":
                guard let fields = table(entry, label: kind) else { continue }
                if let signal = signal(fields, line: line(entry)) { profile.signals.append(signal) }
            default:
                continue
            }
        }
        return profile
    }

    // MARK: Entries

    private mutating func responder(
        _ fields: LuaTable, label: String, line: Int?, over base: ResponderProfile.Responder, allowed: [String]
    ) -> ResponderProfile.Responder {
        checkFields(fields, allowed: allowed, label: label, line: line)
        var result = base
        if fields["acknowledge"] != .nil, let range = delays(fields["acknowledge"], field: "acknowledge", label: label, line: line) {
            result.acknowledge = range
        }
        if fields["finish"] != .nil, let finish = finish(fields["finish"], label: label, line: line) { result.finish = finish }
        if fields["miss"] != .nil, let chance = chance(fields["miss"], field: "miss", label: label, line: line) { result.miss = chance }
        if fields["fail"] != .nil, let chance = chance(fields["fail"], field: "fail", label: label, line: line) { result.fail = chance }
        return result
    }

    private mutating func tower(_ fields: LuaTable, line: Int?) -> ResponderProfile.Decider {
        checkFields(fields, allowed: Self.towerFields, label: "tower", line: line)
        var result = base.tower
        if fields["acknowledge"] != .nil, let range = delays(fields["acknowledge"], field: "acknowledge", label: "tower", line: line) {
            result.acknowledge = range
        }
        if fields["decide"] != .nil, let range = delays(fields["decide"], field: "decide", label: "tower", line: line) {
            result.decide = range
        }
        switch fields["choose"] {
        case .nil: break
        case .string(let text) where ["first", "last", "random"].contains(text.text):
            result.choose = text.text == "first" ? .first : text.text == "last" ? .last : .random
        case .table(let list) where list.fields.isEmpty && !list.array.isEmpty && list.array.allSatisfy({ $0.stringValue != nil }):
            result.choose = .prefer(list.array.compactMap(\.stringValue))
        default:
            report(
                line,
                "tower: 'choose' must be \"first\", \"last\", \"random\" or a list of options in order of preference, got \(Self.describe(fields["choose"]))"
            )
        }
        return result
    }

    private mutating func signal(_ fields: LuaTable, line: Int?) -> ResponderProfile.ScriptedSignal? {
        checkFields(fields, allowed: Self.signalFields, label: "signal", line: line)
        guard let at = fields["at"].stringValue.flatMap(DurationText.parse) else {
            report(
                line, "signal: 'at' must be a time after T0 like \"45m\" (\(DurationText.formatHelp)), got \(Self.describe(fields["at"]))")
            return nil
        }
        guard let name = fields["name"].stringValue, !name.isEmpty else {
            report(line, "signal: 'name' must be the signal's name, a non-empty string, got \(Self.describe(fields["name"]))")
            return nil
        }
        let payload: JSONValue
        do {
            payload = try JSONValue(lua: fields["payload"], path: "payload")
        } catch {
            report(line, "signal '\(name)': \(error)")
            return nil
        }
        if fields["playbook"] != .nil && fields["playbook"].stringValue == nil {
            report(line, "signal '\(name)': 'playbook' must be a playbook's name, got \(Self.describe(fields["playbook"]))")
        }
        return ResponderProfile.ScriptedSignal(at: at, name: name, payload: payload, playbook: fields["playbook"].stringValue)
    }

    // MARK: Values

    /// A duration (`"5m"`) or a range (`{ "5m", "20m" }`).
    private mutating func delays(_ value: LuaValue, field: String, label: String, line: Int?) -> ClosedRange<Duration>? {
        let problem = "\(label): '\(field)' must be a duration like \"5m\" or a range like { \"5m\", \"20m\" }"
        let texts: [String]
        switch value {
        case .string(let text): texts = [text.text]
        case .table(let list) where list.fields.isEmpty && list.array.count == 2 && list.array.allSatisfy({ $0.stringValue != nil }):
            texts = list.array.compactMap(\.stringValue)
        default:
            report(line, "\(problem), got \(Self.describe(value))")
            return nil
        }
        let durations = texts.compactMap(DurationText.parse)
        guard durations.count == texts.count else {
            let bad = texts.first { DurationText.parse($0) == nil } ?? ""
            report(line, "\(label): '\(field)': \"\(bad)\" is not a duration; write \(DurationText.formatHelp)")
            return nil
        }
        guard durations[0] <= durations[durations.count - 1] else {
            report(line, "\(label): '\(field)' goes from \(texts[0]) down to \(texts[1]); write the shorter first")
            return nil
        }
        return durations[0]...durations[durations.count - 1]
    }

    /// A duration range, or a share of the allowed time: a number or `{ low, high }`.
    private mutating func finish(_ value: LuaValue, label: String, line: Int?) -> ResponderProfile.Finish? {
        let numbers: [Double]?
        switch value {
        case .integer, .number: numbers = value.numberValue.map { [$0] }
        case .table(let list) where list.fields.isEmpty && list.array.count == 2 && list.array.allSatisfy({ $0.numberValue != nil }):
            numbers = list.array.compactMap(\.numberValue)
        default: numbers = nil
        }
        guard let numbers else {
            guard case let range? = delays(value, field: "finish", label: label, line: line) else { return nil }
            return .duration(range)
        }
        guard numbers.allSatisfy({ $0.isFinite && $0 > 0 && $0 <= 100 }), numbers[0] <= numbers[numbers.count - 1] else {
            report(
                line,
                "\(label): 'finish' as a share of the time the task allows must be positive numbers, the smaller first, like { 0.5, 1.2 }; got \(Self.describe(value))"
            )
            return nil
        }
        return .shareOfAllowed(numbers[0]...numbers[numbers.count - 1])
    }

    private mutating func chance(_ value: LuaValue, field: String, label: String, line: Int?) -> Double? {
        guard let number = value.numberValue, number >= 0, number <= 1 else {
            report(line, "\(label): '\(field)' must be a chance from 0 to 1 (0.1 is one time in ten), got \(Self.describe(value))")
            return nil
        }
        return number
    }

    // MARK: Checks

    private mutating func table(_ entry: LuaTable, label: String, call: String? = nil) -> LuaTable? {
        let line = entry["line"].integerValue.map(Int.init)
        guard case .table(let fields) = entry["fields"] else {
            let form = call ?? "\(label) { ... }"
            report(line, "\(label) needs a table of fields: \(form), got \(Self.describe(entry["fields"]))")
            return nil
        }
        return fields
    }

    private mutating func once(_ label: String, _ entry: LuaTable, _ seen: inout [String: Int]) -> Bool {
        let line = entry["line"].integerValue.map(Int.init) ?? 0
        if let first = seen[label] {
            report(line, "\(label) is given twice (first at line \(first))")
            return false
        }
        seen[label] = line
        return true
    }

    private mutating func checkFields(_ fields: LuaTable, allowed: [String], label: String, line: Int?) {
        if !fields.array.isEmpty { report(line, "\(label) has a value without a field name; write name = value") }
        for key in fields.fields.keys.map({ $0.stringValue ?? "\($0)" }).sorted() where !allowed.contains(key) {
            report(line, "\(label) has unknown field '\(key)'" + DidYouMean.hint(for: key, in: allowed))
        }
    }

    private mutating func report(_ line: Int?, _ message: String) {
        problems.append(.init(line: line, message))
    }

    /// A value for a message: `"5min"`, `1.5`, `a table`, `nothing`.
    static func describe(_ value: LuaValue) -> String {
        switch value {
        case .nil: "nothing"
        case .string(let text): "\"\(text.text)\""
        case .integer, .number, .boolean: "\(value)"
        case .table: "a table"
        default: value.typeName
        }
    }
}
