-- Conformance: the basic string functions (Lua 5.4 semantics).
print("testing strings")

local function checkerror(msg, f, ...)
  local ok, err = pcall(f, ...)
  assert(not ok, "expected an error")
  assert(string.find(err, msg, 1, true), "unexpected message: " .. tostring(err))
  print("error:", (string.gsub(err, "^[^:]+:%d+: ", "")))
end

local function q(...)  -- prints values, strings quoted
  local t = table.pack(...)
  for i = 1, t.n do
    t[i] = type(t[i]) == "string" and string.format("%q", t[i]) or tostring(t[i])
  end
  print(table.concat(t, ", "))
end

-- literals and escapes
assert("\65\066\x43\u{44}" == "ABCD")
assert("\z
        abc" == "abc")
assert("a\
b" == "a\nb")
assert(#"\0\0\0" == 3 and "\0" ~= "")
assert([[
x]] == "x" and [==[a]]b]==] == "a]]b")
assert("\u{7FF}" == "\xDF\xBF" and "\u{10FFFF}" == "\xF4\x8F\xBF\xBF")
assert("\u{7FFFFFFF}" == "\xFD\xBF\xBF\xBF\xBF\xBF")
q("tab\tnew\nline", "\0mid\0", "\127\128\255", '"quoted"', "back\\slash", "\r\n")

-- len, # and comparison
assert(#"" == 0 and #"abc" == 3 and string.len("a\0b") == 3)
assert("a" < "b" and "a" < "ab" and "" < "a" and "Z" < "a" and "a\0b" < "a\0c" and "a\0" > "a")
assert(not ("abc" < "abc") and "abc" <= "abc")

-- sub with negative and out-of-range indices
local s = "hello world"
q(s:sub(1, 5), s:sub(-5), s:sub(-5, -2), s:sub(0), s:sub(7, 100), s:sub(5, 2), s:sub(-100, 2))
q(s:sub(2), s:sub(-1), s:sub(12), s:sub(11, 11), s:sub(math.mininteger, math.maxinteger), s:sub(3, -3))
assert(s:sub(2.0, 3) == "el")
checkerror("number has no integer representation", string.sub, s, 1.5)
checkerror("bad argument #1 to 'sub' (string expected, got no value)", function() return string.sub() end)

-- byte / char
q(s:byte(), s:byte(1, 3), s:byte(-1), s:byte(100), ("")["byte"](""))
q(string.byte("abc", 0, 10))
q(string.char(), string.char(72, 105), string.char(0, 255))
checkerror("value out of range", string.char, 256)
checkerror("value out of range", string.char, -1)
for i = 0, 255 do assert(string.byte(string.char(i)) == i) end

-- rep
q(("ab"):rep(3), ("ab"):rep(3, ","), ("x"):rep(0), ("x"):rep(-1), (""):rep(5), ("a"):rep(1, "sep"))
assert(#string.rep("abc", 1000) == 3000)

-- upper/lower/reverse
q(("Hello, World! 123"):upper(), ("Hello, World! 123"):lower(), ("abc"):reverse(), (""):reverse())
q(("a\0b"):reverse(), ("\xC3\xA9t\xC3\xA9"):upper())

-- method calls on literals and numbers
q(("%d"):format(5), ("x"):len(), #tostring(12))
local n = 10
q(("n=" .. n), 1 .. 2, 1.0 .. "", -0.0 .. "", math.mininteger .. "")

-- concatenation rules
checkerror("attempt to concatenate a nil value (global 'undefinedvar')", function() return "a" .. undefinedvar end)
checkerror("attempt to concatenate a table value", function() return {} .. "a" end)
checkerror("attempt to concatenate a boolean value (local 'b')", function() local b = true; return "a" .. b end)
assert("a" .. "b" .. "c" .. 1 .. 2 == "abc12")

-- tostring of strings, numbers, booleans, nil
q(tostring("x"), tostring(12), tostring(12.5), tostring(true), tostring(nil), tostring(1e300 * 1e10))

-- string.len etc. coerce numbers
q(string.len(123), string.upper(1.5), string.rep(7, 3), string.sub(12345, 2, 3), string.reverse(123))
checkerror("bad argument #1 to 'len' (string expected, got table)", function() return string.len({}) end)
checkerror("bad argument #1 to 'upper' (string expected, got nil)", function() return string.upper(nil) end)
checkerror("bad argument #2 to 'rep' (number expected, got string)", function() return string.rep("x", "y") end)

-- long strings and many concatenations
local parts = {}
for i = 1, 100 do parts[#parts + 1] = tostring(i) end
local joined = table.concat(parts)
assert(#joined == 9 + 90 * 2 + 3)
print(#joined, joined:sub(1, 20), joined:sub(-10))

-- string comparison does not coerce
checkerror("attempt to compare number with string", function() return 1 < "2" end)
checkerror("attempt to compare string with number", function() return "1" < 2 end)
assert(not (1 == "1") and "10" + 0 == 10)

-- the string metatable
assert(("abc").len == string.len)
local mt_ok = pcall(function() return ("x"):nonexistent() end)
assert(not mt_ok)
checkerror("attempt to call a nil value (method 'nonexistent')", function() return ("x"):nonexistent() end)
checkerror("attempt to index a number value", function() local x = 5; return x.y end)

print("OK")
