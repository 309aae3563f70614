import IlsaLua
import Testing

/// Swift `Codable` values as Lua tables and back.
struct CodableTests {
    struct Reading: Codable, Equatable {
        enum Level: String, Codable { case advisory, warning }
        var gauge: String
        var millimetres: Int
        var hours: Double
        var level: Level?
        var tags: [String]
        var nested: [String: [Int]]
    }

    let sample = Reading(gauge: "대부동", millimetres: 93, hours: 3, level: .warning, tags: ["coast", "island"], nested: ["a": [1, 2]])

    @Test func encodesToTablesLuaCanRead() throws {
        let lua = try LuaState()
        lua.setGlobal("r", try LuaValueEncoder().encode(sample))
        let results = try lua.run(
            "return r.gauge, r.millimetres, math.type(r.millimetres), math.type(r.hours), r.level, #r.tags, r.nested.a[2]", chunkName: "=t")
        #expect(results == ["대부동", 93, "integer", "float", "warning", 2, 2])
    }

    @Test func roundTrips() throws {
        let lua = try LuaState()
        lua.setGlobal("r", try LuaValueEncoder().encode(sample))
        #expect(try LuaValueDecoder().decode(Reading.self, from: lua.global("r")) == sample)
    }

    @Test func decodesWhatAScriptBuilt() throws {
        let value = try run("return {gauge = 'x', millimetres = 60.0, hours = 12, tags = {}, nested = {}}")[0]
        let reading = try LuaValueDecoder().decode(Reading.self, from: value)
        #expect(reading.millimetres == 60)
        #expect(reading.hours == 12)
        #expect(reading.level == nil)
    }

    @Test func mistakesNameTheField() throws {
        let value = try run("return {gauge = 'x', millimetres = 'many', hours = 1, tags = {}, nested = {}}")[0]
        do {
            _ = try LuaValueDecoder().decode(Reading.self, from: value)
            Issue.record("expected a decoding error")
        } catch let DecodingError.typeMismatch(_, context) {
            #expect(context.codingPath.map(\.stringValue) == ["millimetres"])
            #expect(context.debugDescription == "expected an integer, got string")
        }
        let missing = try run("return {gauge = 'x'}")[0]
        #expect(throws: DecodingError.self) { try LuaValueDecoder().decode(Reading.self, from: missing) }
        let fractional = try run("return {gauge = 'x', millimetres = 1.5, hours = 1, tags = {}, nested = {}}")[0]
        #expect(throws: DecodingError.self) { try LuaValueDecoder().decode(Reading.self, from: fractional) }
    }
}
