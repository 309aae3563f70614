-- Conformance: arithmetic and bitwise metamethods, operator precedence (Lua 5.4 semantics).
print("testing operators and metamethods")

local function checkerror(msg, f, ...)
  local ok, err = pcall(f, ...)
  assert(not ok, "expected an error")
  assert(string.find(err, msg, 1, true), "unexpected message: " .. tostring(err))
  print("error:", (string.gsub(err, "^[^:]+:%d+: ", "")))
end

-- precedence and associativity
assert(2 + 3 * 4 == 14 and (2 + 3) * 4 == 20)
assert(2 ^ 3 ^ 2 == 512 and -2 ^ 2 == -4 and (-2) ^ 2 == 4)
assert(not nil == true and not 1 == false)
assert(1 .. 2 .. 3 == "123" and "a" .. 1 + 2 == "a3")
assert(1 < 2 == true and "a" .. "b" == "ab")
assert(5 - 3 - 1 == 1 and 16 / 4 / 2 == 2 and 2 * 3 % 4 == 2)
assert(1 | 2 ~ 3 & 4 << 1 == 3 and (1 << 2) + 1 == 5 and 1 << 2 + 1 == 8)
assert(#"abc" + 1 == 4 and -#"ab" == -2)
assert((nil or false) == false and (false or nil) == nil and (1 and 2) == 2 and (nil and 1) == nil)
assert((false or "d") == "d" and (0 or 1) == 0 and ("" and 1) == 1)
print(2 ^ -1, -3 // 2, -3 % 2, 3 // -2.0, 7 // 0.5, 1 / 3 * 3 == 1, 0.1 + 0.2 == 0.3, 0.1 + 0.2)

-- a vector type with every arithmetic metamethod
local V = {}
V.__index = V
local function vec(x, y) return setmetatable({x = x, y = y}, V) end
local function lift(a) if type(a) == "number" then return vec(a, a) end return a end
V.__add = function(a, b) a, b = lift(a), lift(b); return vec(a.x + b.x, a.y + b.y) end
V.__sub = function(a, b) a, b = lift(a), lift(b); return vec(a.x - b.x, a.y - b.y) end
V.__mul = function(a, b) a, b = lift(a), lift(b); return vec(a.x * b.x, a.y * b.y) end
V.__div = function(a, b) a, b = lift(a), lift(b); return vec(a.x / b.x, a.y / b.y) end
V.__mod = function(a, b) a, b = lift(a), lift(b); return vec(a.x % b.x, a.y % b.y) end
V.__pow = function(a, b) a, b = lift(a), lift(b); return vec(a.x ^ b.x, a.y ^ b.y) end
V.__idiv = function(a, b) a, b = lift(a), lift(b); return vec(a.x // b.x, a.y // b.y) end
V.__unm = function(a) return vec(-a.x, -a.y) end
V.__tostring = function(a) return "(" .. tostring(a.x) .. "," .. tostring(a.y) .. ")" end
V.__eq = function(a, b) return a.x == b.x and a.y == b.y end
local p, q = vec(6, 8), vec(2, 3)
print(tostring(p + q), tostring(p - q), tostring(p * q), tostring(p / q), tostring(p % q))
print(tostring(p ^ q), tostring(p // q), tostring(-p), tostring(p + 1), tostring(10 - q), tostring(2 * p))
assert(p + q == vec(8, 11) and p ~= q)

-- bitwise metamethods
local B = {}
local function bits(v) return setmetatable({v = v}, B) end
local function val(a) return type(a) == "table" and a.v or a end
B.__band = function(a, b) return bits(val(a) & val(b)) end
B.__bor = function(a, b) return bits(val(a) | val(b)) end
B.__bxor = function(a, b) return bits(val(a) ~ val(b)) end
B.__shl = function(a, b) return bits(val(a) << val(b)) end
B.__shr = function(a, b) return bits(val(a) >> val(b)) end
B.__bnot = function(a) return bits(~val(a)) end
local m = bits(12)
print((m & 10).v, (m | 3).v, (m ~ 5).v, (m << 2).v, (m >> 1).v, (~m).v, (3 & m).v, (1 << m).v)

-- metamethod selection: first operand, then second
local left = setmetatable({}, {__add = function() return "left" end})
local right = setmetatable({}, {__add = function() return "right" end})
print(left + right, right + left, 1 + right, left + 1)

-- bitwise on floats with exact integer values, and on numeric strings is an error
print(3.0 & 1, 2.0 << 1.0, "strings" and 0)
checkerror("number has no integer representation", function() return 1.5 & 1 end)
checkerror("attempt to perform bitwise operation on a table value", function() return {} | 1 end)
checkerror("attempt to perform bitwise operation on a nil value (global 'nothing')", function() return nothing ~ 1 end)

-- arithmetic errors name the culprit
checkerror("attempt to perform arithmetic on a nil value (global 'undefinedglobal')", function() return undefinedglobal + 1 end)
checkerror("attempt to perform arithmetic on a nil value (local 'v')", function() local v; return v * 2 end)
checkerror("attempt to perform arithmetic on a nil value (field 'count')", function() local t = {}; return t.count + 1 end)
checkerror("attempt to perform arithmetic on a boolean value", function() return true + 1 end)
checkerror("attempt to perform arithmetic on a table value", function() return {} + {} end)
checkerror("attempt to perform arithmetic on a table value (local 'w')", function() local w = {}; return -w end)
checkerror("attempt to unm a 'string' with a 'string'", function() return -"abc" end)
local plain = {}
checkerror("attempt to perform arithmetic on a table value (upvalue 'plain')", function() return plain + 1 end)
checkerror("attempt to perform arithmetic on a nil value (field 'y')", function() return plain.x or plain.y * 2 end)

-- integer overflow wraps, float overflow gives inf
print(math.maxinteger + 1 == math.mininteger, math.maxinteger * 2.0, -math.mininteger, 1e308 * 10, -1e308 * 10)

-- logical operators short-circuit
local evaluated = false
local function mark() evaluated = true; return true end
local _ = false and mark()
assert(not evaluated)
_ = true or mark()
assert(not evaluated)
_ = nil or mark()
assert(evaluated)

-- comparisons of mixed numbers
print(1 == 1.0, math.maxinteger == math.maxinteger + 0.0, math.maxinteger < math.maxinteger + 0.0, 2^53 == 2^53 + 1)
print(-0.0 == 0.0, 1/0 > math.maxinteger, -1/0 < math.mininteger, "10" < "9", 10 < 9)

print("OK")
