-- ansan: the city's local thresholds, for playbooks: local ansan = require "ansan".
-- The roster itself is roster.lua, which the engine loads (provides.roster in plugin.lua).
-- Sources: shared/research/domain.md sections 2, 6 and PB-03/PB-07.

local ansan = { name = "ansan", ko = "안산시", en = "Ansan" }

ansan.thresholds = {
  -- Local festival safety (Framework Act art. 66-9 and decree; the 2023 amendment)
  festival = {
    safety_plan = 1000, -- instantaneous maximum visitors from which a safety plan and committee review are due
    key_managed = 5000, -- "key managed" multi-crowd target
    outside_venue_plan = 3000, -- performance outside a venue: disaster-response plan (Performance Act)
  },
  -- Outdoor work in heat, on perceived temperature (Ministry of Employment and Labor guidance)
  outdoor_heat = {
    { level = "interest", ko = "관심", perceived = 31, rest = "water, shade, rest; identify heat-sensitive workers" },
    { level = "caution", ko = "주의", perceived = 33, rest = "10 min rest every hour; reschedule 14:00-17:00 work" },
    { level = "warning", ko = "경고", perceived = 35, rest = "15 min rest every hour; stop outdoor work 14:00-17:00" },
    { level = "danger", ko = "위험", perceived = 38, rest = "15 min rest every hour; only emergency work 14:00-17:00" },
  },
  -- Tidal flats (Coast Guard rule of thumb): leave an hour before low tide ends
  tidal_flat_leave_before_low_tide_min = 60,
}

--- The outdoor-work heat level for a perceived temperature (°C), or nil below 31.
function ansan.outdoor_heat(perceived)
  if type(perceived) ~= "number" then
    error("bad argument #1 to 'ansan.outdoor_heat' (number expected, got " .. type(perceived) .. ")", 2)
  end
  local found
  for _, step in ipairs(ansan.thresholds.outdoor_heat) do
    if perceived >= step.perceived then found = step end
  end
  return found and found.level, found and found.rest
end

--- What a festival of `visitors` (instantaneous maximum) requires: "key_managed", "safety_plan" or nil.
function ansan.festival_duty(visitors)
  if type(visitors) ~= "number" then
    error("bad argument #1 to 'ansan.festival_duty' (number expected, got " .. type(visitors) .. ")", 2)
  end
  local f = ansan.thresholds.festival
  if visitors >= f.key_managed then return "key_managed" end
  if visitors >= f.safety_plan then return "safety_plan" end
  return nil
end

return { modules = { ansan = ansan } }
