/* store_internal.h — for the core modules that keep their rows in the
 * session (refdata, merger, cert, decide, checklist) and for tests.
 * Not part of the public API; front ends never include it. */
#ifndef CKS_STORE_INTERNAL_H
#define CKS_STORE_INTERNAL_H

#include <sqlite3.h>

#include "cks/store.h"

/* The connection. Owned by s. */
sqlite3 *cks_store_db(cks_store *s);

/* Turn the last SQLite error of s into a cks_error (CKS_E_STORE, or the
 * more precise code for busy/read-only/corrupt/full conditions). */
cks_err cks_store_sqlerr(cks_store *s, int rc, const char *what, cks_error *err);

/* A migration takes the file from version `to - 1` to version `to`. */
typedef struct cks_migration {
    int to;
    const char *sql; /* statements run inside the migration's transaction */
} cks_migration;

/* cks_store_open() with another list of migrations (ascending, versions
 * 1..n). For tests of the migration mechanism. */
cks_err cks_store_open_with(const char *path, unsigned flags,
                            const cks_migration *migrations, size_t n,
                            cks_store **out, cks_error *err);

/* The built-in migrations. */
const cks_migration *cks_store_migrations(size_t *n);

#endif
