-- 호우 대응 (권역): how one district meeting (권역별 민생안전회의) responds while a KMA heavy-rain
-- advisory (호우주의보) or warning (호우경보) is in force. Research: domain.md, PB-01.
--
--   1. At once, side by side: the dong heads call every registered semi-basement (반지하)
--      household and patrol the flood-prone spots; the 119 safety centre readies its pumps; the
--      police boxes get the underpasses (지하차도) ready to close, or close them now if the
--      closure criteria are already met (a warning, or CLOSE_MM in an hour).
--   2. Meanwhile the run watches the rain: gauge readings (signal `rain_reading`, payload
--      { mm_per_hour = 62, gauge = "신길동" }) and KMA's heavy-rain reports through the kma plugin
--      (signal `kma.heavy_rain`: a warning upgrades the stage, `lifted` stands down), for `watch`
--      at most.
--   3. When the rain crosses the line, the underpasses close and the district escalates to the
--      control tower (일사천리 민생안전회의), which decides: evacuate the low areas, open the
--      shelters, or hold.
--
-- Titles are Korean (what the agencies read), details English. Deadlines and thresholds are
-- example values [EX] from the research: agree them with the city.

local kma = require "kma" -- KMA's criteria and report names: the plugin holds them, not this file

local CLOSE_MM = 50 -- mm in an hour: close the underpasses and escalate (MOIS: close early)

return ilsa.workflow {
  name = "heavy_rain",
  title = "호우 대응 (권역) — heavy rain, district response",
  tags = { "weather", "flood", "summer" },
  params = {
    { name = "district", type = "district", default = "singil", summary = "the district meeting that responds" },
    { name = "level", type = "choice", values = { "advisory", "warning" }, default = "advisory",
      summary = "the KMA report in force: advisory (호우주의보) or warning (호우경보)" },
    { name = "rain_mm_per_hour", type = "number", default = 30, summary = "the last hour's rain at the district's gauge, mm" },
    { name = "watch", type = "duration", default = "3h", summary = "how long to watch the rain before standing down" },
  },
  run = function(ctx)
    local d, level, peak = ctx.params.district, ctx.params.level, ctx.params.rain_mm_per_hour
    local closed = level == "warning" or peak >= CLOSE_MM -- the underpass closure criteria are met
    local tasks = {}                                      -- how each task ended, by name
    local outcome, escalation = "watch_ended", nil        -- for the summary the run returns

    local function to(role) return { role = role, district = d } end
    -- Waits for a task and notes how it ended.
    local function finish(name, task) tasks[name] = task:wait().state end
    local function close_underpasses()
      return ilsa.task {
        title = "지하차도 즉시 통제", assignee = to("POL.BOX"), due = "10m", class = "life_safety", priority = "urgent",
        detail = "Close every underpass in the district now, whatever the water depth; an officer at each barrier.",
        tags = { "heavy_rain", "underpass" },
      }
    end

    ilsa.log(string.format("%s for %s, %g mm/h", kma.name("heavy_rain", level), d, peak))

    -- The control tower decides; the district carries its decision out.
    local function escalate(reason)
      local closure
      if not closed then closure, closed = close_underpasses(), true end
      local _, extreme = kma.classify_rain { mm_1h = peak } -- 극한호우 (72 mm in an hour): 심각
      local severity = extreme and "serious" or "alert"
      local decision = ilsa.escalate {
        to = "control_tower", severity = severity, reason = reason,
        options = { "evacuate_low_areas", "open_shelters", "hold" },
      }:wait()
      outcome = decision.option
      escalation = { severity = severity, reason = reason, decision = decision.option, by = decision.by }
      ilsa.log(string.format("control tower: %s (%s)", decision.option, decision.by))
      if decision.option == "evacuate_low_areas" then
        local evacuate = ilsa.task {
          title = "저지대·반지하 주민 대피", assignee = to("DONG.HEAD"), due = "30m", class = "life_safety", priority = "urgent",
          detail = "Move semi-basement and low-lying residents to the dong centre's shelter, with their 1:1 helpers; count them in.",
          tags = { "heavy_rain", "evacuation" },
        }
        local assist = ilsa.task {
          title = "거동불편 주민 대피 지원", assignee = to("FIRE.SC119"), due = "30m", class = "life_safety", priority = "urgent",
          detail = "Carry out residents who cannot leave alone (119 안심콜 list); pumps to homes taking water.",
        }
        finish("evacuation", evacuate)
        finish("evacuation_assist", assist)
      elseif decision.option == "open_shelters" then
        finish("shelters", ilsa.task {
          title = "임시대피소 개방", assignee = to("DONG.HEAD"), due = "1h", class = "life_safety", priority = "high",
          detail = "Open the dong centre's temporary shelter; bedding, water, a staff member on duty; tell the residents.",
        })
      end -- hold: the tower keeps watch itself; the district carries on with what is under way
      if closure then finish("underpass_closure", closure) end
    end

    ilsa.parallel {
      function() -- 동장 (행정복지센터): people first, then places
        local households = ilsa.task {
          title = "반지하 취약가구 연락·대피 안내", assignee = to("DONG.HEAD"), due = "1h", class = "life_safety", priority = "urgent",
          detail = "Call every registered semi-basement household and its 1:1 evacuation helper; agree stay or leave. "
            .. "Leave at the first water coming in or drains backing up.",
          checklist = { "가구별 연락 결과 기록", "1:1 대피 도우미 연락", "차수판·역류방지기 확인" },
          tags = { "heavy_rain", "banjiha" },
        }
        local spots = ilsa.task {
          title = "침수 우려 지역 순찰·빗물받이 점검", assignee = to("DONG.HEAD"), due = "2h", class = "preparedness", priority = "high",
          detail = "Patrol flood-history streets and stream trails; clear rain inlets; stage sandbags and water barriers.",
        }
        finish("households", households)
        finish("flood_spots", spots)
      end,
      function() -- 119안전센터
        finish("pumps", ilsa.task {
          title = "배수펌프·구조장비 대기", assignee = to("FIRE.SC119"), due = "1h", class = "preparedness", priority = "high",
          detail = "Check drainage pumps, boats and rope-rescue kits; review the district's 119 안심콜 list.",
        })
      end,
      function() -- 파출소·지구대
        if closed then return finish("underpasses", close_underpasses()) end
        finish("underpasses", ilsa.task {
          title = "지하차도 통제 준비", assignee = to("POL.BOX"), due = "1h", class = "preparedness", priority = "high",
          detail = "Test every underpass barrier, post an officer at each, close at the first water on the road.",
          tags = { "heavy_rain", "underpass" },
        })
      end,
      function() -- the watch: escalate at once under a warning, else when the rain crosses the line
        if level == "warning" then return escalate(kma.name("heavy_rain", "warning") .. " in force for " .. d) end
        if closed then return escalate(string.format("%g mm/h in %s", peak, d)) end
        local watch_ends = ilsa.timer(ctx.params.watch)
        while true do
          local _, answer = ilsa.any {
            ilsa.signal("kma.heavy_rain"), ilsa.signal("rain_reading"), watch_ends,
          }
          local reading = answer.payload or {}
          local report = answer.signal == "kma.heavy_rain" and reading.level or nil
          local mm = tonumber(reading.mm_per_hour)
          if answer.signal == "rain_reading" and not mm then
            ilsa.log("rain_reading without mm_per_hour: ignored")
          elseif answer.signal == "rain_reading" then
            peak = math.max(peak, mm)
            ilsa.log(string.format("rain %g mm/h at %s", mm, reading.gauge or d))
            if mm >= CLOSE_MM then return escalate(string.format("%g mm/h in %s", mm, d)) end
          elseif report == "warning" then
            level = "warning"
            return escalate(kma.name("heavy_rain", "warning") .. " issued for " .. d)
          elseif answer.signal == "kma.heavy_rain" and report ~= "lifted" then
            ilsa.log("kma.heavy_rain " .. tostring(report) .. " for " .. d .. ": the watch goes on")
          else -- the report lifted, or the watch is over
            outcome = report == "lifted" and "lifted" or "watch_ended"
            return ilsa.log(string.format("watch over in %s: %s", d, outcome))
          end
        end
      end,
    }

    ilsa.log(string.format("%s: %s, peak %g mm/h", d, outcome, peak))
    return { district = d, level = level, peak_mm_per_hour = peak, outcome = outcome, tasks = tasks, escalation = escalation }
  end,
}
