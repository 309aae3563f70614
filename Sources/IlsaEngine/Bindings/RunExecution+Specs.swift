import IlsaStore
import Foundation
import IlsaLua

/// Reading the tables playbooks give `ilsa.task` and `ilsa.escalate`: each field checked (the
/// assignee against the roster), turned into the command's recorded payload and the run's record.
extension RunExecution {
    /// Checks `ilsa.task`'s table: title, due, assignee (a role in a district, checked against
    /// the roster), task class and escalation ladder.
    func taskSpec(_ spec: LuaTable) throws -> (TaskSpec, TaskRecord) {
        try checkFields(spec, .task)
        guard case .string(let title) = spec["title"], !title.text.isEmpty else {
            throw LuaArgumentError(position: 1, problem: "field 'title' must be a non-empty string")
        }
        var payload = TaskSpec(title: title.text)
        var record = TaskRecord(summary: TaskSummary(id: TaskID(run: id, number: 1), run: id, title: title.text, createdAt: now))
        if case .string(let due) = spec["due"] {
            do {
                let deadline = try DueTime(parsing: due.text).resolve(now: now, runStart: started).roundedToMilliseconds
                payload.due = deadline
                record.summary.due = deadline
            } catch {
                throw LuaArgumentError(position: 1, problem: "field 'due': \(error)")
            }
        }
        if spec["assignee"] != .nil {
            guard case .table(let assignee) = spec["assignee"] else {
                throw LuaArgumentError(position: 1, problem: "field 'assignee' must be a table: \(Self.assigneeForms)")
            }
            try checkFields(assignee, .assignee, within: "assignee")
            payload.assignee = try assign(assignee, to: &record.summary)
        }
        if let detail = spec["detail"].stringValue {
            payload.detail = detail
            record.summary.detail = detail
        }
        if spec["priority"] != .nil {
            guard let priority = spec["priority"].stringValue, SpecTable.task.values["priority"]?.contains(priority) == true else {
                throw LuaArgumentError(position: 1, problem: "field 'priority' must be 'low', 'normal', 'high' or 'urgent'")
            }
            payload.priority = priority
            record.summary.priority = priority
        }
        payload.tags = try strings(spec, "tags")
        payload.checklist = try strings(spec, "checklist")
        record.checklistItems = payload.checklist?.count ?? 0
        if spec["after"] != .nil {
            let items = spec["after"].tableValue?.array ?? []
            let ids = items.compactMap { lua.object($0, as: TaskHandle.self)?.id }
            guard !items.isEmpty, ids.count == items.count else {
                throw LuaArgumentError(position: 1, problem: "field 'after' must be a list of tasks")
            }
            record.after = ids
            payload.after = ids
        }
        if let name = spec["class"].stringValue {
            let taskClass = TaskClass(rawValue: name)
            guard TaskClass.known.contains(taskClass) else {
                throw LuaArgumentError(
                    position: 1, problem: "field 'class' must be 'life_safety', 'preparedness' or 'administrative', got '\(name)'")
            }
            record.summary.taskClass = taskClass
        }
        payload.taskClass = record.taskClass
        let ladderName = spec["escalation"].stringValue ?? "default"
        if let roster {
            let ladder = roster.ladder(EscalationLadder.ID(ladderName))
            if ladder == nil, checkingRoster != nil {
                throw LuaArgumentError(position: 1, problem: "field 'escalation': the roster has no ladder '\(ladderName)'")
            }
            record.ladder = ladder ?? roster.ladder("default")
        }
        // Recorded with or without a roster, so a replay does not depend on one being given.
        payload.ladder = ladderName
        return (payload, record)
    }

    /// A list of strings a table field holds, or nil when the field is absent.
    private func strings(_ spec: LuaTable, _ field: String) throws -> [String]? {
        let value = spec[.string(LuaString(field))]
        guard value != .nil else { return nil }
        let items = value.tableValue?.array.compactMap(\.stringValue)
        guard let items, items.count == value.tableValue?.array.count else {
            throw LuaArgumentError(position: 1, problem: "field '\(field)' must be a list of strings")
        }
        return items
    }

    static let assigneeForms =
        "{ role = \"DONG.HEAD\", district = \"singil\" }, { role = \"CITY.SITROOM\" } (citywide), { unit = \"sc119.wolpi\" } or { person = \"...\" }"

    /// Checks a task's assignee against the roster: a role in a district, a citywide role, a
    /// unit or a person; fills the summary's fields and returns the assignee as recorded.
    private func assign(_ assignee: LuaTable, to summary: inout TaskSummary) throws -> Assignee {
        func problem(_ text: String) -> LuaArgumentError { LuaArgumentError(position: 1, problem: "field 'assignee': \(text)") }
        let role = assignee["role"].stringValue
        let district = assignee["district"].stringValue
        let unit = assignee["unit"].stringValue
        let person = assignee["person"].stringValue
        let given = [role, unit, person].compactMap { $0 }
        guard given.count == 1, district == nil || role != nil else {
            throw problem("name one of role (with a district, or citywide), unit or person: \(Self.assigneeForms)")
        }
        var recorded = Assignee()
        let roster = checkingRoster
        if let role {
            if let roster {
                guard roster.role(Role.Code(role)) != nil else {
                    throw problem("the roster has no role '\(role)'\(DidYouMean.hint(for: role, in: roster.roles.map(\.code.rawValue)))")
                }
                if let district {
                    guard let place = roster.district(District.ID(district)) else {
                        throw problem(
                            "the roster has no district '\(district)'\(DidYouMean.hint(for: district, in: roster.districts.map(\.id.rawValue)))"
                        )
                    }
                    guard !roster.holders(of: Role.Code(role), in: place).isEmpty else {
                        throw problem("nobody holds '\(role)' in \(district)")
                    }
                } else {
                    // A citywide role: held by a unit that serves the whole city, not a district.
                    guard roster.units(holding: Role.Code(role)).contains(where: \.districts.isEmpty) else {
                        throw problem("'\(role)' is held in districts; name one: { role = \"\(role)\", district = \"...\" }")
                    }
                }
            }
            recorded.role = role
            summary.role = role
            if let district {
                recorded.district = district
                summary.district = district
            }
        } else if let unit {
            guard roster.map({ $0.unit(Unit.ID(unit)) != nil }) ?? true else {
                throw problem("the roster has no unit '\(unit)'\(DidYouMean.hint(for: unit, in: roster?.units.map(\.id.rawValue) ?? []))")
            }
            recorded.unit = unit
            summary.unit = unit
            summary.district = self.roster?.unit(Unit.ID(unit))?.districts.first?.rawValue
        } else if let person {
            guard roster.map({ $0.person(Person.ID(person)) != nil }) ?? true else {
                throw problem("the roster has no person '\(person)'")
            }
            recorded.person = person
            summary.person = person
            if let found = self.roster?.person(Person.ID(person)) {
                summary.role = found.role.rawValue
                summary.unit = found.unit.rawValue
            }
        }
        return recorded
    }

    /// Checks `ilsa.escalate`'s table: where to, how severe (the crisis levels), why, and the
    /// options the decider chooses from.
    func escalationPayload(_ spec: LuaTable) throws -> EscalationSpec {
        try checkFields(spec, .escalate)
        func field(_ name: String) throws -> String {
            guard case .string(let value) = spec[name], !value.text.isEmpty else {
                throw LuaArgumentError(position: 1, problem: "field '\(name)' must be a non-empty string")
            }
            return value.text
        }
        let to = try field("to")
        guard SpecTable.escalate.values["to"]?.contains(to) == true else {
            throw LuaArgumentError(position: 1, problem: "field 'to' must be 'control_tower', 'city_hq' or 'district_chair', got '\(to)'")
        }
        let severity = try field("severity")
        guard SpecTable.escalate.values["severity"]?.contains(severity) == true else {
            throw LuaArgumentError(
                position: 1,
                problem: "field 'severity' must be 'interest', 'caution', 'alert' or 'serious' (관심, 주의, 경계, 심각), got '\(severity)'")
        }
        let options = spec["options"].tableValue?.array.compactMap(\.stringValue) ?? []
        guard !options.isEmpty, options.count == spec["options"].tableValue?.array.count else {
            throw LuaArgumentError(position: 1, problem: "field 'options' must be a list of strings to decide between")
        }
        return EscalationSpec(to: to, severity: severity, reason: try field("reason"), options: options)
    }
}
