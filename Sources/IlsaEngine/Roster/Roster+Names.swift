import Foundation

/// What a person types for a district, a role or a unit: its code, its Korean name or its
/// English name, with case and spaces set aside (`신길`, `Singil`, `singil`; `동장`, `dong.head`).
/// Every command and parameter that takes one reads it here, and suggests from ``names(of:)``.
extension Roster {
    public func district(named text: String) -> District? {
        let wanted = Self.key(text)
        return districts.first { Self.spellings($0.id.rawValue, $0.name).contains { Self.key($0) == wanted } }
    }

    public func role(named text: String) -> Role? {
        let wanted = Self.key(text)
        return roles.first { Self.spellings($0.code.rawValue, $0.title).contains { Self.key($0) == wanted } }
    }

    public func unit(named text: String) -> Unit? {
        let wanted = Self.key(text)
        return units.first { Self.spellings($0.id.rawValue, $0.name).contains { Self.key($0) == wanted } }
    }

    /// Every name a person may type for a kind of entry, for did-you-mean: the codes first, so
    /// a near miss of a code is answered with the code.
    public enum Named: Sendable { case districts, roles, units }

    public func names(of kind: Named) -> [String] {
        let entries: [(code: String, name: BilingualName)] =
            switch kind {
            case .districts: districts.map { ($0.id.rawValue, $0.name) }
            case .roles: roles.map { ($0.code.rawValue, $0.title) }
            case .units: units.map { ($0.id.rawValue, $0.name) }
            }
        return entries.map(\.code) + entries.flatMap { Self.spellings($0.code, $0.name).dropFirst() }
    }

    private static func key(_ text: String) -> String { text.lowercased().filter { !$0.isWhitespace } }

    /// A code and a name's ways of being written: the name whole, and a name with a part in
    /// brackets also without it and as that part (`동장 (행정복지센터장)`: `동장`, `행정복지센터장`).
    private static func spellings(_ code: String, _ name: BilingualName) -> [String] {
        var spellings = [code]
        for whole in [name.korean, name.english] {
            spellings.append(whole)
            if let open = whole.firstIndex(of: "("), let close = whole[open...].firstIndex(of: ")") {
                spellings.append(String(whole[..<open]).trimmingCharacters(in: .whitespaces))
                spellings.append(String(whole[whole.index(after: open)..<close]).trimmingCharacters(in: .whitespaces))
            }
        }
        return spellings.filter { !$0.isEmpty }
    }
}
