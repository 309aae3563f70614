import Foundation
import IlsaTesting
import Testing

/// `ilsa lua FILE ARGS` behaves as `lua5.4 FILE ARGS`: arguments, standard input, shebang lines,
/// error reports and exit statuses.
struct LuaCommandTests {
    @Test func versionNamesIlsaAndLua() async throws {
        let result = try await CLI.ilsa(["--version"])
        #expect(result.exited(0), "\(result.summary)")
        #expect(result.stdoutText.contains("ilsa"))
        #expect(result.stdoutText.contains("Lua 5.4"))
    }

    @Test(arguments: [["--help"], ["lua", "--help"], ["help", "lua"]])
    func helpShowsAnExample(arguments: [String]) async throws {
        let result = try await CLI.ilsa(arguments)
        #expect(result.exited(0), "\(result.summary)")
        #expect(result.stdoutText.contains("Examples:"))
        #expect(result.stdoutText.contains("ilsa lua "), "an example command line")
        #expect(result.stdoutText.contains("USAGE:"))
    }

    @Test func luaHelpDescribesTheOptions() async throws {
        let result = try await CLI.ilsa(["lua", "--help"])
        for option in ["--full", "--memory-limit", "--time-limit"] {
            #expect(result.stdoutText.contains(option), "help should describe \(option)")
        }
    }

    static let argScript = """
        print("arg[0]", arg[0])
        print("#arg", #arg)
        for i = 1, #arg do print(i, arg[i]) end
        print("select('#', ...)", select('#', ...))
        print(...)
        local t = {...}
        for i = 1, select('#', ...) do assert(t[i] == arg[i]) end
        print("arg[-1] present", arg[-1] ~= nil)
        """

    @Test(arguments: [Profile.sandbox, .full])
    func argTableAndVarargsMatchLua(profile: Profile) async throws {
        let scratch = try Workspace()
        try scratch.write("args.lua", Self.argScript)
        let scriptArguments = ["a", "b c", "", "-x", "--full", "--time-limit", "안녕", "2"]
        let options = profile == .full ? ["--full"] : []
        let reference = try await CLI.lua(["args.lua"] + scriptArguments, in: scratch.url)
        let result = try await CLI.ilsa(["lua"] + options + ["args.lua"] + scriptArguments, in: scratch.url)
        #expect(reference.exited(0), "\(reference.summary)")
        #expect(result.exited(0), "\(result.summary)")
        #expect(result.stdoutText == reference.stdoutText)
        #expect(result.stdoutText.contains("#arg\t8\n"))
    }

    @Test func argTableWithNoArguments() async throws {
        let scratch = try Workspace()
        try scratch.write("args.lua", Self.argScript)
        let reference = try await CLI.lua(["args.lua"], in: scratch.url)
        let result = try await CLI.ilsa(["lua", "args.lua"], in: scratch.url)
        #expect(result.exited(0), "\(result.summary)")
        #expect(result.stdoutText == reference.stdoutText)
    }

    @Test func scriptFromStandardInput() async throws {
        let scratch = try Workspace()
        let source = Data("print(1 + 1, ...)\nprint(arg[0], #arg)\nprint(select('#', ...))\n".utf8)
        let reference = try await CLI.lua(["-", "q", "r"], stdin: source, in: scratch.url)
        let result = try await CLI.ilsa(["lua", "-", "q", "r"], stdin: source, in: scratch.url)
        #expect(result.exited(0), "\(result.summary)")
        #expect(result.stdoutText == "2\tq\tr\n-\t2\n2\n")
        #expect(result.stdoutText == reference.stdoutText)
    }

    @Test func errorInStandardInputScriptNamesStdin() async throws {
        let result = try await CLI.ilsa(["lua", "-"], stdin: Data("\nerror('from stdin')\n".utf8))
        #expect(result.exited(1), "\(result.summary)")
        #expect(result.stderrText.contains("stdin:2: from stdin"))
    }

    @Test func shebangLineIsSkippedAndLinesKeepTheirNumbers() async throws {
        let scratch = try Workspace()
        try scratch.write("tool.lua", "#!/usr/bin/env ilsa lua\nprint('shebang skipped')\nerror('on line 3')\n")
        let result = try await CLI.ilsa(["lua", "tool.lua"], in: scratch.url)
        #expect(result.exited(1), "\(result.summary)")
        #expect(result.stdoutText == "shebang skipped\n")
        #expect(result.stderrText.contains("tool.lua:3: on line 3"))
        let reference = try await CLI.lua(["tool.lua"], in: scratch.url)
        #expect(firstMessage(result.stderrText) == firstMessage(reference.stderrText))
    }

    @Test func runtimeErrorReportsPositionAndTraceback() async throws {
        let scratch = try Workspace()
        try scratch.write("boom.lua", "print('before')\nlocal function f(t)\n  return t.field\nend\nf(nil)\n")
        let result = try await CLI.ilsa(["lua", "boom.lua"], in: scratch.url)
        #expect(result.exited(1), "\(result.summary)")
        #expect(result.stdoutText == "before\n", "output before the error is flushed")
        #expect(result.stderrText.hasPrefix("ilsa: boom.lua:3: attempt to index a nil value (local 't')\n"))
        #expect(result.stderrText.contains("stack traceback:"))
        #expect(result.stderrText.contains("boom.lua:5: in main chunk"))
        let reference = try await CLI.lua(["boom.lua"], in: scratch.url)
        #expect(firstMessage(result.stderrText) == firstMessage(reference.stderrText))
    }

    @Test(arguments: [
        "error({})",
        "error(nil)",
        "error('no position', 0)",
        "error(setmetatable({}, {__tostring = function() return 'custom object' end}))",
        "local t = setmetatable({}, {__index = function() error('deep', 2) end})\nlocal x = t.y",
    ])
    func errorObjectsAreReportedLikeLua(source: String) async throws {
        let scratch = try Workspace()
        try scratch.write("err.lua", source)
        let result = try await CLI.ilsa(["lua", "err.lua"], in: scratch.url)
        let reference = try await CLI.lua(["err.lua"], in: scratch.url)
        #expect(result.exited(1), "\(result.summary)")
        #expect(result.stderrText.hasPrefix("ilsa: "))
        #expect(firstMessage(result.stderrText) == firstMessage(reference.stderrText))
    }

    @Test func syntaxErrorReportsFileAndLine() async throws {
        let scratch = try Workspace()
        try scratch.write("bad.lua", "print('never runs')\nlocal = 5\n")
        let result = try await CLI.ilsa(["lua", "bad.lua"], in: scratch.url)
        #expect(result.exited(1), "\(result.summary)")
        #expect(result.stdoutText.isEmpty, "nothing runs when the chunk does not compile")
        #expect(result.stderrText.contains("bad.lua:2:"))
        let reference = try await CLI.lua(["bad.lua"], in: scratch.url)
        #expect(firstMessage(result.stderrText) == firstMessage(reference.stderrText))
    }

    @Test func missingFileIsAClearError() async throws {
        let scratch = try Workspace()
        let result = try await CLI.ilsa(["lua", "does-not-exist.lua"], in: scratch.url)
        #expect(result.exited(1), "\(result.summary)")
        #expect(result.stderrText.contains("does-not-exist.lua"))
        #expect(result.stderrText.contains("cannot open"))
        #expect(!result.stderrText.contains("stack traceback"))
    }

    @Test func directoryInsteadOfFileIsAClearError() async throws {
        let scratch = try Workspace()
        let result = try await CLI.ilsa(["lua", scratch.url.path])
        #expect(!result.exited(0), "\(result.summary)")
        #expect(!result.signaled)
        #expect(result.stderrText.contains(scratch.url.lastPathComponent))
    }

    @Test func successfulScriptExitsZeroWithItsOutput() async throws {
        let scratch = try Workspace()
        try scratch.write("ok.lua", "local s = 0\nfor i = 1, 10 do s = s + i end\nprint('sum', s)\n")
        let result = try await CLI.ilsa(["lua", "ok.lua"], in: scratch.url)
        #expect(result.exited(0), "\(result.summary)")
        #expect(result.stdoutText == "sum\t55\n")
        #expect(result.stderr.isEmpty)
    }

    @Test func koreanTextRoundTripsByteForByte() async throws {
        let scratch = try Workspace()
        try scratch.write("hangul.lua", "print(\"안녕 일사천리\")\nprint(...)\nprint(#\"안녕\", utf8.len(\"안녕\"))\n")
        let result = try await CLI.ilsa(["lua", "hangul.lua", "인자 둘", "셋"], in: scratch.url)
        #expect(result.exited(0), "\(result.summary)")
        #expect(result.stdout == Data("안녕 일사천리\n인자 둘\t셋\n6\t2\n".utf8))
        let reference = try await CLI.lua(["hangul.lua", "인자 둘", "셋"], in: scratch.url)
        #expect(result.stdout == reference.stdout)
    }

    @Test func koreanTextInErrorsAndStandardInput() async throws {
        let piped = try await CLI.ilsa(["lua", "-"], stdin: Data("print('표준 입력')\nerror('실패했습니다')\n".utf8))
        #expect(piped.exited(1), "\(piped.summary)")
        #expect(piped.stdout == Data("표준 입력\n".utf8))
        #expect(piped.stderrText.contains("stdin:2: 실패했습니다"))
    }

    @Test func fullProfileScriptReadsStandardInput() async throws {
        let scratch = try Workspace()
        try scratch.write("cat.lua", "local all = io.read('a')\nio.write(all:upper())\n")
        let input = Data("line one\nline two\n".utf8)
        let result = try await CLI.ilsa(["lua", "--full", "cat.lua"], stdin: input, in: scratch.url)
        #expect(result.exited(0), "\(result.summary)")
        #expect(result.stdoutText == "LINE ONE\nLINE TWO\n")
    }

    @Test(arguments: [
        ("os.exit(3)", Int32(3)), ("os.exit(true)", 0), ("os.exit(false)", 1), ("os.exit()", 0),
        ("io.write('unflushed'); os.exit(2, true)", 2),
    ])
    func osExitSetsTheStatus(source: String, status: Int32) async throws {
        let scratch = try Workspace()
        try scratch.write("exit.lua", source)
        let result = try await CLI.ilsa(["lua", "--full", "exit.lua"], in: scratch.url)
        let reference = try await CLI.lua(["exit.lua"], in: scratch.url)
        #expect(result.exited(status), "\(result.summary)")
        #expect(reference.exited(status), "\(reference.summary)")
        #expect(result.stdout == reference.stdout)
    }

    /// The first line of an error report without the program name (`ilsa: `, `/usr/bin/lua5.4: `).
    private func firstMessage(_ stderr: String) -> String {
        let line = stderr.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        guard let separator = line.range(of: ": ") else { return line }
        let program = line[..<separator.lowerBound]
        guard program == "ilsa" || program.hasSuffix("lua5.4") else { return line }
        return String(line[separator.upperBound...])
    }
}
