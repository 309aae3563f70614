/*
** tables.c: table.concat, insert, move, remove and sort for the sandbox.
**
** Why: the standard ones loop in C over ranges a script chooses, and the interrupt hook fires
** only between VM instructions. table.move(t, 1, 2^50, 2) runs 2^50 turns of plain get and set;
** with a C function as __index or __newindex (rawlen, table.concat) or a __len that returns a
** huge number, concat, insert, remove and sort loop just as long without running one instruction
** of Lua. Neither a time limit nor Ctrl-C would stop them.
**
** What: the same five functions with Lua 5.4's semantics and messages, whose loops look at the
** host's interrupt flag every ILSA_TABLE_CHECK_EVERY turns and raise it (the way patterns.c
** counts steps). table.unpack needs nothing: its range is bounded by the Lua stack (a million
** slots), and each value it reads is one call at most.
*/
#include "internal.h"

#include <limits.h>

/* How many loop turns pass between two looks at the interrupt flag. */
#define ILSA_TABLE_CHECK_EVERY 1024

/* Counts one turn of a loop and looks at the interrupt flag every ILSA_TABLE_CHECK_EVERY. */
#define tick(L, counter) \
  do { if ((++(counter) & (ILSA_TABLE_CHECK_EVERY - 1)) == 0) ilsa_check_interrupt(L); } while (0)

/* {====== Argument checks (ltablib.c's rules) ====== */

#define TAB_R 1 /* read */
#define TAB_W 2 /* write */
#define TAB_L 4 /* length */
#define TAB_RW (TAB_R | TAB_W)

static int checkfield(lua_State *L, const char *key, int n) {
  lua_pushstring(L, key);
  return lua_rawget(L, -n) != LUA_TNIL;
}

/* A table, or anything whose metatable gives the operations `what` needs. */
static void checktab(lua_State *L, int arg, int what) {
  if (lua_type(L, arg) != LUA_TTABLE) {
    int n = 1;
    if (lua_getmetatable(L, arg) &&
        (!(what & TAB_R) || checkfield(L, "__index", ++n)) &&
        (!(what & TAB_W) || checkfield(L, "__newindex", ++n)) &&
        (!(what & TAB_L) || checkfield(L, "__len", ++n))) {
      lua_pop(L, n);
    } else {
      luaL_checktype(L, arg, LUA_TTABLE);
    }
  }
}

static lua_Integer aux_getn(lua_State *L, int arg, int what) {
  checktab(L, arg, what | TAB_L);
  return luaL_len(L, arg);
}

/* }====== */

/* table.insert(t, [pos,] value) */
static int bounded_insert(lua_State *L) {
  lua_Integer e = aux_getn(L, 1, TAB_RW);
  e = luaL_intop(+, e, 1); /* first empty element */
  lua_Integer pos;
  switch (lua_gettop(L)) {
    case 2:
      pos = e;
      break;
    case 3: {
      pos = luaL_checkinteger(L, 2);
      luaL_argcheck(L, (lua_Unsigned)pos - 1u < (lua_Unsigned)e, 2, "position out of bounds");
      size_t turns = 0;
      for (lua_Integer i = e; i > pos; i--) { /* move up elements */
        tick(L, turns);
        lua_geti(L, 1, i - 1);
        lua_seti(L, 1, i);
      }
      break;
    }
    default:
      return luaL_error(L, "wrong number of arguments to 'insert'");
  }
  lua_seti(L, 1, pos);
  return 0;
}

/* table.remove(t [, pos]) */
static int bounded_remove(lua_State *L) {
  lua_Integer size = aux_getn(L, 1, TAB_RW);
  lua_Integer pos = luaL_optinteger(L, 2, size);
  if (pos != size) /* validate 'pos' if given; check whether 'pos' is in [1, size + 1] */
    /* argument 1, as Lua 5.4.4 says (a slip of its own, kept so messages match) */
    luaL_argcheck(L, (lua_Unsigned)pos - 1u <= (lua_Unsigned)size, 1, "position out of bounds");
  lua_geti(L, 1, pos); /* result = t[pos] */
  size_t turns = 0;
  for (; pos < size; pos++) {
    tick(L, turns);
    lua_geti(L, 1, pos + 1);
    lua_seti(L, 1, pos); /* t[pos] = t[pos + 1] */
  }
  lua_pushnil(L);
  lua_seti(L, 1, pos); /* remove entry t[pos] */
  return 1;
}

/* table.move(a1, f, e, t [, a2]) */
static int bounded_move(lua_State *L) {
  lua_Integer f = luaL_checkinteger(L, 2);
  lua_Integer e = luaL_checkinteger(L, 3);
  lua_Integer t = luaL_checkinteger(L, 4);
  int tt = !lua_isnoneornil(L, 5) ? 5 : 1; /* destination table */
  checktab(L, 1, TAB_R);
  checktab(L, tt, TAB_W);
  if (e >= f) { /* otherwise, nothing to move */
    luaL_argcheck(L, f > 0 || e < LUA_MAXINTEGER + f, 3, "too many elements to move");
    lua_Integer n = e - f + 1; /* number of elements to move */
    luaL_argcheck(L, t <= LUA_MAXINTEGER - n + 1, 4, "destination wrap around");
    size_t turns = 0;
    if (t > e || t <= f || (tt != 1 && !lua_compare(L, 1, tt, LUA_OPEQ))) {
      for (lua_Integer i = 0; i < n; i++) {
        tick(L, turns);
        lua_geti(L, 1, f + i);
        lua_seti(L, tt, t + i);
      }
    } else {
      for (lua_Integer i = n - 1; i >= 0; i--) {
        tick(L, turns);
        lua_geti(L, 1, f + i);
        lua_seti(L, tt, t + i);
      }
    }
  }
  lua_pushvalue(L, tt); /* return destination table */
  return 1;
}

/* table.concat(t [, sep [, i [, j]]]) */
static void addfield(lua_State *L, luaL_Buffer *b, lua_Integer i) {
  lua_geti(L, 1, i);
  if (!lua_isstring(L, -1))
    luaL_error(L, "invalid value (%s) at index %I in table for 'concat'", luaL_typename(L, -1), (LUAI_UACINT)i);
  luaL_addvalue(b);
}

static int bounded_concat(lua_State *L) {
  luaL_Buffer b;
  lua_Integer last = aux_getn(L, 1, TAB_R);
  size_t lsep;
  const char *sep = luaL_optlstring(L, 2, "", &lsep);
  lua_Integer i = luaL_optinteger(L, 3, 1);
  last = luaL_optinteger(L, 4, last);
  luaL_buffinit(L, &b);
  size_t turns = 0;
  for (; i < last; i++) {
    tick(L, turns);
    addfield(L, &b, i);
    luaL_addlstring(&b, sep, lsep);
  }
  if (i == last) addfield(L, &b, i); /* add last value (if interval was not empty) */
  luaL_pushresult(&b);
  return 1;
}

/* {====== table.sort ======
** A quicksort over positions 1..n of the table, through lua_geti/lua_seti so metamethods work as
** in the standard one: median-of-three pivots, insertion sort for short ranges, recursion on the
** smaller side only (so the C stack stays shallow). Like the standard sort it is not stable, and
** an order function that is not a strict order makes a partition scan run off its range, which
** raises "invalid order function for sorting". Every comparison counts as a turn.
*/

typedef struct Sorter {
  lua_State *L;
  int has_function; /* an order function is at index 2 */
  size_t turns;
} Sorter;

/* Whether the value at stack index a sorts before the one at b (absolute indices). */
static int less(Sorter *s, int a, int b) {
  lua_State *L = s->L;
  tick(L, s->turns);
  if (!s->has_function) return lua_compare(L, a, b, LUA_OPLT);
  lua_pushvalue(L, 2);
  lua_pushvalue(L, a);
  lua_pushvalue(L, b);
  lua_call(L, 2, 1);
  int result = lua_toboolean(L, -1);
  lua_pop(L, 1);
  return result;
}

/* Swaps t[i] and t[j]. */
static void swap(lua_State *L, lua_Integer i, lua_Integer j) {
  lua_geti(L, 1, i);
  lua_geti(L, 1, j);
  lua_seti(L, 1, i);
  lua_seti(L, 1, j);
}

/* Puts t[i] and t[j] in order (i < j). */
static void order(Sorter *s, lua_Integer i, lua_Integer j) {
  lua_State *L = s->L;
  lua_geti(L, 1, i);
  lua_geti(L, 1, j);
  int swapped = less(s, lua_absindex(L, -1), lua_absindex(L, -2));
  lua_pop(L, 2);
  if (swapped) swap(L, i, j);
}

static void insertion(Sorter *s, lua_Integer lo, lua_Integer up) {
  lua_State *L = s->L;
  for (lua_Integer i = lo + 1; i <= up; i++) {
    lua_geti(L, 1, i); /* v, the value to place */
    lua_Integer j = i - 1;
    for (; j >= lo; j--) {
      lua_geti(L, 1, j);
      if (!less(s, lua_absindex(L, -2), lua_absindex(L, -1))) {
        lua_pop(L, 1);
        break;
      }
      lua_seti(L, 1, j + 1); /* t[j+1] = t[j] */
    }
    lua_seti(L, 1, j + 1); /* t[j+1] = v */
  }
}

static void sort_range(Sorter *s, lua_Integer lo, lua_Integer up) {
  lua_State *L = s->L;
  while (up - lo >= 8) {
    luaL_checkstack(L, 6, "array too big");
    lua_Integer p = lo + (up - lo) / 2;
    order(s, lo, p);
    order(s, lo, up);
    order(s, p, up); /* t[lo] <= t[p] <= t[up] */
    swap(L, p, up - 1);
    lua_geti(L, 1, up - 1); /* the pivot value */
    int pivot = lua_gettop(L);
    lua_Integer i = lo, j = up - 1;
    for (;;) {
      for (;;) { /* up from lo: stop at a value not below the pivot */
        lua_geti(L, 1, ++i);
        int below = less(s, lua_absindex(L, -1), pivot);
        lua_pop(L, 1);
        if (!below) break;
        if (i >= up - 1) luaL_error(L, "invalid order function for sorting");
      }
      for (;;) { /* down from up - 1: stop at a value not above the pivot */
        lua_geti(L, 1, --j);
        int above = less(s, pivot, lua_absindex(L, -1));
        lua_pop(L, 1);
        if (!above) break;
        if (j <= lo) luaL_error(L, "invalid order function for sorting");
      }
      if (j < i) break;
      swap(L, i, j);
    }
    lua_pop(L, 1); /* the pivot value */
    swap(L, up - 1, i); /* the pivot to its place */
    if (i - lo < up - i) {
      sort_range(s, lo, i - 1);
      lo = i + 1;
    } else {
      sort_range(s, i + 1, up);
      up = i - 1;
    }
  }
  if (lo < up) insertion(s, lo, up);
}

/* table.sort(t [, comp]) */
static int bounded_sort(lua_State *L) {
  lua_Integer n = aux_getn(L, 1, TAB_RW);
  if (n > 1) {
    luaL_argcheck(L, n < INT_MAX, 1, "array too big");
    Sorter s = { L, 0, 0 };
    if (!lua_isnoneornil(L, 2)) {
      luaL_checktype(L, 2, LUA_TFUNCTION);
      s.has_function = 1;
    }
    lua_settop(L, 2);
    sort_range(&s, 1, n);
  }
  return 0;
}

/* }====== */

void ilsa_open_bounded_tables(lua_State *L) {
  static const luaL_Reg functions[] = {
    {"concat", bounded_concat},
    {"insert", bounded_insert},
    {"move", bounded_move},
    {"remove", bounded_remove},
    {"sort", bounded_sort},
    {NULL, NULL}
  };
  lua_getglobal(L, LUA_TABLIBNAME);
  luaL_setfuncs(L, functions, 0);
  lua_pop(L, 1);
}
