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
  /* interrupts: shared with other threads */
  atomic_int refs;
  atomic_int interrupt;
  pthread_mutex_t lock;   /* guards `current` and `closed` */
  lua_State *main;
  lua_State *current;     /* the thread that is running (or last ran) */
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
/* Raises the pending interrupt's message, with the position of stack level `level`. */
int ilsa_raise_interrupt(lua_State *L, int level);
/* Replaces coroutine.resume and coroutine.wrap (standard semantics, plus host pass-through). */
void ilsa_open_coroutine_passthrough(lua_State *L);

#endif
