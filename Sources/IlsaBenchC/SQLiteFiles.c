/*
** SQLiteFiles.c: SQL run on a store file as another program would, for ilsa-bench (the `lists`
** case turns a copy of its store back into the schema an older ilsa reads). Not part of Ilsa.
*/
#include "IlsaBenchC.h"

#include <sqlite3.h>
#include <stdio.h>

int ilsabench_sqlite_exec_file(const char *path, const char *sql) {
  sqlite3 *db = NULL;
  int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL);
  if (rc == SQLITE_OK) {
    char *message = NULL;
    rc = sqlite3_exec(db, sql, NULL, NULL, &message);
    if (message) {
      fprintf(stderr, "ilsa-bench: %s: %s\n", path, message);
      sqlite3_free(message);
    }
  }
  int closed = sqlite3_close(db);
  return rc == SQLITE_OK ? closed : rc;
}
