import Dispatch
import Foundation

/// Ctrl-C (and, for daemons, SIGTERM) as a request to stop between two steps, never in the
/// middle of one: a loop checks ``isRequested`` where stopping is safe, and sleeps with
/// ``sleep(until:)``, which a signal cuts short.
///
/// A second Ctrl-C ends the process at once, as in `ilsa lua`; the store stays consistent
/// (every write is one SQLite transaction), the step in progress is simply not stored.
final class StopRequest: @unchecked Sendable {
    private let lock = NSLock()
    private var requested = false
    private let wake = DispatchSemaphore(value: 0)
    private var sources: [any DispatchSourceSignal] = []

    /// Starts catching `signals` (SIGINT, SIGTERM): from now on they request a stop.
    init(catching signals: [Int32] = [SIGINT]) {
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [unowned self] in
                let again = lock.withLock {
                    defer { requested = true }
                    return requested
                }
                if again { Foundation.exit(Ilsa.Status.interrupted) }
                wake.signal()
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

    /// Sleeps until `date`, or until a stop is asked for, whichever comes first.
    func sleep(until date: Date) {
        let seconds = date.timeIntervalSinceNow
        guard seconds > 0, !isRequested else { return }
        _ = wake.wait(timeout: .now() + seconds)
    }
}
