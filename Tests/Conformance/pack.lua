-- Conformance: string.pack, string.unpack and string.packsize (Lua 5.4 semantics).
print("testing pack")

local pack, unpack, packsize = string.pack, string.unpack, string.packsize

local function checkerror(msg, f, ...)
  local ok, err = pcall(f, ...)
  assert(not ok, "expected an error")
  assert(string.find(err, msg, 1, true), "unexpected message: " .. tostring(err))
  print("error:", (string.gsub(err, "^[^:]+:%d+: ", "")))
end

local function hex(s)
  return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end))
end

local function show(fmt, ...)
  local s = pack(fmt, ...)
  local back = table.pack(unpack(fmt, s))
  for i = 1, back.n do back[i] = tostring(back[i]) end
  print(string.format("%-10s %-36s %s", fmt, hex(s), table.concat(back, " ")))
  return s
end

-- sizes (explicit sizes and explicit endianness only, so the output does not depend on the machine)
for _, fmt in ipairs{"b", "B", "h", "H", "i4", "I4", "i8", "j", "J", "T", "d", "n", "f", "s1", "z", "x",
                     "i3", "i16", "!8 i1 i8", "<i1 !4 xXi4", "c10", "i1 i2 i4", "!2 i1 i4"} do
  local ok, size = pcall(packsize, fmt)
  print("packsize", fmt, ok and size or size)
end
checkerror("variable-length format", packsize, "s")
checkerror("variable-length format", packsize, "z")

-- integers, little and big endian
show("<i1", -1); show("<I1", 255); show("<i2", 0x1234); show(">i2", 0x1234); show("<i4", -2)
show(">I4", 0xDEADBEEF); show("<i8", math.mininteger); show(">j", math.maxinteger); show("<I3", 0xABCDEF)
show("<i16", -3); show(">I16", 12345); show("<i7", -(1 << 50)); show("=<i2>i2", 1, 1)
checkerror("integer overflow", pack, "<i1", 128)
checkerror("unsigned overflow", pack, "<I1", 256)
checkerror("integer overflow", pack, "<i2", -32769)
assert(unpack("<i1", "\xff") == -1 and unpack("<I1", "\xff") == 255)
checkerror("does not fit", unpack, "<i16", string.rep("\xff", 8) .. "\x7f" .. string.rep("\0", 7))
checkerror("integral size (17) out of limits [1,16]", pack, "i17", 1)
checkerror("integral size (0) out of limits [1,16]", pack, "i0", 1)

-- floats
show("<d", 1.5); show(">d", -0.0); show("<f", 0.25); show("<n", 1 / 0); show(">f", 3)
local f = unpack("<f", pack("<f", 0.1)); assert(f ~= 0.1 and math.abs(f - 0.1) < 1e-7)

-- strings
show("<s1", "hi"); show(">s2", "hello"); show("<s4", ""); show("z", "zero"); show("c5", "ab"); show("c2", "ab")
checkerror("string longer than given size", pack, "c2", "abc")
checkerror("string length does not fit in given size", pack, "s1", string.rep("x", 256))
checkerror("string contains zeros", pack, "z", "a\0b")
checkerror("unfinished string for format 'z'", unpack, "z", "abc")
checkerror("missing size for format option 'c'", pack, "c", "x")

-- alignment and padding
show("<!4 i1 i4", 1, 2); show("<!8 i1 d", 1, 2.5); show("<i1 x i1", 1, 2); show("<!4 i1 Xi4 i1", 1, 2)
show("!2 <i1 i8", 1, 2); show("< i1 !4 Xi2 i2", 7, 8)
checkerror("invalid next option for option 'X'", pack, "Xz", 1)
checkerror("format asks for alignment not power of 2", pack, "!4 i3", 1)
checkerror("invalid format option 'y'", pack, "y", 1)

-- unpack positions
local s = pack("<i2 i2 i2", 10, 20, 30)
print(unpack("<i2", s, 3), unpack("<i2", s, -2), unpack("<i2 i2", s))
checkerror("initial position out of string", unpack, "<i2", s, 10)
checkerror("data string too short", unpack, "<i4", "\1\2")
print(select("#", unpack("<i2 i2 i2", s)))
local a, b, c = unpack("<z s1 B", pack("<z s1 B", "one", "two", 3))
print(a, b, c)
print(unpack("<i2", s, 1 - #s - 1 + #s + 1))

-- pack/unpack round trips with many values
local fmt = "<i1 i2 i4 i8 I1 I2 I4 d f s1 z j"
local values = {-5, 300, -70000, 1 << 40, 200, 60000, 4000000000, 2.75, 1.5, "str", "zs", -1}
local packed = pack(fmt, table.unpack(values))
local out = table.pack(unpack(fmt, packed))
assert(out.n == #values + 1 and out[out.n] == #packed + 1)
for i = 1, #values do assert(out[i] == values[i], i) end
print("round trip", #packed, out[out.n])

print("OK")
