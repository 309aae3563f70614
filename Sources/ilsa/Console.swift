import Dispatch
import Foundation
import IlsaLua

/// Writing to the terminal and handling Ctrl-C.
enum Console {
    /// Writes `ilsa: message` to standard error.
    static func error(_ message: String) {
        FileHandle.standardError.write(Data("ilsa: \(message)\n".utf8))
    }

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
