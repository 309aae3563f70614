/*
** sandbox.c: the two profiles. `full` is standard Lua 5.4 (every library) for trusted code.
** `sandbox` is for playbooks, which are untrusted input: only base, table, string, math, utf8 and
** coroutine, hardened so a script can neither escape nor run away inside one C call.
*/
#include "internal.h"

#include <string.h>

/* Longest string string.rep may build in the sandbox when no memory limit is set. */
#define ILSA_REP_MAX ((size_t)64 << 20)

int ilsa_open_full(lua_State *L) {
  luaL_openlibs(L);
  ilsa_open_coroutine_passthrough(L);
  return 0;
}

/* load(chunk [, chunkname [, mode [, env]]]) with mode forced to "t": binary chunks can crash
   the VM (there is no bytecode verifier). The standard load is upvalue 1. */
static int sandbox_load(lua_State *L) {
  int n = lua_gettop(L);
  lua_settop(L, 4);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_pushvalue(L, 1);
  lua_pushvalue(L, 2);
  lua_pushliteral(L, "t");
  if (n >= 4) lua_pushvalue(L, 4); /* an explicit env, even nil, as the standard load takes it */
  lua_call(L, n >= 4 ? 4 : 3, LUA_MULTRET);
  return lua_gettop(L) - 4;
}

/* collectgarbage("count") only: the rest would let a script steer the collector. */
static int sandbox_collectgarbage(lua_State *L) {
  const char *opt = luaL_optstring(L, 1, "collect");
  if (strcmp(opt, "count") != 0)
    return luaL_error(L, "collectgarbage('%s') is not available in the sandbox; only 'count' is", opt);
  int k = lua_gc(L, LUA_GCCOUNT);
  int b = lua_gc(L, LUA_GCCOUNTB);
  lua_pushnumber(L, (lua_Number)k + ((lua_Number)b / 1024));
  return 1;
}

/* setmetatable without __gc: finalizers run with hooks off, so a looping __gc could hang the
   host where no limit reaches it. The standard setmetatable is upvalue 1. */
static int sandbox_setmetatable(lua_State *L) {
  if (lua_type(L, 2) == LUA_TTABLE) {
    lua_pushliteral(L, "__gc");
    int t = lua_rawget(L, 2);
    lua_pop(L, 1);
    if (t != LUA_TNIL) return luaL_error(L, "__gc metamethods are not allowed in the sandbox");
  }
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, 1);
  return 1;
}

/* string.rep that refuses, before building it, a result over ILSA_REP_MAX when the state has no
   memory limit: one C call must not spend seconds filling memory nothing else stops. Under a
   limit the allocator refuses the buffer at once (a memory error). Upvalue 1 is the original. */
static int sandbox_rep(lua_State *L) {
  size_t l, lsep;
  luaL_checklstring(L, 1, &l);
  lua_Integer n = luaL_checkinteger(L, 2);
  luaL_optlstring(L, 3, "", &lsep);
  if (ilsa_gethost(L)->limit == 0 && n > 0 && (l + lsep) > 0 && (size_t)n > ILSA_REP_MAX / (l + lsep))
    return luaL_error(L, "string.rep result too large (%I copies of %d bytes; at most %d bytes)",
                      n, (int)(l + lsep), (int)ILSA_REP_MAX);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, 1);
  return 1;
}

/* Replaces t[name] with a C closure over the old value. Stack: table on top. */
static void wrap_field(lua_State *L, const char *name, lua_CFunction f) {
  lua_getfield(L, -1, name);
  lua_pushcclosure(L, f, 1);
  lua_setfield(L, -2, name);
}

static const luaL_Reg sandbox_libs[] = {
  {LUA_GNAME, luaopen_base},
  {LUA_COLIBNAME, luaopen_coroutine},
  {LUA_TABLIBNAME, luaopen_table},
  {LUA_STRLIBNAME, luaopen_string},
  {LUA_MATHLIBNAME, luaopen_math},
  {LUA_UTF8LIBNAME, luaopen_utf8},
  {NULL, NULL}
};

int ilsa_open_sandbox(lua_State *L) {
  for (const luaL_Reg *lib = sandbox_libs; lib->func; lib++) {
    luaL_requiref(L, lib->name, lib->func, 1);
    lua_pop(L, 1);
  }
  /* Nothing loads code from files or C: no package loaders, and _LOADED keeps only these. */
  lua_pushglobaltable(L);
  lua_pushnil(L); lua_setfield(L, -2, "dofile");
  lua_pushnil(L); lua_setfield(L, -2, "loadfile");
  wrap_field(L, "load", sandbox_load);
  wrap_field(L, "setmetatable", sandbox_setmetatable);
  lua_pushcfunction(L, sandbox_collectgarbage);
  lua_setfield(L, -2, "collectgarbage");
  lua_pop(L, 1);

  lua_getglobal(L, LUA_STRLIBNAME);
  lua_pushnil(L); lua_setfield(L, -2, "dump");
  wrap_field(L, "rep", sandbox_rep);
  lua_pop(L, 1);
  ilsa_open_bounded_patterns(L);

  /* The string metatable is shared by every string: scripts may not fetch or change it. */
  lua_pushliteral(L, "");
  if (lua_getmetatable(L, -1)) {
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);
  }
  lua_pop(L, 1);

  ilsa_open_coroutine_passthrough(L);
  return 0;
}
