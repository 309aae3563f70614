import IlsaLua
import Testing

/// Compiling chunks: names in messages, error kinds, incomplete input for the REPL.
struct LoadTests {
    // As in lua.c, any syntax error "near <eof>" asks for more input, an unfinished string too.
    @Test(arguments: ["for i = 1, 2 do", "if x then", "local t = {", "f(", "x = [[", "return 'a' ..", "function f()", "x = 'unfinished"])
    func incompleteInputIsDetected(source: String) throws {
        let lua = try LuaState()
        do {
            _ = try lua.load(source, chunkName: "=stdin")
            Issue.record("expected a syntax error")
        } catch let error as LuaError {
            #expect(error.kind == .syntax)
            #expect(error.isIncompleteInput, "\(error.message)")
        }
    }

    @Test(arguments: ["x = = 1", "for = 1", "return end", "local 1 = 2", "x = 1 1"])
    func plainSyntaxErrorsAreNotIncomplete(source: String) throws {
        let lua = try LuaState()
        do {
            _ = try lua.load(source, chunkName: "=stdin")
            Issue.record("expected a syntax error")
        } catch let error as LuaError {
            #expect(error.kind == .syntax)
            #expect(!error.isIncompleteInput, "\(error.message)")
            #expect(error.message.hasPrefix("stdin:1:"))
        }
    }

    @Test func chunkNamesShowInMessages() throws {
        let lua = try LuaState()
        let error = try #require(failure("local x = nil\nreturn x.field", in: lua))
        #expect(error.message == "test:2: attempt to index a nil value (local 'x')")
        do {
            try lua.run("return 1 +", chunkName: "@workflows/heavy_rain.lua")
        } catch let error as LuaError {
            #expect(error.message.hasPrefix("workflows/heavy_rain.lua:1:"))
        }
    }

    @Test func stateIsUsableAfterEveryKindOfError() throws {
        let lua = try LuaState(limits: LuaLimits(memory: 8 << 20, time: .milliseconds(200)))
        _ = failure("x = = 1", in: lua)
        _ = failure("error({})", in: lua)
        _ = failure("local s = ('x'):rep(1 << 30)", in: lua)
        _ = failure("while true do end", in: lua)
        #expect(try lua.isHealthy())
        #expect(failure("error(setmetatable({}, {__tostring = function() return 'custom' end}))", in: lua)?.message == "custom")
        #expect(failure("error({code = 1})", in: lua)?.message == "(error object is a table value)")
    }
}
