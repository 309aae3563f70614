-- Conformance: error, pcall, xpcall, error objects and error messages (Lua 5.4 semantics).
print("testing errors")

local function msgof(f, ...)
  local ok, err = pcall(f, ...)
  assert(not ok, "expected an error")
  return err
end

-- error with levels
local function lvl1() error("at level 1") end
local function lvl2() error("at level 2", 2) end
local function lvl0() error("no position", 0) end
local function caller() lvl2() end   -- line 14: level 2 points here
print(msgof(lvl1))
print(msgof(caller))
print(msgof(lvl0))
print(msgof(error))
print(msgof(error, nil))
print(msgof(error, "plain", 0))
local function lvl3() local function inner() error("three", 3) end local function mid() inner() end mid() end
print(msgof(lvl3))

-- non-string error objects pass through untouched
local obj = {code = 42}
local ok, err = pcall(error, obj)
assert(not ok and err == obj and err.code == 42)
print(select("#", pcall(error)), pcall(error, 12), pcall(error, false), pcall(error, 1.5, 2))
ok, err = pcall(error, setmetatable({}, {__tostring = function() return "custom error" end}))
print(ok, tostring(err))
-- numbers used as messages get the position prepended only when they are strings
print(pcall(error, 42, 1))
print(pcall(function() error("x" .. 1) end))

-- pcall results
print(pcall(function(...) return ... end, 1, 2, 3))
print(pcall(pcall, error, "e"))
print(pcall(print == nil))
print(select("#", pcall(function() end)))
print(pcall(pcall))
print(pcall(select, -1))

-- xpcall with handlers
print(xpcall(function() error("boom") end, function(m) return "handled: " .. m end))
print(xpcall(function(a, b) return a + b end, print, 3, 4))
print(xpcall(function() error({}) end, function(e) return type(e) end))
print(xpcall(function() local x = nil; return x.field end, function(m) return (m:gsub("^[^:]+:%d+: ", "")) end))
-- the handler runs at the point of the error, before unwinding
local depth_seen
xpcall(function() local function deep() error("d") end deep() end, function(m)
  depth_seen = m
  return m
end)
print(depth_seen)
-- an error inside the handler
print(xpcall(error, function() error("again") end, "first"))
-- handler that returns several values: only the first is kept
print(xpcall(error, function(m) return "one", "two" end, "x"))

-- runtime error messages with variable information
local function show(f) print((msgof(f):gsub("^[^:]+:%d+: ", ""))) end
show(function() local x; return x.y end)
show(function() local x; x.y = 1 end)
show(function() return undefined_global.field end)
show(function() local t = {}; return t.a.b end)
show(function() local t = {}; return t[1][2] end)
show(function() local t = {inner = {}}; return t.inner.deep.x end)
local up
show(function() return up.x end)
show(function() local s = "str"; return s.x.y end)
show(function() undefined_function() end)
show(function() local t = {}; t.method() end)
show(function() local t = {}; t:method() end)
show(function() local f = 5; f() end)
show(function() return ("x")() end)
show(function() return 1 < nil end)
show(function() return {} < {} end)
show(function() return "a" < 1 end)
show(function() return nil .. "x" end)
show(function() local t = setmetatable({}, {__index = function(t, k) return k.field.x end}); return t.key end)
show(function() return #nil end)
show(function() return -{} end)
show(function() return math.floor("x") end)
show(function() return ("x"):rep(1, 2, 3) .. {} end)
show(function() return string.rep() end)
show(function() return setmetatable({}, {}) .. 1 end)
show(function() return tostring() end)
show(function() return ipairs() end)
show(function() return rawlen(5) end)
show(function() return rawset({}, nil, 1) end)
show(function() return 2^63 // 1 | 0 end)
show(function() return math.tointeger(2^63) + nil end)
show(function() local a <const> = 1; return a.x end)
show(function() return next({}, "nokey") end)

-- error() with a table keeps identity through nested pcall
local e = {}
local ok1, r1 = pcall(function() local ok2, r2 = pcall(error, e); error(r2) end)
print(ok1, r1 == e)

-- error position uses the chunk name
local chunk = load("local x = nil\nreturn x + 1", "=mychunk")
print(pcall(chunk))
chunk = load("error('in loaded chunk')", "@file.lua")
print(pcall(chunk))
chunk = load("error('in string chunk')")
print(pcall(chunk))
chunk = load("\n\nerror('line three')", "a long chunk name that goes on and on and on and on and on and on and on")
print(pcall(chunk))

-- assert
print(pcall(assert, false))
print(pcall(assert, nil, "custom message"))
local okA, eA = pcall(assert, false, {1})
print(okA, type(eA), eA[1])
print(select("#", assert(1, 2, 3)), assert("v", "ignored"))
print(pcall(assert))

-- tostring of error values in messages (level 2 from a nested function)
local function check(v) if type(v) ~= "number" then error("expected number, got " .. type(v), 2) end return v end
local function use() local v = check("s"); return v end    -- the error points at this line
local function usetail() return check("s") end             -- a tail call: no caller line left
print(pcall(use))
print(pcall(usetail))

print("OK")
