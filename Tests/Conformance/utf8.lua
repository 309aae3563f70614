-- Conformance: the utf8 library (Lua 5.4 semantics).
print("testing utf8")

local function checkerror(msg, f, ...)
  local ok, err = pcall(f, ...)
  assert(not ok, "expected an error")
  assert(string.find(err, msg, 1, true), "unexpected message: " .. tostring(err))
  print("error:", (string.gsub(err, "^[^:]+:%d+: ", "")))
end

local function list(...)
  local t = table.pack(...)
  for i = 1, t.n do t[i] = tostring(t[i]) end
  return table.concat(t, ",")
end

local korean = "안녕 일사천리"
local mixed = "aé€😀"

-- char and charpattern
assert(utf8.char(72, 233, 8364, 128512) == "H\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80")
assert(utf8.char() == "")
assert(utf8.char(0x7FFFFFFF) == "\xFD\xBF\xBF\xBF\xBF\xBF")
checkerror("value out of range", utf8.char, -1)
checkerror("value out of range", utf8.char, 0x80000000)
print(utf8.charpattern == "[\0-\x7F\xC2-\xFD][\x80-\xBF]*")
print(utf8.char(75, 111, 114, 101, 97, 110, 58, 32, 0xC548, 0xB155))

-- len
print(utf8.len(korean), #korean, utf8.len(mixed), #mixed, utf8.len(""))
print(utf8.len(mixed, 2), utf8.len(mixed, -4), utf8.len(mixed, 1, 1), utf8.len(mixed, 3, 2))
print(utf8.len("abc\xE4def"))            -- invalid byte: nil and its position
print(utf8.len("\xC0\x80"))              -- overlong
print(utf8.len("\xED\xA0\x80"))          -- surrogate: invalid unless lax
print(utf8.len("\xED\xA0\x80", 1, -1, true))
print(utf8.len("\xF4\x90\x80\x80"), utf8.len("\xF4\x90\x80\x80", 1, -1, true))
checkerror("initial position out of bounds", utf8.len, "abc", 5)
checkerror("final position out of bounds", utf8.len, "abc", 1, 4)
assert(utf8.len("abc", 4) == 0)

-- codepoint
print(list(utf8.codepoint(mixed, 1, -1)))
print(list(utf8.codepoint(mixed)), list(utf8.codepoint(mixed, 2)), list(utf8.codepoint(mixed, 4, 6)))
print(list(utf8.codepoint(korean, 1, 4)))
checkerror("invalid UTF-8 code", utf8.codepoint, "\xFF")
checkerror("invalid UTF-8 code", utf8.codepoint, mixed, 3)
checkerror("out of bounds", utf8.codepoint, "abc", 4)
print(list(utf8.codepoint("\xED\xA0\x80", 1, 1, true)))
assert(select("#", utf8.codepoint("abc", 3, 2)) == 0)

-- offset
local offs = {}
for n = 1, 5 do offs[#offs + 1] = tostring(utf8.offset(mixed, n)) end
print("offset+", table.concat(offs, " "))
offs = {}
for n = -1, -5, -1 do offs[#offs + 1] = tostring(utf8.offset(mixed, n)) end
print("offset-", table.concat(offs, " "))
print(utf8.offset(mixed, 0, 3), utf8.offset(mixed, 0, 5), utf8.offset(mixed, 1, 4), utf8.offset(mixed, -1, 4))
print(utf8.offset("abc", 0), utf8.offset("abc", 4), utf8.offset("abc", 5), utf8.offset("", 1))
checkerror("initial position is a continuation byte", utf8.offset, mixed, 1, 3)
checkerror("position out of bounds", utf8.offset, "abc", 1, 5)

-- codes
local seen = {}
for p, c in utf8.codes(mixed) do seen[#seen + 1] = p .. ":" .. c end
print(table.concat(seen, " "))
seen = {}
for p, c in utf8.codes(korean) do seen[#seen + 1] = string.format("%d:U+%04X", p, c) end
print(table.concat(seen, " "))
checkerror("invalid UTF-8 code", function() for _ in utf8.codes("ab\xFFcd") do end end)
checkerror("invalid UTF-8 code", function() for _ in utf8.codes("\xED\xA0\x80") do end end)
local lax = {}
for _, c in utf8.codes("\xED\xA0\x80", true) do lax[#lax + 1] = c end
print("lax", lax[1])

-- gmatch with charpattern
local chars = {}
for ch in korean:gmatch(utf8.charpattern) do chars[#chars + 1] = ch end
print(#chars, table.concat(chars, "|"))
assert(table.concat(chars) == korean)

-- reversing by code points
local rev = {}
for _, c in utf8.codes(korean) do table.insert(rev, 1, utf8.char(c)) end
print(table.concat(rev))

-- escapes produce the same bytes
assert("\u{C548}\u{B155}" == "안녕")
print(("\u{48}\u{49}"), #"\u{10FFFF}", #"\u{7FF}", #"\u{800}", #"\u{FFFF}", #"\u{10000}")

print("OK")
