import Foundation
import IlsaTerminal
import Testing

struct StyleTests {
    let tty: (Int32) -> Bool = { _ in true }
    let pipe: (Int32) -> Bool = { _ in false }

    @Test func autoColoursOnlyATerminal() {
        #expect(ColorMode.auto.isEnabled(fd: 1, environment: [:], isTerminal: tty))
        #expect(ColorMode.auto.isEnabled(fd: 1, environment: ["TERM": "xterm-256color"], isTerminal: tty))
        #expect(!ColorMode.auto.isEnabled(fd: 1, environment: [:], isTerminal: pipe))
    }

    @Test func autoHonoursNoColorAndDumbTerminals() {
        #expect(!ColorMode.auto.isEnabled(fd: 1, environment: ["NO_COLOR": "1"], isTerminal: tty))
        #expect(!ColorMode.auto.isEnabled(fd: 1, environment: ["NO_COLOR": "true"], isTerminal: tty))
        #expect(ColorMode.auto.isEnabled(fd: 1, environment: ["NO_COLOR": ""], isTerminal: tty))
        #expect(!ColorMode.auto.isEnabled(fd: 1, environment: ["TERM": "dumb"], isTerminal: tty))
    }

    @Test func explicitModesWin() {
        #expect(ColorMode.always.isEnabled(fd: 1, environment: ["NO_COLOR": "1", "TERM": "dumb"], isTerminal: pipe))
        #expect(!ColorMode.never.isEnabled(fd: 1, environment: [:], isTerminal: tty))
    }

    @Test func asksAboutTheGivenDescriptor() {
        var asked: [Int32] = []
        _ = ColorMode.auto.isEnabled(fd: 2, environment: [:]) { fd in
            asked.append(fd)
            return true
        }
        #expect(asked == [2])
    }

    @Test func realPipeIsNotATerminal() {
        let pipe = Pipe()
        let fd = pipe.fileHandleForWriting.fileDescriptor
        #expect(!Terminal.isTerminal(fd))
        #expect(!ColorMode.auto.isEnabled(fd: fd, environment: [:]))
        #expect(!Styler(mode: .auto, fd: fd, environment: [:]).isEnabled)
        #expect(Styler(mode: .always, fd: fd, environment: ["NO_COLOR": "1"]).isEnabled)
    }

    @Test func parsesTheOptionSpellings() {
        #expect(ColorMode.allCases.map(\.rawValue) == ["auto", "always", "never"])
        #expect(ColorMode(rawValue: "always") == .always)
        #expect(ColorMode(rawValue: "sometimes") == nil)
    }

    @Test func stylerWritesEscapesOnlyWhenEnabled() {
        let on = Styler(mode: .auto, environment: [:], isTerminal: tty)
        #expect(on.isEnabled)
        #expect(on.apply(Style(color: .red, bold: true), to: "overdue") == "\u{1B}[1;31moverdue\u{1B}[0m")
        #expect(on.apply(.dim, to: "김민수") == "\u{1B}[2m김민수\u{1B}[0m")
        #expect(on.apply(.color(.gray), to: "x") == "\u{1B}[90mx\u{1B}[0m")
        #expect(on.apply(.plain, to: "plain") == "plain")
        #expect(on.apply(.bold, to: "") == "")

        let off = Styler(mode: .auto, environment: ["NO_COLOR": "1"], isTerminal: tty)
        #expect(!off.isEnabled)
        #expect(off.apply(Style(color: .red, bold: true), to: "overdue") == "overdue")
        #expect(Styler.plain.apply(.bold, to: "신길동") == "신길동")
    }
}
