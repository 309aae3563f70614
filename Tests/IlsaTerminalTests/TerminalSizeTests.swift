import Foundation
import IlsaTerminal
import Testing

struct TerminalSizeTests {
    /// A descriptor that is certainly not a terminal, whatever runs the tests.
    let pipe = Pipe()

    var notATerminal: Int32 { pipe.fileHandleForWriting.fileDescriptor }

    @Test func fallsBackToColumnsThenAHundred() {
        #expect(TerminalSize.columns(fd: notATerminal, environment: ["COLUMNS": "42"]) == 42)
        #expect(TerminalSize.columns(fd: notATerminal, environment: ["COLUMNS": " 80 "]) == 80)
        #expect(TerminalSize.columns(fd: notATerminal, environment: [:]) == 100)
        #expect(TerminalSize.fallbackColumns == 100)
    }

    @Test(arguments: ["", "abc", "0", "-5", "12x"])
    func ignoresUnusableColumns(value: String) {
        #expect(TerminalSize.columns(fd: notATerminal, environment: ["COLUMNS": value]) == 100)
    }

    @Test func invalidDescriptorFallsBack() {
        #expect(TerminalSize.columns(fd: -1, environment: ["COLUMNS": "64"]) == 64)
    }
}
