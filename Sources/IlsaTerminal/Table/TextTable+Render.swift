extension TextTable {
    /// Returns the table as text: the header line, then one line per row, joined by newlines
    /// (no trailing newline).
    ///
    /// See ``lines(fittingWidth:styler:headerStyle:cellStyle:)`` for the parameters.
    public func render(
        fittingWidth: Int? = nil,
        styler: Styler = .plain,
        headerStyle: Style = .bold,
        cellStyle: (_ row: Int, _ column: Int) -> Style = { _, _ in .plain }
    ) -> String {
        lines(fittingWidth: fittingWidth, styler: styler, headerStyle: headerStyle, cellStyle: cellStyle)
            .joined(separator: "\n")
    }

    /// Returns the header line followed by one line per row.
    ///
    /// - Parameters:
    ///   - fittingWidth: The terminal's width, or `nil` not to fit. While the table is wider, the
    ///     widest truncatable column loses a column, but never below its header's width (or 4).
    ///     A table that still does not fit is left wider.
    ///   - styler: Writes the styles; `.plain` writes none.
    ///   - headerStyle: The header's style.
    ///   - cellStyle: The style of the cell at a row index and column index.
    public func lines(
        fittingWidth: Int? = nil,
        styler: Styler = .plain,
        headerStyle: Style = .bold,
        cellStyle: (_ row: Int, _ column: Int) -> Style = { _, _ in .plain }
    ) -> [String] {
        guard !columns.isEmpty else { return [] }
        let header = columns.map(\.header.visibleControls)
        let body = rows.map { row in
            columns.indices.map { $0 < row.count ? row[$0].visibleControls : "" }
        }
        let widths = columnWidths(header: header, body: body, fittingWidth: fittingWidth)
        var result = [line(header, widths: widths, styler: styler) { _ in headerStyle }]
        for (index, cells) in body.enumerated() {
            result.append(line(cells, widths: widths, styler: styler) { cellStyle(index, $0) })
        }
        return result
    }

    /// Returns each column's width: its widest cell or header, capped by `maxWidth`, then narrowed
    /// to fit `fittingWidth`.
    private func columnWidths(header: [String], body: [[String]], fittingWidth: Int?) -> [Int] {
        var widths = columns.indices.map { index in
            let widest = body.reduce(header[index].displayWidth) { max($0, $1[index].displayWidth) }
            return columns[index].maxWidth.map { min(widest, max($0, 1)) } ?? widest
        }
        guard let fittingWidth else { return widths }
        let floors = columns.indices.map { min(widths[$0], max(header[$0].displayWidth, 4)) }
        var overflow = widths.reduce(0, +) + Self.separator.count * (columns.count - 1) - fittingWidth
        while overflow > 0 {
            var widest: Int?
            for index in columns.indices where columns[index].isTruncatable && widths[index] > floors[index] {
                if widest.map({ widths[index] > widths[$0] }) ?? true { widest = index }
            }
            guard let widest else { break }
            widths[widest] -= 1
            overflow -= 1
        }
        return widths
    }

    /// Returns one line: cells cut and padded to `widths` as plain text, trailing spaces dropped,
    /// then styled.
    private func line(
        _ cells: [String],
        widths: [Int],
        styler: Styler,
        style: (_ column: Int) -> Style
    ) -> String {
        var segments: [(text: String, style: Style)] = []
        for (index, width) in widths.enumerated() {
            if index > 0 { segments.append((Self.separator, .plain)) }
            let text = cells[index].truncated(toWidth: width)
            let fill = String(repeating: " ", count: max(0, width - text.displayWidth))
            switch columns[index].alignment {
            case .left: segments += [(text, style(index)), (fill, .plain)]
            case .right: segments += [(fill, .plain), (text, style(index))]
            }
        }
        while var last = segments.popLast() {
            while last.text.last == " " { last.text.removeLast() }
            if !last.text.isEmpty {
                segments.append(last)
                break
            }
        }
        return segments.map { styler.apply($0.style, to: $0.text) }.joined()
    }
}
