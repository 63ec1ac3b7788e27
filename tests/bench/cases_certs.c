/* cases_certs.c — importing 100,000 certificates (made by gen-certs, the
 * generator beside this program) into the demo's mergers: read, validate
 * every field, check serials against each other and the session, store. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"
#include "cks/cert.h"
#include "cks/demo.h"

typedef struct certs_state {
    char csv[PATH_MAX];
    char db[PATH_MAX];
} certs_state;

static certs_state cs;

/* The CSV once (by gen-certs), a session with the demo's mergers each run. */
static int certs_setup(void **state)
{
    char exe[PATH_MAX], cmd[3 * PATH_MAX];
    ssize_t k = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (k <= 0)
        return 1;
    exe[k] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash)
        *slash = '\0';
    const char *tmp = getenv("TMPDIR");
    snprintf(cs.csv, sizeof cs.csv, "%s/cks-bench-certs-100k.csv", tmp && *tmp ? tmp : "/tmp");
    if (access(cs.csv, F_OK) != 0) {
        snprintf(cmd, sizeof cmd, "'%s/gen-certs' 100000 '%s'", exe, cs.csv);
        if (system(cmd) != 0)
            return 1;
    }
    snprintf(cs.db, sizeof cs.db, "%s/session.sqlite", bench_dir());
    cks_store *s = NULL;
    cks_error err;
    if (cks_store_open(cs.db, CKS_STORE_CREATE, &s, &err))
        return 1;
    char mergers[PATH_MAX];
    snprintf(mergers, sizeof mergers, "%s/data/demo/mergers.csv", CKS_SOURCE_DIR);
    cks_err e = cks_demo_load_mergers(s, mergers, &err);
    cks_store_close(s);
    *state = &cs;
    return e != CKS_E_OK;
}

static int certs_import(void *state)
{
    certs_state *st = state;
    cks_store *s = NULL;
    cks_error err;
    cks_cert_import_stats stats;
    if (cks_store_open(st->db, 0, &s, &err))
        return 1;
    cks_err e = cks_cert_import(s, st->csv, 0, &stats, NULL, &err);
    if (e)
        fprintf(stderr, "bench: %s\n", err.msg);
    cks_store_close(s);
    return e != CKS_E_OK || stats.rows != 100000;
}

const bench_case bench_certs_import = {
    .name = "certs.import",
    .what = "certs import of 100,000 certificates (22 MB CSV from gen-certs, every field "
            "validated, all or nothing)",
    .setup = certs_setup,
    .run = certs_import,
    .max_ms = 2000,
};
