import IlsaLua

/// The globals and library functions a playbook sees, and those standard Lua has that the
/// sandbox leaves out, read from real states of both profiles (``LuaProfile``) so the list
/// cannot drift from `CLuaShims/sandbox.c`.
struct SandboxGlobals: Sendable {
    /// Globals of the sandbox (`print`, `pcall`, `string`, `math`...).
    let available: Set<String>
    /// Globals of the full profile that the sandbox lacks: `io`, `os`, `debug`, `package`,
    /// `require`, `dofile`, `loadfile`.
    let removed: Set<String>
    /// Globals of the full profile that are tables (libraries): `os`, `string`...
    let libraries: Set<String>
    /// For each library the sandbox keeps, its functions: `string` → `format`, `rep`...
    let fields: [String: Set<String>]
    /// For each library the sandbox keeps, the functions it drops: `string` → `dump`.
    let removedFields: [String: Set<String>]

    /// Read once per process: opening two Lua states takes about a millisecond.
    static let shared = SandboxGlobals()

    /// Lists `_G`'s keys, and for each library `lib.` and its keys as `lib.key`.
    private static let lister = """
        local names = {}
        for key, value in pairs(_G) do
          if type(key) == "string" then
            names[#names + 1] = key
            if type(value) == "table" and key ~= "_G" then
              names[#names + 1] = key .. "."
              for field in pairs(value) do
                if type(field) == "string" then names[#names + 1] = key .. "." .. field end
              end
            end
          end
        end
        return table.concat(names, " ")
        """

    private init() {
        let sandbox = Self.names(in: .sandbox)
        let full = Self.names(in: .full)
        available = Set(sandbox.filter { !$0.contains(".") })
        removed = Set(full.filter { !$0.contains(".") }).subtracting(available)
        libraries = Set(full.filter { $0.hasSuffix(".") }.map { String($0.dropLast()) })
        var fields: [String: Set<String>] = [:]
        var removedFields: [String: Set<String>] = [:]
        for name in sandbox.union(full) where name.contains(".") && !name.hasSuffix(".") {
            let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
            guard available.contains(parts[0]) else { continue }
            if sandbox.contains(name) {
                fields[parts[0], default: []].insert(parts[1])
            } else {
                removedFields[parts[0], default: []].insert(parts[1])
            }
        }
        self.fields = fields
        self.removedFields = removedFields
    }

    private static func names(in profile: LuaProfile) -> Set<String> {
        guard let lua = try? LuaState(profile: profile),
            let result = try? lua.run(lister, chunkName: "=sandbox globals").first?.stringValue
        else { return [] }
        lua.close()
        return Set(result.split(separator: " ").map(String.init))
    }
}
