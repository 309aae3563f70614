/// One function of the playbook API (`ilsa.task`) or one method of a handle it returns
/// (`ilsa.Task:wait`), as the reference, `ilsa api`, the REPL's `:help` and the LuaLS
/// definitions describe it.
///
/// Entries live in ``APIReference``; ``PlaybookAPI`` (what `ilsa check` accepts) derives its names
/// from them, and a test compares them with what the runtime registers.
public struct APIEntry: Sendable, Hashable {
    /// A parameter of a function or method.
    public struct Parameter: Sendable, Hashable {
        /// The parameter's name as the signature shows it: `spec`, `due`.
        public var name: String
        /// Its type as LuaLS writes it: `string`, `integer`, `ilsa.TaskSpec`, `ilsa.DueTime`.
        public var type: String
        /// What it means.
        public var summary: String
        /// Whether it may be left out.
        public var optional: Bool

        public init(_ name: String, _ type: String, _ summary: String, optional: Bool = false) {
            self.name = name
            self.type = type
            self.summary = summary
            self.optional = optional
        }
    }

    /// A value a function or method returns.
    public struct Return: Sendable, Hashable {
        /// Its type as LuaLS writes it: `ilsa.Task`, `number`.
        public var type: String
        /// A name for it, for LuaLS: `task`, `answer`.
        public var name: String
        public var summary: String

        public init(_ type: String, _ name: String, _ summary: String) {
            self.type = type
            self.name = name
            self.summary = summary
        }
    }

    /// For a method, the handle it belongs to (`task`); nil for an `ilsa.*` function.
    public var handle: PlaybookAPI.Handle?
    /// The bare name: `task`, `wait`.
    public var name: String
    /// How it is called: `ilsa.task(spec)`, `task:wait()`.
    public var signature: String
    /// One sentence in the present tense: `Creates a task for someone on the roster.`
    public var summary: String
    /// More about it, in plain words; may be empty.
    public var discussion: String
    public var parameters: [Parameter]
    public var returns: [Return]
    /// Whether the call waits (suspends the run until something answers it). LuaLS marks it
    /// `---@async`.
    public var waits: Bool
    /// Lua that shows it in use, inside a playbook's `run` function.
    public var example: String
    /// The errors it raises, as the playbook sees them.
    public var errors: [String]

    public init(
        handle: PlaybookAPI.Handle? = nil, name: String, signature: String, summary: String, discussion: String = "",
        parameters: [Parameter] = [], returns: [Return] = [], waits: Bool = false, example: String, errors: [String] = []
    ) {
        self.handle = handle
        self.name = name
        self.signature = signature
        self.summary = summary
        self.discussion = discussion
        self.parameters = parameters
        self.returns = returns
        self.waits = waits
        self.example = example
        self.errors = errors
    }

    /// The name the reference files it under: `ilsa.task`, or `ilsa.Task:wait` for a method.
    public var qualifiedName: String {
        guard let handle else { return "ilsa." + name }
        return APIReference.className(of: handle) + ":" + name
    }
}

/// A table shape the API takes or gives (`ilsa.TaskSpec`, `ilsa.TaskAnswer`), or a handle's class
/// (`ilsa.Task`): LuaLS writes each as a `---@class` with its `---@field`s.
public struct APIClass: Sendable, Hashable {
    /// A field: its name, its LuaLS type, what it means, whether it may be left out (the same
    /// shape as a parameter).
    public typealias Field = APIEntry.Parameter

    /// `ilsa.TaskSpec`.
    public var name: String
    public var summary: String
    public var fields: [Field]

    public init(_ name: String, _ summary: String, fields: [Field] = []) {
        self.name = name
        self.summary = summary
        self.fields = fields
    }
}

/// A named kind of string the API takes (`ilsa.DueTime`, `ilsa.Severity`): LuaLS writes each as
/// an `---@alias`, listing the values when there is a fixed set.
public struct APIAlias: Sendable, Hashable {
    public var name: String
    public var summary: String
    /// The type it stands for, as LuaLS writes it: `string`, `ilsa.Task|ilsa.Timer`.
    public var type: String
    /// The values it may take, when there is a fixed set: `"interest"`, `"caution"`...
    public var values: [String]

    public init(_ name: String, _ summary: String, type: String = "string", values: [String] = []) {
        self.name = name
        self.summary = summary
        self.type = type
        self.values = values
    }
}
