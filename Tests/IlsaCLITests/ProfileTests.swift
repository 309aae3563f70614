import Foundation
import IlsaTesting
import Testing

/// What the sandbox takes away, and that `--full` gives all of it back.
struct ProfileTests {
    static let librariesScript = """
        for _, name in ipairs{"io", "os", "debug", "package", "require", "dofile", "loadfile",
                              "string", "table", "math", "utf8", "coroutine", "load", "pcall"} do
          print(name, type(_G[name]))
        end
        print("string.dump", type(string.dump))
        """

    @Test func sandboxHasNoIoOsDebugOrPackage() async throws {
        let scratch = try Workspace()
        try scratch.write("libs.lua", Self.librariesScript)
        let result = try await CLI.ilsa(["lua", "libs.lua"], in: scratch.url)
        #expect(result.exited(0), "\(result.summary)")
        #expect(
            result.stdoutText == """
                io\tnil
                os\tnil
                debug\tnil
                package\tnil
                require\tnil
                dofile\tnil
                loadfile\tnil
                string\ttable
                table\ttable
                math\ttable
                utf8\ttable
                coroutine\ttable
                load\tfunction
                pcall\tfunction
                string.dump\tnil

                """)
    }

    @Test func fullHasEveryStandardLibrary() async throws {
        let scratch = try Workspace()
        try scratch.write("libs.lua", Self.librariesScript)
        let result = try await CLI.ilsa(["lua", "--full", "libs.lua"], in: scratch.url)
        let reference = try await CLI.lua(["libs.lua"], in: scratch.url)
        #expect(result.exited(0), "\(result.summary)")
        #expect(result.stdoutText == reference.stdoutText)
        for name in ["io", "os", "debug", "package"] {
            #expect(result.stdoutText.contains("\(name)\ttable\n"))
        }
    }

    @Test func sandboxHardening() async throws {
        let scratch = try Workspace()
        let source = """
            print("collect", pcall(collectgarbage, "collect"))
            print("count", math.type(collectgarbage("count")))
            print("__gc", pcall(setmetatable, {}, {__gc = function() end}))
            print("string metatable", getmetatable(""))
            print("binary", load("\\27Lua"))
            print("text", load("return 'text ok'")())
            print("env", load("return x", "=env", "t", {x = "from env"})())
            """
        try scratch.write("hardening.lua", source)
        let result = try await CLI.ilsa(["lua", "hardening.lua"], in: scratch.url)
        #expect(result.exited(0), "\(result.summary)")
        let lines = result.stdoutText.split(separator: "\n").map(String.init)
        try #require(lines.count == 7, "\(result.summary)")
        #expect(lines[0].hasPrefix("collect\tfalse\t"))
        #expect(lines[1] == "count\tfloat")
        #expect(lines[2].hasPrefix("__gc\tfalse\t"))
        #expect(lines[3] == "string metatable\tfalse")
        #expect(lines[4].hasPrefix("binary\tnil\t"))
        #expect(lines[4].contains("binary chunk"))
        #expect(lines[5] == "text\ttext ok")
        #expect(lines[6] == "env\tfrom env")
    }

    @Test func fullKeepsStandardBehaviourOfWhatTheSandboxRestricts() async throws {
        let scratch = try Workspace()
        let source = """
            print("collect", pcall(collectgarbage, "collect"))
            print("__gc", pcall(function() return type(setmetatable({}, {__gc = function() end})) end))
            print("string metatable", getmetatable("").__index == string)
            local f = load(string.dump(function() return "dumped" end), "d", "b")
            print("binary", f())
            print("require", require("string") == string)
            """
        try scratch.write("standard.lua", source)
        let result = try await CLI.ilsa(["lua", "--full", "standard.lua"], in: scratch.url)
        let reference = try await CLI.lua(["standard.lua"], in: scratch.url)
        #expect(result.exited(0), "\(result.summary)")
        #expect(reference.exited(0), "\(reference.summary)")
        #expect(result.stdoutText == reference.stdoutText)
    }

    @Test func sandboxSetmetatableErrorsNameTheFunction() async throws {
        // lua5.4: "bad argument #2 to 'setmetatable' (nil or table expected, got number)".
        let scratch = try Workspace()
        try scratch.write("name.lua", "print(select(2, pcall(setmetatable, {}, 1)))\nprint(select(2, pcall(load)))\n")
        let reference = try await CLI.lua(["name.lua"], in: scratch.url)
        let result = try await CLI.ilsa(["lua", "name.lua"], in: scratch.url)
        #expect(result.exited(0), "\(result.summary)")
        #expect(result.stdoutText == reference.stdoutText)
    }
}
