-- Conformance (full profile): the os library (Lua 5.4 semantics). The output does not depend on the
-- clock, the time zone or the machine.
print("testing os")

-- os.date in UTC with fixed times
print(os.date("!%Y-%m-%d", 0))
print(os.date("!%Y-%m-%d %H:%M:%S", 0))
print(os.date("!%Y-%m-%d %H:%M:%S", 86400 * 365 + 3661))
print(os.date("!%A %B %d %j %p %y %%", 1000000000))
print(os.date("!%c", 0))
print(os.date("!%x %X", 1234567890))
local t = os.date("!*t", 1700000000)
local keys = {}
for k, v in pairs(t) do keys[#keys + 1] = k .. "=" .. tostring(v) end
table.sort(keys)
print(table.concat(keys, " "))
print(pcall(os.date, "!%Ez", 0))
print(pcall(os.date, "!%Q", 0))
print(type(os.date()), type(os.date("*t").year))

-- os.time with tables: differences do not depend on the time zone
local base = os.time({year = 2020, month = 1, day = 1, hour = 12})
-- absolute values depend on the time zone, which both interpreters share when compared
print(os.time({year = 2000, month = 1, day = 1, hour = 0}), os.time({year = 2000, month = 1, day = 1, hour = 0, isdst = false}))
print(math.type(base))
print(os.time({year = 2020, month = 1, day = 2, hour = 12}) - base)
print(os.time({year = 2020, month = 3, day = 1, hour = 12}) - base)          -- leap year: 60 days
print(os.time({year = 2020, month = 13, day = 1, hour = 12}) == os.time({year = 2021, month = 1, day = 1, hour = 12}))
print(os.time({year = 2020, month = 1, day = 0, hour = 12}) == os.time({year = 2019, month = 12, day = 31, hour = 12}))
print(os.time({year = 2020, month = 1, day = 1, hour = 12, min = 90}) - base)
print(os.difftime(base + 10, base), math.type(os.difftime(base, base)))
local back = os.date("*t", base)
print(back.year, back.month, back.day, back.hour, back.min, back.sec, back.yday, back.wday)
print(pcall(os.time, {year = 2020}))
print(pcall(os.time, {year = 2020, month = "x", day = 1}))
print(pcall(os.time, {year = 2020, month = 1.5, day = 1}))
print(type(os.time()), math.type(os.time()))

-- clock, getenv, tmpname, remove, rename
print(math.type(os.clock()), os.clock() >= 0)
print(os.getenv("ILSA_CONFORMANCE_SURELY_UNSET_VARIABLE"))
print(type(os.getenv("PATH")))
local name = os.tmpname()
print(type(name))
local f = assert(io.open(name, "w"))
f:write("x")
f:close()
local renamed = name .. ".renamed"
print(os.rename(name, renamed))
print(select("#", os.remove(name)), (select(3, os.remove(name))))
print(os.remove(renamed))
local ok, msg, code = os.remove(renamed)
print(ok, msg == renamed .. ": No such file or directory", code)
print(os.rename(renamed, renamed .. "2") == nil)

-- os.execute without a command tells whether a shell exists
print(type(os.execute()))

-- setlocale
print(os.setlocale(), os.setlocale("C"), os.setlocale(nil, "numeric"))
print(os.setlocale("no-such-locale-xyz"))
print(pcall(os.setlocale, "C", "nonsense"))

print("OK")
