import Foundation
@testable import IlsaEngine
import IlsaTesting

/// Plugin folders made for a test, in a temporary folder of its own.
final class PluginFixtures {
    /// Removed with the fixtures.
    private let folder: TemporaryFolder
    var root: URL { folder.url }

    init() throws { folder = try TemporaryFolder(prefix: "ilsa-plugins") }

    var path: String { root.path }

    /// Writes `plugins/<name>/plugin.lua` and `init.lua`; a nil text leaves the file out.
    @discardableResult
    func plugin(_ name: String, manifest: String?, code: String?, in folder: String = "plugins") throws -> String {
        let dir = root.appendingPathComponent(folder).appendingPathComponent(name)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        if let manifest { try manifest.write(to: dir.appendingPathComponent("plugin.lua"), atomically: true, encoding: .utf8) }
        if let code { try code.write(to: dir.appendingPathComponent("init.lua"), atomically: true, encoding: .utf8) }
        return dir.path
    }

    /// A manifest providing `modules`, with extra fields spliced in.
    static func manifest(_ name: String, modules: [String] = [], extra: String = "") -> String {
        let list = modules.map { "\"\($0)\"" }.joined(separator: ", ")
        return """
            return {
              name = "\(name)", version = "1.0.0", api = { 1 }, description = "test plugin \(name)",
              provides = { modules = { \(list) } },
              \(extra)
            }
            """
    }

    /// Code returning one module per name, each `{ name = <module> }` plus `body`.
    static func code(modules: [String], body: String = "") -> String {
        body + "\nreturn { modules = { " + modules.map { "[\"\($0)\"] = { name = \"\($0)\" }" }.joined(separator: ", ") + " } }\n"
    }

    var pluginsFolder: String { root.appendingPathComponent("plugins").path }
}
