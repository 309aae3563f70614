public import IlsaStore
import Foundation
import Crypto

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
    ///
    /// A playbook that declares the signal among its `triggers` (signal-with-start) is started
    /// for each district the signal names where no run of it is going, once per signal id (the
    /// run's id is made from the playbook, the signal's id and the district), and given the
    /// signal; where one is going, that run gets the signal, whatever it waits for.
    /// - Parameter triggers: The playbooks each signal name starts (``PlaybookCatalog/triggers``).
    /// - Returns: The signals delivered (to runs they started too), and the sources that
    ///   failed (the others still ran).
    /// - Throws: ``StoreError`` when the store fails.
    @discardableResult
    public func pollSignalSources(triggers: [String: [PlaybookCatalog.Entry]] = [:]) throws -> (
        delivered: [SignalDelivery], problems: [PluginProblem]
    ) {
        guard let host = pluginHost else { return ([], []) }
        let (signals, failures) = host.collectSignals()
        var problems = failures.map { PluginProblem(plugin: $0.plugin, hook: "source", run: RunID(""), message: $0.message) }
        guard !signals.isEmpty else { return ([], problems) }
        var delivered: [SignalDelivery] = []
        for signal in signals {
            for entry in triggers[signal.name] ?? [] {
                try startOrSignal(entry, with: signal, delivered: &delivered, problems: &problems)
            }
        }
        // Waiting runs a page at a time, so a city's year of them is never in memory at once.
        // (Offsets may shift as runs end meanwhile; a run missed now gets the signal next poll.)
        var waiting: [RunRecord] = []
        var offset = 0
        repeat {
            let page = try store.runs(
                RunQuery(statuses: [.waiting, .paused]), page: PageRequest(limit: 1_000, offset: offset, counts: false))
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
                guard let districts = Self.districts(of: signal), let district = record.params["district"]?.stringValue else { return true }
                return districts.contains(district)
            }
            try deliver(matching, to: record, delivered: &delivered, problems: &problems)
        }
    }

    /// Signals one run with each of `signals` it has not had (by the signal's id in its feed).
    private func deliver(
        _ signals: [PluginHost.SourceSignal], to record: RunRecord, delivered: inout [SignalDelivery], problems: inout [PluginProblem]
    ) throws {
        guard !signals.isEmpty else { return }
        let seen = Set(
            try store.history(of: record.id).compactMap { event -> String? in
                guard case .signalReceived(let arrival) = event.fact else { return nil }
                return arrival.payload["source_id"]?.stringValue
            })
        for signal in signals where !seen.contains(signal.id) {
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

    /// Signal-with-start: for each district the signal names (or once, when it names none), the
    /// run of `entry` going there gets the signal; where none is going, one is started (once
    /// per signal id) and gets it.
    private func startOrSignal(
        _ entry: PlaybookCatalog.Entry, with signal: PluginHost.SourceSignal, delivered: inout [SignalDelivery],
        problems: inout [PluginProblem]
    ) throws {
        let workflow = entry.playbook.name
        let takesDistrict = entry.playbook.parameter(named: "district") != nil
        let places: [String?] = takesDistrict ? Self.districts(of: signal).map { $0.map(Optional.some) } ?? [nil] : [nil]
        let keys = places.map { "\(workflow)|\(signal.plugin)|\(signal.id)|\($0 ?? "")" }
        // A report the feed keeps giving, dealt with already: no query at all on later polls.
        guard keys.contains(where: { !handledTriggers.contains($0) }) else { return }
        let active = try store.runs(RunQuery.active, page: PageRequest(limit: 10_000, counts: false)).items.filter {
            $0.workflow == workflow
        }
        for (district, key) in zip(places, keys) where !handledTriggers.contains(key) {
            let inDistrict = { (record: RunRecord) in district == nil || record.params["district"]?.stringValue == district }
            if let going = active.first(where: inDistrict) {
                try deliver([signal], to: going, delivered: &delivered, problems: &problems)
                handledTriggers.insert(key)
                continue
            }
            let id = RunID(
                "t" + SHA256.hash(data: Data(("trigger|" + key).utf8)).prefix(4).map { String(format: "%02x", $0) }.joined().prefix(7))
            // Started for this signal already, or a run there had it (and has ended since): once per signal.
            if try store.run(id) != nil || hadSignal(signal, workflow: workflow, where: inDistrict) {
                handledTriggers.insert(key)
                continue
            }
            var arguments: [String: String] = [:]
            if let district { arguments["district"] = district }
            for parameter in entry.playbook.params where parameter.name != "district" {
                if let value = signal.payload[parameter.name] { arguments[parameter.name] = Self.argument(value) }
            }
            do {
                try start(
                    playbook: entry.path, arguments: arguments, id: id,
                    startedBy: "signal \(signal.name) \(signal.id) from \(signal.plugin)" + (district.map { " for \($0)" } ?? ""))
            } catch let error as StoreError where error.code == .conflict {
                continue  // another worker started it first
            } catch let error as StoreError {
                throw error
            } catch {
                problems.append(PluginProblem(plugin: signal.plugin, hook: "trigger", run: id, message: "\(workflow): \(error)"))
                continue
            }
            handledTriggers.insert(key)
            guard let record = try store.run(id), !record.status.isFinal else { continue }
            try deliver([signal], to: record, delivered: &delivered, problems: &problems)
        }
    }

    /// Whether a run of `workflow` that `matches` has had the signal (by its id in its feed).
    private func hadSignal(_ signal: PluginHost.SourceSignal, workflow: String, where matches: (RunRecord) -> Bool) throws -> Bool {
        for record in try store.runs(status: nil) where record.workflow == workflow && matches(record) {
            let had = try store.history(of: record.id).contains { event in
                guard case .signalReceived(let arrival) = event.fact else { return false }
                return arrival.payload["source_id"]?.stringValue == signal.id
            }
            if had { return true }
        }
        return false
    }

    /// The districts a signal's payload names (`districts = { "singil" }`), or nil.
    private static func districts(of signal: PluginHost.SourceSignal) -> [String]? {
        signal.payload["districts"]?.arrayValue?.compactMap(\.stringValue)
    }
}
