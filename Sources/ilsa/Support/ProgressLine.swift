import Foundation

/// A progress line for long work, on standard error: rewritten in place on a terminal, and at
/// most every few seconds as a line of its own otherwise (a log keeps a trace, not a flood).
final class ProgressLine {
    private let terminal = isatty(STDERR_FILENO) == 1
    private lazy var last = terminal ? Date.distantPast : Date()
    private var shown = false

    func show(_ text: String) {
        let now = Date()
        if terminal {
            guard now.timeIntervalSince(last) >= 0.1 else { return }
            FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
            shown = true
        } else {
            guard now.timeIntervalSince(last) >= 5 else { return }
            FileHandle.standardError.write(Data("\(text)\n".utf8))
        }
        last = now
    }

    /// Removes the line from a terminal.
    func clear() {
        if terminal && shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
