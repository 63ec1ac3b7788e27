/* store.c — the session file: open, check, lock, migrate, transactions,
 * audit. */
#include "cks/store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cks/i18n.h"
#include "cks/paths.h"
#include "store/store_internal.h"

#include "store/schema_v1.sql.h"

struct cks_store {
    sqlite3 *db;
    int lock_fd;      /* flock()ed for the life of the session; closed last */
    int version;
    int tx_depth;
    int tx_failed;
    char *path;
};

static const cks_migration builtin_migrations[] = {
    {1, schema_v1_sql},
};

/* Tables whose every row change goes to the audit log. */
static const char *const audited_tables[] = {
    "merger", "member", "cert", "decision", "checklist_tick",
};

const cks_migration *cks_store_migrations(size_t *n)
{
    *n = sizeof builtin_migrations / sizeof builtin_migrations[0];
    return builtin_migrations;
}

sqlite3 *cks_store_db(cks_store *s)
{
    return s ? s->db : NULL;
}

const char *cks_store_path(const cks_store *s)
{
    return s ? s->path : "";
}

int cks_store_version(const cks_store *s)
{
    return s ? s->version : 0;
}

cks_err cks_store_sqlerr(cks_store *s, int rc, const char *what, cks_error *err)
{
    const char *path = s ? s->path : NULL;
    const char *detail = s && s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc);
    switch (rc & 0xff) {
    case SQLITE_NOMEM:
        return cks_error_set(err, CKS_E_NOMEM, path, 0, NULL, NULL);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return cks_error_set(err, CKS_E_STORE_LOCKED, path, 0, NULL,
                             _("the session is busy in another program (%s)"), detail);
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
        return cks_error_set(err, CKS_E_STORE_READONLY, path, 0, NULL,
                             _("the session file cannot be written (%s)"), detail);
    case SQLITE_CORRUPT:
        return cks_error_set(err, CKS_E_STORE_CORRUPT, path, 0, NULL,
                             _("the session file is damaged (%s); restore it from a backup"),
                             detail);
    case SQLITE_NOTADB:
        return cks_error_set(err, CKS_E_STORE_NOTSESSION, path, 0, NULL, NULL);
    case SQLITE_FULL:
        return cks_error_set(err, CKS_E_IO, path, 0, NULL,
                             _("the disk is full; nothing was saved"));
    case SQLITE_IOERR:
        return cks_error_set(err, CKS_E_IO, path, 0, NULL,
                             _("the session file could not be written (%s); nothing was saved"),
                             detail);
    default:
        return cks_error_set(err, CKS_E_STORE, path, 0, NULL, _("%s failed: %s"),
                             what ? what : "SQLite", detail);
    }
}

static cks_err exec(cks_store *s, const char *sql, const char *what, cks_error *err)
{
    int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? CKS_E_OK : cks_store_sqlerr(s, rc, what, err);
}

/* One integer from a one-row query; -1 on failure. */
static long long query_int(sqlite3 *db, const char *sql, int *rc_out)
{
    sqlite3_stmt *st = NULL;
    long long v = -1;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            v = sqlite3_column_int64(st, 0);
            rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(st);
    if (rc_out)
        *rc_out = rc;
    return v;
}

/* ------------------------------------------------------------ transactions */

cks_err cks_store_begin(cks_store *s, cks_error *err)
{
    if (s->tx_depth == 0) {
        cks_err e = exec(s, "BEGIN IMMEDIATE", "BEGIN", err);
        if (e)
            return e;
        s->tx_failed = 0;
    }
    s->tx_depth++;
    return CKS_E_OK;
}

cks_err cks_store_commit(cks_store *s, cks_error *err)
{
    if (s->tx_depth == 0)
        return cks_error_set(err, CKS_E_STORE, s->path, 0, NULL,
                             _("commit without a transaction"));
    if (--s->tx_depth > 0)
        return CKS_E_OK;
    if (s->tx_failed) {
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        return cks_error_set(err, CKS_E_STORE, s->path, 0, NULL,
                             _("a part of the change failed, so nothing was saved"));
    }
    int rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        cks_err e = cks_store_sqlerr(s, rc, "COMMIT", err);
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        return e;
    }
    return CKS_E_OK;
}

void cks_store_rollback(cks_store *s)
{
    if (!s || s->tx_depth == 0)
        return;
    if (--s->tx_depth > 0) {
        s->tx_failed = 1;
        return;
    }
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

/* ------------------------------------------------------------ audit */

/* "json_object('a', X.a, 'b', X.b)" for the columns of table. */
static cks_err json_of_row(cks_store *s, const char *table, const char *alias,
                           char **out, cks_error *err)
{
    char *sql = sqlite3_mprintf("SELECT name FROM pragma_table_info(%Q) ORDER BY cid", table);
    sqlite3_stmt *st = NULL;
    sqlite3_str *acc = sqlite3_str_new(s->db);
    cks_err e = CKS_E_OK;
    int rc = sql ? sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) : SQLITE_NOMEM;
    sqlite3_str_appendall(acc, "json_object(");
    int first = 1;
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        rc = SQLITE_OK;
        const char *col = (const char *)sqlite3_column_text(st, 0);
        sqlite3_str_appendf(acc, "%s%Q, %s.\"%w\"", first ? "" : ", ", col, alias, col);
        first = 0;
    }
    if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    sqlite3_str_appendall(acc, ")");
    if (rc != SQLITE_OK)
        e = cks_store_sqlerr(s, rc, "table_info", err);
    sqlite3_finalize(st);
    sqlite3_free(sql);
    char *text = sqlite3_str_finish(acc);
    if (!e && !text)
        e = cks_error_set(err, CKS_E_NOMEM, NULL, 0, NULL, NULL);
    if (e) {
        sqlite3_free(text);
        return e;
    }
    *out = text;
    return CKS_E_OK;
}

/* (Re)create the audit triggers so that they match the current columns. */
static cks_err make_audit_triggers(cks_store *s, cks_error *err)
{
    static const char *const ops[] = {"insert", "update", "delete"};
    for (size_t t = 0; t < sizeof audited_tables / sizeof audited_tables[0]; t++) {
        const char *table = audited_tables[t];
        char *new_json = NULL, *old_json = NULL;
        cks_err e = json_of_row(s, table, "NEW", &new_json, err);
        if (!e)
            e = json_of_row(s, table, "OLD", &old_json, err);
        for (size_t o = 0; !e && o < 3; o++) {
            const char *detail = o == 0   ? new_json
                                 : o == 2 ? old_json
                                          : NULL;
            char *sql;
            if (o == 0)
                /* inserts of a bulk import are recorded once, as the import
                 * (see cks_store_bulk_begin) */
                sql = sqlite3_mprintf(
                    "DROP TRIGGER IF EXISTS \"audit_%w_%w\";"
                    "CREATE TRIGGER \"audit_%w_%w\" AFTER %s ON \"%w\""
                    " WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit.bulk') BEGIN "
                    "INSERT INTO audit(action, object, detail) VALUES (%Q, %Q, %s); END;",
                    table, ops[o], table, ops[o], ops[o], table, ops[o], table, detail);
            else if (detail)
                sql = sqlite3_mprintf(
                    "DROP TRIGGER IF EXISTS \"audit_%w_%w\";"
                    "CREATE TRIGGER \"audit_%w_%w\" AFTER %s ON \"%w\" BEGIN "
                    "INSERT INTO audit(action, object, detail) VALUES (%Q, %Q, %s); END;",
                    table, ops[o], table, ops[o], ops[o], table, ops[o], table, detail);
            else
                sql = sqlite3_mprintf(
                    "DROP TRIGGER IF EXISTS \"audit_%w_%w\";"
                    "CREATE TRIGGER \"audit_%w_%w\" AFTER %s ON \"%w\" BEGIN "
                    "INSERT INTO audit(action, object, detail) VALUES (%Q, %Q, "
                    "json_object('old', json(%s), 'new', json(%s))); END;",
                    table, ops[o], table, ops[o], ops[o], table, ops[o], table, old_json,
                    new_json);
            if (!sql)
                e = cks_error_set(err, CKS_E_NOMEM, NULL, 0, NULL, NULL);
            else
                e = exec(s, sql, "CREATE TRIGGER", err);
            sqlite3_free(sql);
        }
        sqlite3_free(new_json);
        sqlite3_free(old_json);
        if (e)
            return e;
    }
    return CKS_E_OK;
}

cks_err cks_store_audit(cks_store *s, const char *action, const char *object,
                        const char *detail, cks_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db,
                                "INSERT INTO audit(action, object, detail) VALUES (?, ?, json_quote(?))",
                                -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, action, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, object, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, detail, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_OK ? CKS_E_OK : cks_store_sqlerr(s, rc, "audit", err);
}

cks_err cks_store_bulk_begin(cks_store *s, cks_error *err)
{
    if (s->tx_depth == 0)
        return cks_error_set(err, CKS_E_STORE, s->path, 0, NULL, NULL);
    /* a page cache large enough that a big import does not spill to the
     * WAL half-way (32 MiB at most, taken only as needed; back to SQLite's
     * 2 MiB at the end) */
    return exec(s, "PRAGMA cache_size = -32768;"
                   "INSERT OR REPLACE INTO meta(key, value) VALUES ('audit.bulk', '1')",
                "bulk", err);
}

cks_err cks_store_bulk_end(cks_store *s, const char *action, const char *object,
                           const char *detail_json, cks_error *err)
{
    cks_err e = exec(s, "DELETE FROM meta WHERE key = 'audit.bulk'; PRAGMA cache_size = -2000",
                     "bulk", err);
    if (e)
        return e;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db,
                                "INSERT INTO audit(action, object, detail) VALUES (?, ?, json(?))",
                                -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, action, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, object, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, detail_json, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_OK ? CKS_E_OK : cks_store_sqlerr(s, rc, "audit", err);
}

long cks_store_audit_count(cks_store *s)
{
    return (long)query_int(s->db, "SELECT count(*) FROM audit", NULL);
}

/* ------------------------------------------------------------ state */

cks_err cks_store_state_set(cks_store *s, const char *key, const char *value,
                            cks_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(
        s->db, "INSERT INTO meta(key, value) VALUES ('state.' || ?, ?) "
               "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, value ? value : "", -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_OK ? CKS_E_OK : cks_store_sqlerr(s, rc, "state", err);
}

cks_err cks_store_state_get(cks_store *s, const char *key, char *out, size_t n,
                            cks_error *err)
{
    sqlite3_stmt *st = NULL;
    cks_err e = CKS_E_OK;
    int rc = sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key = 'state.' || ?",
                                -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            const char *v = (const char *)sqlite3_column_text(st, 0);
            size_t len = v ? strlen(v) : 0;
            if (len >= n)
                e = cks_error_set(err, CKS_E_TOOLONG, s->path, 0, key, NULL);
            else if (n)
                memcpy(out, v ? v : "", len + 1);
            rc = SQLITE_OK;
        } else if (rc == SQLITE_DONE) {
            e = cks_error_set(err, CKS_E_NOTFOUND, s->path, 0, key, NULL);
            rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_OK)
        return cks_store_sqlerr(s, rc, "state", err);
    return e;
}

/* ------------------------------------------------------------ checks */

cks_err cks_store_check(cks_store *s, cks_error *err)
{
    sqlite3_stmt *st = NULL;
    cks_err e = CKS_E_OK;
    int rc = sqlite3_prepare_v2(s->db, "PRAGMA integrity_check(1)", -1, &st, NULL);
    if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *res = (const char *)sqlite3_column_text(st, 0);
        if (!res || strcmp(res, "ok") != 0)
            e = cks_error_set(err, CKS_E_STORE_CORRUPT, s->path, 0, NULL,
                              _("the session file is damaged (%s); restore it from a backup"),
                              res ? res : "?");
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_OK)
        return cks_store_sqlerr(s, rc, "integrity_check", err);
    if (e)
        return e;
    st = NULL;
    rc = sqlite3_prepare_v2(s->db, "PRAGMA foreign_key_check", -1, &st, NULL);
    if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        e = cks_error_set(err, CKS_E_STORE_CORRUPT, s->path, 0, NULL,
                          _("the session file is damaged (a %s row points at nothing); "
                            "restore it from a backup"),
                          (const char *)sqlite3_column_text(st, 0));
        rc = SQLITE_OK;
    } else if (rc == SQLITE_DONE) {
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_OK)
        return cks_store_sqlerr(s, rc, "foreign_key_check", err);
    return e;
}

/* ------------------------------------------------------------ open */

/* Does the file start like an SQLite database? Empty files count as new. */
static int looks_like_sqlite(int fd, off_t size)
{
    static const char magic[16] = "SQLite format 3";
    char head[16];
    if (size == 0)
        return 1;
    if (size < 100)
        return 0;
    if (pread(fd, head, sizeof head, 0) != (ssize_t)sizeof head)
        return 0;
    return memcmp(head, magic, sizeof magic) == 0;
}

static cks_err open_fd(const char *path, unsigned flags, int *fd_out, int *created,
                       cks_error *err)
{
    int ro = (flags & CKS_STORE_READONLY) != 0;
    int fd = open(path, (ro ? O_RDONLY : O_RDWR) | O_CLOEXEC | O_NOFOLLOW);
    *created = 0;
    if (fd < 0 && errno == ENOENT && (flags & CKS_STORE_CREATE) && !ro) {
        char dir[4096];
        size_t len = strlen(path);
        if (len >= sizeof dir)
            return cks_error_set(err, CKS_E_TOOLONG, path, 0, NULL, _("the path is too long"));
        memcpy(dir, path, len + 1);
        char *slash = strrchr(dir, '/');
        if (slash && slash != dir) {
            *slash = '\0';
            cks_err e = cks_paths_mkdir_p(dir, 0700, err);
            if (e)
                return e;
        }
        fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (fd >= 0)
            *created = 1;
    }
    if (fd < 0) {
        int e = errno;
        if (e == ENOENT)
            return cks_error_set(err, CKS_E_NOTFOUND, path, 0, NULL,
                                 _("there is no session file here"));
        if (e == EACCES || e == EROFS || e == EPERM)
            return cks_error_set(err, CKS_E_STORE_READONLY, path, 0, NULL,
                                 _("the session file cannot be written (%s); check that "
                                   "it belongs to you and that the disk is not read-only"),
                                 strerror(e));
        if (e == ELOOP)
            return cks_error_set(err, CKS_E_STORE_NOTSESSION, path, 0, NULL,
                                 _("the session path is a symbolic link; give the real file"));
        return cks_error_set(err, CKS_E_IO, path, 0, NULL, _("cannot open the file: %s"),
                             strerror(e));
    }
    /* One instance at a time: the second gets a clear message at once. */
    if (flock(fd, (ro ? LOCK_SH : LOCK_EX) | LOCK_NB) != 0) {
        int e = errno;
        close(fd);
        if (e == EWOULDBLOCK)
            return cks_error_set(err, CKS_E_STORE_LOCKED, path, 0, NULL,
                                 _("the session is open in another running cks-sapnhap; "
                                   "close that one first"));
        return cks_error_set(err, CKS_E_IO, path, 0, NULL, _("cannot lock the file: %s"),
                             strerror(e));
    }
    *fd_out = fd;
    return CKS_E_OK;
}

static cks_err migrate(cks_store *s, const cks_migration *migs, size_t n, int from,
                       cks_error *err)
{
    cks_err e = cks_store_begin(s, err);
    if (e)
        return e;
    for (size_t i = 0; i < n && !e; i++) {
        if (migs[i].to <= from)
            continue;
        e = exec(s, migs[i].sql, "migration", err);
        if (!e) {
            char sql[64];
            snprintf(sql, sizeof sql, "PRAGMA user_version = %d", migs[i].to);
            e = exec(s, sql, "migration", err);
        }
    }
    if (!e) {
        char sql[64];
        snprintf(sql, sizeof sql, "PRAGMA application_id = %d", (int)CKS_APPLICATION_ID);
        e = exec(s, sql, "migration", err);
    }
    if (!e)
        e = make_audit_triggers(s, err);
    if (!e) {
        char detail[64];
        snprintf(detail, sizeof detail, "%d -> %d", from, n ? migs[n - 1].to : 0);
        e = cks_store_audit(s, from == 0 ? "create" : "migrate", "session", detail, err);
    }
    if (e) {
        cks_store_rollback(s);
        return e;
    }
    return cks_store_commit(s, err);
}

cks_err cks_store_open_with(const char *path, unsigned flags,
                            const cks_migration *migs, size_t n, cks_store **out,
                            cks_error *err)
{
    *out = NULL;
    int latest = n ? migs[n - 1].to : 0;
    int ro = (flags & CKS_STORE_READONLY) != 0;
    cks_store *s = calloc(1, sizeof *s);
    cks_err e = CKS_E_OK;
    int rc, created = 0;
    struct stat st;
    if (!s)
        return cks_error_set(err, CKS_E_NOMEM, NULL, 0, NULL, NULL);
    s->lock_fd = -1;
    s->path = strdup(path);
    if (!s->path) {
        e = cks_error_set(err, CKS_E_NOMEM, NULL, 0, NULL, NULL);
        goto fail;
    }
    e = open_fd(path, flags, &s->lock_fd, &created, err);
    if (e)
        goto fail;
    if (fstat(s->lock_fd, &st) != 0 || !S_ISREG(st.st_mode) ||
        !looks_like_sqlite(s->lock_fd, st.st_size)) {
        e = cks_error_set(err, CKS_E_STORE_NOTSESSION, path, 0, NULL,
                          _("this file is not a cks-sapnhap session; it was left as it is"));
        goto fail;
    }
    /* A fresh file: make sure nobody else can read it even if the umask
     * or an earlier crash left it wider. */
    if (st.st_size == 0 && !ro)
        fchmod(s->lock_fd, 0600);

    rc = sqlite3_open_v2(path, &s->db,
                         ro ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE, NULL);
    if (rc != SQLITE_OK) {
        e = cks_store_sqlerr(s, rc, "open", err);
        goto fail;
    }
    sqlite3_extended_result_codes(s->db, 1);

    /* Read-only checks first: nothing is written to a foreign or newer file. */
    long long app_id = query_int(s->db, "PRAGMA application_id", &rc);
    if (rc != SQLITE_OK) {
        e = cks_store_sqlerr(s, rc, "open", err);
        if (e == CKS_E_STORE_NOTSESSION || e == CKS_E_STORE)
            e = cks_error_set(err, CKS_E_STORE_NOTSESSION, path, 0, NULL,
                              _("this file is not a cks-sapnhap session; it was left as it is"));
        goto fail;
    }
    int rc2 = SQLITE_OK;
    long long version = query_int(s->db, "PRAGMA user_version", &rc);
    long long tables = query_int(s->db, "SELECT count(*) FROM sqlite_schema", &rc2);
    if (rc == SQLITE_OK)
        rc = rc2;
    if (rc != SQLITE_OK) {
        e = cks_store_sqlerr(s, rc, "open", err);
        goto fail;
    }
    if (app_id != CKS_APPLICATION_ID && !(app_id == 0 && tables == 0 && version == 0)) {
        e = cks_error_set(err, CKS_E_STORE_NOTSESSION, path, 0, NULL,
                          _("this file is not a cks-sapnhap session; it was left as it is"));
        goto fail;
    }
    if (version > latest) {
        e = cks_error_set(err, CKS_E_STORE_NEWER, path, 0, NULL,
                          _("the session was saved by a newer cks-sapnhap (schema %lld, "
                            "this program knows %d); use that version, the file was "
                            "left as it is"),
                          version, latest);
        goto fail;
    }
    if (ro && version < latest) {
        e = cks_error_set(err, CKS_E_STORE_READONLY, path, 0, NULL,
                          _("the session needs upgrading, which cannot be done read-only; "
                            "open it once normally"));
        goto fail;
    }
    if (!ro) {
        e = exec(s, "PRAGMA journal_mode = WAL", "journal_mode", err);
        if (!e)
            e = exec(s, "PRAGMA synchronous = FULL", "synchronous", err);
        if (e)
            goto fail;
    }
    e = exec(s, "PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON", "pragma", err);
    if (e)
        goto fail;
    if (version < latest) {
        e = migrate(s, migs, n, (int)version, err);
        if (e)
            goto fail;
    }
    s->version = latest;
    *out = s;
    return CKS_E_OK;

fail:
    cks_store_close(s);
    if (created)
        unlink(path);
    return e;
}

cks_err cks_store_open(const char *path, unsigned flags, cks_store **out, cks_error *err)
{
    size_t n;
    const cks_migration *migs = cks_store_migrations(&n);
    return cks_store_open_with(path, flags, migs, n, out, err);
}

void cks_store_close(cks_store *s)
{
    if (!s)
        return;
    if (s->db) {
        if (s->tx_depth > 0)
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        sqlite3_close_v2(s->db);
    }
    /* Closing this descriptor last: closing any descriptor of the file drops
     * this process's POSIX locks on it, which SQLite relies on. */
    if (s->lock_fd >= 0)
        close(s->lock_fd);
    free(s->path);
    free(s);
}
