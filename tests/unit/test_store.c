/* test_store.c — the session file: create, reopen, migrate, refuse what is
 * not ours or is newer, read-only, locked, transactions, audit. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "cks/store.h"
#include "store/store_internal.h"

static char tmpdir[256];

static void path_in(char *out, size_t n, const char *name)
{
    snprintf(out, n, "%s/%s", tmpdir, name);
}

/* Whole file into a malloc'd buffer; *len gets its size. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)size + 1);
    if (buf && fread(buf, 1, (size_t)size, f) != (size_t)size) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (len)
        *len = (size_t)size;
    return buf;
}

static int exists(const char *path)
{
    return access(path, F_OK) == 0;
}

static long long scalar(cks_store *s, const char *sql)
{
    sqlite3_stmt *st = NULL;
    long long v = -12345;
    if (sqlite3_prepare_v2(cks_store_db(s), sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static int run_sql(cks_store *s, const char *sql)
{
    return sqlite3_exec(cks_store_db(s), sql, NULL, NULL, NULL);
}

/* Write raw SQL into a plain SQLite file (not through the store). */
static void raw_sqlite(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    CHECK(sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(db);
}

/* Open must fail with code, leaving the file byte for byte as it was and
 * no -wal/-shm beside it. */
static void check_refused_untouched(const char *path, cks_err code)
{
    size_t before_len = 0, after_len = 0;
    char *before = slurp(path, &before_len);
    char wal[512], shm[512];
    snprintf(wal, sizeof wal, "%s-wal", path);
    snprintf(shm, sizeof shm, "%s-shm", path);
    cks_store *s = (cks_store *)1;
    cks_error err;
    cks_error_clear(&err);
    cks_err e = cks_store_open(path, CKS_STORE_CREATE, &s, &err);
    CHECK_INT(e, code);
    CHECK_INT(err.code, code);
    CHECK(s == NULL);
    CHECK(err.msg[0] != '\0');
    CHECK_STR(err.file, path);
    char *after = slurp(path, &after_len);
    CHECK(before && after && before_len == after_len &&
          memcmp(before, after, before_len) == 0);
    CHECK(!exists(wal));
    CHECK(!exists(shm));
    free(before);
    free(after);
}

static void test_create(void)
{
    char path[600], dir[512];
    path_in(dir, sizeof dir, "new/deeper");
    snprintf(path, sizeof path, "%s/session.sqlite", dir);
    cks_store *s = NULL;
    cks_error err;
    CHECK_INT(cks_store_open(path, 0, &s, &err), CKS_E_NOTFOUND); /* no CREATE */
    CHECK(!exists(path));
    CHECK_INT(cks_store_open(path, CKS_STORE_CREATE, &s, &err), CKS_E_OK);
    CHECK(s != NULL);
    CHECK_INT(cks_store_version(s), CKS_SCHEMA_VERSION);
    CHECK_INT(scalar(s, "PRAGMA application_id"), CKS_APPLICATION_ID);
    CHECK_INT(scalar(s, "PRAGMA user_version"), CKS_SCHEMA_VERSION);
    CHECK_INT(scalar(s, "PRAGMA foreign_keys"), 1);
    CHECK_INT(scalar(s, "PRAGMA synchronous"), 2); /* FULL */
    CHECK_INT(scalar(s, "SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'"), 1);
    CHECK_INT(scalar(s, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN "
                        "('ref_unit','merger','member','cert','decision','checklist_tick','audit','meta')"),
              8);
    CHECK_INT(scalar(s, "SELECT count(*) FROM audit WHERE action = 'create'"), 1);
    struct stat st;
    CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
    CHECK(stat(dir, &st) == 0 && (st.st_mode & 0777) == 0700);
    char wal[700];
    snprintf(wal, sizeof wal, "%s-wal", path);
    CHECK(stat(wal, &st) == 0 && (st.st_mode & 0077) == 0);
    cks_store_close(s);
    cks_store_close(NULL);
}

static void test_reopen_and_audit(void)
{
    char path[512];
    path_in(path, sizeof path, "reopen.sqlite");
    cks_store *s = NULL;
    cks_error err;
    CHECK_INT(cks_store_open(path, CKS_STORE_CREATE, &s, &err), CKS_E_OK);
    long base = cks_store_audit_count(s);
    CHECK(run_sql(s, "INSERT INTO merger(new_code, new_type, new_name) "
                     "VALUES ('21025', 'Phường', 'Cẩm Thành')") == SQLITE_OK);
    CHECK(run_sql(s, "UPDATE merger SET province = 'Quảng Ngãi'") == SQLITE_OK);
    CHECK(run_sql(s, "INSERT INTO member(merger_id, code, type, name) "
                     "VALUES (1, '21025', 'Phường', 'Nguyễn Nghiêm')") == SQLITE_OK);
    CHECK(run_sql(s, "DELETE FROM member") == SQLITE_OK);
    CHECK_INT(cks_store_audit_count(s), base + 4);
    CHECK_INT(scalar(s, "SELECT count(*) FROM audit WHERE action = 'insert' AND object = 'merger' "
                        "AND json_extract(detail, '$.new_name') = 'Cẩm Thành'"), 1);
    CHECK_INT(scalar(s, "SELECT count(*) FROM audit WHERE action = 'update' "
                        "AND json_extract(detail, '$.old.province') IS NULL "
                        "AND json_extract(detail, '$.new.province') = 'Quảng Ngãi'"), 1);
    CHECK_INT(scalar(s, "SELECT count(*) FROM audit WHERE action = 'delete' AND object = 'member' "
                        "AND json_extract(detail, '$.code') = '21025'"), 1);
    CHECK_INT(scalar(s, "SELECT count(*) FROM audit WHERE at GLOB '20[0-9][0-9]-*T*Z'"),
              cks_store_audit_count(s));
    CHECK_INT(cks_store_audit(s, "export", "phuong-cam-thanh", NULL, &err), CKS_E_OK);
    CHECK_INT(cks_store_state_set(s, "wizard.step", "3", &err), CKS_E_OK);
    /* the database refuses what the core should never let through */
    CHECK(run_sql(s, "INSERT INTO merger(new_code, new_type, new_name) VALUES ('2102', 'Xã', 'X')") != SQLITE_OK);
    CHECK(run_sql(s, "INSERT INTO decision(merger_id, body, action, reason) VALUES (1, 'ubnd', 'keep', '  ')") != SQLITE_OK);
    cks_store_close(s);

    s = NULL;
    CHECK_INT(cks_store_open(path, 0, &s, &err), CKS_E_OK);
    CHECK_INT(scalar(s, "SELECT count(*) FROM merger WHERE new_code = '21025'"), 1);
    char value[16];
    CHECK_INT(cks_store_state_get(s, "wizard.step", value, sizeof value, &err), CKS_E_OK);
    CHECK_STR(value, "3");
    CHECK_INT(cks_store_state_get(s, "wizard.nothing", value, sizeof value, &err), CKS_E_NOTFOUND);
    CHECK_INT(cks_store_state_get(s, "wizard.step", value, 1, &err), CKS_E_TOOLONG);
    CHECK_INT(scalar(s, "SELECT count(*) FROM audit WHERE action = 'create'"), 1);
    CHECK_INT(cks_store_check(s, &err), CKS_E_OK);
    cks_store_close(s);
}

static void test_transactions(void)
{
    char path[512];
    path_in(path, sizeof path, "tx.sqlite");
    cks_store *s = NULL;
    cks_error err;
    CHECK_INT(cks_store_open(path, CKS_STORE_CREATE, &s, &err), CKS_E_OK);
    /* an inner rollback makes the whole change fail: nothing half-saved */
    CHECK_INT(cks_store_begin(s, &err), CKS_E_OK);
    CHECK(run_sql(s, "INSERT INTO merger(new_type, new_name) VALUES ('Xã', 'Bình Chương')") == SQLITE_OK);
    CHECK_INT(cks_store_begin(s, &err), CKS_E_OK);
    CHECK(run_sql(s, "INSERT INTO merger(new_type, new_name) VALUES ('Xã', 'Bình Mỹ')") == SQLITE_OK);
    cks_store_rollback(s);
    CHECK_INT(cks_store_commit(s, &err), CKS_E_STORE);
    CHECK_INT(scalar(s, "SELECT count(*) FROM merger"), 0);
    /* a plain nested commit keeps both */
    CHECK_INT(cks_store_begin(s, &err), CKS_E_OK);
    CHECK(run_sql(s, "INSERT INTO merger(new_type, new_name) VALUES ('Xã', 'Bình Chương')") == SQLITE_OK);
    CHECK_INT(cks_store_begin(s, &err), CKS_E_OK);
    CHECK_INT(cks_store_commit(s, &err), CKS_E_OK);
    CHECK_INT(cks_store_commit(s, &err), CKS_E_OK);
    CHECK_INT(scalar(s, "SELECT count(*) FROM merger"), 1);
    CHECK_INT(cks_store_commit(s, &err), CKS_E_STORE); /* commit without begin */
    /* closing with an open transaction rolls it back */
    CHECK_INT(cks_store_begin(s, &err), CKS_E_OK);
    CHECK(run_sql(s, "DELETE FROM merger") == SQLITE_OK);
    cks_store_close(s);
    s = NULL;
    CHECK_INT(cks_store_open(path, 0, &s, &err), CKS_E_OK);
    CHECK_INT(scalar(s, "SELECT count(*) FROM merger"), 1);
    cks_store_close(s);
}

static const char v2_sql[] = "ALTER TABLE merger ADD COLUMN note TEXT;"
                             "UPDATE merger SET note = 'migrated';";

static void test_migrate(void)
{
    char path[512];
    path_in(path, sizeof path, "migrate.sqlite");
    cks_store *s = NULL;
    cks_error err;
    size_t n;
    const cks_migration *builtin = cks_store_migrations(&n);
    CHECK_INT(n, CKS_SCHEMA_VERSION);
    CHECK_INT(cks_store_open(path, CKS_STORE_CREATE, &s, &err), CKS_E_OK);
    CHECK(run_sql(s, "INSERT INTO merger(new_code, new_type, new_name) VALUES ('21100', 'Xã', 'Bình Chương')") == SQLITE_OK);
    cks_store_close(s);

    /* A migration that fails leaves the file at its version with its data. */
    cks_migration broken[2] = {builtin[0], {2, "ALTER TABLE merger ADD COLUMN x TEXT; THIS IS NOT SQL;"}};
    s = NULL;
    CHECK(cks_store_open_with(path, 0, broken, 2, &s, &err) != CKS_E_OK);
    CHECK(s == NULL);
    CHECK_INT(cks_store_open(path, 0, &s, &err), CKS_E_OK);
    CHECK_INT(scalar(s, "PRAGMA user_version"), 1);
    CHECK_INT(scalar(s, "SELECT count(*) FROM pragma_table_info('merger') WHERE name = 'x'"), 0);
    cks_store_close(s);

    /* The next version's migration runs once, keeps the data, and the audit
     * triggers follow the new column. */
    cks_migration next[2] = {builtin[0], {2, v2_sql}};
    s = NULL;
    CHECK_INT(cks_store_open_with(path, 0, next, 2, &s, &err), CKS_E_OK);
    CHECK_INT(cks_store_version(s), 2);
    CHECK_INT(scalar(s, "PRAGMA user_version"), 2);
    CHECK_INT(scalar(s, "SELECT count(*) FROM merger WHERE new_code = '21100' AND note = 'migrated'"), 1);
    CHECK_INT(scalar(s, "SELECT count(*) FROM audit WHERE action = 'migrate' AND detail ->> '$' = '1 -> 2'"), 1);
    CHECK(run_sql(s, "UPDATE merger SET note = 'again'") == SQLITE_OK);
    CHECK_INT(scalar(s, "SELECT count(*) FROM audit WHERE json_extract(detail, '$.new.note') = 'again'"), 1);
    cks_store_close(s);
    s = NULL;
    CHECK_INT(cks_store_open_with(path, 0, next, 2, &s, &err), CKS_E_OK);
    CHECK_INT(scalar(s, "SELECT count(*) FROM audit WHERE action = 'migrate'"), 1);
    cks_store_close(s);
    /* …and this build, which knows only version 1, now refuses it. */
    check_refused_untouched(path, CKS_E_STORE_NEWER);

    /* A session whose creation was cut short (id set, no tables) is built. */
    path_in(path, sizeof path, "cut-short.sqlite");
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA application_id = %d;", CKS_APPLICATION_ID);
    raw_sqlite(path, sql);
    s = NULL;
    CHECK_INT(cks_store_open(path, 0, &s, &err), CKS_E_OK);
    CHECK_INT(scalar(s, "SELECT count(*) FROM sqlite_schema WHERE name = 'cert'"), 1);
    cks_store_close(s);
}

static void test_refuse_foreign(void)
{
    char path[512];
    /* a text file */
    path_in(path, sizeof path, "notes.txt");
    FILE *f = fopen(path, "w");
    fputs("Danh sách chứng thư số\nkhông phải phiên làm việc\n", f);
    fclose(f);
    check_refused_untouched(path, CKS_E_STORE_NOTSESSION);
    /* a large file of something else */
    path_in(path, sizeof path, "image.bin");
    f = fopen(path, "w");
    for (int i = 0; i < 8192; i++)
        fputc(i * 7 & 0xff, f);
    fclose(f);
    check_refused_untouched(path, CKS_E_STORE_NOTSESSION);
    /* somebody else's SQLite database */
    path_in(path, sizeof path, "other.sqlite");
    raw_sqlite(path, "CREATE TABLE contacts(name TEXT); INSERT INTO contacts VALUES ('x');");
    check_refused_untouched(path, CKS_E_STORE_NOTSESSION);
    /* an SQLite file with another application id, even without tables */
    path_in(path, sizeof path, "other-app.sqlite");
    raw_sqlite(path, "PRAGMA application_id = 42;");
    check_refused_untouched(path, CKS_E_STORE_NOTSESSION);
    /* a damaged session: the header survives, the rest is garbage */
    path_in(path, sizeof path, "damaged.sqlite");
    cks_store *s = NULL;
    cks_error err;
    CHECK_INT(cks_store_open(path, CKS_STORE_CREATE, &s, &err), CKS_E_OK);
    cks_store_close(s);
    s = NULL;
    int fd = open(path, O_WRONLY);
    CHECK(fd >= 0);
    char junk[4096];
    memset(junk, 0xA5, sizeof junk);
    for (int page = 1; page < 6; page++)
        CHECK(pwrite(fd, junk, sizeof junk, (off_t)page * 4096) == (ssize_t)sizeof junk);
    close(fd);
    cks_err e = cks_store_open(path, 0, &s, &err);
    if (e == CKS_E_OK) {
        CHECK_INT(cks_store_check(s, &err), CKS_E_STORE_CORRUPT);
        cks_store_close(s);
    } else {
        CHECK(e == CKS_E_STORE_CORRUPT || e == CKS_E_STORE_NOTSESSION);
    }
}

static void test_newer(void)
{
    char path[512];
    path_in(path, sizeof path, "newer.sqlite");
    cks_store *s = NULL;
    cks_error err;
    CHECK_INT(cks_store_open(path, CKS_STORE_CREATE, &s, &err), CKS_E_OK);
    cks_store_close(s);
    raw_sqlite(path, "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;"
                     "PRAGMA user_version = 99;");
    check_refused_untouched(path, CKS_E_STORE_NEWER);
}

static void test_readonly(void)
{
    char path[512];
    path_in(path, sizeof path, "readonly.sqlite");
    cks_store *s = NULL;
    cks_error err;
    CHECK_INT(cks_store_open(path, CKS_STORE_CREATE, &s, &err), CKS_E_OK);
    cks_store_close(s);
    chmod(path, 0444);
    if (geteuid() != 0) {
        check_refused_untouched(path, CKS_E_STORE_READONLY);
    } else {
        /* root may write anything: check it as an ordinary user instead */
        chmod(tmpdir, 0755);
        pid_t pid = fork();
        if (pid == 0) {
            if (setgid(65534) != 0 || setuid(65534) != 0)
                _exit(99);
            cks_store *c = NULL;
            cks_error e2;
            cks_err e = cks_store_open(path, 0, &c, &e2);
            _exit(e == CKS_E_STORE_READONLY && c == NULL ? 0 : 1);
        }
        int status = 0;
        waitpid(pid, &status, 0);
        CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        chmod(tmpdir, 0700);
    }
    /* read-only opening works on a read-only file */
    chmod(path, 0644);
    s = NULL;
    CHECK_INT(cks_store_open(path, CKS_STORE_READONLY, &s, &err), CKS_E_OK);
    CHECK(run_sql(s, "INSERT INTO merger(new_type, new_name) VALUES ('Xã', 'X')") != SQLITE_OK);
    cks_store_close(s);
}

static void test_locked(void)
{
    char path[512];
    path_in(path, sizeof path, "locked.sqlite");
    cks_store *first = NULL, *second = NULL;
    cks_error err;
    CHECK_INT(cks_store_open(path, CKS_STORE_CREATE, &first, &err), CKS_E_OK);
    CHECK(run_sql(first, "INSERT INTO merger(new_type, new_name) VALUES ('Xã', 'Bình Chương')") == SQLITE_OK);

    /* another process: refused at once with a clear message */
    int pipefd[2];
    CHECK(pipe(pipefd) == 0);
    pid_t pid = fork();
    if (pid == 0) {
        close(pipefd[0]);
        cks_store *c = NULL;
        cks_error e2;
        cks_err e = cks_store_open(path, CKS_STORE_CREATE, &c, &e2);
        char code = (char)e;
        if (write(pipefd[1], &code, 1) != 1)
            _exit(2);
        _exit(c == NULL ? 0 : 1);
    }
    close(pipefd[1]);
    char code = 0;
    CHECK(read(pipefd[0], &code, 1) == 1);
    close(pipefd[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK_INT(code, CKS_E_STORE_LOCKED);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);

    /* and in this process too */
    CHECK_INT(cks_store_open(path, 0, &second, &err), CKS_E_STORE_LOCKED);
    CHECK(strstr(err.msg, "another") != NULL);
    CHECK(second == NULL);
    /* the refused attempt did not disturb the first instance */
    CHECK(run_sql(first, "INSERT INTO merger(new_type, new_name) VALUES ('Xã', 'Bình Mỹ')") == SQLITE_OK);
    cks_store_close(first);

    /* a holder that dies (SIGKILL) leaves no stale lock */
    pid = fork();
    if (pid == 0) {
        cks_store *c = NULL;
        cks_error e2;
        if (cks_store_open(path, 0, &c, &e2) != CKS_E_OK)
            _exit(1);
        for (;;)
            pause();
    }
    usleep(200 * 1000);
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    CHECK_INT(cks_store_open(path, 0, &second, &err), CKS_E_OK);
    CHECK_INT(scalar(second, "SELECT count(*) FROM merger"), 2);
    CHECK_INT(cks_store_check(second, &err), CKS_E_OK);
    cks_store_close(second);
}

int main(void)
{
    const char *base = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/cks-store-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    RUN(test_create);
    RUN(test_reopen_and_audit);
    RUN(test_transactions);
    RUN(test_migrate);
    RUN(test_refuse_foreign);
    RUN(test_newer);
    RUN(test_readonly);
    RUN(test_locked);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    return check_summary();
}
