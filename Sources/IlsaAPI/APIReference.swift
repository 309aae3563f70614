import Foundation
public import IlsaEngine

/// The playbook API, described once: every `ilsa.*` function and every method of the handles
/// they return, with the table shapes and kinds of string they take.
///
/// Everything that presents the API reads it from here: `ilsa check` (through ``PlaybookAPI``),
/// `ilsa api` (text, Markdown, JSON), `docs/api.md`, the LuaLS definitions in `docs/lua/ilsa.lua`
/// and the REPL's `:help`. `PlaybookAPITests` runs a real playbook that lists the `ilsa` table's
/// keys and probes each handle's methods, so a binding in `IlsaEngine/Bindings/RunExecution+Bindings.swift`
/// without an entry here, or an entry without a binding, fails the tests.
///
/// ```swift
/// if let entry = APIReference.entry(named: "task:wait") {
///     print(APIReference.text(entry))
/// }
/// ```
public enum APIReference {
    /// The `ilsa.*` functions, in the order the reference lists them.
    public static var functions: [APIEntry] { functionEntries }

    /// The methods of each handle, in the order the reference lists them.
    public static func methods(of handle: PlaybookAPI.Handle) -> [APIEntry] {
        methodEntries.filter { $0.handle == handle }
    }

    /// Every entry: the functions, then each handle's methods.
    public static var entries: [APIEntry] {
        functionEntries + PlaybookAPI.Handle.allCases.flatMap { methods(of: $0) }
    }

    /// The entry a name refers to, for `ilsa api NAME` and the REPL's `:help NAME`: `task`,
    /// `ilsa.task`, `ilsa.task()`, `task:wait`, `Task:wait`, `ilsa.Task:wait` or `wait` (a method
    /// name alone finds the first handle that has it, in the order tasks, timers, signals,
    /// escalations, branches). Case matters only to tell nothing apart: `TASK` finds `ilsa.task`.
    ///
    /// - Returns: The entry, or nil when no function or method has that name.
    public static func entry(named name: String) -> APIEntry? {
        var key = name.trimmingCharacters(in: .whitespaces)
        if key.hasSuffix("()") { key.removeLast(2) }
        if key.lowercased().hasPrefix("ilsa.") { key.removeFirst(5) }
        let lowered = key.lowercased()
        if let colon = lowered.firstIndex(where: { $0 == ":" || $0 == "." }) {
            let owner = String(lowered[..<colon])
            let method = String(lowered[lowered.index(after: colon)...])
            let handle = PlaybookAPI.Handle.allCases.first { $0.rawValue == owner || $0.function == owner }
            return handle.flatMap { handle in methods(of: handle).first { $0.name == method } }
        }
        if let function = functionEntries.first(where: { $0.name == lowered }) { return function }
        return methodEntries.first { $0.name == lowered }
    }

    /// The names `entry(named:)` knows, as the reference files them: `ilsa.task`,
    /// `ilsa.Task:wait`...; for did-you-mean hints and completion.
    public static var names: [String] { entries.map(\.qualifiedName) }

    /// The LuaLS class of a handle: `ilsa.Task`, as the runtime names its metatable.
    public static func className(of handle: PlaybookAPI.Handle) -> String {
        "ilsa." + handle.rawValue.prefix(1).uppercased() + handle.rawValue.dropFirst()
    }

    /// One line about each handle, for the class's heading.
    public static func summary(of handle: PlaybookAPI.Handle) -> String {
        switch handle {
        case .task: "A task `ilsa.task` created: wait for it, cancel it, or give it to `ilsa.any` / `ilsa.all`."
        case .timer: "A timer `ilsa.timer` started: wait for it, or race it against other waits in `ilsa.any`."
        case .signal: "A signal name to wait for among other things in `ilsa.any`; it has no methods."
        case .escalation: "An escalation `ilsa.escalate` raised: wait for the decision, or withdraw it."
        case .branch: "A branch `ilsa.branch` started: wait for it to finish, or cancel it and everything it opened."
        case .milestone: "A task's milestone (`t:reached(\"started\")`): wait for it, or race it against others in `ilsa.any`."
        }
    }
}

extension APIReference {
    /// The reference's classes for the tables the API takes, and the engine's description of
    /// each (``SpecTable``), which refuses any other field: their fields must agree (a test
    /// says so), and LuaLS marks these classes exact.
    public static let specTables: [String: SpecTable] = [
        "ilsa.TaskSpec": .task, "ilsa.Assignee": .assignee, "ilsa.EscalationSpec": .escalate, "ilsa.UnitFilter": .units,
    ]
}
