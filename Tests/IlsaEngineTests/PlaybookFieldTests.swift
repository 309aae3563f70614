import IlsaEngine
import Testing

/// Each field of `ilsa.workflow { ... }` is checked, and a problem names the field.
struct PlaybookFieldTests {
    /// Loads a workflow whose table holds `fields` (Lua text) after `run`.
    func load(_ fields: String) throws -> Playbook {
        try Playbook.load(
            source: "return ilsa.workflow { run = function(ctx) end, \(fields) }", chunkName: "heavy_rain.lua")
    }

    func problem(_ fields: String) -> String? {
        do {
            _ = try load(fields)
            return nil
        } catch let error as PlaybookError {
            #expect(error.code == .invalidField)
            return error.description
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test func nameMustBeASnakeCaseIdentifier() {
        #expect(
            problem(#"name = "Heavy Rain", title = "T""#)
                == #"heavy_rain.lua: workflow field 'name' must be a snake_case identifier, got "Heavy Rain""#)
        #expect(problem(#"title = "T""#) == "heavy_rain.lua: workflow field 'name' must be a snake_case identifier, got nil")
        #expect(problem(#"name = "9lives", title = "T""#) != nil)
    }

    @Test func titleIsRequired() {
        #expect(problem(#"name = "x""#) == "heavy_rain.lua: workflow field 'title' must be a non-empty string, got nil")
        #expect(problem(#"name = "x", title = "  ""#) != nil)
        #expect(problem(#"name = "x", title = 3"#) == "heavy_rain.lua: workflow field 'title' must be a non-empty string, got 3")
    }

    @Test func runMustBeAFunction() {
        let error = #expect(throws: PlaybookError.self) {
            try Playbook.load(source: #"return ilsa.workflow { name = "x", title = "X" }"#, chunkName: "x.lua")
        }
        #expect(error?.code == .invalidField)
        #expect(error?.description == "x.lua: workflow field 'run' must be a function: run = function(ctx) ... end, got nil")
    }

    @Test func unknownFieldsAreRefusedWithASuggestion() throws {
        let message = try #require(problem(#"name = "x", titel = "X""#))
        #expect(message.hasPrefix("heavy_rain.lua: the workflow has unknown field 'titel' (did you mean 'title'?)"))
    }

    @Test func summaryMayBeCalledDescriptionButNotBoth() throws {
        #expect(try load(#"name = "x", title = "X", description = "D""#).summary == "D")
        #expect(problem(#"name = "x", title = "X", description = "D", summary = "S""#) != nil)
    }

    @Test func tagsAreAListOfStrings() {
        #expect(
            problem(#"name = "x", title = "X", tags = "weather""#)
                == #"heavy_rain.lua: workflow field 'tags' must be a list of strings, got "weather""#)
        #expect(
            problem(#"name = "x", title = "X", tags = { "a", 2 }"#)
                == "heavy_rain.lua: workflow field 'tags[2]' must be a non-empty string, got 2")
    }

    @Test func paramsAsAListKeepTheirOrder() throws {
        let playbook = try load(
            #"""
            name = "x", title = "X",
            params = { { name = "zeta", type = "string" }, { name = "alpha", type = "integer", default = 3 } }
            """#)
        #expect(playbook.params.map(\.name) == ["zeta", "alpha"])
        #expect(playbook.params[1].default == .integer(3))
    }

    @Test func paramsAsAMapAreSortedByName() throws {
        let playbook = try load(
            #"""
            name = "x", title = "X",
            params = { zeta = { type = "string" }, alpha = { type = "boolean", default = false } }
            """#)
        #expect(playbook.params.map(\.name) == ["alpha", "zeta"])
        #expect(playbook.params[0] == PlaybookParameter(name: "alpha", type: .boolean, default: false))
    }

    @Test func parameterProblemsNameTheParameter() {
        #expect(
            problem(#"name = "x", title = "X", params = { d = { type = "distrct" } }"#)
                == "heavy_rain.lua: workflow field 'params.d.type' must be one of string, integer, number, boolean, "
                + #"district, districts, duration, time, choice, got "distrct" (did you mean 'district'?)"#)
        #expect(
            problem(#"name = "x", title = "X", params = { { type = "string" } }"#)
                == "heavy_rain.lua: workflow field 'params[1].name' must be a snake_case identifier, got nil")
        #expect(
            problem(#"name = "x", title = "X", params = { { name = "a", type = "string" }, { name = "a", type = "string" } }"#)
                == "heavy_rain.lua: workflow field 'params[2].name' repeats the parameter 'a'")
        #expect(
            problem(#"name = "x", title = "X", params = { n = { type = "integer", default = "many" } }"#)
                == #"heavy_rain.lua: workflow field 'params.n.default' must be an integer, got "many""#)
        #expect(
            problem(#"name = "x", title = "X", params = { n = { type = "integer", required = "yes" } }"#)
                == #"heavy_rain.lua: workflow field 'params.n.required' must be true or false, got "yes""#)
        #expect(problem(#"name = "x", title = "X", params = { n = { type = "integer", required = true, default = 1 } }"#) != nil)
        #expect(
            problem(#"name = "x", title = "X", params = { n = { type = "string", valeus = {} } }"#)?
                .contains("unknown field 'valeus' (did you mean 'values'?)") == true)
        #expect(problem(#"name = "x", title = "X", params = { ["Bad Name"] = { type = "string" } }"#) != nil)
        #expect(problem(#"name = "x", title = "X", params = "district""#) != nil)
    }

    @Test func defaultsAreCheckedAgainstTheirType() {
        #expect(
            problem(#"name = "x", title = "X", params = { w = { type = "duration", default = "15min" } }"#)?
                .hasPrefix("heavy_rain.lua: workflow field 'params.w.default' must be a duration") == true)
        #expect(problem(#"name = "x", title = "X", params = { t = { type = "time", default = "15m" } }"#) != nil)
        #expect(
            problem(#"name = "x", title = "X", params = { c = { type = "choice", values = { "a" }, default = "b" } }"#)
                == #"heavy_rain.lua: workflow field 'params.c.default' must be one of a, got "b""#)
        #expect(
            problem(#"name = "x", title = "X", params = { c = { type = "choice" } }"#)
                == #"heavy_rain.lua: workflow field 'params.c.values' must be a list of different strings for type = "choice", got nil"#)
        #expect(problem(#"name = "x", title = "X", params = { n = { type = "number", default = true } }"#) != nil)
    }

    @Test func aFieldProblemCaughtWithPcallStillFailsTheLoad() {
        let source = #"""
            local ok = pcall(ilsa.workflow, { name = "Bad" })
            return ilsa.workflow { name = "x", title = "X", run = function() end }
            """#
        let error = #expect(throws: PlaybookError.self) { try Playbook.load(source: source, chunkName: "x.lua") }
        #expect(error?.code == .invalidField)
    }
}
