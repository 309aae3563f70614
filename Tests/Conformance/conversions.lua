-- Conformance: tostring, tonumber (with bases) and string/number coercions (Lua 5.4 semantics).
print("testing conversions")

local function checkerror(msg, f, ...)
  local ok, err = pcall(f, ...)
  assert(not ok, "expected an error")
  assert(string.find(err, msg, 1, true), "unexpected message: " .. tostring(err))
  print("error:", (string.gsub(err, "^[^:]+:%d+: ", "")))
end

local function show(...)
  local t = table.pack(...)
  for i = 1, t.n do
    local v = t[i]
    t[i] = (math.type(v) or type(v)) .. ":" .. tostring(v)
  end
  print(table.concat(t, " "))
end

-- tonumber on strings
show(tonumber("10"), tonumber("10.0"), tonumber("  12  "), tonumber("0x1F"), tonumber("0X1f"), tonumber("-0x10"))
show(tonumber("1e2"), tonumber("1E-2"), tonumber(".5"), tonumber("5."), tonumber("0x.8"), tonumber("0x1p4"))
show(tonumber("0x1P-1"), tonumber("0xA.8p1"), tonumber("inf"), tonumber("nan"), tonumber(""), tonumber(" "))
show(tonumber("1 2"), tonumber("1e"), tonumber("0x"), tonumber("--1"), tonumber("+5"), tonumber("- 5"))
show(tonumber("9223372036854775807"), tonumber("9223372036854775808"), tonumber("-9223372036854775808"))
show(tonumber("0xffffffffffffffff"), tonumber("0x10000000000000000"), tonumber("1e500"), tonumber("-1e500"))
show(tonumber("\t\n\v\f\r 7 \t\n"), tonumber("7\0"), tonumber("0b101"), tonumber("1_000"))
show(tonumber(10), tonumber(1.5), tonumber(nil), tonumber(true), tonumber({}))
checkerror("bad argument #1 to 'tonumber' (value expected)", tonumber)

-- tonumber with bases
show(tonumber("ff", 16), tonumber("FF", 16), tonumber("777", 8), tonumber("101", 2), tonumber("z", 36), tonumber("Z", 36))
show(tonumber("10", 36), tonumber("  11  ", 2), tonumber("-ff", 16), tonumber("8", 8), tonumber("1.5", 10), tonumber("", 10))
show(tonumber("7fffffffffffffff", 16), tonumber("ffffffffffffffff", 16), tonumber("10000000000000000", 16))
show(tonumber("zz", 36), tonumber("0x10", 16), tonumber("1e1", 10), tonumber("12", 10), tonumber("-0", 10))
checkerror("bad argument #2 to 'tonumber' (base out of range)", tonumber, "10", 1)
checkerror("bad argument #2 to 'tonumber' (base out of range)", tonumber, "10", 37)
checkerror("bad argument #1 to 'tonumber' (string expected, got number)", tonumber, 10, 16)

-- tostring
show(tostring(1), tostring(-1), tostring(1.0), tostring(-0.0), tostring(1e100), tostring(2^63), tostring(1/0))
show(tostring(123456789012), tostring(1234567890123456), tostring(0.1), tostring(1/3), tostring(100 / 2))
show(tostring(nil), tostring(true), tostring(false), tostring("s"))
show(tostring(3.14159265358979), tostring(1e15), tostring(1e16), tostring(-1e-7), tostring(123e-310))
assert(tostring(print):match("^function: ") and tostring(function() end):match("^function: "))
assert(tostring({}):match("^table: ") and tostring(coroutine.create(print)):match("^thread: "))

-- string -> number coercion in arithmetic
show("10" + 0, "10" * "2", "3.0" + 1, "0x10" + 0, " 5 " + 0, "1e1" * 1, "10" // "3", "7" % 2, -"3")
checkerror("attempt to mul a 'string' with a 'number'", function() return "abc" * 1 end)
checkerror("attempt to add a 'string' with a 'number'", function() local s = "1x"; return s + 1 end)

-- number -> string coercion in concatenation and string functions
show(1 .. "", 1.0 .. "", -0.0 .. "", 2^63 .. "", math.mininteger .. "", 0x10 .. "")
show(("x"):rep(2.0), string.len(100), string.upper(1e20))
checkerror("number has no integer representation", string.rep, "x", 1.5)

-- integer/float conversions
show(3 // 1, 3.0 // 1, 7 / 7, 2^2, 10 // 3.0, math.tointeger(5.0), 5.0 == 5, 1e308 * 10 == math.huge)
show(math.floor(-0.0), math.ceil(-0.5), math.floor(1e100) == 1e100, math.tointeger(-0.0))
show(string.format("%d", 2^31), string.format("%.0f", 2^63), math.tointeger("0x10"), math.tointeger("3.0"))
-- float keys with integer value normalize; strings do not
local t = {}
t[1] = "int"; t["1"] = "str"; t[1.0] = "float-overwrites"
show(t[1], t["1"], #t)

-- lexer numerals
show(0x7fffffffffffffff, 0xffffffffffffffff, 0x1p-1, 0x.1, 3e0, 0xA, 0Xa, 1e+2, 1E-2, 0x1P+4)
show(9007199254740993, 2^53 + 1, 0.1e1, 00012, 1e-400)

print("OK")
