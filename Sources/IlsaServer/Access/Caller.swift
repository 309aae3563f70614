public import IlsaAccess
public import IlsaStore

/// Who is asking: an account, what its role lets it see and do, and how it proved who it is.
public struct Caller: Sendable {
    public enum Proof: Sendable {
        /// `Authorization: Bearer ilsa_...`: a machine, or a person's script.
        case token(id: String)
        /// A browser's session cookie; its forms carry the session's CSRF token.
        case session(Session)
    }

    public var account: Account
    public var scope: Scope
    public var proof: Proof

    /// The session, when the caller is a browser.
    public var session: Session? {
        if case .session(let session) = proof { return session }
        return nil
    }
}
