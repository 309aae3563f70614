/*
** coroutine.c: coroutine.resume and coroutine.wrap with the standard library's semantics, plus
** two things the host needs:
**  - every switch of the running thread is recorded, so an interrupt reaches the thread that runs
**    (a hook set on one thread does not reach coroutines created before it was set);
**  - a host suspension (the suspend marker yielded by a waiting host function) inside a coroutine
**    the script created passes through to the host, and the host's answer is passed back down.
*/
#include "internal.h"

/* Resumes `co` with the `narg` values on top of L. Returns the number of values moved to L, or
   -1 with the error on top of L. Follows lcorolib.c's contract for messages. */
static int auxresume(lua_State *L, lua_State *co, int narg) {
  int status, nres;
  if (!lua_checkstack(co, narg)) {
    lua_pushliteral(L, "too many arguments to resume");
    return -1;
  }
  lua_xmove(L, co, narg);
  ilsa_host *h = ilsa_gethost(L);
  lua_State *previous = ilsa_switch_to(h, co);
  status = lua_resume(co, L, narg, &nres);
  ilsa_switch_to(h, previous);
  if (status == LUA_OK || status == LUA_YIELD) {
    if (!lua_checkstack(L, nres + 1)) {
      lua_pop(co, nres);
      lua_pushliteral(L, "too many results to resume");
      return -1;
    }
    lua_xmove(co, L, nres);
    return nres;
  }
  lua_xmove(co, L, 1);
  return -1;
}

static lua_State *getco(lua_State *L) {
  lua_State *co = lua_tothread(L, 1);
  luaL_argexpected(L, co, 1, "thread");
  return co;
}

/* True when the `n` values on top of L start with the suspend marker. */
static int is_suspension(lua_State *L, int n) {
  return n >= 1 && lua_touserdata(L, -n) == ilsa_suspend_marker();
}

/* A suspension came up from `co` but L cannot pass it on: close `co` and raise. */
static int cannot_pass(lua_State *L, lua_State *co) {
  const char *name = ilsa_gethost(L)->suspending;
  lua_resetthread(co);
  return luaL_error(L, "'%s' cannot suspend: its coroutine was resumed from code that cannot "
                       "suspend (the main chunk outside a run, or a C function)",
                    name ? name : "?");
}

static int resume_k(lua_State *L, int status, lua_KContext ctx);

/* One step of coroutine.resume: the coroutine is at index 1, its arguments above. */
static int resume_step(lua_State *L, int narg) {
  lua_State *co = lua_tothread(L, 1);
  int r = auxresume(L, co, narg);
  if (atomic_load(&ilsa_gethost(L)->interrupt) != ILSA_INTERRUPT_NONE) return ilsa_raise_interrupt(L, 1);
  if (r < 0) {
    lua_pushboolean(L, 0);
    lua_insert(L, -2);
    return 2;
  }
  if (is_suspension(L, r)) {
    if (!lua_isyieldable(L)) return cannot_pass(L, co);
    return lua_yieldk(L, r, 0, resume_k); /* hand the command up; resume_k gets the answer */
  }
  lua_pushboolean(L, 1);
  lua_insert(L, -(r + 1));
  return r + 1;
}

static int resume_k(lua_State *L, int status, lua_KContext ctx) {
  (void)status; (void)ctx;
  return resume_step(L, lua_gettop(L) - 1);
}

static int co_resume(lua_State *L) {
  getco(L);
  return resume_step(L, lua_gettop(L) - 1);
}

static int wrap_k(lua_State *L, int status, lua_KContext ctx);

/* One step of a coroutine.wrap function: the coroutine is upvalue 1, its arguments the stack. */
static int wrap_step(lua_State *L, int narg) {
  lua_State *co = lua_tothread(L, lua_upvalueindex(1));
  int r = auxresume(L, co, narg);
  if (atomic_load(&ilsa_gethost(L)->interrupt) != ILSA_INTERRUPT_NONE) return ilsa_raise_interrupt(L, 1);
  if (r < 0) {
    int stat = lua_status(co);
    if (stat != LUA_OK && stat != LUA_YIELD) { /* error in the coroutine: close it */
      stat = lua_resetthread(co);
      lua_xmove(co, L, 1);
    }
    if (stat != LUA_ERRMEM && lua_type(L, -1) == LUA_TSTRING) {
      luaL_where(L, 1);
      lua_insert(L, -2);
      lua_concat(L, 2);
    }
    return lua_error(L);
  }
  if (is_suspension(L, r)) {
    if (!lua_isyieldable(L)) return cannot_pass(L, co);
    return lua_yieldk(L, r, 0, wrap_k);
  }
  return r;
}

static int wrap_k(lua_State *L, int status, lua_KContext ctx) {
  (void)status; (void)ctx;
  return wrap_step(L, lua_gettop(L));
}

static int auxwrap(lua_State *L) { return wrap_step(L, lua_gettop(L)); }

static int co_wrap(lua_State *L) {
  luaL_checktype(L, 1, LUA_TFUNCTION);
  lua_State *NL = lua_newthread(L);
  lua_pushvalue(L, 1);
  lua_xmove(L, NL, 1);
  lua_pushcclosure(L, auxwrap, 1);
  return 1;
}

void ilsa_open_coroutine_passthrough(lua_State *L) {
  lua_getglobal(L, "coroutine");
  if (lua_type(L, -1) == LUA_TTABLE) {
    lua_pushcfunction(L, co_resume);
    lua_setfield(L, -2, "resume");
    lua_pushcfunction(L, co_wrap);
    lua_setfield(L, -2, "wrap");
  }
  lua_pop(L, 1);
}
