import Testing

/// The Lua basics, as `lua5.4` does them at its prompt.
@Suite struct LuaBasicsTests {
    @Test func expressionsPrintTheirValues() throws {
        #expect(try transcript(["1+1"]) == "2")
        #expect(try transcript(["\"a\", nil"]) == "\"a\"\tnil")
        #expect(try transcript(["=10 // 3", "1/2", "3.0"]) == "3\n0.5\n3.0")
    }

    @Test func statementsRunAndPrintNothing() throws {
        #expect(try transcript(["x = 1"]) == "")
        #expect(try transcript(["print('hi', 2)"]) == "hi\t2")
    }

    @Test func globalsPersistBetweenLines() throws {
        #expect(try transcript(["x = 10", "x * 2", "function double(n) return n * 2 end", "double(x)"]) == "20\n20")
    }

    @Test func incompleteInputContinuesUntilComplete() throws {
        #expect(try transcript(["for i = 1, 3 do", "  print(i)", "end"]) == "1\n2\n3")
        #expect(try transcript(["s = [[a", "b]]", "s"]) == "\"a\\nb\"")
    }

    @Test func errorsPrintAsStdinLineMessageAndTheSessionGoesOn() throws {
        #expect(try transcript(["error('boom')", "1 + 1"]) == "stdin:1: boom\n2")
        #expect(try transcript(["nil + 1"]) == "stdin:1: attempt to perform arithmetic on a nil value")
        #expect(try transcript(["x = = 1"]) == "stdin:1: unexpected symbol near '='")
        #expect(try transcript(["error({})"]) == "(error object is a table value)")
    }

    @Test func aTopLevelLocalGetsAHint() throws {
        #expect(
            try transcript(["local y = 5", "y"]) == """
                (hint: locals do not persist between lines; drop 'local' to keep the variable)
                nil
                """)
    }

    @Test func underscoreIsTheLastResult() throws {
        #expect(try transcript(["6 * 7", "_ + 1"]) == "42\n43")
    }
}

/// Values shown readably: strings quoted, tables sorted with limits, cycles marked.
@Suite struct PrettyPrinterTests {
    @Test func tablesShowSequenceThenSortedFields() throws {
        #expect(
            try transcript(["{1, 2, \"삼\", name = \"신길\", [10] = true, ['a b'] = 1}"])
                == "{ 1, 2, \"삼\", [10] = true, [\"a b\"] = 1, name = \"신길\" }")
    }

    @Test func cyclesAndDepthAreBounded() throws {
        #expect(try transcript(["c = {} c.self = c", "c"]) == "{ self = <cycle> }")
        #expect(try transcript(["{a = {b = {c = {d = {e = 1}}}}}"]) == "{ a = { b = { c = { d = {...} } } } }")
    }

    @Test func longTablesAreCut() throws {
        let output = try transcript(["t = {} for i = 1, 40 do t[i] = i end", "t"])
        #expect(output.hasSuffix("29,\n  30,\n  ... (10 more)\n}"))
    }

    @Test func wideTablesGoOneFieldPerLineWithKoreanKeysAligned() throws {
        let output = try transcript([
            "{['이름'] = '신길동 주민센터', code = 'DONG.HEAD', a_long_field_name = 'some long text so that it cannot fit'}"
        ])
        #expect(
            output == """
                {
                  a_long_field_name = "some long text so that it cannot fit",
                  code              = "DONG.HEAD",
                  ["이름"]          = "신길동 주민센터"
                }
                """)
    }

    @Test func stringsAreQuotedAndEscaped() throws {
        #expect(try transcript(["'tab\\there \"q\"'"]) == "\"tab\\there \\\"q\\\"\"")
    }

    @Test func functionsAndEngineObjectsShowReadably() throws {
        #expect(try transcript(["print"]) == "<function>")
        #expect(
            try transcript(["t = ilsa.task{title = '배수 펌프 점검', due = '1h'}", "t"]).hasPrefix(
                "ilsa.Task{id = \"repl."))
        #expect(
            try transcript(["t = ilsa.task{title = '배수 펌프 점검', due = '1h'}", "t"]).hasSuffix(
                "title = \"배수 펌프 점검\", state = \"open\", due = \"in 1h00m\"}"))
    }
}

/// The sandbox and its limits hold at the prompt.
@Suite struct ReplLimitsTests {
    @Test func aRunawayLineIsStoppedAtItsTimeLimitAndTheGlobalsStay() throws {
        #expect(
            try transcript(["x = 1", "while true do end", "x", "1 + 1"]) == """
                stdin:1: time limit exceeded
                1
                2
                """)
    }

    @Test func theSandboxProfileApplies() throws {
        #expect(try transcript(["io", "os", "debug", "string.dump"]) == "nil\nnil\nnil\nnil")
    }
}
