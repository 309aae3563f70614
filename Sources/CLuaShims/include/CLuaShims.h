/*
** CLuaShims: the only C code Ilsa writes around Debian's liblua5.4.
**
** Rule: Lua raises errors and yields with longjmp. No longjmp may cross a Swift frame, so every
** call that can raise (lua_error, lua_yield, luaL_check*, lua_call) happens here, in C, after the
** Swift function has returned. Swift host functions return a status code to the trampoline.
*/
#ifndef CLUA_SHIMS_H
#define CLUA_SHIMS_H

#include <stddef.h>
#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>

/* {====== Host context: one per lua_State, shared by its coroutines ====== */

/** Per-state bookkeeping: memory budget, interrupt flag, the running thread. Reference-counted so
    another thread (a watchdog, a Ctrl-C handler) can hold it after the state is closed. */
typedef struct ilsa_host ilsa_host;

/** Why the running chunk must stop. Set from any thread; read by the interrupt hook. */
#define ILSA_INTERRUPT_NONE 0
#define ILSA_INTERRUPT_CANCEL 1
#define ILSA_INTERRUPT_TIMEOUT 2
/** The person at the prompt stopped the line (Ctrl-C): only the prompt driver's call returns. */
#define ILSA_INTERRUPT_LINE 3

/** Creates a state with the budgeted allocator, a panic handler and a warning function.
    `memory_limit` 0 means no limit. Returns NULL when memory cannot be had. */
lua_State *ilsa_newstate(size_t memory_limit);
/** Closes the state and drops its reference to the host context. */
void ilsa_close(lua_State *L);
ilsa_host *ilsa_gethost(lua_State *L);
void ilsa_host_retain(ilsa_host *h);
void ilsa_host_release(ilsa_host *h);

size_t ilsa_memory_used(lua_State *L);
size_t ilsa_memory_peak(lua_State *L);
size_t ilsa_memory_limit(lua_State *L);
void ilsa_set_memory_limit(lua_State *L, size_t limit);

/** Asks the running chunk to stop. Safe from any thread. The reason stays set until
    ilsa_interrupt_clear, so an interrupt that arrives between chunks stops the next one. */
void ilsa_interrupt(ilsa_host *h, int reason);
int ilsa_interrupt_reason(ilsa_host *h);
/** Clears the interrupt and removes the hook from the main thread. Call on the VM thread. */
void ilsa_interrupt_clear(lua_State *L);
/** Asks the prompt line to stop (Ctrl-C): the line under way, or the next to begin before the
    running chunk returns, stops at its next tick (line.c). Safe from any thread. */
void ilsa_stop_line(ilsa_host *h);
/** Replaying a prompt line: stops it at tick `tick`, where it stopped live. Call inside the line. */
void ilsa_stop_line_at(lua_State *L, lua_Integer tick);
/** Drops a stop asked for that has not landed (the line waits, or none ran): called when a
    chunk returns to the host, and when the prompt stops listening for Ctrl-C. */
void ilsa_forget_line_stop(ilsa_host *h);
/** Pushes the prompt driver's protected call: `line_pcall(f, ...)` is pcall, except that a line
    stopped by ilsa_stop_line or its time limit returns `false, message, reason, tick` and the
    caller runs on (other interrupts go on up). Give it to the prompt's driver alone. */
void ilsa_push_line_pcall(lua_State *L);
/** Interrupts the state with ILSA_INTERRUPT_TIMEOUT after `seconds`, from one watchdog thread
    shared by the process. Costs nothing while Lua runs: the hook is armed only when it fires. */
void ilsa_deadline_arm(ilsa_host *h, double seconds);
void ilsa_deadline_disarm(ilsa_host *h);

/* }====== */

/* {====== Entering Lua from the host ====== */

/** lua_pcall with lua.c's message handler (message plus traceback) below the function. Turns on
    the memory budget and tracks the running thread for interrupts. Stack: [-(nargs+1), +nres|1]. */
int ilsa_pcall(lua_State *L, int nargs, int nresults);
/** lua_resume, with the same bookkeeping as ilsa_pcall. */
int ilsa_resume(lua_State *co, lua_State *from, int nargs, int *nresults);
/** Closes a dead or suspended coroutine, running its pending __close handlers the way
    ilsa_resume runs code: under the memory budget and as the running thread, so an interrupt
    stops them. Does nothing while an interrupt is pending (the coroutine's hooks may be off for
    good, and nothing could stop its handlers). Returns a Lua status; an error is left on `co`. */
int ilsa_closethread(lua_State *co);
/** Marks `thread` as stopped by an interrupt: scripts can no longer resume or close it. */
void ilsa_mark_stopped(lua_State *L, lua_State *thread);
/** Runs `f` with one light userdata argument in protected mode, for host-side set-up that may
    raise (opening libraries, building tables). Returns a Lua status. */
int ilsa_cpcall(lua_State *L, lua_CFunction f, void *ud);
/** Loads a text chunk (binary chunks are refused). Never raises. */
int ilsa_loadtext(lua_State *L, const char *buf, size_t len, const char *chunkname);
/** Loads a binary chunk the host itself dumped with ilsa_dump in this process (never one from
    a script or a file: Lua has no bytecode verifier). Never raises. */
int ilsa_loadbinary(lua_State *L, const char *buf, size_t len, const char *chunkname);
/** Dumps the Lua function on top of L (debug information kept) into a malloc'd buffer the
    caller frees; NULL when memory runs out. The function stays on the stack. Never raises. */
char *ilsa_dump(lua_State *L, size_t *size);
/** Pushes a traceback of `co` (a dead or suspended coroutine) under message `msg`. */
void ilsa_traceback(lua_State *L, lua_State *co, const char *msg);

/* }====== */

/* {====== Swift host functions ====== */

/** What a Swift host function returns to the trampoline, besides a count of results >= 0. */
#define ILSA_RET_ERROR (-1)   /* the error value is on top of the stack: raise it */
#define ILSA_RET_SUSPEND (-2) /* suspend the running coroutine and hand control to the host */

/** The Swift dispatcher the trampoline calls: `fn` is the function's Swift object. */
typedef int (*ilsa_dispatch_fn)(lua_State *L, void *fn);
/** Releases a Swift object held by a userdata (called from __gc / __close). */
typedef void (*ilsa_release_fn)(void *object);
/** Set once at start-up by IlsaLua. */
void ilsa_set_callbacks(ilsa_dispatch_fn dispatch, ilsa_release_fn release);

/** Pushes a Lua function that calls Swift object `fn` through the trampoline. `name` is used in
    error messages ("'ilsa.sleep' cannot suspend here") and must outlive the function. */
void ilsa_pushhostfunction(lua_State *L, void *fn, const char *name);
/** The light userdata that marks a host suspension as the first value a coroutine yields. */
void *ilsa_suspend_marker(void);
/** The light userdata that, as the first resume value, makes the suspended host call raise the
    second value as an error. */
void *ilsa_raise_marker(void);

/** Pushes a full userdata holding a retained Swift object, with the metatable at `mt_index`.
    Its __gc/__close call the release callback once. Its one user value may hold the object's
    name (a string), by which the replayable profile orders it as a table key. */
void ilsa_pushobject(lua_State *L, void *object, int mt_index);
/** The Swift object in the userdata at `idx`, or NULL when released or not an object. */
void *ilsa_toobject(lua_State *L, int idx);
/** A C function for the metatable's __gc and __close: releases the object exactly once. */
int ilsa_object_release(lua_State *L);

/* }====== */

/* {====== Profiles ====== */

/** Opens every standard library, plus the coroutine pass-through. Call through ilsa_cpcall. */
int ilsa_open_full(lua_State *L);
/** Opens base, table, string, math, utf8 and coroutine only, then hardens them: text-only load,
    no dofile/loadfile/string.dump, collectgarbage("count") only, no __gc from scripts, a protected
    string metatable, bounded string.rep and pattern functions. Call through ilsa_cpcall. */
int ilsa_open_sandbox(lua_State *L);

/** Replaces string.find/match/gmatch/gsub with versions that respect interrupts and a step
    budget (string.rep is bounded by ilsa_open_sandbox). */
void ilsa_open_bounded_patterns(lua_State *L);

/** The sandbox, made replayable: whatever a script computes is a function of what it was given,
    never of the state it runs in, so a run rebuilt in a new state takes the same path. pairs and
    next visit keys in an order that is a function of the table's contents; tostring and
    string.format name tables and functions by the order the script first showed them, not by
    address; math.random, math.randomseed and collectgarbage raise (use ilsa.random). Call
    through ilsa_cpcall after ilsa_open_sandbox. */
int ilsa_open_replayable(lua_State *L);

/* }====== */

/* {====== Macros Swift cannot import ====== */

static inline const char *ilsa_lua_release(void) { return LUA_RELEASE; }
/* lua_gc is variadic in 5.4. A full collection runs __gc finalizers (their errors become warnings). */
static inline void ilsa_gc_collect(lua_State *L) { lua_gc(L, LUA_GCCOLLECT); }
static inline int ilsa_registryindex(void) { return LUA_REGISTRYINDEX; }
static inline int ilsa_upvalueindex(int i) { return lua_upvalueindex(i); }
static inline void ilsa_pop(lua_State *L, int n) { lua_settop(L, -(n) - 1); }
static inline void ilsa_newtable(lua_State *L) { lua_createtable(L, 0, 0); }
static inline void ilsa_insert(lua_State *L, int idx) { lua_rotate(L, idx, 1); }
static inline void ilsa_remove(lua_State *L, int idx) { lua_rotate(L, idx, -1); lua_settop(L, -2); }
static inline int ilsa_isnoneornil(lua_State *L, int idx) { return lua_type(L, idx) <= 0; }
static inline void ilsa_pushglobaltable(lua_State *L) { lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS); }
static inline const char *ilsa_typename_at(lua_State *L, int idx) { return lua_typename(L, lua_type(L, idx)); }

/* }====== */

#endif
