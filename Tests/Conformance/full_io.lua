-- Conformance (full profile): the io library (Lua 5.4 semantics). Files live in os.tmpname()s.
print("testing io")

-- io.write and print share standard output, in order
io.write("one ", 2, " ", 3.5, "\n")
print("two")
io.write("three\n")
io.stdout:write("four", "\n")
print(io.write("") == io.stdout, io.stdout:write("") == io.stdout)
print(io.type(io.stdout), io.type(io.stderr), io.type(42), io.type(io.stdin))

-- writing, reading back with every format
local name = os.tmpname()
local f = assert(io.open(name, "w"))
print(io.type(f), f:write("line1\n", "line2\n", 42, " ", 3.25, " 0x10 -7 1e2\n", "last line no newline") == f)
print(f:close(), io.type(f))
print(pcall(f.write, f, "x"))
print(tostring(f))

f = assert(io.open(name, "r"))
print(f:read())
print(f:read("L"))
print(f:read("n", "n", "n", "n", "n"))
print(f:read("l"))
print(f:read("a"))
print(f:read("a"), f:read("l"), f:read(0), f:read("n"))
print(f:seek("set", 2), f:read(3), f:seek("cur"), f:seek("end"), f:seek("set"))
print(f:read(0), f:read(5))
f:close()

-- lines iterators
local all = {}
for l in io.lines(name) do all[#all + 1] = l end
print(#all, all[1], all[#all])
all = {}
for l in io.lines(name, "L") do all[#all + 1] = #l end
print(table.concat(all, ","))
all = {}
for a, b in io.lines(name, 2, 3) do all[#all + 1] = a .. "|" .. b; if #all == 3 then break end end
print(table.concat(all, " "))
f = assert(io.open(name))
local n = 0
for l in f:lines() do n = n + 1 end
print(n, io.type(f))
f:close()
local okl, errl = pcall(io.lines, name .. ".missing")
print(okl, errl == "cannot open file '" .. name .. ".missing' (No such file or directory)")

-- append and read/write modes
f = assert(io.open(name, "a"))
f:write("\nappended")
f:close()
f = assert(io.open(name, "r+"))
f:write("LINE1")
f:seek("set")
print(f:read("l"))
print(f:seek("end") > 0)
f:close()
f = assert(io.open(name, "rb"))
local content = f:read("a")
f:close()
print(#content, content:sub(-8))
print(pcall(io.open, name, "rw"))
print(pcall(io.open, name, "z"))

-- errors are returned, not raised
local missing = name .. ".does-not-exist"
local ok, msg, code = io.open(missing)
print(ok, msg == missing .. ": No such file or directory", code)
okl, errl = pcall(io.lines, missing)
print(okl, errl == "cannot open file '" .. missing .. "' (No such file or directory)")

-- io.input / io.output redirection
local outname = os.tmpname()
local old = io.output()
io.output(outname)
io.write("redirected ", 1, "\n")
io.output():close()
io.output(old)
io.input(outname)
print(io.read("l"))
print(io.read("l"))
io.input():close()
io.input(io.stdin)
print(pcall(io.close))   -- closing the default output (standard output) is refused

-- tmpfile, setvbuf, flush
local tf = io.tmpfile()
print(io.type(tf), tf:setvbuf("full", 1024), tf:setvbuf("no"), tf:flush() == tf)
tf:write("temporary")
tf:seek("set")
print(tf:read("a"))
tf:close()

-- reading numbers
local numname = os.tmpname()
f = assert(io.open(numname, "w"))
f:write("0x1p4 .5 1e 12abc -0 9223372036854775807 9223372036854775808")
f:close()
f = assert(io.open(numname))
local nums = {}
for _ = 1, 8 do
  local v = f:read("n")
  nums[#nums + 1] = tostring(v) .. ":" .. tostring(math.type(v))
  if v == nil then f:read(1) end
end
print(table.concat(nums, " "))
f:close()

print(os.remove(name), os.remove(outname), os.remove(numname))
io.write("end\n")
print("OK")
