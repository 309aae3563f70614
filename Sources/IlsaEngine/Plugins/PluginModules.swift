import IlsaStore
import Foundation
import IlsaLua

/// `require` for playbooks: it resolves only the modules loaded plugins provide.
///
/// Each plugin's `init.lua` runs once per Lua state, the first time one of its modules is
/// required, in an environment of its own: the safe base functions, its own copies of `string`,
/// `table`, `math` and `utf8`, a `load` that stays in that environment, `plugin.name`,
/// `plugin.version` and `plugin.config` (a copy, without the grants: `feed`, `outbox`,
/// `webhook_url`), and `require` for other plugins' modules.
/// It sees no `ilsa`, no playbook globals and no other plugin's globals; what it changes in its
/// environment stays there. `init.lua` returns `{ modules = { name = table, ... } }`, one entry
/// per module its manifest declares.
enum PluginModules {
    /// The trusted loader; it returns the `require` function.
    /// `require` until a playbook first calls it: installs the plugins' modules, then requires.
    static let lazyRequire = LuaHostChunk("local install = ...\nreturn function(name) return install()(name) end", chunkName: "=require")

    static let prelude = LuaHostChunk(
        """
        local plugins, owners = ...
        local G = _G
        local pairs, ipairs, type, error, pcall, tostring, load = pairs, ipairs, type, error, pcall, tostring, load
        local concat, sort = table.concat, table.sort
        local safe = { "assert", "error", "ipairs", "next", "pairs", "pcall", "select", "tonumber", "tostring",
          "type", "xpcall", "rawequal", "rawget", "rawlen", "rawset", "setmetatable", "getmetatable", "_VERSION" }
        local libraries = { "string", "table", "math", "utf8" }
        local function copy(t)
          local c = {}
          for k, v in pairs(t) do c[k] = type(v) == "table" and copy(v) or v end
          return c
        end
        local exports, loading = {}, {}
        local require
        local function environment(p)
          local env = {}
          for _, k in ipairs(safe) do env[k] = G[k] end
          for _, k in ipairs(libraries) do env[k] = copy(G[k]) end
          env.load = function(chunk, name, mode, e)
            if type(chunk) ~= "string" then error("bad argument #1 to 'load' (string expected, got " .. type(chunk) .. ")", 2) end
            return load(chunk, name, "t", e or env)
          end
          env._G = env
          env.plugin = { name = p.name, version = p.version, config = copy(p.config) }
          env.require = function(name) return require(name) end
          for k, v in pairs(p.capabilities or {}) do env[k] = v end
          return env
        end
        local function start(p)
          if exports[p.name] then return exports[p.name] end
          if loading[p.name] then error("plugin '" .. p.name .. "': its modules require each other in a loop", 0) end
          loading[p.name] = true
          local chunk, problem = load(p.code, "@" .. p.file, "t", environment(p))
          if not chunk then error("plugin '" .. p.name .. "': " .. problem, 0) end
          local ok, result = pcall(chunk)
          loading[p.name] = nil
          if not ok then error("plugin '" .. p.name .. "': " .. tostring(result), 0) end
          if type(result) == "table" and result.modules == nil and #p.modules == 0 then result.modules = {} end
          if type(result) ~= "table" or type(result.modules) ~= "table" then
            error("plugin '" .. p.name .. "': " .. p.file .. " must return { modules = { ... } }, not " .. type(result), 0)
          end
          for _, m in ipairs(p.modules) do
            if result.modules[m] == nil then
              error("plugin '" .. p.name .. "': " .. p.file .. " does not return module '" .. m .. "' its manifest provides", 0)
            end
          end
          exports[p.name] = result
          return result
        end
        require = function(name)
          if type(name) ~= "string" then
            error("bad argument #1 to 'require' (string expected, got " .. type(name) .. ")", 2)
          end
          local owner = owners[name]
          if not owner then
            local known = {}
            for m in pairs(owners) do known[#known + 1] = m end
            sort(known)
            local list = #known == 0 and "no plugin is loaded" or "modules: " .. concat(known, ", ")
            error("module '" .. name .. "' not found: require gives only modules loaded plugins provide (" .. list .. ")", 2)
          end
          return start(plugins[owner]).modules[name]
        end
        return require, function(name) return start(plugins[name]) end
        """, chunkName: "=plugin loader")

    /// The plugins as the prelude reads them.
    static func arguments(_ plugins: PluginSet, capabilities: [String: LuaTable] = [:]) -> [LuaValue] {
        var byName = LuaTable()
        for plugin in plugins.plugins {
            byName[plugin.name] = .table(
                LuaTable(fields: [
                    "capabilities": capabilities[plugin.name].map(LuaValue.table) ?? .nil,
                    "name": .string(LuaString(plugin.name)),
                    "version": .string(LuaString(plugin.manifest.version)),
                    "code": .string(LuaString(plugin.code)),
                    "file": .string(LuaString(plugin.codeFile)),
                    "config": JSONValue.object(plugin.codeConfig).luaValue,  // grants are capabilities, not values
                    "modules": .table(LuaTable(array: plugin.manifest.provides.modules.map { .string(LuaString($0)) })),
                ]))
        }
        var owners = LuaTable()
        for (module, plugin) in plugins.modules { owners[module] = .string(LuaString(plugin)) }
        return [.table(byName), .table(owners)]
    }

    /// Sets the global `require` of a run's state, at the cost of a few microseconds: the
    /// plugin loader is only built when a playbook first calls `require`.
    static func installLazily(_ plugins: PluginSet, into lua: LuaState) throws {
        guard !plugins.plugins.isEmpty else {
            lua.register("require") { call in
                guard call.typeName(1) == "string" else { throw call.typeError(1, expected: "string") }
                throw NotFound(module: try call.string(1))
            }
            return
        }
        // The stub tail-calls the real require, so its errors point at the playbook's line.
        let installer = lua.function(named: "require") { [unowned lua] call in
            let real = try install(plugins, into: lua)
            _ = real
            call.push(try lua.global("require"))
            return .values(1)
        }
        let stub = try lua.run(Self.lazyRequire, arguments: [installer])
        lua.setGlobal("require", stub.first ?? .nil)
    }

    /// `require` of a module when no plugin is loaded.
    struct NotFound: Error, CustomStringConvertible {
        var module: String
        var description: String {
            "module '\(module)' not found: require gives only modules loaded plugins provide (no plugin is loaded)"
        }
    }

    /// Sets the global `require` of `lua` to one that gives the plugins' modules.
    /// - Parameter capabilities: Functions added to a plugin's environment, by plugin (what its
    ///   permissions grant, in a hook host).
    /// - Returns: A function that starts a plugin by name and returns what its `init.lua` returned.
    @discardableResult
    static func install(_ plugins: PluginSet, into lua: LuaState, capabilities: [String: LuaTable] = [:]) throws -> LuaValue {
        let results = try lua.run(prelude, arguments: arguments(plugins, capabilities: capabilities))
        lua.setGlobal("require", results.first ?? .nil)
        return results.count > 1 ? results[1] : .nil
    }
}
