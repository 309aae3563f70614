public import IlsaStore
import Foundation
import GRDB

extension SQLiteRunStore {
    public func schedules() throws -> [StoredSchedule] {
        let rows = try perform { try read { db in try Row.fetchAll(db, sql: "SELECT * FROM schedules ORDER BY created_at, id") } }
        let text = StoreText(path: path)
        return try rows.map { row in
            let id: String = try column(row, "id")
            return StoredSchedule(
                id: id, workflow: try column(row, "workflow"), spec: try text.decode(try column(row, "spec"), what: "schedule \(id)"),
                createdBy: try column(row, "created_by"), createdAt: Date(millisecondsSince1970: try column(row, "created_at")))
        }
    }

    public func addSchedule(_ schedule: StoredSchedule) throws {
        let spec = try StoreText(path: path).payload(schedule.spec, run: RunID(""), what: "the schedule")
        try perform {
            try transaction { db in
                if try Bool.fetchOne(db, sql: "SELECT 1 FROM schedules WHERE id = ?", arguments: [schedule.id]) != nil {
                    throw StoreError(.conflict, "a schedule '\(schedule.id)' exists already", path: path)
                }
                try db.execute(
                    sql: "INSERT INTO schedules (id, workflow, spec, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
                    arguments: [schedule.id, schedule.workflow, spec, schedule.createdBy, schedule.createdAt.millisecondsSince1970])
            }
        }
    }

    public func removeSchedule(id: String) throws -> Bool {
        try perform {
            try transaction { db in
                try db.execute(sql: "DELETE FROM schedules WHERE id = ?", arguments: [id])
                return db.changesCount > 0
            }
        }
    }
}
