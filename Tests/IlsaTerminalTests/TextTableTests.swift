import IlsaTerminal
import Testing

struct TextTableTests {
    static func taskTable(taskMaxWidth: Int? = 20) -> TextTable {
        TextTable(
            columns: [
                .init("ID", alignment: .right),
                .init("TASK", maxWidth: taskMaxWidth, truncatable: true),
                .init("OWNER"),
            ],
            rows: [
                ["1", "신길동 주민센터 점검", "김민수"],
                ["12", "Check Singil-dong shelter", "Lee"],
            ]
        )
    }

    @Test func rendersKoreanAndEnglishRowsAligned() {
        let expected = """
            ID  TASK                  OWNER
             1  신길동 주민센터 점검  김민수
            12  Check Singil-dong s…  Lee
            """
        #expect(Self.taskTable().render() == expected)
    }

    @Test func everyLineStartsEachColumnAtTheSameDisplayColumn() {
        let table = Self.taskTable()
        let lines = table.lines()
        let cells = [["ID", "TASK", "OWNER"], [" 1", "신길동", "김민수"], ["12", "Check", "Lee"]]
        for (line, row) in zip(lines, cells) {
            let starts = row.map { cell in
                line.range(of: cell).map { line[..<$0.lowerBound].displayWidth }
            }
            #expect(starts == [0, 4, 26], "\(line)")
        }
    }

    @Test func linesHaveNoTrailingSpaces() {
        var table = Self.taskTable(taskMaxWidth: nil)
        table.append(["3", "", ""])
        table.append(["4", "Padded   ", "  "])
        for line in table.lines() {
            #expect(line.last != " ", "\(line)")
        }
        #expect(table.lines()[3] == " 3")
        #expect(table.lines()[4] == " 4  Padded")
    }

    @Test func emptyTableRendersTheHeader() {
        let table = TextTable(columns: [.init("ID", alignment: .right), .init("TASK"), .init("OWNER")])
        #expect(table.render() == "ID  TASK  OWNER")
        #expect(TextTable(columns: []).lines().isEmpty)
    }

    @Test func maxWidthCutsHeaderAndCells() {
        let table = TextTable(columns: [.init("NAME", maxWidth: 3), .init("N")], rows: [["신길동", "1"]])
        #expect(table.lines() == ["NA…  N", "신…  1"])
    }

    @Test func fitsToTheTerminalByShrinkingTheWidestTruncatableColumn() {
        let table = Self.taskTable()
        #expect(table.lines().map(\.displayWidth).max() == 32)
        let fitted = table.lines(fittingWidth: 30)
        #expect(
            fitted == [
                "ID  TASK                OWNER",
                " 1  신길동 주민센터…    김민수",
                "12  Check Singil-dong…  Lee",
            ])
        #expect(fitted.allSatisfy { $0.displayWidth <= 30 })
        // Too narrow to fit: the column stops at its header width (4) and the table stays wider.
        let squeezed = table.lines(fittingWidth: 5)
        #expect(squeezed[2] == "12  Che…  Lee")
    }

    @Test func fittingShrinksTheWidestOfSeveralTruncatableColumns() {
        let table = TextTable(
            columns: [.init("A", truncatable: true), .init("B", truncatable: true)],
            rows: [["aaaaaaaaaa", "bbbbbb"]]
        )
        #expect(table.lines(fittingWidth: 14)[1] == "aaaaa…  bbbbbb")
        #expect(table.lines(fittingWidth: 12)[1] == "aaaa…  bbbb…")
    }

    @Test func shortRowsGetEmptyCellsAndExtraCellsAreIgnored() {
        let table = TextTable(columns: [.init("A"), .init("B")], rows: [["x"], ["y", "z", "ignored"]])
        #expect(table.lines() == ["A  B", "x", "y  z"])
    }

    @Test func controlCharactersInCellsCannotBreakTheTable() {
        let table = TextTable(columns: [.init("TASK"), .init("OWNER")], rows: [["line\none\u{1B}[2J\u{202E}", "김"]])
        // Shown, not sent: 24 columns of visible text, measured as such.
        #expect(table.lines() == ["TASK" + String(repeating: " ", count: 22) + "OWNER", "line\\none\\x1B[2J\\u{202E}  김"])
    }

    @Test func stylesWrapMeasuredTextWithoutMovingColumns() {
        let table = Self.taskTable()
        let styler = Styler(isEnabled: true)
        let styled = table.lines(styler: styler, headerStyle: .bold) { row, column in
            row == 0 && column == 1 ? Style(color: .red) : .plain
        }
        #expect(styled[0] == "\u{1B}[1mID\u{1B}[0m  \u{1B}[1mTASK\u{1B}[0m                  \u{1B}[1mOWNER\u{1B}[0m")
        #expect(styled[1] == " 1  \u{1B}[31m신길동 주민센터 점검\u{1B}[0m  김민수")
        #expect(styled.map(Self.strippingEscapes) == table.lines())
        #expect(table.lines(styler: .plain) == table.lines())
    }

    static func strippingEscapes(_ line: String) -> String {
        line.replacing(/\u{1B}\[[0-9;]*m/, with: "")
    }
}
