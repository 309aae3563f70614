-- 수능 (대학수학능력시험) 대비·당일 대응: Suneung, from the Ilsacheonri meeting nine days before
-- to the nights after the exam. Research: domain.md, PB-04 (the 10th meeting, 5 Nov 2024:
-- 6,291 candidates at 14 test sites in Ansan).
--
-- The run starts at 09:00 on D-n (`days_before`, default 9); every deadline is counted from
-- there to the time of day the research gives.
--   D-9 → D-1  the meeting; fire-safety survey of every test site (a defect goes to education the
--              same day); proctors and exam-paper security; noise notices to building sites;
--              traffic plans and patrols of the paper store.
--   D-0        06:00 buses up, offices start at 10:00, the police ready to carry late candidates
--              (`late_candidate` { where }: an escort within 10 minutes, Code-1-like); in each
--              district the police keep cars 200 m from the sites; 08:10 entry; 13:10-13:35
--              English listening: no noise (`noise` { district, where }: police within 5 minutes);
--              `site_emergency` { district, site, what }: fire at once, and the control tower
--              decides whether the site moves to its reserve room.
--   17:45 → D+3 the nights after: CCTV on the entertainment streets, joint youth patrols.
--   Stand-down at the end of D+3 once every life-safety task is closed.
-- Deadlines are example values [EX]; the times of day are the national schedule.

local HOUR, DAY = 60, 24 * 60
-- "T0+…m": `days` after the start day (the start day at the earliest), at hh:mm; the run starts at 09:00.
local function on(days, hh, mm) return string.format("T0+%dm", math.max(days, 0) * DAY + (hh - 9) * HOUR + (mm or 0)) end

return ilsa.workflow {
  name = "suneung",
  title = "수능 대비·당일 대응 — Suneung exam day",
  tags = { "exam", "education", "traffic", "november" },
  params = {
    { name = "days_before", type = "integer", default = 9, summary = "the run starts at 09:00 this many days before the exam (D-9: the meeting)" },
    { name = "districts", type = "districts", default = "all", summary = "the districts with test sites (default: the whole city)" },
    { name = "sites", type = "integer", default = 14, summary = "how many test sites (14 in 2024)" },
  },
  run = function(ctx)
    local n, districts, sites = ctx.params.days_before, ctx.params.districts, ctx.params.sites
    local life, escalations, counts = {}, {}, { late = 0, noise = 0 }
    local function task(spec)
      spec.tags = spec.tags or { "suneung" }
      local t = ilsa.task(spec)
      if spec.class == "life_safety" then life[#life + 1] = t end
      return t
    end
    local function citywide(role) return { role = role } end

    -- D-9 → D-1: preparation.
    task { title = "일사천리 수능 대책회의", assignee = citywide("CITY.MAYOR"), due = on(0, 15), class = "administrative",
      detail = "Ilsacheonri meeting with police, fire, education and the coast guard: confirm every agency's plan below." }
    local survey = task { title = string.format("시험장 %d곳 소방안전 점검·119 구급 대책", sites), assignee = citywide("FIRE.PREV"),
      due = on(n - 2, 18), priority = "high",
      detail = "Fire-safety survey of every test site; ambulance standby and sick-candidate transport plan. Fail this task if a site has a defect." }
    task { title = "감독관 배치·부정행위 방지·문답지 보관 보안 점검", assignee = citywide("EDU.SUPT"), due = on(n - 1, 18), priority = "high",
      detail = "Proctor assignments, cheating prevention, exam-paper transport and storage security." }
    task { title = "시험장 주변 공사장·행사 소음 자제 요청", assignee = citywide("CITY.ROADS"), due = on(n - 7, 18),
      detail = "Noise notices to building sites and outdoor events near the test sites; emergency vehicles for candidates rostered." }
    for _, police in ipairs({ "POL.SN", "POL.DW" }) do
      task { title = "시험장 교통대책·문답지 보관소 순찰", assignee = citywide(police), due = on(n - 1, 18), priority = "high",
        detail = "Traffic plan round each test site; patrols of the exam-paper store the night before." }
    end
    ilsa.branch(function() -- a defect at a site goes to education the same day
      if survey:wait().state == "failed" then
        task { title = "시험장 소방 결함 당일 보완", assignee = citywide("EDU.SUPT"), due = "8h", class = "life_safety", priority = "urgent",
          detail = "Fix the defect the fire survey found before exam day, or move the site to its reserve building." }
      end
    end)

    -- D-0: exam day.
    ilsa.sleep(on(n, 6))
    ilsa.log("exam day: D-0 06:00")
    task { title = "대중교통 증편·관공서 10시 출근", assignee = citywide("CITY.TRAFFIC"), due = on(n, 6, 30), priority = "high",
      detail = "Buses and subway more often 06:00-10:00; public offices and firms start at 10:00." }
    task { title = "지각 수험생 긴급 수송 대기 (112)", assignee = citywide("POL.112"), due = on(n, 8, 10), class = "life_safety", priority = "urgent",
      detail = "Patrol cars and admin vehicles ready to carry late candidates; calls after 07:50 get a Code-1-like escort." }
    local branches = {}
    for _, d in ipairs(districts) do
      branches[#branches + 1] = function()
        task { title = "시험장 주변 200m 차량 통제·교통정리", assignee = { role = "POL.BOX", district = d }, due = on(n, 7), priority = "high",
          detail = "No cars within 200 m of the test sites in " .. d .. "; keep the drop-off points moving; help lost candidates." }
      end
    end
    ilsa.parallel(branches)
    task { title = "수험생 입실 마감 확인 (08:10)", assignee = citywide("EDU.SUPT"), due = on(n, 8, 25), priority = "high",
      detail = "Entry closes 08:10 (late entry tolerated to ~08:25, first period 08:40); report absentees and late arrivals." }

    local listening, exam_over = ilsa.timer(on(n, 13)), ilsa.timer(on(n, 17, 45))
    while true do
      local waits = { ilsa.signal("late_candidate"), ilsa.signal("noise"), ilsa.signal("site_emergency"), exam_over }
      if listening then waits[#waits + 1] = listening end -- a timer that has fired answers at once: drop it
      local item, answer = ilsa.any(waits)
      local p = answer.payload or {}
      if item == exam_over then break end
      if item == listening then
        listening = nil
        task { title = "영어 듣기평가 소음 통제 (13:10-13:35)", assignee = citywide("POL.DW"), due = on(n, 13, 10), class = "life_safety", priority = "urgent",
          detail = "With Sangnok police: traffic slow past the sites, no horns, building work stopped; aircraft and firing are halted nationally." }
      elseif answer.signal == "late_candidate" then
        counts.late = counts.late + 1
        task { title = "지각 수험생 긴급 수송", assignee = citywide("POL.112"), due = "10m", class = "life_safety", priority = "urgent",
          detail = "Carry the candidate at " .. (p.where or "?") .. " to the test site now (Code-1-like)." }
      elseif answer.signal == "noise" and p.district then
        counts.noise = counts.noise + 1
        task { title = "시험장 주변 소음 민원 즉시 조치", assignee = { role = "POL.BOX", district = p.district }, due = "5m", class = "life_safety",
          priority = "urgent", detail = "Stop the noise at " .. (p.where or "?") .. " now." }
      elseif answer.signal == "site_emergency" and p.district then
        task { title = "시험장 긴급 상황 출동", assignee = { role = "FIRE.SC119", district = p.district }, due = "5m", class = "life_safety", priority = "urgent",
          detail = (p.what or "an emergency") .. " at " .. (p.site or "a test site") .. ": candidates' safety first, then the exam." }
        local reason = string.format("%s at test site %s (%s) during the exam", p.what or "emergency", p.site or "?", p.district)
        local decision = ilsa.escalate { to = "control_tower", severity = "alert", reason = reason,
          options = { "move_to_reserve_room", "continue_exam" } }:wait()
        escalations[#escalations + 1] = { reason = reason, decision = decision.option }
      end
    end

    -- 17:45 → D+3: the nights after the exam.
    ilsa.log("exam over: 17:45")
    local after = {}
    after[#after + 1] = task { title = "수능 후 번화가 CCTV 집중 관제", assignee = citywide("CITY.CCTV"), due = on(n + 3, 23, 59),
      detail = "CCTV on the entertainment streets (Jungang-dong, Gojan) each night to D+3." }
    for _, police in ipairs({ "POL.SN", "POL.DW" }) do
      after[#after + 1] = task { title = "청소년 유해환경 합동 단속·순찰", assignee = citywide(police), due = on(n + 3, 23, 59),
        detail = "Joint patrols with the city's youth team: alcohol, tobacco and entertainment venues serving minors." }
    end
    after[#after + 1] = task { title = "청소년 보호 활동", assignee = citywide("CITY.WELFARE"), due = on(n + 3, 23, 59),
      detail = "Youth workers out with the patrols." }
    -- Stand-down: the nights' work reported and every life-safety task closed.
    ilsa.all(after)
    if #life > 0 then ilsa.all(life) end
    ilsa.log(string.format("stand-down: %d late candidates carried, %d noise calls", counts.late, counts.noise))
    return { days_before = n, late_candidates = counts.late, noise_calls = counts.noise, escalations = escalations }
  end,
}
