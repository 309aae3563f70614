/// Which part of a list to read: at most `limit` items, after the first `offset`.
///
/// ```swift
/// let page = try store.tasks(TaskQuery(district: "singil"), page: PageRequest(number: 2, size: 50))
/// print("\(page.items.count) of \(page.total)")
/// ```
public struct PageRequest: Hashable, Sendable {
    /// The most items to read; 0 reads none, and the page only counts.
    public var limit: Int
    /// How many items at the start of the list to skip.
    public var offset: Int
    /// Whether to count the whole list (``Page/total``): a reader of a long list a chunk at a
    /// time counts it once, with the first chunk.
    public var counts: Bool

    /// A page of at most `limit` items after `offset`; a negative value counts as 0.
    public init(limit: Int, offset: Int = 0, counts: Bool = true) {
        self.limit = max(0, limit)
        self.offset = max(0, offset)
        self.counts = counts
    }

    /// Page `number` (from 1) of pages of `size` items; beyond the end of any list when the
    /// offset would not fit in an `Int`.
    public init(number: Int, size: Int) {
        let (offset, overflow) = (max(1, number) - 1).multipliedReportingOverflow(by: max(0, size))
        self.init(limit: size, offset: overflow ? Int.max : offset)
    }

    /// No items: only how many the list holds.
    public static let count = PageRequest(limit: 0)
}

/// Part of a list, and how long the whole list is.
public struct Page<Item> {
    public var items: [Item]
    /// How many items the whole list holds, on every page; nil when the request did not count.
    public var total: Int?
    /// Where the page starts in the list: how many items come before it.
    public var offset: Int

    public init(items: [Item], total: Int?, offset: Int) {
        self.items = items
        self.total = total
        self.offset = offset
    }

    /// Whether items follow this page, by the count (false when not counted).
    public var hasMore: Bool { total.map { offset + items.count < $0 } ?? false }
}

extension Page: Equatable where Item: Equatable {}
extension Page: Hashable where Item: Hashable {}
extension Page: Sendable where Item: Sendable {}

extension Array {
    /// The page `request` selects of the whole list, with its length: what a store that holds
    /// its lists in memory answers.
    package func page(_ request: PageRequest) -> Page<Element> {
        let start = Swift.min(request.offset, count)
        let end = start + Swift.min(request.limit, count - start)
        return Page(items: Array(self[start..<end]), total: request.counts ? count : nil, offset: request.offset)
    }
}
