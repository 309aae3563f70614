-- Conformance (full profile): require and the package library (Lua 5.4 semantics).
print("testing package")

-- package.preload
local loads = 0
package.preload["conf.mod"] = function(name, extra)
  loads = loads + 1
  return {name = name, extra = extra, value = 42}
end
local m, data = require("conf.mod")
print(m.name, m.extra, m.value, data, loads)
local again, data2 = require("conf.mod")
print(again == m, data2, loads, package.loaded["conf.mod"] == m)

-- a loader returning nothing stores true
package.preload["conf.empty"] = function() end
print(require("conf.empty"), package.loaded["conf.empty"])
-- a loader that sets package.loaded itself
package.preload["conf.self"] = function(name) package.loaded[name] = "self-set" end
print(require("conf.self"))
-- a loader returning false
package.preload["conf.false"] = function() return false end
print(require("conf.false"), package.loaded["conf.false"])
-- errors inside a loader propagate
package.preload["conf.broken"] = function() error("loader failed") end
print(pcall(require, "conf.broken"))
print(package.loaded["conf.broken"])

-- a module not found
local ok, err = pcall(require, "conf.surely.missing.module")
print(ok, err:match("^[^\n]*"), select(2, err:gsub("\n", "\n")) > 0)
print(pcall(require))

-- modules from a Lua file found through package.path
local base = os.tmpname()                      -- e.g. /tmp/lua_XXXXXX
local dir, modname = base:match("^(.*)/([^/]+)$")
local file = assert(io.open(base .. ".lua", "w"))
file:write("local name, path = ...\nreturn {name = name, path = path, answer = 6 * 7}\n")
file:close()
local oldpath = package.path
package.path = dir .. "/?.lua;" .. oldpath
local fm, where = require(modname)
print(fm.name == modname, fm.path == base .. ".lua", where == base .. ".lua", fm.answer)
print(package.searchpath(modname, dir .. "/?.lua") == base .. ".lua")
local sp, spmsg = package.searchpath("no.such.mod", "/nonexistent/?.lua;/nonexistent/?/init.lua")
print(sp, spmsg)
print(package.searchpath("a.b.c", "/x/?.lua", ".", "/"))
print(package.searchpath("a.b.c", "/x/?.lua", "", ""))
-- a syntax error in a module file
local badfile = assert(io.open(base .. "_bad.lua", "w"))
badfile:write("return = 1\n")
badfile:close()
ok, err = pcall(require, modname .. "_bad")
print(ok, err:find("error loading module '" .. modname .. "_bad' from file '", 1, true) ~= nil,
      err:find("unexpected symbol near '='", 1, true) ~= nil)
package.path = oldpath
os.remove(base .. ".lua"); os.remove(base .. "_bad.lua"); os.remove(base)

-- the package table
print(type(package.path), type(package.cpath), #package.searchers, type(package.searchpath))
print(package.config:sub(1, 1), select(2, package.config:gsub("\n", "")))
print(package.loaded._G == _G, package.loaded.string == string, package.loaded.package == package)
local libs = {}
for name in pairs(package.loaded) do
  if name == "_G" or name:match("^%l+%d*$") then libs[#libs + 1] = name end
end
table.sort(libs)
print(table.concat(libs, " "))
print(type(package.loadlib), select("#", package.loadlib("/nonexistent/lib.so", "f")))

-- a custom searcher
table.insert(package.searchers, 2, function(name)
  if name == "virtual.module" then return function(n, x) return "virtual:" .. n .. ":" .. x end, "extra" end
  return "\n\tno virtual module '" .. name .. "'"
end)
print(require("virtual.module"))
ok, err = pcall(require, "other.virtual")
print(ok, err:find("no virtual module 'other.virtual'", 1, true) ~= nil)
table.remove(package.searchers, 2)
print(#package.searchers)

-- dofile and loadfile
local chunkname = os.tmpname()
file = assert(io.open(chunkname, "w"))
file:write("return ..., 'from file'\n")
file:close()
print(dofile(chunkname))
local lf = loadfile(chunkname)
print(lf("arg"))
local envf = loadfile(chunkname, "t", {})
print(envf("e"))
local lfok, lferr = loadfile(chunkname .. ".missing")
print(lfok, lferr == "cannot open " .. chunkname .. ".missing: No such file or directory")
os.remove(chunkname)

print("OK")
