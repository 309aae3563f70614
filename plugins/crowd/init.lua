-- crowd: crowd-density levels. Source: shared/research/domain.md PB-03 (Seoul city system
-- values aligned with the MOIS levels) and section 6; Fruin 5.55 /m² "potentially dangerous".

local crowd = {}
local c = plugin.config

if not (c.caution < c.alert and c.alert < c.serious and c.serious <= c.crush) then
  error("crowd config: thresholds must rise: caution < alert < serious <= crush (got "
    .. c.caution .. ", " .. c.alert .. ", " .. c.serious .. ", " .. c.crush .. ")")
end

--- The levels from least to most severe, with their thresholds in people per m².
crowd.levels = {
  { name = "caution", ko = "주의", min = c.caution, action = "focus CCTV, PA announcements, prepare alternative routes" },
  { name = "alert", ko = "경계", min = c.alert, action = "dispatch staff and police to the point, one-way flow, meter inflow" },
  { name = "serious", ko = "심각", min = c.serious, action = "stop inflow, reroute, pause nearby performances, alert situation rooms, CBS to the dong" },
}
crowd.crush = c.crush

local rank = { caution = 1, alert = 2, serious = 3 }

local function number(v, name, what)
  if type(v) ~= "number" then
    error("bad argument #1 to 'crowd." .. name .. "' (" .. what .. " expected, got " .. type(v) .. ")", 3)
  end
  if v < 0 or v ~= v then error("crowd." .. name .. ": a density cannot be negative or NaN", 3) end
  return v
end

--- The level of a density in people per m²: "caution", "alert", "serious", or nil below caution.
--- Second result: true at or above the crush-risk density.
function crowd.classify(density)
  number(density, "classify", "number")
  local level
  for _, l in ipairs(crowd.levels) do
    if density >= l.min then level = l.name end
  end
  return level, density >= crowd.crush
end

--- People per m² from a head count and an area: crowd.density { people = 1200, area_m2 = 400 } is 3.0.
function crowd.density(r)
  if type(r) ~= "table" then error("bad argument #1 to 'crowd.density' (table expected, got " .. type(r) .. ")", 2) end
  local people, area = number(r.people, "density", "people, a number"), number(r.area_m2, "density", "area_m2, a number")
  if area == 0 then error("crowd.density: area_m2 must be more than 0", 2) end
  return people / area
end

--- Whether `level` is at least `minimum` ("serious" is at least "alert"; nil is below all).
function crowd.at_least(level, minimum)
  if rank[minimum] == nil then error("crowd.at_least: unknown level '" .. tostring(minimum) .. "'", 2) end
  return (rank[level] or 0) >= rank[minimum]
end

--- What to do at a level.
function crowd.action(level)
  for _, l in ipairs(crowd.levels) do
    if l.name == level then return l.action end
  end
  return "routine monitoring"
end

--- The signal source: each density reading in the feed the operator grants becomes a
--- "crowd.density" signal with its level, for the runs that wait for it (in its district, when
--- the reading names one).
local function source()
  local signals = {}
  for _, item in ipairs(feed.read()) do
    local readings = item.data
    if type(readings) == "table" and readings.density ~= nil then readings = { readings } end
    if type(readings) ~= "table" then error("crowd feed: " .. item.file .. " holds no reading", 0) end
    for i, r in ipairs(readings) do
      local where = item.file .. " reading " .. i
      if type(r) ~= "table" or type(r.density) ~= "number" or type(r.zone) ~= "string" then
        error("crowd feed: " .. where .. ": a reading is { zone = <string>, density = <number>, at = <time> }", 0)
      end
      local level, crush = crowd.classify(r.density)
      signals[#signals + 1] = {
        name = "crowd.density",
        id = r.id or (r.zone .. "@" .. tostring(r.at or i)),
        payload = { zone = r.zone, density = r.density, at = r.at, level = level, crush = crush,
                    action = crowd.action(level), districts = r.district and { r.district } or nil },
      }
    end
  end
  return signals
end

return { modules = { crowd = crowd }, source = source }
