public import IlsaStore
import Foundation
import PostgresNIO

extension PostgresRunStore {
    public func schedules() throws -> [StoredSchedule] {
        let text = StoreText(path: path)
        return try connections.withConnection { session in
            try session.all("SELECT * FROM schedules ORDER BY created_at, id") { row in
                let columns = Columns(row, path: path)
                let id: String = try columns("id")
                return StoredSchedule(
                    id: id, workflow: try columns("workflow"), spec: try text.decode(try columns("spec"), what: "schedule \(id)"),
                    createdBy: try columns("created_by"), createdAt: try columns.date("created_at"))
            }
        }
    }

    public func addSchedule(_ schedule: StoredSchedule) throws {
        let spec = try StoreText(path: path).payload(schedule.spec, run: RunID(""), what: "the schedule")
        let inserted = try connections.transaction { session in
            let changed = try session.query(
                """
                INSERT INTO schedules (id, workflow, spec, created_by, created_at)
                VALUES (\(schedule.id), \(schedule.workflow), \(spec), \(schedule.createdBy), \(schedule.createdAt.millisecondsSince1970))
                ON CONFLICT (id) DO NOTHING
                """
            ).changed
            try notify(session)
            return changed
        }
        guard inserted == 1 else { throw StoreError(.conflict, "a schedule '\(schedule.id)' exists already", path: path) }
    }

    public func removeSchedule(id: String) throws -> Bool {
        try connections.transaction { session in
            let changed = try session.query("DELETE FROM schedules WHERE id = \(id)").changed
            try notify(session)
            return changed > 0
        }
    }
}
