-- 보건의료 위기·응급실 역량 대응: the city's response while the national health-care crisis
-- alert is at 경계 or 심각 (the doctors' collective action: 심각 from 23 Feb 2024 08:00), or a
-- local emergency room restricts its specialties. Citywide: the health centres and the emergency
-- rooms, both from the roster (six ERs in Ansan). Research: domain.md, PB-08, §3.1 (the six ERs).
--
--   At once: both health centres open 24 h emergency-care situation rooms (4 h).
--   Every day at T0's time: each ER the roster lists that day reports its status (open / diverting, specialties
--     on call) within the hour; an ER that does not report climbs its ladder to its director.
--   Day 1: clinic hours to 20:00, night and holiday clinics published; public messages (clinics
--     for mild cases, 119 for emergencies). Week 1: the mayor meets the hospital heads. Weekly:
--     the Ilsacheonri review of the indicators.
--   Signals: `transport_refusal` { refusals, search_min } (an ambulance turned away: at
--     REFUSALS hospitals or SEARCH_MIN minutes of searching → the control tower, with Gyeonggi
--     EMS); `er_suspended` { hospital, what } (an ER stops or loses a critical specialty),
--     `transfer_death`, `capacity_exhausted` (the health centres): → the control tower at once,
--     심각; `alert_lowered` (the national alert drops below 경계): stand-down.
--   Stand-down: the alert lowered and every life-safety task closed; the final report.
-- REFUSALS and SEARCH_MIN are the research's X and Y, example values [EX] to agree with the city.

local REFUSALS, SEARCH_MIN = 3, 30

return ilsa.workflow {
  name = "er_capacity",
  title = "보건의료 위기·응급실 역량 대응 — health-care crisis and ER capacity",
  tags = { "health", "hospital", "ems" },
  params = {
    { name = "alert", type = "choice", values = { "alert", "serious" }, default = "serious",
      summary = "the national health-care crisis alert: alert (경계) or serious (심각)" },
    { name = "follow", type = "duration", default = "90d", summary = "how long to follow the crisis before standing down without a lowered alert" },
  },
  run = function(ctx)
    local life, escalations, day = {}, {}, 0
    local function task(spec)
      spec.tags = spec.tags or { "health", "er" }
      local t = ilsa.task(spec)
      if spec.class == "life_safety" then life[#life + 1] = t end
      return t
    end
    local function ask(severity, reason)
      local decision = ilsa.escalate { to = "control_tower", severity = severity, reason = reason,
        options = { "redistribute_patients", "request_gyeonggi_ems", "public_notice_only" } }:wait()
      escalations[#escalations + 1] = { severity = severity, reason = reason, decision = decision.option }
      ilsa.log(string.format("control tower: %s (%s)", decision.option, decision.by))
    end

    ilsa.log("health-care crisis alert: " .. ctx.params.alert)
    for _, centre in ipairs(ilsa.units { role = "CITY.HEALTH" }) do
      task { title = "24시간 응급의료 대응 상황실 운영", assignee = { unit = centre.id }, due = "4h", class = "life_safety", priority = "urgent",
        detail = "Open and staff the 24 h emergency-care situation room; the ER status board; liaison with 119 and the hospitals." }
    end
    task { title = "보건소 진료시간 연장 (20시)·야간 진료기관 안내", assignee = { role = "CITY.HEALTH" }, due = "1d", priority = "high",
      detail = "Health-centre clinics until 20:00; night and holiday clinics (HIRA lookup) on the city's sites; telehealth information." }
    task { title = "경증 환자 동네 병의원 이용 안내", assignee = { role = "CITY.PIO" }, due = "1d",
      detail = "Mild and non-urgent: nearby clinics; 119 for emergencies only; multilingual." }
    task { title = "119 이송 지연·거부 사례 보고 체계", assignee = { role = "FIRE.CHIEF" }, due = "1d",
      detail = "Report each ambulance transport with repeated refusals or a long search (signal transport_refusal)." }
    task { title = "지역 병원장·의사회 간담회", assignee = { role = "CITY.MAYOR" }, due = "7d", class = "administrative",
      detail = "The heads of the 8 local hospitals and the city medical association: mutual support, transfer protocols." }

    local daily, weekly, ends = ilsa.timer("0s"), ilsa.timer("7d"), ilsa.timer(ctx.params.follow)
    local outcome = "follow_ended"
    while true do
      local item, answer = ilsa.any { daily, weekly, ends, ilsa.signal("transport_refusal"), ilsa.signal("er_suspended"),
        ilsa.signal("transfer_death"), ilsa.signal("capacity_exhausted"), ilsa.signal("alert_lowered") }
      local p = answer.payload or {}
      if item == ends then break end
      if item == daily then -- every ER reports, one branch each (asked each day: an ER may open or close)
        day = day + 1
        local branches = {}
        for _, er in ipairs(ilsa.units { kind = "hospital_er" }) do
          branches[#branches + 1] = function()
            task { title = string.format("응급실 운영 현황 보고 (%d일차)", day), assignee = { unit = er.id }, due = "1h", class = "life_safety",
              checklist = { "정상 / 우회", "진료 가능 과목 (산과·소아과·심장·신경외과)", "구급차 대기" },
              detail = "Open or diverting; specialties on call; ambulance waits. Not in by the hour: the ladder calls the director." }
          end
        end
        ilsa.parallel(branches)
        daily = ilsa.timer("24h")
      elseif item == weekly then
        task { title = "주간 응급의료 지표 점검 (일사천리)", assignee = { role = "CITY.SAFETY" }, due = "1d", class = "administrative",
          detail = "Review the indicators with police (transport escorts) and fire (inter-facility transfers)." }
        weekly = ilsa.timer("7d")
      elseif answer.signal == "transport_refusal" then
        local refusals, search = tonumber(p.refusals) or 0, tonumber(p.search_min) or 0
        ilsa.log(string.format("transport refused by %d hospitals, %g min searching", refusals, search))
        if refusals >= REFUSALS or search >= SEARCH_MIN then
          ask("alert", string.format("ambulance refused by %d hospitals after %g minutes", refusals, search))
        end
      elseif answer.signal == "alert_lowered" then
        outcome = "alert_lowered"
        break
      else
        local what = ({ er_suspended = string.format("%s: %s", p.hospital or "an ER", p.what or "emergency room suspended"),
          transfer_death = "a death linked to a transfer failure", capacity_exhausted = "the health centres' capacity is exhausted" })[answer.signal]
        task { title = "응급실 공백 대응·이송 병원 재지정", assignee = { role = "CITY.HEALTH" }, due = "1h", class = "life_safety", priority = "urgent",
          detail = what .. ": tell 119 and the other ERs which hospitals take which patients; update the public notice." }
        ask("serious", what)
      end
    end

    -- Stand-down: life-safety tasks closed, then the final report.
    if #life > 0 then ilsa.all(life) end
    task { title = "보건의료 위기 대응 결과 보고", assignee = { role = "CITY.HEALTH" }, due = "3d", class = "administrative",
      detail = "Final report: ER days diverted, refusals, clinic hours used, what to keep." }:wait()
    ilsa.log(string.format("stand-down: %s after %d day(s)", outcome, day))
    return { alert = ctx.params.alert, outcome = outcome, days = day, escalations = escalations }
  end,
}
