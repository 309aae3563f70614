public import Foundation

/// Where accounts and API tokens are kept: in the run store, beside the runs, so every server
/// and command sharing a store shares them. Every method throws ``StoreError``.
public protocol AccountStore: Sendable {
    /// Adds an account. - Throws: `conflict` when the name is taken.
    func addAccount(_ account: Account) throws

    /// The account with a name, or nil.
    func account(named name: String) throws -> Account?

    /// Every account, by name.
    func accounts() throws -> [Account]

    /// Disables or enables an account. - Throws: `notFound`.
    func setAccount(_ name: String, disabled: Bool) throws

    /// Replaces an account's password hash. - Throws: `notFound`.
    func setPassword(of name: String, hash: String) throws

    /// Adds a token. - Throws: `notFound` for an unknown account; `conflict` for a taken id.
    func addToken(_ token: APIToken) throws

    /// The token with an id, or nil.
    func token(id: String) throws -> APIToken?

    /// The tokens of an account, or every token, oldest first.
    func tokens(account: String?) throws -> [APIToken]

    /// Revokes a token at a time. - Throws: `notFound`.
    func revokeToken(id: String, at: Date) throws
}
