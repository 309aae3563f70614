-- Conformance: load with text chunks, reader functions and environments (Lua 5.4 semantics).
print("testing load")

local function checkerror(msg, f, ...)
  local ok, err = pcall(f, ...)
  assert(not ok, "expected an error")
  assert(string.find(err, msg, 1, true), "unexpected message: " .. tostring(err))
  print("error:", (string.gsub(err, "^[^:]+:%d+: ", "")))
end

-- text chunks
local f = load("return 1 + 1")
print(type(f), f())
print(load("return ...", "varargs")(1, 2, 3))
print(load("local a, b = ...; return b, a")("x", "y"))
print(type(load("")), (load("")()))
print(load("syntax error here"))
print(type(load("return 1", "=custom name")))
print(select(2, load("x = = 1", "=custom")))
print(select(2, load("x = = 1", "@some/file.lua")))
print(select(2, load("x = = 1")))
print(select(2, load("\n\nlocal 1")))
print(select(2, load("return 'unfinished")))
print(select(2, load("return [[unfinished")))
print(select(2, load("x = 1 +")))
print(select(2, load("for i = 1 do end")))
print(select(2, load("return \"\\q\"")))
print(select(2, load("return 0x")))
print(select(2, load("return 1..2")))
print(select(2, load("f(")))
print(select(2, load("break")))
print(select(2, load("local t = {} t.x.y = ")))
print(select(2, load("return \"\\300\"")))
print(select(2, load("return '\\u{110000000}'")))

-- reader functions
local pieces = {"return ", "'from ", "pieces'"}
local i = 0
f = load(function() i = i + 1; return pieces[i] end)
print(f())
local calls = 0
f = load(function() calls = calls + 1; if calls == 1 then return "return 42" end return "" end)
print(f(), calls)  -- an empty string ends the chunk
local chars = "return 'one char at a time'"
local pos = 0
print(load(function() pos = pos + 1; return pos <= #chars and chars:sub(pos, pos) or nil end)())
-- reader errors (inside pcall, so no message handler of the host is involved)
print(pcall(load, function() error("reader failed") end))
print(pcall(load, function() return {} end))
print(type(load(function() return nil end)))

-- environments
local env = {x = 5}
f = load("x = x * 2; y = 'new'; return x", "envchunk", "t", env)
print(f(), env.x, env.y, rawget(_G, "y"))
f = load("return print", "noenv", "t", {})
print(f())
f = load("return _ENV", "envref", "t", env)
print(f() == env)
f = load("local _ENV = {z = 9}; return z")
print(f())
local function withenv()
  local _ENV = {tostring = tostring}
  newglobal = 1
  return tostring(newglobal), _ENV.newglobal
end
print(withenv(), rawget(_G, "newglobal"))
f = load("return a", "nilenv", "t", nil)
print(pcall(f))
-- the first upvalue of a loaded chunk is _ENV
f = load("g_from_chunk = 'set'; return g_from_chunk")
print(f(), g_from_chunk)
g_from_chunk = nil

-- mode "t" refuses binary chunks; text is accepted in "bt" and "t"
print(load("return 'text'", "m", "t")(), load("return 'text'", "m", "bt")())
local textAsBinary, modeError = load("return 1", "m", "b")
print(type(textAsBinary), modeError)
print(load("\27Lua", "bin", "t"))

-- chunks are vararg functions and return values
print(load("return select('#', ...)")(nil, nil))
local chunk = load("local n = ... or 0; return n + 1, 'second'")
print(chunk(41))

-- errors in loaded code carry the chunk name
print(pcall(load("error('inside')", "=(load)")))
print(pcall(load("local t = nil; return t.x", "@chunk.lua")))

-- argument errors
checkerror("bad argument #1 to ", function() return load(nil) end)
checkerror("bad argument #1 to ", function() return load(42 == 42) end)

-- large generated chunk
local lines = {"local s = 0"}
for k = 1, 200 do lines[#lines + 1] = "s = s + " .. k end
lines[#lines + 1] = "return s"
print(load(table.concat(lines, "\n"))())

-- too many local variables / upvalues
local locals = {}
for k = 1, 201 do locals[#locals + 1] = "local v" .. k .. " = " .. k end
print(select(2, load(table.concat(locals, "\n"))))

print("OK")
