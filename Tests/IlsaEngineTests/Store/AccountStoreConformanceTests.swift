import Foundation
import IlsaEngine
import IlsaStoreSQLite
import IlsaTesting
import Testing

/// What every account store must do: names unique, tokens tied to an account, revocation kept.
struct AccountStoreConformanceTests {
    let folder: TemporaryFolder

    init() throws { folder = try TemporaryFolder() }

    func store(_ kind: StoreKind) throws -> any AccountStore {
        try kind.make(in: folder)
    }

    static let t0 = Date(timeIntervalSince1970: 1_790_000_000.25)

    @Test(arguments: StoreKind.allCases)
    func accountsByNameOnceEach(_ kind: StoreKind) throws {
        let store = try store(kind)
        let dong = Account(name: "신길동장", role: "DONG.HEAD", district: "singil", passwordHash: "$2b$12$x", createdAt: Self.t0)
        let room = Account(name: "sitroom", role: "CITY.SITROOM", passwordHash: "$2b$12$y", createdAt: Self.t0)
        try store.addAccount(dong)
        try store.addAccount(room)
        #expect(try store.account(named: "신길동장") == dong)
        #expect(try store.account(named: "nobody") == nil)
        #expect(try store.accounts().map(\.name) == ["sitroom", "신길동장"])
        #expect(throws: StoreError.self) { try store.addAccount(dong) }
        try store.setAccount("sitroom", disabled: true)
        try store.setPassword(of: "sitroom", hash: "$2b$12$z")
        let changed = try #require(try store.account(named: "sitroom"))
        #expect(changed.disabled && changed.passwordHash == "$2b$12$z")
        #expect(throws: StoreError.self) { try store.setAccount("nobody", disabled: true) }
    }

    @Test(arguments: StoreKind.allCases)
    func tokensBelongToAnAccountAndStayRevoked(_ kind: StoreKind) throws {
        let store = try store(kind)
        try store.addAccount(Account(name: "sitroom", role: "CITY.SITROOM", passwordHash: "h", createdAt: Self.t0))
        let token = APIToken(id: "abcd2345", account: "sitroom", label: "pager", secretHash: "ff", createdAt: Self.t0)
        try store.addToken(token)
        #expect(try store.token(id: "abcd2345") == token)
        #expect(throws: StoreError.self) { try store.addToken(token) }
        #expect(throws: StoreError.self) {
            try store.addToken(APIToken(id: "zzzz2345", account: "nobody", secretHash: "ff", createdAt: Self.t0))
        }
        try store.addToken(APIToken(id: "efgh2345", account: "sitroom", secretHash: "ee", createdAt: Self.t0 + 1))
        #expect(try store.tokens(account: "sitroom").map(\.id) == ["abcd2345", "efgh2345"])
        #expect(try store.tokens(account: "other").isEmpty)
        try store.revokeToken(id: "abcd2345", at: Self.t0 + 5)
        #expect(try store.token(id: "abcd2345")?.revokedAt == Self.t0 + 5)
        #expect(throws: StoreError.self) { try store.revokeToken(id: "nope", at: Self.t0) }
    }
}
