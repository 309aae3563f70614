-- Conformance: numeric and generic for loops, while, repeat, break (Lua 5.4 semantics).
print("testing loops")

local function checkerror(msg, f, ...)
  local ok, err = pcall(f, ...)
  assert(not ok, "expected an error")
  assert(string.find(err, msg, 1, true), "unexpected message: " .. tostring(err))
  print("error:", (string.gsub(err, "^[^:]+:%d+: ", "")))
end

local function collect(a, b, c)
  local out = {}
  if c == nil then
    for i = a, b do out[#out + 1] = tostring(i) .. ":" .. math.type(i) end
  else
    for i = a, b, c do out[#out + 1] = tostring(i) .. ":" .. math.type(i) end
  end
  return table.concat(out, " ")
end

-- integer loops
print(collect(1, 3))
print(collect(3, 1))
print(collect(3, 1, -1))
print(collect(1, 10, 4))
print(collect(-2, 2, 2))
print(collect(5, 5))
print("[" .. collect(1, 0) .. "]")

-- float loops: any float among start/step makes the variable a float
print(collect(1.0, 3))
print(collect(1, 2, 0.5))
print(collect(0, 1, 0.25))
print(collect(1, 3.5))
print(collect(3, 1.5, -1))
print(collect(0.1, 0.35, 0.1))

-- the limit is converted: float limit with integer start/step stays integer
print(collect(1, 2.9), collect(-1, -2.5, -1))
print("[" .. collect(1, -math.huge) .. "]", collect(math.maxinteger - 2, math.huge))
print(collect(math.mininteger, -math.huge, -1) == "", collect(math.mininteger + 1, -math.huge, -1))

-- no overflow at the extremes: loops stop exactly
print(collect(math.maxinteger - 2, math.maxinteger))
print(collect(math.mininteger, math.mininteger + 2))
print(collect(math.mininteger + 2, math.mininteger, -1))
print(collect(math.maxinteger - 1, math.maxinteger, 10))
print(collect(math.mininteger, math.maxinteger, math.maxinteger))
print(collect(math.maxinteger, math.mininteger, math.mininteger))
local iterations = 0
for _ = math.maxinteger - 5, math.maxinteger, 2 do iterations = iterations + 1 end
print("iterations", iterations)

-- step zero is an error; non-numbers are errors
checkerror("'for' step is zero", function() for _ = 1, 10, 0 do end end)
checkerror("'for' step is zero", function() for _ = 1.0, 10, 0.0 do end end)
checkerror("bad 'for' initial value (number expected, got table)", function() for _ = {}, 2 do end end)
print(collect("1", "3"), collect(1, "2", "0.5"))  -- numeric strings are converted
checkerror("bad 'for' limit (number expected, got table)", function() for _ = 1, {} do end end)
checkerror("bad 'for' step (number expected, got nil)", function() for _ = 1, 2, nil do end end)

-- modifying the control variable does not affect iteration
local seen = {}
for i = 1, 3 do
  seen[#seen + 1] = i
  i = i * 10  -- assigns the local copy only
  seen[#seen + 1] = i
end
print(table.concat(seen, " "))

-- the loop expressions are evaluated once
local evals = 0
local function limit() evals = evals + 1; return 3 end
for _ = 1, limit() do end
print("limit evaluated", evals)

-- while, repeat, break
local n, out = 0, {}
while true do
  n = n + 1
  if n > 5 then break end
  if n % 2 == 1 then out[#out + 1] = n end
end
print(table.concat(out, ","))
local r = 0
repeat local done = r >= 3; r = r + 1 until done   -- the until expression sees body locals
print("repeat", r)
for i = 1, 3 do
  for j = 1, 3 do
    if j == 2 then break end
    out[#out + 1] = i * 10 + j
  end
end
print(table.concat(out, ","))

-- generic for: stateless iterators, closures, extra values, closing value
local function range(n)
  return function(limit, cur) if cur < limit then return cur + 1 end end, n, 0
end
local s = {}
for v in range(4) do s[#s + 1] = v end
print(table.concat(s, " "))
local function chars(str)
  local i = 0
  return function() i = i + 1; if i <= #str then return i, str:sub(i, i) end end
end
s = {}
for i, c in chars("lua") do s[#s + 1] = i .. c end
print(table.concat(s, " "))
s = {}
for i, v in ipairs({"a", "b", nil, "d"}) do s[#s + 1] = i .. v end
print(table.concat(s, " "))
local keys = {}
for k, v in pairs({10, 20, 30, x = 1, y = 2}) do keys[#keys + 1] = tostring(k) .. "=" .. v end
table.sort(keys)
print(table.concat(keys, " "))
checkerror("attempt to call a nil value", function() for _ in nil do end end)
checkerror("attempt to call a table value", function() for _ in {} do end end)
checkerror("bad argument #1 to 'for iterator' (table expected, got nil)", function()
  for _ in next, nil do end
end)

-- integer loop with large counts finishes and keeps types
local sum = 0
for i = 1, 100000 do sum = sum + i end
print(sum, math.type(sum))
local fsum = 0
for i = 1, 10, 0.5 do fsum = fsum + i end
print(fsum, math.type(fsum))

print("OK")
