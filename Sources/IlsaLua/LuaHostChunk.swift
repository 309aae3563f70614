import Synchronization

/// Lua text the host writes itself (a prelude, a wrapper around a Swift function), compiled once
/// per process: the first state that runs it compiles it, and every later state loads the
/// compiled chunk, skipping the parser. A run's state runs several of these; compiling them
/// each time cost a fifth of starting a run.
///
/// Only for constant text the host owns: a script's or a file's text is compiled by
/// ``LuaState/load(_:chunkName:)-(String,_)`` each time, or cached by content where it is
/// trusted to be the same (the playbook cache).
///
/// ```swift
/// static let wrapper = LuaHostChunk("local f = ...; return function(x) return f(x) end", chunkName: "=wrapper")
/// let results = try lua.run(Self.wrapper, arguments: [function])
/// ```
public final class LuaHostChunk: Sendable {
    public let source: String
    /// The name in messages and tracebacks (`"=ilsa"`).
    public let chunkName: String
    private let compiled = Mutex<LuaCompiledChunk?>(nil)

    public init(_ source: String, chunkName: String) {
        self.source = source
        self.chunkName = chunkName
    }

    /// The chunk as a function of `lua`: loaded from the compiled bytes once there are some.
    fileprivate func function(in lua: LuaState) throws -> LuaValue {
        if let chunk = compiled.withLock({ $0 }) { return try lua.load(compiled: chunk, chunkName: chunkName) }
        let function = try lua.load(source, chunkName: chunkName)
        let chunk = try lua.dump(function)
        compiled.withLock { $0 = chunk }
        return function
    }
}

extension LuaState {
    /// Runs host-written Lua (``LuaHostChunk``), within the state's limits.
    /// - Returns: What the chunk returned.
    /// - Throws: ``LuaError``.
    @discardableResult
    public func run(_ chunk: LuaHostChunk, arguments: [LuaValue] = []) throws -> [LuaValue] {
        try call(try chunk.function(in: self), arguments)
    }
}
