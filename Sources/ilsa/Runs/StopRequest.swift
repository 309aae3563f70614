import Dispatch
import Foundation
import IlsaEngine

/// Ctrl-C (and, for daemons, SIGTERM) as a request to stop within a second: a loop checks
/// ``isRequested`` where stopping is safe, and sleeps with ``sleep(until:)``, which a signal cuts
/// short; the engine it watches (``watch(_:)``) interrupts the step in progress, which is then
/// not stored. Whatever still runs a second later (a C call that cannot be interrupted) ends
/// with the process.
///
/// A second Ctrl-C ends the process at once, as in `ilsa lua`; the store stays consistent
/// (every write is one SQLite transaction), the step in progress is simply not stored.
final class StopRequest: @unchecked Sendable {
    private let lock = NSLock()
    private var requested = false
    private let wake = DispatchSemaphore(value: 0)
    private var sources: [any DispatchSourceSignal] = []
    private var engineStop: EngineStop?
    /// How long a stop may take before the process ends anyway.
    static let grace: DispatchTimeInterval = .milliseconds(900)

    /// Starts catching `signals` (SIGINT, SIGTERM): from now on they request a stop.
    /// - Parameter status: The exit status when the stop takes longer than ``grace``.
    init(catching signals: [Int32] = [SIGINT], status: Int32 = Ilsa.Status.interrupted) {
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [unowned self] in
                let (again, engineStop) = lock.withLock {
                    defer { requested = true }
                    return (requested, self.engineStop)
                }
                if again { Foundation.exit(Ilsa.Status.interrupted) }
                engineStop?.request()
                wake.signal()
                DispatchQueue.global().asyncAfter(deadline: .now() + Self.grace) {
                    FileHandle.standardError.write(Data("ilsa: stopped; the step in progress was not stored\n".utf8))
                    Foundation.exit(status)
                }
            }
            source.resume()
            sources.append(source)
        }
    }

    deinit {
        for source in sources { source.cancel() }
    }

    /// Whether a stop was asked for.
    var isRequested: Bool { lock.withLock { requested } }

    /// Makes a stop interrupt what `engine` runs now.
    func watch(_ engine: Engine) {
        let stopNow = lock.withLock {
            engineStop = engine.stop
            return requested
        }
        if stopNow { engine.stop.request() }
    }

    /// Sleeps until `date`, or until a stop is asked for, whichever comes first.
    func sleep(until date: Date) {
        let seconds = date.timeIntervalSinceNow
        guard seconds > 0, !isRequested else { return }
        _ = wake.wait(timeout: .now() + seconds)
    }
}
