import ArgumentParser
import Foundation
import IlsaEngine

/// `--roster PATH`, for every command that needs the city's roster.
///
/// The roster is, in this order: the file `--roster` names; the file `$ILSA_ROSTER` names; the
/// roster of the first plugin that provides one (`provides.roster` in its manifest; plugins are
/// found in `./plugins` and `$ILSA_PLUGIN_PATH`); `plugins/ansan/roster.lua` under the current
/// folder when it exists; else none, and the command says what it cannot check without one.
///
/// ```swift
/// @OptionGroup var rosterOption: RosterOption
/// let roster = try rosterOption.load()   // nil when there is none
/// ```
struct RosterOption: ParsableArguments {
    /// The roster the project ships, relative to the current folder.
    static let defaultPath = "plugins/ansan/roster.lua"
    /// The variable that names a roster when `--roster` is not given.
    static let environmentVariable = "ILSA_ROSTER"

    @Option(
        help: ArgumentHelp(
            "The roster file (default: $ILSA_ROSTER, else \(RosterOption.defaultPath) if it exists).",
            valueName: "path"))
    var roster: String?

    /// Where the roster comes from, for messages.
    enum Origin: Equatable {
        case flag, environment, plugin, projectDefault
    }

    /// The roster's path and where it comes from, or nil when there is none.
    func resolve(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) -> (path: String, origin: Origin)? {
        if let roster { return (roster, .flag) }
        if let path = environment[Self.environmentVariable], !path.isEmpty { return (path, .environment) }
        // A plugin that does not load is reported by `ilsa plugins`; the roster falls back.
        let folders = PluginSet.searchPath(environment: environment, currentDirectory: currentDirectory)
        if let plugins = try? PluginSet.discover(in: folders, directory: currentDirectory), let path = plugins.rosterPath {
            return (Self.relative(path, to: currentDirectory), .plugin)
        }
        let fallback = URL(fileURLWithPath: currentDirectory).appendingPathComponent(Self.defaultPath).path
        return FileManager.default.fileExists(atPath: fallback) ? (Self.defaultPath, .projectDefault) : nil
    }

    /// Loads the roster, or returns nil when there is none.
    /// - Throws: ``InputError`` when the file named does not exist or does not load.
    func load(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) throws -> Roster? {
        guard let (path, origin) = resolve(environment: environment, currentDirectory: currentDirectory) else { return nil }
        let named = origin == .environment ? "\(Self.environmentVariable)=\(path)" : origin == .flag ? "--roster \(path)" : path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError("\(named): no such roster file")
        }
        guard !isDirectory.boolValue else { throw InputError("\(named): is a folder; give the roster file (roster.lua)") }
        do {
            return try Roster.load(contentsOfFile: path)
        } catch let error as RosterError {
            throw InputError("the roster does not load: \(error)")
        } catch {
            throw InputError("\(named): cannot read the roster (\(error.localizedDescription))")
        }
    }

    /// `path` relative to `folder` when it is inside it, for shorter messages.
    static func relative(_ path: String, to folder: String) -> String {
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    /// What a command cannot check without a roster, with how to give one.
    static func missingNote(_ what: String) -> String {
        "no roster, so \(what) are not checked; give one with --roster PATH or \(environmentVariable)"
    }
}
