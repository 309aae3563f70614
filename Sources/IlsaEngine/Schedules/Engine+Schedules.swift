public import IlsaStore
public import Foundation

extension Engine {
    /// Starts each schedule's latest occurrence that is due by the clock and not too late
    /// (``ScheduleSpec/late``), once: the run takes an id made from the playbook, the time and
    /// the parameters (``Schedule/runID(at:)``), so a second worker, a restart or a second pass
    /// finds it there and starts nothing.
    /// - Parameters:
    ///   - problem: Told about each schedule whose start failed (a parameter the playbook no
    ///     longer takes, a file gone); the others still start.
    /// - Returns: What started.
    /// - Throws: ``StoreError`` when the store fails.
    @discardableResult
    public func startDue(_ schedules: [Schedule], problem: ((Schedule, any Error) -> Void)? = nil) throws -> [ScheduledStart] {
        let now = clock.now
        let city = CityTime(roster: roster)
        var started: [ScheduledStart] = []
        for schedule in schedules {
            guard let occurrence = schedule.spec.latest(notAfter: now, in: city.zone),
                now.timeIntervalSince(occurrence) <= Double(schedule.spec.late.components.seconds)
            else { continue }
            let id = schedule.runID(at: occurrence)
            guard try store.run(id) == nil else { continue }
            do {
                let change = try start(
                    playbook: schedule.path, arguments: schedule.spec.params.mapValues(Self.argument), id: id,
                    startedBy: schedule.startedBy(at: occurrence, city: city))
                started.append(ScheduledStart(schedule: schedule, occurrence: occurrence, change: change))
            } catch let error as StoreError where error.code == .conflict {
                continue  // another worker started it first
            } catch let error as StoreError {
                throw error
            } catch {
                problem?(schedule, error)
            }
        }
        return started
    }

    /// When the next of `schedules` falls due after the clock's now, or nil.
    public func nextScheduled(_ schedules: [Schedule]) -> Date? {
        let zone = CityTime(roster: roster).zone
        return schedules.compactMap { $0.spec.next(after: clock.now, in: zone) }.min()
    }

    /// A parameter's value as it would be typed (`--param district=singil`), to be checked and
    /// converted by the playbook's declaration like one typed.
    static func argument(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): text
        case .array(let items): items.map(argument).joined(separator: ",")
        case .integer(let number): String(number)
        case .number(let number): String(number)
        case .bool(let flag): flag ? "true" : "false"
        default: (try? value.encodedText()) ?? ""
        }
    }
}
