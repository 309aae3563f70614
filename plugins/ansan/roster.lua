-- Ansan (안산시) roster: who does what in the city's public-safety playbooks.
--
-- This file is data. The engine runs it in an empty sandbox: tables, strings, numbers, local
-- variables and local functions work; no library does (no print, string, os, require). It
-- returns one table with these lists:
--
--   gus        the two wards (구)
--   dongs      the 25 administrative dongs (행정동); each comes with its welfare centre
--   agencies   the six agencies of the control tower, and a few others
--   roles      the role codes playbooks assign tasks to (DONG.HEAD, FIRE.SC119, POL.BOX, ...)
--   units      the places that take tasks: welfare centres, 119 centres, police boxes, schools
--   districts  the ten district meetings (권역별 민생안전회의) with their dongs, hubs and chair
--   people     incumbents, optional (none here: chiefs rotate yearly; playbooks name roles)
--   ladders    escalation ladders with grace periods per task class
--
-- Where the facts come from: the project's domain research (shared/research/domain.md), §3.2
-- (control tower), §3.3 (dongs), §3.4 (districts), §4.0 (role codes and the default ladder).
-- An entry is verified unless it says `verified = false`; its `note` says what is inferred and
-- must be confirmed with Ansan City before production use. On a district, `verified` covers its
-- make-up (dongs, hubs, chair); on a unit, its existence, name and the area it serves. README.md
-- lists what is unverified.

local roster = {
  name = "ansan", ko = "안산시", en = "Ansan",
  -- escalations to the control tower go to its secretariat; the top rung goes to the city HQ
  control_tower = { secretariat = "city.safety" },
  city_hq = "city.dsch",
  -- times on the board, in the API's display fields and in the duty officer's commands
  time_zone = "Asia/Seoul",
  gus = {}, dongs = {}, agencies = {}, roles = {}, units = {}, districts = {}, people = {}, ladders = {},
}

-- `unit { ... }` appends an entry to roster.units, and so on for the other lists.
local function adder(list)
  return function(entry)
    list[#list + 1] = entry
    return entry
  end
end
local gu, agency, role, unit = adder(roster.gus), adder(roster.agencies), adder(roster.roles), adder(roster.units)
local district, ladder = adder(roster.districts), adder(roster.ladders)

-- `dong { ... }` declares a dong and its administrative welfare centre (행정복지센터), whose
-- code is "wc." followed by the dong's code: the welfare centre of "singil" is "wc.singil".
local function dong(entry)
  roster.dongs[#roster.dongs + 1] = entry
  unit {
    id = "wc." .. entry.id, kind = "welfare_centre", agency = "city",
    ko = entry.ko .. " 행정복지센터", en = entry.en .. " Administrative Welfare Centre",
    dongs = { entry.id },
  }
end

---------------------------------------------------------------------------------------------------
-- Wards (§3.1)
---------------------------------------------------------------------------------------------------

gu { id = "sangnok", ko = "상록구", en = "Sangnok-gu" }
gu { id = "danwon", ko = "단원구", en = "Danwon-gu" }

---------------------------------------------------------------------------------------------------
-- Role codes (§4.0). A role with unit_kinds is held by every unit of those kinds; other roles
-- are held by the units that list them.
---------------------------------------------------------------------------------------------------

role { code = "CITY.MAYOR", ko = "시장", en = "Mayor (control-tower chair, city HQ head)" }
role { code = "CITY.SAFETY", ko = "시 안전 담당 부서 (일사천리 간사)", en = "City safety department (Ilsacheonri secretariat)" }
role { code = "CITY.SITROOM", ko = "재난안전상황실", en = "24 h Disaster Safety Situation Room" }
role { code = "CITY.ROADS", ko = "도로·지하차도 담당", en = "Roads and underpasses" }
role { code = "CITY.RIVERS", ko = "하천 담당", en = "Streams" }
role { code = "CITY.WELFARE", ko = "복지 담당 (취약계층)", en = "Welfare (vulnerable people)" }
role { code = "CITY.HEALTH", ko = "보건소장", en = "Public health centre head", unit_kinds = { "health_centre" } }
role { code = "CITY.TRAFFIC", ko = "교통 담당", en = "Traffic" }
role { code = "CITY.ENV", ko = "환경·청소 담당", en = "Environment and waste" }
role { code = "CITY.PIO", ko = "홍보 담당", en = "Public information" }
role { code = "CITY.CCTV", ko = "통합관제센터", en = "Integrated CCTV control centre" }
role { code = "GU.SN", ko = "상록구청", en = "Sangnok-gu office" }
role { code = "GU.DW", ko = "단원구청", en = "Danwon-gu office" }
role { code = "DONG.HEAD", ko = "동장 (행정복지센터장)", en = "Dong welfare-centre head", unit_kinds = { "welfare_centre" } }
role { code = "DIST.CHAIR", ko = "권역 민생안전회의 의장", en = "District meeting chair" }
role { code = "FIRE.CHIEF", ko = "안산소방서장", en = "Ansan Fire Station chief" }
role { code = "FIRE.SC119", ko = "119안전센터장", en = "119 safety-centre head", unit_kinds = { "safety_centre_119" } }
role { code = "FIRE.PREV", ko = "예방·위험물 담당", en = "Fire prevention and hazmat section" }
role { code = "POL.SN", ko = "안산상록경찰서장", en = "Sangnok police chief" }
role { code = "POL.DW", ko = "안산단원경찰서장", en = "Danwon police chief" }
role { code = "POL.112", ko = "112종합상황실", en = "112 situation room" }
role { code = "POL.BOX", ko = "지구대장·파출소장", en = "Police precinct / police-box head", unit_kinds = { "police_precinct", "police_box" } }
role { code = "EDU.SUPT", ko = "안산교육지원청 교육장", en = "Superintendent, Ansan Office of Education" }
role { code = "EDU.SCHOOL", ko = "학교장", en = "School principal", unit_kinds = { "school" } }
role { code = "CG.CHIEF", ko = "평택해양경찰서장", en = "Pyeongtaek Coast Guard chief" }
role { code = "CG.BOX", ko = "해양경찰 파출소장", en = "Coast Guard police-box head", unit_kinds = { "coast_guard_box" } }
role { code = "HOSP.ER", ko = "응급실 책임자", en = "Hospital emergency-room lead", unit_kinds = { "hospital_er" } }
role { code = "ORG", ko = "행사 주최자", en = "Event organiser" }
role { code = "VOL.DISASTER", ko = "지역자율방재단", en = "Regional self-defence disaster corps" }
role { code = "VOL.TONGJANG", ko = "통장협의회", en = "Neighbourhood leaders' council" }
role { code = "VOL.PATROL", ko = "마을순찰대", en = "Village patrol" }
role { code = "VOL.WATCH", ko = "자율방범대", en = "Volunteer crime-prevention patrol" }
role { code = "VOL.FIRE", ko = "의용소방대", en = "Volunteer fire brigade" }

---------------------------------------------------------------------------------------------------
-- Control tower: the Ilsacheonri citywide meeting (§3.2), its agencies and citywide units
---------------------------------------------------------------------------------------------------

agency { id = "city", kind = "city", ko = "안산시", en = "Ansan City", seat = "chair", head_role = "CITY.MAYOR" }
agency { id = "police.sangnok", kind = "police", ko = "안산상록경찰서", en = "Ansan Sangnok Police Station", seat = "member", head_role = "POL.SN" }
agency { id = "police.danwon", kind = "police", ko = "안산단원경찰서", en = "Ansan Danwon Police Station", seat = "member", head_role = "POL.DW" }
agency { id = "fire", kind = "fire", ko = "안산소방서", en = "Ansan Fire Station", seat = "member", head_role = "FIRE.CHIEF", parent = "gyeonggi.fire" }
agency { id = "education", kind = "education", ko = "안산교육지원청", en = "Ansan Office of Education", seat = "member", head_role = "EDU.SUPT" }
agency {
  id = "coast_guard", kind = "coast_guard", ko = "평택해양경찰서", en = "Pyeongtaek Coast Guard Station",
  seat = "member", head_role = "CG.CHIEF", note = "joined the meeting by Aug 2025",
}
agency { id = "gyeonggi.fire", kind = "fire", ko = "경기도소방재난본부", en = "Gyeonggi Fire & Disaster Headquarters" }
agency { id = "volunteers", kind = "volunteer", ko = "민간 자율 단체", en = "Volunteer and resident groups" }

-- City
unit { id = "city.mayor", kind = "headquarters", agency = "city", ko = "안산시장", en = "Mayor of Ansan", roles = { "CITY.MAYOR" } }
unit {
  id = "city.safety", kind = "department", agency = "city", roles = { "CITY.SAFETY" },
  ko = "시 안전 담당 부서", en = "City safety department (Ilsacheonri secretariat)",
  verified = false, note = "department name not verified (안전정책과 or 시민안전과)",
}
unit { id = "city.sitroom", kind = "situation_room", agency = "city", ko = "안산시 재난안전상황실", en = "Ansan Disaster Safety Situation Room", roles = { "CITY.SITROOM" } }
unit {
  id = "city.dsch", kind = "disaster_hq", agency = "city",
  ko = "안산시 재난안전대책본부", en = "Ansan Disaster and Safety Countermeasures HQ",
  note = "statutory; headed by the mayor; activated by stage (§1.3)",
}
local unverified_department = "role from domain.md §4.0; department name not verified"
unit { id = "city.roads", kind = "department", agency = "city", ko = "도로·지하차도 담당 부서", en = "Roads and underpasses department", roles = { "CITY.ROADS" }, verified = false, note = unverified_department }
unit { id = "city.rivers", kind = "department", agency = "city", ko = "하천 담당 부서", en = "Streams department", roles = { "CITY.RIVERS" }, verified = false, note = unverified_department }
unit { id = "city.welfare", kind = "department", agency = "city", ko = "복지 담당 부서", en = "Welfare department", roles = { "CITY.WELFARE" }, verified = false, note = unverified_department }
unit { id = "city.traffic", kind = "department", agency = "city", ko = "교통 담당 부서", en = "Traffic department", roles = { "CITY.TRAFFIC" }, verified = false, note = unverified_department }
unit { id = "city.env", kind = "department", agency = "city", ko = "환경·청소 담당 부서", en = "Environment and waste department", roles = { "CITY.ENV" }, verified = false, note = unverified_department }
unit { id = "city.pio", kind = "department", agency = "city", ko = "홍보 담당 부서", en = "Public information department", roles = { "CITY.PIO" }, verified = false, note = unverified_department }
unit { id = "city.cctv", kind = "department", agency = "city", ko = "안산시 통합관제센터", en = "Ansan Integrated CCTV Control Centre", roles = { "CITY.CCTV" }, verified = false, note = unverified_department }
unit { id = "gu.sangnok", kind = "gu_office", agency = "city", ko = "상록구청", en = "Sangnok-gu Office", roles = { "GU.SN" }, note = "in Sa-dong" }
unit { id = "gu.danwon", kind = "gu_office", agency = "city", ko = "단원구청", en = "Danwon-gu Office", roles = { "GU.DW" } }
unit { id = "health.sangnoksu", kind = "health_centre", agency = "city", ko = "상록수보건소", en = "Sangnoksu Public Health Centre" }
unit { id = "health.danwon", kind = "health_centre", agency = "city", ko = "단원보건소", en = "Danwon Public Health Centre" }

-- Police (§1.5): each station has a 112 situation room
unit { id = "police.sangnok.hq", kind = "headquarters", agency = "police.sangnok", ko = "안산상록경찰서장", en = "Chief, Ansan Sangnok Police Station", roles = { "POL.SN" } }
unit { id = "police.sangnok.112", kind = "situation_room", agency = "police.sangnok", ko = "안산상록경찰서 112종합상황실", en = "Sangnok Police 112 Situation Room", roles = { "POL.112" } }
unit { id = "police.danwon.hq", kind = "headquarters", agency = "police.danwon", ko = "안산단원경찰서장", en = "Chief, Ansan Danwon Police Station", roles = { "POL.DW" } }
unit { id = "police.danwon.112", kind = "situation_room", agency = "police.danwon", ko = "안산단원경찰서 112종합상황실", en = "Danwon Police 112 Situation Room", roles = { "POL.112" } }

-- Fire (§1.4), education, coast guard (§1.6)
unit { id = "fire.hq", kind = "headquarters", agency = "fire", ko = "안산소방서장", en = "Chief, Ansan Fire Station", roles = { "FIRE.CHIEF" } }
unit {
  id = "fire.prevention", kind = "department", agency = "fire", roles = { "FIRE.PREV" },
  ko = "안산소방서 예방·위험물 담당", en = "Ansan Fire Station prevention and hazmat section",
  verified = false, note = "section name not verified",
}
unit { id = "education.hq", kind = "headquarters", agency = "education", ko = "안산교육지원청 교육장", en = "Superintendent, Ansan Office of Education", roles = { "EDU.SUPT" } }
unit { id = "cg.hq", kind = "headquarters", agency = "coast_guard", ko = "평택해양경찰서장", en = "Chief, Pyeongtaek Coast Guard Station", roles = { "CG.CHIEF" } }
unit {
  id = "cg.ansan", kind = "coast_guard_box", agency = "coast_guard",
  ko = "평택해양경찰서 안산파출소", en = "Ansan Coast Guard Police Box",
  districts = { "choji" }, verified = false,
  note = "uses coastal rescue boat M-8; domain.md does not say which area it covers: placed at Choji for the "
    .. "Sihwa lake shore and Bandal-seom (Sihwa lake land/sea jurisdiction is an open agenda item, Aug 2025)",
}

---------------------------------------------------------------------------------------------------
-- Administrative dongs (§3.3): 13 in Sangnok-gu, 12 in Danwon-gu, each with its welfare centre
---------------------------------------------------------------------------------------------------

-- Sangnok-gu
dong { id = "il", ko = "일동", en = "Il-dong", gu = "sangnok" }
dong { id = "i", ko = "이동", en = "I-dong", gu = "sangnok" }
dong { id = "sa", ko = "사동", en = "Sa-dong", gu = "sangnok" }
dong { id = "sai", ko = "사이동", en = "Sai-dong", gu = "sangnok" }
dong { id = "haeyang", ko = "해양동", en = "Haeyang-dong", gu = "sangnok" }
dong { id = "bono1", ko = "본오1동", en = "Bono 1-dong", gu = "sangnok" }
dong { id = "bono2", ko = "본오2동", en = "Bono 2-dong", gu = "sangnok" }
dong { id = "bono3", ko = "본오3동", en = "Bono 3-dong", gu = "sangnok" }
dong { id = "bugok", ko = "부곡동", en = "Bugok-dong", gu = "sangnok" }
dong { id = "wolpi", ko = "월피동", en = "Wolpi-dong", gu = "sangnok", legal = { "월피동", "양상동", "부곡동" }, note = "legal Bugok-dong only in part" }
dong { id = "seongpo", ko = "성포동", en = "Seongpo-dong", gu = "sangnok" }
dong { id = "banwol", ko = "반월동", en = "Banwol-dong", gu = "sangnok", legal = { "건건동", "팔곡일동", "사사동" } }
dong { id = "ansan", ko = "안산동", en = "Ansan-dong", gu = "sangnok", legal = { "수암동", "장상동", "장하동" } }

-- Danwon-gu
dong { id = "wa", ko = "와동", en = "Wa-dong", gu = "danwon" }
dong { id = "gojan", ko = "고잔동", en = "Gojan-dong", gu = "danwon" }
dong { id = "jungang", ko = "중앙동", en = "Jungang-dong", gu = "danwon" }
dong { id = "hosu", ko = "호수동", en = "Hosu-dong", gu = "danwon" }
dong { id = "wongok", ko = "원곡동", en = "Wongok-dong", gu = "danwon" }
dong { id = "baegun", ko = "백운동", en = "Baegun-dong", gu = "danwon" }
dong { id = "singil", ko = "신길동", en = "Singil-dong", gu = "danwon" }
dong { id = "choji", ko = "초지동", en = "Choji-dong", gu = "danwon", legal = { "성곡동", "원시동", "목내동", "초지동" } }
dong { id = "seonbu1", ko = "선부1동", en = "Seonbu 1-dong", gu = "danwon" }
dong { id = "seonbu2", ko = "선부2동", en = "Seonbu 2-dong", gu = "danwon" }
dong { id = "seonbu3", ko = "선부3동", en = "Seonbu 3-dong", gu = "danwon" }
dong { id = "daebu", ko = "대부동", en = "Daebu-dong", gu = "danwon", legal = { "대부동동", "대부북동", "대부남동", "선감동", "풍도동" } }

---------------------------------------------------------------------------------------------------
-- The ten district meetings (§3.4). Verified across all ten: the names, the gu split, and that
-- each is hubbed on a 119 safety centre with welfare centres, police boxes and schools. Only
-- Singil and Choji have their dongs, hubs and chair confirmed; elsewhere they are inferred.
---------------------------------------------------------------------------------------------------

-- Wolpi 월피 (Sangnok-gu) ------------------------------------------------------------------------
district {
  id = "wolpi", ko = "월피", en = "Wolpi", gu = "sangnok",
  dongs = { "wolpi", "seongpo", "bugok" },
  hubs = { "sc119.wolpi" },
  chair = { role = "DONG.HEAD", unit = "wc.wolpi" },
  verified = false,
  note = "dongs (perhaps also Ansan-dong), hub and chair inferred; a police chief co-hosted the meeting "
    .. "at Gyeongsu Middle School (youth anti-drug and illegal-gambling campaign, ~50 people)",
}
unit { id = "sc119.wolpi", kind = "safety_centre_119", agency = "fire", districts = { "wolpi" }, ko = "월피 권역 119안전센터", en = "Wolpi-area 119 Safety Centre", verified = false, note = "centre name not verified" }
unit { id = "pol.wolpi", kind = "police_precinct", agency = "police.sangnok", districts = { "wolpi" }, ko = "월피 권역 지구대", en = "Wolpi-area police precinct", verified = false, note = "Sangnok PS precinct; name not verified" }
unit { id = "school.gyeongsu_ms", kind = "school", agency = "education", districts = { "wolpi" }, ko = "경수중학교", en = "Gyeongsu Middle School" }

-- Sadong 사동 (Sangnok-gu) -----------------------------------------------------------------------
district {
  id = "sadong", ko = "사동", en = "Sadong", gu = "sangnok",
  dongs = { "sa", "sai", "haeyang" },
  hubs = { "sc119.sadong" },
  chair = { role = "DONG.HEAD", unit = "wc.sa" },
  verified = false,
  note = "dongs (perhaps also I-dong), hub and chair inferred; known agenda: vacant and abandoned houses; "
    .. "Hanyang University ERICA area",
}
unit { id = "sc119.sadong", kind = "safety_centre_119", agency = "fire", districts = { "sadong" }, ko = "사동 권역 119안전센터", en = "Sadong-area 119 Safety Centre", verified = false, note = "centre name not verified" }
unit { id = "pol.sadong", kind = "police_precinct", agency = "police.sangnok", districts = { "sadong" }, ko = "사동지구대", en = "Sadong Police Precinct", note = "historically covered Sa-1/2/3 and I-dong" }
unit { id = "pol.idong", kind = "police_box", agency = "police.sangnok", districts = { "sadong", "sangnok2" }, ko = "이동파출소", en = "I-dong Police Box", note = "listed for both Sadong and Sangnok 2" }

-- Sangnok 1 상록1 (Sangnok-gu) -------------------------------------------------------------------
district {
  id = "sangnok1", ko = "상록1", en = "Sangnok 1", gu = "sangnok",
  dongs = { "bono1", "bono2", "bono3" },
  hubs = { "sc119.bono" },
  chair = { role = "DONG.HEAD", unit = "wc.bono1" },
  verified = false,
  note = "dongs, hub and chair inferred; a police chief co-hosted the ~250-person meeting (Sept 2025) "
    .. "near Sangnok Elementary and Sangnoksu Station: school-commute guidance, traffic mirrors, yellow carpets",
}
unit { id = "sc119.bono", kind = "safety_centre_119", agency = "fire", districts = { "sangnok1" }, ko = "본오 권역 119안전센터", en = "Bono-area 119 Safety Centre", verified = false, note = "centre name not verified" }
unit { id = "pol.bono", kind = "police_precinct", agency = "police.sangnok", districts = { "sangnok1" }, ko = "본오지구대", en = "Bono Police Precinct" }
unit { id = "school.sangnok_es", kind = "school", agency = "education", districts = { "sangnok1" }, ko = "상록초등학교", en = "Sangnok Elementary School" }

-- Sangnok 2 상록2 (Sangnok-gu) -------------------------------------------------------------------
district {
  id = "sangnok2", ko = "상록2", en = "Sangnok 2", gu = "sangnok",
  dongs = { "il", "i" },
  hubs = { "sc119.ildong" },
  chair = { role = "DONG.HEAD", unit = "wc.il" },
  verified = false,
  note = "dongs (perhaps also Bugok-dong), hub and chair inferred; Ansan University and KWCOMWEL Ansan "
    .. "Hospital are in Il-dong; no agenda published",
}
unit { id = "sc119.ildong", kind = "safety_centre_119", agency = "fire", districts = { "sangnok2" }, ko = "일동·이동 권역 119안전센터", en = "Il/I-dong-area 119 Safety Centre", verified = false, note = "centre name not verified" }
unit { id = "pol.ildong", kind = "police_box", agency = "police.sangnok", districts = { "sangnok2" }, ko = "일동파출소", en = "Il-dong Police Box" }
-- 이동파출소 (pol.idong) also serves Sangnok 2: see Sadong.

-- Banwol 반월 (Sangnok-gu) -----------------------------------------------------------------------
-- The Suam 119 centre in Ansan-dong is under construction (completion expected Feb 2026); add it
-- here when it opens.
district {
  id = "banwol", ko = "반월", en = "Banwol", gu = "sangnok",
  dongs = { "banwol", "ansan" },
  hubs = { "sc119.banwol" },
  chair = { role = "DONG.HEAD", unit = "wc.banwol" },
  verified = false,
  note = "dongs (Ansan-dong placed here, not in Wolpi) and chair inferred; industrial and plating "
    .. "areas, rural roads; no agenda published",
}
unit { id = "sc119.banwol", kind = "safety_centre_119", agency = "fire", districts = { "banwol" }, ko = "반월119안전센터", en = "Banwol 119 Safety Centre", note = "in Geongeon-dong; covers the Palgok plating complex and the Tecom complex" }
unit { id = "pol.palgok", kind = "police_box", agency = "police.sangnok", districts = { "banwol" }, ko = "팔곡파출소", en = "Palgok Police Box" }
unit { id = "pol.banwol", kind = "police_box", agency = "police.sangnok", districts = { "banwol" }, ko = "반월 권역 파출소", en = "Banwol-area police box", verified = false, note = "name not verified" }

-- Gojan 고잔 (Danwon-gu) -------------------------------------------------------------------------
district {
  id = "gojan", ko = "고잔", en = "Gojan", gu = "danwon",
  dongs = { "gojan", "jungang", "hosu" },
  hubs = { "sc119.gojan" },
  chair = { role = "DONG.HEAD", unit = "wc.gojan" },
  verified = false,
  note = "dongs, hub and chair inferred; City Hall and Ansan Culture Plaza (festival venue) are here; "
    .. "known agenda: alcohol-related crime alert system for the old and new downtowns",
}
unit { id = "sc119.gojan", kind = "safety_centre_119", agency = "fire", districts = { "gojan" }, ko = "고잔 권역 119안전센터", en = "Gojan-area 119 Safety Centre", verified = false, note = "centre name not verified" }
-- The festival's organiser (ORG, PB-03): the street-arts festival at Ansan Culture Plaza.
agency { id = "culture_foundation", kind = "organiser", ko = "안산문화재단", en = "Ansan Cultural Foundation", verified = false, note = "organiser of the Ansan International Street Arts Festival: not named in domain.md" }
unit {
  id = "org.street_arts", kind = "headquarters", agency = "culture_foundation", districts = { "gojan" }, roles = { "ORG" },
  ko = "안산국제거리극축제 사무국", en = "Ansan International Street Arts Festival office",
  verified = false, note = "domain.md names the organiser's role (ORG), not its office",
}
unit { id = "pol.gojan", kind = "police_precinct", agency = "police.danwon", districts = { "gojan" }, ko = "고잔·중앙 권역 지구대", en = "Gojan/Jungang-area police precinct", verified = false, note = "Danwon PS precincts in Gojan/Jungang; names not verified" }

-- Choji 초지 (Danwon-gu) -------------------------------------------------------------------------
-- Verified: the first meeting at the Choji-dong welfare centre, chaired by the dong head, with
-- eight agencies. Two 119 centres serve the one dong, which includes the Bandal-seom new town.
district {
  id = "choji", ko = "초지", en = "Choji", gu = "danwon",
  dongs = { "choji" },
  hubs = { "sc119.seonggok", "sc119.wonsi" },
  chair = { role = "DONG.HEAD", unit = "wc.choji" },
  note = "agenda: heavy rain and snow, Bandal-seom population growth, school-zone traffic, "
    .. "industrial-area fires and illegal parking",
}
unit { id = "sc119.seonggok", kind = "safety_centre_119", agency = "fire", districts = { "choji" }, ko = "성곡119안전센터", en = "Seonggok 119 Safety Centre" }
unit { id = "sc119.wonsi", kind = "safety_centre_119", agency = "fire", districts = { "choji" }, ko = "원시119안전센터", en = "Wonsi 119 Safety Centre" }
unit { id = "pol.gongdan", kind = "police_box", agency = "police.danwon", districts = { "choji" }, ko = "공단파출소", en = "Gongdan Police Box" }
unit { id = "school.byeolmang_es", kind = "school", agency = "education", districts = { "choji" }, ko = "별망초등학교", en = "Byeolmang Elementary School" }
unit { id = "school.howon_es", kind = "school", agency = "education", districts = { "choji" }, ko = "안산호원초등학교", en = "Ansan Howon Elementary School" }
unit { id = "school.byeolmang_ms", kind = "school", agency = "education", districts = { "choji" }, ko = "별망중학교", en = "Byeolmang Middle School" }
unit { id = "school.choji_ms", kind = "school", agency = "education", districts = { "choji" }, ko = "초지중학교", en = "Choji Middle School" }
unit {
  id = "pol.bandalseom", kind = "patrol_base", agency = "police.danwon", districts = { "choji" },
  ko = "반달섬 범죄예방센터", en = "Bandal-seom Crime Prevention Centre",
  note = "opened 29 Aug 2025 at Culture Park No. 87; joint civil-administration-police patrol base",
}

-- Seonbu 선부 (Danwon-gu) ------------------------------------------------------------------------
district {
  id = "seonbu", ko = "선부", en = "Seonbu", gu = "danwon",
  dongs = { "seonbu1", "seonbu2", "seonbu3", "wa" },
  hubs = { "sc119.seonbu" },
  chair = { role = "DONG.HEAD", unit = "wc.seonbu2" },
  verified = false,
  note = "dongs, hub and chair inferred; known agenda: safety in foreign-resident-dense areas "
    .. "(Koryo-saram community in Seonbu 2-dong, 'Ttetgol')",
}
unit { id = "sc119.seonbu", kind = "safety_centre_119", agency = "fire", districts = { "seonbu" }, ko = "선부 권역 119안전센터", en = "Seonbu-area 119 Safety Centre", verified = false, note = "centre name not verified" }
unit { id = "pol.seonbu2", kind = "police_box", agency = "police.danwon", districts = { "seonbu" }, ko = "선부2파출소", en = "Seonbu 2 Police Box" }
unit { id = "pol.seonbu3", kind = "police_box", agency = "police.danwon", districts = { "seonbu" }, ko = "선부3파출소", en = "Seonbu 3 Police Box" }
unit { id = "pol.wadong", kind = "police_box", agency = "police.danwon", districts = { "seonbu" }, ko = "와동파출소", en = "Wa-dong Police Box" }
unit { id = "vol.ttetgol", kind = "volunteer_group", agency = "volunteers", dongs = { "seonbu2" }, roles = { "VOL.PATROL" }, ko = "고려인 뗏골 순찰대", en = "Koryo-saram Ttetgol patrol" }

-- Singil 신길 (Danwon-gu) ------------------------------------------------------------------------
-- Verified: the dongs, the 119 centre and the three police boxes. The first district meeting
-- (3 Jul 2025) was held at the Singil-dong welfare centre hall, chaired by the Singil-dong head.
district {
  id = "singil", ko = "신길", en = "Singil", gu = "danwon",
  dongs = { "singil", "wongok", "baegun" },
  hubs = { "sc119.singil" },
  chair = { role = "DONG.HEAD", unit = "wc.singil" },
  note = "agenda: summer flood and storm patrols, crime prevention, the multicultural special zone "
    .. "(Wongok-dong); its schools are not named in domain.md",
}
unit { id = "sc119.singil", kind = "safety_centre_119", agency = "fire", districts = { "singil" }, dongs = { "singil", "wongok" }, ko = "신길119안전센터", en = "Singil 119 Safety Centre", note = "opened 6 Dec 2018; 19 staff, 3 vehicles; covers Singil and Wongok" }
unit { id = "pol.singil", kind = "police_box", agency = "police.danwon", districts = { "singil" }, ko = "신길파출소", en = "Singil Police Box" }
unit { id = "pol.wongok", kind = "police_box", agency = "police.danwon", districts = { "singil" }, ko = "원곡파출소", en = "Wongok Police Box" }
unit { id = "pol.wonseon", kind = "police_box", agency = "police.danwon", districts = { "singil" }, ko = "원선파출소", en = "Wonseon Police Box" }
unit { id = "vol.singil_foreign_watch", kind = "volunteer_group", agency = "volunteers", districts = { "singil" }, roles = { "VOL.WATCH" }, ko = "외국인자율방범대", en = "Foreign-resident volunteer crime-prevention patrol" }

-- Daebu 대부 (Danwon-gu) -------------------------------------------------------------------------
district {
  id = "daebu", ko = "대부", en = "Daebu", gu = "danwon",
  dongs = { "daebu" },
  hubs = { "sc119.daebu" },
  chair = { role = "DONG.HEAD", unit = "wc.daebu" },
  verified = false,
  note = "Daebu-dong is the only dong on the island; chair inferred; no agenda published "
    .. "(likely maritime, tidal flats, tourism crowds, typhoons)",
}
unit { id = "sc119.daebu", kind = "safety_centre_119", agency = "fire", districts = { "daebu" }, ko = "대부119안전센터", en = "Daebu 119 Safety Centre" }
unit { id = "pol.daebu", kind = "police_box", agency = "police.danwon", districts = { "daebu" }, ko = "대부 권역 파출소", en = "Daebu-area police box", verified = false, note = "Danwon PS police box on Daebu; name not verified" }
unit { id = "cg.daebu", kind = "coast_guard_box", agency = "coast_guard", districts = { "daebu" }, ko = "평택해양경찰서 대부파출소", en = "Daebu Coast Guard Police Box", note = "at Tando port" }
unit { id = "vol.pungdo_fire", kind = "volunteer_group", agency = "fire", districts = { "daebu" }, roles = { "VOL.FIRE" }, ko = "풍도 전담의용소방대", en = "Pungdo volunteer fire brigade" }
unit { id = "vol.yukdo_fire", kind = "volunteer_group", agency = "fire", districts = { "daebu" }, roles = { "VOL.FIRE" }, ko = "육도 전담의용소방대", en = "Yukdo volunteer fire brigade" }

---------------------------------------------------------------------------------------------------
-- Hospitals with 24 h emergency rooms (§3.1): citywide, not tied to a district
---------------------------------------------------------------------------------------------------

local function emergency_room(id, ko, en, note)
  agency { id = "hospital." .. id, kind = "hospital", ko = ko, en = en }
  unit { id = "er." .. id, kind = "hospital_er", agency = "hospital." .. id, ko = ko .. " 응급실", en = en .. " emergency room", note = note }
end
emergency_room("kwcomwel", "근로복지공단 안산병원", "KWCOMWEL Ansan Hospital", "Sangnok-gu (Il-dong)")
emergency_room("sarang", "사랑의병원", "Sarang Hospital", "Sangnok-gu")
emergency_room("dongansan", "동안산병원", "Dongansan Hospital", "Sangnok-gu")
emergency_room("korea_univ", "고려대학교 안산병원", "Korea University Ansan Hospital", "Danwon-gu; the largest")
emergency_room("hando", "한도병원", "Hando Hospital", "Danwon-gu")
emergency_room("danwon", "단원병원", "Danwon Hospital", "Danwon-gu")

---------------------------------------------------------------------------------------------------
-- People: none. Incumbents rotate (police and fire chiefs yearly), so playbooks name roles. To
-- list one:  roster.people[#roster.people + 1] = { id = "...", ko = "...", en = "...", role = "DONG.HEAD", unit = "wc.singil" }
---------------------------------------------------------------------------------------------------

---------------------------------------------------------------------------------------------------
-- Escalation (§4.0). A task overdue by its rung's grace period for its class goes up one rung.
-- Durations: a number and s, m, h or d ("90s", "15m", "4h", "2d", "1h30m"). The grace periods are
-- example values from domain.md: agree them with the city. "2 working days" is written 48h.
-- Condition-based skips (life threat, alert level, several districts) are the playbook's and the
-- engine's, not the roster's. Above the city HQ sit Gyeonggi's HQ and the central HQ (중대본).
---------------------------------------------------------------------------------------------------

local grace = { life_safety = "15m", preparedness = "4h", administrative = "48h" }

ladder {
  name = "default", ko = "기본 단계별 보고", en = "Default escalation ladder",
  rungs = {
    { target = "assignee", grace = grace },       -- 1. whoever the task is assigned to
    { target = "unit_head", grace = grace },      -- 2. their unit head (동장, 센터장, 파출소장)
    { target = "DIST.CHAIR", grace = grace },     -- 3. the district meeting's chair
    { target = "control_tower", grace = grace },  -- 4. the Ilsacheonri citywide meeting
    { target = "city_hq" },                       -- 5. the city's disaster HQ: the top
  },
  -- A task handed to another holder of its role keeps its clock: a handover must not buy time
  -- in a disaster ("restart" would start the new holder at rung 1, grace counted from then).
  on_reassign = "keep",
  verified = false, note = "grace periods are example values [EX] to confirm with the city",
}

return roster
