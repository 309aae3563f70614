public import Foundation
import Synchronization

/// Slows password guessing: after ``accountLimit`` failed sign-ins to one account, or
/// ``addressLimit`` from one address, within ``window``, sign-ins there are refused (429, with
/// how long to wait) until the oldest failure leaves the window. A success clears the account's
/// failures. Kept in memory: a restart forgets them, which costs a guesser a restart each time.
/// Names and addresses whose failures have all left the window are forgotten once the table
/// passes ``tableLimit``, so guessing at many names cannot fill the server's memory.
public final class LoginThrottle: Sendable {
    public let window: TimeInterval
    public let accountLimit: Int
    public let addressLimit: Int
    private let failures = Mutex([String: [Date]]())
    public static let tableLimit = 10_000

    public init(window: TimeInterval = 15 * 60, accountLimit: Int = 5, addressLimit: Int = 20) {
        self.window = window
        self.accountLimit = accountLimit
        self.addressLimit = addressLimit
    }

    /// How long until a sign-in to `account` from `address` may be tried, or nil when it may now.
    public func wait(account: String, address: String, now: Date = Date()) -> TimeInterval? {
        failures.withLock { table in
            let waits = [(Self.accountKey(account), accountLimit), (Self.addressKey(address), addressLimit)].compactMap {
                key, limit -> TimeInterval? in
                let recent = (table[key] ?? []).filter { now.timeIntervalSince($0) < window }
                table[key] = recent
                guard recent.count >= limit, let oldest = recent.first else { return nil }
                return window - now.timeIntervalSince(oldest)
            }
            return waits.max()
        }
    }

    /// Records a failed sign-in.
    public func failed(account: String, address: String, now: Date = Date()) {
        failures.withLock { table in
            if table.count >= Self.tableLimit {
                table = table.filter { _, times in times.contains { now.timeIntervalSince($0) < window } }
            }
            table[Self.accountKey(account), default: []].append(now)
            table[Self.addressKey(address), default: []].append(now)
        }
    }

    /// Records a sign-in that worked: the account's failures are forgotten.
    public func succeeded(account: String) { _ = failures.withLock { $0.removeValue(forKey: Self.accountKey(account)) } }

    /// How many names and addresses it remembers.
    public var remembered: Int { failures.withLock { $0.count } }

    private static func accountKey(_ name: String) -> String { "account:" + name }
    private static func addressKey(_ address: String) -> String { "address:" + address }
}
