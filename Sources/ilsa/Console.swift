import IlsaStore
import Dispatch
import Foundation
import IlsaEngine
import IlsaLua
import IlsaTerminal

/// Writing to the terminal and handling Ctrl-C.
///
/// Lines that carry text from playbooks, the store, plugins, rosters, signals or feeds go through
/// here, and each has its control characters made visible (`\x1B`, `\r`, `\n`, `\u{202E}`: see
/// `visibleControls`), so that text can neither send escape sequences to the terminal nor forge
/// lines. Styled output (the run's progress, `ilsa status`, the drill) makes its pieces visible
/// before it styles them, and `--json` goes through ``JSONOutput``.
enum Console {
    /// Prints one line of text to standard output, with its control characters made visible.
    static func out(_ line: String) {
        print(line.visibleControls)
    }

    /// Writes one line to standard error, with its control characters made visible: a note or
    /// summary beside the output (`2 runs advanced`).
    static func note(_ line: String) {
        FileHandle.standardError.write(Data((line.visibleControls + "\n").utf8))
    }

    /// Writes `ilsa: warning: message` to standard error, the message made visible.
    static func warning(_ message: String) {
        note("ilsa: warning: \(message)")
    }

    /// Writes `ilsa: message` to standard error, the message made visible on one line, then
    /// `details` below it, a line each, made visible but for their tabs (a Lua traceback's
    /// indentation; a hint on a line of its own).
    static func error(_ message: String, details: [String] = []) {
        var text = "ilsa: \(message.visibleControls)\n"
        for line in details { text += line.visibleControls(keeping: ["\t"]) + "\n" }
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// A Lua error's message and traceback for ``error(_:details:)``: the traceback keeps its
    /// lines, one per level (Lua starts each with a newline and a tab), and a newline inside a
    /// level (a function's name is any string) shows as `\n` within it.
    static func error(_ error: LuaError) {
        guard let traceback = error.traceback else { return self.error(error.message) }
        let levels = traceback.components(separatedBy: "\n\t")
        self.error(error.message, details: [levels[0]] + levels.dropFirst().map { "\t" + $0 })
    }

    /// Where plugin hooks' `console.write` goes: standard error, a line each, made visible.
    static let pluginIO = PluginIO(console: { note($0) })

    /// Turns the first Ctrl-C into an interrupt of the running chunk, as lua.c does; a second
    /// Ctrl-C ends the process.
    static func forwardInterrupts(to interrupter: LuaInterrupter) -> any DispatchSourceSignal {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            interrupter.interrupt()
            source.cancel()
            signal(SIGINT, SIG_DFL)
        }
        source.resume()
        return source
    }
}

/// `--json` output: the canonical JSON text, with the characters a terminal acts on that JSON
/// lets through unescaped (DEL, the C1 controls, the bidirectional controls) written as `\u`
/// escapes. The value reads back the same; only a terminal showing the text sees a difference.
/// (JSON itself has the C0 controls, ESC and CR among them, escaped inside strings.)
enum JSONOutput {
    /// The value as one line of JSON.
    /// - Throws: `JSONValueError` for NaN or an infinity.
    static func text(_ value: JSONValue) throws -> String {
        escapingTerminalControls(try value.encodedText())
    }

    /// JSON text with every ``Swift/Unicode/Scalar/isTerminalControl`` scalar from DEL on as
    /// `\uXXXX`. They can only stand inside strings (JSON's own syntax is ASCII), where the escape
    /// means the same character; the C0 controls are escaped there already, and outside strings
    /// newlines and tabs are the layout of pretty-printed JSON.
    static func escapingTerminalControls(_ json: String) -> String {
        func raw(_ scalar: Unicode.Scalar) -> Bool { scalar.value >= 0x7F && scalar.isTerminalControl }
        guard json.unicodeScalars.contains(where: raw) else { return json }
        var result = ""
        for scalar in json.unicodeScalars {
            if raw(scalar) {
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
