import Foundation
import GRDB
import IlsaEngine
@testable import IlsaStoreSQLite
import IlsaTesting
import Testing

/// The SQLite store's lists read an index in their order and stop after the page: SQLite's
/// plan for each names the index and no sort (`USE TEMP B-TREE`), which would read every row
/// the list selects to show a page of them (what `ilsa tasks` did with 100,000 runs). A query
/// that no longer states a partial index's condition word for word loses the index, and this
/// says so; `ilsa-bench --filter lists` measures the lists on a store of 100,000 runs.
struct SQLiteListPlanTests {
    let folder: TemporaryFolder

    init() throws { folder = try TemporaryFolder() }

    typealias Store = SQLiteRunStore

    /// SQLite's plan for a statement, its steps' details joined by `; `.
    func plan(_ sql: String, _ arguments: StatementArguments = []) throws -> String {
        let store = try folder.store()
        return try store.pool.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
        }.joined(separator: "; ")
    }

    /// The plans of a task query's page and count.
    func plans(_ query: TaskQuery) throws -> (page: String, count: String) {
        let filter = Store.filter(query)
        return (
            try plan(filter.pageSQL("tasks", order: Store.taskOrder), filter.arguments + [50, 0]),
            try plan(filter.countSQL("tasks"), filter.arguments)
        )
    }

    @Test func unfinishedTasksReadTheirIndexInOrder() throws {
        let now = Date()
        for query in [
            TaskQuery(states: TaskQuery.openStates), TaskQuery(states: [.open]), TaskQuery(states: [.acknowledged, .inProgress]),
            TaskQuery(district: "singil", states: TaskQuery.openStates), TaskQuery(role: "DONG.HEAD", states: TaskQuery.openStates),
            TaskQuery(assignee: "sc119.singil", states: TaskQuery.openStates), TaskQuery(overdueAt: now),
            TaskQuery(district: "singil", states: TaskQuery.openStates, overdueAt: now),
        ] {
            let (page, count) = try plans(query)
            #expect(page == "SCAN tasks USING INDEX tasks_open_by_due", "\(query)")
            #expect(count.contains("tasks_open_by_due"), "\(query): \(count)")
        }
    }

    /// One run's tasks come from the run's index, whatever else the query says: a follower
    /// asks for its run's overdue tasks every half second.
    @Test func aRunsTasksReadTheRunsIndex() throws {
        for query in [
            TaskQuery(run: "r1"), TaskQuery(run: "r1", states: TaskQuery.openStates), TaskQuery(run: "r1", overdueAt: Date()),
        ] {
            let (page, count) = try plans(query)
            #expect(page.hasPrefix("SEARCH tasks USING INDEX tasks_by_run (run_id=?)"), "\(query): \(page)")
            #expect(count.contains("tasks_by_run"), "\(query): \(count)")
        }
    }

    @Test func openEscalationsReadTheirIndexInOrder() throws {
        let filter = Store.filter(EscalationQuery(states: EscalationQuery.openStates))
        #expect(
            try plan(filter.pageSQL("escalations", order: Store.escalationOrder), [50, 0])
                == "SCAN escalations USING INDEX escalations_open")
        #expect(try plan(filter.countSQL("escalations")).contains("escalations_open"))
        let run = Store.filter(EscalationQuery(run: "r1", states: EscalationQuery.openStates))
        #expect(
            try plan(run.pageSQL("escalations", order: Store.escalationOrder), run.arguments + [50, 0]).hasPrefix(
                "SEARCH escalations USING INDEX escalations_by_run"))
    }

    @Test func activeRunsAreMergedFromTheStatusIndex() throws {
        let active = try #require(Store.runsSQL(.active))
        let page = try plan(active.page, [50, 0])
        #expect(
            page.components(separatedBy: "SEARCH runs USING INDEX runs_by_status (status=?)").count == 4, "one per active status: \(page)")
        #expect(!page.contains("TEMP B-TREE"), "\(page)")
        #expect(try plan(active.count).contains("COVERING INDEX runs_by_"))
        let all = try #require(Store.runsSQL(RunQuery()))
        #expect(try plan(all.page, [50, 0]) == "SCAN runs USING INDEX runs_by_creation")
        #expect(Store.runsSQL(RunQuery(statuses: [])) == nil)
    }
}
