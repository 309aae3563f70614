public import IlsaStore
public import Foundation
import PostgresNIO

/// Accounts and API tokens (decision 0006), shared by every server on the database.
extension PostgresRunStore {
    public func addAccount(_ account: Account) throws {
        try connections.transaction { session in
            let added = try session.query(
                """
                INSERT INTO accounts (name, role, district, person, password_hash, created_at, disabled)
                VALUES (\(account.name), \(account.role), \(account.district), \(account.person), \(account.passwordHash),
                    \(account.createdAt.millisecondsSince1970), \(account.disabled))
                ON CONFLICT (name) DO NOTHING
                """
            ).changed
            guard added == 1 else { throw StoreError(.conflict, "an account named '\(account.name)' exists", path: path) }
            try notify(session)
        }
    }

    public func account(named name: String) throws -> Account? {
        try connections.withConnection { session in try session.first("SELECT * FROM accounts WHERE name = \(name)", account) }
    }

    public func accounts() throws -> [Account] {
        try connections.withConnection { session in try session.all("SELECT * FROM accounts ORDER BY name", account) }
    }

    public func setAccount(_ name: String, disabled: Bool) throws {
        try update("UPDATE accounts SET disabled = \(disabled) WHERE name = \(name)", missing: "no account '\(name)'")
    }

    public func setPassword(of name: String, hash: String) throws {
        try update("UPDATE accounts SET password_hash = \(hash) WHERE name = \(name)", missing: "no account '\(name)'")
    }

    public func addToken(_ token: APIToken) throws {
        try connections.transaction { session in
            guard try session.value("SELECT 1 FROM accounts WHERE name = \(token.account)", as: Int.self) != nil else {
                throw StoreError(.notFound, "no account '\(token.account)'", path: path)
            }
            let added = try session.query(
                """
                INSERT INTO api_tokens (id, account, label, secret_hash, created_at, revoked_at)
                VALUES (\(token.id), \(token.account), \(token.label), \(token.secretHash), \(token.createdAt.millisecondsSince1970),
                    \(token.revokedAt?.millisecondsSince1970))
                ON CONFLICT (id) DO NOTHING
                """
            ).changed
            guard added == 1 else { throw StoreError(.conflict, "a token '\(token.id)' exists", path: path) }
            try notify(session)
        }
    }

    public func token(id: String) throws -> APIToken? {
        try connections.withConnection { session in try session.first("SELECT * FROM api_tokens WHERE id = \(id)", token) }
    }

    public func tokens(account: String?) throws -> [APIToken] {
        try connections.withConnection { session in
            try session.all(
                "SELECT * FROM api_tokens WHERE \(account)::text IS NULL OR account = \(account) ORDER BY created_at, position", token)
        }
    }

    public func revokeToken(id: String, at: Date) throws {
        try update("UPDATE api_tokens SET revoked_at = \(at.millisecondsSince1970) WHERE id = \(id)", missing: "no token '\(id)'")
    }

    private func update(_ sql: PostgresQuery, missing: String) throws {
        try connections.transaction { session in
            guard try session.query(sql).changed > 0 else { throw StoreError(.notFound, missing, path: path) }
            try notify(session)
        }
    }

    private func account(_ row: PostgresRow) throws -> Account {
        let columns = Columns(row, path: path)
        return Account(
            name: try columns("name"), role: try columns("role"), district: try columns("district"), person: try columns("person"),
            passwordHash: try columns("password_hash"), createdAt: try columns.date("created_at"), disabled: try columns("disabled"))
    }

    private func token(_ row: PostgresRow) throws -> APIToken {
        let columns = Columns(row, path: path)
        return APIToken(
            id: try columns("id"), account: try columns("account"), label: try columns("label"), secretHash: try columns("secret_hash"),
            createdAt: try columns.date("created_at"), revokedAt: try columns.optionalDate("revoked_at"))
    }
}
