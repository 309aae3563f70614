import Foundation
import IlsaLua

/// Loading a playbook's metadata from its Lua file.
extension Playbook {
    /// Reads a playbook from the text of its file.
    ///
    /// The file is compiled and run once per process and version (``PlaybookCache``): in a fresh
    /// sandbox (16 MiB, 2 seconds) where `ilsa.workflow(spec)`
    /// checks its table and returns it; any other `ilsa.*` function raises
    /// `ilsa.task can only be called while the playbook runs, inside run(ctx)`, and `require`
    /// gives the plugins' modules, as it does in a run. The file must return the value of
    /// `ilsa.workflow { ... }`. Its `run` function is not called.
    ///
    /// - Parameters:
    ///   - source: The file's text.
    ///   - chunkName: The file's name for messages, `heavy_rain.lua` or
    ///     `workflows/heavy_rain.lua` (a leading `@` or `=`, as Lua writes chunk names, is
    ///     dropped).
    ///   - plugins: The plugins whose modules a top-level `require "kma"` may load.
    /// - Returns: The playbook's metadata.
    /// - Throws: ``PlaybookError``: Lua's `file:line: message` for syntax and runtime errors;
    ///   `file: workflow field 'name' must be ...` for a bad field; `notAWorkflow` when the file
    ///   returns something else.
    public static func load(source: String, chunkName: String, plugins: PluginSet = .empty) throws -> Playbook {
        let file = chunkName.hasPrefix("@") || chunkName.hasPrefix("=") ? String(chunkName.dropFirst()) : chunkName
        return try PlaybookCache.shared.metadata(source: source, file: file, plugins: plugins)
    }

    /// Reads the playbook file at a path. See ``load(source:chunkName:)``.
    /// - Throws: ``PlaybookError``, `unreadable` when the file cannot be read (see ``text(ofFile:)``).
    public static func load(contentsOfFile path: String, plugins: PluginSet = .empty) throws -> Playbook {
        try load(source: try text(ofFile: path), chunkName: path, plugins: plugins)
    }
}
