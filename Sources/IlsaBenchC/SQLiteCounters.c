/*
** SQLiteCounters.c: counting the statements, commits and syncs SQLite does for the store, for
** the `reference` case of ilsa-bench. Measurement only.
*/
#include "IlsaBenchC.h"

#include <sqlite3.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

static long counters[13];
enum {
  COMPILED = 0,   /* + reader */
  STATEMENTS = 2, /* + reader */
  COMMITS = 4,    /* + reader */
  WRITE_COMMITS = 6,
  SYNCS_WAL = 7, SYNCS_DB = 8, SYNCS_OTHER = 9, SYNC_NS = 10,
};

static void add(int counter, long n) { __atomic_fetch_add(&counters[counter], n, __ATOMIC_RELAXED); }
static long get(int counter) { return __atomic_load_n(&counters[counter], __ATOMIC_RELAXED); }

static ilsabench_sql_statement_fn statement_fn;
static int statement_all;
static void *statement_context;

static long long now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static const char *skip_blanks(const char *sql) {
  while (*sql == ' ' || *sql == '\t' || *sql == '\n' || *sql == '\r') sql++;
  return sql;
}

/* Whether `sql` is COMMIT or END (a transaction's end), ignoring leading blanks and case. */
static int is_commit(const char *sql) {
  sql = skip_blanks(sql);
  return strncasecmp(sql, "COMMIT", 6) == 0 || strncasecmp(sql, "END", 3) == 0;
}

/* Whether `sql` controls a transaction (BEGIN IMMEDIATE is not read-only for SQLite, but it
   commits nothing by itself). */
static int is_transaction_control(const char *sql) {
  sql = skip_blanks(sql);
  return strncasecmp(sql, "BEGIN", 5) == 0 || strncasecmp(sql, "SAVEPOINT", 9) == 0 ||
         strncasecmp(sql, "RELEASE", 7) == 0 || strncasecmp(sql, "ROLLBACK", 8) == 0;
}

static int trace(unsigned mask, void *context, void *p, void *x) {
  if (mask != SQLITE_TRACE_STMT || p == NULL) return 0;
  sqlite3_stmt *stmt = p;
  const char *text = x;
  /* A trigger's program reports its "-- TRIGGER name" comment: part of the statement that
     fired it, not a statement of its own. */
  if (text != NULL && text[0] == '-' && text[1] == '-') return 0;
  int reader = (int)(intptr_t)context;
  add(STATEMENTS + reader, 1);
  /* SQLite counts a run after the trace: zero means this statement object never ran before. */
  int fresh = sqlite3_stmt_status(stmt, SQLITE_STMTSTATUS_RUN, 0) == 0;
  if (fresh) add(COMPILED + reader, 1);
  ilsabench_sql_statement_fn fn = __atomic_load_n(&statement_fn, __ATOMIC_ACQUIRE);
  if (fn != NULL && (fresh || statement_all)) fn(sqlite3_sql(stmt), reader, fresh, statement_context);
  sqlite3 *db = sqlite3_db_handle(stmt);
  const char *sql = sqlite3_sql(stmt);
  if (sql != NULL && is_commit(sql)) {
    add(COMMITS + reader, 1);
    if (sqlite3_txn_state(db, NULL) == SQLITE_TXN_WRITE) add(WRITE_COMMITS, 1);
  } else if (sqlite3_get_autocommit(db) && !sqlite3_stmt_readonly(stmt) && (sql == NULL || !is_transaction_control(sql))) {
    add(WRITE_COMMITS, 1); /* a write in autocommit mode commits by itself */
  }
  return 0;
}

static sqlite3 *last_writer;

void ilsabench_sqlite_observe(struct sqlite3 *db, int reader) {
  sqlite3_trace_v2(db, SQLITE_TRACE_STMT, trace, (void *)(intptr_t)(reader ? 1 : 0));
  if (!reader) __atomic_store_n(&last_writer, db, __ATOMIC_RELEASE);
}

int ilsabench_sqlite_writer_exec(const char *sql) {
  sqlite3 *db = __atomic_load_n(&last_writer, __ATOMIC_ACQUIRE);
  if (db == NULL) return SQLITE_MISUSE;
  return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

void ilsabench_sqlite_counts(ilsabench_sql_counts *out) {
  out->compiled_writer = get(COMPILED);
  out->compiled_reader = get(COMPILED + 1);
  out->statements_writer = get(STATEMENTS);
  out->statements_reader = get(STATEMENTS + 1);
  out->commits_writer = get(COMMITS);
  out->commits_reader = get(COMMITS + 1);
  out->write_commits = get(WRITE_COMMITS);
  out->syncs_wal = get(SYNCS_WAL);
  out->syncs_db = get(SYNCS_DB);
  out->syncs_other = get(SYNCS_OTHER);
  out->sync_ns = get(SYNC_NS);
}

void ilsabench_sqlite_on_statement(ilsabench_sql_statement_fn fn, int all, void *context) {
  statement_context = context;
  statement_all = all;
  __atomic_store_n(&statement_fn, fn, __ATOMIC_RELEASE);
}

/* ---- The counting VFS ----------------------------------------------------------------------
** The default VFS, with its xOpen wrapped: after the real xOpen, the file's method table is
** swapped for a copy whose xSync counts and times, then calls the real one. The file itself is
** the real VFS's (same size, same struct), so every other method runs unchanged. */

typedef struct {
  sqlite3_io_methods methods; /* first: a file's pMethods points here */
  const sqlite3_io_methods *original;
  int kind;                   /* SYNCS_WAL, SYNCS_DB or SYNCS_OTHER */
} counting_methods;

static counting_methods wrapped[24];
static int wrapped_count;
static pthread_mutex_t wrapped_lock = PTHREAD_MUTEX_INITIALIZER;
static sqlite3_vfs *base_vfs;
static sqlite3_vfs counting_vfs;

static int counting_sync(sqlite3_file *file, int flags) {
  const counting_methods *m = (const counting_methods *)file->pMethods;
  long long start = now_ns();
  int rc = m->original->xSync(file, flags);
  add(SYNC_NS, (long)(now_ns() - start));
  add(m->kind, 1);
  return rc;
}

/* The counting copy of `original` for files of `kind`, made once; NULL when the table is full. */
static const sqlite3_io_methods *counting(const sqlite3_io_methods *original, int kind) {
  const sqlite3_io_methods *found = NULL;
  pthread_mutex_lock(&wrapped_lock);
  for (int i = 0; i < wrapped_count && found == NULL; i++) {
    if (wrapped[i].original == original && wrapped[i].kind == kind) found = &wrapped[i].methods;
  }
  if (found == NULL && wrapped_count < (int)(sizeof wrapped / sizeof wrapped[0])) {
    counting_methods *m = &wrapped[wrapped_count++];
    m->methods = *original;
    m->methods.xSync = counting_sync;
    m->original = original;
    m->kind = kind;
    found = &m->methods;
  }
  pthread_mutex_unlock(&wrapped_lock);
  return found;
}

static int counting_open(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *file, int flags, int *out_flags) {
  (void)vfs;
  int rc = base_vfs->xOpen(base_vfs, name, file, flags, out_flags);
  if (rc == SQLITE_OK && file->pMethods != NULL) {
    int kind = (flags & SQLITE_OPEN_WAL) ? SYNCS_WAL : (flags & SQLITE_OPEN_MAIN_DB) ? SYNCS_DB : SYNCS_OTHER;
    const sqlite3_io_methods *methods = counting(file->pMethods, kind);
    if (methods != NULL) file->pMethods = methods;
  }
  return rc;
}

int ilsabench_sqlite_vfs_install(void) {
  if (base_vfs == NULL) {
    sqlite3_vfs *current = sqlite3_vfs_find(NULL);
    if (current == NULL) return SQLITE_ERROR;
    base_vfs = current;
    counting_vfs = *current;
    counting_vfs.pNext = NULL;
    counting_vfs.zName = "ilsabench-counting";
    counting_vfs.xOpen = counting_open;
  }
  return sqlite3_vfs_register(&counting_vfs, 1);
}

void ilsabench_sqlite_vfs_restore(void) {
  if (base_vfs != NULL) sqlite3_vfs_register(base_vfs, 1);
}

int ilsabench_sync_probe_open(const char *path) {
  int fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return -errno;
  char page[4096];
  memset(page, 0x5a, sizeof page);
  for (int i = 0; i < 16; i++) {
    if (pwrite(fd, page, sizeof page, (off_t)i * 4096) != (ssize_t)sizeof page) { int e = errno; close(fd); return -e; }
  }
  if (fsync(fd) != 0) { int e = errno; close(fd); return -e; }
  return fd;
}

double ilsabench_sync_probe(int fd, int i, int datasync) {
  char page[4096];
  memset(page, (char)i, sizeof page);
  long long start = now_ns();
  if (pwrite(fd, page, sizeof page, (off_t)(i % 16) * 4096) != (ssize_t)sizeof page) return -(double)errno;
  if ((datasync ? fdatasync(fd) : fsync(fd)) != 0) return -(double)errno;
  return (double)(now_ns() - start);
}
