/// An error from Lua: a syntax error, a runtime error, or a limit that stopped the chunk.
///
/// `message` is Lua's own (`"heavy_rain.lua:12: attempt to index a nil value (local 'd')"`);
/// `traceback` is the stack at the point of the error, when Lua could give one.
public struct LuaError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is. New kinds may be added.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: Hashable, Sendable {
            case syntax, runtime, memory, timeout, cancelled, errorHandler
        }
        private let wrapped: Wrapped
        private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

        /// The chunk does not compile (`file:line: message`).
        public static let syntax = Kind(.syntax)
        /// The chunk raised an error while running.
        public static let runtime = Kind(.runtime)
        /// The chunk went past its memory budget.
        public static let memory = Kind(.memory)
        /// The chunk went past its time limit.
        public static let timeout = Kind(.timeout)
        /// The host cancelled the chunk (Ctrl-C, a watchdog, a cancelled run).
        public static let cancelled = Kind(.cancelled)
        /// The error handler itself failed.
        public static let errorHandler = Kind(.errorHandler)

        public var description: String {
            switch wrapped {
            case .syntax: "syntax error"
            case .runtime: "runtime error"
            case .memory: "out of memory"
            case .timeout: "time limit exceeded"
            case .cancelled: "cancelled"
            case .errorHandler: "error in error handling"
            }
        }
    }

    public var kind: Kind
    /// Lua's message, with `chunkname:line:` in front when Lua knows where.
    public var message: String
    /// `stack traceback:` and its lines, or nil.
    public var traceback: String?
    /// For a syntax error: whether more input could complete the chunk (`for i = 1, 2 do`).
    public var isIncompleteInput: Bool

    public init(kind: Kind, message: String, traceback: String? = nil, isIncompleteInput: Bool = false) {
        self.kind = kind
        self.message = message
        self.traceback = traceback
        self.isIncompleteInput = isIncompleteInput
    }

    public var description: String { message }

    /// The message followed by the traceback, as `lua5.4` prints an uncaught error.
    public var detailedDescription: String {
        guard let traceback else { return message }
        return message + "\n" + traceback
    }
}
