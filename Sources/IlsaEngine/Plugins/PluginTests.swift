import Foundation
import IlsaLua

/// Runs a plugin's own tests: the Lua files in `plugins/<name>/tests/`.
///
/// A test file runs in the playbook sandbox, where `require` gives the loaded plugins' modules,
/// with `test(name, fn)` to declare a test, `eq(actual, expected, message?)`, `ok(value,
/// message?)` and `fails(fn, text?)` (fn must raise an error containing text).
///
/// ```lua
/// local kma = require "kma"
/// test("60 mm in 3 h is an advisory", function()
///   eq(kma.classify_rain { mm_3h = 60 }, "advisory")
/// end)
/// ```
public enum PluginTests {
    /// One test's outcome.
    public struct Result: Sendable, Equatable, CustomStringConvertible {
        public var file: String
        public var name: String
        /// The error, `file:line: message`; nil when it passed.
        public var failure: String?
        public var passed: Bool { failure == nil }
        public var description: String { passed ? "ok   \(file): \(name)" : "FAIL \(file): \(name)\n     \(failure!)" }
    }

    static let harness = LuaHostChunk(
        """
        local source, file = ...
        local tests = {}
        local function show(v) return type(v) == "string" and string.format("%q", v) or tostring(v) end
        test = function(name, fn) tests[#tests + 1] = { name = name, fn = fn } end
        eq = function(actual, expected, message)
          if actual ~= expected then
            error((message and message .. ": " or "") .. "expected " .. show(expected) .. ", got " .. show(actual), 2)
          end
        end
        ok = function(value, message)
          if not value then error(message or "expected a true value, got " .. show(value), 2) end
          return value
        end
        fails = function(fn, text)
          local passed, problem = pcall(fn)
          if passed then error("expected an error, but none was raised", 2) end
          if text and not string.find(tostring(problem), text, 1, true) then
            error("expected an error containing " .. show(text) .. ", got " .. show(tostring(problem)), 2)
          end
        end
        local chunk, problem = load(source, "@" .. file, "t")
        if not chunk then return { { name = "(load)", failure = problem } } end
        local loaded, err = pcall(chunk)
        if not loaded then return { { name = "(top level)", failure = tostring(err) } } end
        local results = {}
        for _, t in ipairs(tests) do
          local passed, failure = pcall(t.fn)
          results[#results + 1] = { name = t.name, failure = not passed and tostring(failure) or nil }
        end
        if #tests == 0 then results[1] = { name = "(no tests)", failure = file .. " declares no test(name, fn)" } end
        return results
        """, chunkName: "=plugin test harness")

    /// Runs every test file of a plugin, each in a fresh sandbox with `plugins` loaded.
    public static func run(_ plugin: Plugin, with plugins: PluginSet) -> [Result] {
        plugin.testFiles.flatMap { file in
            if let problem = plugin.testFileProblem(file) { return [Result(file: file, name: "(read)", failure: problem)] }
            return run(file: file, with: plugins)
        }
    }

    /// Runs one test file.
    public static func run(file: String, with plugins: PluginSet) -> [Result] {
        guard let source = try? String(contentsOfFile: file, encoding: .utf8) else {
            return [Result(file: file, name: "(read)", failure: "cannot read \(file)")]
        }
        do {
            let lua = try LuaState(profile: .sandbox, limits: LuaLimits(memory: 64 << 20, time: .seconds(10)))
            defer { lua.close() }
            try lua.silenceConsole()
            try PluginModules.install(plugins, into: lua)
            // Lua cuts long chunk names short: name the file from the plugins' folder on.
            let shown = file.split(separator: "/").suffix(4).joined(separator: "/")
            let results = try lua.run(harness, arguments: [.string(LuaString(source)), .string(LuaString(shown))])
            return (results.first?.tableValue?.array ?? []).map { item in
                let table = item.tableValue ?? LuaTable()
                return Result(file: shown, name: table["name"].stringValue ?? "?", failure: table["failure"].stringValue)
            }
        } catch {
            return [Result(file: file, name: "(run)", failure: "\(error)")]
        }
    }
}
