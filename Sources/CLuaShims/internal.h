/*
** internal.h: the host context's layout and the helpers the shim's files share.
*/
#ifndef ILSA_INTERNAL_H
#define ILSA_INTERNAL_H

#include "CLuaShims.h"

#include <pthread.h>
#include <stdatomic.h>

struct ilsa_host {
  /* memory: touched only on the VM thread */
  size_t used, peak, limit;
  int enforce;   /* 1 while Lua code runs: growth past `limit` fails */
  const char *suspending; /* name of the host function that suspended last */
  int replayable; /* 1 in the replayable profile: no result may depend on the state (addresses) */
  int closing;    /* coroutine.close calls under way on the C stack, nested */
  lua_Integer names; /* tables and functions tostring has named so far (replayable profile) */
  /* interrupts: shared with other threads */
  atomic_int refs;
  atomic_int interrupt;
  pthread_mutex_t lock;   /* guards `current` and `closed` */
  lua_State *main;
  lua_State *current;     /* the thread that is running (or last ran) */
  /* prompt lines (line.c), guarded by `lock` but `ticks` (the VM thread's alone) */
  int lines;              /* lines under way, running or waiting: 0 or 1 */
  int line_stop;          /* a stop asked for the line: ILSA_INTERRUPT_LINE or _TIMEOUT */
  lua_Integer ticks;      /* ticks of the line so far */
  lua_Integer stop_at;    /* replaying: the tick to stop the line at, or 0 */
  lua_Integer stopped_at; /* the tick the pending interrupt stopped the line at; 0: not a line's */
  int closed;
  /* watchdog: guarded by the watchdog's own lock */
  double deadline;        /* CLOCK_MONOTONIC seconds, 0 when disarmed */
  struct ilsa_host *next_armed;
};

/* Records that `next` runs from now on; returns the thread that ran before. Arms the interrupt
   hook on `next` when an interrupt is pending. */
lua_State *ilsa_switch_to(ilsa_host *h, lua_State *next);
/* Sets the interrupt hook (count 1) on `L`. Safe to call from another thread (lua_sethook is). */
void ilsa_arm_hook(lua_State *L);
/* Sets the prompt line's tick hook on `L`, unless it has it (its count goes on). */
void ilsa_hook_line(lua_State *L);
/* The time limit struck: while a prompt line is under way, asks it to stop at its next tick and
   returns 1; 0 when no line is under way (the caller interrupts the state). */
int ilsa_time_out_line(ilsa_host *h);
/* Raises the pending interrupt's message, with the position of stack level `level`. */
int ilsa_raise_interrupt(lua_State *L, int level);
/* Replaces coroutine.resume, coroutine.wrap and coroutine.close (standard semantics, plus host
   pass-through, and a coroutine that waits for the host cannot be resumed or closed by a script). */
void ilsa_open_coroutine_passthrough(lua_State *L);
/* Marks of threads no script may resume or close: one that waits for the host's answer, and
   one an interrupt stopped (its hooks stay off, so its __close handlers could not be stopped). */
#define ILSA_THREAD_WAITING 1
#define ILSA_THREAD_STOPPED 2
/* Sets (mark != 0) or clears the mark of `thread`, using L's stack. Raises only when memory
   runs out, which a host context never sees (its allocations are not budgeted). */
void ilsa_mark_thread(lua_State *L, lua_State *thread, int mark);
/* The mark of the thread at index `idx` of L, or 0. */
int ilsa_thread_mark(lua_State *L, int idx);
/* Raises "C stack overflow" unless the running thread's C stack has room for one more nested
   entry into Lua (a coroutine resumed or closed from C). */
void ilsa_check_cstack(lua_State *L);
/* Replaces table.concat, insert, move, remove and sort with versions that look at interrupts as
   they loop (see tables.c). */
void ilsa_open_bounded_tables(lua_State *L);
/* Pushes the weak-keyed table the registry keeps under `key`, making it the first time. */
void ilsa_push_weak_table(lua_State *L, const void *key);
/* Checks the interrupt flag: raises the pending interrupt from a C loop. */
#define ilsa_check_interrupt(L) \
  do { if (atomic_load(&ilsa_gethost(L)->interrupt) != ILSA_INTERRUPT_NONE) ilsa_raise_interrupt((L), 1); } while (0)

#endif
