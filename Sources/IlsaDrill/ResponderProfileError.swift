/// Why a responders file could not be loaded: every problem found, each at its line.
///
/// ```text
/// responders.lua:4: role 'DONG.HEAD': 'miss' must be a chance from 0 to 1, got 1.5
/// responders.lua:9: signal has unknown field 'payloads' (did you mean 'payload'?)
/// ```
public struct ResponderProfileError: Error, Sendable, CustomStringConvertible {
    /// One thing wrong in the file.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        /// The line of the entry (`role "DONG.HEAD" { ... }`), or nil for the file as a whole.
        public var line: Int?
        /// What is wrong; Lua's own messages already start with `file:line:`.
        public var message: String

        public init(line: Int?, _ message: String) {
            self.line = line
            self.message = message
        }

        public var description: String { message }
    }

    /// The file's name as messages show it: `plugins/ansan/responders.lua`.
    public var file: String
    /// Every problem, in the file's order. Never empty.
    public var problems: [Problem]

    public init(file: String, problems: [Problem]) {
        precondition(!problems.isEmpty, "a ResponderProfileError has at least one problem")
        self.file = file
        self.problems = problems
    }

    /// The first problem's line.
    public var line: Int? { problems[0].line }

    /// One line per problem: `file:line: message`.
    public var description: String {
        problems.map { problem in
            if problem.message.hasPrefix(file + ":") { return problem.message }
            return problem.line.map { "\(file):\($0): \(problem.message)" } ?? "\(file): \(problem.message)"
        }.joined(separator: "\n")
    }
}
