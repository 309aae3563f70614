public import Foundation

/// A person's or a machine's account on the situation room's server: a name, the roster role
/// it acts as (and the district, for a district's roles), and a password hash. What it may see
/// and do follows from the role (`IlsaAccess.Scope`); what it does is recorded under its name.
public struct Account: Hashable, Sendable {
    /// The login name, and the name actions are recorded with: `singil-donghead`, `상황실장`.
    public var name: String
    /// The roster role the account acts as: `DONG.HEAD`, `DIST.CHAIR`, `CITY.SITROOM`.
    public var role: String
    /// The district, for a district's roles (`singil`); nil for citywide ones.
    public var district: String?
    /// The roster person it is, when the roster names one.
    public var person: String?
    /// A bcrypt hash (`$2b$12$...`); never the password.
    public var passwordHash: String
    public var createdAt: Date
    /// A disabled account cannot log in, and its tokens stop working.
    public var disabled: Bool

    public init(
        name: String, role: String, district: String? = nil, person: String? = nil, passwordHash: String, createdAt: Date,
        disabled: Bool = false
    ) {
        self.name = name
        self.role = role
        self.district = district
        self.person = person
        self.passwordHash = passwordHash
        self.createdAt = createdAt
        self.disabled = disabled
    }
}

/// An API token for machines (`Authorization: Bearer ilsa_<id>_<secret>`): the store keeps its id
/// and a SHA-256 of its secret, never the secret.
public struct APIToken: Hashable, Sendable {
    /// The public part, shown in lists and used to revoke it.
    public var id: String
    public var account: String
    /// What the token is for, in the issuer's words.
    public var label: String?
    /// Hex SHA-256 of the secret part.
    public var secretHash: String
    public var createdAt: Date
    public var revokedAt: Date?

    public init(id: String, account: String, label: String? = nil, secretHash: String, createdAt: Date, revokedAt: Date? = nil) {
        self.id = id
        self.account = account
        self.label = label
        self.secretHash = secretHash
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}
