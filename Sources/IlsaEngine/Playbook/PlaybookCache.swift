import Foundation
import IlsaLua

/// Playbooks compiled once per process: by file name, content and plugins, the compiled chunk and
/// the metadata, and the one state that read the metadata, for the run that starts next.
///
/// `ilsa run` reads a playbook's metadata to check its parameters, then starts it: the file is
/// compiled once and its top level runs once, in the state that becomes the run's. A run rebuilt
/// from its history loads the compiled chunk instead of parsing the text again. An edited file
/// has other content, so it is another entry: a run always runs the text it is given.
final class PlaybookCache: @unchecked Sendable {
    // A lock guards the entries; a spare state is handed only to the thread that made it, since
    // a Lua state belongs to one thread.
    static let shared = PlaybookCache()

    /// How many playbook versions are kept, the least recently used dropped first.
    static let capacity = 64

    /// A version of a file, read with a set of plugins (what `require` gives changes what a top
    /// level can do).
    private struct Key: Hashable {
        var file: String
        var hash: String
        var plugins: String

        init(file: String, source: String, plugins: PluginSet) {
            self.file = file
            hash = ScriptHash.fnv1a64(source)
            self.plugins = plugins.fingerprint
        }
    }

    private struct Entry {
        var source: String
        var compiled: LuaCompiledChunk
        var metadata: Playbook?
        /// A state whose top level ran for the metadata, not yet given to a run.
        var spare: PreparedPlaybook?
        var spareThread: pthread_t?
        var used: UInt64
    }

    private let lock = NSLock()
    private var entries: [Key: Entry] = [:]
    private var tick: UInt64 = 0

    /// How many times a file was compiled, and a state made and its top level run, since the
    /// process started: what tests and benchmarks count.
    package private(set) var compilations = 0
    package private(set) var preparations = 0

    /// The file's metadata: read once per version; the state that read it is kept for the run
    /// that starts next.
    /// - Throws: ``PlaybookError``.
    func metadata(source: String, file: String, plugins: PluginSet) throws -> Playbook {
        let key = Key(file: file, source: source, plugins: plugins)
        if let metadata = lock.withLock({ entries[key].flatMap { $0.source == source ? $0.metadata : nil } }) { return metadata }
        let prepared = try PreparedPlaybook(
            source: source, file: file, compiled: try compiled(source: source, file: file, key: key), plugins: plugins)
        lock.withLock {
            preparations += 1
            entries[key]?.metadata = prepared.metadata
            entries[key]?.spare = prepared
            entries[key]?.spareThread = pthread_self()
        }
        return prepared.metadata
    }

    /// A state for a run to begin from: the spare one when it was made on this thread with these
    /// plugins, else a new one from the compiled chunk.
    /// - Throws: ``PlaybookError``.
    func prepare(source: String, file: String, plugins: PluginSet) throws -> PreparedPlaybook {
        let key = Key(file: file, source: source, plugins: plugins)
        let spare: PreparedPlaybook? = lock.withLock {
            guard var entry = entries[key], entry.source == source, let spare = entry.spare, spare.plugins == plugins,
                let thread = entry.spareThread, pthread_equal(thread, pthread_self()) != 0
            else { return nil }
            entry.spare = nil
            entries[key] = entry
            return spare
        }
        if let spare { return spare }
        let known = lock.withLock { entries[key].flatMap { $0.source == source ? $0.metadata : nil } }
        let prepared = try PreparedPlaybook(
            source: source, file: file, compiled: try compiled(source: source, file: file, key: key), plugins: plugins, known: known)
        lock.withLock {
            preparations += 1
            entries[key]?.metadata = prepared.metadata
        }
        return prepared
    }

    /// The file's compiled chunk, compiled on first use.
    /// - Throws: ``PlaybookError`` with Lua's syntax error.
    private func compiled(source: String, file: String, key: Key) throws -> LuaCompiledChunk {
        let found: LuaCompiledChunk? = lock.withLock {
            tick += 1
            guard let entry = entries[key], entry.source == source else { return nil }
            entries[key]?.used = tick
            return entry.compiled
        }
        if let found { return found }
        let compiler = try LuaState(profile: .sandbox, limits: PreparedPlaybook.loadLimits)
        defer { compiler.close() }
        let chunk: LuaCompiledChunk
        do {
            chunk = try compiler.dump(try compiler.load(source, chunkName: "@" + file))
        } catch let error as LuaError {
            throw PlaybookError(error.kind == .syntax ? .syntax : .runtime, file: file, error.message, traceback: error.traceback)
        }
        lock.withLock {
            tick += 1
            compilations += 1
            entries[key] = Entry(source: source, compiled: chunk, used: tick)
            if entries.count > Self.capacity, let oldest = entries.min(by: { $0.value.used < $1.value.used })?.key {
                entries[oldest] = nil
            }
        }
        return chunk
    }
}
