public import Foundation
public import IlsaEngine

/// Where the tests' files are: the package root and what the repository ships (the Ansan roster,
/// its responders, the playbooks, the plugins, the docs), and the files kept for the tests
/// (`Tests/Fixtures`, `Tests/Conformance`). Every test finds a file through here; none works out a
/// path on its own.
public enum Fixtures {
    /// The package root, the folder of `Package.swift`.
    ///
    /// Found from where this file was compiled (`Sources/IlsaTesting/Fixtures.swift`): the one place
    /// the tests look at their own source path.
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // IlsaTesting
        .deletingLastPathComponent()  // Sources
        .deletingLastPathComponent()

    /// A file or folder under the package root, by its path from there (`docs/api.md`).
    public static func url(_ relative: String) -> URL { packageRoot.appendingPathComponent(relative) }

    /// ``url(_:)``'s path.
    public static func path(_ relative: String) -> String { url(relative).path }

    /// The text of a file under the package root.
    public static func text(_ relative: String) throws -> String {
        try String(contentsOf: url(relative), encoding: .utf8)
    }

    /// `workflows/`: the city's playbooks.
    public static let workflows = url("workflows")
    /// `plugins/`: the shipped plugins (ansan, kma, crowd, notify).
    public static let plugins = url("plugins")
    /// `docs/`.
    public static let docs = url("docs")
    /// `Tests/Conformance/`: the Lua conformance scripts.
    public static let conformance = url("Tests/Conformance")
    /// `Tests/Fixtures/`: files made for the tests (a store written by the last release).
    public static let testFiles = url("Tests/Fixtures")

    /// `plugins/ansan/roster.lua`: the city's roster.
    public static let rosterPath = path("plugins/ansan/roster.lua")
    /// `plugins/ansan/responders.lua`: the drills' responders.
    public static let respondersPath = path("plugins/ansan/responders.lua")

    /// The city's roster, loaded once.
    public static let roster: Roster = {
        do {
            return try Roster.load(contentsOfFile: rosterPath)
        } catch {
            fatalError("\(rosterPath) does not load: \(error)")
        }
    }()

    /// The shipped plugins' modules (`require "kma"`), without hooks or feeds, as a drill has them.
    public static let pluginModules: PluginSet = {
        do {
            return try PluginSet.discover(in: [plugins.path]).modulesOnly
        } catch {
            fatalError("\(plugins.path) does not load: \(error)")
        }
    }()

    /// T0 of the tests and drills: 16 July 2025, 00:00 UTC (09:00 in Ansan), the morning the
    /// 2025 heavy-rain advisory came in.
    public static let t0 = Date(timeIntervalSince1970: 1_752_624_000)
    /// ``t0`` in milliseconds since 1970, as histories keep times.
    public static let t0ms: Int64 = 1_752_624_000_000
}
