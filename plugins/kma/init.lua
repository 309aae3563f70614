-- kma: thresholds of KMA special weather reports and functions that classify readings.
-- Source: shared/research/domain.md section 2 (criteria current since 1 Jun 2018 for rain,
-- 15 May 2023 for heat on perceived temperature). Each classify_* function takes a table of
-- readings and returns "warning", "advisory" or nil; missing readings count as 0.

local kma = {}

kma.levels = { advisory = { ko = "주의보", en = "advisory" }, warning = { ko = "경보", en = "warning" } }

kma.hazards = {
  heavy_rain = { ko = "호우", en = "heavy rain" },
  typhoon = { ko = "태풍", en = "typhoon" },
  strong_wind = { ko = "강풍", en = "strong wind" },
  wind_wave = { ko = "풍랑", en = "wind-wave" },
  storm_surge = { ko = "폭풍해일", en = "storm surge" },
  heat_wave = { ko = "폭염", en = "heat wave" },
  cold_wave = { ko = "한파", en = "cold wave" },
  heavy_snow = { ko = "대설", en = "heavy snow" },
  dry = { ko = "건조", en = "dry" },
}

kma.thresholds = {
  heavy_rain = { advisory = { mm_3h = 60, mm_12h = 110 }, warning = { mm_3h = 90, mm_12h = 180 } },
  -- 극한호우: an emergency text KMA sends itself, not a special report
  extreme_rain = { mm_1h_and = 50, mm_3h_and = 90, mm_1h = 72 },
  typhoon = { warning = { rain_total_mm = 200 } },
  strong_wind = {
    advisory = { wind = 14, gust = 20 }, warning = { wind = 21, gust = 26 },
    mountain = { advisory = { wind = 17, gust = 25 }, warning = { wind = 24, gust = 30 } },
  },
  wind_wave = { advisory = { wind = 14, hours = 3, wave_m = 3 }, warning = { wind = 21, hours = 3, wave_m = 5 } },
  heavy_snow = { advisory = { cm_24h = 5 }, warning = { cm_24h = 20 }, mountain = { warning = { cm_24h = 30 } } },
  heat_wave = { advisory = { perceived = 33, days = 2 }, warning = { perceived = 35, days = 2 } },
  cold_wave = {
    advisory = { drop = 10, to = 3, below_normal = 3, min = -12, days = 2 },
    warning = { drop = 15, to = 3, below_normal = 3, min = -15, days = 2 },
  },
  dry = { advisory = { humidity = 35, days = 2 }, warning = { humidity = 25, days = 2 } },
  storm_surge = { advisory_cm = plugin.config.surge_advisory_cm, warning_cm = plugin.config.surge_warning_cm },
}
local T = kma.thresholds

local rank = { advisory = 1, warning = 2 }

--- The more severe of two levels (nil is below "advisory").
function kma.max(a, b)
  if (rank[b] or 0) > (rank[a] or 0) then return b end
  return a
end

--- Whether `level` is at least `minimum` ("warning" is at least "advisory").
function kma.at_least(level, minimum)
  return (rank[level] or 0) >= (rank[minimum] or 0) and level ~= nil
end

local function readings(r, name)
  if type(r) ~= "table" then
    error("bad argument #1 to 'kma." .. name .. "' (table of readings expected, got " .. type(r) .. ")", 3)
  end
  return function(key)
    local v = r[key]
    if v == nil then return 0 end
    if type(v) ~= "number" then
      error("kma." .. name .. ": reading '" .. key .. "' must be a number, not " .. type(v), 4)
    end
    return v
  end
end

--- Heavy rain (호우) from 3 h and 12 h rainfall in mm. Second result: true when the 1 h and
--- 3 h rainfall meet the extreme-rainfall (극한호우) emergency-text criteria.
function kma.classify_rain(r)
  local n = readings(r, "classify_rain")
  local mm1, mm3, mm12 = n("mm_1h"), n("mm_3h"), n("mm_12h")
  local level
  if mm3 >= T.heavy_rain.warning.mm_3h or mm12 >= T.heavy_rain.warning.mm_12h then
    level = "warning"
  elseif mm3 >= T.heavy_rain.advisory.mm_3h or mm12 >= T.heavy_rain.advisory.mm_12h then
    level = "advisory"
  end
  local x = T.extreme_rain
  local extreme = (mm1 >= x.mm_1h_and and mm3 >= x.mm_3h_and) or mm1 >= x.mm_1h
  return level, extreme
end

--- Strong wind on land (강풍) from mean wind and gust in m/s; `mountain = true` for mountain areas.
function kma.classify_wind(r)
  local n = readings(r, "classify_wind")
  local t = r.mountain and T.strong_wind.mountain or T.strong_wind
  local wind, gust = n("wind"), n("gust")
  if wind >= t.warning.wind or gust >= t.warning.gust then return "warning" end
  if wind >= t.advisory.wind or gust >= t.advisory.gust then return "advisory" end
  return nil
end

--- Wind-wave at sea (풍랑) from wind in m/s held for `hours`, or significant wave height in m.
function kma.classify_wave(r)
  local n = readings(r, "classify_wave")
  local wind, hours, wave = n("wind"), n("hours"), n("wave_m")
  local t = T.wind_wave
  if (wind >= t.warning.wind and hours >= t.warning.hours) or wave >= t.warning.wave_m then return "warning" end
  if (wind >= t.advisory.wind and hours >= t.advisory.hours) or wave >= t.advisory.wave_m then return "advisory" end
  return nil
end

--- Heavy snow (대설) from 24 h new snow in cm; `mountain = true` for mountain areas.
function kma.classify_snow(r)
  local n = readings(r, "classify_snow")
  local cm = n("cm_24h")
  local warning = r.mountain and T.heavy_snow.mountain.warning.cm_24h or T.heavy_snow.warning.cm_24h
  if cm >= warning then return "warning" end
  if cm >= T.heavy_snow.advisory.cm_24h then return "advisory" end
  return nil
end

--- Heat wave (폭염) from the daily maximum perceived temperature (°C) and how many days it lasts.
function kma.classify_heat(r)
  local n = readings(r, "classify_heat")
  local perceived, days = n("perceived"), n("days")
  local t = T.heat_wave
  if perceived >= t.warning.perceived and days >= t.warning.days then return "warning" end
  if perceived >= t.advisory.perceived and days >= t.advisory.days then return "advisory" end
  return nil
end

--- Cold wave (한파, October to April): a morning minimum that fell by `drop` °C from the day
--- before to `min` and is `below_normal` °C under normal, or a minimum of `min` held `days` days.
function kma.classify_cold(r)
  local n = readings(r, "classify_cold")
  local drop, below, days = n("drop"), n("below_normal"), n("days")
  local min = r.min
  if min == nil then return nil end
  if type(min) ~= "number" then error("kma.classify_cold: reading 'min' must be a number, not " .. type(min), 2) end
  local function meets(t)
    return (drop >= t.drop and min <= t.to and below >= t.below_normal) or (min <= t.min and days >= t.days)
  end
  if meets(T.cold_wave.warning) then return "warning" end
  if meets(T.cold_wave.advisory) then return "advisory" end
  return nil
end

--- Dry (건조) from effective humidity (%) held `days` days.
function kma.classify_dry(r)
  local n = readings(r, "classify_dry")
  local humidity, days = r.humidity, n("days")
  if humidity == nil then return nil end
  if humidity <= T.dry.warning.humidity and days >= T.dry.warning.days then return "warning" end
  if humidity <= T.dry.advisory.humidity and days >= T.dry.advisory.days then return "advisory" end
  return nil
end

--- Storm surge (폭풍해일) from the expected sea level in cm at the local tide station. The
--- thresholds are station-specific: set the plugin's config surge_advisory_cm/surge_warning_cm,
--- or pass advisory_cm/warning_cm with the reading.
function kma.classify_surge(r)
  local n = readings(r, "classify_surge")
  local advisory = r.advisory_cm or T.storm_surge.advisory_cm
  local warning = r.warning_cm or T.storm_surge.warning_cm
  if advisory == nil or warning == nil then
    error("kma.classify_surge: storm-surge thresholds are station-specific; set the kma config "
      .. "surge_advisory_cm and surge_warning_cm, or pass advisory_cm and warning_cm", 2)
  end
  local level = n("level_cm")
  if level >= warning then return "warning" end
  if level >= advisory then return "advisory" end
  return nil
end

--- Typhoon (태풍): the most severe of the wind, wave, rain and surge it brings. A warning when
--- wind or wave reach warning criteria, total rain reaches 200 mm, or `surge = "warning"`;
--- an advisory when any of them reaches advisory criteria.
function kma.classify_typhoon(r)
  local n = readings(r, "classify_typhoon")
  local level = kma.max(kma.classify_wind(r), kma.classify_wave(r))
  local rain = kma.classify_rain(r)
  if n("rain_total_mm") >= T.typhoon.warning.rain_total_mm then return "warning" end
  if level == "warning" or r.surge == "warning" then return "warning" end
  return kma.max(kma.max(level, rain == "warning" and "advisory" or rain), r.surge == "advisory" and "advisory" or nil)
end

--- The name of a report: kma.name("heavy_rain", "warning") is "호우경보 (heavy rain warning)".
function kma.name(hazard, level)
  local h, l = kma.hazards[hazard], kma.levels[level]
  if not h or not l then error("kma.name: unknown hazard or level '" .. tostring(hazard) .. "', '" .. tostring(level) .. "'", 2) end
  return h.ko .. l.ko .. " (" .. h.en .. " " .. l.en .. ")"
end

--- The signal source: every report in the feed the operator grants becomes a signal
--- "kma.<hazard>" whose payload is the report with its full name; the engine gives it to the
--- runs that wait for that signal (in the report's districts, when it names them), once each.
local function source()
  local signals = {}
  for _, item in ipairs(feed.read()) do
    local reports = item.data
    if type(reports) == "table" and reports.hazard ~= nil then reports = { reports } end
    if type(reports) ~= "table" then error("kma feed: " .. item.file .. " holds no report", 0) end
    for i, r in ipairs(reports) do
      local where = item.file .. " report " .. i
      if type(r) ~= "table" or not kma.hazards[r.hazard] then
        error("kma feed: " .. where .. ": unknown hazard '" .. tostring(type(r) == "table" and r.hazard) .. "'", 0)
      end
      if not kma.levels[r.level] and r.level ~= "lifted" then
        error("kma feed: " .. where .. ": level must be advisory, warning or lifted, not '" .. tostring(r.level) .. "'", 0)
      end
      local payload = { hazard = r.hazard, level = r.level, districts = r.districts, issued_at = r.issued_at, area = r.area,
                        title = r.level ~= "lifted" and kma.name(r.hazard, r.level) or (kma.hazards[r.hazard].ko .. " 특보 해제") }
      signals[#signals + 1] = { name = "kma." .. r.hazard, id = r.id or (item.file .. "#" .. i), payload = payload }
    end
  end
  return signals
end

return { modules = { kma = kma }, source = source }
