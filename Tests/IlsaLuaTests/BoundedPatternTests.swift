import Foundation
import IlsaLua
import Testing

/// The sandbox's string.find/match/gmatch/gsub (patterns.c): standard Lua 5.4 results and error
/// messages, but a matcher that stops at its step budget or when the state is interrupted.
@Suite(.serialized)
struct BoundedPatternTests {
    /// What a chunk gave: its results, or its error's kind and message.
    enum Outcome: Equatable, CustomStringConvertible {
        case values([LuaValue])
        case failure(LuaError.Kind, String)

        var description: String {
            switch self {
            case .values(let values): "values \(values)"
            case .failure(let kind, let message): "\(kind): \(message)"
            }
        }
    }

    static func outcome(_ source: String, in lua: LuaState) -> Outcome {
        do {
            return .values(try lua.run(source, chunkName: "=t"))
        } catch let error as LuaError {
            return .failure(error.kind, error.message)
        } catch {
            return .failure(.runtime, "unexpected \(error)")
        }
    }

    /// Runs `source` and returns its error, recording an issue when it does not fail.
    static func error(
        _ source: String, in lua: LuaState, sourceLocation: SourceLocation = #_sourceLocation
    ) -> LuaError? {
        switch outcome(source, in: lua) {
        case .failure(let kind, let message): return LuaError(kind: kind, message: message)
        case .values(let values):
            Issue.record("expected an error, got \(values)", sourceLocation: sourceLocation)
            return nil
        }
    }

    /// Chunks whose results (or errors) must be the same in the sandbox as with standard Lua.
    static let sameAsStandard: [String] = [
        // find: init positions, plain, anchors, captures, embedded zeros
        #"return string.find('', '')"#,
        #"return string.find('alo', '')"#,
        #"return ('hello'):find('l'), ('hello'):find('l', 4), ('hello'):find('l', -1), ('hello'):find('l', -2)"#,
        #"return ('hello'):find('', 6), ('hello'):find('', 7), ('hello'):find('', -10), ('hello'):find('', 0)"#,
        #"return ('hello'):find('h', math.mininteger), ('hello'):find('h', math.maxinteger)"#,
        #"return ('a.b'):find('.', 1, true), ('a.b'):find('.', 2, true), ('a+b'):find('+', 1, 1)"#,
        #"return string.find('a\0o a\0o a\0o', 'a\0o', 2)"#,
        #"return string.find('alo123alo', '^12'), string.find('alo123alo', '12')"#,
        #"return string.find('hello world', '()ll()')"#,
        #"return ('abc'):find('^b', 2), ('abc'):find('^$', 4), ('abc'):match('^()', 5)"#,
        #"return ('a+b'):find('b', '2')"#,
        #"return ('a+b'):find('b', 2.5)"#,
        #"return ('a+b'):find()"#,
        #"return string.find({}, 'x')"#,
        #"return string.find(12345, 3), string.match(1.5, '%.')"#,
        // match: classes, sets, quantifiers, anchors, back-references, %b, %f
        #"return string.match('aaab', '.*b'), string.match('aaab', '.-b'), string.match('aaa', '^.+$')"#,
        #"return string.match('aloALO', '%l*'), string.match('aLo_ALO', '%a*'), string.match('0alo alo', '%x*')"#,
        #"return string.match(' \n isto é assim', '%S%S*'), string.match('um caracter ? extra', '[^%sa-z]')"#,
        #"return string.match(']]]áb', '[^]]'), string.match('a]c', '[]]'), string.match('-', '[a-]')"#,
        #"return string.match('a$a', '.$'), string.match('a$a', '.%$'), string.match('a$a', '$$')"#,
        #"return string.match('alo alx 123 b\0o b\0o', '(..*) %1')"#,
        #"return string.match('axz123= 4= 4 34', '(.+)=(.*)=%2 %1')"#,
        #"return string.match('clo alo', '^(((.).).* (%w*))$')"#,
        #"return string.match('0123456789', '(.+(.?)())')"#,
        #"return string.match('(foo(bar))baz', '%b()'), string.match('{a{b}c}', '{(%b{})'), string.match('aaa', '%baa')"#,
        #"return string.find(' alo aalo allo', '%f[%S].-%f[%s].-%f[%S]')"#,
        #"return string.find('aba', '%f[%z]'), string.find('aba', '%f[%l%z]'), string.find('a', '%f[^%z]')"#,
        #"return ('a\0b'):match('%z'), ('a\0b'):match('%Z+'), ('a\0b'):match('[%z]')"#,
        #"return string.match('key = value # c', '^(%w+)%s*=%s*(.-)%s*#')"#,
        #"return string.match('  padded  ', '^%s*(.-)%s*$')"#,
        #"return string.match('path/to/file.txt', '(.-)([^/]*)%.(%w+)$')"#,
        // malformed patterns and Lua's own limits
        #"return string.find('abc', '%')"#,
        #"return string.find('abc', '[a')"#,
        #"return string.find('abc', '[a%')"#,
        #"return string.find('abc', '%b')"#,
        #"return string.find('abc', '%f')"#,
        #"return string.find('abc', '%fa')"#,
        #"return string.find('abc', '(a)%2')"#,
        #"return string.find('aa', '(a%1)')"#,
        #"return string.find('aa', '%0')"#,
        #"return string.match('abc', '(a')"#,
        #"return string.match('abc', 'a)')"#,
        #"return string.find(string.rep('a', 40), string.rep('(a)', 32))"#,
        #"return string.find(string.rep('a', 40), string.rep('(a)', 33))"#,
        #"return string.find(string.rep('a', 40), string.rep('()', 33))"#,
        #"return string.find(string.rep('a', 199), string.rep('a?', 199) .. '$')"#,
        #"return string.find(string.rep('a', 200), string.rep('a?', 200) .. '$')"#,
        // gsub: string, table and function replacements, %0-%9, %%, max n, anchors
        #"return string.gsub('hello world', '(%w+)', '<%1>')"#,
        #"return string.gsub('abc=xyz', '(%w*)(%p)(%w+)', '%3%2%1-%0')"#,
        #"return string.gsub('abc', '%w', '%%%0'), string.gsub('abc', '()', '%1'), string.gsub('abc', 'b()', '[%1]')"#,
        #"return string.gsub('hello world', '%w+', '%0 %0', 1)"#,
        #"return string.gsub('abc', '', '-'), string.gsub('', '', 'X'), string.gsub('abc', 'x*', '-')"#,
        #"return string.gsub('abc', '^', 'x'), string.gsub('abc', '$', 'x'), string.gsub('abc', '^%w', 'x')"#,
        #"return string.gsub('abc', '%w', 'x', 0), string.gsub('abc', '%w', 'x', -1), string.gsub('abc', '%w', 'x', 2.0)"#,
        #"return string.gsub('abc', '%w', 7), string.gsub(12345, 3, 9)"#,
        #"return string.gsub('$name=$value', '%$(%w+)', {name = 'lua', value = 5.4})"#,
        #"return string.gsub('abc', '%w', {a = true})"#,
        #"return string.gsub('abc', '%w', {a = false, b = 'B'})"#,
        #"return string.gsub('abc', '()', {[1] = 'one', [4] = 'four'})"#,
        #"return string.gsub('um (dois) tres (quatro)', '(%(%w+%))', string.upper)"#,
        #"return string.gsub('abc', '%w', function(c) if c == 'b' then return nil end return c:upper() end)"#,
        #"return string.gsub('x=1,y=2', '(%w)=(%d)', function(k, v) return (string.gsub(k .. v, '%w', '%0%0')) end)"#,
        #"return string.gsub('abc', '%w', function() return {} end)"#,
        #"return string.gsub('abc', '%w', function(c) error('boom ' .. c) end)"#,
        #"return string.gsub('abc', 'b', '%2')"#,
        #"return string.gsub('abc', '(b)', '%2')"#,
        #"return string.gsub('abc', 'b', '%x')"#,
        #"return string.gsub('abc', 'b', 'x%')"#,
        #"return string.gsub('abc', '(b)', true)"#,
        #"return string.gsub('abc', '(b)', 'x', 'y')"#,
        #"return string.gsub('abc', '(b)', 'x', 1.5)"#,
        #"return string.gsub('THE (quick) fox', '%f[%a]%a+', 'W')"#,
        #"return string.gsub('(a (b) c) (d)', '%b()', '[%0]')"#,
        // gmatch: iteration, anchors (a '^' is not an anchor in gmatch), init
        #"local t = {} for w in string.gmatch('one two three', '%a+') do t[#t + 1] = w end return table.concat(t, ',')"#,
        #"local t = {} for k, v in string.gmatch('k1=v1, k2=v2', '(%w+)=(%w+)') do t[#t + 1] = k .. ':' .. v end return table.concat(t, ',')"#,
        #"local t = {} for p in string.gmatch('abc', '()') do t[#t + 1] = p end return table.concat(t, ',')"#,
        #"local t = {} for w in string.gmatch('^a^b', '^.') do t[#t + 1] = w end return table.concat(t, ',')"#,
        #"local t = {} for w in string.gmatch('a,b,,c', '([^,]*)') do t[#t + 1] = '<' .. w .. '>' end return table.concat(t)"#,
        #"local t = {} for w in string.gmatch('abc', '.', 2) do t[#t + 1] = w end return table.concat(t, ',')"#,
        #"local t = {} for w in string.gmatch('abc', '.', -1) do t[#t + 1] = w end return table.concat(t, ',')"#,
        #"local t = {} for p in string.gmatch('abc', '()', 4) do t[#t + 1] = p end return table.concat(t, ',')"#,
        #"local t = {} for p in string.gmatch('abc', '()', 5) do t[#t + 1] = p end return #t"#,
        #"local it = string.gmatch('a b c', '%a') it() local co = coroutine.wrap(function() return it() end) return co(), it(), it()"#,
        #"for w in string.gmatch('abc', '(a') do end"#,
        #"for w in string.gmatch('abc', '%') do end"#,
        #"return string.gmatch('abc')"#,
    ]

    @Test(arguments: sameAsStandard)
    func sameResultsAsStandardLua(_ source: String) throws {
        let sandbox = try LuaState(profile: .sandbox)
        let standard = try LuaState(profile: .full)
        let bounded = Self.outcome(source, in: sandbox)
        let expected = Self.outcome(source, in: standard)
        #expect(bounded == expected, "\(source)")
    }

    /// CPU time of the calling thread, in seconds: what the matcher spent, whatever else runs.
    static func threadCPUTime() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    @Test func catastrophicPatternStopsAtTheStepBudget() throws {
        let lua = try LuaState(profile: .sandbox)
        let clock = ContinuousClock()
        let start = clock.now
        let cpuStart = Self.threadCPUTime()
        // The standard matcher takes about 4 s (release build) on this; the budget ends it
        // after about 0.5 s (release) or 1 s (debug) of CPU.
        let error = try #require(Self.error("return string.rep('a', 150):find('.-.-.-.-b')", in: lua))
        let cpu = Self.threadCPUTime() - cpuStart
        let elapsed = clock.now - start
        #expect(error.kind == .runtime)
        #expect(error.message.hasPrefix("t:1: pattern too complex (more than "), "\(error)")
        #expect(error.message.hasSuffix("steps); simplify the pattern or shorten the subject"), "\(error)")
        // CPU time, so that other builds and tests on the machine cannot make this flaky.
        #expect(cpu < 2, "took \(cpu) s of CPU")
        #expect(elapsed < .seconds(6), "took \(elapsed)")
        #expect(try lua.run("return ('next chunk'):find('(%a+)$')", chunkName: "=t") == [6, 10, "chunk"])
    }

    @Test func budgetErrorIsCatchable() throws {
        let lua = try LuaState(profile: .sandbox)
        let source = """
            local ok, err = pcall(string.gsub, string.rep('a', 150), '.-.-.-.-b', 'x')
            return ok, err:find('pattern too complex', 1, true) ~= nil, (string.gsub('abc', 'b', 'x'))
            """
        #expect(try lua.run(source, chunkName: "=t") == [false, true, "axc"])
    }

    @Test func normalUseOfAFewMegabytesStaysUnderTheBudget() throws {
        let lua = try LuaState(profile: .sandbox)
        let source = """
            local words = {}
            for i = 1, 12 do words[i] = 'word' .. i end
            local line = '  ' .. table.concat(words, ' ') .. ', key=value  '
            local text = string.rep(line, 3 * 1024 * 1024 // #line, '\\n')
            local trimmed = text:match('^%s*(.-)%s*$')
            local squeezed, spaces = text:gsub('%s+', ' ')
            local swapped, pairs = text:gsub('(%w+)=(%w+)', '%2=%1')
            local lines = 0
            for l in text:gmatch('[^\\n]+') do lines = lines + 1 end
            return #text > 3000000, #trimmed < #text, spaces > 0, pairs == lines
            """
        #expect(try lua.run(source, chunkName: "=t") == [true, true, true, true])
    }

    @Test func timeLimitStopsAMatchInsideOneCall() throws {
        let lua = try LuaState(profile: .sandbox, limits: LuaLimits(time: .milliseconds(200)))
        let clock = ContinuousClock()
        let start = clock.now
        // One call: the interrupt hook cannot fire inside it; the matcher must look at the flag.
        let error = try #require(Self.error("return string.rep('a', 150):find('.-.-.-.-b')", in: lua))
        #expect(error.kind == .timeout, "\(error)")
        #expect(clock.now - start < .seconds(2))
        #expect(try lua.run("return ('ok'):gsub('o', 'O')", chunkName: "=t") == ["Ok", 1])
    }

    @Test(arguments: [
        "local s = string.rep('a', 60) while true do s:find('.-.-.-.-b') end",
        "local s = string.rep('a', 60) while true do pcall(string.gsub, s, '.-.-.-.-b', 'x') end",
        "local s = string.rep('a', 60) while true do for w in s:gmatch('.-.-.-.-b') do end end",
        "local s = string.rep('a ', 1e5) while true do s:gsub('%a', function(c) return c:upper() end) end",
    ])
    func timeLimitStopsPatternLoops(_ source: String) throws {
        let lua = try LuaState(profile: .sandbox, limits: LuaLimits(time: .milliseconds(200)))
        let clock = ContinuousClock()
        let start = clock.now
        let error = try #require(Self.error(source, in: lua))
        #expect(error.kind == .timeout, "\(error)")
        #expect(clock.now - start < .seconds(3))
        #expect(try lua.run("return string.match('still fine', '%a+$')", chunkName: "=t") == ["fine"])
    }

    @Test func cancelStopsAMatch() throws {
        let lua = try LuaState(profile: .sandbox)
        let interrupter = lua.interrupter
        // A plain thread, not a task: the match blocks this thread while the canceller must run.
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: 0.1)
            interrupter.interrupt()
        }
        let error = try #require(Self.error("return string.rep('a', 150):find('.-.-.-.-b')", in: lua))
        #expect(error.kind == .cancelled, "\(error)")
        #expect(try lua.run("return ('x'):rep(3):find('xx', 2, true)", chunkName: "=t") == [2, 3])
    }

    @Test func gsubReplacements() throws {
        let lua = try LuaState(profile: .sandbox)
        func gsub(_ source: String) throws -> [LuaValue] { try lua.run(source, chunkName: "=t") }
        #expect(try gsub("return ('hello world'):gsub('o', '0')") == ["hell0 w0rld", 2])
        #expect(try gsub("return ('hello world'):gsub('(%w+) (%w+)', '%2 %1 %0 %%')") == ["world hello hello world %", 1])
        #expect(try gsub("return ('abc'):gsub('()b', '%1')") == ["a2c", 1])
        #expect(try gsub("return ('a b c'):gsub('%a', '%0%0', 2)") == ["aa bb c", 2])
        #expect(try gsub("return ('$x and $y'):gsub('%$(%w+)', {x = 1, y = false})") == ["1 and $y", 2])
        #expect(try gsub("return ('a,b'):gsub('%a', string.upper)") == ["A,B", 2])
        #expect(try gsub("return ('a,b'):gsub('(%a)', function(c) if c == 'a' then return nil end return c .. c end)") == ["a,bb", 2])
        #expect(try gsub("return ('abc'):gsub('', '-')") == ["-a-b-c-", 4])
        #expect(try gsub("return ('  trim  '):gsub('^%s+', '')") == ["trim  ", 1])
        let bad = try #require(Self.error("return ('abc'):gsub('b', '%9')", in: lua))
        #expect(bad.message == "t:1: invalid capture index %9")
        let value = try #require(Self.error("return ('abc'):gsub('b', {b = {}})", in: lua))
        #expect(value.message == "t:1: invalid replacement value (a table)")
        let use = try #require(Self.error("return ('abc'):gsub('b', '%q')", in: lua))
        #expect(use.message == "t:1: invalid use of '%' in replacement string")
    }

    @Test func gmatchAnchorsAndInit() throws {
        let lua = try LuaState(profile: .sandbox)
        func words(_ call: String) throws -> [LuaValue] {
            try lua.run("local t = {} for w in \(call) do t[#t + 1] = w end return table.concat(t, '|')", chunkName: "=t")
        }
        #expect(try words("('one two'):gmatch('%a+')") == ["one|two"])
        #expect(try words("('^a^b'):gmatch('^.')") == ["^a|^b"])  // '^' is literal in gmatch
        #expect(try words("('abcd'):gmatch('.', 3)") == ["c|d"])
        #expect(try words("('abcd'):gmatch('.', -2)") == ["c|d"])
        #expect(try words("('abcd'):gmatch('.', 10)") == [""])
        #expect(try words("('abc'):gmatch('x*')") == ["|||"])
        #expect(try words("('a1b22'):gmatch('%d+$')") == ["22"])
    }
}
