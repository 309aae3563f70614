import IlsaDrill
import IlsaStore
import Foundation
import IlsaEngine
import IlsaLua

/// What the fuzzer feeds: the first byte of an input picks the target, the rest is the input.
/// Each target checks what must hold for every input: nothing crashes, hangs or runs past its
/// limits, every failure is a thrown error, and what goes through a conversion comes back the
/// same.
enum FuzzTarget: UInt8, CaseIterable {
    /// JSON text → JSONValue → Lua → Swift → JSONValue → JSON text, and back again.
    case json = 0
    /// Lua source whose results are copied out of a replayable state, then made JSON.
    case luaValues = 1
    /// A roster file.
    case roster = 2
    /// A responders file.
    case responders = 3
    /// A plugin manifest.
    case manifest = 4

    /// A short name, for seeds' folders and messages.
    var name: String {
        switch self {
        case .json: "json"
        case .luaValues: "lua-values"
        case .roster: "roster"
        case .responders: "responders"
        case .manifest: "manifest"
        }
    }

    /// Limits for the Lua the targets run: small, so the fuzzer spends its time on inputs.
    static let limits = LuaLimits(memory: 16 << 20, time: .milliseconds(500))

    /// Runs one input. Only a broken invariant stops the process (`fatalError`): that is what
    /// the fuzzer reports, with the input that did it.
    static func run(_ data: [UInt8]) {
        guard let first = data.first, let target = FuzzTarget(rawValue: first % UInt8(allCases.count)) else { return }
        let input = Array(data.dropFirst())
        switch target {
        case .json: json(input)
        case .luaValues: luaValues(String(decoding: input, as: UTF8.self))
        case .roster: _ = try? Roster.load(source: String(decoding: input, as: UTF8.self), chunkName: "@fuzz/roster.lua")
        case .responders: _ = try? ResponderProfile.load(source: String(decoding: input, as: UTF8.self), chunkName: "@fuzz/responders.lua")
        case .manifest: _ = try? PluginManifest.load(source: String(decoding: input, as: UTF8.self), file: "fuzz/plugin.lua")
        }
    }

    private static func json(_ bytes: [UInt8]) {
        guard let value = try? JSONValue(json: Data(bytes)) else { return }
        // Lua has one table for JSON's arrays and objects, and no null inside a list: compare
        // what survives one trip with what survives two.
        guard let once = try? luaTrip(value), let twice = try? luaTrip(once) else {
            fatalError("a JSON value the reader took could not make the trip through Lua: \(value)")
        }
        guard once == twice else { fatalError("the trip through Lua is not stable: \(once) then \(twice)") }
        guard let text = try? once.encodedText(), let read = try? JSONValue(json: text, maximumDepth: JSONValue.storedMaximumDepth),
            read == once
        else { fatalError("the canonical encoding does not read back: \(once)") }
    }

    /// The value pushed into a replayable state, copied back out and made JSON again.
    private static func luaTrip(_ value: JSONValue) throws -> JSONValue {
        let lua = try LuaState(profile: .replayable, limits: limits)
        lua.setGlobal("value", value.luaValue)
        return try JSONValue(lua: try lua.global("value"))
    }

    private static func luaValues(_ source: String) {
        guard let lua = try? LuaState(profile: .replayable, limits: limits) else { return }
        guard let results = try? lua.run(source, chunkName: "=fuzz") else { return }
        for result in results {
            guard let value = try? JSONValue(lua: result) else { continue }
            _ = try? value.encodedText()
            // What came out goes back in whole.
            lua.setGlobal("again", value.luaValue)
            guard let again = try? lua.global("again"), (try? JSONValue(lua: again)) != nil else {
                fatalError("a value copied out of Lua could not go back in and out: \(value)")
            }
        }
    }
}
