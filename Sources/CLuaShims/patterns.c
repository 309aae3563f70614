/*
** patterns.c: string.find, string.match, string.gmatch and string.gsub for the sandbox.
**
** Why: Lua's pattern matcher backtracks, so a short pattern can take exponential time on a short
** subject (string.rep('a', 150):find('.-.-.-.-b') runs for seconds), and all of it happens inside
** one C call, where the interrupt hook (it fires between VM instructions) cannot reach it: neither
** a time limit nor a cancel would stop it.
**
** What: the same four functions with Lua 5.4's semantics (results, init positions, anchors,
** captures, error messages, MAXCCALLS depth and capture limits), written anew around a matcher
** that counts its steps. Every ILSA_PATTERN_CHECK_EVERY steps it looks at the host's interrupt
** flag and at the call's step budget (ILSA_PATTERN_MAX_STEPS), and raises when either says stop.
** Raising from deep in the matcher is safe: its state lives on the C stack, and results are built
** with luaL_Buffer (on the Lua stack), so a longjmp leaks nothing.
**
** The matcher reads the '\0' that Lua keeps after every string's last byte, as Lua's own does.
*/
#if !defined(_GNU_SOURCE)
#define _GNU_SOURCE /* memmem */
#endif
#include "internal.h"

#include <ctype.h>
#include <string.h>

/* {====== Limits ====== */

/* Steps one call may take. A step is one entry into the matcher or one turn of an expander loop
   (long sets, %b scans and back-references count extra, by the bytes they touch). Measured: a
   step takes about 5 ns at -O2 (as one of lstrlib's does) and 10 ns in a debug build, so the
   budget is about 0.5 s of matching (1 s in a debug build). Normal patterns take 1 to 8 steps a
   subject byte: over 10 MB of text, gsub('%s+', ' ') takes 12 million steps, gmatch('[^\n]+')
   11 million, the trim match('^%s*(.-)%s*$') 38 million, gsub('(%w+)=(%w+)', '%2=%1') 84
   million (the most we saw), so calls over a few MB never come near it. The catastrophic
   string.rep('a', 150):find('.-.-.-.-b') needs 720 million (4 s with the standard matcher). */
#define ILSA_PATTERN_MAX_STEPS 100000000
/* How often, in steps, the matcher looks at the interrupt flag and the budget. */
#define ILSA_PATTERN_CHECK_EVERY 1024
/* Lua's own limits: nesting of the matcher (MAXCCALLS in lstrlib.c) and number of captures. */
#define PATTERN_MAX_DEPTH 200
#if !defined(LUA_MAXCAPTURES)
#define LUA_MAXCAPTURES 32
#endif

#define ESC '%'
#define CAP_UNFINISHED (-1) /* capture length of an open capture */
#define CAP_POSITION (-2)   /* capture length of a position capture '()' */

#define uchar(c) ((unsigned char)(c))

/* }====== */

/* {====== Matcher state and step counting ====== */

typedef struct Matcher {
  const char *src_init;  /* the subject */
  const char *src_end;   /* one past its last byte */
  const char *p_end;     /* one past the pattern's last byte */
  lua_State *L;          /* the thread running the current call */
  ilsa_host *host;
  int depth;             /* nested matcher calls left before "pattern too complex" */
  int level;             /* captures started so far */
  size_t steps;          /* steps taken in the current call */
  size_t check_at;       /* step count at which to look at the limits next */
  struct {
    const char *init;
    ptrdiff_t len;       /* a length, CAP_UNFINISHED or CAP_POSITION */
  } capture[LUA_MAXCAPTURES];
} Matcher;

/* Raises when the host asked the state to stop or the call went past its budget. */
static void check_limits(Matcher *m) {
  if (atomic_load(&m->host->interrupt) != ILSA_INTERRUPT_NONE) ilsa_raise_interrupt(m->L, 1);
  if (m->steps > ILSA_PATTERN_MAX_STEPS)
    luaL_error(m->L, "pattern too complex (more than %d steps); simplify the pattern or shorten "
                     "the subject", ILSA_PATTERN_MAX_STEPS);
  m->check_at = m->steps + ILSA_PATTERN_CHECK_EVERY;
}

/* Counts `n` steps of work, looking at the limits every ILSA_PATTERN_CHECK_EVERY steps. (A macro:
   it runs on every step, and debug builds do not inline.) */
#define spend(m, n) \
  do { if (((m)->steps += (size_t)(n)) >= (m)->check_at) check_limits(m); } while (0)

/* Prepares `m` for subject s (ls bytes) and a pattern that ends at p + lp. */
static void matcher_init(Matcher *m, const char *s, size_t ls, const char *p, size_t lp) {
  m->src_init = s;
  m->src_end = s + ls;
  m->p_end = p + lp;
  m->depth = PATTERN_MAX_DEPTH;
  m->level = 0;
}

/* Starts the budget of a new C call made on thread L. */
static void matcher_begin(Matcher *m, lua_State *L) {
  m->L = L;
  m->host = ilsa_gethost(L);
  m->steps = 0;
  m->check_at = ILSA_PATTERN_CHECK_EVERY;
}

/* Forgets the captures of the last attempt before matching at a new position. (The depth is
   reset too: an earlier attempt may have been abandoned by an error.) */
static void matcher_reset(Matcher *m) {
  m->level = 0;
  m->depth = PATTERN_MAX_DEPTH;
}

/* }====== */

/* {====== Single-character items: c, '.', %x and [set] ====== */

/* Whether byte c is in class %cl (a c d g l p s u w x z; upper case negates), or is cl itself. */
static int class_has(int c, int cl) {
  int res;
  switch (tolower(cl)) {
    case 'a': res = isalpha(c); break;
    case 'c': res = iscntrl(c); break;
    case 'd': res = isdigit(c); break;
    case 'g': res = isgraph(c); break;
    case 'l': res = islower(c); break;
    case 'p': res = ispunct(c); break;
    case 's': res = isspace(c); break;
    case 'u': res = isupper(c); break;
    case 'w': res = isalnum(c); break;
    case 'x': res = isxdigit(c); break;
    case 'z': res = (c == 0); break; /* deprecated since 5.2, but Lua 5.4 still has it */
    default: return cl == c;
  }
  if (isupper(cl)) res = !res;
  return res;
}

/* Whether byte c is in the set that opens with '[' at p and closes with the ']' at close. */
static int set_has(int c, const char *p, const char *close) {
  int found = 1;
  p++;
  if (*p == '^') { found = 0; p++; }
  for (; p < close; p++) {
    if (*p == ESC) {
      p++;
      if (class_has(c, uchar(*p))) return found;
    } else if (p[1] == '-' && p + 2 < close) {
      if (uchar(p[0]) <= c && c <= uchar(p[2])) return found;
      p += 2;
    } else if (uchar(*p) == c) {
      return found;
    }
  }
  return !found;
}

/* One past the end of the item that starts at p (before any suffix); raises if malformed. */
static const char *item_end(Matcher *m, const char *p) {
  char first = *p++;
  if (first == ESC) {
    if (p == m->p_end) luaL_error(m->L, "malformed pattern (ends with '%%')");
    return p + 1;
  }
  if (first == '[') {
    if (*p == '^') p++;
    do { /* the first byte is never the closing ']', so "[]]" is a set of ']' */
      if (p == m->p_end) luaL_error(m->L, "malformed pattern (missing ']')");
      if (*p++ == ESC && p < m->p_end) p++; /* skip an escaped byte, such as '%]' */
    } while (*p != ']');
    return p + 1;
  }
  return p;
}

/* Steps one test of the item p..ep is worth: a long set takes long to scan (about as long as a
   step for every SET_BYTES_PER_STEP bytes). */
#define SET_BYTES_PER_STEP 8
#define item_cost(p, ep) (1 + (size_t)((ep) - (p)) / SET_BYTES_PER_STEP)

/* Whether the subject has a byte at s and the item p..ep matches it. */
static int item_matches(Matcher *m, const char *s, const char *p, const char *ep) {
  if (s >= m->src_end) return 0;
  int c = uchar(*s);
  switch (*p) {
    case '.': return 1;
    case ESC: return class_has(c, uchar(p[1]));
    case '[': return set_has(c, p, ep - 1);
    default: return uchar(*p) == c;
  }
}

/* }====== */

/* {====== The matcher ====== */

static const char *match(Matcher *m, const char *s, const char *p);

/* item* and item+ (after its first byte): the longest run that lets the rest match. */
static const char *max_expand(Matcher *m, const char *s, const char *p, const char *ep) {
  ptrdiff_t i = 0;
  if (*p == '.') { /* '.' takes every byte: no need to test them */
    i = m->src_end - s;
    spend(m, 1);
  } else {
    size_t cost = item_cost(p, ep);
    while (item_matches(m, s + i, p, ep)) {
      i++;
      spend(m, cost);
    }
  }
  for (; i >= 0; i--) {
    const char *res = match(m, s + i, ep + 1);
    if (res != NULL) return res;
  }
  return NULL;
}

/* item-: the shortest run that lets the rest match. */
static const char *min_expand(Matcher *m, const char *s, const char *p, const char *ep) {
  size_t cost = item_cost(p, ep) - 1; /* match() counts the step itself */
  for (;;) {
    const char *res = match(m, s, ep + 1);
    if (res != NULL) return res;
    if (!item_matches(m, s, p, ep)) return NULL;
    s++;
    if (cost > 0) spend(m, cost);
  }
}

/* '(' or '()': opens capture `what` at s and matches the rest p; undoes it on failure. */
static const char *open_capture(Matcher *m, const char *s, const char *p, ptrdiff_t what) {
  int level = m->level;
  if (level >= LUA_MAXCAPTURES) luaL_error(m->L, "too many captures");
  m->capture[level].init = s;
  m->capture[level].len = what;
  m->level = level + 1;
  const char *res = match(m, s, p);
  if (res == NULL) m->level--;
  return res;
}

/* ')': closes the innermost open capture at s and matches the rest p; reopens it on failure. */
static const char *close_capture(Matcher *m, const char *s, const char *p) {
  int l = m->level - 1;
  while (l >= 0 && m->capture[l].len != CAP_UNFINISHED) l--;
  if (l < 0) luaL_error(m->L, "invalid pattern capture");
  m->capture[l].len = s - m->capture[l].init;
  const char *res = match(m, s, p);
  if (res == NULL) m->capture[l].len = CAP_UNFINISHED;
  return res;
}

/* %b xy at s (p points at x): one past the y that balances the x at s, or NULL. */
static const char *match_balance(Matcher *m, const char *s, const char *p) {
  if (p >= m->p_end - 1) luaL_error(m->L, "malformed pattern (missing arguments to '%%b')");
  if (s >= m->src_end || *s != p[0]) return NULL;
  const char *start = s;
  int open = 1;
  while (++s < m->src_end) {
    if (*s == p[1]) {
      if (--open == 0) break;
    } else if (*s == p[0]) {
      open++;
    }
  }
  spend(m, (size_t)(s - start) / 16);
  return s < m->src_end ? s + 1 : NULL;
}

/* %1-%9 at s: one past a copy of capture `digit`, or NULL. Raises on a bad index. */
static const char *match_backref(Matcher *m, const char *s, int digit) {
  int l = digit - '1';
  if (l < 0 || l >= m->level || m->capture[l].len == CAP_UNFINISHED)
    luaL_error(m->L, "invalid capture index %%%d", l + 1);
  ptrdiff_t len = m->capture[l].len; /* a position capture never matches */
  if (len < 0 || m->src_end - s < len) return NULL;
  spend(m, (size_t)len / 64);
  return memcmp(m->capture[l].init, s, (size_t)len) == 0 ? s + len : NULL;
}

/* %f[set] at s: whether s is a frontier (the byte before is not in the set, the byte at s is;
   the subject's ends count as '\0'). p points at the '['; *ep is set past the set. */
static int match_frontier(Matcher *m, const char *s, const char *p, const char **ep) {
  if (*p != '[') luaL_error(m->L, "missing '[' after '%%f' in pattern");
  *ep = item_end(m, p);
  int before = (s == m->src_init) ? 0 : uchar(s[-1]);
  int at = (s < m->src_end) ? uchar(*s) : 0;
  spend(m, item_cost(p, *ep) - 1);
  return !set_has(before, p, *ep - 1) && set_has(at, p, *ep - 1);
}

/* Matches pattern p (up to m->p_end) at subject position s: one past the match's end, or NULL.
   Tail positions loop instead of recursing; recursion is bounded by PATTERN_MAX_DEPTH. */
static const char *match(Matcher *m, const char *s, const char *p) {
  if (m->depth-- == 0) luaL_error(m->L, "pattern too complex");
  for (;;) {
    spend(m, 1);
    if (p == m->p_end) break; /* the whole pattern matched */
    if (*p == '(') {
      if (p[1] == ')') s = open_capture(m, s, p + 2, CAP_POSITION);
      else s = open_capture(m, s, p + 1, CAP_UNFINISHED);
      break;
    }
    if (*p == ')') {
      s = close_capture(m, s, p + 1);
      break;
    }
    if (*p == '$' && p + 1 == m->p_end) { /* '$' elsewhere is an ordinary byte */
      if (s != m->src_end) s = NULL;
      break;
    }
    if (*p == ESC && p[1] == 'b') {
      s = match_balance(m, s, p + 2);
      if (s == NULL) break;
      p += 4;
      continue;
    }
    if (*p == ESC && p[1] == 'f') {
      const char *ep;
      if (!match_frontier(m, s, p + 2, &ep)) { s = NULL; break; }
      p = ep;
      continue;
    }
    if (*p == ESC && p[1] >= '0' && p[1] <= '9') {
      s = match_backref(m, s, uchar(p[1]));
      if (s == NULL) break;
      p += 2;
      continue;
    }
    /* a single-byte item, then maybe a suffix: '*', '+', '-' or '?' */
    const char *ep = item_end(m, p);
    char suffix = (ep < m->p_end) ? *ep : '\0';
    if (ep - p >= SET_BYTES_PER_STEP) spend(m, item_cost(p, ep) - 1);
    if (!item_matches(m, s, p, ep)) {
      if (suffix == '*' || suffix == '?' || suffix == '-') { /* zero repetitions will do */
        p = ep + 1;
        continue;
      }
      s = NULL;
      break;
    }
    if (suffix == '?') {
      const char *res = match(m, s + 1, ep + 1);
      if (res != NULL) { s = res; break; }
      p = ep + 1;
      continue;
    }
    if (suffix == '+') { s = max_expand(m, s + 1, p, ep); break; }
    if (suffix == '*') { s = max_expand(m, s, p, ep); break; }
    if (suffix == '-') { s = min_expand(m, s, p, ep); break; }
    s++; /* no suffix: one byte matched */
    p = ep;
  }
  m->depth++;
  return s;
}

/* }====== */

/* {====== Captures ====== */

/* Capture i of the match s..e: its start in *cap and its length, or CAP_POSITION after pushing
   the position. With no captures, capture 0 is the whole match. Raises on a bad index. */
static ptrdiff_t get_capture(Matcher *m, int i, const char *s, const char *e, const char **cap) {
  if (i >= m->level) {
    if (i != 0) luaL_error(m->L, "invalid capture index %%%d", i + 1);
    *cap = s;
    return e - s;
  }
  ptrdiff_t len = m->capture[i].len;
  *cap = m->capture[i].init;
  if (len == CAP_UNFINISHED) luaL_error(m->L, "unfinished capture");
  if (len == CAP_POSITION) lua_pushinteger(m->L, (lua_Integer)(m->capture[i].init - m->src_init) + 1);
  return len;
}

/* Pushes capture i of the match s..e (a string, or an integer for a position capture). */
static void push_capture(Matcher *m, int i, const char *s, const char *e) {
  const char *cap;
  ptrdiff_t len = get_capture(m, i, s, e, &cap);
  if (len != CAP_POSITION) lua_pushlstring(m->L, cap, (size_t)len);
}

/* Pushes every capture, or the whole match s..e when there are none and s is not NULL. */
static int push_captures(Matcher *m, const char *s, const char *e) {
  int n = (m->level == 0 && s != NULL) ? 1 : m->level;
  luaL_checkstack(m->L, n, "too many captures");
  for (int i = 0; i < n; i++) push_capture(m, i, s, e);
  return n;
}

/* }====== */

/* {====== find and match ====== */

/* Lua's string position rule for an init argument: negative counts from the end, clipped to 1. */
static size_t start_position(lua_Integer pos, size_t len) {
  if (pos > 0) return (size_t)pos;
  if (pos == 0) return 1;
  if (pos < -(lua_Integer)len) return 1;
  return len + (size_t)pos + 1;
}

/* Whether the pattern has none of the bytes that make a pattern more than plain text. */
static int is_plain(const char *p, size_t lp) {
  for (size_t i = 0; i < lp; i++) {
    switch (p[i]) {
      case '^': case '$': case '*': case '+': case '?': case '.': case '(': case '[': case '%':
      case '-':
        return 0;
    }
  }
  return 1;
}

/* string.find (find = 1) and string.match (find = 0). */
static int find_or_match(lua_State *L, int find) {
  size_t ls, lp;
  const char *s = luaL_checklstring(L, 1, &ls);
  const char *p = luaL_checklstring(L, 2, &lp);
  size_t init = start_position(luaL_optinteger(L, 3, 1), ls) - 1;
  if (init > ls) { /* starts after the end: nothing can match */
    lua_pushnil(L);
    return 1;
  }
  if (find && (lua_toboolean(L, 4) || is_plain(p, lp))) {
    /* memmem runs in linear time, so a plain search needs no budget */
    const char *at = (lp == 0) ? s + init : memmem(s + init, ls - init, p, lp);
    if (at != NULL) {
      lua_pushinteger(L, (lua_Integer)(at - s) + 1);
      lua_pushinteger(L, (lua_Integer)(at - s) + (lua_Integer)lp);
      return 2;
    }
  } else {
    Matcher m;
    int anchor = (*p == '^');
    if (anchor) { p++; lp--; }
    matcher_init(&m, s, ls, p, lp);
    matcher_begin(&m, L);
    const char *start = s + init;
    do {
      matcher_reset(&m);
      const char *end = match(&m, start, p);
      if (end != NULL) {
        if (!find) return push_captures(&m, start, end);
        lua_pushinteger(L, (lua_Integer)(start - s) + 1);
        lua_pushinteger(L, (lua_Integer)(end - s));
        return push_captures(&m, NULL, NULL) + 2;
      }
    } while (start++ < m.src_end && !anchor);
  }
  lua_pushnil(L);
  return 1;
}

/* string.find(s, pattern [, init [, plain]]) */
static int bounded_find(lua_State *L) { return find_or_match(L, 1); }

/* string.match(s, pattern [, init]) */
static int bounded_match(lua_State *L) { return find_or_match(L, 0); }

/* }====== */

/* {====== gmatch ====== */

typedef struct GMatch {
  const char *src;       /* where the next search starts */
  const char *p;         /* the pattern ('^' is not an anchor here, as in Lua 5.4) */
  const char *lastmatch; /* end of the last match, which an empty match may not repeat */
  Matcher m;
} GMatch;

/* The iterator: upvalues are the subject, the pattern and the GMatch userdata. */
static int gmatch_next(lua_State *L) {
  GMatch *g = (GMatch *)lua_touserdata(L, lua_upvalueindex(3));
  matcher_begin(&g->m, L); /* the loop may run on another coroutine than gmatch did */
  for (const char *src = g->src; src <= g->m.src_end; src++) {
    matcher_reset(&g->m);
    const char *e = match(&g->m, src, g->p);
    if (e != NULL && e != g->lastmatch) {
      g->src = g->lastmatch = e;
      return push_captures(&g->m, src, e);
    }
  }
  return 0;
}

/* string.gmatch(s, pattern [, init]) */
static int bounded_gmatch(lua_State *L) {
  size_t ls, lp;
  const char *s = luaL_checklstring(L, 1, &ls);
  const char *p = luaL_checklstring(L, 2, &lp);
  size_t init = start_position(luaL_optinteger(L, 3, 1), ls) - 1;
  lua_settop(L, 2); /* the closure keeps the subject and the pattern alive */
  GMatch *g = (GMatch *)lua_newuserdatauv(L, sizeof(GMatch), 0);
  if (init > ls) init = ls + 1; /* past the end: the iterator finds nothing */
  matcher_init(&g->m, s, ls, p, lp);
  g->src = s + init;
  g->p = p;
  g->lastmatch = NULL;
  lua_pushcclosure(L, gmatch_next, 3);
  return 1;
}

/* }====== */

/* {====== gsub ====== */

/* Adds replacement string (argument 3) for the match s..e: '%0'-'%9' are captures, '%%' is '%'. */
static void add_template(Matcher *m, luaL_Buffer *b, const char *s, const char *e) {
  lua_State *L = m->L;
  size_t l;
  const char *r = lua_tolstring(L, 3, &l);
  const char *esc;
  while ((esc = memchr(r, ESC, l)) != NULL) {
    luaL_addlstring(b, r, (size_t)(esc - r));
    char c = esc[1]; /* the '\0' after the string when the '%' is last */
    if (c == ESC) {
      luaL_addchar(b, ESC);
    } else if (c == '0') {
      luaL_addlstring(b, s, (size_t)(e - s));
    } else if (isdigit(uchar(c))) {
      const char *cap;
      ptrdiff_t len = get_capture(m, c - '1', s, e, &cap);
      if (len == CAP_POSITION) luaL_addvalue(b); /* the position get_capture pushed */
      else luaL_addlstring(b, cap, (size_t)len);
    } else {
      luaL_error(L, "invalid use of '%c' in replacement string", ESC);
    }
    l -= (size_t)(esc + 2 - r);
    r = esc + 2;
  }
  luaL_addlstring(b, r, l);
}

/* Adds the replacement for the match s..e, of type `tr`; returns whether the text changed
   (a function or table that gives nil or false keeps the match). */
static int add_replacement(Matcher *m, luaL_Buffer *b, const char *s, const char *e, int tr) {
  lua_State *L = m->L;
  if (tr == LUA_TFUNCTION) {
    lua_pushvalue(L, 3);
    int n = push_captures(m, s, e);
    lua_call(L, n, 1);
  } else if (tr == LUA_TTABLE) {
    push_capture(m, 0, s, e);
    lua_gettable(L, 3);
  } else { /* a string or a number */
    add_template(m, b, s, e);
    return 1;
  }
  if (!lua_toboolean(L, -1)) {
    lua_pop(L, 1);
    luaL_addlstring(b, s, (size_t)(e - s));
    return 0;
  }
  if (!lua_isstring(L, -1))
    return luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
  luaL_addvalue(b);
  return 1;
}

/* string.gsub(s, pattern, repl [, n]) */
static int bounded_gsub(lua_State *L) {
  size_t srcl, lp;
  const char *src = luaL_checklstring(L, 1, &srcl);
  const char *p = luaL_checklstring(L, 2, &lp);
  int tr = lua_type(L, 3);
  lua_Integer max_n = luaL_optinteger(L, 4, (lua_Integer)srcl + 1);
  if (!(tr == LUA_TNUMBER || tr == LUA_TSTRING || tr == LUA_TFUNCTION || tr == LUA_TTABLE))
    luaL_typeerror(L, 3, "string/function/table");
  int anchor = (*p == '^');
  if (anchor) { p++; lp--; }
  const char *lastmatch = NULL;
  lua_Integer n = 0;
  int changed = 0;
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  Matcher m;
  matcher_init(&m, src, srcl, p, lp);
  matcher_begin(&m, L);
  while (n < max_n) {
    matcher_reset(&m);
    const char *e = match(&m, src, p);
    if (e != NULL && e != lastmatch) {
      n++;
      changed = add_replacement(&m, &b, src, e, tr) | changed;
      src = lastmatch = e;
    } else if (src < m.src_end) {
      luaL_addchar(&b, *src++);
    } else {
      break;
    }
    if (anchor) break;
  }
  if (!changed) {
    lua_pushvalue(L, 1); /* the subject itself, not a copy */
  } else {
    luaL_addlstring(&b, src, (size_t)(m.src_end - src));
    luaL_pushresult(&b);
  }
  lua_pushinteger(L, n);
  return 2;
}

/* }====== */

/* Replaces find, match, gmatch and gsub in the global string table (which the string metatable's
   __index also is). */
void ilsa_open_bounded_patterns(lua_State *L) {
  static const luaL_Reg functions[] = {
    {"find", bounded_find},
    {"match", bounded_match},
    {"gmatch", bounded_gmatch},
    {"gsub", bounded_gsub},
    {NULL, NULL}
  };
  lua_getglobal(L, LUA_STRLIBNAME);
  luaL_setfuncs(L, functions, 0);
  lua_pop(L, 1);
}
