import IlsaLua

/// One line of execution in a run: the main coroutine running `run(ctx)`, or a branch that
/// `ilsa.parallel` started. The engine drives strands one at a time, in a fixed order, so the
/// interleaving (and the numbering of commands) is a function of the history.
final class Strand {
    let coroutine: LuaCoroutine
    /// The join this strand reports to when it finishes, and its place there (nil for main).
    let join: Join?
    let branch: Int
    /// What to resume the coroutine with when it runs next.
    var resumeWith: [LuaValue] = []
    /// What it waits for while blocked.
    var wait: Wait?

    init(coroutine: LuaCoroutine, join: Join? = nil, branch: Int = 0) {
        self.coroutine = coroutine
        self.join = join
        self.branch = branch
    }
}

/// Branches started together, and the strand waiting for all of them.
final class Join {
    let parent: Strand
    var results: [LuaValue]
    var remaining: Int

    init(parent: Strand, count: Int) {
        self.parent = parent
        results = Array(repeating: .nil, count: count)
        remaining = count
    }
}

/// What `ilsa.parallel` suspends with: the branch functions to start.
struct Fork {
    let functions: [LuaValue]
}
