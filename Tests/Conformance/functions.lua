-- Conformance: functions, closures, upvalues, varargs, select and goto (Lua 5.4 semantics).
print("testing functions and closures")

local function checkerror(msg, f, ...)
  local ok, err = pcall(f, ...)
  assert(not ok, "expected an error")
  assert(string.find(err, msg, 1, true), "unexpected message: " .. tostring(err))
  print("error:", (string.gsub(err, "^[^:]+:%d+: ", "")))
end

-- closures capture variables, not values
local function counter()
  local n = 0
  return function() n = n + 1; return n end, function() return n end
end
local inc, get = counter()
inc(); inc()
local inc2 = counter()
inc2()
print(get(), inc(), inc2())

-- each loop iteration has a fresh local
local fs = {}
for i = 1, 3 do fs[i] = function() return i end end
print(fs[1](), fs[2](), fs[3]())
local ws = {}
local j = 0
while j < 3 do j = j + 1; local k = j; ws[j] = function() k = k * 10; return k end end
print(ws[1](), ws[1](), ws[2](), ws[3]())

-- shared upvalues between sibling closures
local function pair()
  local v = "init"
  return function(x) v = x end, function() return v end
end
local set, read = pair()
set("changed")
print(read())

-- deep nesting of upvalues
local function outer()
  local a = 1
  return function()
    local b = 2
    return function()
      local c = 3
      return function() a = a + 1; return a + b + c end
    end
  end
end
local innermost = outer()()()
print(innermost(), innermost())

-- recursion, local function and mutual recursion
local function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end
local isodd
local function iseven(n) if n == 0 then return true end return isodd(n - 1) end
function isodd(n) if n == 0 then return false end return iseven(n - 1) end
print(fact(20), fact(21), iseven(10), isodd(7))

-- proper tail calls do not grow the stack
local function loop(n) if n == 0 then return "done" end return loop(n - 1) end
print(loop(1000000))
local depth = 0
local function nontail(n) depth = depth + 1; if n == 0 then return 0 end return 1 + nontail(n - 1) end
print(nontail(150))
checkerror("stack overflow", function() local function inf(n) return 1 + inf(n) end return inf(1) end)

-- methods and the colon syntax
local obj = {name = "o"}
function obj:hello(greeting) return (greeting or "hi") .. " " .. self.name end
function obj.static(x) return x end
print(obj:hello(), obj.hello(obj, "hey"), obj.static(5))
local a = {b = {c = {}}}
function a.b.c.f() return "nested def" end
function a.b.c:m() return self == a.b.c end
print(a.b.c.f(), a.b.c:m())

-- varargs
local function va(...)
  local n = select("#", ...)
  local packed = {...}
  return n, #packed, ...
end
print(va())
print(va(nil))
print(va(1, nil, 3))
print(va(nil, nil))
print((va(1, 2, 3)))
local function tail(...) return select(2, ...) end
print(tail(1, 2, 3), tail(1))
print(select(-1, "a", "b", "c"), select(-3, "a", "b", "c"))
print(select(2, "a", "b", "c"))
print(select("#"), select("#", nil, nil, nil))
checkerror("bad argument #1 to 'select' (index out of range)", function() return select(0, 1) end)
checkerror("bad argument #1 to 'select' (index out of range)", function() return select(-2, 1) end)
checkerror("bad argument #1 to 'select' (number expected, got string)", function() return select("x") end)
print(select(5, 1, 2))
local function count(...) return select("#", ...) end
print(count(table.unpack({1, 2, nil, n = 3}, 1, 3)), count((table.unpack({1, 2, 3}))))
local function forward(...) return ... end
print(forward(1, nil, nil))
print(select("#", forward(1, nil, nil)))
local function varg_in_table(...) local t = {..., "last"} return #t, t[1] end
print(varg_in_table("x", "y"))
local function varg_middle(...) local t = {"first", ..., "last"} return #t end
print(varg_middle(1, 2, 3))

-- multiple assignment evaluates all expressions before assigning
local x, y = 1, 2
x, y = y, x
print(x, y)
local t = {1, 2}
local i = 1
i, t[i] = i + 1, 20
print(i, t[1], t[2])
local p, q, r = (function() return 1, 2, 3 end)()
local u, v = 1
print(p, q, r, u, v)

-- goto and labels
do
  local out = {}
  local n = 0
  ::top::
  n = n + 1
  if n % 2 == 0 then goto continue end
  out[#out + 1] = n
  ::continue::
  if n < 9 then goto top end
  print("odd", table.concat(out, " "))
end
for outer_i = 1, 3 do
  for inner = 1, 3 do
    if inner == 2 then goto next_outer end
  end
  ::next_outer::
end
do
  local cls = {}
  for k = 1, 3 do
    local captured = k
    cls[k] = function() return captured end
    goto skip
    ::skip::
  end
  print(cls[1](), cls[3]())
end
print(load("goto nowhere") == nil, select(2, load("goto nowhere")))
print(select(2, load("do ::a:: end ::a:: ::a::")))
print(select(2, load("local x goto f; local y; ::f:: print(y)")))

-- functions are values; equality is identity
local f1 = function() end
local f2 = function() end
print(f1 == f1, f1 == f2, type(f1), type(print))

-- string calls and table calls
local function id(s) return s end
print(id"literal", id[[long]], type(id{}))

-- too many arguments/results are discarded or filled with nil
local function three() return 1, 2, 3 end
local one = three()
local aa, bb, cc, dd = three()
print(one, aa, bb, cc, dd)
print((three()))
print(three(), three())
print(#{three(), three()})

print("OK")
