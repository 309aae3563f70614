/// Rows of text in columns aligned by display width, for task lists and the like.
///
/// Columns are separated by two spaces, lines carry no trailing spaces, and cells are measured as
/// plain text before any styling, so Korean and English rows line up. Control characters in
/// cells and headers are shown, not sent (`\x1B`, `\n`: see ``Swift/StringProtocol/visibleControls``),
/// before they are measured. A table without rows renders just its header; saying "no tasks" is
/// the caller's business.
///
/// ```swift
/// var table = TextTable(columns: [
///     .init("ID", alignment: .right),
///     .init("TASK", maxWidth: 30, truncatable: true),
///     .init("OWNER"),
/// ])
/// table.append(["1", "신길동 주민센터 점검", "김민수"])
/// print(table.render(fittingWidth: TerminalSize.columns(), styler: Styler(mode: .auto)))
/// ```
public struct TextTable: Sendable {
    /// One column: its header, alignment and how far it may be cut.
    public struct Column: Sendable, Hashable {
        /// The header text.
        public var header: String
        /// Which side cells keep to.
        public var alignment: TextAlignment
        /// The widest the column may be; longer cells (and the header) are cut with `"…"`.
        public var maxWidth: Int?
        /// Whether fitting the table to a width may cut this column further.
        public var isTruncatable: Bool

        /// Creates a column.
        ///
        /// - Parameters:
        ///   - header: The header text.
        ///   - alignment: `.left` for text, `.right` for numbers.
        ///   - maxWidth: The widest the column may be (at least 1), or `nil` for no limit.
        ///   - truncatable: Whether `render(fittingWidth:)` may narrow it; leave identifiers `false`.
        public init(
            _ header: String,
            alignment: TextAlignment = .left,
            maxWidth: Int? = nil,
            truncatable: Bool = false
        ) {
            self.header = header
            self.alignment = alignment
            self.maxWidth = maxWidth
            self.isTruncatable = truncatable
        }
    }

    /// The text between two columns.
    public static let separator = "  "

    /// The columns, left to right.
    public var columns: [Column]
    /// The rows; a short row's missing cells are empty, cells beyond the last column are ignored.
    public var rows: [[String]]

    /// Creates a table with `columns` and, optionally, its `rows`.
    public init(columns: [Column], rows: [[String]] = []) {
        self.columns = columns
        self.rows = rows
    }

    /// Adds a row of cells, one per column.
    public mutating func append(_ row: [String]) {
        rows.append(row)
    }
}
