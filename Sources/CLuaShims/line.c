/*
** line.c: the protected call of the prompt's driver, from which a stopped line returns.
**
** An interrupt stops everything (interrupt.c): pcall cannot catch it, so a cancelled run or one
** past its time limit ends whatever its script does. The prompt (`ilsa repl`) needs one
** exception: Ctrl-C, or the time limit, stops the line the person typed, and the session's
** driver goes on with its globals, as lua.c's does. ilsa_push_line_pcall gives that driver its
** pcall; only the driver is given it (a playbook that had it could outlive its time limit).
**
** The session is a run, so a replay must stop the line at the very instruction it stopped at
** live, or what the line computed would differ. A stop therefore lands on a tick: every thread
** that runs during a line carries a count hook (every LINE_TICK instructions), the ticks of the
** line are counted, and a stop asked for (Ctrl-C, the time limit) is made at the next tick and
** named by its number. A replay asks for the stop at that tick number. Instruction counts are a
** function of the code and what it was given, which a replay gives again.
*/
#include "internal.h"

/* Instructions between ticks: Ctrl-C lands within microseconds. The count itself is the cost:
   with any count hook set, Lua 5.4 steps through luaG_traceexec on every instruction, so a line
   runs at about half the speed of unhooked code (docs/benchmarks.md). */
#define LINE_TICK 1000

static void line_hook(lua_State *L, lua_Debug *ar) {
  (void)ar;
  ilsa_host *h = ilsa_gethost(L);
  if (h->lines == 0) return; /* a thread that ran in an earlier line */
  h->ticks++;
  pthread_mutex_lock(&h->lock);
  /* A replay stops where the history says, and at no other tick. */
  int reason = h->stop_at > 0 ? (h->ticks >= h->stop_at ? ILSA_INTERRUPT_LINE : ILSA_INTERRUPT_NONE) : h->line_stop;
  if (reason != ILSA_INTERRUPT_NONE && atomic_load(&h->interrupt) == ILSA_INTERRUPT_NONE) {
    h->stopped_at = h->ticks;
    atomic_store(&h->interrupt, reason);
  }
  int stopping = atomic_load(&h->interrupt) != ILSA_INTERRUPT_NONE;
  if (stopping) ilsa_arm_hook(L); /* from here on, the uncatchable interrupt of interrupt.c */
  pthread_mutex_unlock(&h->lock);
  if (stopping) ilsa_raise_interrupt(L, 0);
}

void ilsa_hook_line(lua_State *L) {
  if (lua_gethook(L) != line_hook) lua_sethook(L, line_hook, LUA_MASKCOUNT, LINE_TICK);
}

static const char *stop_reason(int interrupt) {
  switch (interrupt) {
    case ILSA_INTERRUPT_LINE: return "interrupted";
    case ILSA_INTERRUPT_TIMEOUT: return "time limit exceeded";
    default: return NULL;
  }
}

/* Where the call ends, returned to or resumed after a yield: pcall's results, and on a stop two
   more values, its reason and its tick, with the stop cleared so the caller runs on. */
static int finish_line(lua_State *L, int status, lua_KContext extra) {
  (void)extra;
  ilsa_host *h = ilsa_gethost(L);
  pthread_mutex_lock(&h->lock);
  h->lines--;
  h->line_stop = ILSA_INTERRUPT_NONE;
  h->stop_at = 0;
  lua_Integer tick = h->stopped_at;
  h->stopped_at = 0;
  pthread_mutex_unlock(&h->lock);
  /* Lua 5.4 pays for a count hook on every instruction: the driver's own code runs without it. */
  if (lua_gethook(L) == line_hook) lua_sethook(L, NULL, 0, 0);
  int interrupt = atomic_load(&h->interrupt);
  if (status == LUA_OK || status == LUA_YIELD) return lua_gettop(L); /* true, results... */
  const char *reason = tick > 0 ? stop_reason(interrupt) : NULL;
  lua_pushboolean(L, 0);
  lua_pushvalue(L, -2);
  if (reason == NULL) return 2; /* an error, or a stop of the whole run: it goes on up */
  ilsa_interrupt_clear(L);
  lua_pushstring(L, reason);
  lua_pushinteger(L, tick);
  return 4;
}

/* line_pcall(f, ...) -> true, results... | false, message [, reason, tick] */
static int line_pcall(lua_State *L) {
  luaL_checkany(L, 1);
  ilsa_host *h = ilsa_gethost(L);
  pthread_mutex_lock(&h->lock);
  h->lines++;
  h->ticks = 0; /* a stop asked for before the line began stays: it is for this line */
  h->stop_at = 0;
  h->stopped_at = 0;
  pthread_mutex_unlock(&h->lock);
  lua_sethook(L, line_hook, LUA_MASKCOUNT, LINE_TICK); /* the count starts with the line */
  lua_pushboolean(L, 1); /* the first result when the line ends well */
  lua_insert(L, 1);
  int status = lua_pcallk(L, lua_gettop(L) - 2, LUA_MULTRET, 0, 0, finish_line);
  return finish_line(L, status, 0);
}

void ilsa_push_line_pcall(lua_State *L) { lua_pushcfunction(L, line_pcall); }

void ilsa_stop_line(ilsa_host *h) {
  pthread_mutex_lock(&h->lock);
  if (h->line_stop == ILSA_INTERRUPT_NONE) h->line_stop = ILSA_INTERRUPT_LINE;
  pthread_mutex_unlock(&h->lock);
}

void ilsa_stop_line_at(lua_State *L, lua_Integer tick) {
  ilsa_host *h = ilsa_gethost(L);
  pthread_mutex_lock(&h->lock);
  if (h->lines > 0) h->stop_at = tick;
  pthread_mutex_unlock(&h->lock);
}

int ilsa_time_out_line(ilsa_host *h) {
  pthread_mutex_lock(&h->lock);
  int in_line = h->lines > 0;
  /* A replay has no time limit short of its recorded stop: it ran that far live. */
  if (in_line && h->line_stop == ILSA_INTERRUPT_NONE && h->stop_at == 0) h->line_stop = ILSA_INTERRUPT_TIMEOUT;
  pthread_mutex_unlock(&h->lock);
  return in_line;
}

void ilsa_forget_line_stop(ilsa_host *h) {
  pthread_mutex_lock(&h->lock);
  h->line_stop = ILSA_INTERRUPT_NONE;
  pthread_mutex_unlock(&h->lock);
}
