-- Ansan (안산시) simulated responders for drills (`ilsa drill --responders plugins/ansan/responders.lua`).
--
-- This file is data, run in an empty sandbox like the roster: it sees only the five entry
-- functions below, no library. Without a responders file a drill uses the engine's built-in
-- Ansan profile; this file restates it, so there is one place to tune, and adds the heavy-rain
-- drill's rain gauge readings.
--
--   default { ... }          whoever holds a role not named below
--   role "CODE" { ... }      the holders of one role; fields left out come from the built-in
--                            entry for the role, else from default
--   escalated { ... }        whoever a task's escalation ladder reaches (unit head, district
--                            chair, control tower): they acknowledge on the assignee's behalf
--   tower { ... }            whoever decides escalations (ilsa.escalate)
--   signal { ... }           a signal the drill sends the run at a time after T0
--
-- Fields:
--   acknowledge  how long after the task reaches them they acknowledge it: "5m", or a range
--                { "5m", "20m" } drawn uniformly, to the second, with the drill's seed
--   finish       how long after acknowledging they finish: a range of durations, or a share of
--                the time the task allows (created to due): { 0.5, 1.2 } finishes between
--                half-way and 20% late (a task without a due time allows 1h)
--   miss         the chance (0 to 1) they never acknowledge: the task stays open and its ladder
--                climbs until someone steps in (whoever the top rung reaches always does)
--   fail         the chance (0 to 1) they fail the task instead of completing it
--   decide       (tower) how long after acknowledging the escalation they decide
--   choose       (tower) "first", "last", "random", or a list of options in order of preference
--
-- The values are example values [EX] from the domain research (§1.4 fire, §1.5 police, §1.7
-- welfare centres): agree them with the city.

default { acknowledge = { "5m", "20m" }, finish = { 0.4, 1.1 }, miss = 0.10 }

-- City (§3.2): the situation room answers at once, departments within minutes
role "CITY.MAYOR" { acknowledge = { "10m", "30m" }, finish = { 0.5, 1.1 }, miss = 0.05 }
role "CITY.SAFETY" { acknowledge = { "3m", "10m" }, finish = { 0.4, 1.0 }, miss = 0.05 }
role "CITY.SITROOM" { acknowledge = { "1m", "3m" }, finish = { 0.3, 0.8 }, miss = 0.02 }
role "CITY.WELFARE" { acknowledge = { "15m", "45m" }, finish = { 0.6, 1.4 }, miss = 0.15 }

-- Districts: dong welfare-centre heads (행정복지센터장) are busiest in a flood, so slower and
-- more often missed; the district chair is a dong head too
role "DONG.HEAD" { acknowledge = { "5m", "20m" }, finish = { 0.5, 1.3 }, miss = 0.12 }
role "DIST.CHAIR" { acknowledge = { "5m", "15m" }, finish = { 0.5, 1.1 }, miss = 0.08 }

-- Fire (§1.4), police (§1.5), coast guard, education
role "FIRE.CHIEF" { acknowledge = { "2m", "10m" }, finish = { 0.4, 1.0 }, miss = 0.03 }
role "FIRE.SC119" { acknowledge = { "1m", "5m" }, finish = { 0.3, 0.9 }, miss = 0.02 }
role "POL.112" { acknowledge = { "1m", "3m" }, finish = { 0.3, 0.8 }, miss = 0.01 }
role "POL.BOX" { acknowledge = { "2m", "8m" }, finish = { 0.4, 1.0 }, miss = 0.05 }
role "CG.BOX" { acknowledge = { "2m", "10m" }, finish = { 0.4, 1.0 }, miss = 0.05 }
role "EDU.SUPT" { acknowledge = { "10m", "30m" }, finish = { 0.5, 1.2 }, miss = 0.08 }

-- Volunteer groups answer when they can
local volunteer = { acknowledge = { "15m", "60m" }, finish = { 0.6, 1.5 }, miss = 0.25 }
role "VOL.DISASTER" (volunteer)
role "VOL.FIRE" (volunteer)
role "VOL.PATROL" (volunteer)
role "VOL.TONGJANG" (volunteer)
role "VOL.WATCH" (volunteer)

escalated { acknowledge = { "3m", "12m" }, miss = 0.15 }
tower { acknowledge = { "2m", "10m" }, decide = { "5m", "20m" }, choose = "first" }

-- Heavy rain (workflows/heavy_rain.lua): the district's gauge readings on the morning of
-- 16 July 2025. The second crosses the 50 mm/h closure line: the underpasses close and the
-- district escalates to the control tower. Only runs of heavy_rain get these.
signal { at = "40m", name = "rain_reading", playbook = "heavy_rain", payload = { mm_per_hour = 38, gauge = "신길동" } }
signal { at = "1h10m", name = "rain_reading", playbook = "heavy_rain", payload = { mm_per_hour = 62, gauge = "원곡동" } }
signal { at = "2h45m", name = "kma.heavy_rain", playbook = "heavy_rain", payload = { hazard = "heavy_rain", level = "lifted", title = "호우 특보 해제" } }
