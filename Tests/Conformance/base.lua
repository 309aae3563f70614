-- Conformance: the basic library: next, pairs, ipairs, select, raw access, type (Lua 5.4 semantics).
print("testing the basic library")

local function checkerror(msg, f, ...)
  local ok, err = pcall(f, ...)
  assert(not ok, "expected an error")
  assert(string.find(err, msg, 1, true), "unexpected message: " .. tostring(err))
  print("error:", (string.gsub(err, "^[^:]+:%d+: ", "")))
end

local function sortedpairs(t)
  local keys = {}
  for k in next, t do keys[#keys + 1] = k end
  table.sort(keys, function(a, b)
    local ta, tb = type(a), type(b)
    if ta ~= tb then return ta < tb end
    return a < b
  end)
  local i = 0
  return function() i = i + 1; local k = keys[i]; if k ~= nil then return k, t[k] end end
end

-- type
print(type(nil), type(true), type(0), type(""), type({}), type(print), type(coroutine.create(print)))
checkerror("bad argument #1 to 'type' (value expected)", type)

-- next
local t = {10, 20, 30, a = "x", b = "y"}
local count = 0
local k, v = next(t)
while k ~= nil do count = count + 1; k, v = next(t, k) end
print("next visits", count, next({}), next({}, nil))
print(next({"only"}), select("#", next({})))
checkerror("bad argument #1 to 'next' (table expected, got no value)", next)
checkerror("invalid key to 'next'", next, {}, "absent")

-- pairs returns next, the table and nil
local f, s, init = pairs(t)
print(f == next, s == t, init)
local out = {}
for key, val in sortedpairs(t) do out[#out + 1] = tostring(key) .. "=" .. tostring(val) end
print(table.concat(out, " "))
checkerror("bad argument #1 to 'for iterator' (table expected, got nil)", function() for _ in pairs(nil) do end end)
-- modifying existing fields while traversing is allowed
local squares = {1, 2, 3, x = 4}
for key, val in pairs(squares) do squares[key] = val * val end
out = {}
for key, val in sortedpairs(squares) do out[#out + 1] = tostring(key) .. "=" .. val end
print(table.concat(out, " "))

-- ipairs stops at the first nil
out = {}
for i, val in ipairs({1, 2, nil, 4}) do out[#out + 1] = i .. ":" .. val end
print(table.concat(out, " "))
local it, st, i0 = ipairs({})
print(type(it), i0, it({5}, 0), it({5}, 1))
checkerror("bad argument #1 to 'ipairs' (value expected)", ipairs)
out = {}
for i, c in ipairs(setmetatable({}, {__index = function(_, i) return i < 4 and i * i or nil end})) do out[#out + 1] = c end
print(table.concat(out, " "))

-- select
print(select("#"), select("#", 1, nil), select(1, "a", "b"), select(3, "a", "b"))
print(select(-1, 1, 2, 3), select(-2, 1, 2, 3))
print(select(2.0, "a", "b"))
checkerror("bad argument #1 to 'select' (number has no integer representation)", select, 1.5, "a")

-- rawequal, rawlen, rawget, rawset
local eqmt = {__eq = function() return true end}
local a, b = setmetatable({}, eqmt), setmetatable({}, eqmt)
print(a == b, rawequal(a, b), rawequal(a, a), rawequal(1, 1.0), rawequal("a", "a"), rawequal(nil, nil))
checkerror("bad argument #2 to 'rawequal' (value expected)", rawequal, 1)
local lenobj = setmetatable({1, 2, 3}, {__len = function() return 99 end})
print(#lenobj, rawlen(lenobj), rawlen("hello"), rawlen({}))
checkerror("table or string expected", rawlen, 5)
local proxy = setmetatable({}, {__index = function() return "meta" end, __newindex = function() error("blocked") end})
print(proxy.x, rawget(proxy, "x"))
print(rawset(proxy, "x", "raw") == proxy, proxy.x, rawget(proxy, "x"))
checkerror("bad argument #1 to 'rawget' (table expected, got string)", rawget, "s", 1)
checkerror("bad argument #1 to 'rawset' (table expected, got nil)", rawset, nil, 1, 2)
checkerror("table index is NaN", rawset, {}, 0 / 0, 1)
checkerror("table index is nil", rawset, {}, nil, 1)
print(rawget({5}, 1.0), rawget({}, nil))

-- tostring/print use __tostring and __name
local obj = setmetatable({}, {__tostring = function() return "OBJ" end})
print(obj, tostring(obj))
print(1, nil, true, "s", 2.5)
print()
print(("%s|%s"):format(nil, false))

-- _G and _VERSION
print(_G._G == _G, _G.print == print, _VERSION, type(_ENV), _ENV == _G)
-- global assignment goes through _ENV
_ENV.some_global = 1
print(some_global, rawget(_G, "some_global"))
some_global = nil
print(rawget(_G, "some_global"))

-- collectgarbage("count") is available in every profile
print(math.type(collectgarbage("count")), collectgarbage("count") > 0)

-- getmetatable/setmetatable basics (strings' metatable is covered in full_*.lua)
print(getmetatable({}), getmetatable(setmetatable({}, {__metatable = 1})))

-- string.format("%s") and tostring agree
for _, val in ipairs({1, 1.5, -0.0, "x", true, 2^63, math.mininteger}) do
  assert(string.format("%s", val) == tostring(val))
end

-- values as table keys: nan is rejected, -0.0 and 0 are the same key
local keys = {}
keys[0] = "zero"; keys[-0.0] = "negzero"
print(keys[0], keys[0.0])
checkerror("table index is NaN", function() keys[0 / 0] = 1 end)

print("OK")
