-- Conformance: metatables and the non-arithmetic metamethods (Lua 5.4 semantics).
print("testing metatables")

local function checkerror(msg, f, ...)
  local ok, err = pcall(f, ...)
  assert(not ok, "expected an error")
  assert(string.find(err, msg, 1, true), "unexpected message: " .. tostring(err))
  print("error:", (string.gsub(err, "^[^:]+:%d+: ", "")))
end

local log = {}
local function note(s) log[#log + 1] = s end
local function flush(label) print(label, table.concat(log, " ")); log = {} end

-- setmetatable / getmetatable / __metatable
local t = {}
assert(getmetatable(t) == nil)
local mt = {}
assert(setmetatable(t, mt) == t and getmetatable(t) == mt)
assert(setmetatable(t, nil) == t and getmetatable(t) == nil)
local locked = setmetatable({}, {__metatable = "locked"})
assert(getmetatable(locked) == "locked")
checkerror("cannot change a protected metatable", setmetatable, locked, {})
checkerror("nil or table expected", function() setmetatable({}, 1) end)
assert(getmetatable(1) == nil and getmetatable(print) == nil and getmetatable(nil) == nil)

-- __index: table, function, chains
local base = {greet = function(self) return "hello from " .. self.name end, kind = "base"}
local mid = setmetatable({kind = "mid"}, {__index = base})
local obj = setmetatable({name = "obj"}, {__index = mid})
print(obj:greet(), obj.kind, rawget(obj, "kind"), obj.missing)
local calls = 0
local lazy = setmetatable({}, {__index = function(self, k) calls = calls + 1; rawset(self, k, k .. "!"); return k .. "?" end})
print(lazy.a, lazy.a, lazy.b, calls)
local deep = {}
local cur = deep
for i = 1, 50 do local nxt = {}; setmetatable(cur, {__index = nxt}); cur = nxt end
cur.found = "bottom"
print(deep.found)
-- __index on strings through the string metatable, on a function is not allowed
checkerror("attempt to index a function value (global 'print')", function() return print.x end)

-- __newindex: table and function, rawset bypass
local store = {}
local proxy = setmetatable({}, {__newindex = store})
proxy.x = 1
print(rawget(proxy, "x"), store.x)
local guarded = setmetatable({}, {__newindex = function(self, k, v)
  note(tostring(k) .. "=" .. tostring(v)); rawset(self, k, v * 2)
end})
guarded.a = 1; guarded.a = 5; guarded.b = 2
flush("newindex"); print(guarded.a, guarded.b)
local chain = setmetatable({}, {__newindex = setmetatable({}, {__newindex = function(_, k) note("inner " .. k) end})})
chain.z = 1; flush("chain")
local ro = setmetatable({}, {__index = {x = 1}, __newindex = function(_, k) error("read-only field " .. k, 2) end})
checkerror("read-only field y", function() ro.y = 2 end)

-- __call
local callable = setmetatable({}, {__call = function(self, a, b) return "called", a, b end})
print(callable(1, 2))
print(pcall(callable, "p"))
local nested = setmetatable({}, {__call = callable})
local r1, r2, r3 = nested("n")
print(r1, r2 == nested, r3)
checkerror("attempt to call a table value (local 't')", function() local t = {}; t() end)
checkerror("attempt to call a nil value (field 'nope')", function() local t = {}; t.nope() end)

-- __concat
local C = setmetatable({}, {__concat = function(a, b)
  local function s(x) return type(x) == "table" and "C" or tostring(x) end
  return s(a) .. "+" .. s(b)
end})
print(C .. "x", "x" .. C, 1 .. C, C .. C, "a" .. "b" .. C)

-- __eq: only called for two tables/userdata that are not primitively equal
local eqmt = {__eq = function(a, b) note("eq"); return a.v == b.v end}
local e1, e2, e3 = setmetatable({v = 1}, eqmt), setmetatable({v = 1}, eqmt), setmetatable({v = 2}, eqmt)
print(e1 == e2, e1 == e3, e1 ~= e2, e1 == e1, e1 == 1, rawequal(e1, e2))
flush("eq calls")
local other = setmetatable({v = 1}, {__eq = function() return "truthy" end})
print(other == e1, e1 == other)  -- the first operand's metamethod is tried first

-- __lt and __le, and results converted to booleans
local cmt = {}
cmt.__lt = function(a, b) note("lt"); return a.v < b.v end
cmt.__le = function(a, b) note("le"); return a.v <= b.v end
local a, b = setmetatable({v = 1}, cmt), setmetatable({v = 2}, cmt)
print(a < b, a > b, a <= b, a >= b, b <= a)
flush("cmp calls")
local only_lt = {__lt = function(x, y) return 1 end}
local x, y = setmetatable({}, only_lt), setmetatable({}, only_lt)
print(x < y, x > y)
print(pcall(function() return x <= y end))  -- __le falls back to __lt only with 5.3 compatibility
checkerror("attempt to compare two table values", function() return {} <= {} end)
checkerror("attempt to compare number with nil", function() return 1 < nil end)
checkerror("attempt to compare number with nil", function() local n; return n > 1 end)
checkerror("attempt to compare table with number", function() return {} < 1 end)
checkerror("attempt to compare two boolean values", function() return true < false end)

-- __len
local lenmt = setmetatable({1, 2, 3}, {__len = function(self) return 42 end})
print(#lenmt, rawlen(lenmt))
print(#setmetatable({}, {__len = function() return "str" end}))
checkerror("attempt to get length of a nil value (local 'n')", function() local n; return #n end)
checkerror("attempt to get length of a number value", function() return #5 end)

-- __tostring and __name
local named = setmetatable({}, {__tostring = function(self) return "<named>" end})
print(tostring(named), string.format("%s!", named))
local typed = setmetatable({}, {__name = "My.Type"})
print((tostring(typed):gsub("0x%x+", "ADDR"):gsub(": [%x]+$", ": ADDR")))
checkerror("'__tostring' must return a string", tostring, setmetatable({}, {__tostring = function() return nil end}))
checkerror("bad argument #1 to 'upper' (string expected, got My.Type)", function() return string.upper(typed) end)

-- __pairs
local pmt = {__pairs = function(self)
  local i = 0
  return function() i = i + 1; if i <= 3 then return i, i * i end end, self, nil
end}
local sq = {}
for k, v in pairs(setmetatable({}, pmt)) do sq[#sq + 1] = k .. "=" .. v end
print(table.concat(sq, " "))
-- ipairs respects __index
local ip = setmetatable({}, {__index = function(_, i) if i <= 4 then return i * 10 end end})
local vals = {}
for i, v in ipairs(ip) do vals[#vals + 1] = i .. ":" .. v end
print(table.concat(vals, " "))
-- next ignores metamethods
print(next(setmetatable({}, {__index = {a = 1}})))

-- __index / __newindex on missing vs existing keys
local counted = setmetatable({present = 1}, {
  __index = function(_, k) note("get " .. k) end,
  __newindex = function(t, k, v) note("set " .. k); rawset(t, k, v) end,
})
local _ = counted.present; _ = counted.absent
counted.present = 2; counted.newkey = 3; counted.newkey = 4
flush("access")

-- metamethods are looked up raw in the metatable
local indirect = setmetatable({}, setmetatable({}, {__index = {__index = function() return "no" end}}))
print(indirect.anything)

-- __unm and __bnot via metatable, __index with rawget on tables
local um = setmetatable({}, {__unm = function() return "neg" end, __bnot = function() return "bnot" end})
print(-um, ~um)

print("OK")
