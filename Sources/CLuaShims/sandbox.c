/*
** sandbox.c: the two profiles. `full` is standard Lua 5.4 (every library) for trusted code.
** `sandbox` is for playbooks, which are untrusted input: only base, table, string, math, utf8 and
** coroutine, hardened so a script can neither escape nor run away inside one C call: string.rep,
** the pattern functions (patterns.c) and the table functions that loop (tables.c) are bounded,
** and coroutine.close is the host's (coroutine.c).
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

/* {====== load ====== */

/* Stack slot that keeps the piece a reader function returned alive while the parser reads it. */
#define READER_SLOT 5

/* lua_Reader over the function at index 1: each call returns its next piece, nil ends. */
static const char *function_reader(lua_State *L, void *ud, size_t *size) {
  (void)ud;
  luaL_checkstack(L, 2, "too many nested functions");
  lua_pushvalue(L, 1);
  lua_call(L, 0, 1);
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    *size = 0;
    return NULL;
  }
  if (!lua_isstring(L, -1)) luaL_error(L, "reader function must return a string");
  lua_replace(L, READER_SLOT);
  return lua_tolstring(L, READER_SLOT, size);
}

/* The mode the sandbox lets a chunk be loaded with: the requested one without 'b'. Binary chunks
   can crash the VM (there is no bytecode verifier), so they never load. */
static const char *text_only(const char *mode) {
  return strchr(mode, 't') != NULL ? "t" : "";
}

/* load(chunk [, chunkname [, mode [, env]]]) as the standard library has it, text only. */
static int sandbox_load(lua_State *L) {
  size_t length;
  const char *source = lua_tolstring(L, 1, &length);
  const char *requested = luaL_optstring(L, 3, "bt");
  const char *mode = text_only(requested);
  int env = lua_isnone(L, 4) ? 0 : 4;
  int status;
  if (source != NULL) {
    int binary = length > 0 && source[0] == LUA_SIGNATURE[0];
    if (binary && *mode == '\0') {
      luaL_pushfail(L);
      lua_pushliteral(L, "binary chunks are not allowed in the sandbox");
      return 2;
    }
    /* a text chunk with mode "b" fails as the standard load fails it */
    status = luaL_loadbufferx(L, source, length, luaL_optstring(L, 2, source), binary ? mode : requested);
  } else {
    const char *chunkname = luaL_optstring(L, 2, "=(load)");
    luaL_checktype(L, 1, LUA_TFUNCTION);
    lua_settop(L, READER_SLOT);
    status = lua_load(L, function_reader, NULL, chunkname, mode);
  }
  if (status != LUA_OK) {
    luaL_pushfail(L);
    lua_insert(L, -2);
    return 2;
  }
  if (env != 0) { /* the environment becomes the chunk's first upvalue, _ENV */
    lua_pushvalue(L, env);
    if (!lua_setupvalue(L, -2, 1)) lua_pop(L, 1);
  }
  return 1;
}

/* }====== */

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

/* setmetatable(t, mt) as the standard library has it, but refusing a metatable with __gc:
   finalizers run with hooks off, so a looping __gc could hang the host where no limit reaches. */
static int sandbox_setmetatable(lua_State *L) {
  int t = lua_type(L, 2);
  luaL_checktype(L, 1, LUA_TTABLE);
  luaL_argexpected(L, t == LUA_TNIL || t == LUA_TTABLE, 2, "nil or table");
  if (t == LUA_TTABLE) {
    lua_pushliteral(L, "__gc");
    int gc = lua_rawget(L, 2);
    lua_pop(L, 1);
    if (gc != LUA_TNIL) return luaL_error(L, "__gc metamethods are not allowed in the sandbox");
  }
  if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL)
    return luaL_error(L, "cannot change a protected metatable");
  lua_settop(L, 2);
  lua_setmetatable(L, 1);
  return 1;
}

/* string.rep that refuses, before building it, a result over ILSA_REP_MAX when the state has no
   memory limit: one C call must not spend seconds filling memory nothing else stops. Under a
   limit the allocator refuses the buffer at once (a memory error). An empty result returns at
   once (the standard one loops n times to build it: string.rep("", math.maxinteger) never
   returns). Upvalue 1 is the original. */
static int sandbox_rep(lua_State *L) {
  size_t l, lsep;
  luaL_checklstring(L, 1, &l);
  lua_Integer n = luaL_checkinteger(L, 2);
  luaL_optlstring(L, 3, "", &lsep);
  if (n <= 0 || l + lsep == 0) { /* "" however many times: the standard one would still loop n times */
    lua_pushliteral(L, "");
    return 1;
  }
  if (ilsa_gethost(L)->limit == 0 && n > 0 && (l + lsep) > 0 && (size_t)n > ILSA_REP_MAX / (l + lsep))
    return luaL_error(L, "string.rep result too large (%I copies of %d bytes; at most %d bytes)",
                      n, (int)(l + lsep), (int)ILSA_REP_MAX);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, 1);
  return 1;
}

/* The message handler of the sandbox's xpcall: the script's handler, unless an interrupt is
   pending. An error raised by the interrupt hook leaves hooks disabled until a pcall catches it,
   and Lua calls the message handler before that: a looping handler could not be stopped. */
static int guarded_handler(lua_State *L) {
  if (atomic_load(&ilsa_gethost(L)->interrupt) != ILSA_INTERRUPT_NONE) return 1;
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, 1);
  return 1;
}

static int finish_xpcall(lua_State *L, int status, lua_KContext base) {
  (void)status;
  return lua_gettop(L) - (int)base;
}

/* xpcall(f, msgh, ...) with msgh guarded; still yieldable, like the standard one (upvalue 1). */
static int sandbox_xpcall(lua_State *L) {
  luaL_checktype(L, 2, LUA_TFUNCTION);
  lua_pushvalue(L, 2);
  lua_pushcclosure(L, guarded_handler, 1);
  lua_replace(L, 2);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_callk(L, lua_gettop(L) - 1, LUA_MULTRET, 0, finish_xpcall);
  return finish_xpcall(L, LUA_OK, 0);
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
  lua_pushcfunction(L, sandbox_load);
  lua_setfield(L, -2, "load");
  lua_pushcfunction(L, sandbox_setmetatable);
  lua_setfield(L, -2, "setmetatable");
  wrap_field(L, "xpcall", sandbox_xpcall);
  lua_pushcfunction(L, sandbox_collectgarbage);
  lua_setfield(L, -2, "collectgarbage");
  lua_pop(L, 1);

  lua_getglobal(L, LUA_STRLIBNAME);
  lua_pushnil(L); lua_setfield(L, -2, "dump");
  wrap_field(L, "rep", sandbox_rep);
  lua_pop(L, 1);
  ilsa_open_bounded_patterns(L);
  ilsa_open_bounded_tables(L);

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
