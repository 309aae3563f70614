import Foundation
import IlsaEngine
import IlsaTesting
import Testing

/// What a host driving the engine from Swift gets: declared defaults without `ilsa run`, and
/// `work()` scoped to one run or a number of runs.
@Suite struct EngineCallTests {
    static let t0 = Date(timeIntervalSince1970: 1_752_624_000)

    static let playbook = """
        return ilsa.workflow {
          name = "scoped", title = "Scoped work",
          params = {
            { name = "venue", type = "string", default = "안산문화광장" },
            { name = "shift", type = "integer", default = 2 },
            { name = "note", type = "string" },
          },
          run = function(ctx)
            ilsa.log(ctx.params.venue .. " " .. tostring(ctx.params.shift) .. " " .. tostring(ctx.params.note))
            ilsa.sleep("1h")
            return ctx.params
          end,
        }
        """

    /// An engine on the kit's bench (a store in memory) and its clock.
    func engine() throws -> (Engine, VirtualClock) {
        let bench = try EngineBench(Self.playbook, start: Self.t0)
        return (bench.engine, bench.clock)
    }

    @Test func startFillsInDeclaredDefaultsTheCallerLeavesOut() throws {
        let (engine, _) = try engine()
        let change = try engine.start(playbook: "scoped.lua", params: ["shift": 3], id: "r1", seed: 1)
        guard case .started(let start)? = change.events.first?.fact else {
            Issue.record("the first event is not the start: \(change.events)")
            return
        }
        // Given values stay; the default fills the rest; a parameter without one stays absent.
        #expect(start.params == ["venue": "안산문화광장", "shift": 3])
        #expect(try engine.store.run("r1")?.params == ["venue": "안산문화광장", "shift": 3])
        let logged = change.events.compactMap { event -> String? in
            if case .issued(let command) = event.fact, case .log(let line) = command.request { return line }
            return nil
        }
        #expect(logged == ["안산문화광장 3 nil"])
    }

    @Test func workTakesOneRunWhenNamed() throws {
        let (engine, clock) = try engine()
        try engine.start(playbook: "scoped.lua", id: "a", seed: 1)
        try engine.start(playbook: "scoped.lua", id: "b", seed: 1)
        #expect(try engine.work(run: "a").isEmpty)  // nothing due yet
        _ = try clock.advance(by: .seconds(3600))
        let changes = try engine.work(run: "a")
        #expect(changes.map(\.run) == ["a"] && changes.first?.status == .completed)
        #expect(try engine.store.run("b")?.status == .waiting)
        #expect(throws: RuntimeError.self) { try engine.work(run: "ghost") }
        #expect(try engine.work().map(\.run) == ["b"])
    }

    @Test func workTakesAtMostTheLimitEarliestFirst() throws {
        let (engine, clock) = try engine()
        for id in ["a", "b", "c"] {
            try engine.start(playbook: "scoped.lua", id: RunID(id), seed: 1)
            _ = try clock.advance(by: .seconds(60))  // a is due first, then b, then c
        }
        _ = try clock.advance(by: .seconds(3600))
        #expect(try engine.work(limit: 2).map(\.run) == ["a", "b"])
        #expect(try engine.store.run("c")?.status == .waiting)
        #expect(try engine.work(limit: 2).map(\.run) == ["c"])
        #expect(try engine.work(limit: 2).isEmpty)
    }
}
