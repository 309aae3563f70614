import Foundation
import IlsaEngine
import IlsaTesting
import Testing

/// `ilsa.units` and `ilsa.district`: playbooks ask the roster instead of naming units, a typo
/// raises rather than reading as "nobody there", and the answers are recorded so a run replayed
/// after the roster changed stays the same run.
struct RuntimeRosterTests {
    static let start = Date(timeIntervalSince1970: 1_752_624_000)
    static let rosterSource = try! String(contentsOfFile: Fixtures.rosterPath, encoding: .utf8)
    /// The roster after Danwon Hospital's emergency room closed.
    static let editedRoster = try! Roster.load(
        source: rosterSource.replacingOccurrences(of: #"emergency_room\("danwon",[^\n]*"#, with: "", options: .regularExpression),
        chunkName: "@roster.lua")

    /// Runs `body` as a playbook's `run` on a fresh store; returns the store and the engine.
    func run(_ body: String, roster: Roster? = Fixtures.roster) throws -> (TemporaryFolder, any RunStore, Engine) {
        let folder = try TemporaryFolder()
        let store = try folder.store()
        let source = "return ilsa.workflow { name = \"p\", title = \"P\", run = function(ctx)\n\(body)\nend }\n"
        let engine = Engine(store: store, clock: VirtualClock(startingAt: Self.start), roster: roster, source: { _ in source })
        try engine.start(playbook: "p.lua", id: "r1", seed: 1)
        return (folder, store, engine)
    }

    func result(_ store: any RunStore) throws -> JSONValue? {
        try store.history(of: "r1").last?.payload["result"]
    }

    func failure(_ store: any RunStore) throws -> String {
        let last = try store.history(of: "r1").last
        #expect(last?.kind == .runFailed)
        return last?.payload["error"]?.stringValue ?? "\(last?.payload as Any)"
    }

    @Test func unitsFiltersByKindRoleDistrictAndAgency() throws {
        let (_, store, _) = try run(
            """
            local function ids(list)
              local out = {}
              for _, u in ipairs(list) do out[#out + 1] = u.id end
              return table.concat(out, " ")
            end
            local er = ilsa.units { kind = "hospital_er" }[1]
            return {
              ers = ids(ilsa.units { kind = "hospital_er" }),
              boxes = ids(ilsa.units { role = "CG.BOX", district = "daebu" }),
              none = ids(ilsa.units { role = "CG.BOX", district = "singil" }),
              chair = ids(ilsa.units { role = "DIST.CHAIR", district = "singil" }),
              health = ids(ilsa.units { role = "CITY.HEALTH" }),
              fire = ids(ilsa.units { agency = "fire", district = "choji" }),
              first = er.ko .. " / " .. er.en .. " / " .. er.kind .. " / " .. er.agency .. " / " .. #er.districts,
            }
            """)
        let result = try #require(try result(store))
        #expect(result["ers"]?.stringValue == "er.kwcomwel er.sarang er.dongansan er.korea_univ er.hando er.danwon")
        #expect(result["boxes"]?.stringValue == "cg.daebu")
        #expect(result["none"]?.stringValue == "")
        #expect(result["chair"]?.stringValue == "wc.singil")
        #expect(result["health"]?.stringValue?.split(separator: " ").count == 2)
        #expect(result["fire"]?.stringValue == "sc119.seonggok sc119.wonsi")
        #expect(
            result["first"]?.stringValue == "근로복지공단 안산병원 응급실 / KWCOMWEL Ansan Hospital emergency room / hospital_er / hospital.kwcomwel / 0"
        )
    }

    @Test func districtGivesNamesDongsHubsAndChair() throws {
        let (_, store, _) = try run(
            """
            local d = ilsa.district("choji")
            return { ko = d.ko, gu = d.gu, chair = d.chair, hubs = table.concat(d.hubs, " "), dong = d.dongs[1].ko, count = #d.dongs }
            """)
        let result = try #require(try result(store))
        #expect(result["ko"]?.stringValue == "초지")
        #expect(result["gu"]?.stringValue == "danwon")
        #expect(result["chair"]?.stringValue == "wc.choji")
        #expect(result["hubs"]?.stringValue == "sc119.seonggok sc119.wonsi")
        #expect(result["count"]?.integerValue == 1)
        #expect(result["dong"]?.stringValue == "초지동")
    }

    /// A misspelt code would make a life-safety loop create nothing: it raises instead.
    @Test(arguments: [
        (#"ilsa.units { role = "CG.BXO" }"#, "field 'role': the roster has no role 'CG.BXO' (did you mean 'CG.BOX'?)"),
        (
            #"ilsa.units { role = "CG.BOX", district = "deabu" }"#,
            "field 'district': the roster has no district 'deabu' (did you mean 'daebu'?)"
        ),
        (#"ilsa.units { kind = "hospital" }"#, "field 'kind': the roster has no kind 'hospital'"),
        (#"ilsa.units { distrct = "daebu" }"#, "unknown field 'distrct' (did you mean 'district'?)"),
        (#"ilsa.units { role = 3 }"#, "field 'role' must be a string, not number"),
        (#"ilsa.units {}"#, "name at least one of role, district, kind or agency"),
        (#"ilsa.units { "CG.BOX" }"#, "a table of filters expected"),
        (#"ilsa.district("singl")"#, "the roster has no district 'singl' (did you mean 'singil'?)"),
    ])
    func badQuestionsRaiseAndRecordNothing(_ call: String, _ message: String) throws {
        let (_, store, _) = try run("return \(call)")
        #expect(try failure(store).contains(message))
        #expect(try store.history(of: "r1").allSatisfy { !$0.name.hasPrefix("roster.") })
    }

    @Test func withoutARosterTheQuestionRaises() throws {
        let (_, store, _) = try run(#"return ilsa.units { kind = "hospital_er" }"#, roster: nil)
        #expect(try failure(store).contains("ilsa.units needs the roster, and this run has none"))
    }

    /// The roster is edited while the run waits (an ER closes): the run, rebuilt by a new engine,
    /// keeps the six tasks it created, and finishes with the answer it recorded.
    @Test func aRunRebuiltAfterTheRosterChangedKeepsWhatItSaw() throws {
        let body = """
            local tasks = {}
            for _, er in ipairs(ilsa.units { kind = "hospital_er" }) do
              tasks[#tasks + 1] = ilsa.task { title = "병상 현황", assignee = { unit = er.id } }
            end
            ilsa.wait_signal("go")
            return #ilsa.units { kind = "hospital_er" } .. " of " .. #tasks
            """
        let (folder, store, _) = try run(body)
        let source = "return ilsa.workflow { name = \"p\", title = \"P\", run = function(ctx)\n\(body)\nend }\n"
        let later = Engine(
            store: try folder.store(), clock: VirtualClock(startingAt: Self.start), roster: Self.editedRoster, source: { _ in source })
        try later.signal("r1", name: "go")
        #expect(try store.run("r1")?.status == .completed)
        // The first answer was recorded before the edit; the second is asked live, after it.
        #expect(try result(store)?.stringValue == "5 of 6")
        #expect(Self.editedRoster.units(kind: .hospitalER).count == 5)
    }

    /// The question itself is checked on replay: a playbook edited to ask something else is a
    /// different run.
    @Test func aPlaybookThatAsksSomethingElseNoLongerMatches() throws {
        let (folder, store, _) = try run(#"ilsa.units { kind = "hospital_er" }; ilsa.wait_signal("go")"#)
        try folder.unpin("r1")  // a run that replays its file, which is edited
        let edited =
            "return ilsa.workflow { name = \"p\", title = \"P\", run = function(ctx)\nilsa.units { kind = \"school\" }; ilsa.wait_signal(\"go\")\nend }\n"
        let later = Engine(
            store: try folder.store(), clock: VirtualClock(startingAt: Self.start), roster: Fixtures.roster, source: { _ in edited })
        #expect(throws: (any Error).self) { try later.signal("r1", name: "go") }
        _ = store
    }
}
