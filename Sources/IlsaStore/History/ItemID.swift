/// The identifier of something a run made by a command: a task, an escalation, a branch. It is
/// the run and the number of the command that made it, written `<run>.<number>` (`a1b2c3d4.3`),
/// so a replay gives the same ids. This type is the one place that writes and reads that form.
public struct ItemID<Kind: ItemKind>: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let run: RunID
    /// The number of the command that made it.
    public let number: Int

    public init(run: RunID, number: Int) {
        self.run = run
        self.number = number
    }

    /// Reads `<run>.<number>`; nil when the text is not of that form. The run is everything
    /// before the last dot, so a run named with dots still works.
    public init?(_ text: some StringProtocol) {
        guard let dot = text.lastIndex(of: "."), dot != text.startIndex,
            let number = Int(text[text.index(after: dot)...]), number > 0
        else { return nil }
        self.init(run: RunID(String(text[..<dot])), number: number)
    }

    /// `<run>.<number>`.
    public var description: String { "\(run.rawValue).\(number)" }

    /// By run, then by number (so `r1.10` comes after `r1.9`).
    public static func < (a: ItemID, b: ItemID) -> Bool {
        a.run.rawValue == b.run.rawValue ? a.number < b.number : a.run.rawValue < b.run.rawValue
    }
}

/// What an ``ItemID`` names; a tag type that only tells ids apart.
public protocol ItemKind: Sendable {
    /// `task`, `escalation`, `branch`: how messages name one.
    static var noun: String { get }
}

public enum TaskItem: ItemKind { public static let noun = "task" }
public enum EscalationItem: ItemKind { public static let noun = "escalation" }
public enum BranchItem: ItemKind { public static let noun = "branch" }

/// A task: the run and the number of the `ilsa.task` command that made it.
public typealias TaskID = ItemID<TaskItem>
/// An escalation: the run and the number of the `ilsa.escalate` command that made it.
public typealias EscalationID = ItemID<EscalationItem>
/// A branch `ilsa.branch` started: the run and the number of its command.
public typealias BranchID = ItemID<BranchItem>

extension ItemID: ExpressibleByStringLiteral {
    /// An id written in code: `"r1.3"`. A literal that is not `<run>.<number>` names nothing
    /// (number 0), so a lookup of it finds nothing rather than stopping the program.
    public init(stringLiteral text: String) {
        self = Self(text) ?? Self(run: RunID(text), number: 0)
    }
}

extension ItemID: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let id = Self(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a \(Kind.noun) id (RUN.NUMBER)"))
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
