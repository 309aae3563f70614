/*
** interrupt.c: stopping a running chunk from another thread (cancel, time limit).
**
** A count hook armed all the time doubles the cost of Lua code in 5.4, so nothing is armed while
** all is well. An interrupt sets a flag and arms a count-1 hook on the running thread (lua_sethook
** is designed to be called asynchronously, as lua.c does from its SIGINT handler). The hook raises
** on every instruction from then on, so pcall, error handlers and __close cannot swallow it, and
** the coroutine library re-raises when a resume returns to a thread without the hook.
*/
#include "internal.h"

#include <stdlib.h>
#include <time.h>
#include <math.h>

static const char *interrupt_message(int reason) {
  switch (reason) {
    case ILSA_INTERRUPT_TIMEOUT: return "time limit exceeded";
    case ILSA_INTERRUPT_CANCEL: return "interrupted";
    case ILSA_INTERRUPT_LINE: return "interrupted";
    default: return "interrupted";
  }
}

int ilsa_raise_interrupt(lua_State *L, int level) {
  luaL_where(L, level);
  lua_pushstring(L, interrupt_message(atomic_load(&ilsa_gethost(L)->interrupt)));
  lua_concat(L, 2);
  return lua_error(L);
}

static void interrupt_hook(lua_State *L, lua_Debug *ar) {
  (void)ar;
  if (atomic_load(&ilsa_gethost(L)->interrupt) == ILSA_INTERRUPT_NONE) {
    lua_sethook(L, NULL, 0, 0); /* a hook left over from an earlier, finished interrupt */
    return;
  }
  ilsa_raise_interrupt(L, 0);
}

void ilsa_arm_hook(lua_State *L) {
  /* count only: a call hook would also fire on the message handler and lose the traceback */
  lua_sethook(L, interrupt_hook, LUA_MASKCOUNT, 1);
}

void ilsa_interrupt(ilsa_host *h, int reason) {
  pthread_mutex_lock(&h->lock);
  /* The first reason stays, but a stop of the whole run outranks a prompt line's (line.c). */
  if (atomic_load(&h->interrupt) == ILSA_INTERRUPT_NONE || h->stopped_at > 0) {
    atomic_store(&h->interrupt, reason);
    h->stopped_at = 0;
  }
  if (!h->closed && h->current != NULL) ilsa_arm_hook(h->current);
  pthread_mutex_unlock(&h->lock);
}

int ilsa_interrupt_reason(ilsa_host *h) { return atomic_load(&h->interrupt); }

void ilsa_interrupt_clear(lua_State *L) {
  ilsa_host *h = ilsa_gethost(L);
  pthread_mutex_lock(&h->lock);
  atomic_store(&h->interrupt, ILSA_INTERRUPT_NONE);
  lua_sethook(h->main, NULL, 0, 0);
  if (h->current != NULL && h->current != h->main) lua_sethook(h->current, NULL, 0, 0);
  pthread_mutex_unlock(&h->lock);
}

/* {====== Watchdog: one thread for the whole process ====== */

static pthread_mutex_t watch_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t watch_cond;
static pthread_once_t watch_once = PTHREAD_ONCE_INIT;
static ilsa_host *armed; /* list of armed hosts, each holding a reference */
/* When the watchdog next wakes by itself: INFINITY while it waits for a signal, 0 before it first
   waits. An arm whose deadline is no earlier needs no signal: the watchdog rescans the list when
   it wakes. Activations are short next to their limit, so most arms find the watchdog still
   asleep until an earlier activation's deadline, and do not wake it (a wake is a context switch
   per activation). */
static double watch_wake;

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *watchdog_main(void *arg) {
  (void)arg;
  pthread_mutex_lock(&watch_lock);
  for (;;) {
    double now = now_seconds(), earliest = 0;
    ilsa_host **link = &armed;
    while (*link != NULL) {
      ilsa_host *h = *link;
      if (h->deadline <= now) {
        *link = h->next_armed;
        h->deadline = 0;
        if (!ilsa_time_out_line(h)) ilsa_interrupt(h, ILSA_INTERRUPT_TIMEOUT);
        ilsa_host_release(h);
      } else {
        if (earliest == 0 || h->deadline < earliest) earliest = h->deadline;
        link = &h->next_armed;
      }
    }
    watch_wake = earliest == 0 ? INFINITY : earliest;
    if (earliest == 0) {
      pthread_cond_wait(&watch_cond, &watch_lock);
    } else {
      struct timespec until;
      until.tv_sec = (time_t)earliest;
      until.tv_nsec = (long)((earliest - (double)until.tv_sec) * 1e9);
      pthread_cond_timedwait(&watch_cond, &watch_lock, &until);
    }
  }
  return NULL;
}

static void watchdog_start(void) {
  pthread_condattr_t attr;
  pthread_condattr_init(&attr);
  pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
  pthread_cond_init(&watch_cond, &attr);
  pthread_condattr_destroy(&attr);
  pthread_t thread;
  pthread_attr_t tattr;
  pthread_attr_init(&tattr);
  pthread_attr_setdetachstate(&tattr, PTHREAD_CREATE_DETACHED);
  if (pthread_create(&thread, &tattr, watchdog_main, NULL) != 0) abort();
  pthread_attr_destroy(&tattr);
}

static void unlink_armed(ilsa_host *h) {
  for (ilsa_host **link = &armed; *link != NULL; link = &(*link)->next_armed) {
    if (*link == h) {
      *link = h->next_armed;
      h->deadline = 0;
      ilsa_host_release(h);
      return;
    }
  }
}

void ilsa_deadline_arm(ilsa_host *h, double seconds) {
  pthread_once(&watch_once, watchdog_start);
  pthread_mutex_lock(&watch_lock);
  unlink_armed(h);
  ilsa_host_retain(h);
  h->deadline = now_seconds() + (seconds > 0 ? seconds : 0);
  h->next_armed = armed;
  armed = h;
  if (watch_wake == 0 || h->deadline < watch_wake) pthread_cond_signal(&watch_cond);
  pthread_mutex_unlock(&watch_lock);
}

void ilsa_deadline_disarm(ilsa_host *h) {
  pthread_mutex_lock(&watch_lock);
  unlink_armed(h);
  pthread_mutex_unlock(&watch_lock);
}

/* }====== */
