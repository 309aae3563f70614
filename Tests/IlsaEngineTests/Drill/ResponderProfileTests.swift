import IlsaDrill
import Foundation
import IlsaEngine
import IlsaTesting
import Testing

/// Responders files: the built-in profile, what a file changes, and every mistake reported at
/// its line.
struct ResponderProfileTests {

    static func minutes(_ low: Int64, _ high: Int64) -> ClosedRange<Duration> { .seconds(low * 60) ... .seconds(high * 60) }

    /// The problems loading `source` as `responders.lua` gives, as the CLI prints them.
    static func problems(_ source: String) -> String {
        do {
            _ = try ResponderProfile.load(source: source, chunkName: "@responders.lua")
            return "no error"
        } catch let error as ResponderProfileError {
            return error.description
        } catch {
            return "\(error)"
        }
    }

    @Test func theBuiltInProfileIsAnsans() throws {
        let profile = ResponderProfile.ansan
        #expect(profile.name == "built-in (Ansan)")
        #expect(profile.responder(forRole: "FIRE.SC119").acknowledge == Self.minutes(1, 5))
        #expect(profile.responder(forRole: "DONG.HEAD").miss == 0.12)
        #expect(profile.responder(forRole: "NOT.A.ROLE") == profile.fallback)
        #expect(profile.responder(forRole: nil) == profile.fallback)
        #expect(profile.tower.choose == .first)
        #expect(profile.signals.isEmpty)
        try profile.validate(against: Fixtures.roster)
    }

    @Test func theExampleFileRestatesTheBuiltInProfileAndAddsHeavyRainSignals() throws {
        let path = Fixtures.respondersPath
        let profile = try ResponderProfile.load(contentsOfFile: path)
        let builtIn = ResponderProfile.ansan
        #expect(profile.fallback == builtIn.fallback)
        #expect(profile.roles == builtIn.roles)
        #expect(profile.escalated == builtIn.escalated)
        #expect(profile.tower == builtIn.tower)
        #expect(profile.signals.map(\.name) == ["rain_reading", "rain_reading", "kma.heavy_rain"])
        #expect(profile.signals[1].at == .seconds(70 * 60))
        #expect(profile.signals[1].payload == ["mm_per_hour": 62, "gauge": "원곡동"])
        #expect(profile.signals(for: "heavy_rain").count == 3)
        #expect(profile.signals(for: "typhoon").isEmpty)
        try profile.validate(against: Fixtures.roster)
    }

    @Test func aRoleEntryKeepsTheFieldsItLeavesOut() throws {
        let profile = try ResponderProfile.load(
            source: """
                default { acknowledge = "30m", miss = 0 }
                role "DONG.HEAD" { miss = 0.5 }
                role "CITY.ROADS" { finish = { "10m", "1h" } }
                tower { choose = { "open_shelters", "hold" } }
                signal { at = "1h30m", name = "warning_upgraded" }
                """, chunkName: "@drill.lua")
        #expect(profile.name == "drill.lua")
        let heads = profile.responder(forRole: "DONG.HEAD")
        #expect(heads.miss == 0.5)
        #expect(heads.acknowledge == Self.minutes(5, 20))  // the built-in dong heads'
        let roads = profile.responder(forRole: "CITY.ROADS")  // no built-in entry: the file's default
        #expect(roads.acknowledge == .seconds(1_800) ... .seconds(1_800))
        #expect(roads.finish == .duration(Self.minutes(10, 60)))
        #expect(roads.miss == 0)
        #expect(profile.tower.choose == .prefer(["open_shelters", "hold"]))
        #expect(profile.tower.decide == ResponderProfile.ansan.tower.decide)
        #expect(profile.signals == [.init(at: .seconds(5_400), name: "warning_upgraded")])
    }

    @Test func mistakesAreReportedAtTheirLines() {
        #expect(
            Self.problems(
                """
                default { acknowledge = { "5m", "20min" } }
                role "DONG.HEAD" { mis = 0.2, finish = { 1.2, 0.5 } }
                role "FIRE.SC119" { miss = 1.5 }
                tower { choose = "best" }

                signal { name = "rain_reading" }
                role "DONG.HEAD" { miss = 0.1 }
                role "POL.BOX"
                escalated { acknowledge = { "10m", "5m" }, finish = 0.5 }
                """) == """
                    responders.lua:1: default: 'acknowledge': "20min" is not a duration; write a number followed by s, m, h or d, such as "90s", "15m", "4h", "2d" or "1h30m"
                    responders.lua:2: role 'DONG.HEAD' has unknown field 'mis' (did you mean 'miss'?)
                    responders.lua:2: role 'DONG.HEAD': 'finish' as a share of the time the task allows must be positive numbers, the smaller first, like { 0.5, 1.2 }; got a table
                    responders.lua:3: role 'FIRE.SC119': 'miss' must be a chance from 0 to 1 (0.1 is one time in ten), got 1.5
                    responders.lua:4: tower: 'choose' must be "first", "last", "random" or a list of options in order of preference, got "best"
                    responders.lua:6: signal: 'at' must be a time after T0 like "45m" (a number followed by s, m, h or d, such as "90s", "15m", "4h", "2d" or "1h30m"), got nothing
                    responders.lua:7: role 'DONG.HEAD' is given twice (first at line 2)
                    responders.lua:8: role 'POL.BOX' needs a table of fields: role "POL.BOX" { ... }, got nothing
                    responders.lua:9: escalated has unknown field 'finish'
                    responders.lua:9: escalated: 'acknowledge' goes from 10m down to 5m; write the shorter first
                    """)
    }

    @Test func luaErrorsKeepLuasFileAndLine() {
        #expect(
            Self.problems("default { acknowledge = \"5m\" \n role \"X\" {}")
                == "responders.lua:2: '}' expected (to close '{' at line 1) near 'role'")
        #expect(
            Self.problems("\nprint('hello')") == """
                responders.lua:2: attempt to call a nil value (global 'print') (a responders file is data: it sees only default, role, escalated, tower and signal)
                """)
        #expect(
            Self.problems("role { miss = 0.1 }") == """
                responders.lua:1: role takes a role code, then a table: role "DONG.HEAD" { acknowledge = ... }
                """)
        #expect(
            Self.problems("signal { at = \"1h\", name = \"x\", payload = { f = function() end } }").hasPrefix(
                "responders.lua:1: signal 'x': payload.f"))
    }

    @Test func rolesAreCheckedAgainstTheRoster() throws {
        let profile = try ResponderProfile.load(
            source: "\n\nrole \"DONG.HAED\" { miss = 0.2 }\nrole \"FIRE.SC119\" { miss = 0 }", chunkName: "responders.lua")
        let error = #expect(throws: ResponderProfileError.self) { try profile.validate(against: Fixtures.roster) }
        #expect(error?.description == "responders.lua:3: the roster has no role 'DONG.HAED' (did you mean 'DONG.HEAD'?)")
        #expect(error?.line == 3)
    }
}
