import IlsaLua
import IlsaStore

/// The prompt driver's own calls (``PromptDriver``): a line the person stops (Ctrl-C, its time
/// limit) ends, the session runs on with its globals, and the history marks the tick it stopped
/// at, so a replay stops the line at the same instruction instead of running it to an end it may
/// never reach, and what the line computed before it stopped is computed again.
extension RunExecution {
    /// `ilsa.prompt.call(f)` runs a line (pcall, and the return from a stop); `ilsa.prompt.check()`
    /// starts it; `ilsa.prompt.stopped(message, tick)` marks a stop. The driver takes them out of
    /// `ilsa` before any line runs.
    func registerPromptBindings() {
        lua.registerLineCall("ilsa.prompt.call")
        lua.register("ilsa.prompt.check") { [unowned self] _ in
            if let tick = recordedStop() { lua.stopLine(atTick: tick) }
            return .values(0)
        }
        lua.register("ilsa.prompt.stopped") { [unowned self] call in
            call.push(try lineStopped(message: try call.string(1), tick: Int(try call.integer(2))))
            return .values(1)
        }
    }

    /// Replaying, the tick the line starting now was stopped at, when the history says it was:
    /// its mark comes before the driver waits for the next line.
    private func recordedStop() -> Int? {
        guard replaying else { return nil }
        return upcomingCommand { command -> Int?? in
            switch command.request {
            case .lineStopped(_, let tick): .some(tick)
            case .wait(.signal, [.signal(PromptDriver.signal)]): .some(nil)
            default: nil
            }
        }
    }

    /// Marks a stopped line in the history. Replayed, the recorded mark must be the one made
    /// now (the same tick), and its message is what the prompt shows again.
    func lineStopped(message: String, tick: Int) throws -> String {
        if case .lineStopped(let recorded, tick)? = nextRecordedCommand?.request {
            _ = try issue(.lineStopped(message: recorded, tick: tick))
            return recorded
        }
        _ = try issue(.lineStopped(message: message, tick: tick))
        return message
    }
}
