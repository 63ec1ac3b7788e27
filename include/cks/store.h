/* cks/store.h — the session file (SQLite).
 *
 * One file holds everything the officer entered: units of the official
 * table, mergers and their members, certificates, the officer's overrides
 * with their reasons, checklist ticks, and an audit log of every change with
 * its time (kept by triggers, so no code path can forget it).
 *
 * Guarantees: WAL journal, synchronous=FULL, foreign keys on; every write in
 * a transaction; a new file is created owner-only (0600) in a folder created
 * 0700. A file that is not a session, comes from a newer version, cannot be
 * written, or is held by another running instance is refused with a clear
 * error and left untouched (nothing is written to it before those checks).
 * The instance lock is an flock() on the session file, released by the
 * kernel when the process dies, so a crash never leaves a stale lock.
 */
#ifndef CKS_STORE_H
#define CKS_STORE_H

#include <stddef.h>

#include "cks/error.h"

/* The schema this build writes. Older files are migrated on open. */
#define CKS_SCHEMA_VERSION 1
/* PRAGMA application_id of every session file: "CKS1". */
#define CKS_APPLICATION_ID 0x434B5331

typedef struct cks_store cks_store;

enum cks_store_flags {
    CKS_STORE_CREATE = 1u << 0,   /* create the file (and its folder) if missing */
    CKS_STORE_READONLY = 1u << 1  /* open for reading only; never migrates */
};

/* Open (or create) the session at path. On success *out owns the session;
 * release it with cks_store_close(). On failure *out is NULL. */
cks_err cks_store_open(const char *path, unsigned flags, cks_store **out,
                       cks_error *err);

/* Close and release. s may be NULL. An open transaction is rolled back. */
void cks_store_close(cks_store *s);

/* The path given to cks_store_open(). Owned by s. */
const char *cks_store_path(const cks_store *s);

/* Schema version of the open file (== CKS_SCHEMA_VERSION after open). */
int cks_store_version(const cks_store *s);

/* Transactions. Calls may nest: only the outermost begin/commit touch the
 * file; a rollback anywhere makes the outermost commit fail. */
cks_err cks_store_begin(cks_store *s, cks_error *err);
cks_err cks_store_commit(cks_store *s, cks_error *err);
void cks_store_rollback(cks_store *s);

/* Append an event that is not a row change (an import, an export written)
 * to the audit log. object/detail may be NULL; detail is stored as a JSON
 * string, like the row changes' JSON objects, so the log is all JSON. */
cks_err cks_store_audit(cks_store *s, const char *action, const char *object,
                        const char *detail, cks_error *err);

/* A bulk import, inside a transaction: between begin and end the rows
 * inserted are not logged one by one; end logs the import once, with
 * detail_json (a JSON text: what was imported, e.g. the file and the list
 * of serials). Updates and deletes are always logged row by row. */
cks_err cks_store_bulk_begin(cks_store *s, cks_error *err);
cks_err cks_store_bulk_end(cks_store *s, const char *action, const char *object,
                           const char *detail_json, cks_error *err);

/* Number of audit rows (for tests and the status line). -1 on error. */
long cks_store_audit_count(cks_store *s);

/* Small key/value state of the program (the wizard's step and merger…).
 * get returns CKS_E_NOTFOUND when the key is not set. */
cks_err cks_store_state_set(cks_store *s, const char *key, const char *value,
                            cks_error *err);
cks_err cks_store_state_get(cks_store *s, const char *key, char *out, size_t n,
                            cks_error *err);

/* PRAGMA integrity_check and foreign_key_check; CKS_E_STORE_CORRUPT with the
 * first problem when the file is not sound. */
cks_err cks_store_check(cks_store *s, cks_error *err);

#endif
