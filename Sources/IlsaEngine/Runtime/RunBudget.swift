public import IlsaStore
import Foundation

/// What the host keeps and does on a run's behalf, bounded: the Lua state has its own memory and
/// time limits (``IlsaLua/LuaLimits/sandboxDefault``), and these cover the rest — the history the
/// store keeps, the tasks and branches the engine tracks. A run that passes one fails, and its
/// history says which budget and by how much; an argument too large is refused where the
/// playbook passes it, and nothing is recorded.
///
/// The defaults are sized from the playbooks in `workflows/`: the largest (ER capacity, ninety
/// days of daily reports from six emergency rooms) keeps under 2 MB of history and 600 tasks.
/// Each default leaves room for ten to a hundred times that, and stops a loop that logs or
/// creates tasks without end within seconds, long before the store or a terminal suffers.
public struct RunBudget: Sendable, Equatable {
    /// Bytes of one command's arguments (a task's title, detail and checklist; a log line; an
    /// escalation's reason), of one signal's payload and of one note from outside. 64 KiB: a
    /// page of text is 4 KiB.
    public var payloadBytes: Int
    /// Bytes of history one activation (a start, an answer, a timer) may add: 16 MiB, enough for
    /// 20,000 tasks at once.
    public var activationBytes: Int
    /// Bytes of history a run may keep in all: 64 MiB.
    public var historyBytes: Int
    /// Tasks a run may create in all: 50,000.
    public var tasks: Int
    /// Branches (`ilsa.parallel`, `ilsa.branch`) a run may have going at once: 10,000. Each is
    /// a Lua coroutine and the engine's bookkeeping, about 2 KB.
    public var branches: Int
    /// Bytes of an error message or traceback the history keeps: longer ones are cut, 4 KiB.
    public var messageBytes: Int

    public init(
        payloadBytes: Int = 64 << 10, activationBytes: Int = 16 << 20, historyBytes: Int = 64 << 20, tasks: Int = 50_000,
        branches: Int = 10_000, messageBytes: Int = 4 << 10
    ) {
        self.payloadBytes = payloadBytes
        self.activationBytes = activationBytes
        self.historyBytes = historyBytes
        self.tasks = tasks
        self.branches = branches
        self.messageBytes = messageBytes
    }

    /// The defaults above.
    public static let `default` = RunBudget()

    /// Each budget's name (as errors and `ilsa check` show it), value and unit, for docs and help.
    public var entries: [(name: String, value: Int, unit: String)] {
        [
            ("payload_bytes", payloadBytes, "bytes"), ("activation_bytes", activationBytes, "bytes"),
            ("history_bytes", historyBytes, "bytes"), ("tasks", tasks, "tasks"), ("branches", branches, "branches"),
            ("message_bytes", messageBytes, "bytes"),
        ]
    }

    /// `64 KiB`, `16 MiB`, `1,234 bytes`.
    package static func size(_ bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes.formatted()) bytes"
    }
}

extension JSONValue {
    /// About how many bytes the value takes as JSON: its strings' bytes, and a few for each
    /// number, key and bracket. Cheaper than encoding it, and what budgets count.
    var estimatedSize: Int {
        switch self {
        case .null, .bool: 5
        case .integer, .number: 8
        case .string(let s): s.utf8.count + 2
        case .array(let items): items.reduce(2) { $0 + $1.estimatedSize + 1 }
        case .object(let fields): fields.reduce(2) { $0 + $1.key.utf8.count + 4 + $1.value.estimatedSize }
        }
    }
}

extension HistoryEvent {
    /// About how many bytes the event takes in the store.
    var estimatedSize: Int { 48 + name.utf8.count + payload.estimatedSize }
}

extension String {
    /// The text cut to at most `bytes` bytes of UTF-8 (on a character boundary), with a note of
    /// how much was cut.
    func truncated(toBytes bytes: Int) -> String {
        guard utf8.count > bytes else { return self }
        var end = index(startIndex, offsetBy: 0)
        var used = 0
        for character in self {
            let size = character.utf8.count
            if used + size > bytes { break }
            used += size
            end = index(after: end)
        }
        return String(self[..<end]) + "… (\((utf8.count - used).formatted()) more bytes cut)"
    }
}
