public import Foundation

extension InMemoryRunStore {
    public func addAccount(_ account: Account) throws {
        var account = account
        account.createdAt = account.createdAt.roundedToMilliseconds
        try state.withLock { state in
            guard state.accounts[account.name] == nil else {
                throw StoreError(.conflict, "an account named '\(account.name)' exists", path: "")
            }
            state.accounts[account.name] = account
        }
    }

    public func account(named name: String) throws -> Account? {
        state.withLock { $0.accounts[name] }
    }

    public func accounts() throws -> [Account] {
        state.withLock { $0.accounts.values.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) } }
    }

    public func setAccount(_ name: String, disabled: Bool) throws {
        try change(name) { $0.disabled = disabled }
    }

    public func setPassword(of name: String, hash: String) throws {
        try change(name) { $0.passwordHash = hash }
    }

    private func change(_ name: String, _ body: (inout Account) -> Void) throws {
        try state.withLock { state in
            guard var account = state.accounts[name] else { throw StoreError(.notFound, "no account '\(name)'", path: "") }
            body(&account)
            state.accounts[name] = account
        }
    }

    public func addToken(_ token: APIToken) throws {
        var token = token
        token.createdAt = token.createdAt.roundedToMilliseconds
        token.revokedAt = token.revokedAt?.roundedToMilliseconds
        try state.withLock { state in
            guard state.accounts[token.account] != nil else { throw StoreError(.notFound, "no account '\(token.account)'", path: "") }
            guard state.tokens[token.id] == nil else { throw StoreError(.conflict, "a token '\(token.id)' exists", path: "") }
            state.tokens[token.id] = (state.tokens.count, token)
        }
    }

    public func token(id: String) throws -> APIToken? {
        state.withLock { $0.tokens[id]?.token }
    }

    public func tokens(account: String?) throws -> [APIToken] {
        state.withLock { state in
            state.tokens.values.sorted { $0.order < $1.order }.map(\.token).filter { account == nil || $0.account == account }
        }
    }

    public func revokeToken(id: String, at: Date) throws {
        try state.withLock { state in
            guard let entry = state.tokens[id] else { throw StoreError(.notFound, "no token '\(id)'", path: "") }
            var token = entry.token
            token.revokedAt = at.roundedToMilliseconds
            state.tokens[id] = (entry.order, token)
        }
    }
}
