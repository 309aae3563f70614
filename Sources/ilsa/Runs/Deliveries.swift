import Dispatch
import Foundation
import IlsaEffects
import IlsaStore

/// The effect dispatcher as `ilsa work` runs it: once, for what is due now, or beside the
/// scheduler on a thread of its own until stopped. Its notices go to standard error.
enum Deliveries {
    /// Delivers what is due now and waits for every attempt to end.
    static func once(store: any RunStore, claimant: String) throws -> EffectDispatcher.Report {
        let dispatcher = EffectDispatcher(store: store, claimant: claimant)
        let result = Blocking<Result<EffectDispatcher.Report, any Error>>()
        Task.detached {
            do { result.set(.success(try await dispatcher.deliverDue(notice: tell))) } catch { result.set(.failure(error)) }
        }
        return try result.wait().get()
    }

    /// Starts delivering in the background; the returned stop ends it and waits for it.
    static func start(store: any RunStore, claimant: String) -> @Sendable () -> Void {
        let dispatcher = EffectDispatcher(store: store, claimant: claimant)
        let done = Blocking<Void>()
        let task = Task.detached {
            await dispatcher.run(notice: tell)
            done.set(())
        }
        return {
            task.cancel()
            done.wait()
        }
    }

    /// One line on standard error for each notice.
    @Sendable static func tell(_ notice: EffectDispatcher.Notice) {
        switch notice.kind {
        case .retrying, .storeProblem: Console.warning(notice.description)
        case .dead: Console.error(notice.description)
        }
    }

    /// `3 notifications delivered, 1 to try again, 1 given up`, or nil when nothing happened.
    static func summary(_ report: EffectDispatcher.Report) -> String? {
        var parts: [String] = []
        if report.delivered > 0 { parts.append("\(report.delivered) notification\(report.delivered == 1 ? "" : "s") delivered") }
        if report.retried > 0 { parts.append("\(report.retried) to try again later") }
        if report.dead > 0 { parts.append("\(report.dead) given up (ilsa effects --dead)") }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }
}

/// A value handed from an asynchronous task to a thread that waits for it.
final class Blocking<Value: Sendable>: @unchecked Sendable {
    private let ready = DispatchSemaphore(value: 0)
    private var value: Value?

    func set(_ value: Value) {
        self.value = value
        ready.signal()
    }

    func wait() -> Value {
        ready.wait()
        return value!
    }
}
