import Foundation
import Hummingbird
import Synchronization

/// Answers to reads (the board's pages, the API's lists) kept until the next change.
///
/// A page is the same for one account until something changes: the engine publishes each change
/// (``ChangeHub/version``), and time moves what a page says about due times once a minute. So an
/// answer is kept under who asked (the account, and the session whose CSRF token the page
/// carries), what they asked for, the version it was made from, and the minute; when a change
/// publishes, every live board asks again at once, and all but the first of an account's
/// requests for a page are answered from here. The version is read before the store, so a kept
/// answer is never older than its version.
final class AnswerCache: Sendable {
    struct Key: Hashable, Sendable {
        var who: String
        var request: String
        var version: Int
        var minute: Int64
    }

    /// The most answers kept; past it the cache starts again (each version's answers are few).
    static let capacity = 1_000
    private let entries = Mutex([Key: Answer]())
    private let hub: ChangeHub

    init(hub: ChangeHub) { self.hub = hub }

    /// The kept answer to `request` for `who`, or a new one from `make` (kept when it is a 200).
    func response(who: String, request: String, now: Date, _ make: () async throws -> Answer) async throws -> Response {
        let key = Key(who: who, request: request, version: hub.version, minute: Int64(now.timeIntervalSince1970 / 60))
        if let kept = entries.withLock({ $0[key] }) { return kept.response }
        let answer = try await make()
        if answer.status == .ok {
            entries.withLock { entries in
                // Answers made from an older version or minute are never asked for again.
                if entries.count >= Self.capacity || entries.keys.contains(where: { $0.version != key.version || $0.minute != key.minute })
                {
                    entries.removeAll(keepingCapacity: true)
                }
                entries[key] = answer
            }
        }
        return answer.response
    }
}

/// A whole answer in memory: what the board's pages and the API's JSON are.
struct Answer: Sendable {
    var status: HTTPResponse.Status = .ok
    var headers: HTTPFields
    var body: ByteBuffer

    var response: Response { Response(status: status, headers: headers, body: .init(byteBuffer: body)) }
}
