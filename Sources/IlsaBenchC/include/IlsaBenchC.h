/*
** IlsaBenchC: the plain-C side of `ilsa-bench` (baselines the Swift paths are compared with).
** Not part of the engine. Everything here uses the raw Lua C API, so errors raise with longjmp:
** call these only where that is safe (from Lua, or on states no Swift frame is inside of).
*/
#ifndef ILSA_BENCH_C_H
#define ILSA_BENCH_C_H

#include <stddef.h>
#include <lua.h>

/** (b): an empty lua_CFunction. */
int ilsabench_noop(lua_State *L);
/** (d-C): f(s, n) -> {name = s, value = n + 1}, with luaL_check* argument checks. */
int ilsabench_record(lua_State *L);
/** Yields its arguments (the C counterpart of a suspending host function). */
int ilsabench_yield(lua_State *L);

/** A full garbage collection (lua_gc is variadic, so Swift cannot call it). */
void ilsabench_fullgc(lua_State *L);
/** Bytes the Lua heap holds, as the collector counts them. */
size_t ilsabench_gcbytes(lua_State *L);

/** Makes a coroutine of the function on top of L (popped), resumes it from C with `n` first,
    then with the integer it last yielded, until it returns. Returns the number of yields, or -1
    if it failed. Uses lua_resume directly: no Ilsa bookkeeping. */
long ilsabench_drive_coroutine(lua_State *L, lua_Integer n);

/** Plain C: luaL_newstate + luaL_openlibs (`full`), or luaL_newstate alone. Returns the state and
    stores the heap size after opening in *bytes. */
lua_State *ilsabench_newstate(int openlibs, size_t *bytes);
void ilsabench_close(lua_State *L);

/* ---------------------------------------------------------------------------------------------
** Counting what SQLite does for the store (the `reference` case). Measurement only: nothing here
** changes what a connection does. Statements are seen through sqlite3_trace_v2 (SQLITE_TRACE_STMT,
** which fires when a statement starts a run); syncs through a VFS that is the default one with a
** counting xSync. SQLite's commit hook is not used: GRDB owns it on the writer.
** ------------------------------------------------------------------------------------------- */

struct sqlite3;

/** Totals since the process started (or the last ilsabench_sqlite_reset). */
typedef struct {
  /** Statements at their first run (sqlite3_stmt_status(SQLITE_STMTSTATUS_RUN) == 0 when the
      trace sees them start): freshly prepared, not taken from a cache. [0] writer, [1] readers. */
  long compiled_writer, compiled_reader;
  /** Statement runs (every start of a statement), writer / readers. */
  long statements_writer, statements_reader;
  /** COMMIT (or END) statements, writer / readers. */
  long commits_writer, commits_reader;
  /** Transactions that wrote and committed: a COMMIT while the connection holds a write
      transaction, or a writing statement run outside any transaction. What a durable store
      syncs for. */
  long write_commits;
  /** xSync calls on files the counting VFS opened: write-ahead logs, main database files, others
      (rollback journals); and the nanoseconds spent in them. */
  long syncs_wal, syncs_db, syncs_other;
  long sync_ns;
} ilsabench_sql_counts;

/** Traces `db` (a connection's sqlite3 *): `reader` 1 for a read-only connection, else 0. */
void ilsabench_sqlite_observe(struct sqlite3 *db, int reader);
/** Runs `sql` on the last writer (read-write) connection ilsabench_sqlite_observe saw, from
    the calling thread: only while the store is idle. For an opt-in comparison (the reference
    case's ILSA_BENCH_REFERENCE_SYNCHRONOUS); returns an SQLite result code. */
int ilsabench_sqlite_writer_exec(const char *sql);
/** Copies the counters. */
void ilsabench_sqlite_counts(ilsabench_sql_counts *out);
/** Called with the SQL text of each statement at its first run (see compiled_writer), or with
    every statement run when `all`, on the connection's thread (`fresh` 1 at a first run); NULL
    stops. */
typedef void (*ilsabench_sql_statement_fn)(const char *sql, int reader, int fresh, void *context);
void ilsabench_sqlite_on_statement(ilsabench_sql_statement_fn fn, int all, void *context);

/** Makes the counting VFS (the default VFS with a counting xSync) SQLite's default, so the
    connections opened from now on count their syncs; returns an SQLite result code. */
int ilsabench_sqlite_vfs_install(void);
/** Makes the VFS that was the default before ilsabench_sqlite_vfs_install the default again.
    Connections opened meanwhile keep counting. */
void ilsabench_sqlite_vfs_restore(void);

/** Runs `sql` (several statements) on the SQLite file at `path`, on a connection of its own,
    then closes it; returns an SQLite result code (the message goes to standard error). */
int ilsabench_sqlite_exec_file(const char *path, const char *sql);

/** Creates the file at `path` with 64 KiB, synced, for ilsabench_sync_probe; returns its
    descriptor, or -errno. */
int ilsabench_sync_probe_open(const char *path);
/** Writes 4 KiB at offset (i % 16) × 4 KiB of the probe file and syncs it (fdatasync when
    `datasync`, else fsync); returns the nanoseconds both took, or -errno. */
double ilsabench_sync_probe(int fd, int i, int datasync);

#endif
