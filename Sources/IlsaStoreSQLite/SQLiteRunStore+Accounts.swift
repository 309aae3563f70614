public import IlsaStore
public import Foundation
import GRDB

extension SQLiteRunStore {
    public func addAccount(_ account: Account) throws {
        try perform {
            try transaction { db in
                if try Bool.fetchOne(db, sql: "SELECT 1 FROM accounts WHERE name = ?", arguments: [account.name]) != nil {
                    throw StoreError(.conflict, "an account named '\(account.name)' exists", path: path)
                }
                try db.execute(
                    sql: """
                        INSERT INTO accounts (name, role, district, person, password_hash, created_at, disabled)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        account.name, account.role, account.district, account.person, account.passwordHash,
                        account.createdAt.millisecondsSince1970, account.disabled,
                    ])
            }
        }
    }

    public func account(named name: String) throws -> Account? {
        try perform { try read { db in try decodeAll(db, sql: "SELECT * FROM accounts WHERE name = ?", arguments: [name], account).first } }
    }

    public func accounts() throws -> [Account] {
        try perform { try read { db in try decodeAll(db, sql: "SELECT * FROM accounts ORDER BY name", account) } }
    }

    public func setAccount(_ name: String, disabled: Bool) throws {
        try update("UPDATE accounts SET disabled = ? WHERE name = ?", [disabled, name], missing: "no account '\(name)'")
    }

    public func setPassword(of name: String, hash: String) throws {
        try update("UPDATE accounts SET password_hash = ? WHERE name = ?", [hash, name], missing: "no account '\(name)'")
    }

    public func addToken(_ token: APIToken) throws {
        try perform {
            try transaction { db in
                if try Bool.fetchOne(db, sql: "SELECT 1 FROM accounts WHERE name = ?", arguments: [token.account]) == nil {
                    throw StoreError(.notFound, "no account '\(token.account)'", path: path)
                }
                if try Bool.fetchOne(db, sql: "SELECT 1 FROM api_tokens WHERE id = ?", arguments: [token.id]) != nil {
                    throw StoreError(.conflict, "a token '\(token.id)' exists", path: path)
                }
                try db.execute(
                    sql: "INSERT INTO api_tokens (id, account, label, secret_hash, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [
                        token.id, token.account, token.label, token.secretHash, token.createdAt.millisecondsSince1970,
                        token.revokedAt?.millisecondsSince1970,
                    ])
            }
        }
    }

    public func token(id: String) throws -> APIToken? {
        try perform { try read { db in try decodeAll(db, sql: "SELECT * FROM api_tokens WHERE id = ?", arguments: [id], token).first } }
    }

    public func tokens(account: String?) throws -> [APIToken] {
        try perform {
            try read { db in
                try decodeAll(
                    db, sql: "SELECT * FROM api_tokens WHERE ?1 IS NULL OR account = ?1 ORDER BY created_at, rowid", arguments: [account],
                    token)
            }
        }
    }

    public func revokeToken(id: String, at: Date) throws {
        try update("UPDATE api_tokens SET revoked_at = ? WHERE id = ?", [at.millisecondsSince1970, id], missing: "no token '\(id)'")
    }

    private func update(_ sql: String, _ arguments: StatementArguments, missing: String) throws {
        try perform {
            try transaction { db in
                try db.execute(sql: sql, arguments: arguments)
                if db.changesCount == 0 { throw StoreError(.notFound, missing, path: path) }
            }
        }
    }

    private func account(_ row: Row) throws -> Account {
        Account(
            name: try column(row, "name"), role: try column(row, "role"), district: try column(row, "district"),
            person: try column(row, "person"), passwordHash: try column(row, "password_hash"),
            createdAt: Date(millisecondsSince1970: try column(row, "created_at")), disabled: try column(row, "disabled"))
    }

    private func token(_ row: Row) throws -> APIToken {
        APIToken(
            id: try column(row, "id"), account: try column(row, "account"), label: try column(row, "label"),
            secretHash: try column(row, "secret_hash"), createdAt: Date(millisecondsSince1970: try column(row, "created_at")),
            revokedAt: (try column(row, "revoked_at") as Int64?).map(Date.init(millisecondsSince1970:)))
    }
}
