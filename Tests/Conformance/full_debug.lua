-- Conformance (full profile): the debug library and string.dump (Lua 5.4 semantics).
print("testing debug")

-- tracebacks, cut at the main chunk (what lies below it belongs to the host program)
local function cut(tb)
  local out = {}
  for line in tb:gmatch("[^\n]+") do
    out[#out + 1] = line
    if line:find("in main chunk", 1, true) then break end
  end
  return table.concat(out, "\n")
end
local function level3() return debug.traceback("message here", 1) end
local function level2() local r = level3(); return r end
local function level1() local r = level2(); return r end
print(cut(level1()))
print(cut(debug.traceback(42)), type(debug.traceback(nil)), type(debug.traceback({})))
print(cut(debug.traceback()))
local co = coroutine.create(function() local x = 1; coroutine.yield(); return x end)
coroutine.resume(co)
print(debug.traceback(co))
print(debug.traceback(co, "with message"))
print(debug.traceback(co, nil, 1))
-- xpcall with debug.traceback as the handler
local ok, tb = xpcall(function() local t = nil; return t.x end, debug.traceback)
print(ok, cut(tb))

-- getinfo
local function sample(a, b, ...)
  local info = debug.getinfo(1, "nSlutr")
  return info
end
local info = sample(1, 2)
local keys = {}
for k, v in pairs(info) do keys[#keys + 1] = k .. "=" .. tostring(v) end
table.sort(keys)
print(table.concat(keys, " "))
local pinfo = debug.getinfo(print)
print(pinfo.what, pinfo.short_src, pinfo.source, pinfo.currentline, pinfo.linedefined, pinfo.nparams, pinfo.isvararg)
local main = debug.getinfo(1, "S")
print(main.what, main.short_src, main.source, main.linedefined)
print(debug.getinfo(100), pcall(debug.getinfo, 1, ">"))
local function named() return debug.getinfo(1, "n") end
local ni = named()
print(ni.name, ni.namewhat)
local obj = {method = function(self) return debug.getinfo(1, "n") end}
local mi = obj:method()
print(mi.name, mi.namewhat)
local function tail() return debug.getinfo(1, "t").istailcall end
local function calltail() return tail() end
print(calltail(), (function() local r = tail(); return r end)())
print(debug.getinfo(1, "l").currentline, debug.getinfo(sample, "L").activelines ~= nil)
local lines = {}
for l in pairs(debug.getinfo(sample, "L").activelines) do lines[#lines + 1] = l end
table.sort(lines)
print(table.concat(lines, ","))

-- locals
local function locals(p1, p2, ...)
  local l1 = "first"
  local result = {}
  local i = 1
  while true do
    local name, value = debug.getlocal(1, i)
    if not name then break end
    result[#result + 1] = name .. "=" .. (type(value) == "table" and "{}" or tostring(value))
    i = i + 1
  end
  local va = {}
  i = -1
  while true do
    local name, value = debug.getlocal(1, i)
    if not name then break end
    va[#va + 1] = name .. "=" .. tostring(value)
    i = i - 1
  end
  return table.concat(result, " ") .. " | " .. table.concat(va, " ")
end
print(locals(1, 2, "x", "y"))
print(debug.getlocal(locals, 1), debug.getlocal(locals, 2), debug.getlocal(locals, 3))
local function setter()
  local target = "before"
  debug.setlocal(1, 1, "after")
  return target
end
print(setter())

-- upvalues
local up1, up2 = 10, 20
local function useups() return up1 + up2 end
print(debug.getupvalue(useups, 1), debug.getupvalue(useups, 2), debug.getupvalue(useups, 3))
print(debug.setupvalue(useups, 1, 100), useups(), up1)
local function other() return up2 end
print(debug.upvalueid(useups, 2) == debug.upvalueid(other, 1), debug.upvalueid(useups, 1) == debug.upvalueid(other, 1))
local a1, a2 = 1, 2
local function fa() return a1 end
local function fb() return a2 end
debug.upvaluejoin(fa, 1, fb, 1)
print(fa(), fb())
print(debug.getupvalue(string.gmatch("x", "x"), 1) ~= nil)
print(pcall(debug.upvalueid, useups, 10))

-- hooks: count lines executed in a function
local linesHit = {}
local function hooked()
  local x = 1
  x = x + 1
  return x
end
debug.sethook(function(event, line)
  if debug.getinfo(2, "f").func == hooked then linesHit[#linesHit + 1] = event .. ":" .. line end
end, "l")
hooked()
debug.sethook()
print(table.concat(linesHit, " "))
print(debug.gethook())
local calls = {}
debug.sethook(function(event)
  local i = debug.getinfo(2, "n")
  if i and i.name == "hooked" then calls[#calls + 1] = event end
end, "cr")
hooked()
debug.sethook()
print(table.concat(calls, " "))
local counted = 0
debug.sethook(function() counted = counted + 1 end, "", 100)
for _ = 1, 1000 do end
debug.sethook()
print(counted > 0)

-- metatables of any value
local nummt = {__index = {double = function(n) return n * 2 end}}
debug.setmetatable(0, nummt)
print((21):double(), getmetatable(1) == nummt)
debug.setmetatable(0, nil)
print(getmetatable(1))
print(debug.getmetatable("").__index == string, getmetatable("").__index == string)
local prot = setmetatable({}, {__metatable = "protected"})
print(getmetatable(prot), type(debug.getmetatable(prot)))
print(type(debug.getregistry()))

-- user values on full userdata
local file = io.tmpfile()
print(debug.getuservalue(file), debug.setuservalue(file, {}, 1) == nil or true)
file:close()

-- string.dump and load round trips
local function adder(x, y) return x + y, "added" end
local dumped = string.dump(adder)
print(type(dumped), dumped:sub(1, 4) == "\27Lua")
local back = load(dumped, "dumped", "b")
print(back(2, 3))
print(load(dumped, "dumped", "t"))
local stripped = load(string.dump(adder, true))
print(stripped(4, 5))
print(debug.getinfo(stripped, "S").source, debug.getinfo(back, "S").source)
local withup
do
  local hidden = "upvalue"
  withup = function() return hidden end
end
local restored = load(string.dump(withup))
print(restored() == _G)  -- the first upvalue of a loaded chunk is set to the global table
debug.setupvalue(restored, 1, "set later")
print(restored())
print(pcall(string.dump, print))
local errfn = load(string.dump(function() error("from dumped") end), "=dumpedchunk")
print(pcall(errfn))

print("OK")
