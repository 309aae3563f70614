import Foundation
import IlsaEngine
import IlsaStore
import ServiceLifecycle

/// The server's worker: what `ilsa work --follow` does, inside the server. It fires timers and
/// climbs ladders as they fall due, polls the plugins' signal sources, beats the heartbeat, and
/// notices commits other processes make to the store (SQLite's `data_version`), so the live
/// stream tells the board of changes made by the CLI too. On a graceful shutdown it ends every
/// live stream, so the server's connections can close.
struct Scheduler: Service {
    let service: EngineService
    /// Records that this process is alive as a worker (every ``Self/beatInterval``).
    let beat: @Sendable () throws -> Void
    let log: @Sendable (String) -> Void
    /// The workflows folder: its playbooks' schedules and triggers start runs.
    let workflows: String
    /// The longest sleep between two steps: runs started elsewhere are noticed within it.
    var stepInterval: TimeInterval = 1
    /// How often the store is asked whether another process committed.
    var watchInterval: TimeInterval = 0.1
    static let beatInterval: TimeInterval = 5
    /// How often an idle live stream hears that the server is there.
    static let keepAliveInterval: TimeInterval = 15

    func run() async throws {
        try await withGracefulShutdownHandler {
            await loop()
        } onGracefulShutdown: { [service] in
            service.changes.close()
        }
    }

    private func loop() async {
        var mark = try? await service.read { try $0.externalChangeMark() }
        var nextStep = Date.distantPast
        var lastBeat = Date.distantPast
        var failures = 0
        var lastKeepAlive = Date()
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let now = Date()
            if now >= nextStep {
                do {
                    if now.timeIntervalSince(lastBeat) >= Self.beatInterval {
                        try beat()
                        lastBeat = now
                    }
                    let wake = try await step()
                    nextStep = min(wake ?? .distantFuture, Date().addingTimeInterval(stepInterval))
                    if failures > 0 { log("the store answers again; working") }
                    failures = 0
                } catch {
                    failures += 1
                    let pause = min(pow(2, Double(failures - 1)), 30)
                    log("warning: \(error); trying again in \(Int(pause)) s")
                    nextStep = Date().addingTimeInterval(pause)
                }
            }
            if let latest = try? await service.read({ try $0.externalChangeMark() }), latest != mark {
                mark = latest
                service.changes.publish(.external(at: Date()))
                nextStep = Date()  // a run started elsewhere may be due now
            }
            if Date().timeIntervalSince(lastKeepAlive) >= Self.keepAliveInterval {
                service.changes.publish(.keepAlive(at: Date()))
                lastKeepAlive = Date()
            }
            let sleep = max(0.005, min(watchInterval, nextStep.timeIntervalSinceNow))
            try? await Task.sleep(for: .milliseconds(Int(sleep * 1000)))
        }
    }

    /// One step: what schedules start, signals from the plugins' feeds (which may start
    /// playbooks too), then everything due. Returns the next wake.
    private func step() async throws -> Date? {
        let log = log
        let folder = workflows
        let (changes, wake) = try await service.onEngine { engine -> ([RunChange], Date?) in
            let catalog = PlaybookCatalog.load(folder: folder, plugins: engine.plugins)
            let (schedules, _) = catalog.schedules(adding: try engine.store.schedules())
            let starts = try engine.startDue(schedules) { schedule, error in
                log("warning: schedule \(schedule.id) could not start \(schedule.workflow): \(error)")
            }
            let (delivered, problems) = try engine.pollSignalSources(triggers: catalog.triggers)
            for problem in problems { log("warning: plugin '\(problem.plugin)' signal source: \(problem.message)") }
            var changes = starts.map(\.change) + delivered.compactMap(\.change)
            if try !engine.store.runsDue(at: engine.clock.now, limit: 1).isEmpty {
                changes += try engine.work { run, error in log("warning: run \(run): \(error)") }
            }
            return (changes, try engine.nextWake())
        }
        for change in changes { service.changes.publish(change) }
        return wake
    }
}
