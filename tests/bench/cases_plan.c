/* cases_plan.c — planning the whole country: the 3,321 mergers of the
 * national table, four organisation certificates per old unit and about 30
 * personal ones (≈ 340,000 certificates). The session is built once by SQL
 * (untimed) and kept in the scratch cache; the timed part is what `plan`
 * does: load everything from the session and decide. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench.h"
#include "cks/plan.h"
#include "cks/refdata.h"
#include "store/store_internal.h"

static char country_db[700];

/* Mergers and members straight from the table; certificates made up by a
 * recursive query: per old unit UBND, HĐND, Đảng ủy and MTTQ, and 30
 * people — mixed statuses, some leaving, some duplicates, some lost. */
static const char country_sql[] =
    "BEGIN;"
    "INSERT INTO merger(new_code, new_type, new_name, province)"
    " SELECT new_code, min(new_type), min(new_name), min(new_province) FROM ref_unit"
    " WHERE new_type <> '' GROUP BY new_code;"
    "INSERT INTO member(merger_id, code, type, name, district, province, partial, is_seat)"
    " SELECT m.id, r.old_code, coalesce(nullif(r.old_type, ''), 'xa'), r.old_name,"
    " r.old_district, r.old_province, max(r.partial), r.old_code = m.new_code"
    " FROM ref_unit r JOIN merger m ON m.new_code = r.new_code"
    " WHERE r.old_code IS NOT NULL AND r.old_name <> ''"
    " GROUP BY m.id, r.old_code;"
    "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 33)"
    " INSERT INTO cert(serial, member_id, kind, body, holder, position, id_number, email,"
    " token_serial, valid_from, valid_to, status, after, new_position)"
    " SELECT printf('5403%08X%04X', b.id, n.i), b.id,"
    "  CASE WHEN n.i < 4 THEN 'org' ELSE 'person' END,"
    "  CASE n.i % 4 WHEN 0 THEN 'ubnd' WHEN 1 THEN 'hdnd' WHEN 2 THEN 'party' ELSE 'mttq' END,"
    "  CASE WHEN n.i < 4 THEN 'UBND ' || b.name ELSE 'Nguyễn Văn ' || b.name || ' ' || (n.i % 29) END,"
    "  CASE WHEN n.i < 4 THEN NULL ELSE 'Công chức' END,"
    "  CASE WHEN n.i < 4 THEN NULL ELSE printf('051%09d', (b.id * 40 + n.i % 29) % 1000000000) END,"
    "  NULL, printf('TK-%d-%d', b.id, n.i), '2023-01-01',"
    "  CASE WHEN (b.id + n.i) % 9 = 0 THEN '2024-12-31' ELSE '2028-06-30' END,"
    "  CASE WHEN (b.id + n.i) % 37 = 0 THEN 'lost' ELSE 'active' END,"
    "  CASE WHEN n.i < 4 THEN NULL WHEN n.i % 7 = 0 THEN 'leave' ELSE 'continue' END,"
    "  NULL"
    " FROM member b, n;"
    "COMMIT;";

static int country_setup(void **state)
{
    (void)state;
    const char *tmp = getenv("TMPDIR");
    snprintf(country_db, sizeof country_db, "%s/cks-bench-country-v1.sqlite",
             tmp && *tmp ? tmp : "/tmp");
    if (access(country_db, F_OK) == 0)
        return 0;
    char building[760], tsv[1200];
    snprintf(building, sizeof building, "%s.building", country_db);
    snprintf(tsv, sizeof tsv, "%s/data/admin-units/nso-old-to-new.tsv", bench_shared());
    unlink(building);
    cks_store *s = NULL;
    cks_error err;
    if (cks_store_open(building, CKS_STORE_CREATE, &s, &err))
        return 1;
    int rc = cks_refdata_import(s, tsv, 0, NULL, NULL, NULL, NULL, &err) != CKS_E_OK ||
             sqlite3_exec(cks_store_db(s), country_sql, NULL, NULL, NULL) != SQLITE_OK;
    if (rc)
        fprintf(stderr, "bench: %s %s\n", err.msg, sqlite3_errmsg(cks_store_db(s)));
    cks_store_close(s);
    if (rc)
        return 1;
    return rename(building, country_db) != 0;
}

static int country_plan(void *state)
{
    (void)state;
    cks_store *s = NULL;
    cks_error err;
    if (cks_store_open(country_db, 0, &s, &err))
        return 1;
    cks_plan_options opt = {{2025, 7, 1}, true};
    cks_plan_set ps;
    cks_err e = cks_plan_load(s, &opt, &ps, &err);
    if (e)
        fprintf(stderr, "bench: %s\n", err.msg);
    else if (ps.plan.count < 300000)
        e = CKS_E_INVALID;
    cks_plan_set_free(&ps);
    cks_store_close(s);
    return e != CKS_E_OK;
}

const bench_case bench_plan_country = {
    .name = "plan.country",
    .what = "plan of the whole country: 3,321 mergers, ~340,000 certificates, loaded from "
            "the session and decided",
    .setup = country_setup,
    .run = country_plan,
    .max_ms = 1000,
    .max_mib = 200,
};
