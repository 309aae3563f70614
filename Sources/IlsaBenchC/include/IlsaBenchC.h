/*
** IlsaBenchC: the plain-C side of `ilsa-bench` (baselines the Swift paths are compared with).
** Not part of the engine. Everything here uses the raw Lua C API, so errors raise with longjmp:
** call these only where that is safe (from Lua, or on states no Swift frame is inside of).
*/
#ifndef ILSA_BENCH_C_H
#define ILSA_BENCH_C_H

#include <stddef.h>
#include <lua.h>

/** (b): an empty lua_CFunction. */
int ilsabench_noop(lua_State *L);
/** (d-C): f(s, n) -> {name = s, value = n + 1}, with luaL_check* argument checks. */
int ilsabench_record(lua_State *L);
/** Yields its arguments (the C counterpart of a suspending host function). */
int ilsabench_yield(lua_State *L);

/** A full garbage collection (lua_gc is variadic, so Swift cannot call it). */
void ilsabench_fullgc(lua_State *L);
/** Bytes the Lua heap holds, as the collector counts them. */
size_t ilsabench_gcbytes(lua_State *L);

/** Makes a coroutine of the function on top of L (popped), resumes it from C with `n` first,
    then with the integer it last yielded, until it returns. Returns the number of yields, or -1
    if it failed. Uses lua_resume directly: no Ilsa bookkeeping. */
long ilsabench_drive_coroutine(lua_State *L, lua_Integer n);

/** Plain C: luaL_newstate + luaL_openlibs (`full`), or luaL_newstate alone. Returns the state and
    stores the heap size after opening in *bytes. */
lua_State *ilsabench_newstate(int openlibs, size_t *bytes);
void ilsabench_close(lua_State *L);

#endif
