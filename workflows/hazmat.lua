-- 유해화학물질 사고 대응·합동 예방점검: a chemical release in an industrial area (Banwol and
-- Sihwa industrial complexes, the Palgok plating complex), or the joint preventive inspection of
-- hazardous-materials sites. Research: domain.md, PB-06, and the role split agreed at the 2nd
-- Ilsacheonri meeting (FarmHannong, 22 Dec 2023):
--   Fire   (소방)  call-taking and initial action, rescue, patient transport
--   Police (경찰)  investigation, resident control, danger-zone management
--   City   (시)    the local disaster HQ, resident evacuation and relief
--
-- mode = "release" (T0 = the 119 call, a sensor alarm or the company's report):
--   at once, side by side: fire identifies the substance and sets the isolation zone (5 min);
--   the situation room sends the shelter-indoors emergency text to the downwind dongs (10 min);
--   in the district and each downwind district the police cordon the danger zone and the dong
--   heads tell residents to stay in (15-30 min); schools keep pupils in; the mayor opens the HQ
--   and the chemical shelters; the health centres tell the ERs the substance.
--   Then the run follows the scene (signals): `fire_level` { level = 1..3 } (대응단계: 1 → the
--   mayor is told, 2+ → the control tower), `casualties` { count } and `plume_beyond_city`
--   { toward = "Siheung" } (→ the city HQ, for Stage 3 / Gyeonggi), `air_clear` (air sampling
--   says it is safe: the return). More than one district affected also goes to the tower.
--   Stand-down: air clear and every life-safety task closed; then the return text and the AAR.
-- mode = "inspection" (T0 = D-14): rank and pick sites, inspect jointly, table-top the split,
--   verify corrections; sites that do not correct go to the control tower's agenda.
--
-- Deadlines are the research's offsets (B1-B8, A1-A5); all are example values [EX].

return ilsa.workflow {
  name = "hazmat",
  title = "유해화학물질 사고 대응·합동 예방점검 — hazmat release response and inspection",
  tags = { "hazmat", "chemical", "industrial" },
  params = {
    { name = "mode", type = "choice", values = { "release", "inspection" }, default = "release", summary = "a release now, or the preventive inspection" },
    { name = "district", type = "district", default = "banwol", summary = "the district of the site" },
    { name = "downwind", type = "districts", summary = "districts downwind of the plume, if any (the emergency text and stay-in go there too)" },
    { name = "substance", type = "string", default = "미상 (unknown)", summary = "the substance, when known (NICS priority substances: ammonia, HCl, HF, chlorine...)" },
    { name = "site", type = "string", default = "반월국가산업단지", summary = "the site or complex" },
  },
  run = function(ctx)
    local p = ctx.params
    local d, substance, site = p.district, p.substance, p.site
    local life, escalations = {}, {}
    local function task(spec)
      spec.tags = spec.tags or { "hazmat" }
      local t = ilsa.task(spec)
      if spec.class == "life_safety" then life[#life + 1] = t end
      return t
    end
    local function ask(to, severity, reason, options)
      local decision = ilsa.escalate { to = to, severity = severity, reason = reason, options = options }:wait()
      escalations[#escalations + 1] = { to = to, severity = severity, reason = reason, decision = decision.option }
      ilsa.log(string.format("%s: %s (%s)", to, decision.option, decision.by))
      return decision.option
    end

    if p.mode == "inspection" then
      local pick = task { title = "점검 대상 사업장 선정 (위험도 순위)", assignee = { role = "FIRE.PREV" }, due = "7d",
        detail = "Rank sites in " .. site .. " by quantity handled, accident history, <50 workers, plating/textile/chemical; pick the sites." }
      local inspect = task { title = "유해화학물질 취급시설 합동 점검", assignee = { role = "FIRE.PREV" }, due = "14d", after = { pick },
        checklist = { "화학물질 안전교육", "취급시설 설치검사", "물질·시설 표지", "방류벽·트렌치", "불안정 적재", "위험물 제조소 허가", "비상연락망·주민 고지" },
        detail = "With the Siheung Chemical Disaster Joint Prevention Centre and city safety; fix on the spot what can be fixed." }
      local tabletop = task { title = "사고 시 역할분담 도상훈련", assignee = { role = "FIRE.SC119", district = d }, due = "14d", after = { pick },
        detail = "With each site manager: who does what in a release — fire, police, city, as agreed on 22 Dec 2023." }
      local verify = task { title = "현장 시정 확인·위반 사업장 조치", assignee = { role = "FIRE.PREV" }, due = "21d", after = { inspect, tabletop },
        detail = "Verify the on-site corrections; refer violators. Fail this task if a site has not corrected." }
      if verify:wait().state == "failed" then
        ask("control_tower", "interest", "hazmat sites in " .. site .. " have not corrected their violations",
          { "citywide_agenda", "refer_to_authorities" })
      end
      task { title = "상습 위반 사업장 목록 정리", assignee = { role = "CITY.SAFETY" }, due = "30d", class = "administrative",
        detail = "Repeat offenders to the next Ilsacheonri meeting." }:wait()
      return { mode = "inspection", site = site, escalations = escalations }
    end

    -- Release: everyone at once.
    local affected = { d }
    for _, w in ipairs(p.downwind or {}) do
      if w ~= d then affected[#affected + 1] = w end
    end
    local where = string.format("%s (%s)", site, d)
    ilsa.log(string.format("chemical release at %s: %s; %d district(s)", where, substance, #affected))
    task { title = "출동·누출물질 확인·초기 통제구역 설정", assignee = { role = "FIRE.SC119", district = d }, due = "5m", class = "life_safety", priority = "urgent",
      detail = "Hazmat units to " .. where .. "; identify the substance (" .. substance .. "); set the isolation zone; ask the police for a cordon." }
    task { title = "긴급재난문자: 옥내 대피", assignee = { role = "CITY.SITROOM" }, due = "10m", class = "life_safety", priority = "urgent",
      detail = "To the dongs of " .. table.concat(affected, ", ") .. ", NICS wording: stay indoors, close windows, turn off ventilation "
        .. "and air-conditioning; leave only when told, with a wet cloth, upwind and uphill. Multilingual." }
    task { title = "오염 범위 내 학교 실내 대기", assignee = { role = "EDU.SUPT" }, due = "15m", class = "life_safety", priority = "urgent",
      detail = "Schools in " .. table.concat(affected, ", ") .. ": pupils indoors, windows and vents shut; no dismissal until cleared." }
    task { title = "지역재난안전대책본부 가동·화학사고 대피소 개방", assignee = { role = "CITY.MAYOR" }, due = "30m", class = "life_safety", priority = "urgent",
      detail = "Open the local disaster HQ (the city's part of the agreed split); open the chemical-accident shelters; relief." }
    task { title = "노출 환자 분류 지침·응급실 물질 통보", assignee = { role = "CITY.HEALTH" }, due = "30m", priority = "high",
      detail = "Tell the six ERs the substance (" .. substance .. ") and the exposure triage guidance." }
    local branches = {}
    for _, a in ipairs(affected) do
      branches[#branches + 1] = function()
        task { title = "위험구역 통제·주민 통제", assignee = { role = "POL.BOX", district = a }, due = "15m", class = "life_safety", priority = "urgent",
          detail = "Cordon the danger zone and control residents and traffic in " .. a .. "; help the evacuation when ordered." }
        task { title = "주민 옥내대피 안내·취약가구 확인", assignee = { role = "DONG.HEAD", district = a }, due = "30m", class = "life_safety", priority = "urgent",
          detail = "Village broadcast and calls: stay in, windows shut; check the vulnerable households of " .. a .. "." }
      end
    end
    ilsa.parallel(branches)

    local level, told = 0, false
    if #affected > 1 then
      local option = ask("control_tower", "alert", string.format("chemical release at %s reaches %d districts", where, #affected),
        { "evacuate_downwind", "shelter_in_place" })
      if option == "evacuate_downwind" then
        for _, a in ipairs(affected) do
          task { title = "풍하 지역 주민 대피 (바람 반대·높은 곳)", assignee = { role = "DONG.HEAD", district = a }, due = "30m", class = "life_safety",
            priority = "urgent", detail = "Move residents upwind and uphill to the chemical shelter; count them in." }
        end
      end
    end
    while true do
      local _, answer = ilsa.any { ilsa.signal("fire_level"), ilsa.signal("casualties"), ilsa.signal("plume_beyond_city"), ilsa.signal("air_clear") }
      local s = answer.payload or {}
      if answer.signal == "air_clear" then break end
      if answer.signal == "fire_level" then
        local new = tonumber(s.level) or 0
        if new >= 1 and not told then
          told = true
          task { title = "소방 대응단계 발령 시장 보고", assignee = { role = "CITY.SITROOM" }, due = "5m", class = "life_safety", priority = "urgent",
            detail = "Tell the mayor at once: fire response level " .. new .. " at " .. where .. "." }
        end
        if new >= 2 and level < 2 then
          ask("control_tower", "alert", string.format("fire response level %d at %s", new, where), { "all_agency_heads_to_hq", "hold" })
        end
        level = math.max(level, new)
      elseif answer.signal == "casualties" then
        ask("city_hq", "serious", string.format("%s casualties at %s (%s)", tostring(s.count or "?"), where, substance),
          { "stage_3", "request_gyeonggi_support" })
      else
        ask("city_hq", "serious", string.format("the plume from %s is crossing into %s", where, s.toward or "a neighbouring city"),
          { "report_to_gyeonggi_hq", "hold" })
      end
    end

    -- Stand-down: the air is clear and every life-safety task is closed; then the return and the review.
    ilsa.log("air clear at " .. where)
    ilsa.all(life)
    local back = task { title = "귀가 안내 문자 (옥내 대피 해제)", assignee = { role = "CITY.SITROOM" }, due = "30m", priority = "high",
      detail = "Tell the dongs of " .. table.concat(affected, ", ") .. " that the shelter order is lifted: air windows, check symptoms, call 119 if unwell." }
    local review = task { title = "주민 안내·피해 접수·사후 평가", assignee = { role = "CITY.SAFETY" }, due = "24h", class = "administrative",
      detail = "Resident information, damage claims, the after-action review with fire, police, the joint centre and the company." }
    ilsa.all { back, review }
    ilsa.log("stand-down: " .. where)
    return { mode = "release", district = d, affected = affected, substance = substance, fire_level = level, escalations = escalations }
  end,
}
