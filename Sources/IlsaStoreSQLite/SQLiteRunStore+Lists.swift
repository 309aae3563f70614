public import IlsaStore
import Foundation
import GRDB

/// Lists a page at a time, with their lengths: what `ilsa status`, `ilsa tasks` and `ilsa
/// escalations` show.
///
/// The lists people ask for most (active runs, unfinished tasks, escalations still to decide)
/// read an index in their order and stop after the page, so their first page costs the same
/// with 100 runs or 100,000; the count reads the same index, without the rows. The indexes on
/// tasks and escalations are partial (schema v4): they hold only unfinished rows, and SQLite
/// uses a partial index only for a query that states its condition word for word, which
/// ``openTasks`` and ``openEscalations`` are.
extension SQLiteRunStore {
    /// The condition of the index `tasks_open_by_due`, as a query must state it.
    static let openTasks = "state IN ('open', 'acknowledged', 'in_progress')"
    /// The condition of the index `escalations_open`, as a query must state it.
    static let openEscalations = "state IN ('open', 'acknowledged')"

    /// The tasks' order: by due time (none last), creation, run and number; the columns of
    /// `tasks_open_by_due`, so its rows come in order.
    static let taskOrder =
        " ORDER BY due_at IS NULL, due_at, created_at, run_id, CAST(substr(id, length(run_id) + 2) AS INTEGER)"
    /// The escalations' order, oldest first: the columns of `escalations_open`.
    static let escalationOrder = " ORDER BY created_at, run_id, CAST(substr(id, length(run_id) + 2) AS INTEGER)"

    public func runs(_ query: RunQuery, page: PageRequest) throws -> Page<RunRecord> {
        guard let sql = Self.runsSQL(query) else { return Page(items: [], total: page.counts ? 0 : nil, offset: page.offset) }
        let (total, items) = try perform {
            try read { db in
                (
                    try page.counts ? Int.fetchOne(db, sql: sql.count) ?? 0 : nil,
                    try decodeAll(db, sql: sql.page, arguments: [page.limit, page.offset], record)
                )
            }
        }
        return Page(items: items, total: total, offset: page.offset)
    }

    /// A range of the primary key, so it reads only the runs it names: every id that starts
    /// with the prefix sorts between the prefix and the prefix followed by the last code point.
    public func runIDs(withPrefix prefix: String, limit: Int) throws -> [RunID] {
        try perform {
            try read { db in
                try String.fetchAll(
                    db, sql: "SELECT id FROM runs WHERE id >= ? AND id < ? ORDER BY id LIMIT ?",
                    arguments: [prefix, prefix + "\u{10FFFF}", max(0, limit)]
                ).filter { $0.hasPrefix(prefix) }.map { RunID($0) }
            }
        }
    }

    /// How many runs a query selects, and a page of them (its limit and offset the arguments);
    /// nil when it selects none. Each status's runs come newest first from `runs_by_status`
    /// (status, created_at, and the rowid every index ends with) and SQLite merges them, so a
    /// page reads its offset and its rows, not every active run.
    static func runsSQL(_ query: RunQuery) -> (count: String, page: String)? {
        let statuses = query.statuses.map { $0.map(\.rawValue).sorted() }
        if statuses?.isEmpty == true { return nil }
        let select =
            statuses?.map { "SELECT rowid AS position, * FROM runs WHERE status = '\($0)'" }.joined(separator: " UNION ALL ")
            ?? "SELECT rowid AS position, * FROM runs"
        return (
            "SELECT count(*) FROM runs" + (statuses.map { " WHERE status IN (\(literals($0)))" } ?? ""),
            select + " ORDER BY created_at DESC, position DESC LIMIT ? OFFSET ?"
        )
    }

    public func tasks(_ query: TaskQuery, page: PageRequest) throws -> Page<TaskSummary> {
        let filter = Self.filter(query)
        let (total, items) = try perform {
            try read { db in try filter.page(of: "tasks", order: Self.taskOrder, page, db, store: self, taskSummary) }
        }
        return Page(items: items, total: total, offset: page.offset)
    }

    public func escalations(_ query: EscalationQuery, page: PageRequest) throws -> Page<EscalationSummary> {
        let filter = Self.filter(query)
        let (total, items) = try perform {
            try read { db in try filter.page(of: "escalations", order: Self.escalationOrder, page, db, store: self, escalationSummary) }
        }
        return Page(items: items, total: total, offset: page.offset)
    }

    // MARK: Filters

    /// A `WHERE` clause and its arguments.
    struct Filter {
        var conditions: [String] = []
        var arguments = StatementArguments()

        mutating func add(_ condition: String, _ values: [(any DatabaseValueConvertible)?] = []) {
            conditions.append(condition)
            arguments += StatementArguments(values)
        }

        var whereClause: String { conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ") }

        /// How many rows of `table` the filter selects.
        func countSQL(_ table: String) -> String { "SELECT count(*) FROM \(table)" + whereClause }

        /// A page of the rows of `table` the filter selects, in `order`; the page's limit and
        /// offset are the last two arguments.
        func pageSQL(_ table: String, order: String) -> String {
            "SELECT * FROM \(table)" + whereClause + order + " LIMIT ? OFFSET ?"
        }

        /// How many rows of `table` the filter selects (when the page counts), and a page of them
        /// in `order`, decoded.
        func page<T>(
            of table: String, order: String, _ page: PageRequest, _ db: Database, store: SQLiteRunStore, _ decode: (Row) throws -> T
        ) throws -> (Int?, [T]) {
            let total = try page.counts ? Int.fetchOne(db, sql: countSQL(table), arguments: arguments) ?? 0 : nil
            let items = try store.decodeAll(
                db, sql: pageSQL(table, order: order), arguments: arguments + [page.limit, page.offset], decode)
            return (total, items)
        }
    }

    /// The tasks a query selects. States are written as literals (they are the store's own
    /// words), so a query for unfinished tasks states the partial index's condition.
    static func filter(_ query: TaskQuery) -> Filter {
        var filter = Filter()
        if let run = query.run { filter.add("run_id = ?", [run.rawValue]) }
        if let workflow = query.workflow { filter.add("run_id IN (SELECT id FROM runs WHERE workflow = ?)", [workflow]) }
        if let district = query.district { filter.add("district = ?", [district]) }
        if let role = query.role { filter.add("role = ?", [role]) }
        if let assignee = query.assignee { filter.add("(role = ? OR unit = ? OR person = ?)", [assignee, assignee, assignee]) }
        let states = query.states.map { $0.intersection(query.overdueAt == nil ? $0 : TaskQuery.openStates) }
        if states.map({ !$0.isEmpty && $0.isSubset(of: TaskQuery.openStates) }) ?? (query.overdueAt != nil) {
            filter.add(openTasks)
        }
        if let states, states != TaskQuery.openStates { filter.add("state IN (\(literals(states.map(\.rawValue).sorted())))") }
        // Not `(due_at IS NULL) = 0` as well: SQLite would then read the index's overdue range
        // and sort it, rather than read it in order and stop after the page, and would prefer
        // that range to one run's tasks.
        if let now = query.overdueAt { filter.add("due_at < ?", [now.millisecondsSince1970]) }
        return filter
    }

    /// The escalations a query selects, written as the tasks' are.
    static func filter(_ query: EscalationQuery) -> Filter {
        var filter = Filter()
        if let run = query.run { filter.add("run_id = ?", [run.rawValue]) }
        if let states = query.states {
            if !states.isEmpty && states.isSubset(of: EscalationQuery.openStates) { filter.add(openEscalations) }
            if states != EscalationQuery.openStates { filter.add("state IN (\(literals(states.map(\.rawValue).sorted())))") }
        }
        return filter
    }

    /// `'a', 'b'`: the store's own words (states, statuses) as SQL literals.
    private static func literals(_ words: [String]) -> String {
        words.map { "'\($0)'" }.joined(separator: ", ")
    }
}
