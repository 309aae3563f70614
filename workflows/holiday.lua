-- 설·추석 연휴 종합대책: the city's plan for the Seollal or Chuseok holidays, "zero inconvenience,
-- zero accidents". Research: domain.md, PB-05 (Chuseok 2025: 7 days, 26 departments, 510 staff;
-- Seollal 2026: 5 days, 27 departments, 391 staff), and PB-08 #8 (the six ERs on 24 h).
--
-- The run starts at 09:00 on D-n (`days_before`, default 21); the holiday is `days` long.
--   Before: the joint inspection of multi-use facilities (markets, terminals, large stores,
--     cinemas; a failed inspection means a correction order before D-1); hazardous SMEs shutting
--     down safely; the mayor's plan meeting (D-10); clinics and pharmacies on duty and each of the
--     six emergency rooms confirming 24 h (D-7); the waste-collection notice (D-3).
--   Each holiday day at 09:00: the situation room's sitrep, the dong heads' calls to the elderly
--     living alone (one branch per district), the joint evening patrols in Wongok (Singil) and
--     Ttetgol (Seonbu) when those districts take part, and the fire station's special vigilance.
--   Signals: `er_gap` { hospital, day } (an ER cannot staff a day → the control tower, with
--     Gyeonggi), `fire_response` { level, where } (fire response level 1 or more → the mayor is
--     told at once).
--   After: the waste backlog (D+1) and the review (D+7); the run stands down when the review is
--     done and every life-safety task is closed.
-- Deadlines are example values [EX].

local HOUR, DAY = 60, 24 * 60
local function on(days, hh, mm) return string.format("T0+%dm", math.max(days, 0) * DAY + (hh - 9) * HOUR + (mm or 0)) end
local NAME = { seollal = "설", chuseok = "추석" }
local PATROLS = { singil = "원곡동 다문화마을특구", seonbu = "선부2동 뗏골 (고려인 마을)" } -- joint patrols, Chuseok 2025

return ilsa.workflow {
  name = "holiday",
  title = "설·추석 연휴 종합대책 — Seollal / Chuseok holiday measures",
  tags = { "holiday", "seollal", "chuseok", "vulnerable" },
  params = {
    { name = "holiday", type = "choice", values = { "seollal", "chuseok" }, default = "chuseok", summary = "Seollal (설) or Chuseok (추석)" },
    { name = "days_before", type = "integer", default = 21, summary = "the run starts at 09:00 this many days before the holiday" },
    { name = "days", type = "integer", default = 5, summary = "how many days the holiday lasts (Chuseok 2025: 7)" },
    { name = "districts", type = "districts", default = "all", summary = "the districts taking part (default: the whole city)" },
  },
  run = function(ctx)
    local n, length, districts = ctx.params.days_before, ctx.params.days, ctx.params.districts
    local name = NAME[ctx.params.holiday] .. " 연휴"
    local life, escalations, joined = {}, {}, {}
    for _, d in ipairs(districts) do joined[d] = true end
    local function task(spec)
      spec.tags = spec.tags or { "holiday", ctx.params.holiday }
      local t = ilsa.task(spec)
      if spec.class == "life_safety" then life[#life + 1] = t end
      return t
    end

    -- Before the holiday.
    local inspection = task { title = "다중이용시설 합동 안전점검", assignee = { role = "CITY.SAFETY" }, due = on(n - 7, 18), priority = "high",
      checklist = { "전통시장", "터미널", "대형마트", "영화관" },
      detail = "With fire, electricity and gas: the 35-38 multi-use facilities — exits, extinguishers, wiring, gas. Fail this task if a critical defect remains." }
    task { title = "위험물 취급 중소사업장 휴업 전 안전조치", assignee = { role = "FIRE.PREV" }, due = on(n - 1, 18),
      detail = "Storage and shut-down of hazardous materials before the break, restart checks after it; industrial-area patrols." }
    task { title = name .. " 종합대책 보고회", assignee = { role = "CITY.MAYOR" }, due = on(n - 10, 18), class = "administrative",
      detail = "The plan in 10 areas: safety, emergency care, waste, transport, enforcement, vulnerable people..." }
    task { title = "연휴 문 여는 병의원·약국 지정·공지", assignee = { role = "CITY.HEALTH" }, due = on(n - 7, 18), priority = "high",
      detail = "Clinics and pharmacies open each day, on the city and health-centre sites and apps." }
    for _, er in ipairs(ilsa.units { kind = "hospital_er" }) do -- the city's emergency rooms, from the roster
      task { title = "연휴 응급실 24시간 운영 확인", assignee = { unit = er.id }, due = on(n - 7, 18), priority = "high",
        detail = "Confirm 24 h staffing every holiday day; tell the health centre at once (signal er_gap) if a day cannot be staffed." }
    end
    task { title = "연휴 생활폐기물 수거 일정 공지", assignee = { role = "CITY.ENV" }, due = on(n - 3, 18), detail = "Which days there is no collection." }
    ilsa.branch(function()
      if inspection:wait().state == "failed" then
        task { title = "시설 결함 시정명령·보완 확인", assignee = { role = "CITY.SAFETY" }, due = on(n - 1, 18), class = "life_safety", priority = "urgent",
          detail = "Correction order to the facility; verify the fix before D-1, or close the part that is unsafe." }
      end
    end)

    -- The holiday, day by day, and the signals in between.
    local day, holiday_over = 0, ilsa.timer(on(n + length, 9))
    local next_day = ilsa.timer(on(n, 9))
    while true do
      local item, answer = ilsa.any { next_day, holiday_over, ilsa.signal("er_gap"), ilsa.signal("fire_response") }
      local p = answer.payload or {}
      if item == holiday_over then break end
      if item == next_day then
        day = day + 1
        ilsa.log(string.format("%s day %d of %d", name, day, length))
        task { title = string.format("연휴 상황보고 (%d일차)", day), assignee = { role = "CITY.SITROOM" }, due = "1h",
          detail = "24 h comprehensive situation room; daily sitrep at 09:00: incidents, complaints, ERs, fires, traffic." }
        task { title = "특별경계근무", assignee = { role = "FIRE.CHIEF" }, due = "2h", detail = "Staff and vehicles on standby at every 119 centre." }
        local branches = {}
        for _, d in ipairs(districts) do
          branches[#branches + 1] = function()
            task { title = "홀몸 어르신 안부 확인", assignee = { role = "DONG.HEAD", district = d }, due = "8h", class = "life_safety", priority = "high",
              detail = "Calls to older people living alone and the welfare facilities' residents staying behind; visit whoever does not answer." }
            if PATROLS[d] then
              task { title = "외국인 밀집지역 합동순찰 (19:30)", assignee = { role = "POL.BOX", district = d }, due = "12h30m",
                detail = "Joint patrol of " .. PATROLS[d] .. " with the immigration office and volunteer patrols; voice-phishing prevention." }
            end
          end
        end
        ilsa.parallel(branches)
        next_day = day < length and ilsa.timer("24h") or ilsa.timer(on(n + length + 30, 9)) -- after the last day: never before the end
      elseif answer.signal == "er_gap" then
        local reason = string.format("%s cannot staff its emergency room on %s", p.hospital or "a hospital", tostring(p.day or "a holiday day"))
        local decision = ilsa.escalate { to = "control_tower", severity = "alert", reason = reason,
          options = { "redirect_to_other_ers", "ask_gyeonggi_support" } }:wait()
        escalations[#escalations + 1] = { reason = reason, decision = decision.option }
        task { title = "응급실 공백 안내·이송 조정", assignee = { role = "CITY.HEALTH" }, due = "2h", class = "life_safety", priority = "urgent",
          detail = "Tell 119 and the public which ERs take patients that day (" .. decision.option .. ")." }
      elseif answer.signal == "fire_response" and (tonumber(p.level) or 0) >= 1 then
        task { title = "소방 대응단계 시장 보고", assignee = { role = "CITY.SITROOM" }, due = "10m", class = "life_safety", priority = "urgent",
          detail = "Tell the mayor now: fire response level " .. tostring(p.level) .. " at " .. (p.where or "?") .. "." }
      end
    end

    -- After the holiday.
    ilsa.log(name .. " over")
    task { title = "연휴 쓰레기 적체 수거", assignee = { role = "CITY.ENV" }, due = "1d", detail = "Clear the holiday waste backlog on the first working day." }
    local review = task { title = name .. " 대책 사후 평가", assignee = { role = "CITY.SAFETY" }, due = "7d", class = "administrative",
      detail = "What went wrong and what to change for the next holiday plan." }
    if #life > 0 then ilsa.all(life) end
    review:wait()
    ilsa.log("stand-down: " .. name)
    return { holiday = ctx.params.holiday, days = day, escalations = escalations }
  end,
}
