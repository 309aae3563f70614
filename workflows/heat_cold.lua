-- 폭염·한파 대응: the city's response while a KMA heat-wave advisory or warning is in force
-- (season 20 May – 30 Sep), or, with hazard = "cold", a cold-wave one (15 Nov – 15 Mar, with heavy
-- snow). Research: domain.md, PB-07 and its cold-wave variant, §1.7 (dong centres as shelters).
--
--   Level A (주의보): in every district, at once, the dong heads open the cooling (or warming)
--     shelters and phone the elderly living alone and disabled people; citywide a safety text,
--     the outdoor-work rules to contractors, (cold) homeless outreach. Every day the calls again.
--   Level B (경보, from the start or when the kma plugin signals the warning): twice-daily
--     calls, water trucks (heat) or frozen-pipe and icy-road crews (cold), and illness surveillance
--     from the emergency rooms.
--   The run listens for the KMA report (kma.heat_wave / kma.cold_wave, as the kma plugin sends
--     it, with its level), `no_answer` { district, who } (a person called twice without answer:
--     home visit within 2 h), `outage` { district, hours } (a power cut of an hour or more under
--     a warning: door-to-door), `illness` { cases, deaths } (the ERs' daily count: at
--     ILLNESS_CASES a day, or any death, the control tower decides), and (cold) kma.heavy_snow.
--   Stand-down: KMA lifts the report and every life-safety task is closed; the situation room
--     publishes the final report.
--
-- The KMA thresholds (33/35 °C perceived; -12/-15 °C) live in the kma plugin, which sends the
-- level; the outdoor-work steps are the Ministry of Employment and Labor's (ansan plugin).
-- Deadlines and ILLNESS_CASES are example values [EX].

local kma = require "kma" -- the hazards' names and report names (폭염경보) come from the plugin

local ILLNESS_CASES = 10 -- heat- or cold-illness cases a day from which the control tower is asked
local PLAN = {
  heat = {
    hazard = "heat_wave", shelter = "무더위쉼터",
    shelter_detail = "Open the dong centre as a cooling centre 11:00-22:00, weekends too (senior centres, libraries as well); check the air-conditioning.",
    text = "Safety text: avoid outdoor activity 12:00-17:00, drink water, check on neighbours; Korean, English, Chinese, Vietnamese, Russian.",
    work = "Tell employers and city contractors the heat rules for outdoor workers (ansan plugin, outdoor_heat): rest every hour "
      .. "in shade, stop work 14:00-17:00 from the warning step; stop-work order on public works that do not comply.",
    a = {}, -- nothing more citywide at level A
    b = {
      { title = "살수차 운행 (간선도로 하루 2회)", role = "CITY.ROADS", due = "3h", detail = "Water trucks on the arterial roads twice a day (5-6 trucks); cooling fog at the plazas." },
    },
  },
  cold = {
    hazard = "cold_wave", shelter = "한파쉼터",
    shelter_detail = "Open the warming shelter (dong centre, senior centres, libraries); heated bus-stop seats working; blankets and hot water.",
    text = "Safety text: frozen pipes and meters, icy pavements, check on older neighbours; multilingual for foreign workers.",
    work = "Tell employers and city contractors the cold rules for outdoor workers: warm rest areas, shorter outdoor shifts at dawn.",
    a = {
      { title = "노숙인 보호 순찰", role = "CITY.WELFARE", due = "6h", class = "life_safety",
        detail = "Night outreach to homeless people (stations, parks, underpasses); the City Hall emergency shelter open." },
    },
    b = {
      { title = "동파·결빙 취약구간 대응", role = "CITY.ROADS", due = "6h", detail = "Footpaths, slopes and side streets salted; frozen water mains and meters crews on call." },
    },
  },
}

return ilsa.workflow {
  name = "heat_cold",
  title = "폭염·한파 대응 — heat wave (or cold wave) response",
  tags = { "weather", "heat", "cold", "vulnerable" },
  params = {
    { name = "hazard", type = "choice", values = { "heat", "cold" }, default = "heat", summary = "heat wave (폭염) or cold wave (한파)" },
    { name = "level", type = "choice", values = { "advisory", "warning" }, default = "advisory", summary = "the KMA report in force: advisory (주의보) or warning (경보)" },
    { name = "districts", type = "districts", default = "all", summary = "the districts that respond (default: the whole city)" },
    { name = "follow", type = "duration", default = "10d", summary = "how long to follow the hazard before standing down without a lift" },
  },
  run = function(ctx)
    local plan, districts = PLAN[ctx.params.hazard], ctx.params.districts
    local ko, report = kma.hazards[plan.hazard].ko, "kma." .. plan.hazard -- 폭염, kma.heat_wave
    local level, life, escalations, days = "advisory", {}, {}, 0
    local function task(spec)
      spec.tags = spec.tags or { ctx.params.hazard }
      local t = ilsa.task(spec)
      if spec.class == "life_safety" then life[#life + 1] = t end
      return t
    end
    local function from(list)
      for _, s in ipairs(list) do
        task { title = s.title, assignee = { role = s.role }, due = s.due, class = s.class, priority = "high", detail = s.detail }
      end
    end
    -- The daily calls to the people on the register, in every district, one branch each (at
    -- level B a second, afternoon round is due 10 h later).
    local function calls(round, due)
      local branches = {}
      for _, d in ipairs(districts) do
        branches[#branches + 1] = function()
          task { title = string.format("취약계층 안부 확인 (%s)", round), assignee = { role = "DONG.HEAD", district = d }, due = due or "4h",
            class = "life_safety", priority = "high", checklist = { "독거노인", "장애인", "쪽방·고시원" },
            detail = "Phone (or visit) the elderly living alone and disabled people on the register with their helpers. "
              .. "No answer twice: signal no_answer. Unconscious or unwell: 119." }
        end
      end
      ilsa.parallel(branches)
    end
    local function level_b(why)
      level = "warning"
      ilsa.log(kma.name(plan.hazard, "warning") .. " (Level B): " .. why)
      from(plan.b)
      task { title = ko .. " 질환자 감시 (응급실 일일 집계)", assignee = { role = "CITY.HEALTH" }, due = "24h", priority = "high",
        detail = "Daily count of " .. ko .. "-related illness from the city's ERs by 10:00; signal illness { cases, deaths }." }
      calls("오후", "10h")
    end

    -- Level A: the shelters and the calls in every district, the citywide notices.
    ilsa.log(string.format("%s for %d district(s)", kma.name(plan.hazard, ctx.params.level), #districts))
    local shelters = {}
    for _, d in ipairs(districts) do
      shelters[#shelters + 1] = function()
        task { title = plan.shelter .. " 개방·점검", assignee = { role = "DONG.HEAD", district = d }, due = "2h", priority = "high",
          detail = plan.shelter_detail .. " Over capacity: the district chair opens an overflow site." }
      end
    end
    ilsa.parallel(shelters)
    calls("1차")
    task { title = ko .. " 안전안내문자", assignee = { role = "CITY.PIO" }, due = "2h", detail = plan.text }
    task { title = "야외 근로자 " .. ko .. " 작업 기준 통보", assignee = { role = "CITY.SAFETY" }, due = "4h", detail = plan.work }
    from(plan.a)
    if ctx.params.level == "warning" then level_b("in force") end

    local daily, ends, outcome = ilsa.timer("24h"), ilsa.timer(ctx.params.follow), "follow_ended"
    while true do
      local item, answer = ilsa.any { ilsa.signal(report), ilsa.signal("no_answer"), ilsa.signal("outage"), ilsa.signal("illness"),
        ilsa.signal("kma.heavy_snow"), daily, ends }
      local p = answer.payload or {}
      if item == daily then
        days = days + 1
        calls(string.format("%d일차", days + 1))
        if level == "warning" then calls(string.format("%d일차 오후", days + 1), "10h") end
        daily = ilsa.timer("24h")
      elseif item == ends then
        break
      elseif answer.signal == report then
        if p.level == "lifted" then outcome = "lifted"; break end
        if p.level == "warning" and level ~= "warning" then level_b(p.title or "warning issued") end
      elseif answer.signal == "no_answer" and p.district then
        task { title = "무응답 가구 방문 확인", assignee = { role = "DONG.HEAD", district = p.district }, due = "2h", class = "life_safety", priority = "urgent",
          detail = "Visit " .. (p.who or "the person") .. " now (no answer twice); with the police box if nobody opens; 119 if unwell." }
      elseif answer.signal == "outage" and p.district and level == "warning" and (tonumber(p.hours) or 0) >= 1 then
        task { title = "정전 고층 세대 방문 확인", assignee = { role = "FIRE.SC119", district = p.district }, due = "1h", class = "life_safety", priority = "urgent",
          detail = "Power cut over an hour in a " .. ko .. " warning: door-to-door on the upper floors with the dong centre; older residents first." }
      elseif answer.signal == "illness" then
        local cases, deaths = tonumber(p.cases) or 0, tonumber(p.deaths) or 0
        if deaths > 0 or cases >= ILLNESS_CASES then
          local reason = string.format("%d %s illness cases today, %d deaths", cases, ko, deaths)
          local severity = deaths > 0 and "serious" or "alert"
          local decision = ilsa.escalate { to = "control_tower", severity = severity, reason = reason,
            options = { "door_to_door_checks", "extend_shelter_hours", "hold" } }:wait()
          escalations[#escalations + 1] = { severity = severity, reason = reason, decision = decision.option }
          if decision.option == "door_to_door_checks" then calls("전수 방문") end
        end
      elseif answer.signal == "kma.heavy_snow" and ctx.params.hazard == "cold" and p.level ~= "lifted" then
        task { title = "제설·염화칼슘 사전 살포", assignee = { role = "CITY.ROADS" }, due = "2h", class = "life_safety", priority = "urgent",
          detail = "Pre-salt arterials, slopes, side streets and footpaths; snow-removal stage 1; check wide-span roofs and greenhouses." }
      end
    end

    -- Stand-down: the life-safety tasks closed, then the final report.
    if #life > 0 then ilsa.all(life) end
    task { title = ko .. " 대응 최종 상황보고", assignee = { role = "CITY.SITROOM" }, due = "4h", class = "administrative",
      detail = "Final report: shelter use, people checked, illness, outages, what to change." }:wait()
    ilsa.log(string.format("stand-down: %s after %d day(s)", outcome, days))
    return { hazard = ctx.params.hazard, level = level, outcome = outcome, days = days, escalations = escalations }
  end,
}
