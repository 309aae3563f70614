import IlsaEngine
import IlsaTesting
import Testing

/// `--param NAME=VALUE` text checked and converted against the playbook and the Ansan roster.
struct PlaybookParameterTests {
    static let source = #"""
        return ilsa.workflow {
          name = "everything", title = "Every parameter type",
          params = {
            { name = "label", type = "string" },
            { name = "count", type = "integer", default = 2 },
            { name = "ratio", type = "number" },
            { name = "urgent", type = "boolean", default = false },
            { name = "district", type = "district", required = true },
            { name = "areas", type = "districts" },
            { name = "wait", type = "duration", default = "30m" },
            { name = "start", type = "time" },
            { name = "level", type = "choice", values = { "caution", "alert" } },
            { name = "home", type = "district", default = "신길" },
          },
          run = function(ctx) end,
        }
        """#

    let playbook: Playbook
    let roster: Roster

    init() throws {
        playbook = try Playbook.load(source: Self.source, chunkName: "everything.lua")
        roster = try Roster.load(contentsOfFile: Fixtures.rosterPath)
    }

    func resolve(_ given: [String: String]) throws -> [String: JSONValue] {
        try playbook.resolveParameters(["district": "singil"].merging(given) { _, new in new }, roster: roster)
    }

    func failure(_ given: [String: String]) -> PlaybookError? {
        #expect(throws: PlaybookError.self) { try resolve(given) }
    }

    @Test func fillsInDefaultsAndLeavesOutOptionalParameters() throws {
        #expect(
            try resolve([:]) == [
                "district": "singil", "count": 2, "urgent": false, "wait": "30m", "home": "singil",
            ])
    }

    @Test func convertsEachType() throws {
        let values = try resolve([
            "label": "north bank", "count": "-7", "ratio": "2.5", "urgent": "yes", "areas": "choji, singil,choji",
            "wait": "90m", "start": "2025-07-16T09:00:00+09:00", "level": "alert",
        ])
        #expect(values["label"] == "north bank")
        #expect(values["count"] == .integer(-7))
        #expect(values["ratio"] == .number(2.5))
        #expect(values["urgent"] == true)
        #expect(values["areas"] == ["choji", "singil"])
        #expect(values["wait"] == "1h30m")
        #expect(values["start"] == "2025-07-16T09:00:00+09:00")
        #expect(values["level"] == "alert")
        #expect(try resolve(["ratio": "3"])["ratio"] == .number(3))
    }

    @Test func allMeansEveryDistrictInRosterOrder() throws {
        let areas = try resolve(["areas": "all"])["areas"]
        #expect(areas == .array(roster.districts.map { .string($0.id.rawValue) }))
        #expect(roster.districts.count == 10)
    }

    @Test func districtsMayBeNamedInKoreanOrEnglish() throws {
        #expect(try resolve(["district": "신길"])["district"] == "singil")
        #expect(try resolve(["district": "Sangnok 1"])["district"] == "sangnok1")
        #expect(try resolve(["district": "상록1"])["district"] == "sangnok1")
        #expect(try resolve(["district": "SINGIL"])["district"] == "singil")
        #expect(try resolve(["areas": "초지,Daebu"])["areas"] == ["choji", "daebu"])
    }

    @Test func unknownParameterSuggestsTheNearestName() {
        let error = failure(["cuont": "3"])
        #expect(error?.code == .unknownParameter)
        #expect(error?.description.hasPrefix("--param cuont=3: everything has no parameter 'cuont' (did you mean 'count'?)") == true)
    }

    @Test func missingRequiredParameter() {
        let error = #expect(throws: PlaybookError.self) { try playbook.resolveParameters([:], roster: roster) }
        #expect(error?.code == .missingParameter)
        #expect(error?.description == "everything needs --param district=VALUE (a district)")
    }

    @Test(arguments: [
        ("count", "abc", "--param count=abc: count is an integer"),
        ("count", "2.5", "--param count=2.5: count is an integer"),
        ("ratio", "lots", "--param ratio=lots: ratio is a number"),
        ("urgent", "maybe", "--param urgent=maybe: urgent is a boolean (true or false)"),
        ("wait", "15min", "--param wait=15min: wait is a duration: " + DurationText.formatHelp),
        ("start", "T0+2h", #"--param start=T0+2h: start is a time with an offset from UTC, such as "2025-07-16T09:00:00+09:00""#),
        ("level", "alret", "--param level=alret: 'alret' is not one of caution, alert (did you mean 'alert'?)"),
        ("areas", "singil,,choji", #"--param areas=singil,,choji: areas is a comma-separated list of districts, or "all""#),
    ])
    func valuesOfTheWrongTypeAreRefused(name: String, text: String, message: String) {
        let error = failure([name: text])
        #expect(error?.code == .invalidParameter)
        #expect(error?.description == message)
    }

    @Test func unknownDistrictSuggestsTheNearestCode() {
        let error = failure(["district": "singl"])
        #expect(error?.code == .invalidParameter)
        #expect(
            error?.description.hasPrefix(
                "--param district=singl: 'singl' is not a district (did you mean 'singil'?); districts are wolpi, sadong,") == true)
        let inList = failure(["areas": "choji,daebo"])
        #expect(inList?.description.hasPrefix("--param areas=choji,daebo: 'daebo' is not a district (did you mean 'daebu'?)") == true)
    }

    @Test func aDistrictDefaultMustBeInTheRoster() throws {
        let playbook = try Playbook.load(
            source: #"""
                return ilsa.workflow { name = "x", title = "X", run = function() end,
                  params = { where = { type = "district", default = "atlantis" } } }
                """#, chunkName: "x.lua")
        let error = #expect(throws: PlaybookError.self) { try playbook.resolveParameters([:], roster: roster) }
        #expect(error?.code == .invalidParameter)
    }
}
