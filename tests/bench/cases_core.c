/* cases_core.c — benchmark cases of the foundation: the session store and
 * the text keys. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "cks/store.h"
#include "cks/text.h"

#include "store/schema_v1.sql.h"

/* ------------------------------------------------ store.create */

static int store_create(void *state)
{
    (void)state;
    char path[600];
    snprintf(path, sizeof path, "%s/session.sqlite", bench_dir());
    cks_store *s = NULL;
    cks_error err;
    if (cks_store_open(path, CKS_STORE_CREATE, &s, &err) != CKS_E_OK)
        return 1;
    cks_store_close(s);
    return 0;
}

/* The same schema written with bare SQLite calls and the same durability. */
static int raw_create(void *state)
{
    (void)state;
    char path[600];
    snprintf(path, sizeof path, "%s/raw.sqlite", bench_dir());
    sqlite3 *db = NULL;
    int rc = sqlite3_open(path, &db);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; BEGIN;",
                          NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, schema_v1_sql, NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, "PRAGMA user_version = 1; COMMIT;", NULL, NULL, NULL);
    sqlite3_close(db);
    return rc != SQLITE_OK;
}

const bench_case bench_store_create = {
    .name = "store.create",
    .what = "create a new session file (schema, audit triggers, fsync) vs bare SQLite",
    .run = store_create,
    .baseline = raw_create,
    .baseline_name = "bare sqlite3",
};

/* ------------------------------------------------ text.keys */

typedef struct names {
    char **v;
    size_t n;
} names;

static int add_name(names *ns, const char *s, size_t len)
{
    if (ns->n % 4096 == 0) {
        char **v = realloc(ns->v, (ns->n + 4096) * sizeof *v);
        if (!v)
            return 1;
        ns->v = v;
    }
    ns->v[ns->n] = strndup(s, len);
    return ns->v[ns->n++] == NULL;
}

/* Every new and old unit name of the national table (≈ 21,000), or
 * generated names when the table is not there. */
static int names_setup(void **state)
{
    names *ns = calloc(1, sizeof *ns);
    char path[1200], line[4096];
    if (!ns)
        return 1;
    snprintf(path, sizeof path, "%s/data/admin-units/nso-old-to-new.tsv", bench_shared());
    FILE *f = fopen(path, "r");
    if (f) {
        while (fgets(line, sizeof line, f)) {
            char *col[8];
            int k = 0;
            col[k++] = line;
            for (char *p = line; *p && k < 8; p++)
                if (*p == '\t') {
                    *p = '\0';
                    col[k++] = p + 1;
                }
            if (k >= 5 && (add_name(ns, col[2], strlen(col[2])) ||
                           add_name(ns, col[4], strlen(col[4]))))
                return 1;
        }
        fclose(f);
    } else {
        static const char *const parts[] = {"Phường Cẩm Thành", "Xã Bình Chương",
                                            "Thị trấn Châu Ổ", "Xã Tịnh Hoà"};
        for (size_t i = 0; i < 21000; i++)
            if (add_name(ns, parts[i % 4], strlen(parts[i % 4])))
                return 1;
    }
    *state = ns;
    return 0;
}

static void names_teardown(void *state)
{
    names *ns = state;
    for (size_t i = 0; i < ns->n; i++)
        free(ns->v[i]);
    free(ns->v);
    free(ns);
}

static int names_keys(void *state)
{
    names *ns = state;
    for (size_t i = 0; i < ns->n; i++) {
        char *a = cks_text_fold(ns->v[i], NULL);
        char *b = cks_text_name_key(ns->v[i], NULL);
        if (!a || !b)
            return 1;
        free(a);
        free(b);
    }
    return 0;
}

static int names_nfc(void *state)
{
    names *ns = state;
    for (size_t i = 0; i < ns->n; i++) {
        char *a = cks_text_nfc(ns->v[i], NULL);
        if (!a)
            return 1;
        free(a);
    }
    return 0;
}

const bench_case bench_text_keys = {
    .name = "text.keys",
    .what = "search and name-identity keys of every unit name of the national table",
    .setup = names_setup,
    .run = names_keys,
    .teardown = names_teardown,
    .baseline = names_nfc,
    .baseline_name = "NFC only",
};
