/// An identifier of one kind of roster entry: a district's `singil`, a unit's `sc119.singil`, a
/// role's `FIRE.SC119`.
///
/// The tag keeps identifiers of different kinds apart (a ``District/ID`` is not a ``Unit/ID``);
/// a string literal makes one, so lookups read `roster.district("singil")`.
public struct RosterID<Tag>: RawRepresentable, Hashable, Comparable, Sendable, Codable,
    ExpressibleByStringLiteral, CustomStringConvertible
{
    /// The identifier as the roster file spells it.
    public let rawValue: String

    /// Makes an identifier from its spelling in the roster file.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Makes an identifier from its spelling in the roster file.
    public init(_ rawValue: String) { self.rawValue = rawValue }
    /// Makes an identifier from a literal: `let singil: District.ID = "singil"`.
    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A name in Korean and in English, as the roster gives every agency, unit, role and place.
public struct BilingualName: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The Korean name: `신길119안전센터`.
    public var korean: String
    /// The English name: `Singil 119 Safety Centre`.
    public var english: String

    public init(korean: String, english: String) {
        self.korean = korean
        self.english = english
    }

    /// Both names, Korean first: `신길119안전센터 (Singil 119 Safety Centre)`.
    public var description: String { "\(korean) (\(english))" }
}

/// Where a roster fact comes from: confirmed, or plausible and still to confirm.
///
/// Rosters built from public sources mix facts checked against a source with inferences (which
/// dongs a district meeting covers, the name of a 119 centre). The product flags the latter.
public struct Provenance: Hashable, Sendable, Codable {
    /// Whether the entry is confirmed. A roster entry is verified unless its file says otherwise.
    public var verified: Bool
    /// What is known or still open about the entry, in the roster author's words.
    public var note: String?

    public init(verified: Bool = true, note: String? = nil) {
        self.verified = verified
        self.note = note
    }
}
