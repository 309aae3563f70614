import Foundation
import IlsaEngine
import Testing

/// Runs and events for the store tests, on a fixed clock.
enum StoreFixtures {
    static let t0 = Date(timeIntervalSince1970: 1_790_000_000.5)

    static func run(_ id: RunID, workflow: String = "storm_preparation", status: RunStatus = .running, at offset: TimeInterval = 0)
        -> RunRecord
    {
        RunRecord(
            id: id, workflow: workflow, title: "태풍 대비 \(id.rawValue)", scriptHash: "sha256:abc",
            params: ["district": "danwon", "level": 2, "ratio": 1.0], status: status, createdAt: t0 + offset)
    }

    static func started(at offset: TimeInterval = 0) -> HistoryEvent {
        HistoryEvent(sequence: 1, kind: .runStarted, name: "storm_preparation", payload: ["level": 2], at: t0 + offset)
    }

    /// Events `from...through`: a command issued, then answered, in turn.
    static func events(_ range: ClosedRange<Int>) -> [HistoryEvent] {
        range.map { sequence in
            let command = sequence / 2
            return sequence.isMultiple(of: 2)
                ? HistoryEvent(
                    sequence: sequence, kind: .commandIssued, command: command, name: "task.create",
                    payload: ["title": .string("대피소 \(command) 개방"), "priority": 1], at: t0 + Double(sequence) * 0.001)
                : HistoryEvent(
                    sequence: sequence, kind: .commandAnswered, command: command, name: "task.create",
                    payload: ["id": .integer(Int64(command)), "took": 0.5], at: t0 + Double(sequence) * 0.001)
        }
    }

    /// Twenty rounds in which every store given appends two events to run `r1` after the same
    /// sequence at the same moment: exactly one wins each round, the others conflict. `r1` must
    /// hold one event first; it ends with 41.
    static func raceAppends(on stores: [any RunStore]) async {
        for round in 0..<20 {
            let last = 1 + round * 2
            let events = Self.events(last + 1...last + 2)
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for store in stores {
                    group.addTask {
                        do {
                            try store.append(events, to: "r1", after: last, status: nil)
                            return true
                        } catch let error as StoreError {
                            #expect(error.code == .conflict)
                            return false
                        } catch {
                            Issue.record("unexpected \(error)")
                            return false
                        }
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 1, "round \(round)")
        }
    }
}
