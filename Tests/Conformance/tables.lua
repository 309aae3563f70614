-- Conformance: tables and the table library (Lua 5.4 semantics).
print("testing tables")

local function checkerror(msg, f, ...)
  local ok, err = pcall(f, ...)
  assert(not ok, "expected an error")
  assert(string.find(err, msg, 1, true), "unexpected message: " .. tostring(err))
  print("error:", (string.gsub(err, "^[^:]+:%d+: ", "")))
end

local function dump(t, n)
  local out = {}
  for i = 1, n or #t do out[#out + 1] = tostring(t[i]) end
  return "{" .. table.concat(out, ",") .. "}"
end

local function sortedkeys(t)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys, function(a, b)
    if type(a) == type(b) and (type(a) == "number" or type(a) == "string") then return a < b end
    return type(a) < type(b)
  end)
  return keys
end

-- constructors
local t = {1, 2, 3, n = "x", [10] = 10, "four"; [1.0 + 1] = "ignored?", 5}
print(dump(t, 5), t.n, t[10], #{1, 2, nil, 4} >= 2)
local function three() return 1, 2, 3 end
print(dump({three()}), dump({three(), three()}), dump({(three())}), dump({three(), 10}))
print(table.concat(sortedkeys({a = 1, b = 2, [1] = "x", [2.5] = "y", c = 3}), " "))

-- length of sequences, border behaviour
assert(#{} == 0 and #{1, 2, 3} == 3 and #{n = 1} == 0 and #{nil} == 0)
local seq = {}
for i = 1, 100 do seq[i] = i end
assert(#seq == 100)
seq[#seq] = nil
assert(#seq == 99)
local holes = {1, 2, nil, 4}
local b = #holes
assert(b == 4 or b == 2)       -- any border is valid
assert(holes[b] ~= nil and holes[b + 1] == nil)
assert(#"abc" == 3)

-- table.insert and table.remove
local l = {}
table.insert(l, "a"); table.insert(l, "b"); table.insert(l, 1, "z"); table.insert(l, #l + 1, "end")
print(dump(l))
print(table.remove(l), table.remove(l, 1), dump(l), table.remove({}), table.remove({}, 0))
print(table.remove(l, #l + 1), dump(l))
local r = {1, 2, 3}
print(table.remove(r, 2), dump(r), #r)
checkerror("bad argument #2 to 'insert' (position out of bounds)", function() table.insert({1, 2}, 5, "x") end)
checkerror("bad argument #2 to 'insert' (position out of bounds)", function() table.insert({1, 2}, 0, "x") end)
checkerror("wrong number of arguments to 'insert'", function() table.insert({}, 1, 2, 3) end)
checkerror("bad argument #1 to 'remove' (position out of bounds)", function() table.remove({1, 2}, 5) end)
checkerror("bad argument #1 to 'insert' (table expected, got nil)", function() table.insert(nil, 1) end)
local z = {[0] = "zero"}
print(table.remove(z, 0), z[0], #z)

-- table.concat
print(table.concat({1, 2, 3}), table.concat({1, 2, 3}, ", "), table.concat({"a", "b", "c"}, "-", 2),
      table.concat({"a", "b", "c"}, "-", 2, 3), table.concat({}, "x"), table.concat({"a"}, "x", 3, 2))
print(table.concat({1.5, 2, "s"}, " "))
checkerror("invalid value (table) at index 2 in table for 'concat'", function() return table.concat({1, {}, 3}) end)
checkerror("invalid value (nil) at index 1 in table for 'concat'", function() return table.concat({}, "", 1, 1) end)

-- table.unpack and table.pack
print(table.unpack({1, 2, 3}))
print(table.unpack({1, 2, 3}, 2), table.unpack({1, 2, 3}, 2, 3))
print(select("#", table.unpack({}, 1, 3)), select("#", table.unpack({1, 2}, 3)), table.unpack({"a", "b"}, -1, 1))
local p = table.pack(1, nil, 3, nil)
print(p.n, p[1], p[2], p[3], p[4], #table.pack())
checkerror("too many results to unpack", function() return table.unpack({}, 1, 1e8) end)
checkerror("too many results to unpack", function() return table.unpack({}, math.mininteger, math.maxinteger) end)

-- table.move
print(dump(table.move({1, 2, 3, 4, 5}, 2, 4, 1)))
print(dump(table.move({1, 2, 3, 4, 5}, 1, 3, 3)))
print(dump(table.move({1, 2, 3}, 1, 3, 1, {})), dump(table.move({1, 2, 3}, 1, 0, 5)))
local dest = {"x", "y"}
assert(table.move({7, 8}, 1, 2, 3, dest) == dest)
print(dump(dest))
checkerror("too many elements to move", function() table.move({}, 0, math.maxinteger, 1) end)
checkerror("destination wrap around", function() table.move({1, 2}, 1, 2, math.maxinteger) end)

-- table.sort
local nums = {5, 2, 8, 1, 9, 3, 7, 4, 6, 0}
table.sort(nums); print(dump(nums))
table.sort(nums, function(a, b) return a > b end); print(dump(nums))
local words = {"banana", "Apple", "cherry", "apple", "Banana"}
table.sort(words); print(table.concat(words, " "))
table.sort(words, function(a, b) return a:lower() < b:lower() or (a:lower() == b:lower() and a < b) end)
print(table.concat(words, " "))
local recs = {{n = "b", v = 2}, {n = "a", v = 2}, {n = "c", v = 1}}
table.sort(recs, function(x, y) if x.v ~= y.v then return x.v < y.v end return x.n < y.n end)
print(recs[1].n, recs[2].n, recs[3].n)
local mixedn = {3, 1.5, -2, 2^53, math.mininteger, 0}
table.sort(mixedn); print(dump(mixedn))
checkerror("attempt to compare string with number", function() table.sort({1, "x"}) end)
checkerror("invalid order function for sorting", function()
  local big = {}
  for i = 1, 100 do big[i] = i % 7 end
  table.sort(big, function(a, b) return true end)
end)
checkerror("attempt to compare two table values", function() table.sort({{}, {}}) end)
local empty = {}; table.sort(empty); assert(#empty == 0)
local big = {}
for i = 1, 1000 do big[i] = (i * 7919) % 1009 end
table.sort(big)
for i = 2, #big do assert(big[i - 1] <= big[i]) end
print("sorted", big[1], big[500], big[1000])

-- next, pairs with deletion during traversal
local d = {}
for i = 1, 10 do d[i] = i; d["k" .. i] = i end
for k in pairs(d) do d[k] = nil end
assert(next(d) == nil)

-- integer and float keys, nested tables
local nest = {a = {b = {c = "deep"}}}
print(nest.a.b.c, nest["a"]["b"]["c"], rawlen({1, 2}), rawlen("abcd"))
local k = {}
local m = {[k] = "table key", [true] = "bool", [print] = "fn"}
print(m[k], m[true], m[print], m[false])

print("OK")
