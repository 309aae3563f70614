-- 안산국제거리극축제 인파 안전 (현장 운영): crowd safety on the days of the Ansan International
-- Street Arts Festival at Ansan Culture Plaza (Gojan district), from the joint site inspection to
-- the after-action review. Research: domain.md, PB-03, §6 (crowd thresholds and roles).
--
--   1. Before the gates open, side by side: the joint site inspection (city safety with fire
--      prevention: stages, power, gas, extinguishers, egress widths), the Danwon police road
--      closure round the plaza, fire engines and ambulances on standby, CCTV on the crowd points.
--      A failed inspection (a critical defect) goes to the control tower: fix, close the zone, or open.
--   2. While the festival runs, the crowd plugin's density readings (signal `crowd.density`,
--      its level already worked out from the city's thresholds) drive the field, zone by zone,
--      each time a zone's level rises:
--        주의 caution  CCTV focus and PA announcements
--        경계 alert    staff and police to the point, one-way flow, inflow metered at the gates
--        심각 serious  inflow stopped and rerouted, nearby performances paused, ambulances at the
--                     exits, an emergency text to the dong
--        crush risk    (the plugin's `crush`) the control tower decides: suspend the event, halt
--                     the segment and disperse, or carry on under control.
--   3. On the closing night (signal `closing`) the Sangnok police take the traffic round the
--      closing venue; when the festival is over (signal `festival_over`) and every life-safety
--      task is closed, the run stands down with an after-action review a week later.
--
-- No density numbers here: the crowd plugin holds them (3/4/5/6 people per m², Seoul and MOIS
-- values) and names the level in each reading. The organiser (ORG) is whoever the roster lists
-- for the district. Deadlines are example values [EX].

local crowd = require "crowd"

local RANK = {} -- the crowd plugin's levels in order: caution 1, alert 2, serious 3
for i, level in ipairs(crowd.levels) do RANK[level.name] = i end

return ilsa.workflow {
  name = "festival_crowd",
  title = "안산국제거리극축제 인파 안전 — street-arts festival crowd safety",
  tags = { "crowd", "festival", "event", "spring" },
  params = {
    { name = "district", type = "district", default = "gojan", summary = "the district of the venue (Ansan Culture Plaza is in Gojan)" },
    { name = "venue", type = "string", default = "안산문화광장", summary = "the festival site, as the agencies name it" },
    { name = "days", type = "duration", default = "4d", summary = "how long to follow the festival if nobody signals festival_over" },
  },
  run = function(ctx)
    local d, venue = ctx.params.district, ctx.params.venue
    local life, levels, outcome, decisions = {}, {}, "festival_over", {}
    local function task(spec)
      spec.tags = spec.tags or { "festival", "crowd" }
      local t = ilsa.task(spec)
      if spec.class == "life_safety" then life[#life + 1] = t end
      return t
    end
    local function here(role, district) return { role = role, district = district or d } end

    -- Asks the control tower, and notes its decision for the result.
    local function ask(severity, reason, options)
      local decision = ilsa.escalate { to = "control_tower", severity = severity, reason = reason, options = options }:wait()
      decisions[#decisions + 1] = { severity = severity, reason = reason, decision = decision.option, by = decision.by }
      ilsa.log(string.format("control tower: %s (%s)", decision.option, decision.by))
      return decision.option
    end

    -- 1. Before opening: four agencies at once.
    ilsa.parallel {
      function()
        local inspection = task { title = "합동 현장 안전점검 (가설무대·전기·가스·대피로)", assignee = { role = "CITY.SAFETY" }, due = "3h",
          priority = "high", checklist = { "가설무대·구조물", "전기·가스", "소화기", "대피로 폭·차단시설", "인파 계수 CCTV 보정" },
          detail = "Walk " .. venue .. " with fire prevention, electricity and gas: temporary stages, power, gas, extinguishers, "
            .. "egress widths, barriers. Fail this task if a critical defect remains." }
        local prevention = task { title = "가설구조물 소방안전 점검", assignee = { role = "FIRE.PREV" }, due = "3h",
          detail = "Fire safety of stages, booths and fuel at " .. venue .. "; extinguishers at each stage." }
        if inspection:wait().state == "failed" or prevention:wait().state == "failed" then
          local option = ask("caution", "critical defect at the " .. venue .. " site inspection",
            { "fix_before_opening", "close_zone", "open_as_planned" })
          if option ~= "open_as_planned" then
            task { title = "결함 구역 보완·통제", assignee = { role = "CITY.SAFETY" }, due = "1h", class = "life_safety", priority = "urgent",
              detail = "Fix the defect before the gates open, or fence the zone off and move its performances (" .. option .. ")." }
          end
        end
      end,
      function()
        task { title = "축제장 주변 교통통제 (24시간)", assignee = { role = "POL.DW" }, due = "2h", priority = "high",
          detail = "Close the roads round " .. venue .. " from midnight before opening until 05:00 after closing; buses rerouted with city traffic; "
            .. "keep one lane as an emergency-vehicle corridor." }
      end,
      function()
        task { title = "소방차·구급차 현장 대기", assignee = here("FIRE.SC119"), due = "2h", priority = "high",
          detail = "Pump engine and ambulances at " .. venue .. " with a medical post; exits kept clear for them." }
      end,
      function()
        task { title = "인파 밀집 지점 CCTV 관제", assignee = { role = "CITY.CCTV" }, due = "1h",
          detail = "People-counting cameras on every crowd point of " .. venue .. "; density checked every 5 minutes." }
      end,
    }

    -- 2. The festival: act when a zone's level rises.
    local function act(zone, level, p)
      local where = zone .. " (" .. venue .. ")"
      local dd = type(p.districts) == "table" and p.districts[1] or d
      if level == 1 then
        task { title = "CCTV 집중 관제·안내방송", assignee = { role = "CITY.CCTV" }, due = "10m", priority = "high",
          detail = "Watch " .. where .. " closely; PA announcements to keep moving; get the alternative routes ready." }
      elseif level == 2 then
        task { title = "현장 인력 급파·일방통행", assignee = here("POL.BOX", dd), due = "10m", class = "life_safety", priority = "urgent",
          detail = "Officers and stewards to " .. where .. "; one-way flow; meter inflow at the entrances." }
      else
        task { title = "유입 차단·우회 유도", assignee = here("POL.BOX", dd), due = "5m", class = "life_safety", priority = "urgent",
          detail = "Stop inflow to " .. where .. " and reroute with the stewards at the entrances." }
        task { title = "인근 공연 일시 중단", assignee = here("ORG"), due = "5m", class = "life_safety", priority = "urgent",
          detail = "Pause the performances drawing people towards " .. where .. "; announce it from the stages and hold the next show." }
        task { title = "출구 구급대 배치", assignee = here("FIRE.SC119", dd), due = "10m", class = "life_safety", priority = "urgent",
          detail = "Ambulances and EMS at the exits of " .. where .. "; stand by for casualties." }
        task { title = "인파 심각 재난문자·현장 전광판", assignee = { role = "CITY.PIO" }, due = "10m", class = "life_safety", priority = "urgent",
          detail = "Emergency text to the dong and LED boards at " .. venue .. ": avoid the area, follow staff; Korean, English, Chinese, Russian." }
      end
    end

    local ends = ilsa.timer(ctx.params.days)
    while true do
      local _, answer = ilsa.any { ilsa.signal("crowd.density"), ilsa.signal("closing"), ilsa.signal("festival_over"), ends }
      local p = answer.payload or {}
      if answer.signal == "crowd.density" then
        local zone, level = p.zone or "?", RANK[p.level] or 0
        ilsa.log(string.format("%s: %s /m² (%s)", zone, tostring(p.density), p.level or "normal"))
        if level > (levels[zone] or 0) then
          for l = (levels[zone] or 0) + 1, level do act(zone, l, p) end
        end
        levels[zone] = level
        if p.crush then
          local option = ask("serious", string.format("crush risk at %s: %s /m²", zone, tostring(p.density)),
            { "suspend_event", "halt_segment_and_disperse", "continue_with_controls" })
          if option ~= "continue_with_controls" then
            task { title = "군중 분산·대피 유도", assignee = { role = "POL.DW" }, due = "15m", class = "life_safety", priority = "urgent",
              detail = "Disperse the crowd at " .. zone .. " with mobile units: staged exits, the emergency corridor kept open." }
          end
          if option == "suspend_event" then
            task { title = "행사 중단 안내·관객 단계적 퇴장", assignee = here("ORG"), due = "15m", class = "life_safety", priority = "urgent",
              detail = "Stop every stage; announce the suspension in Korean, English, Chinese and Russian; send the audience out zone by zone with police." }
            outcome = "suspended"
            break
          end
        end
      elseif answer.signal == "closing" then
        task { title = "폐막 공연장 주변 교통통제·단계적 퇴장", assignee = { role = "POL.SN" }, due = "1h", priority = "high",
          detail = "Traffic control round the closing venue; staged egress with the organiser; extra buses and subway with city traffic." }
      else
        outcome = answer.signal and "festival_over" or "time_up"
        break
      end
    end

    -- 3. Stand-down: every life-safety task closed, then the review.
    if #life > 0 then ilsa.all(life) end
    ilsa.log("stand-down: " .. outcome)
    local review = task { title = "축제 안전관리 사후 평가 (AAR)", assignee = { role = "CITY.SAFETY" }, due = "7d", class = "administrative",
      detail = "After-action review with police, fire and the organiser: density log, incidents, what to change in next year's plan." }
    return { district = d, outcome = outcome, zones = levels, escalations = decisions, review = review:wait().state }
  end,
}
