/*
** host.c: the host context of a state: budgeted allocator, panic and warning functions,
** protected entry points, and the bookkeeping that lets interrupts reach the running thread.
*/
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* {====== Allocator ====== */

/* Lua's allocator contract: `osize` is a type tag when `ptr` is NULL; a shrink must never fail.
   Growth past the budget fails only while Lua code runs (`enforce`): a Swift host function and
   host-side set-up never see an allocation failure, so they never raise (the budget is checked
   again by the next allocation Lua itself makes). */
static void *budget_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  ilsa_host *h = (ilsa_host *)ud;
  size_t old = ptr ? osize : 0;
  if (nsize == 0) {
    free(ptr);
    h->used -= old;
    return NULL;
  }
  if (nsize > old && h->enforce && h->limit != 0) {
    size_t growth = nsize - old;
    if (h->used > h->limit || growth > h->limit - h->used) {
      return NULL;
    }
  }
  void *p = realloc(ptr, nsize);
  if (p == NULL) return NULL;
  h->used = h->used - old + nsize;
  if (h->used > h->peak) h->peak = h->used;
  return p;
}

/* }====== */

/* {====== Panic and warnings ====== */

static int panic(lua_State *L) {
  const char *msg = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "error object is not a string";
  fprintf(stderr, "ilsa: unprotected Lua error (a bug in Ilsa, please report it): %s\n", msg);
  fflush(stderr);
  return 0; /* Lua aborts after this */
}

/* Like lauxlib's warning function: "@on"/"@off" control messages, pieces joined until the last. */
static void warnf_on(void *ud, const char *message, int tocont);
static void warnf_off(void *ud, const char *message, int tocont) {
  (void)tocont;
  lua_State *L = (lua_State *)ud;
  if (message[0] == '@' && strcmp(message, "@on") == 0) lua_setwarnf(L, warnf_on, L);
}
static void warnf_cont(void *ud, const char *message, int tocont) {
  lua_State *L = (lua_State *)ud;
  fputs(message, stderr);
  if (tocont) lua_setwarnf(L, warnf_cont, L);
  else { fputs("\n", stderr); fflush(stderr); lua_setwarnf(L, warnf_on, L); }
}
static void warnf_on(void *ud, const char *message, int tocont) {
  lua_State *L = (lua_State *)ud;
  if (message[0] == '@' && !tocont) {
    if (strcmp(message, "@off") == 0) lua_setwarnf(L, warnf_off, L);
    return;
  }
  fputs("Lua warning: ", stderr);
  warnf_cont(ud, message, tocont);
}

/* }====== */

/* {====== State lifecycle ====== */

ilsa_host *ilsa_gethost(lua_State *L) { return *(ilsa_host **)lua_getextraspace(L); }

void ilsa_host_retain(ilsa_host *h) { atomic_fetch_add(&h->refs, 1); }

void ilsa_host_release(ilsa_host *h) {
  if (atomic_fetch_sub(&h->refs, 1) == 1) {
    pthread_mutex_destroy(&h->lock);
    free(h);
  }
}

lua_State *ilsa_newstate(size_t memory_limit) {
  ilsa_host *h = calloc(1, sizeof *h);
  if (h == NULL) return NULL;
  atomic_init(&h->refs, 1);
  atomic_init(&h->interrupt, ILSA_INTERRUPT_NONE);
  pthread_mutex_init(&h->lock, NULL);
  h->limit = memory_limit;
  lua_State *L = lua_newstate(budget_alloc, h);
  if (L == NULL) { ilsa_host_release(h); return NULL; }
  *(ilsa_host **)lua_getextraspace(L) = h;
  h->main = L;
  h->current = L;
  lua_atpanic(L, panic);
  lua_setwarnf(L, warnf_off, L); /* like lua.c: warnings start off */
  return L;
}

void ilsa_close(lua_State *L) {
  ilsa_host *h = ilsa_gethost(L);
  ilsa_deadline_disarm(h);
  pthread_mutex_lock(&h->lock);
  h->closed = 1;
  h->current = NULL;
  pthread_mutex_unlock(&h->lock);
  lua_close(L);
  ilsa_host_release(h);
}

size_t ilsa_memory_used(lua_State *L) { return ilsa_gethost(L)->used; }
size_t ilsa_memory_peak(lua_State *L) { return ilsa_gethost(L)->peak; }
size_t ilsa_memory_limit(lua_State *L) { return ilsa_gethost(L)->limit; }
void ilsa_set_memory_limit(lua_State *L, size_t limit) { ilsa_gethost(L)->limit = limit; }

/* }====== */

/* {====== Running thread ====== */

/* The interrupt hook must be set on the thread that is running: hooks are per thread and a
   coroutine copies its creator's hook only when it is created. The host and the coroutine
   library record every switch here, under the lock the interrupting thread takes. */
lua_State *ilsa_switch_to(ilsa_host *h, lua_State *next) {
  pthread_mutex_lock(&h->lock);
  lua_State *previous = h->current;
  h->current = next;
  if (h->lines > 0) ilsa_hook_line(next); /* every thread a prompt line runs counts its ticks */
  if (atomic_load(&h->interrupt) != ILSA_INTERRUPT_NONE) ilsa_arm_hook(next);
  pthread_mutex_unlock(&h->lock);
  return previous;
}

/* }====== */

/* {====== Registry tables ====== */

void ilsa_push_weak_table(lua_State *L, const void *key) {
  if (lua_rawgetp(L, LUA_REGISTRYINDEX, key) == LUA_TTABLE) return;
  lua_pop(L, 1);
  lua_createtable(L, 0, 4);
  lua_createtable(L, 0, 1);
  lua_pushliteral(L, "k");
  lua_setfield(L, -2, "__mode");
  lua_setmetatable(L, -2);
  lua_pushvalue(L, -1);
  lua_rawsetp(L, LUA_REGISTRYINDEX, key);
}

/* }====== */

/* {====== Protected entry points ====== */

/* lua.c's message handler: the message (or __tostring of a non-string error) plus a traceback. */
static int msghandler(lua_State *L) {
  const char *msg = lua_tostring(L, 1);
  if (msg == NULL) {
    if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING) return 1;
    msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
  }
  luaL_traceback(L, L, msg, 1);
  return 1;
}

/* What the host saves when it enters Lua, to restore on the way out. */
typedef struct { int enforce; lua_State *previous; } host_entry;

/* Turns the memory budget on and records `thread` as running. */
static host_entry enter_lua(ilsa_host *h, lua_State *thread) {
  host_entry entry = { h->enforce, NULL };
  h->enforce = 1;
  entry.previous = ilsa_switch_to(h, thread);
  return entry;
}

static void leave_lua(ilsa_host *h, host_entry entry) {
  ilsa_switch_to(h, entry.previous);
  h->enforce = entry.enforce;
}

int ilsa_pcall(lua_State *L, int nargs, int nresults) {
  ilsa_host *h = ilsa_gethost(L);
  int base = lua_gettop(L) - nargs;
  lua_pushcfunction(L, msghandler);
  lua_rotate(L, base, 1);
  host_entry entry = enter_lua(h, L);
  int status = lua_pcall(L, nargs, nresults, base);
  leave_lua(h, entry);
  lua_rotate(L, base, -1);
  lua_pop(L, 1);
  return status;
}

int ilsa_resume(lua_State *co, lua_State *from, int nargs, int *nresults) {
  ilsa_host *h = ilsa_gethost(co);
  host_entry entry = enter_lua(h, co);
  int status = lua_resume(co, from, nargs, nresults);
  leave_lua(h, entry);
  return status;
}

int ilsa_closethread(lua_State *co) {
  ilsa_host *h = ilsa_gethost(co);
  if (atomic_load(&h->interrupt) != ILSA_INTERRUPT_NONE) return LUA_OK; /* its hooks are off: never */
  host_entry entry = enter_lua(h, co);
  int status = lua_resetthread(co);
  leave_lua(h, entry);
  return status;
}

int ilsa_cpcall(lua_State *L, lua_CFunction f, void *ud) {
  lua_pushcfunction(L, f);
  lua_pushlightuserdata(L, ud);
  return ilsa_pcall(L, 1, 0);
}

int ilsa_loadtext(lua_State *L, const char *buf, size_t len, const char *chunkname) {
  ilsa_host *h = ilsa_gethost(L);
  int enforce = h->enforce;
  h->enforce = 1; /* a huge chunk counts against the budget */
  int status = luaL_loadbufferx(L, buf, len, chunkname, "t");
  h->enforce = enforce;
  return status;
}

int ilsa_loadbinary(lua_State *L, const char *buf, size_t len, const char *chunkname) {
  return luaL_loadbufferx(L, buf, len, chunkname, "b");
}

/* lua_dump's writer: appends to a malloc'd buffer (no Lua allocation, so nothing raises). */
typedef struct { char *bytes; size_t size, capacity; int failed; } dump_buffer;

static int dump_writer(lua_State *L, const void *p, size_t sz, void *ud) {
  (void)L;
  dump_buffer *b = (dump_buffer *)ud;
  if (b->size + sz > b->capacity) {
    size_t capacity = b->capacity ? b->capacity : 4096;
    while (capacity < b->size + sz) capacity *= 2;
    char *grown = realloc(b->bytes, capacity);
    if (grown == NULL) { b->failed = 1; return 1; }
    b->bytes = grown;
    b->capacity = capacity;
  }
  memcpy(b->bytes + b->size, p, sz);
  b->size += sz;
  return 0;
}

char *ilsa_dump(lua_State *L, size_t *size) {
  dump_buffer b = { NULL, 0, 0, 0 };
  lua_dump(L, dump_writer, &b, 0);
  if (b.failed) { free(b.bytes); return NULL; }
  *size = b.size;
  return b.bytes;
}

void ilsa_traceback(lua_State *L, lua_State *co, const char *msg) {
  luaL_traceback(L, co, msg, 0);
}

/* }====== */
