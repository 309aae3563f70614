/// The small playbooks the tests of the runner share, in one place. A test writes one to a file
/// (``Workspace/write(_:_:)``) or gives it to an ``EngineBench``; playbooks that only one test
/// needs stay in that test.
public enum FixturePlaybooks {
    /// A task for the dong head of the district parameter (default singil), due in an hour; the
    /// run logs that it waits, then waits for it. Checks clean.
    public static let sandbags = """
        return ilsa.workflow {
          name = "sandbags", title = "모래주머니 배치",
          params = { { name = "district", type = "district", default = "singil" } },
          run = function(ctx)
            local t = ilsa.task {
              title = "모래주머니 배치", assignee = { role = "DONG.HEAD", district = ctx.params.district }, due = "1h",
            }
            ilsa.log("waiting for the sandbags")
            t:wait()
            return "placed"
          end,
        }

        """

    /// A task, then three steps of a second each, each drawing a random number: several
    /// commands and timers, and a result that depends on the seed.
    public static let steps = """
        return ilsa.workflow {
          name = "steps", title = "단계별 점검",
          run = function(ctx)
            local t = ilsa.task { title = "배수로 점검", assignee = { role = "DONG.HEAD", district = "singil" }, due = "1h" }
            local drawn = {}
            for i = 1, 3 do
              ilsa.log("step " .. i)
              ilsa.sleep("1s")
              drawn[i] = ilsa.random(1, 1000000)
            end
            t:wait()
            ilsa.log("all steps done")
            return { drawn = drawn, task = t:id() }
          end,
        }

        """

    /// Waits for a `gauge` signal, logs its reading, then sleeps a second.
    public static let gauge = """
        return ilsa.workflow {
          name = "gauge", title = "강우량 확인",
          run = function(ctx)
            local reading = ilsa.wait_signal("gauge")
            ilsa.log(string.format("rain %d mm/h", reading.payload.mm))
            ilsa.sleep("1s")
            return reading.payload.mm
          end,
        }

        """

    /// Sleeps `seconds`, then completes.
    public static func nap(_ seconds: Int) -> String {
        """
        return ilsa.workflow {
          name = "nap", title = "잠깐 대기",
          run = function(ctx)
            ilsa.log("before")
            ilsa.sleep("\(seconds)s")
            ilsa.log("after")
            return "rested"
          end,
        }

        """
    }

    /// A life-safety task due in a second that nobody acknowledges, watched for three seconds.
    public static let unanswered = """
        return ilsa.workflow {
          name = "unanswered", title = "응답 없는 과업",
          run = function(ctx)
            local t = ilsa.task {
              title = "대피 안내", assignee = { role = "DONG.HEAD", district = "singil" }, due = "1s", class = "life_safety",
            }
            ilsa.any { t, ilsa.timer("3s") }
            return "watched"
          end,
        }

        """

    /// The duty officer's desk: three tasks, two in singil (one due at the run's start, so
    /// overdue at once), one in choji. When the first is done, the run creates a fourth and
    /// waits for it, then completes.
    public static let duty = """
        return ilsa.workflow {
          name = "duty", title = "당직 점검 — duty drill",
          run = function(ctx)
            local calls = ilsa.task { title = "반지하 취약가구 연락", assignee = { role = "DONG.HEAD", district = "singil" }, due = "1h" }
            ilsa.task { title = "Pumps ready", assignee = { role = "FIRE.SC119", district = "singil" }, due = "T0+0m" }
            ilsa.task { title = "초지동 침수 우려 지역 순찰", assignee = { role = "DONG.HEAD", district = "choji" }, due = "2h" }
            calls:wait()
            ilsa.task { title = "임시대피소 개방", assignee = { role = "DONG.HEAD", district = "singil" }, due = "30m" }:wait()
            return "done"
          end,
        }

        """

    /// Waits for a `rain_reading`, then makes a task named after the gauge in its payload and
    /// waits for it; returns the reading's mm per hour.
    public static let rainReading = """
        return ilsa.workflow {
          name = "gauge", title = "Gauge",
          run = function(ctx)
            local answer = ilsa.wait_signal("rain_reading")
            ilsa.task { title = "점검 " .. answer.payload.gauge, assignee = { role = "DONG.HEAD", district = "singil" }, due = "1h" }:wait()
            return answer.payload.mm_per_hour
          end,
        }

        """

    /// Escalates to the control tower; evacuating makes a task, holding ends the run.
    public static let tower = """
        return ilsa.workflow {
          name = "tower", title = "Tower",
          run = function(ctx)
            local decision = ilsa.escalate {
              to = "control_tower", severity = "alert", reason = "55 mm/h in singil", options = { "evacuate_low_areas", "hold" },
            }:wait()
            if decision.option == "evacuate_low_areas" then
              ilsa.task { title = "저지대 주민 대피", assignee = { role = "DONG.HEAD", district = "singil" }, due = "30m" }:wait()
            end
            return decision.option
          end,
        }

        """
}
