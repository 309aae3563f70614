public import Foundation
import Synchronization

/// A browser's signed-in session: a random id in an HttpOnly, SameSite=Strict cookie, and the
/// CSRF token every form of the session carries.
public struct Session: Sendable, Hashable {
    public var id: String
    public var account: String
    public var csrf: String
    public var expires: Date
}

/// The sessions of this server, in its memory: a restart signs everyone out (they sign in again;
/// nothing else is lost). A session lasts ``lifetime`` from sign-in (a duty shift), not longer,
/// and an account keeps at most ``perAccount`` (signing in again on a new device ends the
/// oldest), so signing in over and over cannot fill the server's memory.
public final class Sessions: Sendable {
    public let lifetime: TimeInterval
    public let perAccount: Int
    private let table = Mutex([String: Session]())

    public init(lifetime: TimeInterval = 12 * 3_600, perAccount: Int = 10) {
        self.lifetime = lifetime
        self.perAccount = perAccount
    }

    /// A new session for an account, with a new id and CSRF token.
    public func open(for account: String, now: Date = Date()) -> Session {
        let session = Session(id: Self.randomToken(), account: account, csrf: Self.randomToken(), expires: now + lifetime)
        table.withLock { table in
            table = table.filter { $0.value.expires > now }
            let mine = table.values.filter { $0.account == account }.sorted { $0.expires < $1.expires }
            for old in mine.prefix(max(0, mine.count - perAccount + 1)) { table[old.id] = nil }
            table[session.id] = session
        }
        return session
    }

    /// The live session with an id, or nil (unknown or expired).
    public func session(_ id: String, now: Date = Date()) -> Session? {
        table.withLock { table in
            guard let session = table[id] else { return nil }
            guard session.expires > now else {
                table[id] = nil
                return nil
            }
            return session
        }
    }

    /// Ends a session (sign-out).
    public func close(_ id: String) { _ = table.withLock { $0.removeValue(forKey: id) } }

    /// How many sessions are live.
    public var count: Int { table.withLock { $0.count } }

    /// 32 random bytes as URL-safe base64 (43 characters).
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Whether two secrets are equal, in time that does not depend on where they differ.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
