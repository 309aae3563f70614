public import IlsaStore
import Foundation
import PostgresNIO

/// Lists a page at a time, with their lengths: what `ilsa status`, `ilsa tasks`, `ilsa
/// escalations` and the server show. The lists people ask for most (active runs, unfinished
/// tasks, escalations still to decide) read a partial index in their order and stop after the
/// page, as the SQLite store's do; a query states the index's condition word for word.
extension PostgresRunStore {
    static let openTasks = "state IN ('open', 'acknowledged', 'in_progress')"
    static let openEscalations = "state IN ('open', 'acknowledged')"
    /// By due time (none last), creation, run and number: the columns of `tasks_open_by_due`.
    static let taskOrder = " ORDER BY due_at NULLS LAST, created_at, run_id, number"
    /// Oldest first: the columns of `escalations_open`.
    static let escalationOrder = " ORDER BY created_at, run_id, number"

    public func runs(_ query: RunQuery, page: PageRequest) throws -> Page<RunRecord> {
        let statuses = query.statuses.map { $0.map(\.rawValue).sorted() }
        if statuses?.isEmpty == true { return Page(items: [], total: page.counts ? 0 : nil, offset: page.offset) }
        let condition = statuses.map { " WHERE status IN (\(Self.literals($0)))" } ?? ""
        let (total, items) = try connections.withConnection { session in
            (
                try page.counts ? session.value(PostgresQuery(unsafeSQL: "SELECT count(*) FROM runs" + condition), as: Int.self) : nil,
                try session.all(
                    PostgresQuery(
                        unsafeSQL:
                            "SELECT * FROM runs\(condition) ORDER BY created_at DESC, position DESC LIMIT \(max(0, page.limit)) OFFSET \(max(0, page.offset))"
                    ), record)
            )
        }
        return Page(items: items, total: total, offset: page.offset)
    }

    public func tasks(_ query: TaskQuery, page: PageRequest) throws -> Page<TaskSummary> {
        let filter = Self.filter(query)
        let (total, items) = try connections.withConnection { session in
            try filter.page(of: "tasks", order: Self.taskOrder, page, session, taskSummary)
        }
        return Page(items: items, total: total, offset: page.offset)
    }

    public func escalations(_ query: EscalationQuery, page: PageRequest) throws -> Page<EscalationSummary> {
        let filter = Self.filter(query)
        let (total, items) = try connections.withConnection { session in
            try filter.page(of: "escalations", order: Self.escalationOrder, page, session, escalationSummary)
        }
        return Page(items: items, total: total, offset: page.offset)
    }

    // MARK: Filters

    /// A `WHERE` clause and its values, bound as `$1`, `$2`, ...
    struct Filter {
        var conditions: [String] = []
        var binds = PostgresBindings()

        /// Binds a value and returns its placeholder.
        mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value) -> String {
            binds.append(value)
            return "$\(binds.count)"
        }

        var whereClause: String { conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ") }

        func query(_ select: String, order: String) -> PostgresQuery {
            PostgresQuery(unsafeSQL: select + whereClause + order, binds: binds)
        }

        /// How many rows of `table` the filter selects (when the page counts), and a page of them in `order`.
        func page<T>(
            of table: String, order: String, _ page: PageRequest, _ session: Session, _ decode: (PostgresRow) throws -> T
        ) throws -> (Int?, [T]) {
            let total = try page.counts ? session.value(query("SELECT count(*) FROM \(table)", order: ""), as: Int.self) ?? 0 : nil
            let items = try session.all(
                query("SELECT * FROM \(table)", order: order + " LIMIT \(max(0, page.limit)) OFFSET \(max(0, page.offset))"), decode)
            return (total, items)
        }
    }

    /// The tasks a query selects; states are the store's own words, written as literals, so a
    /// query for unfinished tasks states the partial index's condition.
    static func filter(_ query: TaskQuery) -> Filter {
        var filter = Filter()
        if let run = query.run { filter.conditions.append("run_id = \(filter.bind(run.rawValue))") }
        if let workflow = query.workflow {
            filter.conditions.append("run_id IN (SELECT id FROM runs WHERE workflow = \(filter.bind(workflow)))")
        }
        if let district = query.district { filter.conditions.append("district = \(filter.bind(district))") }
        if let role = query.role { filter.conditions.append("role = \(filter.bind(role))") }
        if let assignee = query.assignee {
            let value = filter.bind(assignee)
            filter.conditions.append("(role = \(value) OR unit = \(value) OR person = \(value))")
        }
        let states = query.states.map { $0.intersection(query.overdueAt == nil ? $0 : TaskQuery.openStates) }
        if states.map({ !$0.isEmpty && $0.isSubset(of: TaskQuery.openStates) }) ?? (query.overdueAt != nil) {
            filter.conditions.append(openTasks)
        }
        if let states, states != TaskQuery.openStates {
            filter.conditions.append(states.isEmpty ? "false" : "state IN (\(literals(states.map(\.rawValue).sorted())))")
        }
        if let now = query.overdueAt { filter.conditions.append("due_at < \(filter.bind(now.millisecondsSince1970))") }
        return filter
    }

    static func filter(_ query: EscalationQuery) -> Filter {
        var filter = Filter()
        if let run = query.run { filter.conditions.append("run_id = \(filter.bind(run.rawValue))") }
        if let states = query.states {
            if !states.isEmpty && states.isSubset(of: EscalationQuery.openStates) { filter.conditions.append(openEscalations) }
            if states != EscalationQuery.openStates {
                filter.conditions.append(states.isEmpty ? "false" : "state IN (\(literals(states.map(\.rawValue).sorted())))")
            }
        }
        return filter
    }

    /// `'a', 'b'`: the store's own words (states, statuses) as SQL literals.
    private static func literals(_ words: [String]) -> String {
        words.map { "'\($0)'" }.joined(separator: ", ")
    }
}
