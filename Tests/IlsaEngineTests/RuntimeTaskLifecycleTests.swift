import Foundation
import IlsaEngine
import IlsaTesting
import Testing

/// Tasks change from outside: acknowledged, started, completed or failed, annotated.
struct RuntimeTaskLifecycleTests {
    static let playbook = """
        return ilsa.workflow { name = "p", title = "P", run = function()
          local answer = ilsa.task { title = "Close the Suin-line underpass barrier" }:wait()
          return answer.state .. " by " .. answer.by .. (answer.note and (": " .. answer.note) or "")
        end }
        """

    @Test(arguments: [false, true])
    func acknowledgeStartNoteComplete(restarts: Bool) throws {
        let bench = try EngineBench(Self.playbook, start: Date(timeIntervalSince1970: 0), restarts: restarts)
        try bench.step().start(playbook: "p.lua", id: "r1", seed: 1)
        try bench.step().update(task: "r1.1", .acknowledge, by: "CITY.ROADS")
        try bench.step().update(task: "r1.1", .start, by: "CITY.ROADS")
        try bench.step().update(task: "r1.1", .note, by: "CITY.ROADS", note: "water at 20 cm")
        #expect(try bench.step().tasks(of: "r1")["r1.1"] == .inProgress)
        try bench.step().update(task: "r1.1", .complete, by: "CITY.ROADS", note: "barrier down")
        #expect(try bench.result() == .string("done by CITY.ROADS: barrier down"))
        let actions = try bench.history().filter { $0.kind == .taskUpdated }.compactMap { $0.payload["action"]?.stringValue }
        #expect(actions == ["acknowledge", "start", "note", "complete"])
    }

    static let checklist = """
        return ilsa.workflow { name = "p", title = "P", run = function()
          ilsa.task { title = "배수펌프 점검", checklist = { "전원", "흡입구", "시운전" } }:wait()
        end }
        """

    @Test(arguments: [false, true])
    func checklistItemsAreTickedAndKeptInTheHistory(restarts: Bool) throws {
        let bench = try EngineBench(Self.checklist, start: Date(timeIntervalSince1970: 0), restarts: restarts)
        try bench.step().start(playbook: "p.lua", id: "r1", seed: 1)
        try bench.step().update(task: "r1.1", .note, by: "신길동장", checked: [3, 1])
        try bench.step().update(task: "r1.1", .complete, by: "신길동장", checked: [1, 2, 3])
        let ticks = try bench.history().filter { $0.kind == .taskUpdated }.map { $0.payload["checked"] }
        #expect(ticks == [.array([1, 3]), .array([1, 2, 3])])
    }

    @Test(arguments: [
        ([4], "task 'r1.1' has checklist items 1 to 3, not 4"), ([0], "task 'r1.1' has checklist items 1 to 3, not 0"),
        ([1, 1], "a checklist item is ticked twice"),
    ])
    func checklistItemsThatAreNotThereAreRefused(checked: [Int], message: String) throws {
        let bench = try EngineBench(Self.checklist, start: Date(timeIntervalSince1970: 0), restarts: false)
        try bench.step().start(playbook: "p.lua", id: "r1", seed: 1)
        let before = try bench.history().count
        #expect(throws: RuntimeError.self) { try bench.step().update(task: "r1.1", .note, by: "x", checked: checked) }
        do { try bench.step().update(task: "r1.1", .note, by: "x", checked: checked) } catch let error as RuntimeError {
            #expect(error.code == .invalidArgument && error.message == message)
        }
        #expect(try bench.history().count == before)
    }

    @Test func failingATaskAnswersItsWait() throws {
        let bench = try EngineBench(Self.playbook, start: Date(timeIntervalSince1970: 0), restarts: false)
        try bench.step().start(playbook: "p.lua", id: "r1", seed: 1)
        try bench.step().update(task: "r1.1", .fail, by: "CITY.ROADS", note: "barrier motor dead")
        #expect(try bench.result() == .string("failed by CITY.ROADS: barrier motor dead"))
    }

    @Test(arguments: [
        ([TaskAction.acknowledge, .acknowledge], "task 'r1.1' is acknowledged; it cannot take 'acknowledge'"),
        ([.start, .acknowledge], "task 'r1.1' is in progress; it cannot take 'acknowledge'"),
    ])
    func transitionsTheStateDoesNotAllowAreRefused(actions: [TaskAction], message: String) throws {
        let bench = try EngineBench(Self.playbook, start: Date(timeIntervalSince1970: 0), restarts: false)
        try bench.step().start(playbook: "p.lua", id: "r1", seed: 1)
        for action in actions.dropLast() { try bench.step().update(task: "r1.1", action, by: "x") }
        let before = try bench.history().count
        do {
            try bench.step().update(task: "r1.1", actions.last!, by: "x")
            Issue.record("expected an error")
        } catch let error as RuntimeError {
            #expect(error.message == message)
        }
        #expect(try bench.history().count == before)
    }
}

/// What a task carries besides its title, and tasks that must wait for others.
struct RuntimeTaskFieldTests {
    static let playbook = """
        return ilsa.workflow { name = "p", title = "P", run = function()
          local survey = ilsa.task {
            title = "Survey flood damage in Singil", detail = "Start with the semi-basement homes",
            priority = "high", tags = { "flood", "damage" }, checklist = { "photos", "NDMS entry" },
          }
          local relief = ilsa.task { title = "Hand out relief kits", after = { survey } }
          relief:wait()
          return "done"
        end }
        """

    @Test func fieldsAreRecordedAndDependenciesHold() throws {
        let bench = try EngineBench(Self.playbook, start: Date(timeIntervalSince1970: 0), restarts: false)
        try bench.step().start(playbook: "p.lua", id: "r1", seed: 1)
        let created = try bench.history().filter { $0.name == "task.create" }
        #expect(created[0].payload["priority"] == .string("high"))
        #expect(created[0].payload["checklist"] == .array(["photos", "NDMS entry"]))
        #expect(created[1].payload["after"] == .array(["r1.1"]))
        do {
            try bench.step().update(task: "r1.2", .start, by: "DONG.HEAD")
            Issue.record("expected an error")
        } catch let error as RuntimeError {
            #expect(error.message == "task 'r1.2' comes after 'r1.1', which is open")
        }
        try bench.step().update(task: "r1.2", .acknowledge, by: "DONG.HEAD")  // acknowledging is fine
        try bench.step().completeTask("r1.1", by: "CITY.SAFETY")
        try bench.step().completeTask("r1.2", by: "DONG.HEAD")
        #expect(try bench.result() == .string("done"))
    }

    @Test(arguments: [
        ("priority = 'asap'", "field 'priority' must be 'low', 'normal', 'high' or 'urgent'"),
        ("tags = 'flood'", "field 'tags' must be a list of strings"),
        ("checklist = { 1, 2 }", "field 'checklist' must be a list of strings"),
        ("after = { 'r1.1' }", "field 'after' must be a list of tasks"),
    ])
    func badFieldsReadLikeLua(field: String, message: String) throws {
        let source =
            "return ilsa.workflow { name = 'p', title = 'P', run = function() local ok, m = pcall(ilsa.task, { title = 'x', \(field) }) return m end }"
        let bench = try EngineBench(source, start: Date(timeIntervalSince1970: 0), restarts: false)
        try bench.step().start(playbook: "p.lua", id: "r1", seed: 1)
        #expect(try bench.result()?.stringValue?.contains("bad argument #1 to 'ilsa.task' (\(message))") == true)
    }
}
