-- The tight loops of `ilsa-bench`, for the plain `lua5.4` interpreter, so both run the same
-- chunks. ilsa-bench spawns this script and reads its output; it can also be run by hand:
--
--   lua5.4 scripts/bench_loop.lua [fibN [tableN [repeats [callN]]]]
--
-- Prints one `key<TAB>median` line per case: the loop cases in ns per iteration, the tight loops
-- in ms. Time is os.clock() (process CPU time; the only fine clock plain Lua has).
-- Keep the chunk texts identical to Sources/ilsa-bench/Calls.swift and Loops.swift.

local fibN = math.tointeger(tonumber(arg[1])) or 27
local tableN = math.tointeger(tonumber(arg[2])) or 1000000
local repeats = math.tointeger(tonumber(arg[3])) or 5
local callN = math.tointeger(tonumber(arg[4])) or 10000000

local FIB = "local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end\nreturn fib(...)"
local TABLE = "local n = ...\nlocal t = {}\nfor i = 1, n do t[i] = i end\nlocal s = 0\nfor i = 1, n do s = s + t[i] end\nreturn s"
local LOOP = "local f, N, s = ...\nfor i = 1, N do end"
local CALL = "local f, N, s = ...\nfor i = 1, N do f() end"

local function compile(source, name) return assert(load(source, "=" .. name, "t")) end

-- key, chunk, arguments, divisor for the reported unit (ms: 1e-3 s; ns per iteration: N * 1e-9 s)
local cases = {
  { "loop", compile(LOOP, "loop"), { nil, callN, "alpha" }, callN * 1e-9 },
  { "a", compile(CALL, "call"), { function() end, callN, "alpha" }, callN * 1e-9 },
  { "fib", compile(FIB, "fib"), { fibN }, 1e-3 },
  { "table", compile(TABLE, "table"), { tableN }, 1e-3 },
}

local samples = {}
for _, c in ipairs(cases) do samples[c[1]] = {} end
for _ = 1, repeats do -- round-robin, a full GC before each case, as ilsa-bench does
  for _, c in ipairs(cases) do
    collectgarbage("collect")
    local start = os.clock()
    c[2](table.unpack(c[3], 1, 3))
    local t = samples[c[1]]
    t[#t + 1] = (os.clock() - start) / c[4]
  end
end

for _, c in ipairs(cases) do
  local t = samples[c[1]]
  table.sort(t)
  local mid = #t // 2
  local median = #t % 2 == 1 and t[mid + 1] or (t[mid] + t[mid + 1]) / 2
  io.write(string.format("%s\t%.4f\n", c[1], median))
end
