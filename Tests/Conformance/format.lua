-- Conformance: string.format and its specifiers (Lua 5.4 semantics).
print("testing string.format")

local function checkerror(msg, f, ...)
  local ok, err = pcall(f, ...)
  assert(not ok, "expected an error")
  assert(string.find(err, msg, 1, true), "unexpected message: " .. tostring(err))
  print("error:", (string.gsub(err, "^[^:]+:%d+: ", "")))
end

local function f(fmt, ...)
  local r = string.format(fmt, ...)
  print(string.format("%-12s => [%s]", fmt, r))
  return r
end

-- integers
assert(f("%d", 42) == "42")
f("%5d", 42); f("%-5d|", 42); f("%05d", 42); f("%+d", 42); f("% d", 42); f("%d", -0)
f("%d", math.maxinteger); f("%d", math.mininteger); f("%d", 3.0); f("%i", -7)
f("%x", 255); f("%X", 255); f("%#x", 255); f("%08X", 48879); f("%x", -1); f("%o", 8); f("%#o", 8)
f("%c%c%c", 76, 117, 97); f("%5c|", 65); f("%-5c|", 65)
f("%u", 42)
checkerror("bad argument #2 to 'string.format' (number has no integer representation)", string.format, "%d", 3.5)
checkerror("bad argument #2 to 'string.format' (number expected, got string)", string.format, "%d", "x")
assert(string.format("%d", "10") == "10")   -- strings convert

-- floats
f("%f", 3.14159); f("%.2f", 3.14159); f("%10.3f|", -3.14159); f("%-10.1f|", 2.25); f("%+.0f", 2.5)
f("%e", 12345.678); f("%.3E", 0.000123456); f("%g", 100000); f("%g", 1000000); f("%g", 1e-5)
f("%G", 1e-10); f("%.3g", 3.14159); f("%#.3g", 1.0); f("%g", 0.1); f("%.0f", 0.5); f("%.0f", 1.5)
f("%5.1f|%-6.2f|", 1.25, 2.5); f("%f", 1); f("%.14g", 2^53); f("%.99f", 1 / 3):sub(1, 20)
f("%f", math.huge); f("%f", -math.huge); f("%.1f", 1e15); f("%g", -0.0)
checkerror("bad argument #2 to 'string.format' (no value)", string.format, "%f")

-- strings
f("%s", "hi"); f("%10s|", "hi"); f("%-10s|", "hi"); f("%.3s", "abcdef"); f("%5.2s|", "abc")
f("%s", 12); f("%s", 1.5); f("%s", true); f("%s", nil); f("%s %s", 1, 2); f("%%"); f("a%%b%%")
f("%s", setmetatable({}, {__tostring = function() return "custom" end}))
local named = tostring(setmetatable({}, {__name = "MyType"}))
assert(named:match("^MyType: "))
assert(string.format("%s", "a\0b") == "a\0b")
checkerror("bad argument #2 to 'string.format' (no value)", string.format, "%s")
checkerror("invalid conversion '%y' to 'format'", string.format, "%y", 1)
checkerror("invalid conversion", string.format, "%10.100f", 1)
checkerror("invalid conversion", string.format, "%123d", 1)
checkerror("'__tostring' must return a string", string.format, "%s",
           setmetatable({}, {__tostring = function() return {} end}))

-- %q round trips
local samples = {
  "plain", "with \"quotes\"", "new\nline", "nul\0byte", "\r\t\v\f\a\b", "\200\201\255",
  "back\\slash", "1\0002", "\0009", string.rep("x", 50), "",
}
for _, v in ipairs(samples) do
  local code = string.format("%q", v)
  local back = load("return " .. code)()
  assert(back == v)
  print("q:", code)
end
local numbers = {0, 1, -1, math.maxinteger, math.mininteger, 1.5, -0.0, 0.1, 1e300, 2^63, 1/3,
                 math.huge, -math.huge}
for _, v in ipairs(numbers) do
  local code = string.format("%q", v)
  local back = load("return " .. code)()
  assert(back == v and math.type(back) == math.type(v))
  -- floats come out in hexadecimal (C's %a); print only the integers and infinities
  if math.type(v) == "integer" or v == math.huge or v == -math.huge then print("q:", code) end
end
f("%q", true); f("%q", false); f("%q", nil)
assert(load("return " .. string.format("%q", 0/0))() ~= load("return " .. string.format("%q", 0/0))())
checkerror("value has no literal form", string.format, "%q", {})
checkerror("value has no literal form", string.format, "%q", print)
checkerror("specifier '%q' cannot have modifiers", string.format, "%10q", "x")

-- many arguments, extra arguments ignored
f("%s-%s-%s-%s-%s-%s-%s-%s", 1, 2, 3, 4, 5, 6, 7, 8)
assert(string.format("%d", 1, 2, 3) == "1")
assert(string.format("no specifiers", 1) == "no specifiers")
assert(#string.format("%099d", 7) == 99)

print("OK")
