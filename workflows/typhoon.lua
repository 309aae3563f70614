-- 태풍·폭풍해일·연안 안전: the city's response to a typhoon coming up the West Sea, with the
-- coast in mind: Daebu island and its islets (Pungdo, Yukdo), Sihwa lake, the tidal flats, the
-- vessels at Tando and Bangameori. Research: domain.md, PB-02, §1.3 (HQ stages), §1.6 (coast guard).
--
--   1. 비상 1단계 (typhoon information, track in the cone): the situation room opens the run, the
--      coast guard tells vessels to return, the city fuels generators and tests village
--      broadcasts; in each district the dong head lists coastal and low-lying residents, the 119
--      centre pre-positions its gear, and on the coast the vessels' moorings are checked.
--   2. 비상 2단계 (a typhoon, storm-surge or wind-wave ADVISORY from the kma plugin): beaches and
--      tidal flats close, campsites and pensions are told to leave, vessels still out are
--      called in, the police ready the Sihwa dike road closure.
--   3. 비상 3단계 (a WARNING): the dike road closes and the district asks the control tower to
--      order or recommend evacuation (severity 심각 for a storm-surge warning, else 경계).
--   An island cut off 6 h or more with vulnerable people on it goes to the city HQ (helicopter).
--   Stand-down: KMA lifts the typhoon report, every life-safety task is closed, the final
--   situation report is out and the dong heads have started the damage survey.
--
-- Levels come from the kma plugin's signals (kma.typhoon, kma.storm_surge, kma.wind_wave; the
-- plugin applies KMA's thresholds), not from numbers here. Which districts touch the sea comes
-- from the roster: a district with a coast-guard box (CG.BOX) is on the coast, and that box takes
-- its vessels. Deadlines are example values [EX].

local kma = require "kma"

local ISOLATION_HOURS = 6 -- PB-02 #9: isolation beyond this with vulnerable residents → helicopter
-- The coast as the agencies name it, for the task details; a coastal district not listed here
-- gets its coast-guard box's name instead.
local SHORE = {
  daebu = "Tando port, Bangameori, Pungdo/Yukdo, the tidal flats",
  choji = "the Sihwa lake shore and Bandal-seom",
}
local STAGE = { "비상 1단계", "비상 2단계", "비상 3단계" }
local RANK = { advisory = 2, warning = 3 }

return ilsa.workflow {
  name = "typhoon",
  title = "태풍·폭풍해일·연안 안전 — typhoon, storm surge and maritime safety",
  tags = { "weather", "typhoon", "coast", "summer" },
  params = {
    { name = "districts", type = "districts", default = { "daebu", "choji" }, summary = "the districts that respond (\"all\" for the city)" },
    { name = "level", type = "choice", values = { "watch", "advisory", "warning" }, default = "watch",
      summary = "the KMA report in force: watch (태풍정보, track in the cone), advisory (주의보) or warning (경보)" },
    { name = "watch", type = "duration", default = "72h", summary = "how long to follow the typhoon before standing down without a lift" },
  },
  run = function(ctx)
    local districts, stage, surge_warning = ctx.params.districts, 1, false
    local life, tasks, ended, escalations = {}, {}, {}, {} -- life-safety tasks (they block the stand-down); all tasks; how each ended
    local outcome = "watch_ended"

    -- Every task goes through here: life-safety ones are remembered (they block the stand-down),
    -- and a small branch notes how each ended.
    local function task(name, spec)
      spec.tags = spec.tags or { "typhoon" }
      local t = ilsa.task(spec)
      if spec.class == "life_safety" then life[#life + 1] = t end
      tasks[name] = t
      ilsa.branch(function() ended[name] = t:wait().state end)
      return t
    end
    local function at(role, d) return { role = role, district = d } end

    -- The coastal districts among those responding, from the roster: where a coast-guard box
    -- serves, with the places its crews know.
    local coast = {}
    for _, d in ipairs(districts) do
      local boxes = ilsa.units { role = "CG.BOX", district = d }
      if #boxes > 0 then coast[d] = SHORE[d] or boxes[1].ko end
    end

    -- 비상 2단계: an advisory. The coast closes; vessels come in.
    local function advisory_stage()
      for _, d in ipairs(districts) do
        if coast[d] then
          task("closures_" .. d, { title = "해수욕장·갯벌 출입 통제, 해안 캠핑장·펜션 대피 권고", assignee = at("DONG.HEAD", d),
            due = "2h", class = "life_safety", priority = "urgent",
            detail = "Close beaches and tidal-flat experience sites (" .. coast[d] .. "); tell campsites and pensions "
              .. "in surge zones to leave; village broadcast and LED boards. Tidal flats: out an hour before low tide." })
          task("vessels_" .. d, { title = "해상 잔류 선박 귀항 조치", assignee = at("CG.BOX", d), due = "1h", class = "life_safety", priority = "urgent",
            detail = "Call every vessel still out (fishing, leisure, the Bangameori ferry) back to port; report any that cannot return." })
        else
          task("lowland_" .. d, { title = "저지대·반지하 대피 준비", assignee = at("DONG.HEAD", d), due = "3h", class = "preparedness", priority = "high",
            detail = "Tell low-lying and semi-basement households and their 1:1 helpers to be ready to leave; clear drains." })
        end
      end
      task("dike_ready", { title = "시화방조제·해안도로 통제 준비", assignee = { role = "POL.DW" }, due = "2h", class = "preparedness", priority = "high",
        detail = "Traffic plan for the Sihwa North Dike road, the coastal roads and the Daebu–Seonjae bridge for strong wind and waves." })
    end

    -- 비상 3단계: a warning. The dike road closes; the control tower decides on evacuation.
    local function warning_stage(reason)
      task("dike_closed", { title = "시화방조제 도로 통제", assignee = { role = "POL.DW" }, due = "30m", class = "life_safety", priority = "urgent",
        detail = "Close the Sihwa North Dike road and the exposed coastal roads; an officer at each barrier." })
      local severity = surge_warning and "serious" or "alert"
      local decision = ilsa.escalate { to = "control_tower", severity = severity, reason = reason,
        options = { "order_evacuation", "recommend_evacuation", "hold" } }:wait()
      escalations[#escalations + 1] = { to = "control_tower", severity = severity, reason = reason, decision = decision.option }
      ilsa.log(string.format("control tower: %s (%s)", decision.option, decision.by))
      if decision.option == "hold" then return end
      for _, d in ipairs(districts) do
        if coast[d] then
          local order = decision.option == "order_evacuation"
          task("evacuation_" .. d, { title = order and "해안 저지대 주민 대피 명령 이행" or "해안 저지대 주민 대피 권고·대피소 개방",
            assignee = at("DONG.HEAD", d), due = "1h", class = "life_safety", priority = "urgent",
            detail = "Move residents of the surge zone to the shelter (dong centre, schools); count them in; islanders who need help first." })
          task("evacuation_assist_" .. d, { title = "거동불편 주민 대피 지원", assignee = at("FIRE.SC119", d), due = "1h", class = "life_safety", priority = "urgent",
            detail = "Carry out residents who cannot leave alone (119 안심콜 list); liaise with the island volunteer brigades." })
        end
      end
    end

    -- Raises the HQ stage to `to`, doing each stage passed on the way once.
    local function raise(to, reason)
      while stage < to do
        stage = stage + 1
        ilsa.log(string.format("%s: %s", STAGE[stage], reason))
        if stage == 2 then advisory_stage() else warning_stage(reason) end
      end
    end

    -- 비상 1단계: the citywide work and one branch per district, then the watch.
    task("briefing", { title = "태풍 상황관리 개시·일일 브리핑", assignee = { role = "CITY.SITROOM" }, due = "1h", priority = "high",
      detail = "Open the situation log, brief the district chairs, the coast guard, fire and education daily; hourly sitreps from 비상 3단계." })
    task("vessels_notice", { title = "어선·레저선박·여객선 귀항·대피 안내", assignee = { role = "CG.CHIEF" }, due = "6h", priority = "high",
      detail = "Notify fishing vessels, leisure-boat operators and the Bangameori ferry: return and secure plans; list vessels without position transmitters." })
    task("generators", { title = "비상발전기 연료·도서 마을방송 점검", assignee = { role = "CITY.SAFETY" }, due = "12h",
      detail = "Fuel generators; test village broadcasts on Daebu, Pungdo and Yukdo; list pensions, campsites, beaches, tidal-flat sites and islanders needing help." })

    local branches = {}
    for _, d in ipairs(districts) do
      branches[#branches + 1] = function()
        task("residents_" .. d, { title = "해안·저지대 취약주민 명단 확인", assignee = at("DONG.HEAD", d), due = "6h", priority = "high",
          detail = "Confirm the list of low-lying, coastal and island residents who need help to leave, with their helpers; signs and hoardings tied down." })
        task("rescue_gear_" .. d, { title = "구조장비 사전 배치", assignee = at("FIRE.SC119", d), due = "12h",
          detail = "Pre-position boats, pumps and rope-rescue kits; on Daebu, brief the Pungdo and Yukdo volunteer brigades." })
        if coast[d] then
          task("moorings_" .. d, { title = "정박 선박 계류 점검·소형선박 인양", assignee = at("CG.BOX", d), due = "12h", priority = "high",
            detail = "Check moorings at " .. coast[d] .. "; small craft hauled out; aquaculture owners warned." })
        end
      end
    end
    branches[#branches + 1] = function() -- the watch: KMA's reports through the kma plugin
      local level = ctx.params.level
      raise(RANK[level] or 1, (level == "watch" and "태풍정보 (typhoon information)" or kma.name("typhoon", level)) .. " in force")
      local watch_ends = ilsa.timer(ctx.params.watch)
      while true do
        local _, answer = ilsa.any { ilsa.signal("kma.typhoon"), ilsa.signal("kma.storm_surge"), ilsa.signal("kma.wind_wave"),
          ilsa.signal("island_isolated"), watch_ends }
        local p = answer.payload or {}
        if answer.signal == nil then
          return ilsa.log("watch over: " .. ctx.params.watch .. " without a lift")
        elseif answer.signal == "kma.typhoon" and p.level == "lifted" then
          outcome = "lifted"
          return ilsa.log("typhoon report lifted")
        elseif answer.signal == "island_isolated" then
          local hours, vulnerable = tonumber(p.hours) or 0, tonumber(p.vulnerable) or 0
          ilsa.log(string.format("%s cut off %g h, %d vulnerable", p.island or "island", hours, vulnerable))
          task("isolated_" .. (p.island or "island"), { title = "고립 도서 취약주민 안부 확인", assignee = at("DONG.HEAD", "daebu"),
            due = "1h", class = "life_safety", priority = "urgent",
            detail = "Call every vulnerable resident on " .. (p.island or "the island") .. " and the volunteer brigade; report power, water, medicine." })
          if hours >= ISOLATION_HOURS and vulnerable > 0 then
            local reason = string.format("%s cut off %g h with %d vulnerable residents", p.island or "an island", hours, vulnerable)
            local decision = ilsa.escalate { to = "city_hq", severity = "serious", reason = reason,
              options = { "request_helicopter", "send_rescue_boat", "hold" } }:wait()
            escalations[#escalations + 1] = { to = "city_hq", severity = "serious", reason = reason, decision = decision.option }
          end
        elseif RANK[p.level] then
          if answer.signal == "kma.storm_surge" and p.level == "warning" then surge_warning = true end
          raise(RANK[p.level], string.format("%s (%s) for %s", p.title or answer.signal, p.level, table.concat(districts, ", ")))
        end
      end
    end
    ilsa.parallel(branches)

    -- Stand-down: the life-safety tasks must be closed; preparation still open is no longer
    -- needed and is cancelled; then the final report and the damage survey.
    if #life > 0 then ilsa.all(life) end
    local names = {}
    for name in pairs(tasks) do names[#names + 1] = name end
    table.sort(names)
    for _, name in ipairs(names) do
      if not ended[name] then tasks[name]:cancel() end
    end
    local closing = { task("sitrep", { title = "최종 상황보고", assignee = { role = "CITY.SITROOM" }, due = "2h", class = "administrative",
      detail = "Publish the final situation report: vessels, evacuees, outages, isolations, damage so far." }) }
    for _, d in ipairs(districts) do
      closing[#closing + 1] = task("survey_" .. d, { title = "피해 조사·NDMS 입력", assignee = at("DONG.HEAD", d), due = "24h", class = "administrative",
        detail = "Survey damage (piers, farms, fish farms, roads, homes), clear debris, start relief; enter it in NDMS." })
    end
    ilsa.all(closing)
    ilsa.log(string.format("stand-down after %s: %s", STAGE[stage], outcome))
    return { districts = districts, stage = stage, outcome = outcome, tasks = ended, escalations = escalations }
  end,
}
