/// A plugin that does not load: a bad manifest, a missing file, an API version the engine does
/// not support, two plugins providing the same module, a config value of the wrong type.
///
/// The message names the plugin (or its folder) and, where there is one, `file:line`:
/// `plugins/kma/plugin.lua: field 'api': the engine supports plugin API 1, and this plugin asks for 2`.
public struct PluginError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        init(_ rawValue: String) { self.rawValue = rawValue }
        public static let missingFile = Code("missing_file")
        public static let badManifest = Code("bad_manifest")
        public static let unsupportedAPI = Code("unsupported_api")
        public static let conflict = Code("conflict")
        public static let badConfig = Code("bad_config")
        public static let badCode = Code("bad_code")
        public static let notFound = Code("not_found")
        public var description: String { rawValue }
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
