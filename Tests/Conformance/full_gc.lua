-- Conformance (full profile): the collector, finalizers, weak tables and the string metatable
-- (Lua 5.4 semantics).
print("testing gc")

-- collectgarbage options
print(collectgarbage("isrunning"), math.type(collectgarbage("count")))
collectgarbage("stop")
print(collectgarbage("isrunning"))
collectgarbage("restart")
print(collectgarbage("isrunning"))
print(collectgarbage(), collectgarbage("collect"))
print(type(collectgarbage("step")), type(collectgarbage("step", 100)))
collectgarbage("incremental")   -- the host picks the initial mode (lua.c picks generational)
print(collectgarbage("generational"), collectgarbage("incremental"), collectgarbage("incremental"))
print(pcall(collectgarbage, "nonsense"))
print(math.type(collectgarbage("setpause", 200)), math.type(collectgarbage("setstepmul", 100)))

-- finalizers run when the object is collected, in reverse order of marking
local order = {}
do
  for i = 1, 3 do
    setmetatable({}, {__gc = function() order[#order + 1] = i end})
  end
end
collectgarbage()
collectgarbage()
print("finalized", table.concat(order, ","))
-- a __gc field added after setmetatable does not mark the object
local late = {}
local latemt = {}
setmetatable(late, latemt)
latemt.__gc = function() order[#order + 1] = "late" end
late = nil
collectgarbage()
print("late", order[4])
-- resurrection: the finalizer sees the object
local saved
do setmetatable({tag = "resurrected"}, {__gc = function(o) saved = o end}) end
collectgarbage()
print(saved and saved.tag)
-- errors in finalizers become warnings, not errors
do setmetatable({}, {__gc = function() error("in gc") end}) end
print(pcall(collectgarbage))

-- weak tables
local weakv = setmetatable({}, {__mode = "v"})
local weakk = setmetatable({}, {__mode = "k"})
local keep = {}
weakv[1] = {}; weakv[2] = keep; weakv[3] = "strings are values"; weakv[4] = 10
weakk[{}] = 1; weakk[keep] = 2
collectgarbage()
local vcount, kcount = 0, 0
for _ in pairs(weakv) do vcount = vcount + 1 end
for _ in pairs(weakk) do kcount = kcount + 1 end
print(vcount, kcount, weakv[2] == keep, weakk[keep])
-- ephemerons: a value referring to its own key does not keep the key alive
local eph = setmetatable({}, {__mode = "k"})
do local k = {}; eph[k] = {ref = k} end
collectgarbage()
print(next(eph))

-- the string metatable
local smt = getmetatable("")
print(type(smt), smt.__index == string)
print(("abc"):upper(), ("%d"):format(7))
string.shout = function(s) return s:upper() .. "!" end
print(("hey"):shout())
string.shout = nil
local oldindex = smt.__index
smt.__index = function(s, k) if k == "first" then return s:sub(1, 1) end return oldindex[k] end
print(("xyz").first, ("xyz"):len())
smt.__index = oldindex
print(pcall(function() return ("x").first end))

-- __gc on tables is allowed by setmetatable in the full profile
local gcok, gcobj = pcall(setmetatable, {}, {__gc = true})
print(gcok, type(gcobj))

-- __close together with __gc
local closed = {}
do
  local v <close> = setmetatable({}, {__close = function() closed[#closed + 1] = "close" end,
                                      __gc = function() closed[#closed + 1] = "gc" end})
end
collectgarbage()
print(table.concat(closed, ","))

print("OK")
