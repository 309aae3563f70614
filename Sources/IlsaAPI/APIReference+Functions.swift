/// The `ilsa.*` functions. Each entry matches a binding in `IlsaEngine/Bindings/RunExecution+Bindings.swift`
/// (or, for `ilsa.workflow`, `Playbook/Playbook+Load.swift`); its errors are the messages those
/// bindings raise.
extension APIReference {
    static let dueTimeForms =
        #"a duration from now ("15m", "1h30m"), an offset from the run's start ("T0+2h") or a time ("2025-07-16T18:00:00+09:00")"#

    static let functionEntries: [APIEntry] = [
        APIEntry(
            name: "workflow", signature: "ilsa.workflow(spec)",
            summary: "Declares a playbook: its name, title, parameters and the `run` function the engine calls.",
            discussion: """
                A playbook file returns the value of `ilsa.workflow { ... }`. The engine reads the table \
                without calling `run` (for `ilsa check`, `ilsa run`'s parameter checks and listings), then \
                calls `run(ctx)` when a run starts: `ctx.params` holds the parameters, checked and with \
                defaults filled in, and `ctx.run_id` the run's id. What `run` returns is the run's result.
                """,
            parameters: [.init("spec", "ilsa.WorkflowSpec", "the playbook's fields: `name`, `title`, `summary`, `tags`, `params`, `run`")],
            returns: [.init("ilsa.WorkflowSpec", "spec", "the same table, checked")],
            example: """
                return ilsa.workflow {
                  name = "sandbags",
                  title = "모래주머니 배치",
                  params = { { name = "district", type = "district", default = "singil" } },
                  run = function(ctx)
                    ilsa.log("sandbags for " .. ctx.params.district)
                  end,
                }
                """,
            errors: [
                "file: workflow field 'name' must be a snake_case identifier, got \"Heavy Rain\"",
                "file: the workflow has unknown field 'titel' (did you mean 'title'?); known fields are ...",
                "file: workflow field 'params.level.type' must be one of string, integer, number, boolean, district, districts, duration, time, choice",
                "file: the file returns nothing; it should return the workflow: return ilsa.workflow { ... }",
            ]),
        APIEntry(
            name: "task", signature: "ilsa.task(spec)",
            summary: "Creates a task for someone on the roster and returns it at once, without waiting.",
            discussion: """
                The assignee is a role in a district (`{ role = "DONG.HEAD", district = "singil" }`), a \
                citywide role (`{ role = "CITY.SITROOM" }`), a unit (`{ unit = "sc119.wolpi" }`) or a person \
                (`{ person = "..." }`), checked against the roster. `due` is a due time; `class` \
                (`life_safety`, `preparedness`, default, or `administrative`) sets how long the \
                escalation ladder waits, past the due time, before it climbs a rung while nobody \
                acknowledges the task. Wait for the task with `task:wait()`, or give it to `ilsa.any` / \
                `ilsa.all`.
                """,
            parameters: [
                .init(
                    "spec", "ilsa.TaskSpec",
                    "`title` (required), `assignee`, `due`, `class`, `priority`, `detail`, `checklist`, `tags`, `after`, `escalation`")
            ],
            returns: [.init("ilsa.Task", "task", "the task, to wait for or cancel")],
            example: """
                local t = ilsa.task {
                  title = "반지하 취약가구 연락", detail = "Call every registered semi-basement household.",
                  assignee = { role = "DONG.HEAD", district = "singil" },
                  due = "1h", class = "life_safety", priority = "urgent",
                  checklist = { "가구별 연락 결과 기록" },
                }
                local answer = t:wait()
                ilsa.log("households: " .. answer.state)
                """,
            errors: [
                "bad argument #1 to 'ilsa.task' (field 'title' must be a non-empty string)",
                "bad argument #1 to 'ilsa.task' (unknown field 'deu' (did you mean 'due'?); ilsa.task takes title, assignee, due, class, priority, detail, checklist, tags, after, escalation)",
                "bad argument #1 to 'ilsa.task' (field 'assignee': the roster has no role 'DONG.HAED' (did you mean 'DONG.HEAD'?))",
                "bad argument #1 to 'ilsa.task' (field 'assignee': nobody holds 'CG.BOX' in singil)",
                "bad argument #1 to 'ilsa.task' (field 'assignee': 'DONG.HEAD' is held in districts; name one: { role = \"DONG.HEAD\", district = \"...\" })",
                "bad argument #1 to 'ilsa.task' (field 'due': due '15 minutes' is not understood; write a duration like \"15m\" or \"1h30m\", an offset from the run's start like \"T0+2h\", or a time like \"2025-07-16T09:00:00+09:00\")",
                "bad argument #1 to 'ilsa.task' (field 'class' must be 'life_safety', 'preparedness' or 'administrative', got 'urgent')",
                "bad argument #1 to 'ilsa.task' (field 'priority' must be 'low', 'normal', 'high' or 'urgent')",
                "bad argument #1 to 'ilsa.task' (field 'after' must be a list of tasks)",
                "bad argument #1 to 'ilsa.task' (field 'escalation': the roster has no ladder 'fast')",
            ]),
        APIEntry(
            name: "escalate", signature: "ilsa.escalate(spec)",
            summary: "Raises a decision to the control tower (or the city HQ, or the district chair) and returns it at once.",
            discussion: """
                `severity` is the crisis level: `interest` (관심), `caution` (주의), `alert` (경계) or \
                `serious` (심각). The decider chooses one of `options` (`ilsa decide ESCALATION OPTION`); \
                `e:wait()` returns the decision. The playbook can withdraw an escalation it no longer needs.
                """,
            parameters: [.init("spec", "ilsa.EscalationSpec", "`to`, `severity`, `reason` and the `options` to choose from")],
            returns: [.init("ilsa.Escalation", "escalation", "the escalation, to wait for or withdraw")],
            example: """
                local decision = ilsa.escalate {
                  to = "control_tower", severity = "alert", reason = "62 mm/h in singil",
                  options = { "evacuate_low_areas", "open_shelters", "hold" },
                }:wait()
                ilsa.log("the tower chose " .. decision.option .. " (" .. decision.by .. ")")
                """,
            errors: [
                "bad argument #1 to 'ilsa.escalate' (field 'to' must be 'control_tower', 'city_hq' or 'district_chair', got 'tower')",
                "bad argument #1 to 'ilsa.escalate' (field 'severity' must be 'interest', 'caution', 'alert' or 'serious' (관심, 주의, 경계, 심각), got '경계')",
                "bad argument #1 to 'ilsa.escalate' (field 'reason' must be a non-empty string)",
                "bad argument #1 to 'ilsa.escalate' (field 'options' must be a list of strings to decide between)",
            ]),
        APIEntry(
            name: "units", signature: "ilsa.units(filter)",
            summary: "Returns the roster's units that match every field of the filter, in roster order.",
            discussion: """
                Ask the roster instead of writing unit codes into the playbook: the emergency rooms \
                (`{ kind = "hospital_er" }`), the coast-guard box of a district (`{ role = "CG.BOX", district = d }`), \
                the health centres (`{ role = "CITY.HEALTH" }`). An unknown role, district, kind or agency \
                raises, so a typo never reads as "nobody there"; a list may still be empty (no coast-guard box \
                in Singil). The answer is recorded in the run's history: a run replayed after the roster was \
                edited sees the units it saw when it ran.
                """,
            parameters: [.init("filter", "ilsa.UnitFilter", "any of `role`, `district`, `kind`, `agency`; at least one")],
            returns: [
                .init("ilsa.Unit[]", "units", "each `{ id, kind, agency, ko, en, districts }`; give `{ unit = u.id }` as a task's assignee")
            ],
            example: """
                for _, er in ipairs(ilsa.units { kind = "hospital_er" }) do
                  ilsa.task { title = "응급실 병상 현황 보고", assignee = { unit = er.id }, due = "2h" }
                end
                local coast = #ilsa.units { role = "CG.BOX", district = "daebu" } > 0
                ilsa.log("daebu has a coast-guard box: " .. tostring(coast))
                """,
            errors: [
                "bad argument #1 to 'ilsa.units' (field 'role': the roster has no role 'CG.BXO' (did you mean 'CG.BOX'?))",
                "bad argument #1 to 'ilsa.units' (unknown field 'distrct' (did you mean 'district'?); filter on role, district, kind or agency)",
                "bad argument #1 to 'ilsa.units' (name at least one of role, district, kind or agency: ilsa.units { role = \"CG.BOX\", district = \"daebu\" })",
            ]),
        APIEntry(
            name: "district", signature: "ilsa.district(code)",
            summary: "Returns a district meeting as the roster has it: its names, gu, dongs, hub units and chair.",
            discussion:
                "Use it to name places in task titles and details in the agencies' words. Recorded in the run's history, as `ilsa.units` is.",
            parameters: [.init("code", "string", "the district's code: `singil`")],
            returns: [.init("ilsa.District", "district", "`{ id, ko, en, gu, chair, hubs, dongs }`")],
            example: """
                local d = ilsa.district("singil")
                local names = {}
                for _, dong in ipairs(d.dongs) do names[#names + 1] = dong.ko end
                ilsa.log(d.ko .. " 권역: " .. table.concat(names, ", "))
                """,
            errors: ["bad argument #1 to 'ilsa.district' (the roster has no district 'singl' (did you mean 'singil'?))"]),
        APIEntry(
            name: "sleep", signature: "ilsa.sleep(due)",
            summary: "Waits until a due time: a duration from now, an offset from the run's start, or a time.",
            discussion:
                "The run sleeps in the store, not in memory: `ilsa work` (or `ilsa run` following it) wakes it when the time comes.",
            parameters: [.init("due", "ilsa.DueTime", dueTimeForms)],
            returns: [.init("ilsa.TimerAnswer", "answer", "`{ timer = ms, index = 1 }`: when the timer fired, in milliseconds since 1970")],
            waits: true,
            example: """
                ilsa.sleep("30m")
                ilsa.log("half an hour later")
                """,
            errors: [
                "bad argument #1 to 'ilsa.sleep' (a duration like \"15m\", a start offset like \"T0+2h\" or a time like \"2025-07-16T18:00:00+09:00\" expected, got \"half an hour\")"
            ]),
        APIEntry(
            name: "timer", signature: "ilsa.timer(due)",
            summary: "Starts a timer for a due time and returns it at once, to race against other waits in `ilsa.any`.",
            parameters: [.init("due", "ilsa.DueTime", dueTimeForms)],
            returns: [.init("ilsa.Timer", "timer", "the timer, to wait for or give to `ilsa.any`")],
            example: """
                local t = ilsa.task { title = "배수펌프 점검", assignee = { role = "FIRE.SC119", district = "singil" }, due = "1h" }
                local first = ilsa.any { t, ilsa.timer("2h") }
                if first ~= t then ilsa.log("pumps not checked after 2h") end
                """,
            errors: [
                "bad argument #1 to 'ilsa.timer' (a duration like \"15m\", a start offset like \"T0+2h\" or a time like \"2025-07-16T18:00:00+09:00\" expected, got \"soon\")"
            ]),
        APIEntry(
            name: "signal", signature: "ilsa.signal(name)",
            summary: "Names a signal to wait for among other things in `ilsa.any`; it does not wait by itself.",
            discussion: """
                Signals are news from outside: `ilsa signal RUN NAME [JSON]`, or a drill's responders file. \
                A signal that arrives while the run is not waiting for it is kept, in order, until it asks.
                """,
            parameters: [.init("name", "string", "the signal's name: `rain_reading`, `kma.heavy_rain`")],
            returns: [.init("ilsa.Signal", "signal", "the signal, for `ilsa.any`")],
            example: """
                local which, answer = ilsa.any { ilsa.signal("lifted"), ilsa.timer("3h") }
                if answer.signal == "lifted" then ilsa.log("advisory lifted") end
                """,
            errors: ["bad argument #1 to 'ilsa.signal' (string expected, got no value)"]),
        APIEntry(
            name: "wait_signal", signature: "ilsa.wait_signal(name)",
            summary: "Waits for a signal and returns it with its payload.",
            parameters: [.init("name", "string", "the signal's name")],
            returns: [
                .init("ilsa.SignalAnswer", "answer", "`{ signal = name, payload = ... }`: the payload as sent (JSON becomes Lua tables)")
            ],
            waits: true,
            example: """
                local reading = ilsa.wait_signal("rain_reading")
                ilsa.log(string.format("rain %g mm/h", reading.payload.mm_per_hour))
                """,
            errors: ["bad argument #1 to 'ilsa.wait_signal' (string expected, got no value)"]),
        APIEntry(
            name: "any", signature: "ilsa.any(items)",
            summary: "Waits for the first of several tasks, timers, signals, escalations or branches, and returns it with its answer.",
            discussion: """
                The others go on: a task stays open, a timer can still be waited for. `answer.index` is \
                the position of the item that ended the wait.
                """,
            parameters: [.init("items", "ilsa.Waitable[]", "a list of tasks, timers, signals, escalations or branches")],
            returns: [
                .init("ilsa.Waitable", "item", "the item that ended the wait"),
                .init(
                    "ilsa.Answer", "answer",
                    "its answer: a task's `state` and `by`, a signal's `signal` and `payload`, a decision's `option`..."),
            ],
            waits: true,
            example: """
                local t = ilsa.task { title = "지하차도 통제", assignee = { role = "POL.BOX", district = "singil" }, due = "10m" }
                local item, answer = ilsa.any { t, ilsa.signal("lifted"), ilsa.timer("1h") }
                if item == t then ilsa.log("closed by " .. answer.by) end
                """,
            errors: [
                "bad argument #1 to 'ilsa.any' (a list of tasks, timers or signals expected, got an empty table)",
                "bad argument #1 to 'ilsa.any' (item 2 is not a task, timer, signal, escalation or branch (got string))",
            ]),
        APIEntry(
            name: "all", signature: "ilsa.all(items)",
            summary: "Waits for every one of several tasks, timers, signals, escalations or branches, and returns their answers in order.",
            parameters: [
                .init(
                    "items", "ilsa.Waitable[]",
                    "a list of tasks, timers, signals, escalations or branches; an empty list returns an empty list at once")
            ],
            returns: [.init("ilsa.Answer[]", "answers", "each item's answer, in the items' order")],
            waits: true,
            example: """
                local calls = ilsa.task { title = "주민 연락", assignee = { role = "DONG.HEAD", district = "choji" }, due = "1h" }
                local pumps = ilsa.task { title = "배수펌프 대기", assignee = { role = "FIRE.SC119", district = "choji" }, due = "1h" }
                local answers = ilsa.all { calls, pumps }
                ilsa.log("calls " .. answers[1].state .. ", pumps " .. answers[2].state)
                """,
            errors: ["bad argument #1 to 'ilsa.all' (a list of tasks, timers, signals, escalations or branches expected)"]),
        APIEntry(
            name: "parallel", signature: "ilsa.parallel(branches)",
            summary: "Runs several functions side by side (one per district, one per agency) and waits until every one has finished.",
            discussion: """
                Each function is a branch: it creates tasks and waits on its own while the others go on. \
                To stop a branch early, start it with `ilsa.branch` instead.
                """,
            parameters: [.init("branches", "(async fun(): any)[]", "a list of functions, one per branch")],
            returns: [.init("any[]", "results", "what each function returned, in the list's order")],
            waits: true,
            example: """
                local branches = {}
                for _, d in ipairs({ "singil", "choji" }) do
                  branches[#branches + 1] = function()
                    return ilsa.task { title = "순찰", assignee = { role = "DONG.HEAD", district = d }, due = "2h" }:wait().state
                  end
                end
                local states = ilsa.parallel(branches)
                ilsa.log("singil " .. states[1] .. ", choji " .. states[2])
                """,
            errors: ["bad argument #1 to 'ilsa.parallel' (a list of functions expected (one per branch))"]),
        APIEntry(
            name: "branch", signature: "ilsa.branch(fn)",
            summary: "Starts a function as a branch of its own and returns it at once, to wait for or cancel later.",
            discussion: """
                `b:cancel()` stops the branch and every branch it started, cancels the tasks they opened \
                and withdraws their escalations.
                """,
            parameters: [.init("fn", "async fun(): any", "the branch to run")],
            returns: [.init("ilsa.Branch", "branch", "the branch, to wait for or cancel")],
            example: """
                local patrol = ilsa.branch(function()
                  ilsa.task { title = "하천 순찰", assignee = { role = "DONG.HEAD", district = "wolpi" }, due = "2h" }:wait()
                end)
                local lifted = ilsa.any { patrol, ilsa.signal("lifted") }
                if lifted ~= patrol then patrol:cancel() end
                """,
            errors: ["bad argument #1 to 'ilsa.branch' (a function expected (the branch to run), got nil)"]),
        APIEntry(
            name: "patched", signature: "ilsa.patched(name)",
            summary:
                "Whether this run takes the new code a playbook edit marks with `name`: true for new runs, false for runs already past it.",
            discussion: """
                Changing a playbook while runs are under way: a run replays its history, and new code that issues \
                commands where the history records others would not replay (`ilsa check` names such runs). Put the new \
                code under `if ilsa.patched("name") then ... end`: a run that reaches the call live takes it (true, \
                recorded in its history), a run whose history was recorded without it keeps the old path (false). The \
                answer is decided at a run's first call with the name and kept. Once no run on the old path is left, \
                the call and the old branch can go.
                """,
            parameters: [.init("name", "string", "the change's name, the same in every call that marks it")],
            returns: [.init("boolean", "taken", "whether the run takes the new path")],
            example: """
                if ilsa.patched("notify-sitroom") then
                  ilsa.log("상황실 보고")
                end
                """,
            errors: ["bad argument #1 to 'ilsa.patched' (string expected, got no value)"]),
        APIEntry(
            name: "cancel_run", signature: "ilsa.cancel_run([reason])",
            summary: "Ends the run as cancelled, with a reason: its open tasks and escalations close, as with `ilsa cancel`.",
            discussion: """
                For a playbook that finds it is not needed (the warning was lifted before anyone acted). `error()` \
                would end the run as failed, an incident. The history says `run cancelled by playbook` and names the \
                tasks it closed. Never returns.
                """,
            parameters: [.init("reason", "string", "why, for the record", optional: true)],
            example: """
                local lifted = ilsa.signal("lifted")
                if ilsa.any { lifted, ilsa.timer("10m") } == lifted then
                  ilsa.cancel_run("advisory lifted before the response began")
                end
                """),
        APIEntry(
            name: "log", signature: "ilsa.log(message)",
            summary: "Writes a line to the run's history (`log: ...` in `ilsa run`, `ilsa history` and drill timelines).",
            parameters: [.init("message", "string", "the line")],
            example: #"ilsa.log("호우주의보 for singil")"#,
            errors: ["bad argument #1 to 'ilsa.log' (string expected, got no value)"]),
        APIEntry(
            name: "now", signature: "ilsa.now()",
            summary: "Returns the run's time now, in seconds since 1970 (UTC), the same when the run is replayed.",
            discussion:
                "Use it instead of `os.time()`, which playbooks do not have: a replayed run sees the time of the event being replayed.",
            returns: [.init("number", "seconds", "seconds since 1970, with milliseconds")],
            example: """
                local started = ilsa.now()
                ilsa.sleep("10m")
                ilsa.log(string.format("%d seconds later", ilsa.now() - started))
                """),
        APIEntry(
            name: "random", signature: "ilsa.random([m [, n]])",
            summary: "Returns a random number as `math.random` does, the same when the run is replayed (`ilsa run --seed`).",
            parameters: [
                .init("m", "integer", "with `n`: the lowest integer; alone: the highest (from 1)", optional: true),
                .init("n", "integer", "the highest integer", optional: true),
            ],
            returns: [.init("number", "value", "a float in [0, 1) without arguments, else an integer in [m, n]")],
            example: """
                local gauges = { "신길동", "원곡동", "초지동" }
                ilsa.log("first gauge to check: " .. gauges[ilsa.random(#gauges)])
                """,
            errors: ["bad argument #2 to 'ilsa.random' (interval is empty)"]),
    ]
}
