public import IlsaEngine
import Foundation
import IlsaLua

/// Loading a responders file: Lua data, run in an empty sandbox like the roster, that calls
/// `default`, `role`, `escalated`, `tower` and `signal`:
///
/// ```lua
/// default { acknowledge = { "5m", "20m" }, finish = { 0.4, 1.1 }, miss = 0.10 }
/// role "DONG.HEAD" { acknowledge = { "5m", "20m" }, finish = { 0.5, 1.3 }, miss = 0.12 }
/// role "FIRE.SC119" { acknowledge = { "1m", "5m" }, finish = { "10m", "40m" }, miss = 0.02 }
/// escalated { acknowledge = { "3m", "12m" }, miss = 0.15 }
/// tower { acknowledge = { "2m", "10m" }, decide = { "5m", "20m" }, choose = "first" }
/// signal { at = "45m", name = "rain_reading", payload = { mm_per_hour = 62 }, playbook = "heavy_rain" }
/// ```
extension ResponderProfile {
    static let loadLimits = LuaLimits(memory: 16 << 20, time: .seconds(2))

    /// Runs the file with only the five entry functions in its environment. Each entry records
    /// the line it is called from (`pcall(error, "", level)` gives `file:line:` without the debug
    /// library), so every problem found later names its line.
    static let prelude = LuaHostChunk(
        """
        local source, name = ...
        local match, pcall, error, type, tonumber = string.match, pcall, error, type, tonumber
        for key in pairs(string) do string[key] = nil end
        local entries = {}
        local function line()
          local _, where = pcall(error, "", 4)
          return tonumber(match(type(where) == "string" and where or "", ":(%d+):%s*$"))
        end
        local function entry(kind)
          return function(fields)
            entries[#entries + 1] = { kind = kind, fields = fields, line = line() }
          end
        end
        local env = { default = entry("default"), escalated = entry("escalated"), tower = entry("tower"), signal = entry("signal") }
        function env.role(code)
          if type(code) ~= "string" then
            error("role takes a role code, then a table: role \\"DONG.HEAD\\" { acknowledge = ... }", 2)
          end
          local record = { kind = "role", code = code, line = line() }
          entries[#entries + 1] = record
          return function(fields) record.fields = fields end
        end
        local chunk, message = load(source, name, "t", env)
        if not chunk then return false, message end
        chunk()
        return true, entries
        """, chunkName: "=responders loader")

    /// Loads a responders file over the built-in profile (``ansan``).
    ///
    /// `default` replaces the fallback responder; `role "CODE"` replaces that role's responder,
    /// taking the fields it leaves out from the built-in entry for the role, else from the
    /// default; `escalated` and `tower` replace theirs field by field; `signal` entries are added
    /// in order. Delays are a duration (`"5m"`) or a range (`{ "5m", "20m" }`); `finish` may also
    /// be a share of the time the task allows (`{ 0.5, 1.2 }` or `0.8`); chances are numbers from
    /// 0 to 1.
    ///
    /// - Parameters:
    ///   - source: The file's text.
    ///   - chunkName: The file's name for messages (a leading `@` is dropped).
    ///   - base: The profile the file changes.
    /// - Throws: ``ResponderProfileError`` with every problem, each at its line.
    public static func load(source: String, chunkName: String, over base: ResponderProfile = .ansan) throws -> ResponderProfile {
        let file = chunkName.hasPrefix("@") || chunkName.hasPrefix("=") ? String(chunkName.dropFirst()) : chunkName
        let entries = try evaluate(source: source, file: file)
        var reader = ResponderFileReader(base: base, file: file)
        let profile = reader.read(entries)
        guard reader.problems.isEmpty else { throw ResponderProfileError(file: file, problems: reader.problems) }
        return profile
    }

    /// Loads the responders file at a path. See ``load(source:chunkName:over:)``.
    /// - Throws: ``ResponderProfileError``, or the error reading the file.
    public static func load(contentsOfFile path: String, over base: ResponderProfile = .ansan) throws -> ResponderProfile {
        try load(source: try String(contentsOfFile: path, encoding: .utf8), chunkName: path, over: base)
    }

    /// Checks the role codes the profile names against a roster.
    /// - Throws: ``ResponderProfileError`` naming each unknown role at its line, with the nearest known one.
    public func validate(against roster: Roster) throws {
        let known = roster.roles.map(\.code.rawValue)
        let problems = roleLines.sorted { ($0.value, $0.key) < ($1.value, $1.key) }.compactMap { code, line in
            roster.role(Role.Code(code)) == nil
                ? ResponderProfileError.Problem(line: line, "the roster has no role '\(code)'" + DidYouMean.hint(for: code, in: known))
                : nil
        }
        guard problems.isEmpty else { throw ResponderProfileError(file: name, problems: problems) }
    }

    /// Runs the file and returns its entries, in order.
    private static func evaluate(source: String, file: String) throws -> [LuaTable] {
        let results: [LuaValue]
        do {
            let lua = try LuaState(profile: .sandbox, limits: loadLimits)
            defer { lua.close() }
            results = try lua.run(prelude, arguments: [.string(LuaString(source)), .string(LuaString("@" + file))])
        } catch let error as LuaError {
            let hint =
                error.message.contains("a nil value (global")
                ? " (a responders file is data: it sees only default, role, escalated, tower and signal)" : ""
            throw ResponderProfileError(file: file, problems: [.init(line: nil, error.message + hint)])
        }
        guard results.first == .boolean(true), case .table(let list)? = results.dropFirst().first else {
            let message = results.dropFirst().first?.stringValue ?? "\(file): does not compile"
            throw ResponderProfileError(file: file, problems: [.init(line: nil, message)])
        }
        return list.array.compactMap(\.tableValue)
    }
}
