public import IlsaStore
import Foundation
import IlsaLua

extension PluginManifest {
    /// The engine plugin API versions this engine supports.
    public static let supportedAPI: Set<Int> = [1]

    static let topLevelKeys: Set<String> = ["name", "version", "api", "description", "provides", "permissions", "config"]
    static let provideKeys: Set<String> = ["modules", "hooks", "channels", "signals", "roster"]

    /// Reads and checks a manifest. `plugin.lua` runs in an empty environment (no library, no
    /// globals) with 4 MiB and 1 second: it can only build and return a table.
    /// - Parameter file: The path for messages (`plugins/kma/plugin.lua`).
    /// - Throws: ``PluginError`` naming the file, and the line for Lua errors.
    public static func load(source: String, file: String) throws -> PluginManifest {
        let table = try evaluate(source: source, file: file)
        func bad(_ text: String) -> PluginError { PluginError(.badManifest, "\(file): \(text)") }
        for case .string(let key) in table.fields.keys where !topLevelKeys.contains(key.text) {
            throw bad("unknown field '\(key.text)' (fields: \(topLevelKeys.sorted().joined(separator: ", ")))")
        }
        if !table.array.isEmpty { throw bad("the manifest is a table of named fields, not a list") }
        func string(_ value: LuaValue, _ field: String, required: Bool = true) throws -> String? {
            switch value {
            case .string(let s) where !s.text.isEmpty: return s.text
            case .nil where !required: return nil
            case .nil: throw bad("field '\(field)' is missing")
            default: throw bad("field '\(field)' must be a non-empty string, not \(value.typeName)")
            }
        }
        func strings(_ value: LuaValue, _ field: String) throws -> [String] {
            switch value {
            case .nil: return []
            case .table(let t) where t.fields.isEmpty:
                return try t.array.enumerated().map { index, item in
                    guard case .string(let s) = item, !s.text.isEmpty else {
                        throw bad("field '\(field)'[\(index + 1)] must be a non-empty string, not \(item.typeName)")
                    }
                    return s.text
                }
            default: throw bad("field '\(field)' must be a list of strings")
            }
        }
        let name = try string(table["name"], "name")!
        guard name.range(of: "^[a-z][a-z0-9_]*$", options: .regularExpression) != nil else {
            throw bad("field 'name': '\(name)' must be snake_case (a-z, 0-9, _)")
        }
        let version = try string(table["version"], "version")!
        guard version.range(of: "^[0-9]+\\.[0-9]+\\.[0-9]+", options: .regularExpression) != nil else {
            throw bad("field 'version': '\(version)' is not a version like 1.0.0")
        }
        let api: [Int]
        switch table["api"] {
        case .integer(let i): api = [Int(i)]
        case .table(let t) where t.fields.isEmpty && !t.array.isEmpty:
            api = try t.array.map {
                guard let i = $0.integerValue else { throw bad("field 'api' lists engine API versions, integers: api = { 1 }") }
                return Int(i)
            }
        case .nil: throw bad("field 'api' is missing: the engine plugin API versions the plugin works with, api = { 1 }")
        default: throw bad("field 'api' lists engine API versions, integers: api = { 1 }")
        }
        guard api.contains(where: supportedAPI.contains) else {
            let supported = supportedAPI.sorted().map(String.init).joined(separator: ", ")
            throw PluginError(
                .unsupportedAPI,
                """
                \(file): plugin '\(name)' works with engine plugin API \(api.map(String.init).joined(separator: ", ")), \
                and this engine supports \(supported)
                """)
        }
        let description = try string(table["description"], "description")!

        var provides = Provides()
        switch table["provides"] {
        case .nil: break
        case .table(let t):
            for case .string(let key) in t.fields.keys where !provideKeys.contains(key.text) {
                throw bad("field 'provides': unknown kind '\(key.text)' (kinds: \(provideKeys.sorted().joined(separator: ", ")))")
            }
            provides.modules = try strings(t["modules"], "provides.modules")
            provides.hooks = try strings(t["hooks"], "provides.hooks").map { hook in
                guard let known = PluginHook(rawValue: hook) else {
                    throw bad(
                        "field 'provides.hooks': unknown hook '\(hook)' (hooks: \(PluginHook.allCases.map(\.rawValue).joined(separator: ", ")))"
                    )
                }
                return known
            }
            provides.channels = try strings(t["channels"], "provides.channels")
            provides.signals = try strings(t["signals"], "provides.signals")
            provides.roster = try string(t["roster"], "provides.roster", required: false)
            if let roster = provides.roster, let problem = PluginFiles.manifestPathProblem(roster) {
                throw bad("field 'provides.roster': '\(PluginFiles.printable(roster))' \(problem); \(PluginFiles.manifestPathRule)")
            }
        default: throw bad("field 'provides' must be a table: provides = { modules = { \"\(name)\" } }")
        }
        for module in provides.modules where module.range(of: "^[a-z][a-z0-9_.]*$", options: .regularExpression) == nil {
            throw bad("field 'provides.modules': '\(module)' is not a module name (a-z, 0-9, _ and .)")
        }
        if Set(provides.modules).count != provides.modules.count { throw bad("field 'provides.modules' names a module twice") }

        let permissions = try strings(table["permissions"], "permissions").map { permission in
            guard let known = PluginPermission(rawValue: permission) else {
                throw bad(
                    "field 'permissions': unknown permission '\(permission)' (permissions: \(PluginPermission.allCases.map(\.rawValue).joined(separator: ", ")))"
                )
            }
            return known
        }

        var config: [String: ConfigField] = [:]
        switch table["config"] {
        case .nil: break
        case .table(let t) where t.array.isEmpty:
            for (key, value) in t.fields {
                guard case .string(let keyText) = key else { throw bad("field 'config': keys must be names") }
                let key = keyText.text
                guard case .table(let spec) = value else {
                    throw bad("field 'config.\(key)' must be a table: { type = \"string\", default = ..., description = \"...\" }")
                }
                guard let typeName = spec["type"].stringValue, let type = ConfigType(rawValue: typeName) else {
                    throw bad("field 'config.\(key).type' must be one of \(ConfigType.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                if let permission = PluginPermission.granted(by: key) {
                    try checkGrant(key, permission, spec: spec, permissions: permissions, bad: bad)
                }
                let defaultValue: JSONValue
                do { defaultValue = try JSONValue(lua: spec["default"], path: "config.\(key).default") } catch {
                    throw bad("field 'config.\(key).default': \(error)")
                }
                if defaultValue != .null, !type.accepts(defaultValue) {
                    throw PluginError(
                        .badConfig, "\(file): field 'config.\(key).default' must be a \(type.rawValue), not \(defaultValue.typeName)")
                }
                config[key] = ConfigField(type: type, defaultValue: defaultValue, description: spec["description"].stringValue ?? "")
            }
        default: throw bad("field 'config' must be a table of named keys")
        }
        // A grant the manifest does not declare is in the schema all the same, so the operator can set it.
        for permission in permissions {
            guard let key = permission.grantKey, config[key] == nil else { continue }
            config[key] = ConfigField(type: .string, defaultValue: .null, description: permission.grantMeaning)
        }
        return PluginManifest(
            name: name, version: version, api: api, description: description, provides: provides, permissions: permissions,
            config: config)
    }

    /// Checks a config key that holds a grant (`feed`, `outbox`, `webhook_url`): the manifest
    /// asks for its permission, the type is string, and there is no default, since the value is
    /// the operator's to give.
    private static func checkGrant(
        _ key: String, _ permission: PluginPermission, spec: LuaTable, permissions: [PluginPermission], bad: (String) -> PluginError
    ) throws {
        let rule = """
            '\(key)' is the \(permission.rawValue) grant (\(permission.grantMeaning)): its value comes only from the \
            operator's configuration (ILSA_PLUGIN_CONFIG)\(permission.engineDefaultRule.map { " or the engine's default, \($0)" } ?? ""), \
            never from a manifest
            """
        guard permissions.contains(permission) else {
            throw bad("field 'config.\(key)': \(rule); this manifest does not ask for the \(permission.rawValue) permission")
        }
        if spec["default"] != .nil {
            throw bad("field 'config.\(key).default': \(rule); remove the default")
        }
        if let type = spec["type"].stringValue, type != ConfigType.string.rawValue {
            throw bad("field 'config.\(key).type' must be string: \(rule)")
        }
    }

    /// The loader: compiles the text in an empty environment and returns (true, table) or (false, message).
    private static let prelude = LuaHostChunk(
        """
        local source, name = ...
        local chunk, problem = load(source, name, "t", {})
        if not chunk then return false, problem end
        return true, chunk()
        """, chunkName: "=manifest loader")

    private static func evaluate(source: String, file: String) throws -> LuaTable {
        let results: [LuaValue]
        do {
            let lua = try LuaState(profile: .sandbox, limits: LuaLimits(memory: 4 << 20, time: .seconds(1)))
            defer { lua.close() }
            results = try lua.run(prelude, arguments: [.string(LuaString(source)), .string(LuaString("@" + file))])
        } catch let error as LuaError {
            let message = error.message.hasPrefix(file) ? error.message : "\(file): \(error.message)"
            let hint = error.message.contains("(global '") ? " (a manifest is data only: it runs with no globals)" : ""
            throw PluginError(.badManifest, message + hint)
        }
        guard results.first == .boolean(true) else {
            throw PluginError(.badManifest, results.dropFirst().first?.stringValue ?? "\(file): does not compile")
        }
        guard results.count > 1, case .table(let table) = results[1] else {
            throw PluginError(.badManifest, "\(file): must return a table: return { name = ..., version = ..., api = { 1 }, ... }")
        }
        return table
    }
}

extension JSONValue {
    /// The JSON type's name as a config schema says it: string, number, integer, boolean, table.
    var typeName: String {
        switch self {
        case .null: "nil"
        case .bool: "boolean"
        case .integer: "integer"
        case .number: "number"
        case .string: "string"
        case .array, .object: "table"
        }
    }
}
