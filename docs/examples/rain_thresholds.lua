-- Classifies rain-gauge readings against the KMA heavy-rain criteria (in force since 1 June 2018):
-- an advisory (호우주의보) at 60 mm in 3 h or 110 mm in 12 h, a warning (호우경보) at 90 mm in 3 h
-- or 180 mm in 12 h. Runs in Ilsa's sandbox: `ilsa lua docs/examples/rain_thresholds.lua`.
-- Pass readings as arguments to classify your own: `... rain_thresholds.lua 72 95` (3 h, 12 h).

local criteria = {
  { level = "warning",  korean = "호우경보",   three_hours = 90, twelve_hours = 180 },
  { level = "advisory", korean = "호우주의보", three_hours = 60, twelve_hours = 110 },
}

--- Returns the criterion a reading meets, or nil.
local function classify(three_hours, twelve_hours)
  for _, c in ipairs(criteria) do
    if three_hours >= c.three_hours or twelve_hours >= c.twelve_hours then return c end
  end
  return nil
end

--- Display columns of a UTF-8 string: Hangul and CJK take two columns, as on a terminal.
local function columns(s)
  local n = 0
  for _, cp in utf8.codes(s) do
    local wide = (cp >= 0x1100 and cp <= 0x115F) or (cp >= 0x2E80 and cp <= 0xA4CF)
      or (cp >= 0xAC00 and cp <= 0xD7A3) or (cp >= 0xF900 and cp <= 0xFAFF) or (cp >= 0xFF00 and cp <= 0xFF60)
    n = n + (wide and 2 or 1)
  end
  return n
end

--- Pads `s` with spaces to `width` display columns (string.format pads bytes, not columns).
local function pad(s, width)
  return s .. string.rep(" ", math.max(0, width - columns(s)))
end

local readings = {
  { gauge = "신길동 (Singil)",  three_hours = 35, twelve_hours = 70 },
  { gauge = "중앙동 (Jungang)", three_hours = 64, twelve_hours = 101 },
  { gauge = "고잔동 (Gojan)",   three_hours = 48, twelve_hours = 126 },
  { gauge = "대부동 (Daebu)",   three_hours = 93, twelve_hours = 170 },
}
if select("#", ...) >= 2 then
  local three, twelve = tonumber((...)), tonumber((select(2, ...)))
  assert(three and twelve, "usage: rain_thresholds.lua MM_IN_3H MM_IN_12H")
  readings = { { gauge = "given", three_hours = three, twelve_hours = twelve } }
end

for _, r in ipairs(readings) do
  local c = classify(r.three_hours, r.twelve_hours)
  print(string.format("%s %4d mm/3h %4d mm/12h  %s", pad(r.gauge, 18), r.three_hours, r.twelve_hours,
    c and (c.korean .. " (heavy-rain " .. c.level .. ")") or "below advisory"))
end
