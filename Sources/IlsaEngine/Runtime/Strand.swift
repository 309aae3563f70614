import IlsaStore
import IlsaLua

/// One line of execution in a run: the main coroutine running `run(ctx)`, a branch that
/// `ilsa.parallel` started, or one that `ilsa.branch` started. The engine drives strands one at a
/// time, in a fixed order, so the interleaving (and the numbering of commands) is a function of
/// the history.
final class Strand {
    /// Numbered in the order strands are made (main is 0), so the same on every replay.
    let id: Int
    let coroutine: LuaCoroutine
    /// The strand that started this one (nil for main): cancelling a branch cancels the strands
    /// it started too.
    let parent: Strand?
    /// The join this strand reports to when it finishes, and its place there (`ilsa.parallel`).
    let join: Join?
    let branch: Int
    /// The branch's id when `ilsa.branch` started it.
    let handle: BranchID?
    /// What to resume the coroutine with when it runs next.
    var resumeWith: [LuaValue] = []
    /// What it waits for while blocked.
    var wait: Wait?

    init(id: Int, coroutine: LuaCoroutine, parent: Strand? = nil, join: Join? = nil, branch: Int = 0, handle: BranchID? = nil) {
        self.id = id
        self.coroutine = coroutine
        self.parent = parent
        self.join = join
        self.branch = branch
        self.handle = handle
    }

    /// Whether `ancestor` is this strand or started it, directly or through others.
    func descends(from ancestor: Strand) -> Bool {
        var strand: Strand? = self
        while let current = strand {
            if current === ancestor { return true }
            strand = current.parent
        }
        return false
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

/// A branch `ilsa.branch` started: running until it returns or is cancelled, then the answer its
/// waits get.
struct BranchRecord: Equatable {
    let strand: Int
    /// How it ended, once it has.
    var end: BranchEnd?
}
