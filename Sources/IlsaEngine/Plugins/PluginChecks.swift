import IlsaLua

/// Checks loaded plugins beyond their manifests: each module each plugin provides is required
/// in a fresh sandbox, so an error in `init.lua` shows before a playbook needs it.
public enum PluginChecks {
    /// One message per module that does not load: `plugin 'kma': plugins/kma/init.lua:3: ...`.
    public static func check(_ plugins: PluginSet) -> [String] {
        var problems: [String] = []
        for plugin in plugins.plugins {
            for module in plugin.manifest.provides.modules {
                do {
                    let lua = try LuaState(profile: .sandbox, limits: .sandboxDefault)
                    defer { lua.close() }
                    try PluginModules.install(plugins, into: lua)
                    try lua.run(requireModule, arguments: [.string(LuaString(module))])
                } catch {
                    problems.append("\(error)")
                }
            }
        }
        return problems
    }

    private static let requireModule = LuaHostChunk("require(...)", chunkName: "=check")
}
