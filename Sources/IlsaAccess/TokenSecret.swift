public import Foundation
import Crypto

/// An API token as a machine holds it: `ilsa_<id>_<secret>`. The id is public (lists, revoking);
/// the secret is 32 random bytes, shown once, and the store keeps only its SHA-256.
public struct TokenSecret: Hashable, Sendable, CustomStringConvertible {
    public var id: String
    public var secret: String

    /// A new token: an 8-character id and a 43-character secret, from the system's random source.
    public static func generate() -> TokenSecret {
        var generator = SystemRandomNumberGenerator()
        let id = String((0..<8).map { _ in Self.idCharacters.randomElement(using: &generator)! })
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let secret = Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return TokenSecret(id: id, secret: secret)
    }

    private static let idCharacters = Array("abcdefghijkmnpqrstuvwxyz23456789")

    /// Reads `ilsa_<id>_<secret>`; nil for anything else.
    public init?(parsing text: String) {
        let parts = text.split(separator: "_", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "ilsa", parts[1].count == 8, parts[2].count >= 32, parts[2].count <= 64,
            parts[1].allSatisfy({ Self.idCharacters.contains($0) }),
            parts[2].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        else { return nil }
        self.init(id: String(parts[1]), secret: String(parts[2]))
    }

    public init(id: String, secret: String) {
        self.id = id
        self.secret = secret
    }

    /// `ilsa_<id>_<secret>`: what the machine sends as `Authorization: Bearer ...`.
    public var description: String { "ilsa_\(id)_\(secret)" }

    /// The hex SHA-256 of the secret: what the store keeps.
    public var secretHash: String { Self.hash(secret) }

    static func hash(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Whether this token matches a stored hash, compared in constant time.
    public func matches(_ storedHash: String) -> Bool {
        let mine = Array(secretHash.utf8)
        let theirs = Array(storedHash.utf8)
        guard mine.count == theirs.count else { return false }
        return zip(mine, theirs).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
