import IlsaStore
import ArgumentParser
import Foundation

/// `--limit N` and `--page N`, for the commands that list (`status`, `tasks`, `escalations`):
/// a list shows a page at a time, and says on standard error when there is more.
///
/// ```swift
/// @OptionGroup var pages: PageOptions
/// let (tasks, total) = try pages.collect { try store.tasks(query, page: $0) }
/// pages.note(shown: tasks.count, of: total, "open tasks")
/// ```
struct PageOptions: ParsableArguments {
    /// How many a page shows unless `--limit` says.
    static let defaultLimit = 50
    /// The most items read from the store at once: a long page is read, and printed as JSON, a
    /// chunk at a time.
    static let chunk = 500

    @Option(parsing: .unconditional, help: ArgumentHelp("Show at most this many a page.", valueName: "n"))
    var limit = defaultLimit

    @Option(parsing: .unconditional, help: ArgumentHelp("Which page to show, from 1.", valueName: "n"))
    var page = 1

    func validate() throws {
        try NumberOptions.positive(limit, "--limit")
        try NumberOptions.positive(page, "--page")
    }

    /// The page's items and the whole list's length.
    func collect<Item>(_ fetch: (PageRequest) throws -> Page<Item>) throws -> (items: [Item], total: Int) {
        var items: [Item] = []
        let total = try read(fetch) { items += $0 }
        return (items, total)
    }

    /// Reads the page a chunk at a time, handing each chunk's items to `body`; returns the
    /// whole list's length, as the first chunk counted it (the others do not count).
    func read<Item>(_ fetch: (PageRequest) throws -> Page<Item>, _ body: ([Item]) throws -> Void) throws -> Int {
        let start = PageRequest(number: page, size: limit)
        var total: Int?
        var done = 0
        while done < limit {
            let size = min(Self.chunk, limit - done)
            let chunk = try fetch(PageRequest(limit: size, offset: start.offset + done, counts: total == nil))
            total = total ?? chunk.total ?? 0
            try body(chunk.items)
            done += chunk.items.count
            if chunk.items.count < size { break }
        }
        return total ?? 0
    }

    /// Says on standard error which part of the list was shown, when it was not all of it:
    /// `showing 1–50 of 12,345 open tasks (page 1 of 247); --page 2 for more, --limit N for
    /// longer pages`. Nothing when the list is empty or fits.
    func note(shown: Int, of total: Int, _ noun: String) {
        guard total > 0, shown < total else { return }
        let pages = (total + limit - 1) / limit
        let all = "\(Self.grouped(total)) \(noun)"
        guard shown > 0 else {
            return Console.note("page \(page) is past the end: \(all) make \(pages) page\(pages == 1 ? "" : "s") of \(limit)")
        }
        let first = (page - 1) * limit + 1
        var text = "showing \(Self.grouped(first))–\(Self.grouped(first + shown - 1)) of \(all) (page \(page) of \(pages))"
        if page < pages { text += "; --page \(page + 1) for more, --limit N for longer pages" }
        Console.note(text)
    }

    /// `12,345`.
    static func grouped(_ number: Int) -> String {
        var digits = String(number)
        var index = digits.endIndex
        while digits.distance(from: digits.startIndex, to: index) > 3 {
            index = digits.index(index, offsetBy: -3)
            digits.insert(",", at: index)
        }
        return digits
    }
}

extension OutputOptions {
    /// Prints a page of a list as one JSON array (as ``print(json:)`` would), a chunk at a
    /// time as the store gives it, so a long page is never held whole.
    /// - Returns: How many items it printed, and the whole list's length.
    func printArray<Item>(
        _ pages: PageOptions, _ fetch: (PageRequest) throws -> Page<Item>, _ json: (Item) throws -> JSONValue
    ) throws -> (shown: Int, total: Int) {
        var shown = 0
        let total = try pages.read(fetch) { items in
            for item in items {
                Swift.print((shown == 0 ? "[" : ",") + (try JSONOutput.text(json(item))), terminator: "")
                shown += 1
            }
        }
        Swift.print(shown == 0 ? "[]" : "]")
        return (shown, total)
    }
}
