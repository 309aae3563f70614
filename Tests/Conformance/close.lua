-- Conformance: to-be-closed variables and const locals (Lua 5.4 semantics).
print("testing to-be-closed variables and const locals")

local log = {}
local function note(s) log[#log + 1] = s end
local function flush(label) print(label, table.concat(log, " ")); log = {} end

local function closer(name)
  return setmetatable({}, {__close = function(self, err)
    note(name .. (err ~= nil and ("(" .. tostring(err):gsub("^[^:]+:%d+: ", "") .. ")") or ""))
  end})
end

-- closed in reverse order at the end of the block
do
  local a <close> = closer("a")
  local b <close> = closer("b")
  local c <close> = nil         -- nil and false are allowed and ignored
  local d <close> = false
  note("body")
end
flush("block")

-- closed on return, break and goto
local function f()
  local x <close> = closer("x")
  return "ret"
end
note(f()); flush("return")
for i = 1, 3 do
  local l <close> = closer("loop" .. i)
  if i == 2 then break end
end
flush("break")
do
  local n = 0
  ::again::
  do
    local g <close> = closer("g" .. n)
    n = n + 1
    if n < 3 then goto again end
  end
end
flush("goto")

-- return values are computed before closing
local function getvalue()
  local v = {value = 1}
  local c <close> = setmetatable({}, {__close = function() v.value = 2 end})
  return v.value, v
end
local val, tbl = getvalue()
print("returned", val, tbl.value)

-- closed on error, and the error is passed to __close
local ok, err = pcall(function()
  local e1 <close> = closer("e1")
  local e2 <close> = closer("e2")
  error("oops")
end)
print(ok, (err:gsub("^[^:]+:%d+: ", "")))
flush("error")

-- an error in __close replaces the original error, and later closers see the new one
ok, err = pcall(function()
  local c1 <close> = closer("c1")
  local c2 <close> = setmetatable({}, {__close = function(_, e) note("c2 saw " .. tostring(e)); error("from c2", 0) end})
  error("original", 0)
end)
print(ok, err)
flush("error in close")
ok, err = pcall(function()
  local c1 <close> = closer("c1")
  local c2 <close> = setmetatable({}, {__close = function() error("close failure", 0) end})
  return "normal"
end)
print(ok, err)
flush("error while returning")

-- non-closable values are rejected at the declaration
ok, err = pcall(function() local bad <close> = {} end)
print(ok, (err:gsub("^[^:]+:%d+: ", "")))
ok, err = pcall(function() local bad <close> = 42 end)
print(ok, (err:gsub("^[^:]+:%d+: ", "")))
-- syntax errors
print(load("local a <close>, b <close> = 1, 2"))
print(load("local a <foo> = 1"))

-- generic for closes its fourth value
local function iter_with_close()
  local i = 0
  return function() i = i + 1; if i <= 3 then return i end end, nil, nil, closer("forclose")
end
for i in iter_with_close() do if i == 2 then break end end
flush("for break")
for _ in iter_with_close() do end
flush("for end")
pcall(function() for i in iter_with_close() do error("in loop") end end)
flush("for error")

-- a tbc variable is const
print(load("local x <close> = nil; x = 1"))

-- const locals
local K <const> = 10
local S <const> = "str"
local function usesK() return K * 2, S .. "!" end
print(usesK())
print(load("local c <const> = 1; c = 2"))
print(load("local a, b <const> = 1, 2; b = 3"))
print(load("local up <const> = {}; return function() up = 1 end"))
local T <const> = {field = 1}
T.field = 2   -- the variable is constant, not the table
print(T.field)
local a1, b1 <const>, c1 = 1, 2, 3
a1 = 5; c1 = 6
print(a1, b1, c1)

-- nested functions and closing upvalues
local closures = {}
do
  local shared <close> = closer("shared")
  local value = "captured"
  closures[1] = function() return value end
end
flush("upvalue block")
print(closures[1]())

-- __close called with the object itself
local selfcheck
local obj = setmetatable({}, {__close = function(o) selfcheck = o end})
do local o <close> = obj end
print(selfcheck == obj)

-- the __close metamethod is looked up when the variable is closed
local mt = {__close = function() note("first") end}
do
  local late <close> = setmetatable({}, mt)
  mt.__close = function() note("replaced") end
end
flush("late change")

print("OK")
