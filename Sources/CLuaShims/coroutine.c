/*
** coroutine.c: coroutine.resume, coroutine.wrap and coroutine.close with the standard library's
** semantics, plus what the host needs:
**  - every switch of the running thread is recorded, so an interrupt reaches the thread that runs
**    (a hook set on one thread does not reach coroutines created before it was set), and so do
**    the __close handlers coroutine.close and a failed wrap run;
**  - a host suspension (the suspend marker yielded by a waiting host function) inside a coroutine
**    the script created passes through to the host, and the host's answer is passed back down;
**  - a coroutine that waits for the host (a run's branch, or a coroutine a suspension passes
**    through) can be resumed or closed only by the host: one branch must not hand another a
**    forged answer, or kill it while the host thinks it waits;
**  - nesting through other threads is bounded by the C stack left (ilsa_check_cstack): Lua 5.4.4
**    counts C calls per thread, so coroutine.close nested in __close handlers 200,000 deep
**    overflows the C stack (fixed upstream in 5.4.5).
*/
#if !defined(_GNU_SOURCE)
#define _GNU_SOURCE /* pthread_getattr_np */
#endif
#include "internal.h"

#include <pthread.h>
#include <string.h>

/* {====== Threads only the host may resume ====== */

/* Registry key of the weak-keyed table of marked threads: thread -> ILSA_THREAD_WAITING or
   ILSA_THREAD_STOPPED. */
static char marks_key;

static void push_marks(lua_State *L) { ilsa_push_weak_table(L, &marks_key); }

void ilsa_mark_thread(lua_State *L, lua_State *thread, int mark) {
  if (!lua_checkstack(L, 3)) return;
  push_marks(L);
  if (thread == L) {
    lua_pushthread(L);
  } else {
    if (!lua_checkstack(thread, 1)) { lua_pop(L, 1); return; } /* never raise on another thread */
    lua_pushthread(thread);
    lua_xmove(thread, L, 1);
  }
  if (mark) lua_pushinteger(L, mark); else lua_pushnil(L);
  lua_rawset(L, -3);
  lua_pop(L, 1);
}

int ilsa_thread_mark(lua_State *L, int idx) {
  idx = lua_absindex(L, idx);
  if (!lua_checkstack(L, 2)) return 0;
  push_marks(L);
  lua_pushvalue(L, idx);
  lua_rawget(L, -2);
  int mark = (int)lua_tointeger(L, -1);
  lua_pop(L, 2);
  return mark;
}

void ilsa_mark_stopped(lua_State *L, lua_State *thread) { ilsa_mark_thread(L, thread, ILSA_THREAD_STOPPED); }

/* Why a script may not resume or close the coroutine at `idx`, or NULL when it may: one that
   waits for the host, or one an interrupt stopped (its hooks are off for good, so its __close
   handlers could not be stopped). */
static const char *forbidden(lua_State *L, int idx, const char *what) {
  luaL_checkstack(L, 2, "too many values to resume");
  switch (ilsa_thread_mark(L, idx)) {
    case ILSA_THREAD_WAITING:
      return lua_pushfstring(L, "cannot %s a coroutine that waits for the engine (a run's branch, or one a "
                                "waiting call passes through); only the engine's answer resumes it", what);
    case ILSA_THREAD_STOPPED:
      return lua_pushfstring(L, "cannot %s a coroutine that a time limit or an interrupt stopped", what);
    default:
      return NULL;
  }
}

/* Raises when a script may not resume or close the coroutine at `idx`. */
static void check_scripts_may(lua_State *L, int idx, const char *what) {
  if (forbidden(L, idx, what) != NULL) lua_error(L);
}

/* After a resume of `co` failed while an interrupt is pending: `co` died with its hooks off. */
static void mark_if_stopped(lua_State *L, lua_State *co) {
  if (atomic_load(&ilsa_gethost(L)->interrupt) != ILSA_INTERRUPT_NONE && lua_status(co) != LUA_OK && lua_status(co) != LUA_YIELD)
    ilsa_mark_thread(L, co, ILSA_THREAD_STOPPED);
}

/* }====== */

/* {====== C stack ====== */

/* Lowest address the C stack of this thread may reach before ilsa_check_cstack refuses: the
   stack's end plus a reserve for a full Lua call chain (LUAI_MAXCCALLS levels) below the check. */
static __thread char *cstack_floor;

static char *find_cstack_floor(void) {
  pthread_attr_t attr;
  void *low = NULL;
  size_t size = 0;
  if (pthread_getattr_np(pthread_self(), &attr) == 0) {
    pthread_attr_getstack(&attr, &low, &size);
    pthread_attr_destroy(&attr);
  }
  if (low == NULL || size == 0) return (char *)1; /* unknown: rely on Lua's own counts */
  size_t reserve = size / 2;
  if (reserve > ((size_t)2 << 20)) reserve = (size_t)2 << 20;
  return (char *)low + reserve;
}

void ilsa_check_cstack(lua_State *L) {
  char here;
  if (cstack_floor == NULL) cstack_floor = find_cstack_floor();
  if (&here < cstack_floor) luaL_error(L, "C stack overflow (coroutines resumed or closed too deeply inside each other)");
}

/* }====== */

/* Resumes `co` with the `narg` values on top of L. Returns the number of values moved to L, or
   -1 with the error on top of L. Follows lcorolib.c's contract for messages. */
static int auxresume(lua_State *L, lua_State *co, int narg) {
  int status, nres;
  ilsa_check_cstack(L);
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
  if (atomic_load(&ilsa_gethost(L)->interrupt) != ILSA_INTERRUPT_NONE) {
    mark_if_stopped(L, co);
    return ilsa_raise_interrupt(L, 1);
  }
  if (r < 0) {
    lua_pushboolean(L, 0);
    lua_insert(L, -2);
    return 2;
  }
  if (is_suspension(L, r)) {
    if (!lua_isyieldable(L)) return cannot_pass(L, co);
    ilsa_mark_thread(L, L, ILSA_THREAD_WAITING);
    return lua_yieldk(L, r, 0, resume_k); /* hand the command up; resume_k gets the answer */
  }
  lua_pushboolean(L, 1);
  lua_insert(L, -(r + 1));
  return r + 1;
}

static int resume_k(lua_State *L, int status, lua_KContext ctx) {
  (void)status; (void)ctx;
  ilsa_mark_thread(L, L, 0);
  return resume_step(L, lua_gettop(L) - 1);
}

static int co_resume(lua_State *L) {
  getco(L);
  if (forbidden(L, 1, "resume") != NULL) { /* as for any coroutine that cannot be resumed: false, why */
    lua_pushboolean(L, 0);
    lua_insert(L, -2);
    return 2;
  }
  return resume_step(L, lua_gettop(L) - 1);
}

static int wrap_k(lua_State *L, int status, lua_KContext ctx);

/* One step of a coroutine.wrap function: the coroutine is upvalue 1, its arguments the stack. */
static int wrap_step(lua_State *L, int narg) {
  lua_State *co = lua_tothread(L, lua_upvalueindex(1));
  int r = auxresume(L, co, narg);
  if (atomic_load(&ilsa_gethost(L)->interrupt) != ILSA_INTERRUPT_NONE) {
    mark_if_stopped(L, co);
    return ilsa_raise_interrupt(L, 1);
  }
  if (r < 0) {
    int stat = lua_status(co);
    if (stat != LUA_OK && stat != LUA_YIELD) { /* error in the coroutine: close it */
      lua_State *previous = ilsa_switch_to(ilsa_gethost(L), co); /* interrupts reach its __close */
      stat = lua_resetthread(co);
      ilsa_switch_to(ilsa_gethost(L), previous);
      if (atomic_load(&ilsa_gethost(L)->interrupt) != ILSA_INTERRUPT_NONE) return ilsa_raise_interrupt(L, 1);
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
    ilsa_mark_thread(L, L, ILSA_THREAD_WAITING);
    return lua_yieldk(L, r, 0, wrap_k);
  }
  return r;
}

static int wrap_k(lua_State *L, int status, lua_KContext ctx) {
  (void)status; (void)ctx;
  ilsa_mark_thread(L, L, 0);
  return wrap_step(L, lua_gettop(L));
}

static int auxwrap(lua_State *L) {
  check_scripts_may(L, lua_upvalueindex(1), "resume");
  return wrap_step(L, lua_gettop(L));
}

static int co_wrap(lua_State *L) {
  luaL_checktype(L, 1, LUA_TFUNCTION);
  lua_State *NL = lua_newthread(L);
  lua_pushvalue(L, 1);
  lua_xmove(L, NL, 1);
  lua_pushcclosure(L, auxwrap, 1);
  return 1;
}

/* Nested coroutine.close calls allowed on one C stack: far more than any script needs, and few
   enough that the C stack check is a second line of defence, not the first. */
#define ILSA_CLOSE_MAX_NESTING 64

/* What coroutine.status would say, as lcorolib.c's auxstatus. */
static const char *status_name(lua_State *L, lua_State *co) {
  if (L == co) return "running";
  switch (lua_status(co)) {
    case LUA_YIELD: return "suspended";
    case LUA_OK: {
      lua_Debug ar;
      if (lua_getstack(co, 0, &ar)) return "normal";
      return lua_gettop(co) == 0 ? "dead" : "suspended";
    }
    default: return "dead";
  }
}

/* coroutine.close(co) with the standard semantics; its __close handlers run as the running
   thread (so interrupts reach them), nested closes are bounded, and a coroutine that waits for
   the host cannot be closed by a script. */
static int co_close(lua_State *L) {
  lua_State *co = getco(L);
  const char *status = status_name(L, co);
  if (strcmp(status, "dead") != 0 && strcmp(status, "suspended") != 0)
    return luaL_error(L, "cannot close a %s coroutine", status);
  check_scripts_may(L, 1, "close");
  ilsa_check_interrupt(L);
  ilsa_host *h = ilsa_gethost(L);
  if (h->closing >= ILSA_CLOSE_MAX_NESTING)
    return luaL_error(L, "coroutine.close nested too deeply (more than %d closes inside __close handlers)",
                      ILSA_CLOSE_MAX_NESTING);
  ilsa_check_cstack(L);
  h->closing++;
  lua_State *previous = ilsa_switch_to(h, co);
  int result = lua_resetthread(co);
  ilsa_switch_to(h, previous);
  h->closing--;
  if (atomic_load(&h->interrupt) != ILSA_INTERRUPT_NONE) return ilsa_raise_interrupt(L, 1);
  if (result == LUA_OK) {
    lua_pushboolean(L, 1);
    return 1;
  }
  lua_pushboolean(L, 0);
  lua_xmove(co, L, 1); /* the error */
  return 2;
}

void ilsa_open_coroutine_passthrough(lua_State *L) {
  lua_getglobal(L, "coroutine");
  if (lua_type(L, -1) == LUA_TTABLE) {
    lua_pushcfunction(L, co_resume);
    lua_setfield(L, -2, "resume");
    lua_pushcfunction(L, co_wrap);
    lua_setfield(L, -2, "wrap");
    lua_pushcfunction(L, co_close);
    lua_setfield(L, -2, "close");
  }
  lua_pop(L, 1);
}
