import IlsaAPI
import Foundation
import IlsaEngine
import IlsaLua
import IlsaTesting
import Testing

/// The committed reference files are what the registry generates, so they cannot drift from
/// the API the engine runs: `docs/api.md` (`ilsa api --markdown`) and `docs/lua/ilsa.lua`
/// (`ilsa api --luals`), which `.luarc.json` gives lua-language-server.
struct APIDocsTests {

    static func read(_ path: String) throws -> String {
        try Fixtures.text(path)
    }

    @Test func docsAPIMarkdownIsTheGeneratedReference() throws {
        let committed = try Self.read("docs/api.md")
        #expect(committed == APIReference.markdown(), "docs/api.md is out of date: run ilsa api --markdown > docs/api.md")
    }

    @Test func theLuaLSDefinitionsAreTheGeneratedOnes() throws {
        let committed = try Self.read("docs/lua/ilsa.lua")
        #expect(committed == APIReference.luaLS(), "docs/lua/ilsa.lua is out of date: run ilsa api --luals > docs/lua/ilsa.lua")
    }

    /// Run as Lua, the definition file defines exactly the registry's functions on `ilsa` and
    /// methods on each handle's class, and marks exactly the waiting ones `---@async`.
    @Test func theLuaLSDefinitionsDefineEveryFunctionAndMethod() throws {
        let source = try Self.read("docs/lua/ilsa.lua")
        let locals = PlaybookAPI.Handle.allCases.map { "\($0.rawValue) = \(APIReference.className(of: $0).dropFirst(5))" }
        let lua = try LuaState()
        defer { lua.close() }
        let results = try lua.run(source + "\nreturn { ilsa = ilsa, \(locals.joined(separator: ", ")) }\n", chunkName: "=ilsa.lua")
        let defined = try #require(results.first?.tableValue)
        func keys(_ name: String) -> Set<String> {
            Set(defined[.string(LuaString(name))].tableValue?.fields.keys.compactMap(\.stringValue) ?? [])
        }
        #expect(keys("ilsa") == PlaybookAPI.functions)
        for handle in PlaybookAPI.Handle.allCases {
            #expect(keys(handle.rawValue) == handle.methods, "\(handle)")
        }
        let asyncCount = source.components(separatedBy: "\n---@async\n").count - 1
        #expect(asyncCount == APIReference.entries.filter(\.waits).count)
    }

    @Test func luarcPointsTheLanguageServerAtTheDefinitions() throws {
        let data = try #require(try Self.read(".luarc.json").data(using: .utf8))
        let settings = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let library = try #require(settings["workspace.library"] as? [String])
        #expect(library.contains("docs/lua"))
        #expect(settings["runtime.version"] as? String == "Lua 5.4")
        #expect(FileManager.default.fileExists(atPath: Fixtures.path("docs/lua/ilsa.lua")))
    }

    @Test func theMarkdownNamesEveryEntryAndNothingElse() throws {
        let markdown = APIReference.markdown()
        let headings = markdown.split(separator: "\n").filter { $0.hasPrefix("### `ilsa.") || $0.hasPrefix("#### `") }
            .map { String($0.drop { $0 == "#" || $0 == " " }) }
        let signatures = Set(APIReference.entries.map { "`\($0.signature)`" })
        let handles = Set(PlaybookAPI.Handle.allCases.map { "`\(APIReference.className(of: $0))`" })
        let tables = Set(APIReference.classes.map { "`\($0.name)`" })
        #expect(Set(headings) == signatures.union(handles).union(tables))
    }
}
