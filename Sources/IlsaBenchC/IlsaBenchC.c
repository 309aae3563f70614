/*
** IlsaBenchC.c: plain-C baselines for ilsa-bench.
*/
#include "IlsaBenchC.h"

#include <lauxlib.h>
#include <lualib.h>

int ilsabench_noop(lua_State *L) {
  (void)L;
  return 0;
}

int ilsabench_record(lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  lua_Integer n = luaL_checkinteger(L, 2);
  lua_createtable(L, 0, 2);
  lua_pushlstring(L, s, len);
  lua_setfield(L, -2, "name");
  lua_pushinteger(L, n + 1);
  lua_setfield(L, -2, "value");
  return 1;
}

int ilsabench_yield(lua_State *L) { return lua_yield(L, lua_gettop(L)); }

void ilsabench_fullgc(lua_State *L) { lua_gc(L, LUA_GCCOLLECT); }

size_t ilsabench_gcbytes(lua_State *L) {
  return (size_t)lua_gc(L, LUA_GCCOUNT) * 1024 + (size_t)lua_gc(L, LUA_GCCOUNTB);
}

long ilsabench_drive_coroutine(lua_State *L, lua_Integer n) {
  lua_State *co = lua_newthread(L);
  lua_rotate(L, -2, 1); /* thread below the function */
  lua_xmove(L, co, 1);
  lua_pushinteger(co, n);
  int nargs = 1, nres = 0, status;
  long yields = 0;
  while ((status = lua_resume(co, L, nargs, &nres)) == LUA_YIELD) {
    yields++;
    lua_Integer answer = nres > 0 ? lua_tointegerx(co, -1, NULL) : 0;
    lua_pop(co, nres);
    lua_pushinteger(co, answer);
    nargs = 1;
  }
  lua_pop(L, 1); /* the thread */
  return status == LUA_OK ? yields : -1;
}

lua_State *ilsabench_newstate(int openlibs, size_t *bytes) {
  lua_State *L = luaL_newstate();
  if (L != NULL && openlibs) luaL_openlibs(L);
  if (L != NULL && bytes != NULL) *bytes = ilsabench_gcbytes(L);
  return L;
}

void ilsabench_close(lua_State *L) { lua_close(L); }
