import Foundation
import IlsaREPL
import IlsaLua
import IlsaTerminal

/// The line editor `ilsa repl` gives a terminal: raw mode through termios, keys read byte by
/// byte, one line redrawn in place. Wide (Hangul) characters are measured with DisplayWidth so
/// the cursor lands where the text is.
///
/// Keys: left/right, Home/End (Ctrl-A/E), Backspace, Delete, Ctrl-U/K/W, up/down for history,
/// Tab to complete, Ctrl-C to drop the line, Ctrl-D to quit on an empty line.
final class ReplTerminal {
    let session: ReplSession
    var history: ReplHistory
    let historyPath: String?
    private var original = termios()
    private var buffer = LineBuffer()
    /// Keys typed while a line ran, read by the watcher: the next prompt gets them.
    private let typeAhead = TypeAhead()

    init(session: ReplSession) {
        self.session = session
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["ILSA_HISTORY"], !path.isEmpty {
            historyPath = path
        } else if let home = environment["HOME"], !home.isEmpty {
            historyPath = home + "/.ilsa_history"
        } else {
            historyPath = nil
        }
        let saved = historyPath.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) } ?? ""
        let lines = saved.split(separator: "\n").map(String.init)
        history = ReplHistory(entries: lines)
        // Keep the file to the history's limit: rewrite it once it has grown past twice that.
        if let historyPath, lines.count > 2 * history.limit {
            try? (history.entries.joined(separator: "\n") + "\n").write(toFile: historyPath, atomically: true, encoding: .utf8)
        }
    }

    func run() {
        write("ilsa repl: Lua 5.4 with the playbook API. :help for commands, Ctrl-D to leave.\n")
        // Ctrl-C reaches us as a key in raw mode; while a line runs it must not end the process.
        signal(SIGINT, SIG_IGN)
        tcgetattr(0, &original)
        // Raw for the whole session: keys typed while a line runs wait for the next prompt.
        enterRaw()
        defer { tcsetattr(0, TCSADRAIN, &original) }
        while let line = readLine(prompt: session.prompt) {
            history.add(line)
            appendHistory(line)
            let watcher = InterruptWatcher(typeAhead: typeAhead, interrupter: session.interrupter(for: line))
            let output = session.feed(line)
            watcher.stop()
            if !output.text.isEmpty { write(output.text + "\n") }
            if output.quit { return }
        }
    }

    private func appendHistory(_ line: String) {
        guard let historyPath, !line.trimmingCharacters(in: .whitespaces).isEmpty else { return }
        if let handle = FileHandle(forWritingAtPath: historyPath) {
            handle.seekToEndOfFile()
            handle.write(Data((line + "\n").utf8))
            try? handle.close()
        } else {
            _ = FileManager.default.createFile(atPath: historyPath, contents: Data((line + "\n").utf8))
        }
    }

    private func enterRaw() {
        var raw = original
        raw.c_iflag &= ~tcflag_t(BRKINT | ICRNL | INPCK | ISTRIP | IXON)
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | IEXTEN | ISIG)
        raw.c_cflag |= tcflag_t(CS8)
        withUnsafeMutablePointer(to: &raw.c_cc) {
            $0.withMemoryRebound(to: cc_t.self, capacity: Int(NCCS)) { cc in
                cc[Int(VMIN)] = 1
                cc[Int(VTIME)] = 0
            }
        }
        tcsetattr(0, TCSADRAIN, &raw)
    }

    /// Reads one line with editing; nil at Ctrl-D on an empty line or end of input.
    private func readLine(prompt first: String) -> String? {
        buffer = LineBuffer()
        // Ctrl-C on a continuation line drops the chunk: from then on the prompt is the primary one.
        var prompt = first
        redraw(prompt)
        while let key = readKey() {
            switch key {
            case .enter:
                write("\n")
                return buffer.text
            case .interrupt:
                write("^C\n")
                session.cancelPending()
                buffer = LineBuffer()
                prompt = session.prompt
                redraw(prompt)
                continue
            case .endOfFile:
                if buffer.text.isEmpty {
                    write("\n")
                    return nil
                }
                buffer.deleteForward()
            case .text(let text): buffer.insert(text)
            case .left: buffer.moveLeft()
            case .right: buffer.moveRight()
            case .home: buffer.moveHome()
            case .end: buffer.moveEnd()
            case .backspace: buffer.deleteBackward()
            case .delete: buffer.deleteForward()
            case .killToStart: buffer.deleteToStart()
            case .killToEnd: buffer.deleteToEnd()
            case .killWord: buffer.deleteWordBackward()
            case .up:
                if let line = history.previous(current: buffer.text) { buffer = LineBuffer(line) }
            case .down:
                if let line = history.next() { buffer = LineBuffer(line) }
            case .tab: complete(prompt)
            case .clearScreen: write("\u{1b}[H\u{1b}[2J")
            case .ignored: continue
            }
            redraw(prompt)
        }
        return nil
    }

    private func complete(_ prompt: String) {
        let completion = session.complete(buffer.text, cursor: buffer.cursor)
        // Names come from the roster and from tables the run made: one with a control character
        // in it cannot be typed, and is neither listed nor put into the line.
        let candidates = completion.candidates.filter { !$0.unicodeScalars.contains(where: \.isTerminalControl) }
        guard !candidates.isEmpty else { return }
        let typed = String(buffer.characters[completion.start..<buffer.cursor])
        let common = candidates.dropFirst().reduce(candidates[0]) { String($0.commonPrefix(with: $1)) }
        if candidates.count == 1 {
            buffer.replace(from: completion.start, with: common)
        } else if common.count > typed.count {
            buffer.replace(from: completion.start, with: common)
        } else {
            write("\n")
            let width = (candidates.map(\.displayWidth).max() ?? 0) + 2
            let columns = max(1, TerminalSize.columns() / width)
            var lines: [String] = []
            for start in stride(from: 0, to: candidates.count, by: columns) {
                lines.append(candidates[start..<min(start + columns, candidates.count)].map { $0.padded(to: width) }.joined())
            }
            write(lines.joined(separator: "\n") + "\n")
        }
    }

    private func redraw(_ prompt: String) {
        var text = "\r" + prompt + buffer.text + "\u{1b}[K"
        let back = buffer.columnsAfterCursor
        if back > 0 { text += "\u{1b}[\(back)D" }
        write(text)
    }

    private func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = Foundation.write(1, bytes.baseAddress! + offset, bytes.count - offset)
                if n <= 0 { return }
                offset += n
            }
        }
    }

    enum Key {
        case text(String), enter, interrupt, endOfFile, left, right, home, end, backspace, delete
        case killToStart, killToEnd, killWord, up, down, tab, clearScreen, ignored
    }

    private func readByte() -> UInt8? {
        if let early = typeAhead.take() { return early }
        var byte: UInt8 = 0
        while true {
            let n = Foundation.read(0, &byte, 1)
            if n == 1 { return byte }
            if n < 0 && errno == EINTR { continue }
            return nil
        }
    }

    private func readKey() -> Key? {
        guard let byte = readByte() else { return nil }
        switch byte {
        case 13, 10: return .enter
        case 3: return .interrupt
        case 4: return .endOfFile
        case 1: return .home
        case 5: return .end
        case 2: return .left
        case 6: return .right
        case 8, 127: return .backspace
        case 9: return .tab
        case 11: return .killToEnd
        case 12: return .clearScreen
        case 14: return .down
        case 16: return .up
        case 21: return .killToStart
        case 23: return .killWord
        case 27: return escape()
        case 0..<32: return .ignored
        default:
            var bytes = [byte]
            let count = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
            while bytes.count < count, let next = readByte() { bytes.append(next) }
            return .text(String(decoding: bytes, as: UTF8.self))
        }
    }

    private func escape() -> Key {
        guard let first = readByte() else { return .ignored }
        guard first == UInt8(ascii: "[") || first == UInt8(ascii: "O") else { return .ignored }
        guard let second = readByte() else { return .ignored }
        switch second {
        case UInt8(ascii: "A"): return .up
        case UInt8(ascii: "B"): return .down
        case UInt8(ascii: "C"): return .right
        case UInt8(ascii: "D"): return .left
        case UInt8(ascii: "H"): return .home
        case UInt8(ascii: "F"): return .end
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            var code = Int(second - UInt8(ascii: "0"))
            while let next = readByte() {
                if next == UInt8(ascii: "~") { break }
                if let digit = Int(String(UnicodeScalar(next))) { code = code * 10 + digit } else { return .ignored }
            }
            switch code {
            case 1, 7: return .home
            case 4, 8: return .end
            case 3: return .delete
            default: return .ignored
            }
        default: return .ignored
        }
    }
}

/// Bytes read from the terminal while a line ran.
final class TypeAhead: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes: [UInt8] = []

    func append(_ byte: UInt8) { lock.withLock { bytes.append(byte) } }
    func take() -> UInt8? { lock.withLock { bytes.isEmpty ? nil : bytes.removeFirst() } }
}

/// Watches the keyboard while a line runs: Ctrl-C stops the line (through the session run's
/// interrupter: nothing in the line can catch it, and the session keeps its globals), other keys
/// are kept for the next prompt.
final class InterruptWatcher: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    /// A pipe whose write end `stop` closes, waking the watcher's poll at once.
    private var wake: [Int32] = [-1, -1]

    private let interrupter: LuaInterrupter?

    init(typeAhead: TypeAhead, interrupter: LuaInterrupter?) {
        self.interrupter = interrupter
        guard pipe(&wake) == 0 else {
            done.signal()
            return
        }
        let stopFD = wake[0]
        let thread = Thread { [self] in
            while true {
                var pollers = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0), pollfd(fd: stopFD, events: Int16(POLLIN), revents: 0)]
                guard poll(&pollers, 2, -1) > 0 else { continue }
                if pollers[1].revents != 0 { break }
                var byte: UInt8 = 0
                guard read(0, &byte, 1) == 1 else { break }
                if byte == 3 {
                    _ = "^C\r\n".withCString { Foundation.write(1, $0, strlen($0)) }
                    interrupter?.stopLine()
                } else {
                    typeAhead.append(byte)
                }
            }
            done.signal()
        }
        thread.start()
    }

    func stop() {
        if wake[1] >= 0 { close(wake[1]) }
        done.wait()
        if wake[0] >= 0 { close(wake[0]) }
        interrupter?.forgetLineStop()  // a Ctrl-C that found no line to stop is not for the next one
    }
}
