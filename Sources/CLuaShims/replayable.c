/*
** replayable.c: the replayable profile, for playbook runs. A run is rebuilt after a restart by
** running its script again in a new Lua state and checking each command against the history, so
** nothing a script computes may depend on the state it runs in. The sandbox leaves four such
** things, and this file closes them:
**
**  - iteration order: pairs and next visit a table's keys in the order Lua's hash part keeps,
**    and that order depends on the state's hash seed and on addresses. Here they visit keys in
**    an order that is a function of the keys alone: numbers ascending, then strings by their
**    bytes, then false and true, then host objects (task and timer handles) by the name the
**    host gave them. A table keyed by tables, functions or coroutines has no such order: pairs
**    and next raise, naming the cause, instead of diverging on replay.
**  - addresses: tostring of a table or function, and string.format's %s and %p, show an
**    address. Here tostring names such a value by the order the script first showed one
**    ("table: #3"), and %p raises.
**  - randomness: math.random is seeded from the clock and addresses; it raises (ilsa.random is
**    seeded from the run's history).
**  - memory: collectgarbage("count") differs between a run and its replay; it raises.
*/
#include "internal.h"

#include <stdlib.h>
#include <string.h>

/* How many keys pass between two looks at the interrupt flag while keys are gathered. */
#define ILSA_KEYS_CHECK_EVERY 1024

/* {====== The order of keys ====== */

/* Kinds of keys, in the order they come. */
enum { KEY_NUMBER, KEY_STRING, KEY_BOOLEAN, KEY_OBJECT, KEY_UNORDERED };

typedef struct Key {
  int kind;
  int integer;       /* KEY_NUMBER: whether it is an integer */
  lua_Integer i;
  lua_Number n;
  const char *text;  /* KEY_STRING, KEY_OBJECT: the bytes (kept alive by the keys table) */
  size_t length;
  int position;      /* where it is in the keys table, from 1 */
} Key;

/* Describes the key at stack index idx. An object is a full userdata whose first user value is
   a string: the name the host gave it (IlsaLua sets it for objects of registered types). */
static Key describe(lua_State *L, int idx) {
  Key k;
  memset(&k, 0, sizeof k);
  switch (lua_type(L, idx)) {
    case LUA_TNUMBER:
      k.kind = KEY_NUMBER;
      k.integer = lua_isinteger(L, idx);
      if (k.integer) k.i = lua_tointeger(L, idx); else k.n = lua_tonumber(L, idx);
      break;
    case LUA_TSTRING:
      k.kind = KEY_STRING;
      k.text = lua_tolstring(L, idx, &k.length);
      break;
    case LUA_TBOOLEAN:
      k.kind = KEY_BOOLEAN;
      k.i = lua_toboolean(L, idx);
      break;
    case LUA_TUSERDATA:
      k.kind = KEY_UNORDERED;
      if (lua_getiuservalue(L, idx, 1) == LUA_TSTRING) {
        k.kind = KEY_OBJECT;
        k.text = lua_tolstring(L, -1, &k.length); /* the userdata keeps its user value alive */
      }
      lua_pop(L, 1);
      break;
    default:
      k.kind = KEY_UNORDERED;
      break;
  }
  return k;
}

static int compare_numbers(const Key *a, const Key *b) {
  if (a->integer && b->integer) return a->i < b->i ? -1 : a->i > b->i;
  /* integers and floats: compare as Lua does, exactly (a float key is never integral) */
  if (a->integer) {
    lua_Number f = b->n;
    if (f >= (lua_Number)LUA_MAXINTEGER) return -1;
    if (f < (lua_Number)LUA_MININTEGER) return 1;
    return (lua_Number)a->i < f ? -1 : 1;
  }
  if (b->integer) return -compare_numbers(b, a);
  return a->n < b->n ? -1 : a->n > b->n;
}

static int compare_bytes(const Key *a, const Key *b) {
  size_t n = a->length < b->length ? a->length : b->length;
  int c = memcmp(a->text, b->text, n);
  if (c != 0) return c < 0 ? -1 : 1;
  return a->length < b->length ? -1 : a->length > b->length;
}

/* The order of two ordered keys: <0, 0 or >0. Equal objects (two with one name) compare 0. */
static int compare_keys(const Key *a, const Key *b) {
  if (a->kind != b->kind) return a->kind < b->kind ? -1 : 1;
  switch (a->kind) {
    case KEY_NUMBER: return compare_numbers(a, b);
    case KEY_BOOLEAN: return (int)(a->i - b->i);
    default: return compare_bytes(a, b);
  }
}

static int qsort_keys(const void *a, const void *b) { return compare_keys((const Key *)a, (const Key *)b); }

/* Raises for a key with no order of its own. */
static int unordered(lua_State *L, int idx, const char *function) {
  return luaL_error(L, "%s: this table has a %s as a key, and such keys have no fixed order: it "
                       "would change when the run is replayed. A playbook cannot iterate such a "
                       "table; keep the values in a list and use ipairs",
                    function, luaL_typename(L, idx));
}

/* }====== */

/* {====== pairs ====== */

/* The iterator pairs returns. Upvalues: 1, the table's keys in order (a sequence) or false when
   the keys are exactly 1..n; 2, the next position; 3, n. Keys removed since are skipped. */
static int pairs_step(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_Integer position = lua_tointeger(L, lua_upvalueindex(2));
  lua_Integer count = lua_tointeger(L, lua_upvalueindex(3));
  int ordered = lua_toboolean(L, lua_upvalueindex(1));
  while (position <= count) {
    if (ordered) lua_rawgeti(L, lua_upvalueindex(1), position); else lua_pushinteger(L, position);
    position++;
    lua_pushvalue(L, -1);
    if (lua_rawget(L, 1) != LUA_TNIL) {
      lua_pushinteger(L, position);
      lua_replace(L, lua_upvalueindex(2));
      return 2;
    }
    lua_pop(L, 2);
  }
  lua_pushinteger(L, position);
  lua_replace(L, lua_upvalueindex(2));
  lua_pushnil(L);
  return 1;
}

static int replayable_next(lua_State *L);

/* pairs(t): __pairs when the metatable has one, else the keys in their fixed order. */
static int replayable_pairs(lua_State *L) {
  luaL_checkany(L, 1);
  if (luaL_getmetafield(L, 1, "__pairs") != LUA_TNIL) { /* as the standard pairs */
    lua_pushvalue(L, 1);
    lua_call(L, 1, 3);
    return 3;
  }
  if (lua_type(L, 1) != LUA_TTABLE) { /* the first step raises, as the standard loop would */
    lua_pushcfunction(L, replayable_next);
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    return 3;
  }
  lua_settop(L, 1);
  /* Gather the keys; note whether they are exactly 1..n. */
  lua_Integer count = 0;
  int sequence = 1;
  lua_newtable(L); /* 2: keys */
  lua_pushnil(L);
  while (lua_next(L, 1) != 0) {
    lua_pop(L, 1);
    count++;
    if ((count & (ILSA_KEYS_CHECK_EVERY - 1)) == 0) ilsa_check_interrupt(L);
    if (!(lua_isinteger(L, -1) && lua_tointeger(L, -1) >= 1 && lua_tointeger(L, -1) <= (lua_Integer)lua_rawlen(L, 1)))
      sequence = 0;
    lua_pushvalue(L, -1);
    lua_rawseti(L, 2, count);
  }
  if (sequence && count == (lua_Integer)lua_rawlen(L, 1)) {
    lua_pushboolean(L, 0); /* keys 1..n: no need to sort */
  } else {
    Key *keys = (Key *)lua_newuserdatauv(L, sizeof(Key) * (size_t)(count > 0 ? count : 1), 0); /* 3 */
    for (lua_Integer i = 1; i <= count; i++) {
      lua_rawgeti(L, 2, i);
      keys[i - 1] = describe(L, -1);
      keys[i - 1].position = (int)i;
      if (keys[i - 1].kind == KEY_UNORDERED) return unordered(L, -1, "pairs");
      lua_pop(L, 1);
    }
    qsort(keys, (size_t)count, sizeof(Key), qsort_keys);
    for (lua_Integer i = 1; i < count; i++) {
      if (keys[i - 1].kind == KEY_OBJECT && compare_keys(&keys[i - 1], &keys[i]) == 0)
        return luaL_error(L, "pairs: two keys of this table are host objects with the same name; their order is not fixed");
    }
    lua_createtable(L, (int)count, 0); /* 4: the keys in order */
    for (lua_Integer i = 1; i <= count; i++) {
      lua_rawgeti(L, 2, keys[i - 1].position);
      lua_rawseti(L, 4, i);
    }
  }
  lua_pushinteger(L, 1);
  lua_pushinteger(L, count);
  lua_pushcclosure(L, pairs_step, 3);
  lua_pushvalue(L, 1);
  lua_pushnil(L);
  return 3;
}

/* }====== */

/* {====== next ====== */

/* next(t [, k]): the key after k in the fixed order (the first with k nil) and its value. Each
   call looks at every key, so a loop over next is quadratic: pairs is the way to iterate. */
static int replayable_next(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 2);
  int has_after = !lua_isnil(L, 2);
  Key after;
  if (has_after) {
    after = describe(L, 2);
    if (after.kind == KEY_UNORDERED) return unordered(L, 2, "next");
  }
  int best = 0; /* stack index of the best key so far */
  Key best_key;
  lua_Integer seen = 0;
  lua_pushnil(L);
  while (lua_next(L, 1) != 0) {
    lua_pop(L, 1);
    if ((++seen & (ILSA_KEYS_CHECK_EVERY - 1)) == 0) ilsa_check_interrupt(L);
    Key k = describe(L, -1);
    if (k.kind == KEY_UNORDERED) return unordered(L, -1, "next");
    if (has_after && compare_keys(&k, &after) <= 0) continue;
    if (best == 0 || compare_keys(&k, &best_key) < 0) {
      if (best == 0) {
        lua_pushvalue(L, -1);
        lua_insert(L, 3);
        best = 3;
      } else {
        lua_pushvalue(L, -1);
        lua_replace(L, best);
      }
      best_key = describe(L, best);
    }
  }
  if (best == 0) {
    lua_pushnil(L);
    return 1;
  }
  lua_settop(L, best);
  lua_pushvalue(L, best);
  lua_rawget(L, 1);
  return 2;
}

/* }====== */

/* {====== Names instead of addresses ====== */

static char names_key;

/* Whether the value at idx would show an address: a table, function, coroutine or userdata
   without __tostring or __name. */
static int shows_address(lua_State *L, int idx) {
  switch (lua_type(L, idx)) {
    case LUA_TTABLE: case LUA_TFUNCTION: case LUA_TTHREAD: case LUA_TUSERDATA: case LUA_TLIGHTUSERDATA:
      break;
    default:
      return 0;
  }
  if (luaL_getmetafield(L, idx, "__tostring") != LUA_TNIL) { lua_pop(L, 1); return 0; }
  if (luaL_getmetafield(L, idx, "__name") != LUA_TNIL) { lua_pop(L, 1); return 0; }
  return 1;
}

/* Pushes "table: #3": the value's type and the order in which the script first showed one. */
static void push_name(lua_State *L, int idx) {
  idx = lua_absindex(L, idx);
  ilsa_push_weak_table(L, &names_key);
  lua_pushvalue(L, idx);
  lua_Integer n;
  if (lua_rawget(L, -2) == LUA_TNUMBER) {
    n = lua_tointeger(L, -1);
    lua_pop(L, 1);
  } else {
    lua_pop(L, 1);
    n = ++ilsa_gethost(L)->names;
    lua_pushvalue(L, idx);
    lua_pushinteger(L, n);
    lua_rawset(L, -3);
  }
  lua_pop(L, 1);
  lua_pushfstring(L, "%s: #%I", luaL_typename(L, idx), (LUAI_UACINT)n);
}

/* tostring(v): as the standard one, but a value that would show its address shows its name. */
static int replayable_tostring(lua_State *L) {
  luaL_checkany(L, 1);
  if (shows_address(L, 1)) {
    push_name(L, 1);
    return 1;
  }
  luaL_tolstring(L, 1, NULL);
  return 1;
}

/* string.format(fmt, ...): %p raises; %s of a value that would show its address shows its
   name. Upvalue 1 is the standard string.format. */
static int replayable_format(lua_State *L) {
  size_t length;
  const char *format = luaL_checklstring(L, 1, &length);
  const char *end = format + length;
  int arg = 1;
  for (const char *p = format; p < end; p++) {
    if (*p != '%') continue;
    if (++p >= end) break;
    if (*p == '%') continue;
    while (p < end && strchr("-+ #0123456789.", *p) != NULL) p++; /* flags, width, precision */
    if (p >= end) break;
    arg++;
    if (*p == 'p')
      return luaL_error(L, "string.format: '%%p' shows an address, which changes when the run is replayed");
    if (*p == 's' && arg <= lua_gettop(L) && shows_address(L, arg)) {
      push_name(L, arg);
      lua_replace(L, arg);
    }
  }
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, 1);
  return 1;
}

/* }====== */

/* {====== What a run cannot use ====== */

static int no_random(lua_State *L) {
  return luaL_error(L, "math.random gives other numbers when the run is replayed; use ilsa.random");
}

static int no_collectgarbage(lua_State *L) {
  return luaL_error(L, "collectgarbage is not available in a playbook: memory use differs between a run and its replay");
}

/* }====== */

int ilsa_open_replayable(lua_State *L) {
  ilsa_gethost(L)->replayable = 1;
  lua_pushglobaltable(L);
  lua_pushcfunction(L, replayable_pairs);
  lua_setfield(L, -2, "pairs");
  lua_pushcfunction(L, replayable_next);
  lua_setfield(L, -2, "next");
  lua_pushcfunction(L, replayable_tostring);
  lua_setfield(L, -2, "tostring");
  lua_pushcfunction(L, no_collectgarbage);
  lua_setfield(L, -2, "collectgarbage");
  lua_pop(L, 1);

  lua_getglobal(L, LUA_STRLIBNAME);
  lua_getfield(L, -1, "format");
  lua_pushcclosure(L, replayable_format, 1);
  lua_setfield(L, -2, "format");
  lua_pop(L, 1);

  lua_getglobal(L, LUA_MATHLIBNAME);
  lua_pushcfunction(L, no_random);
  lua_setfield(L, -2, "random");
  lua_pushcfunction(L, no_random);
  lua_setfield(L, -2, "randomseed");
  lua_pop(L, 1);
  return 0;
}
