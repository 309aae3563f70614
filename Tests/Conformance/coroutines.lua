-- Conformance: coroutines (Lua 5.4 semantics).
print("testing coroutines")

local function checkerror(msg, f, ...)
  local ok, err = pcall(f, ...)
  assert(not ok, "expected an error")
  assert(string.find(err, msg, 1, true), "unexpected message: " .. tostring(err))
  print("error:", (string.gsub(err, "^[^:]+:%d+: ", "")))
end

local function show(...)
  local t = table.pack(...)
  for i = 1, t.n do t[i] = tostring(t[i]) end
  print(table.concat(t, " "))
end

-- create, resume, yield, status, passing values both ways
local co = coroutine.create(function(a, b)
  show("start", a, b)
  local c = coroutine.yield(a + b)
  show("got", c)
  local d, e = coroutine.yield(c * 2)
  show("got", d, e)
  return "done", d + e
end)
show(type(co), coroutine.status(co))
show(coroutine.resume(co, 1, 2))
show(coroutine.status(co))
show(coroutine.resume(co, 10))
show(coroutine.resume(co, 3, 4))
show(coroutine.status(co))
show(coroutine.resume(co))
show(coroutine.resume(co))

-- running, isyieldable, status from inside
local main, ismain = coroutine.running()
show(type(main), ismain, coroutine.isyieldable())
local inner
inner = coroutine.create(function()
  local me, im = coroutine.running()
  show("inside", me == inner, im, coroutine.isyieldable(), coroutine.status(inner), coroutine.status(main))
  local nested = coroutine.create(function() show("outer is", coroutine.status(inner)) end)
  coroutine.resume(nested)
end)
coroutine.resume(inner)
show(coroutine.isyieldable(inner), coroutine.isyieldable(main))

-- errors inside coroutines
local bad = coroutine.create(function() local x = nil; return x.y end)
local ok, err = coroutine.resume(bad)
show(ok, err, coroutine.status(bad))
show(coroutine.resume(bad))
local objerr = coroutine.create(function() error({code = 7}) end)
local ok2, e2 = coroutine.resume(objerr)
show(ok2, type(e2), e2.code)
show(coroutine.resume(coroutine.create(function() error("lvl0", 0) end)))
show(coroutine.resume(coroutine.running()))
print(pcall(coroutine.resume, 1))  -- bad argument #1 to 'coroutine.resume' (thread expected, got number)
checkerror("bad argument #1 to 'create' (function expected, got number)", function() coroutine.create(1) end)
checkerror("attempt to yield from outside a coroutine", coroutine.yield, 1)

-- a coroutine resuming itself
local selfco
selfco = coroutine.create(function() return coroutine.resume(selfco) end)
show(coroutine.resume(selfco))

-- wrap: values, errors with position prefix, dead wrapped coroutine
local gen = coroutine.wrap(function(n)
  for i = 1, n do coroutine.yield(i) end
  return "end"
end)
show(gen(3), gen(), gen(), gen())
checkerror("cannot resume dead coroutine", gen)
local werr = coroutine.wrap(function() error("inside wrap") end)
ok, err = pcall(werr)
show(ok, err)
local werr2 = coroutine.wrap(function() error("no position", 0) end)
show(pcall(werr2))
local werr3 = coroutine.wrap(function() error({}) end)
ok, err = pcall(werr3)
show(ok, type(err))
local werr4 = coroutine.wrap(function() local t = nil; return t[1] end)
show(pcall(werr4))
checkerror("bad argument #1 to 'wrap' (function expected, got nil)", function() coroutine.wrap(nil) end)

-- generators and producer/consumer
local function permgen(a, n)
  n = n or #a
  if n <= 1 then coroutine.yield(a) else
    for i = 1, n do
      a[n], a[i] = a[i], a[n]
      permgen(a, n - 1)
      a[n], a[i] = a[i], a[n]
    end
  end
end
local perms = {}
for p in coroutine.wrap(function() permgen({1, 2, 3}) end) do perms[#perms + 1] = table.concat(p) end
print(table.concat(perms, " "))

-- yield across pcall, xpcall, metamethods and iterators
local acrosspcall = coroutine.create(function()
  local okp, v = pcall(function()
    local got = coroutine.yield("from pcall")
    error("raised " .. got)
  end)
  coroutine.yield(okp, v)
  local okx, vx = xpcall(function() return coroutine.yield("from xpcall") end, print)
  return okx, vx
end)
show(coroutine.resume(acrosspcall))
show(coroutine.resume(acrosspcall, "X"))
show(coroutine.resume(acrosspcall))
show(coroutine.resume(acrosspcall, "xv"))
local mtco = coroutine.wrap(function()
  local t = setmetatable({}, {__index = function(_, k) return coroutine.yield(k) end,
                              __add = function(a, b) return coroutine.yield("add") end})
  local v = t.key
  local s = t + 1
  return v, s
end)
show(mtco(), mtco("value"), mtco("sum"))
local itco = coroutine.wrap(function()
  local out = {}
  for k in function(_, prev) prev = (prev or 0) + 1; if prev <= 2 then coroutine.yield(prev); return prev end end do
    out[#out + 1] = k
  end
  return table.concat(out, ",")
end)
show(itco(), itco(), itco())
-- yield across table.sort's comparator is not allowed (C function without continuation)
local sortco = coroutine.create(function() table.sort({3, 2, 1}, function(a, b) coroutine.yield() return a < b end) end)
show(coroutine.resume(sortco))
local gsubco = coroutine.create(function() return string.gsub("a", "a", function() coroutine.yield() end) end)
show(coroutine.resume(gsubco))

-- close
local closable = coroutine.create(function() coroutine.yield() end)
coroutine.resume(closable)
show(coroutine.status(closable), coroutine.close(closable), coroutine.status(closable))
show(coroutine.close(coroutine.create(print)))
local failed = coroutine.create(function() error("fail") end)
coroutine.resume(failed)
show(coroutine.close(failed))
local closelog = {}
local withtbc = coroutine.create(function()
  local r <close> = setmetatable({}, {__close = function(_, e) closelog[#closelog + 1] = "closed:" .. tostring(e) end})
  coroutine.yield()
end)
coroutine.resume(withtbc)
show(coroutine.close(withtbc), table.concat(closelog))
local errclose = coroutine.create(function()
  local r <close> = setmetatable({}, {__close = function() error("close error", 0) end})
  coroutine.yield()
end)
coroutine.resume(errclose)
show(coroutine.close(errclose))
checkerror("cannot close a running coroutine", coroutine.close, coroutine.running())
local normalco
normalco = coroutine.create(function()
  local child = coroutine.create(function() return coroutine.close(normalco) end)
  return coroutine.resume(child)
end)
show(coroutine.resume(normalco))

-- many coroutines alive at once
local cos = {}
for i = 1, 100 do cos[i] = coroutine.create(function(x) local y = coroutine.yield(x * 2); return x + y end) end
local total = 0
for i = 1, 100 do local _, v = coroutine.resume(cos[i], i); total = total + v end
for i = 1, 100 do local _, v = coroutine.resume(cos[i], 1); total = total + v end
print("total", total)

-- status of a coroutine that resumed another (normal)
local outerco
outerco = coroutine.create(function()
  local c2 = coroutine.create(function() return coroutine.status(outerco) end)
  return coroutine.resume(c2)
end)
show(coroutine.resume(outerco))

-- wrap inside wrap, yields propagate only one level
local outerw = coroutine.wrap(function()
  local innerw = coroutine.wrap(function() coroutine.yield("inner1"); return "inner2" end)
  coroutine.yield(innerw())
  coroutine.yield(innerw())
  return "outer done"
end)
show(outerw(), outerw(), outerw())

print("OK")
