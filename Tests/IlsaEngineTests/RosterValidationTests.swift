import Foundation
import IlsaEngine
import Testing

/// Bad roster files: each fails with the right code and a message that names the problem, and
/// a file with several problems reports them all.
struct RosterValidationTests {
    /// A small valid roster; tests break one piece of it with `replacing(_:with:)`.
    static let valid = """
        local grace = { life_safety = "15m", preparedness = "4h", administrative = "2d" }
        return {
          name = "test", ko = "시험시", en = "Test City",
          gus = { { id = "danwon", ko = "단원구", en = "Danwon-gu" } },
          dongs = {
            { id = "singil", ko = "신길동", en = "Singil-dong", gu = "danwon" },
            { id = "wongok", ko = "원곡동", en = "Wongok-dong", gu = "danwon" },
          },
          agencies = {
            { id = "city", kind = "city", ko = "시청", en = "City", seat = "chair", head_role = "CITY.MAYOR" },
            { id = "fire", kind = "fire", ko = "소방서", en = "Fire Station", seat = "member" },
          },
          roles = {
            { code = "CITY.MAYOR", ko = "시장", en = "Mayor" },
            { code = "DONG.HEAD", ko = "동장", en = "Dong head", unit_kinds = { "welfare_centre" } },
            { code = "FIRE.SC119", ko = "119안전센터장", en = "119 centre head", unit_kinds = { "safety_centre_119" } },
            { code = "DIST.CHAIR", ko = "권역 의장", en = "District chair" },
          },
          units = {
            { id = "wc.singil", kind = "welfare_centre", agency = "city", ko = "신길동 행정복지센터", en = "Singil-dong centre", dongs = { "singil" } },
            { id = "sc119.singil", kind = "safety_centre_119", agency = "fire", ko = "신길119안전센터", en = "Singil 119", districts = { "singil" } },
            { id = "hq", kind = "disaster_hq", agency = "city", ko = "재난안전대책본부", en = "Disaster HQ" },
          },
          districts = {
            { id = "singil", ko = "신길", en = "Singil", gu = "danwon", dongs = { "singil" },
              hubs = { "sc119.singil" }, chair = { role = "DONG.HEAD", unit = "wc.singil" } },
          },
          people = {
            { id = "kim", ko = "김동장", en = "Kim", role = "DONG.HEAD", unit = "wc.singil", verified = false },
          },
          ladders = {
            { name = "default", rungs = {
              { target = "assignee", grace = grace },
              { target = "DIST.CHAIR", grace = grace },
              { target = "control_tower", grace = grace },
              { target = "city_hq" },
            } },
          },
          city_hq = "hq",
        }
        """

    /// The valid roster with one piece of text replaced; fails the test if the text is not there.
    static func replacing(_ old: String, with new: String, in source: String = valid) -> String {
        let result = source.replacingOccurrences(of: old, with: new)
        #expect(result != source, "the fixture has no \(old)")
        return result
    }

    /// The error loading `source` as `roster.lua`, or nil when it loads.
    static func loadError(_ source: String) -> RosterError? {
        do {
            _ = try Roster.load(source: source, chunkName: "roster.lua")
            return nil
        } catch {
            return error as? RosterError
        }
    }

    @Test func theFixtureIsValid() throws {
        let roster = try Roster.load(source: Self.valid, chunkName: "roster.lua")
        let singil = try #require(roster.district("singil"))
        #expect(roster.holders(of: "DONG.HEAD", in: singil).map(\.unitID) == ["wc.singil", "wc.singil"])
        #expect(roster.holders(of: "DONG.HEAD", in: singil).last == .person(roster.person("kim")!))
        #expect(roster.unit("sc119.singil")?.districts == ["singil"])
        #expect(roster.city == BilingualName(korean: "시험시", english: "Test City"))
        #expect(roster.unverifiedEntries == ["person 'kim'"])
    }

    @Test func theTimeZoneIsTheRostersOrUTC() throws {
        #expect(try Roster.load(source: Self.valid, chunkName: "roster.lua").timeZone.secondsFromGMT() == 0)
        let seoul = try Roster.load(
            source: Self.valid.replacingOccurrences(of: "return {", with: "return { time_zone = \"Asia/Seoul\","), chunkName: "r")
        #expect(seoul.timeZone.identifier == "Asia/Seoul")
        #expect(CityTime(roster: seoul).stamp(Date(timeIntervalSince1970: 1_752_624_000)) == "2025-07-16 09:00 KST")
        let error = try #require(
            Self.loadError(Self.valid.replacingOccurrences(of: "return {", with: "return { time_zone = \"Mars/Olympus\",")))
        #expect(error.message.contains("time_zone 'Mars/Olympus' is not a time zone"), "\(error.message)")
    }

    @Test func duplicateDistrict() throws {
        let source = Self.replacing(
            "  districts = {\n",
            with: """
                  districts = {
                    { id = "singil", ko = "신길", en = "Singil", gu = "danwon", dongs = { "wongok" },
                      chair = { role = "DONG.HEAD", unit = "wc.singil" } },

                """)
        let error = try #require(Self.loadError(source))
        #expect(error.problems.map(\.code) == [.duplicate])
        #expect(error.message == "districts[2] 'singil' is defined twice (first at districts[1])")
        #expect(error.description == "roster.lua: districts[2] 'singil' is defined twice (first at districts[1])")
        #expect(error.file == "roster.lua")
    }

    @Test func undeclaredRoleUsedByAUnit() throws {
        let source = Self.replacing(#"districts = { "singil" } }"#, with: #"districts = { "singil" }, roles = { "FIRE.SC11" } }"#)
        let error = try #require(Self.loadError(source))
        #expect(error.code == .unknownRole)
        #expect(error.message == "role 'FIRE.SC11' used by units[2] 'sc119.singil' is not declared (did you mean 'FIRE.SC119'?)")
    }

    @Test func undeclaredRoleWithNothingClose() throws {
        let source = Self.replacing(#"head_role = "CITY.MAYOR""#, with: #"head_role = "POL.CHIEF""#)
        let error = try #require(Self.loadError(source))
        #expect(error.code == .unknownRole)
        #expect(error.message == "role 'POL.CHIEF' used by agencies[1] 'city' as head_role is not declared (declare it in roles)")
    }

    @Test func unitNamesAnUnknownDistrict() throws {
        let source = Self.replacing(#"districts = { "singil" } }"#, with: #"districts = { "singill" } }"#)
        let error = try #require(Self.loadError(source))
        #expect(error.code == .unknownReference)
        #expect(error.message == "units[2] 'sc119.singil' names unknown district 'singill' (did you mean 'singil'?)")
    }

    @Test func rungNamesAnUnknownRole() throws {
        let source = Self.replacing(#"target = "DIST.CHAIR""#, with: #"target = "DIST.CHIEF""#)
        let error = try #require(Self.loadError(source))
        #expect(error.code == .unresolvedRung)
        #expect(error.message == "ladders[1] 'default' rung 2 names nothing: unknown role 'DIST.CHIEF' (did you mean 'DIST.CHAIR'?)")
        #expect(error.problems[0].path == "ladders[1].rungs[2]")
    }

    @Test func aLaddersReassignmentRuleIsKeepOrRestart() throws {
        #expect(try Roster.load(source: Self.valid, chunkName: "r").defaultLadder?.onReassign == .keep)
        let restart = Self.replacing(#"{ name = "default", rungs = {"#, with: #"{ name = "default", on_reassign = "restart", rungs = {"#)
        #expect(try Roster.load(source: restart, chunkName: "r").defaultLadder?.onReassign == .restart)
        let typo = Self.replacing(#"{ name = "default", rungs = {"#, with: #"{ name = "default", on_reassign = "restrat", rungs = {"#)
        let error = try #require(Self.loadError(typo))
        #expect(error.code == .malformed)
        #expect(
            error.message
                == "ladders[1] 'default' on_reassign 'restrat' is not a rule: write \"keep\" or \"restart\" (did you mean 'restart'?)")
    }

    @Test func rungNamesAnUnknownKeyword() throws {
        let source = Self.replacing(#"target = "assignee""#, with: #"target = "asignee""#)
        let error = try #require(Self.loadError(source))
        #expect(error.code == .unresolvedRung)
        #expect(error.message.hasPrefix("ladders[1] 'default' rung 1 names nothing: 'asignee' is neither a target"))
        #expect(error.message.hasSuffix("(did you mean 'assignee'?)"))
    }

    @Test func rungToTheCityHQNeedsOne() throws {
        let source = Self.replacing(#"city_hq = "hq","#, with: "")
        let error = try #require(Self.loadError(source))
        #expect(error.code == .unresolvedRung)
        #expect(error.message.hasPrefix("ladders[1] 'default' rung 4 names nothing: 'city_hq' needs"))
    }

    @Test(arguments: [
        (#""15 min""#, #"rung 1 grace life_safety = "15 min" is not a duration: write a number followed by s, m, h or d"#),
        (#""15""#, #"rung 1 grace life_safety = "15" is not a duration"#),
        ("15", "rung 1 grace life_safety = 15 has no unit: write a number followed by s, m, h or d"),
        ("true", "rung 1 grace life_safety is not a duration"),
    ])
    func malformedDuration(value: String, message: String) throws {
        let source = Self.replacing(
            #"{ target = "assignee", grace = grace }"#,
            with: #"{ target = "assignee", grace = { life_safety = \#(value), preparedness = "4h", administrative = "2d" } }"#)
        let error = try #require(Self.loadError(source))
        #expect(error.problems.map(\.code) == [.invalidDuration])
        #expect(error.message.contains(message), "\(error.message)")
    }

    @Test func rungBelowTheTopNeedsEveryTaskClass() throws {
        let source = Self.replacing(
            #"{ target = "assignee", grace = grace }"#,
            with: #"{ target = "assignee", grace = { life_safty = "15m", preparedness = "4h", administrative = "2d" } }"#)
        let error = try #require(Self.loadError(source))
        #expect(error.problems.map(\.code) == [.unknownKind, .malformed])
        #expect(
            error.problems[0].message
                == "ladders[1] 'default' rung 1 grace has unknown task class 'life_safty' (did you mean 'life_safety'?)")
        #expect(error.problems[1].message.contains("rung 1 has no grace period for 'life_safety'"))
    }

    @Test(arguments: [
        ("print('hello')", "roster.lua:1: attempt to call a nil value (global 'print')"),
        ("os.exit(1)", "roster.lua:1: attempt to index a nil value (global 'os')"),
        ("require 'weather'", "roster.lua:1: attempt to call a nil value (global 'require')"),
        ("local s = string.rep('x', 10)", "roster.lua:1: attempt to index a nil value (global 'string')"),
        ("local s = ('x'):rep(10)", "roster.lua:1: attempt to call a nil value (method 'rep')"),
        ("local t = setmetatable({}, {})", "roster.lua:1: attempt to call a nil value (global 'setmetatable')"),
        ("load('return 1')()", "roster.lua:1: attempt to call a nil value (global 'load')"),
    ])
    func theFileSeesNoLibrary(line: String, message: String) throws {
        let error = try #require(Self.loadError(line + "\n" + Self.valid))
        #expect(error.code == .runtime)
        #expect(error.message.hasPrefix(message), "\(error.message)")
        #expect(error.message.hasSuffix("(a roster file is data: it sees no library, only literals and local functions)"))
        #expect(error.description.hasPrefix("roster.lua:1:"))
    }

    @Test func syntaxErrorsGiveFileAndLine() throws {
        let source = "local a = 1\nreturn {\n  districts = { { id = \"x\" ko = \"y\" } },\n}\n"
        let error = try #require(Self.loadError(source))
        #expect(error.code == .syntax)
        #expect(error.message.hasPrefix("roster.lua:3:"), "\(error.message)")
        #expect(error.message.contains("'}' expected"))
    }

    @Test func runtimeErrorsGiveFileAndLine() throws {
        let error = try #require(Self.loadError("local t = nil\n\nreturn t.districts\n"))
        #expect(error.code == .runtime)
        #expect(error.message.hasPrefix("roster.lua:3: attempt to index a nil value (local 't')"))
    }

    @Test(arguments: [
        ("return 'roster'", "roster.lua returns string 'roster'; it should return a table: return { ... }"),
        ("return 42", "roster.lua returns number 42; it should return a table: return { ... }"),
        ("local roster = {}", "roster.lua returns nothing; it should end with return { ... }"),
    ])
    func aFileMustReturnATable(source: String, message: String) throws {
        let error = try #require(Self.loadError(source))
        #expect(error.code == .notATable)
        #expect(error.message == message)
    }

    @Test func aRunawayFileHitsTheTimeLimit() throws {
        let error = try #require(Self.loadError("while true do end"))
        #expect(error.code == .limit)
        #expect(error.message.hasSuffix("a roster file may use 16 MiB and run for 2 seconds"))
    }

    @Test func aGreedyFileHitsTheMemoryLimit() throws {
        let error = try #require(Self.loadError("local t = {} for i = 1, 1e8 do t[i] = i end return t"))
        #expect(error.code == .limit)
        #expect(error.message.hasPrefix("not enough memory"))
    }

    @Test func aKindMaySuggestTheOneItAbbreviates() throws {
        let source = Self.replacing(#"unit_kinds = { "welfare_centre" }"#, with: #"unit_kinds = { "welfare" }"#)
        let error = try #require(Self.loadError(source))
        #expect(error.code == .unknownKind)
        #expect(error.message.hasPrefix("roles[2] 'DONG.HEAD' names unknown unit kind 'welfare' (did you mean 'welfare_centre'?)"))
    }

    @Test func entriesMustBeTablesInLists() throws {
        let source = Self.replacing("  people = {\n", with: "  people = { \"kim\",\n")
        let error = try #require(Self.loadError(source))
        #expect(error.code == .malformed)
        #expect(error.message == "people[1] should be a table, got string 'kim'")
    }

    @Test func unknownFieldsAreNamedWithTheFieldTheyResemble() throws {
        let source = Self.replacing(#"hubs = { "sc119.singil" }"#, with: #"hub = { "sc119.singil" }"#)
        let error = try #require(Self.loadError(source))
        #expect(error.code == .malformed)
        #expect(error.message == "districts[1] 'singil' has unknown field 'hub' (did you mean 'hubs'?)")
    }

    @Test func fieldsOfTheWrongTypeAreNamed() throws {
        let source = Self.replacing(#"dongs = { "singil" },"#, with: #"dongs = "singil","#)
        let error = try #require(Self.loadError(source))
        #expect(error.code == .malformed)
        #expect(error.message == "districts[1] 'singil' field 'dongs': expected a sequence, got string")
    }

    @Test func missingFieldsAreNamed() throws {
        let source = Self.replacing(#"{ id = "hq", kind = "disaster_hq","#, with: #"{ id = "hq","#)
        let error = try #require(Self.loadError(source))
        #expect(error.code == .malformed)
        #expect(error.message == "units[3] 'hq' has no 'kind'")
    }

    @Test func unknownUnitKind() throws {
        let source = Self.replacing(#"kind = "safety_centre_119", agency"#, with: #"kind = "safety_center_119", agency"#)
        let error = try #require(Self.loadError(source))
        #expect(error.code == .unknownKind)
        #expect(error.message == "units[2] 'sc119.singil' has unknown kind 'safety_center_119' (did you mean 'safety_centre_119'?)")
    }

    @Test func aChairMustHoldTheChairingRole() throws {
        let source = Self.replacing(#"unit = "wc.singil" } },"#, with: #"unit = "sc119.singil" } },"#)
        let error = try #require(Self.loadError(source))
        #expect(error.code == .inconsistent)
        #expect(error.message.hasPrefix("districts[1] 'singil' chair: unit 'sc119.singil' does not hold role 'DONG.HEAD'"))
    }

    @Test func aDongBelongsToOneDistrict() throws {
        let source = Self.replacing(
            "  districts = {\n",
            with: """
                  districts = {
                    { id = "wongok", ko = "원곡", en = "Wongok", gu = "danwon", dongs = { "wongok", "singil" },
                      chair = { role = "DONG.HEAD", unit = "wc.singil" } },

                """)
        let error = try #require(Self.loadError(source))
        #expect(error.problems.map(\.code) == [.inconsistent])
        #expect(error.message == "dong 'singil' is in both districts[1] 'wongok' and districts[2] 'singil'; a dong belongs to one district")
    }

    @Test func severalProblemsAreReportedTogether() throws {
        var source = Self.replacing(#"districts = { "singil" } }"#, with: #"districts = { "singill" }, roles = { "FIRE.SC11" } }"#)
        source = Self.replacing(#"target = "DIST.CHAIR""#, with: #"target = "DIST.CHIEF""#, in: source)
        source = Self.replacing(#"preparedness = "4h""#, with: #"preparedness = "4 hours""#, in: source)
        source = Self.replacing(#"kind = "fire","#, with: #"kind = "firefighting","#, in: source)
        let error = try #require(Self.loadError(source))
        #expect(Set(error.problems.map(\.code)) == [.unknownKind, .unknownReference, .unknownRole, .unresolvedRung, .invalidDuration])
        #expect(error.problems.count == 7)  // the bad duration is shared by three rungs
        #expect(error.description.hasPrefix("roster.lua: 7 problems:\n  "))
        #expect(error.message.contains("names unknown district 'singill'"))
        #expect(error.message.contains("rung 2 names nothing: unknown role 'DIST.CHIEF'"))
    }

    @Test func chunkNamesMayCarryLuasPrefix() throws {
        do {
            _ = try Roster.load(source: "return {", chunkName: "@plugins/ansan/roster.lua")
            Issue.record("loaded")
        } catch let error as RosterError {
            #expect(error.file == "plugins/ansan/roster.lua")
            #expect(error.message.hasPrefix("plugins/ansan/roster.lua:1:"))
        }
    }
}
