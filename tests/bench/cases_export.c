/* cases_export.c — exporting a whole province: Quảng Ngãi's 96 mergers
 * (the extract in shared/data/admin-units), four organisation certificates
 * and about 32 personal ones per old unit (≈ 10,000 certificates). The
 * session is built once by SQL (untimed) and cached; each run loads the
 * plan and the layouts (untimed) and times cks_export_run(): 4 workbooks
 * and plan.csv per merger, written safely.
 *
 * The baseline is a bare libxlsxwriter program writing the same cells:
 * during the untimed setup one export runs with the sheet module's trace
 * on, recording every cell; the baseline writes those cells again, one
 * workbook per form, with a single format and nothing else. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "bench.h"
#include "cks/config.h"
#include "cks/export.h"
#include "cks/layout.h"
#include "cks/plan.h"
#include "cks/refdata.h"
#include "export/sheet.h"
#include "store/store_internal.h"

static char province_db[700];

static const char province_sql[] =
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
    "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 35)"
    " INSERT INTO cert(serial, member_id, kind, body, holder, position, id_number, email,"
    " token_serial, valid_from, valid_to, status, after, new_position)"
    " SELECT printf('54030A11B2C4D6E8%08X%04X', b.id, n.i), b.id,"
    "  CASE WHEN n.i < 4 THEN 'org' ELSE 'person' END,"
    "  CASE n.i % 4 WHEN 0 THEN 'ubnd' WHEN 1 THEN 'hdnd' WHEN 2 THEN 'party' ELSE 'mttq' END,"
    "  CASE WHEN n.i < 4 THEN 'UBND xã ' || b.name || ', huyện Sơn Tịnh'"
    "   ELSE 'Nguyễn Thị Thanh ' || b.name || ' ' || (n.i % 31) END,"
    "  CASE WHEN n.i < 4 THEN NULL ELSE 'Công chức Văn phòng - Thống kê' END,"
    "  CASE WHEN n.i < 4 THEN NULL ELSE printf('051%09d', (b.id * 40 + n.i % 31) % 1000000000) END,"
    "  printf('canbo%d.%d@quangngai.gov.vn', b.id, n.i), printf('TK-%05d-%04d', b.id, n.i),"
    "  '2023-01-01',"
    "  CASE WHEN (b.id + n.i) % 9 = 0 THEN '2024-12-31' ELSE '2028-06-30' END,"
    "  CASE WHEN (b.id + n.i) % 37 = 0 THEN 'lost' ELSE 'active' END,"
    "  CASE WHEN n.i < 4 THEN NULL WHEN n.i % 7 = 0 THEN 'leave' ELSE 'continue' END,"
    "  CASE WHEN n.i % 5 = 0 THEN 'Phó Chủ tịch UBND' ELSE NULL END"
    " FROM member b, n;"
    "COMMIT;";

typedef struct cell {
    long file, row, col;
    char *text;
} cell;

typedef struct state {
    cks_store *store;
    cks_plan_set ps;
    cks_config cfg;
    cks_layout *layouts[CKS_FORM_COUNT_];
    cell *cells;
    size_t n_cells, cap_cells;
    long files;
    int runs;
} state;

static void record(void *user, long row, long col, const char *text)
{
    state *st = user;
    if (row < 0) {
        st->files++;
        return;
    }
    if (st->n_cells == st->cap_cells) {
        st->cap_cells = st->cap_cells ? st->cap_cells * 2 : 4096;
        st->cells = realloc(st->cells, st->cap_cells * sizeof *st->cells);
        if (!st->cells)
            abort();
    }
    st->cells[st->n_cells++] = (cell){st->files - 1, row, col, strdup(text)};
}

static int build_db(void)
{
    char building[760], csv[1200];
    const char *tmp = getenv("TMPDIR");
    snprintf(province_db, sizeof province_db, "%s/cks-bench-province-v1.sqlite",
             tmp && *tmp ? tmp : "/tmp");
    if (access(province_db, F_OK) == 0)
        return 0;
    snprintf(building, sizeof building, "%s.building", province_db);
    snprintf(csv, sizeof csv, "%s/data/admin-units/quang-ngai.csv", bench_shared());
    unlink(building);
    cks_store *s = NULL;
    cks_error err;
    if (cks_store_open(building, CKS_STORE_CREATE, &s, &err))
        return 1;
    int rc = cks_refdata_import(s, csv, 0, NULL, NULL, NULL, NULL, &err) != CKS_E_OK ||
             sqlite3_exec(cks_store_db(s), province_sql, NULL, NULL, NULL) != SQLITE_OK;
    if (rc)
        fprintf(stderr, "bench: %s %s\n", err.msg, sqlite3_errmsg(cks_store_db(s)));
    cks_store_close(s);
    if (rc)
        return 1;
    return rename(building, province_db) != 0;
}

static int do_export(state *st, const char *dir)
{
    cks_export_options o;
    cks_export_result res;
    cks_error err;
    memset(&o, 0, sizeof o);
    o.out_dir = dir;
    o.date = (cks_date){2025, 6, 15};
    o.cfg = &st->cfg;
    for (int f = 0; f < CKS_FORM_COUNT_; f++)
        o.layouts[f] = st->layouts[f];
    cks_err e = cks_export_run(&st->ps.plan, &o, &res, NULL, &err);
    if (e)
        fprintf(stderr, "bench: export: %s: %s\n", err.file, err.msg);
    else if (res.n_mergers < 90)
        e = CKS_E_INVALID;
    cks_export_result_free(&res);
    return e != CKS_E_OK;
}

static int export_setup(void **out)
{
    static state st;
    char datadir[800], dir[900];
    cks_error err;
    if (build_db())
        return 1;
    memset(&st, 0, sizeof st);
    cks_config_defaults(&st.cfg);
    snprintf(datadir, sizeof datadir, "%s/data", CKS_SOURCE_DIR);
    if (cks_layout_load_all(datadir, st.layouts, NULL, &err) ||
        cks_store_open(province_db, 0, &st.store, &err)) {
        fprintf(stderr, "bench: %s\n", err.msg);
        return 1;
    }
    cks_plan_options po = {{2025, 6, 15}, true};
    if (cks_plan_load(st.store, &po, &st.ps, &err)) {
        fprintf(stderr, "bench: %s\n", err.msg);
        return 1;
    }
    /* the override-free plan must not ask: the generated data has none */
    if (cks_plan_count_ask(&st.ps.plan, 0)) {
        fprintf(stderr, "bench: the generated plan has rows that ask\n");
        return 1;
    }
    snprintf(dir, sizeof dir, "%s/capture", bench_dir());
    cks_sheet_set_trace(record, &st);
    int rc = do_export(&st, dir);
    cks_sheet_set_trace(NULL, NULL);
    *out = &st;
    return rc;
}

static int export_run(void *p)
{
    char dir[900];
    state *st = p;
    snprintf(dir, sizeof dir, "%s/out%d", bench_dir(), st->runs++);
    return do_export(st, dir);
}

/* The same cells with nothing but libxlsxwriter: one workbook per form,
 * one format (the font), strings only. */
static int export_baseline(void *p)
{
    state *st = p;
    char dir[900], path[1000];
    size_t i = 0;
    snprintf(dir, sizeof dir, "%s/bare", bench_dir());
    if (mkdir(dir, 0700) != 0)
        return 1;
    for (long f = 0; f < st->files; f++) {
        lxw_workbook_options o = {.constant_memory = 0, .tmpdir = dir, .use_zip64 = 0};
        snprintf(path, sizeof path, "%s/%ld.xlsx", dir, f);
        lxw_workbook *wb = workbook_new_opt(path, &o);
        lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
        lxw_format *fmt = workbook_add_format(wb);
        format_set_font_name(fmt, "Times New Roman");
        for (; i < st->n_cells && st->cells[i].file == f; i++)
            worksheet_write_string(ws, (lxw_row_t)st->cells[i].row,
                                   (lxw_col_t)st->cells[i].col, st->cells[i].text, fmt);
        if (workbook_close(wb) != LXW_NO_ERROR)
            return 1;
    }
    return 0;
}

static void export_teardown(void *p)
{
    state *st = p;
    for (size_t i = 0; i < st->n_cells; i++)
        free(st->cells[i].text);
    free(st->cells);
    for (int f = 0; f < CKS_FORM_COUNT_; f++)
        cks_layout_free(st->layouts[f]);
    cks_plan_set_free(&st->ps);
    cks_store_close(st->store);
}

const bench_case bench_export_province = {
    .name = "export.province",
    .what = "export of Quảng Ngãi: 96 mergers, ~10,000 certificates, 4 workbooks and "
            "plan.csv each, written safely; vs bare libxlsxwriter writing the same cells",
    .setup = export_setup,
    .run = export_run,
    .teardown = export_teardown,
    .baseline = export_baseline,
    .baseline_name = "bare libxlsxwriter",
    .max_ratio = 1.2,
};
