-- Conformance: pattern matching with find, match, gmatch and gsub (Lua 5.4 semantics).
print("testing patterns")

local function checkerror(msg, f, ...)
  local ok, err = pcall(f, ...)
  assert(not ok, "expected an error")
  assert(string.find(err, msg, 1, true), "unexpected message: " .. tostring(err))
  print("error:", (string.gsub(err, "^[^:]+:%d+: ", "")))
end

local function show(...)
  local t = table.pack(...)
  for i = 1, t.n do t[i] = type(t[i]) == "string" and ("'" .. t[i] .. "'") or tostring(t[i]) end
  print(table.concat(t, " "))
end

-- find: plain, init, anchors
show(string.find("hello world", "o"))
show(string.find("hello world", "o", 6))
show(string.find("hello world", "o", -3))
show(string.find("hello world", "l+"))
show(string.find("hello", ""))
show(string.find("hello", "", 10))
show(string.find("hello", "", 6))
show(string.find("a.b", ".", 1, true))
show(string.find("a+b", "+", 1, true))
show(string.find("hello", "^h"), string.find("hello", "^e"))
show(string.find("hello", "o$"), string.find("hel$lo", "l$l"))
show(string.find("abc", "b", -100))
show(string.find("", ""))
show(string.find("abc", "(b)(c)"))
show(string.find("x=1, y=2", "(%w+)=(%w+)", 4))

-- classes
local classes = {"%a", "%c", "%d", "%g", "%l", "%p", "%s", "%u", "%w", "%x", "%A", "%D", "%S", "%W", "."}
local sample = "aZ 09\t!_~\0x"
for _, c in ipairs(classes) do
  local hits = {}
  for m in string.gmatch(sample, c) do hits[#hits + 1] = string.format("%02x", m:byte()) end
  print(c, table.concat(hits, ","))
end
show(string.match("key = value", "(%w+)%s*=%s*(%w+)"))
show(string.match("[test]", "%[(.-)%]"), string.match("a.b.c", "^(.-)%."), string.match("a.b.c", "^(.*)%."))
show(string.match("2024-01-15", "(%d+)-(%d+)-(%d+)"))
show(string.match("  trim me  ", "^%s*(.-)%s*$"))
show(string.match("abc", "[a-b]+"), string.match("abc", "[^a]+"), string.match("a-b", "[%-]"), string.match("a]b", "[]]"))
show(string.match("x^y", "[%^]"), string.match("x^y", "[x^]+"), string.match("123abc", "[%d]+"), string.match("ABC", "[%l]"))

-- quantifiers
show(string.match("aaa", "a-"), string.match("aaa", "a-$"), string.match("aaa", "a*"), string.match("aaa", "a+"), string.match("aaa", "a?"))
show(string.match("<<a>>", "<(.*)>"), string.match("<<a>>", "<(.-)>"), string.match("ab", "a?b"), string.match("b", "a?b"))

-- captures: position captures, nested, back references
show(string.match("hello", "()ll()"))
show(string.match("hello", "((h)(e))"))
show(string.match("abcabc", "(abc)%1"))
show(string.match("say \"hi\" and 'bye'", "([\"'])(.-)%1"))
show(string.match("abc", "()"))
show(string.find("abc", "b()"))

-- %b and %f
show(string.match("f(a(b)c)d", "%b()"))
show(string.match("if [[x]] then", "%b[]"))
show(string.gsub("THE (quick) fox", "%f[%a]%a+", "W"))
show(string.gsub("hello world from lua", "%f[%w]%w+", function(w) return w:upper() end))
show(string.find("THE (quick) fox", "%f[%a]"))
show(string.match("abc123def", "%f[%d]%d+%f[%D]"))
show(string.gsub("the theme of the", "%f[%w]the%f[%W]", "X"))

-- gmatch, including anchors and captures and init
local words = {}
for w in string.gmatch("one two  three", "%a+") do words[#words + 1] = w end
show(table.concat(words, "|"), #words)
local pairs_seen = ""
for k, v in string.gmatch("a=1, b=2, c=3", "(%w+)=(%w+)") do pairs_seen = pairs_seen .. k .. v end
show(pairs_seen)
local pos = {}
for p in string.gmatch("abc", "()") do pos[#pos + 1] = p end
show(table.concat(pos, ","))
local n = 0
for _ in string.gmatch("aaa", "^a") do n = n + 1 end
show("anchored gmatch count", n)
local from3 = {}
for w in string.gmatch("ab cd ef", "%a+", 3) do from3[#from3 + 1] = w end
show(table.concat(from3, ","))

-- gsub with string, table and function replacements, and max count
show(string.gsub("hello world", "o", "0"))
show(string.gsub("hello world", "o", "0", 1))
show(string.gsub("hello", "", "-"))
show(string.gsub("abc", "%w", "%0%0"))
show(string.gsub("hello world", "(%w+) (%w+)", "%2 %1"))
show(string.gsub("a%b", "%%", "%%%%"))
show(string.gsub("$name is $age", "%$(%w+)", {name = "Lua", age = 31}))
show(string.gsub("$x $y", "%$(%w+)", {x = false}))
show(string.gsub("abc", "%w", function(c) if c == "b" then return nil end return c:upper() end))
show(string.gsub("1 2 3", "%d", function(d) return d * 2 end))
show(string.gsub("abc", ".", {a = 1, b = 2.5}))
show(string.gsub("abc", "b*", "-"))
show(string.gsub("", "x*", "y"))
show(string.gsub("hello", "l", "L", 0))
show(string.gsub("hello", "l", "L", -1))
show(string.gsub("abc", "(a)(b)(c)", "%3%2%1%0"))

-- errors
checkerror("malformed pattern (ends with '%')", string.find, "a", "%")
checkerror("malformed pattern (missing ']')", string.find, "a", "[a")
checkerror("missing '[' after '%f' in pattern", string.find, "a", "%f")
checkerror("unfinished capture", string.find, "a", "(a")
checkerror("invalid pattern capture", string.match, "a", "a)")
checkerror("invalid capture index %2", string.gsub, "a", "a", "%2x")
checkerror("invalid capture index %2", string.find, "aa", "(a)%2")
checkerror("invalid use of '%' in replacement string", string.gsub, "a", "a", "%x")
checkerror("invalid replacement value (a table)", string.gsub, "a", "a", function() return {} end)
checkerror("bad argument #3 to 'gsub' (string/function/table expected, got boolean)", function()
  return string.gsub("a", "a", true)
end)
checkerror("missing arguments to '%b'", string.find, "a", "%b")
checkerror("pattern too complex", string.match, string.rep("a", 300), string.rep("a?", 300))
checkerror("too many captures", string.find, "a", string.rep("()", 40))
print("OK")

