public import IlsaStore
import Foundation

/// A signal a plugin's source delivered to a run.
public struct SignalDelivery: Sendable, Equatable, CustomStringConvertible {
    public var run: RunID
    public var name: String
    /// The signal's id in its feed.
    public var id: String
    /// What the signal changed in the run (compared by the run, name and id alone).
    public var change: RunChange?
    public var description: String { "\(name) \(id) → run \(run)" }

    public init(run: RunID, name: String, id: String, change: RunChange? = nil) {
        self.run = run
        self.name = name
        self.id = id
        self.change = change
    }

    public static func == (a: SignalDelivery, b: SignalDelivery) -> Bool { a.run == b.run && a.name == b.name && a.id == b.id }
}

extension Engine {
    /// Reads every plugin's signal source once (the kma warning feed, crowd-density readings)
    /// and signals each waiting run that waits for that signal name. A signal whose payload
    /// names `districts` goes only to runs whose `district` parameter is among them. A run gets
    /// a signal of one id once, however often the feed is read: its history records the id.
    /// - Returns: The signals delivered, and the sources that failed (the others still ran).
    /// - Throws: ``StoreError`` when the store fails.
    @discardableResult
    public func pollSignalSources() throws -> (delivered: [SignalDelivery], problems: [PluginProblem]) {
        guard let host = pluginHost else { return ([], []) }
        let (signals, failures) = host.collectSignals()
        var problems = failures.map { PluginProblem(plugin: $0.plugin, hook: "source", run: RunID(""), message: $0.message) }
        guard !signals.isEmpty else { return ([], problems) }
        var delivered: [SignalDelivery] = []
        // Waiting runs a page at a time, so a city's year of them is never in memory at once.
        // (Offsets may shift as runs end meanwhile; a run missed now gets the signal next poll.)
        var waiting: [RunRecord] = []
        var offset = 0
        repeat {
            let page = try store.runs(RunQuery(statuses: [.waiting]), page: PageRequest(limit: 1_000, offset: offset, counts: false))
            waiting = page.items
            offset += page.items.count
            try deliver(signals, to: waiting, delivered: &delivered, problems: &problems)
        } while !waiting.isEmpty
        return (delivered, problems)
    }

    /// Signals each of `runs` that waits for one of `signals`, once per signal id.
    private func deliver(
        _ signals: [PluginHost.SourceSignal], to runs: [RunRecord], delivered: inout [SignalDelivery], problems: inout [PluginProblem]
    ) throws {
        for record in runs {
            let names = Set(record.waits.compactMap { if case .signal(let name) = $0 { name } else { nil } })
            let matching = signals.filter { signal in
                guard names.contains(signal.name) else { return false }
                guard let districts = signal.payload["districts"]?.arrayValue?.compactMap(\.stringValue),
                    let district = record.params["district"]?.stringValue
                else { return true }
                return districts.contains(district)
            }
            guard !matching.isEmpty else { continue }
            let seen = Set(
                try store.history(of: record.id).compactMap { event -> String? in
                    guard case .signalReceived(let arrival) = event.fact else { return nil }
                    return arrival.payload["source_id"]?.stringValue
                })
            for signal in matching where !seen.contains(signal.id) {
                var payload: [String: JSONValue] = ["source_id": .string(signal.id), "source": .string(signal.plugin)]
                if case .object(let fields) = signal.payload {
                    payload.merge(fields) { mine, _ in mine }
                } else {
                    payload["value"] = signal.payload
                }
                do {
                    let change = try self.signal(record.id, name: signal.name, payload: .object(payload))
                    delivered.append(SignalDelivery(run: record.id, name: signal.name, id: signal.id, change: change))
                } catch let error as StoreError where error.code != .conflict {
                    throw error
                } catch {
                    problems.append(PluginProblem(plugin: signal.plugin, hook: "source", run: record.id, message: "\(error)"))
                }
            }
        }
    }
}
