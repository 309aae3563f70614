import IlsaEngine
import IlsaStore

/// The methods of the handles `ilsa.*` returns, as `registerHandleTypes()` in
/// `IlsaEngine/Bindings/RunExecution+Bindings.swift` registers them.
extension APIReference {
    static let methodEntries: [APIEntry] = [
        APIEntry(
            handle: .task, name: "wait", signature: "task:wait([milestone])",
            summary: "Waits until the task is done, failed or cancelled (or reaches `milestone`), and returns how.",
            discussion: """
                A task that has already ended answers at once. A failed task does not raise: look at `answer.state`. \
                With `"acknowledged"` or `"started"` it waits only until someone acknowledges or starts the task \
                (a task that ends without it answers too: look at `answer.state`).
                """,
            parameters: [.init("milestone", "\"acknowledged\"|\"started\"", "wait for this instead of the end", optional: true)],
            returns: [
                .init(
                    "ilsa.TaskAnswer", "answer",
                    "`state` (`acknowledged`, `in_progress`, `done`, `failed`, `cancelled`), `by` (who), `note`")
            ],
            waits: true,
            example: """
                local t = ilsa.task { title = "대피소 개방", assignee = { role = "DONG.HEAD", district = "singil" }, due = "1h" }
                local answer = t:wait()
                if answer.state == "failed" then ilsa.log("shelter not opened: " .. (answer.note or "no note")) end
                """),
        APIEntry(
            handle: .task, name: "cancel", signature: "task:cancel()",
            summary: "Cancels the task if it is still open; whoever waits for it sees `state = \"cancelled\"`.",
            example: """
                local ready = ilsa.task { title = "지하차도 통제 준비", assignee = { role = "POL.BOX", district = "singil" }, due = "1h" }
                ilsa.wait_signal("lifted")
                ready:cancel()
                """),
        APIEntry(
            handle: .task, name: "reached", signature: "task:reached(milestone)",
            summary: "Returns the task's milestone (`\"acknowledged\"` or `\"started\"`) as something to wait for, alone or in `ilsa.any`.",
            discussion: "Whichever agency starts first takes the job: race the milestones of several tasks, then cancel the others.",
            parameters: [.init("milestone", "\"acknowledged\"|\"started\"", "how far the task must go")],
            returns: [.init("ilsa.Milestone", "milestone", "the milestone, to wait for or give to `ilsa.any`")],
            example: """
                local fire = ilsa.task { title = "배수 지원", assignee = { unit = "sc119.wolpi" }, due = "30m" }
                local police = ilsa.task { title = "배수 지원", assignee = { role = "POL.BOX", district = "wolpi" }, due = "30m" }
                local first = ilsa.any { fire:reached("started"), police:reached("started") }
                if first:task():id() == fire:id() then police:cancel() else fire:cancel() end
                """,
            errors: ["bad argument #2 to 'reached' (\"acknowledged\" or \"started\" expected, got \"begun\")"]),
        APIEntry(
            handle: .task, name: "id", signature: "task:id()",
            summary: "Returns the task's id, as `ilsa tasks` shows it: `3f9c1a2b.3`.",
            returns: [.init("string", "id", "the task's id")],
            example: """
                local t = ilsa.task { title = "순찰", assignee = { role = "DONG.HEAD", district = "singil" } }
                ilsa.log("patrol is task " .. t:id())
                """),
        APIEntry(
            handle: .timer, name: "wait", signature: "timer:wait()",
            summary: "Waits until the timer's time; at once if it has passed.",
            returns: [.init("ilsa.TimerAnswer", "answer", "`{ timer = ms }`: when it fired, in milliseconds since 1970")],
            waits: true,
            example: """
                local deadline = ilsa.timer("T0+6h")
                ilsa.task { title = "상황 보고", assignee = { role = "CITY.SITROOM" }, due = "1h" }:wait()
                deadline:wait()
                ilsa.log("six hours since the start")
                """),
        APIEntry(
            handle: .escalation, name: "wait", signature: "escalation:wait()",
            summary: "Waits for the decision on the escalation and returns it.",
            returns: [.init("ilsa.Decision", "decision", "`option` (one of the options offered), `by`, `note`")],
            waits: true,
            example: """
                local e = ilsa.escalate { to = "control_tower", severity = "caution", reason = "폭염경보 3일째", options = { "open_cooling_centres", "hold" } }
                local decision = e:wait()
                ilsa.log("decided: " .. decision.option)
                """),
        APIEntry(
            handle: .escalation, name: "withdraw", signature: "escalation:withdraw()",
            summary: "Withdraws the escalation if it is not decided yet: the decider can no longer decide it.",
            example: """
                local e = ilsa.escalate { to = "control_tower", severity = "alert", reason = "만조·강풍 겹침", options = { "close_port", "hold" } }
                local item = ilsa.any { e, ilsa.signal("wind_dropped") }
                if item ~= e then e:withdraw() end
                """),
        APIEntry(
            handle: .escalation, name: "id", signature: "escalation:id()",
            summary: "Returns the escalation's id, as `ilsa escalations` shows it and `ilsa decide` takes it.",
            returns: [.init("string", "id", "the escalation's id")],
            example: """
                local e = ilsa.escalate { to = "control_tower", severity = "interest", reason = "관심 단계", options = { "monitor" } }
                ilsa.log("decide with: ilsa decide " .. e:id() .. " monitor")
                """),
        APIEntry(
            handle: .branch, name: "wait", signature: "branch:wait()",
            summary: "Waits until the branch's function returns (or the branch is cancelled).",
            returns: [.init("ilsa.BranchAnswer", "answer", "`state` (`done` or `cancelled`) and `result`, what the function returned")],
            waits: true,
            example: """
                local b = ilsa.branch(function() ilsa.sleep("5m"); return "checked" end)
                local answer = b:wait()
                ilsa.log("branch " .. answer.state .. ": " .. tostring(answer.result))
                """),
        APIEntry(
            handle: .branch, name: "cancel", signature: "branch:cancel()",
            summary: "Stops the branch and every branch it started, cancels their open tasks and withdraws their escalations.",
            discussion: "The history names each task and escalation it closed (`closed with branch ...`).",
            returns: [.init("string[]", "closed", "the ids of the tasks it cancelled")],
            example: """
                local watch = ilsa.branch(function() ilsa.wait_signal("rain_reading") end)
                ilsa.sleep("3h")
                local closed = watch:cancel()
                ilsa.log(#closed .. " tasks closed with the watch")
                """),
        APIEntry(
            handle: .branch, name: "id", signature: "branch:id()",
            summary: "Returns the branch's id.",
            returns: [.init("string", "id", "the branch's id")],
            example: """
                local b = ilsa.branch(function() end)
                ilsa.log("branch " .. b:id())
                """),
        APIEntry(
            handle: .milestone, name: "wait", signature: "milestone:wait()",
            summary: "Waits until the task reaches the milestone (or ends without it), as `task:wait(milestone)`.",
            returns: [.init("ilsa.TaskAnswer", "answer", "`state` (how far the task went), `by`, `note`")],
            waits: true,
            example: """
                local t = ilsa.task { title = "현장 확인", assignee = { role = "DONG.HEAD", district = "singil" }, due = "30m" }
                local seen = t:reached("acknowledged"):wait()
                ilsa.log("seen by " .. (seen.by or "nobody"))
                """),
        APIEntry(
            handle: .milestone, name: "task", signature: "milestone:task()",
            summary: "Returns the task the milestone belongs to (which of several `ilsa.any` raced came first).",
            returns: [.init("ilsa.Task", "task", "the task")],
            example: """
                local a = ilsa.task { title = "A", assignee = { role = "DONG.HEAD", district = "singil" } }
                ilsa.log("waiting for " .. a:reached("started"):task():id())
                """),
    ]

    /// The kinds of string the API takes.
    public static let aliases: [APIAlias] = [
        APIAlias("ilsa.DueTime", "When something is due: " + dueTimeForms + "."),
        APIAlias(
            "ilsa.TaskClass", "What kind of task: it sets the grace periods of its escalation ladder.",
            values: ["life_safety", "preparedness", "administrative"]),
        APIAlias("ilsa.Priority", "How urgent a task is (default `normal`).", values: ["low", "normal", "high", "urgent"]),
        APIAlias(
            "ilsa.Severity", "The crisis level: 관심 interest, 주의 caution, 경계 alert, 심각 serious.",
            values: ["interest", "caution", "alert", "serious"]),
        APIAlias("ilsa.EscalationTarget", "Who decides an escalation.", values: ["control_tower", "city_hq", "district_chair"]),
        APIAlias("ilsa.ParamType", "A parameter's type.", values: PlaybookParameter.ValueType.names),
        APIAlias(
            "ilsa.Waitable", "Anything `ilsa.any` and `ilsa.all` wait for.",
            type: PlaybookAPI.Handle.allCases.map(className(of:)).joined(separator: "|")),
    ]

    /// The tables the API takes and gives.
    public static let classes: [APIClass] = [
        APIClass(
            "ilsa.WorkflowSpec", "The table given to `ilsa.workflow`.",
            fields: [
                .init("name", "string", "the playbook's identifier, snake_case: `heavy_rain`"),
                .init("title", "string", "the human title"),
                .init("summary", "string", "a longer description (or `description`)", optional: true),
                .init("description", "string", "another name for `summary`", optional: true),
                .init("tags", "string[]", "tags for finding playbooks", optional: true),
                .init(
                    "params", "ilsa.Param[]|table<string, ilsa.Param>",
                    "the parameters: a list of `{ name = ..., type = ... }`, or a map from name to `{ type = ... }`", optional: true),
                .init("run", "async fun(ctx: ilsa.Context): any", "what the run does; what it returns is the run's result"),
            ]),
        APIClass(
            "ilsa.Param", "A parameter the playbook declares; the runner gives it as `--param NAME=VALUE`.",
            fields: [
                .init("name", "string", "the parameter's name (in a list of parameters)", optional: true),
                .init(
                    "type", "ilsa.ParamType",
                    "`string`, `integer`, `number`, `boolean`, `district`, `districts`, `duration`, `time` or `choice`"),
                .init("required", "boolean", "whether the runner must give it", optional: true),
                .init("default", "any", "the value when the runner does not give one", optional: true),
                .init("values", "string[]", "the choices, for `type = \"choice\"`", optional: true),
                .init("summary", "string", "one line saying what it is for (or `description`)", optional: true),
                .init("description", "string", "another name for `summary`", optional: true),
            ]),
        APIClass(
            "ilsa.Context", "What `run(ctx)` receives.",
            fields: [
                .init("run_id", "string", "the run's id"),
                .init(
                    "params", "table<string, any>",
                    "the parameters, checked, with defaults filled in; a district is its code, `districts` a list of codes"),
            ]),
        APIClass(
            "ilsa.TaskSpec", "The table given to `ilsa.task`.",
            fields: [
                .init("title", "string", "what to do, as the assignee reads it"),
                .init("assignee", "ilsa.Assignee", "who does it, checked against the roster", optional: true),
                .init("due", "ilsa.DueTime", "when it is due", optional: true),
                .init("class", "ilsa.TaskClass", "`life_safety`, `preparedness` (default) or `administrative`", optional: true),
                .init("priority", "ilsa.Priority", "`low`, `normal` (default), `high` or `urgent`", optional: true),
                .init("detail", "string", "how to do it", optional: true),
                .init("checklist", "string[]", "steps to tick off", optional: true),
                .init("tags", "string[]", "tags for finding tasks", optional: true),
                .init("after", "ilsa.Task[]", "tasks that must be done before this one can start or be done", optional: true),
                .init("escalation", "string", "the roster's escalation ladder (default `default`)", optional: true),
            ]),
        APIClass(
            "ilsa.Assignee", "Who does a task: exactly one of `role`, `unit` or `person`; `district` only with `role`.",
            fields: [
                .init("role", "string", "a roster role code: `DONG.HEAD`; citywide without `district`: `CITY.SITROOM`", optional: true),
                .init("district", "string", "the district whose holder of `role` does it: `singil`", optional: true),
                .init("unit", "string", "a roster unit: `sc119.wolpi`", optional: true),
                .init("person", "string", "a person in the roster", optional: true),
            ]),
        APIClass(
            "ilsa.UnitFilter", "The table given to `ilsa.units`: every field given must match.",
            fields: [
                .init("role", "string", "units holding this role code: `CG.BOX`, `CITY.HEALTH`", optional: true),
                .init("district", "string", "units serving this district: `daebu`; with `role`, its holders there", optional: true),
                .init("kind", "string", "units of this kind: `hospital_er`, `safety_centre_119`, `school`", optional: true),
                .init("agency", "string", "units of this agency: `coast_guard`, `fire`", optional: true),
            ]),
        APIClass(
            "ilsa.Unit", "A unit of the roster, as `ilsa.units` returns it.",
            fields: [
                .init("id", "string", "its code, for `{ unit = id }`: `cg.daebu`"),
                .init("kind", "string", "what sort of place: `coast_guard_box`"),
                .init("agency", "string", "its agency's code: `coast_guard`"),
                .init("ko", "string", "its Korean name: `평택해양경찰서 대부파출소`"),
                .init("en", "string", "its English name"),
                .init("districts", "string[]", "the districts it serves; empty for a citywide unit"),
            ]),
        APIClass(
            "ilsa.District", "A district meeting, as `ilsa.district` returns it.",
            fields: [
                .init("id", "string", "its code: `singil`"),
                .init("ko", "string", "its Korean name: `신길`"),
                .init("en", "string", "its English name"),
                .init("gu", "string", "its gu: `danwon`"),
                .init("chair", "string", "the unit whose head chairs the meeting"),
                .init("hubs", "string[]", "its hub units, usually 119 safety centres"),
                .init("dongs", "{ id: string, ko: string, en: string }[]", "its administrative dongs"),
            ]),
        APIClass(
            "ilsa.EscalationSpec", "The table given to `ilsa.escalate`.",
            fields: [
                .init("to", "ilsa.EscalationTarget", "`control_tower`, `city_hq` or `district_chair`"),
                .init("severity", "ilsa.Severity", "`interest` (관심), `caution` (주의), `alert` (경계) or `serious` (심각)"),
                .init("reason", "string", "why, in a line the decider reads"),
                .init("options", "string[]", "what the decider chooses between"),
            ]),
        APIClass(
            "ilsa.TaskAnswer", "How a task ended (`task:wait()`).",
            fields: [
                .init("task", "string", "the task's id"),
                .init("state", "\"done\"|\"failed\"|\"cancelled\"", "how it ended"),
                .init("by", "string", "who ended it", optional: true),
                .init("note", "string", "their note", optional: true),
            ]),
        APIClass(
            "ilsa.Decision", "The decision on an escalation (`escalation:wait()`).",
            fields: [
                .init("escalation", "string", "the escalation's id"),
                .init("option", "string", "the option chosen"),
                .init("by", "string", "who decided"),
                .init("note", "string", "their note", optional: true),
            ]),
        APIClass(
            "ilsa.SignalAnswer", "A signal received (`ilsa.wait_signal`).",
            fields: [
                .init("signal", "string", "its name"),
                .init("payload", "any", "what was sent with it (JSON as Lua values), or nil"),
            ]),
        APIClass(
            "ilsa.TimerAnswer", "A timer fired (`ilsa.sleep`, `timer:wait()`).",
            fields: [
                .init("timer", "integer", "when, in milliseconds since 1970")
            ]),
        APIClass(
            "ilsa.BranchAnswer", "How a branch ended (`branch:wait()`).",
            fields: [
                .init("branch", "string", "the branch's id"),
                .init("state", "\"done\"|\"cancelled\"", "how it ended"),
                .init("result", "any", "what its function returned", optional: true),
            ]),
        APIClass(
            "ilsa.Answer", "What ended a wait in `ilsa.any` / `ilsa.all`: the fields of the item's own answer, and its position.",
            fields: [
                .init("index", "integer", "the position of the item in the list"),
                .init("state", "string", "a task's or branch's end state", optional: true),
                .init("by", "string", "who ended the task or decided", optional: true),
                .init("note", "string", "their note", optional: true),
                .init("option", "string", "the decision, for an escalation", optional: true),
                .init("signal", "string", "the signal's name, for a signal", optional: true),
                .init("payload", "any", "the signal's payload", optional: true),
                .init("timer", "integer", "when the timer fired, for a timer", optional: true),
                .init("result", "any", "what a branch returned", optional: true),
            ]),
    ]
}
