/* cases_units.c — importing the national old→new table, beside sqlite3's
 * own .import of the same file. */
#include <stdio.h>

#include "bench.h"
#include "cks/refdata.h"
#include "cks/store.h"

static int import_national(void *state)
{
    (void)state;
    char db[600], tsv[1200];
    snprintf(db, sizeof db, "%s/session.sqlite", bench_dir());
    snprintf(tsv, sizeof tsv, "%s/data/admin-units/nso-old-to-new.tsv", bench_shared());
    cks_store *s = NULL;
    cks_error err;
    cks_refdata_stats st;
    if (cks_store_open(db, CKS_STORE_CREATE, &s, &err))
        return 1;
    cks_err e = cks_refdata_import(s, tsv, 0, NULL, NULL, &st, NULL, &err);
    cks_store_close(s);
    return e != CKS_E_OK || st.rows != 10571;
}

static const char *const sqlite3_import[] = {
    "sqlite3", "{dir}/plain.sqlite", "-cmd", ".mode tabs",
    ".import {shared}/data/admin-units/nso-old-to-new.tsv units", NULL,
};

const bench_case bench_units_import = {
    .name = "units.import",
    .what = "units import of the national table (10,571 rows: clean, NFC, keys, checks, "
            "indexes) vs sqlite3 .import of the same file",
    .run = import_national,
    .baseline_cmd = sqlite3_import,
    .baseline_name = "sqlite3 .import",
    .max_ratio = 2.0,
    .max_ms = 1000,
};
