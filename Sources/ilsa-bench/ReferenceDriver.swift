/// The reference process's instances, driven through the Swift API on any store: what the
/// `reference` case times on SQLite and the `fleet` case on SQLite and on PostgreSQL, in one
/// process or in several sharing one database.
import IlsaStore
import Foundation
import IlsaEngine

/// The roles of the five tasks, in the order the benchmark completes them.
let referenceRoles = ["DONG.HEAD", "CITY.ROADS", "CITY.RIVERS", "FIRE.SC119", "POL.BOX"]
let referenceDistricts = ["wolpi", "sadong", "sangnok1", "sangnok2", "banwol", "gojan", "choji", "seonbu", "singil", "daebu"]

/// Times one engine step (named) of an instance; the caller keeps the samples.
typealias ReferenceStep = (String, () throws -> Void) throws -> Void

/// One engine on one store, with its own virtual clock, driving reference runs one after another.
final class ReferenceDriver {
    /// How an even instance's 3 h timer is fired.
    enum Timers {
        /// `Engine.work()`: the due runs are found, and leased on a shared store
        /// (`claimDue`), as `ilsa work` does. Only for one engine on a store: another engine's
        /// clock would find this one's runs due too.
        case work
        /// `Engine.work(run:)`: the instance's own run, as a host that just heard of it. Every
        /// engine of a fleet fires its own timers, whatever the other engines' clocks say.
        case run
    }

    let store: any RunStore
    let engine: Engine
    let clock = VirtualClock(startingAt: Date(timeIntervalSince1970: 1_752_624_000))
    let timers: Timers
    /// The numbers the run gives its five tasks and its escalation (the same in every run).
    private(set) var taskNumbers: [Int] = []
    private(set) var escalationNumber = 0
    private let threeHours = Duration.seconds(3 * 3600)

    init(store: any RunStore, roster: Roster, timers: Timers = .work) {
        self.store = store
        self.timers = timers
        engine = Engine(store: store, clock: clock, roster: roster, source: { _ in referencePlaybook })
    }

    /// Two untimed instances, one with the escalation and one without (ids `prefix` + 0 and 1):
    /// they warm the caches and tell the numbers the run gives its tasks and its escalation.
    /// Their steps are named "even start", "odd complete 3"...
    func warm(prefix: String, step: ReferenceStep) throws {
        for warm in 0..<2 {
            let run = RunID("\(prefix)\(warm)")
            let kind = warm == 0 ? "even" : "odd"
            try step("\(kind) start") {
                try engine.start(playbook: "reference.lua", params: .object(["district": .string("singil")]), id: run, seed: 1)
            }
            let tasks = try store.tasks(TaskQuery(run: run))
            let numbers = try referenceRoles.map { role in
                guard let task = tasks.first(where: { $0.role == role }) else {
                    throw BenchFailure(description: "the reference run made no task for \(role)")
                }
                return task.id.number
            }
            guard tasks.count == 5, taskNumbers.isEmpty || numbers == taskNumbers else {
                throw BenchFailure(description: "the reference run's tasks are not numbered alike: \(tasks.map(\.id))")
            }
            taskNumbers = numbers
            if warm == 0 {
                try fireTimer(run, step: step, name: "even work")
                guard let escalation = try store.escalations(run: run, openOnly: true).first else {
                    throw BenchFailure(description: "the reference run's 3 h timer did not escalate")
                }
                escalationNumber = escalation.id.number
            }
            for (n, number) in taskNumbers.enumerated() {
                try step("\(kind) complete \(n + 1)") { try engine.update(task: TaskID(run: run, number: number), .complete, by: "bench") }
            }
            if warm == 0 {
                try step("even decide") {
                    try engine.decide(EscalationID(run: run, number: escalationNumber), option: "hold", by: "control_tower")
                }
            }
            guard try store.run(run)?.status == .completed else {
                throw BenchFailure(description: "the reference run \(run) did not complete")
            }
        }
    }

    /// One instance (after ``warm(prefix:step:)``): the run starts in district `i` mod 10; an
    /// even `i` lets 3 h pass, so the timer escalates and the control tower decides; the five
    /// tasks are completed. Steps: "start", "work", "complete" (five), "decide".
    func instance(_ i: Int, id run: RunID, step: ReferenceStep) throws {
        let params = JSONValue.object(["district": .string(referenceDistricts[i % referenceDistricts.count])])
        try step("start") { try engine.start(playbook: "reference.lua", params: params, id: run, seed: UInt64(i)) }
        if i % 2 == 0 { try fireTimer(run, step: step, name: "work") }
        for number in taskNumbers {
            try step("complete") { try engine.update(task: TaskID(run: run, number: number), .complete, by: "bench") }
        }
        if i % 2 == 0 {
            try step("decide") { try engine.decide(EscalationID(run: run, number: escalationNumber), option: "hold", by: "control_tower") }
        }
    }

    /// Lets 3 h pass and fires the run's timer: it must be the one run woken.
    private func fireTimer(_ run: RunID, step: ReferenceStep, name: String) throws {
        try clock.advance(by: threeHours)
        var woken: [RunID] = []
        try step(name) {
            woken = try (timers == .work ? engine.work() : engine.work(run: run)).map(\.run)
        }
        guard woken == [run] else { throw BenchFailure(description: "work() woke \(woken) for \(run), not it alone") }
    }
}
