/*
** trampoline.c: calling Swift from Lua. The Swift function returns a status; this file raises or
** suspends for it after the Swift frame has returned, so no longjmp ever crosses Swift.
*/
#include "internal.h"

#include <string.h>

static ilsa_dispatch_fn dispatch;
static ilsa_release_fn release;
static char suspend_marker, raise_marker;

void ilsa_set_callbacks(ilsa_dispatch_fn d, ilsa_release_fn r) { dispatch = d; release = r; }
void *ilsa_suspend_marker(void) { return &suspend_marker; }
void *ilsa_raise_marker(void) { return &raise_marker; }

/* Finds the frame that keeps Lua from suspending: the nearest C function (table.sort,
   string.gsub, tostring, require...) or a finalizer. Pushes a description such as "'sort'". */
static void push_barrier(lua_State *L) {
  lua_Debug ar;
  for (int level = 1; lua_getstack(L, level, &ar); level++) {
    if (!lua_getinfo(L, "Sn", &ar)) break;
    int is_c = strcmp(ar.what, "C") == 0;
    int is_meta = ar.namewhat != NULL && strcmp(ar.namewhat, "metamethod") == 0;
    if (is_c || is_meta) {
      if (ar.name != NULL) lua_pushfstring(L, "%s '%s'", is_meta ? "metamethod" : "function", ar.name);
      else lua_pushliteral(L, "a C function");
      return;
    }
  }
  lua_pushliteral(L, "code that cannot suspend");
}

/* The continuation of a suspended host call: the values the host resumed with are its results,
   unless the first is the raise marker, in which case the second is raised as an error. */
static int after_suspend(lua_State *L, int status, lua_KContext base) {
  (void)status;
  ilsa_mark_thread(L, L, 0);
  int first = (int)base + 1;
  if (lua_gettop(L) >= first && lua_touserdata(L, first) == &raise_marker) {
    lua_settop(L, first + 1);
    return lua_error(L);
  }
  return lua_gettop(L) - (int)base;
}

/* A host call left the state over its memory budget: raise as Lua does when memory runs out. */
static int __attribute__((noinline)) over_budget(lua_State *L) {
  lua_settop(L, 0);
  lua_pushliteral(L, "not enough memory");
  return lua_error(L);
}

/* The slow half of the trampoline: a suspension or an error. Kept out of line so the common
   case (results) stays short. */
static int __attribute__((noinline)) suspend_or_raise(lua_State *L, ilsa_host *h, int r) {
  if (r != ILSA_RET_SUSPEND) return lua_error(L); /* Swift put the position in front where Lua would */
  const char *name = lua_tostring(L, lua_upvalueindex(2));
  if (!lua_isyieldable(L)) {
    if (L == h->main) {
      return luaL_error(L, "'%s' cannot suspend here: it waits, so it must run inside a "
                           "playbook run or a coroutine the host drives", name);
    }
    push_barrier(L);
    return luaL_error(L, "'%s' cannot suspend inside %s: Lua cannot pause through it "
                         "(a table.sort comparator, a string.gsub function, __tostring, "
                         "__gc or a module's top level); move the call out",
                      name, lua_tostring(L, -1));
  }
  h->suspending = name;
  int base = lua_gettop(L);
  ilsa_mark_thread(L, L, ILSA_THREAD_WAITING); /* no script may resume it with a forged answer */
  lua_pushlightuserdata(L, &suspend_marker);
  return lua_yieldk(L, 1, (lua_KContext)base, after_suspend);
}

static int trampoline(lua_State *L) {
  ilsa_host *h = *(ilsa_host **)lua_getextraspace(L);
  int enforce = h->enforce;
  h->enforce = 0; /* Swift code must never see an allocation failure */
  int r = dispatch(L, lua_touserdata(L, lua_upvalueindex(1)));
  h->enforce = enforce;
  /* What the host allocated for the script counts: past the budget, the call fails as an
     allocation by the script would (the host never fails half-way). */
  if (enforce && h->limit != 0 && h->used > h->limit) return over_budget(L);
  if (r >= 0) return r;
  return suspend_or_raise(L, h, r);
}

void ilsa_pushhostfunction(lua_State *L, void *fn, const char *name) {
  lua_pushlightuserdata(L, fn);
  lua_pushstring(L, name);
  lua_pushcclosure(L, trampoline, 2);
}

/* {====== Swift objects as userdata ====== */

void ilsa_pushobject(lua_State *L, void *object, int mt_index) {
  mt_index = lua_absindex(L, mt_index);
  void **slot = (void **)lua_newuserdatauv(L, sizeof(void *), 1); /* user value 1: its name */
  *slot = object;
  lua_pushvalue(L, mt_index);
  lua_setmetatable(L, -2);
}

void *ilsa_toobject(lua_State *L, int idx) {
  if (lua_type(L, idx) != LUA_TUSERDATA || lua_rawlen(L, idx) != sizeof(void *)) return NULL;
  return *(void **)lua_touserdata(L, idx);
}

int ilsa_object_release(lua_State *L) {
  if (lua_type(L, 1) == LUA_TUSERDATA && lua_rawlen(L, 1) == sizeof(void *)) {
    void **slot = (void **)lua_touserdata(L, 1);
    void *object = *slot;
    *slot = NULL;
    if (object != NULL) release(object);
  }
  return 0;
}

/* }====== */
