import IlsaStore
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The file system as plugins meet it: paths a manifest names must stay inside the plugin's
/// folder, and a feed is read within limits, never through a symbolic link out of its folder.
enum PluginFiles {
    /// What a path is, after following symbolic links.
    enum Kind: Equatable {
        case regular(size: Int64)
        case directory
        /// A FIFO, socket or device: never read (a FIFO would block).
        case other
        case missing
    }

    /// The path with every symbolic link, `.` and `..` resolved, or nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Whether a resolved path is `folder` itself or inside it (both resolved).
    static func isInside(_ path: String, folder: String) -> Bool {
        path == folder || path.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/")
    }

    /// What the path is, following symbolic links.
    static func kind(_ path: String) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        return kind(mode: UInt32(info.st_mode), size: Int64(info.st_size))
    }

    static func kind(mode: UInt32, size: Int64) -> Kind {
        switch mode & 0o170000 {
        case 0o100000: .regular(size: size)
        case 0o040000: .directory
        default: .other
        }
    }

    // MARK: Paths a manifest names

    /// Checks the text of a path a manifest names (`provides.roster`): relative to the
    /// plugin's folder, with no `..` component; nil when it is fine, else the rule it breaks.
    static func manifestPathProblem(_ path: String) -> String? {
        if path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return "contains a control character"
        }
        if path.hasPrefix("/") { return "is an absolute path" }
        if path.hasPrefix("~") { return "starts with '~'" }
        if path.split(separator: "/", omittingEmptySubsequences: false).contains("..") { return "has a '..' component" }
        return nil
    }

    /// A path for a message: control characters (a NUL that would cut the path short, a
    /// newline that would fake a line) shown as `?`.
    static func printable(_ path: String) -> String {
        String(String.UnicodeScalarView(path.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : $0 }))
    }

    /// The rule every path a manifest names follows, for messages.
    static let manifestPathRule =
        "a manifest names files inside its plugin's folder, by a relative path without '..' (\"roster.lua\"), "
        + "that is a regular file there after symbolic links are resolved"

    /// Checks that `relative` under `folder` is a regular file inside the folder once symbolic
    /// links are resolved.
    /// - Returns: nil when it is; `.missing` when nothing is there; else the rule it breaks.
    static func insideProblem(_ relative: String, folder: String) -> InsideProblem? {
        let path = folder + "/" + relative
        var info = stat()
        guard lstat(path, &info) == 0 else { return .missing }
        guard let root = realPath(folder) else { return .missing }
        guard let resolved = realPath(path) else { return .outside("is a symbolic link that leads nowhere") }
        guard isInside(resolved, folder: root) else {
            return .outside("leads outside the plugin's folder (through a symbolic link)")
        }
        switch kind(resolved) {
        case .regular: return nil
        case .directory: return .outside("is a folder, not a regular file")
        case .other, .missing: return .outside("is not a regular file")
        }
    }

    enum InsideProblem: Equatable {
        case missing
        case outside(String)
    }

    // MARK: Feeds

    /// How much one `feed.read()` may read.
    ///
    /// A KMA report or a crowd reading is well under 1 KiB, and a poll sees the handful of files
    /// that arrived since the last: the limits are a thousand times that, and stop a feed folder
    /// that was never cleaned, a runaway producer or a hostile file before it costs the host
    /// memory or time. Past a limit, `feed.read()` raises an error naming it and reads nothing.
    struct FeedLimits: Sendable, Equatable {
        /// Bytes in one feed file: 1 MiB. Parsing 1 MiB of JSON takes milliseconds.
        var maxFileBytes: Int64 = 1 << 20
        /// `*.json` files in a feed folder: 256. The folder is listed only until the 257th, so
        /// a folder of a million entries costs no more than one of 257.
        var maxFiles = 256
        /// Bytes of all the files of one read: 16 MiB, the memory a hook's Lua state has; more
        /// could never reach the plugin as tables.
        var maxTotalBytes: Int64 = 16 << 20

        static let standard = FeedLimits()
    }

    /// A feed problem: `feed: <file>: ...`, raised in the plugin's code as a string.
    struct FeedError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// The JSON documents of a feed: the file, or every `*.json` file of the folder in name
    /// order; nothing when the path does not exist.
    ///
    /// The operator granted `path` (it may itself be a symbolic link). In a folder, an entry
    /// that resolves outside the folder is refused (an error; it is not opened), and entries
    /// that are not regular files (folders, FIFOs, sockets, devices, dangling links) are skipped.
    /// - Throws: ``FeedError`` naming the file and the limit or rule.
    static func readFeed(_ path: String, limits: FeedLimits = .standard) throws -> [(String, JSONValue)] {
        let files: [(shown: String, resolved: String)]
        switch kind(path) {
        case .missing:
            return []
        case .other:
            throw FeedError(message: "feed: \(path) is neither a regular file nor a folder; not read")
        case .regular:
            files = [(path, realPath(path) ?? path)]
        case .directory:
            guard let root = realPath(path) else { return [] }
            var entries: [(String, String)] = []
            for name in try jsonNames(in: root, path: path, limit: limits.maxFiles) {
                let shown = path + "/" + name
                guard let resolved = realPath(root + "/" + name) else { continue }  // a dangling link
                guard isInside(resolved, folder: root) else {
                    throw FeedError(message: "feed: \(shown) leads outside the granted folder \(path) (a symbolic link); not read")
                }
                guard case .regular = kind(resolved) else { continue }
                entries.append((shown, resolved))
            }
            files = entries
        }
        var total: Int64 = 0
        return try files.map { shown, resolved in
            let data = try readBounded(resolved, shown: shown, limit: limits.maxFileBytes)
            total += Int64(data.count)
            guard total <= limits.maxTotalBytes else {
                throw FeedError(
                    message: """
                        feed: the files of \(path) come to more than \(describe(limits.maxTotalBytes)), the limit per read, \
                        with \(shown); not read
                        """)
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw FeedError(message: "feed: \(shown) is not UTF-8 text")
            }
            do { return (shown, try JSONValue(json: text)) } catch {
                throw FeedError(message: "feed: \(shown) is not JSON: \(error)")
            }
        }
    }

    /// `1048576 bytes (1 MiB)`, `512 bytes`.
    static func describe(_ bytes: Int64) -> String {
        let unit =
            bytes >= 1 << 20 && bytes % (1 << 20) == 0
            ? "\(bytes >> 20) MiB"
            : bytes >= 1 << 10 && bytes % (1 << 10) == 0 ? "\(bytes >> 10) KiB" : nil
        return "\(bytes) bytes" + (unit.map { " (\($0))" } ?? "")
    }

    /// The `*.json` names in a folder, sorted; an error once there are more than `limit`.
    private static func jsonNames(in folder: String, path: String, limit: Int) throws -> [String] {
        guard let directory = opendir(folder) else { throw FeedError(message: "feed: cannot list \(path)") }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: entry.pointee.d_name)) { String(cString: $0) }
            }
            guard name.hasSuffix(".json") else { continue }
            names.append(name)
            if names.count > limit {
                throw FeedError(
                    message: """
                        feed: \(path) holds more than \(limit) *.json files, the limit per read; \
                        move the files already read elsewhere (a run never gets one id twice)
                        """)
            }
        }
        return names.sorted()
    }

    /// Reads a regular file of at most `limit` bytes, without following a final symbolic link
    /// and without blocking on anything that is not a regular file.
    private static func readBounded(_ resolved: String, shown: String, limit: Int64) throws -> Data {
        let fd = open(resolved, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw FeedError(message: "feed: cannot read \(shown)") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, case .regular(let size) = kind(mode: UInt32(info.st_mode), size: Int64(info.st_size)) else {
            throw FeedError(message: "feed: \(shown) is not a regular file; not read")
        }
        let tooLarge = FeedError(
            message: """
                feed: \(shown) is larger than \(describe(limit)), the limit per feed file; not read
                """)
        guard size <= limit else { throw tooLarge }
        // The file may grow between fstat and read: read one byte past the limit at most.
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while Int64(data.count) <= limit {
            let wanted = min(buffer.count, Int(limit + 1) - data.count)
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, wanted) }
            if n < 0 {
                if errno == EINTR { continue }
                throw FeedError(message: "feed: cannot read \(shown)")
            }
            if n == 0 { break }
            data.append(contentsOf: buffer[0..<n])
        }
        guard Int64(data.count) <= limit else { throw tooLarge }
        return data
    }
}
