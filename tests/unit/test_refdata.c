/* test_refdata.c — the official old→new table: import of the national file,
 * of the Quảng Ngãi extract and of a messy file written here (every
 * tolerance of the importer), refusals with FILE:LINE, --skip-bad,
 * re-import, and the search. Facts are the statistics office's own. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "cks/refdata.h"
#include "cks/store.h"
#include "cks/text.h"
#include "store/store_internal.h"

static char tmpdir[256];
static int session_no;

/* ------------------------------------------------------------ helpers */

/* A fresh session in its own folder under tmpdir. */
static cks_store *fresh(void)
{
    char path[512];
    cks_store *s = NULL;
    cks_error err;
    snprintf(path, sizeof path, "%s/s%02d/session.cks", tmpdir, ++session_no);
    cks_err e = cks_store_open(path, CKS_STORE_CREATE, &s, &err);
    CHECK_INT(e, CKS_E_OK);
    if (e)
        fprintf(stderr, "  open: %s\n", err.msg);
    return s;
}

static void write_file(char *path, size_t n, const char *name, const char *text)
{
    snprintf(path, n, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f)
        return;
    fwrite(text, 1, strlen(text), f);
    fclose(f);
}

/* path of a file of the shared data folder; 0 (with a note) when absent. */
static int shared_file(char *path, size_t n, const char *name)
{
    const char *dir = getenv("CKS_SHARED_DIR");
    if (!dir || !*dir) {
        printf("note: CKS_SHARED_DIR is not set; what %s needs from it is skipped\n", check_current_);
        return 0;
    }
    snprintf(path, n, "%s/data/admin-units/%s", dir, name);
    if (access(path, R_OK) != 0) {
        printf("note: %s is missing; what %s needs from it is skipped\n", path, check_current_);
        return 0;
    }
    return 1;
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

/* First text column of the first row of sql, into buf ("" when none). */
static const char *text_of(cks_store *s, const char *sql, char *buf, size_t n)
{
    sqlite3_stmt *st = NULL;
    snprintf(buf, n, "%s", "(no row)");
    if (sqlite3_prepare_v2(cks_store_db(s), sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
        const unsigned char *v = sqlite3_column_text(st, 0);
        snprintf(buf, n, "%s", v ? (const char *)v : "(null)");
    }
    sqlite3_finalize(st);
    return buf;
}

static cks_err import(cks_store *s, const char *path, unsigned flags, cks_refdata_stats *st,
                      cks_diags *d, cks_error *err)
{
    memset(st, 0, sizeof *st);
    cks_error_clear(err);
    return cks_refdata_import(s, path, flags, NULL, NULL, st, d, err);
}

static void print_diags(const cks_diags *d)
{
    for (size_t i = 0; i < d->count; i++) {
        char buf[1200];
        fprintf(stderr, "  %s: %s\n", d->items[i].warning ? "warning" : "error",
                cks_error_format(&d->items[i], buf, sizeof buf));
    }
}

/* The diag (error or warning) at line, or NULL. */
static const cks_error *diag_at(const cks_diags *d, long line, int warning)
{
    for (size_t i = 0; i < d->count; i++)
        if (d->items[i].line == line && (d->items[i].warning != 0) == (warning != 0))
            return &d->items[i];
    return NULL;
}

static size_t diags_warnings(const cks_diags *d)
{
    return d->count - cks_diags_errors(d);
}

/* Index of the unit (code, new or old) in the list, -1 when absent. */
static long find_in(const cks_refunit_list *l, const char *code, bool is_new)
{
    for (size_t i = 0; i < l->count; i++)
        if (strcmp(l->items[i].unit.code, code) == 0 && l->items[i].is_new == is_new)
            return (long)i;
    return -1;
}

static size_t search(cks_store *s, const char *text, size_t max, cks_refunit_list *l)
{
    cks_error err;
    cks_err e = cks_refdata_find(s, text, max, l, &err);
    CHECK_INT(e, CKS_E_OK);
    if (e)
        fprintf(stderr, "  find '%s': %s\n", text, err.msg);
    return l->count;
}

/* "Cẩm Thành" written decomposed (NFD), as some input methods send it. */
#define CAM_THANH_NFD "C" "a\xcc\x82\xcc\x89" "m Th" "a\xcc\x80" "nh"
#define PHUONG_NFD "Phu\xcc\x9bo\xcc\x9b\xcc\x80ng"
#define NGUYEN_NGHIEM_NFD "Nguye\xcc\x82\xcc\x83n Nghie\xcc\x82m"

/* ------------------------------------------------------------ national */

static void test_national(void)
{
    char path[600], buf[600];
    if (!shared_file(path, sizeof path, "nso-old-to-new.tsv"))
        return;
    cks_store *s = fresh();
    if (!s)
        return;
    CHECK_INT(cks_refdata_count(s), 0);
    long audit_before = cks_store_audit_count(s);
    cks_refdata_stats st;
    cks_diags d = CKS_DIAGS_INIT;
    cks_error err;
    cks_err e = import(s, path, 0, &st, &d, &err);
    CHECK_INT(e, CKS_E_OK);
    if (e)
        fprintf(stderr, "  import: %s\n", cks_error_format(&err, buf, sizeof buf));
    CHECK_INT(cks_diags_errors(&d), 0);
    if (cks_diags_errors(&d))
        print_diags(&d);

    /* counted with awk/python on the file itself */
    CHECK_INT(st.rows, 10571);
    CHECK_INT(st.new_units, 3321);
    CHECK_INT(st.old_units, 10033);
    CHECK_INT(st.partial, 969); /* notes with "một phần" / "phần còn lại" */
    CHECK_INT(st.provinces, 34);
    CHECK_INT(st.skipped, 0);
    CHECK_INT(cks_refdata_count(s), 10571);
    CHECK_INT(scalar(s, "SELECT count(*) FROM ref_unit"), 10571);
    CHECK(cks_store_audit_count(s) > audit_before); /* the import is in the log */

    /* The office's table gives one code to two old units three times: the
     * rows are kept, each contradiction is a warning at its line. */
    CHECK_INT(diags_warnings(&d), 3);
    const long warn_lines[] = {424, 909, 1256};
    for (size_t i = 0; i < 3; i++) {
        const cks_error *w = diag_at(&d, warn_lines[i], 1);
        CHECK(w != NULL);
        if (w) {
            CHECK_STR(w->file, path);
            CHECK_STR(w->field, "old_name");
        }
    }
    CHECK(diag_at(&d, 424, 1) && strstr(diag_at(&d, 424, 1)->msg, "00553"));
    CHECK_INT(scalar(s, "SELECT count(*) FROM ref_unit WHERE old_code = '00553'"), 4);
    CHECK_INT(scalar(s, "SELECT count(*) FROM ref_unit WHERE old_code = '01615'"), 2);
    cks_diags_free(&d);

    /* rows with an empty old code: five special zones and Kim Sơn's
     * coastal alluvial area */
    CHECK_INT(scalar(s, "SELECT count(*) FROM ref_unit WHERE old_code IS NULL"), 6);
    CHECK_INT(scalar(s, "SELECT count(*) FROM ref_unit WHERE old_code IS NULL"
                        " AND new_type = 'dac_khu'"),
              5);
    CHECK_INT(scalar(s, "SELECT count(DISTINCT new_code) FROM ref_unit WHERE new_type = 'dac_khu'"),
              13);
    CHECK_INT(scalar(s, "SELECT count(DISTINCT new_code) FROM ref_unit WHERE new_type = 'xa'"), 2621);
    CHECK_INT(scalar(s, "SELECT count(DISTINCT new_code) FROM ref_unit WHERE new_type = 'phuong'"),
              687);

    /* "Xa Ea Kly": a type word without its accent */
    CHECK_STR(text_of(s, "SELECT new_type || '|' || new_name FROM ref_unit WHERE new_code = '24496'",
                      buf, sizeof buf),
              "xa|Ea Kly");
    CHECK_INT(scalar(s, "SELECT count(*) FROM ref_unit WHERE new_code = '24496'"), 2);
    /* "Thi trấn Ngan Dừa" */
    CHECK_STR(text_of(s, "SELECT old_type || '|' || old_name FROM ref_unit WHERE old_code = '31843'",
                      buf, sizeof buf),
              "thi_tran|Ngan Dừa");
    /* "Xuân Quang 3": an old name without a type word, kept whole */
    CHECK_STR(text_of(s, "SELECT ifnull(old_type, '') || '|' || old_name FROM ref_unit"
                         " WHERE old_code = '22108'",
                      buf, sizeof buf),
              "|Xuân Quang 3");
    /* the province and district codes are split off their names */
    CHECK_STR(text_of(s, "SELECT new_province || '|' || new_province_code || '|' || old_district"
                         " || '|' || old_district_code FROM ref_unit WHERE old_code = '21022'",
                      buf, sizeof buf),
              "Tỉnh Quảng Ngãi|51|Thành phố Quảng Ngãi|522");

    /* 05941 is "Xã Điềm Thụy" on one row and "Xã Điềm Thuỵ" on three: one
     * unit by name identity, no error, one search result */
    CHECK_INT(scalar(s, "SELECT count(*) FROM ref_unit WHERE new_code = '05941'"), 4);
    cks_refunit nu;
    cks_refunit_list mem;
    e = cks_refdata_members(s, "05941", &nu, &mem, &err);
    CHECK_INT(e, CKS_E_OK);
    if (!e) {
        CHECK(nu.is_new);
        CHECK_INT(nu.unit.type, CKS_UT_XA);
        CHECK(cks_text_same_name(nu.unit.name, "Điềm Thụy"));
        CHECK_INT(mem.count, 4);
        long k = find_in(&mem, "05932", false); /* Thượng Đình, split */
        CHECK(k >= 0);
        if (k >= 0) {
            CHECK(mem.items[k].partial);
            CHECK_INT(mem.items[k].n_new, 2);
            CHECK_STR(mem.items[k].unit.name, "Thượng Đình");
        }
        k = find_in(&mem, "05956", false); /* Nga My, whole */
        CHECK(k >= 0 && !mem.items[k].partial && mem.items[k].n_new == 1);
        cks_refunit_list_free(&mem);
    }
    cks_refunit_list l;
    for (int spelling = 0; spelling < 2; spelling++) {
        search(s, spelling ? "Điềm Thuỵ" : "điềm thụy", 0, &l);
        long nnew = 0;
        for (size_t i = 0; i < l.count; i++)
            nnew += l.items[i].is_new;
        CHECK_INT(nnew, 1);
        CHECK(find_in(&l, "05941", true) == 0);
        CHECK(find_in(&l, "05941", false) > 0);
        cks_refunit_list_free(&l);
    }

    /* Lý Sơn: a whole district became the special zone, no old commune */
    e = cks_refdata_members(s, "21548", &nu, &mem, &err);
    CHECK_INT(e, CKS_E_OK);
    if (!e) {
        CHECK_INT(nu.unit.type, CKS_UT_DAC_KHU);
        CHECK_STR(nu.unit.name, "Lý Sơn");
        CHECK_STR(nu.province, "Tỉnh Quảng Ngãi");
        CHECK_INT(mem.count, 0);
        cks_refunit_list_free(&mem);
    }
    /* Kim Đông: two communes and an area without code */
    e = cks_refdata_members(s, "14698", &nu, &mem, &err);
    CHECK_INT(e, CKS_E_OK);
    if (!e) {
        CHECK_INT(mem.count, 2);
        cks_refunit_list_free(&mem);
    }
    e = cks_refdata_members(s, "99999", &nu, &mem, &err);
    CHECK_INT(e, CKS_E_NOTFOUND);
    CHECK_INT(mem.count, 0);

    /* the search, over the whole country */
    const char *queries[] = {"cam thanh", "CẨM THÀNH", CAM_THANH_NFD, "  cẩm   THÀNH "};
    for (size_t q = 0; q < sizeof queries / sizeof queries[0]; q++) {
        search(s, queries[q], 0, &l);
        CHECK(l.count >= 8);
        if (l.count) {
            CHECK_STR(l.items[0].unit.code, "21025");
            CHECK(l.items[0].is_new);
            CHECK_INT(l.items[0].unit.type, CKS_UT_PHUONG);
            CHECK_STR(l.items[0].unit.name, "Cẩm Thành");
            CHECK_STR(l.items[0].province, "Tỉnh Quảng Ngãi");
        }
        /* old units of the same name in other provinces are found too */
        CHECK(find_in(&l, "06790", false) > 0); /* Quảng Ninh */
        CHECK(find_in(&l, "18694", false) > 0); /* Hà Tĩnh */
        /* exact names before names that only contain it */
        long nam = find_in(&l, "22468", false); /* Xã Cam Thành Nam */
        CHECK(nam > 0);
        for (size_t i = 0; i < l.count; i++) {
            int exact = cks_text_same_folded(l.items[i].unit.name, "cam thanh");
            if (exact)
                CHECK((long)i < nam);
        }
        cks_refunit_list_free(&l);
    }
    /* a type word narrows the search */
    search(s, "Phường Cẩm Thành", 0, &l);
    CHECK_INT(l.count, 2);
    CHECK(find_in(&l, "21025", true) == 0);
    CHECK(find_in(&l, "06790", false) == 1);
    cks_refunit_list_free(&l);
    search(s, "đặc khu", 0, &l);
    CHECK_INT(l.count, 13);
    cks_refunit_list_free(&l);
    /* the same name in two places stays two units (by code) */
    search(s, "Phường Trần Hưng Đạo", 0, &l);
    CHECK(find_in(&l, "21022", false) >= 0);
    CHECK(find_in(&l, "23308", false) >= 0);
    if (find_in(&l, "23308", false) >= 0) {
        const cks_refunit *u = &l.items[find_in(&l, "23308", false)];
        CHECK_STR(u->district, "Thành phố Kon Tum");
        CHECK_STR(u->province, "Tỉnh Kon Tum");
        CHECK_STR(u->new_code, "23302");
        CHECK_STR(u->new_name, "Phường Đăk Bla");
    }
    for (size_t i = 0; i < l.count; i++)
        CHECK_INT(l.items[i].unit.type, CKS_UT_PHUONG);
    cks_refunit_list_free(&l);
    /* max */
    search(s, "xã", 5, &l);
    CHECK_INT(l.count, 5);
    cks_refunit_list_free(&l);
    /* by code: a code prefix */
    search(s, "2102", 0, &l);
    CHECK(find_in(&l, "21025", true) >= 0);
    CHECK(find_in(&l, "21022", false) >= 0);
    for (size_t i = 0; i < l.count; i++)
        CHECK(strncmp(l.items[i].unit.code, "2102", 4) == 0);
    cks_refunit_list_free(&l);
    /* the import's tolerances, seen from the search */
    search(s, "ea kly", 0, &l);
    CHECK(find_in(&l, "24496", true) == 0 && l.items[0].unit.type == CKS_UT_XA);
    cks_refunit_list_free(&l);
    search(s, "Thị trấn Ngan Dừa", 0, &l);
    CHECK_INT(l.count, 1);
    CHECK(find_in(&l, "31843", false) == 0);
    if (l.count) {
        CHECK_STR(l.items[0].new_code, "31843");
        CHECK_STR(l.items[0].new_name, "Xã Hồng Dân");
    }
    cks_refunit_list_free(&l);
    search(s, "xuan quang 3", 0, &l);
    CHECK_INT(l.count, 1);
    CHECK(find_in(&l, "22108", false) == 0);
    if (l.count) {
        CHECK_INT(l.items[0].unit.type, CKS_UT_NONE);
        CHECK_STR(l.items[0].new_name, "Xã Xuân Phước");
    }
    cks_refunit_list_free(&l);
    /* an old unit split between two new units */
    search(s, "Xã Trà Bùi", 0, &l);
    CHECK_INT(l.count, 2);
    CHECK(find_in(&l, "20917", false) == 1); /* xã Trà Bui, Quảng Nam: not the same name */
    if (l.count) {
        CHECK_STR(l.items[0].unit.code, "21142");
        CHECK(l.items[0].partial);
        CHECK_INT(l.items[0].n_new, 2);
    }
    cks_refunit_list_free(&l);
    e = cks_refdata_other_new_units(s, "21142", "21136", &l, &err);
    CHECK_INT(e, CKS_E_OK);
    CHECK_INT(l.count, 1);
    if (l.count) {
        CHECK_STR(l.items[0].unit.code, "21157");
        CHECK_STR(l.items[0].unit.name, "Tây Trà Bồng");
        CHECK(l.items[0].is_new);
    }
    cks_refunit_list_free(&l);
    /* nothing to search for */
    e = cks_refdata_find(s, "   ", 0, &l, &err);
    CHECK_INT(e, CKS_E_INVALID);
    CHECK_INT(l.count, 0);
    cks_store_close(s);
}

/* ------------------------------------------------------------ extract */

static void check_cam_thanh_members(cks_store *s)
{
    cks_refunit nu;
    cks_refunit_list mem;
    cks_error err;
    cks_err e = cks_refdata_members(s, "21025", &nu, &mem, &err);
    CHECK_INT(e, CKS_E_OK);
    if (e)
        return;
    CHECK(nu.is_new);
    CHECK_STR(nu.unit.code, "21025");
    CHECK_INT(nu.unit.type, CKS_UT_PHUONG);
    CHECK_STR(nu.unit.name, "Cẩm Thành");
    CHECK_STR(nu.new_name, "Phường Cẩm Thành");
    const char *codes[] = {"21019", "21022", "21025", "21031"};
    const char *names[] = {"Nghĩa Chánh", "Trần Hưng Đạo", "Nguyễn Nghiêm", "Chánh Lộ"};
    CHECK_INT(mem.count, 4);
    for (size_t i = 0; i < 4 && i < mem.count; i++) {
        CHECK_STR(mem.items[i].unit.code, codes[i]);
        CHECK_STR(mem.items[i].unit.name, names[i]);
        CHECK(!mem.items[i].is_new);
        CHECK(!mem.items[i].partial);
        CHECK_INT(mem.items[i].n_new, 1);
        CHECK_STR(mem.items[i].new_code, "21025");
        CHECK_STR(mem.items[i].district, "Thành phố Quảng Ngãi");
    }
    cks_refunit_list_free(&mem);
}

static void test_extract(void)
{
    char path[600], buf[600];
    if (!shared_file(path, sizeof path, "quang-ngai.csv"))
        return;
    cks_store *s = fresh();
    if (!s)
        return;
    cks_refdata_stats st;
    cks_diags d = CKS_DIAGS_INIT;
    cks_error err;
    /* the format with split type columns and district code columns */
    cks_err e = import(s, path, 0, &st, &d, &err);
    CHECK_INT(e, CKS_E_OK);
    CHECK_INT(d.count, 0);
    if (d.count)
        print_diags(&d);
    cks_diags_free(&d);
    CHECK_INT(st.rows, 274);
    CHECK_INT(st.new_units, 96);
    CHECK_INT(st.old_units, 272); /* 274 rows: Trà Bùi twice, Lý Sơn no code */
    CHECK_INT(st.partial, 2);
    CHECK_INT(st.skipped, 0);
    CHECK_INT(cks_refdata_count(s), 274);
    CHECK_INT(scalar(s, "SELECT count(DISTINCT new_code) FROM ref_unit WHERE new_type = 'xa'"), 86);
    CHECK_INT(scalar(s, "SELECT count(DISTINCT new_code) FROM ref_unit WHERE new_type = 'phuong'"), 9);
    CHECK_INT(scalar(s, "SELECT count(DISTINCT new_code) FROM ref_unit WHERE new_type = 'dac_khu'"), 1);
    CHECK_INT(scalar(s, "SELECT count(*) FROM ref_unit WHERE old_type = 'thi_tran'"), 16);
    CHECK_INT(scalar(s, "SELECT count(*) FROM ref_unit WHERE old_code IS NULL"), 1);
    CHECK_STR(text_of(s, "SELECT old_district_code || '|' || old_province_code || '|'"
                         " || old_province FROM ref_unit WHERE old_code = '23308'",
                      buf, sizeof buf),
              "608|62|Tỉnh Kon Tum");
    CHECK_STR(text_of(s, "SELECT old_type || '|' || old_name FROM ref_unit WHERE old_code = '21040'",
                      buf, sizeof buf),
              "thi_tran|Châu Ổ");

    check_cam_thanh_members(s);

    cks_refunit nu;
    cks_refunit_list mem;
    e = cks_refdata_members(s, "21100", &nu, &mem, &err);
    CHECK_INT(e, CKS_E_OK);
    if (!e) {
        CHECK_INT(nu.unit.type, CKS_UT_XA);
        CHECK_STR(nu.unit.name, "Bình Chương");
        CHECK_INT(mem.count, 2);
        if (mem.count == 2) {
            CHECK_STR(mem.items[0].unit.code, "21100");
            CHECK_STR(mem.items[0].unit.name, "Bình Chương");
            CHECK_STR(mem.items[1].unit.code, "21106");
            CHECK_STR(mem.items[1].unit.name, "Bình Mỹ");
            CHECK_STR(mem.items[1].district, "Huyện Bình Sơn");
        }
        cks_refunit_list_free(&mem);
    }
    /* Trà Bùi went partly into Cà Đam and partly into Tây Trà Bồng */
    const char *both[] = {"21136", "21157"};
    for (int i = 0; i < 2; i++) {
        e = cks_refdata_members(s, both[i], &nu, &mem, &err);
        CHECK_INT(e, CKS_E_OK);
        long k = e ? -1 : find_in(&mem, "21142", false);
        CHECK(k >= 0);
        if (k >= 0) {
            CHECK(mem.items[k].partial);
            CHECK_INT(mem.items[k].n_new, 2);
        }
        for (size_t j = 0; !e && j < mem.count; j++)
            if ((long)j != k)
                CHECK(!mem.items[j].partial);
        cks_refunit_list_free(&mem);
        cks_refunit_list l;
        e = cks_refdata_other_new_units(s, "21142", both[i], &l, &err);
        CHECK_INT(e, CKS_E_OK);
        CHECK_INT(l.count, 1);
        if (l.count)
            CHECK_STR(l.items[0].unit.code, both[1 - i]);
        cks_refunit_list_free(&l);
    }
    e = cks_refdata_members(s, "21548", &nu, &mem, &err);
    CHECK_INT(e, CKS_E_OK);
    CHECK_INT(mem.count, 0);
    CHECK_INT(nu.unit.type, CKS_UT_DAC_KHU);
    cks_refunit_list_free(&mem);

    /* the name clashes of the province */
    cks_refunit_list l;
    search(s, "Phường Trần Hưng Đạo", 0, &l);
    CHECK_INT(l.count, 2);
    CHECK(find_in(&l, "21022", false) >= 0);
    CHECK(find_in(&l, "23308", false) >= 0);
    if (l.count == 2) {
        const cks_refunit *a = &l.items[find_in(&l, "21022", false)];
        const cks_refunit *b = &l.items[find_in(&l, "23308", false)];
        CHECK_STR(a->new_code, "21025");
        CHECK_STR(b->new_code, "23302");
        CHECK_STR(a->district, "Thành phố Quảng Ngãi");
        CHECK_STR(b->district, "Thành phố Kon Tum");
    }
    cks_refunit_list_free(&l);
    search(s, "nguyen nghiem", 0, &l);
    CHECK_INT(l.count, 3);
    CHECK(find_in(&l, "21457", true) == 0); /* xã Nguyễn Nghiêm, new */
    CHECK(find_in(&l, "21025", false) > 0); /* phường Nguyễn Nghiêm → Cẩm Thành */
    CHECK(find_in(&l, "21439", false) > 0); /* phường Nguyễn Nghiêm → Đức Phổ */
    if (l.count == 3) {
        CHECK_INT(l.items[0].unit.type, CKS_UT_XA);
        CHECK_STR(l.items[find_in(&l, "21025", false)].new_name, "Phường Cẩm Thành");
        CHECK_STR(l.items[find_in(&l, "21439", false)].new_name, "Phường Đức Phổ");
    }
    cks_refunit_list_free(&l);
    search(s, "Xã Nguyễn Nghiêm", 0, &l);
    CHECK_INT(l.count, 1);
    CHECK(find_in(&l, "21457", true) == 0);
    cks_refunit_list_free(&l);
    search(s, PHUONG_NFD " " NGUYEN_NGHIEM_NFD, 0, &l);
    CHECK_INT(l.count, 2);
    CHECK(find_in(&l, "21457", true) < 0);
    cks_refunit_list_free(&l);
    /* new and old units of one name: new first, and both exact */
    search(s, "bình chương", 0, &l);
    CHECK_INT(l.count, 2);
    CHECK(find_in(&l, "21100", true) == 0);
    CHECK(find_in(&l, "21100", false) == 1);
    cks_refunit_list_free(&l);
    /* an exact name ranks above a name that only contains it */
    search(s, "trà bồng", 0, &l);
    CHECK(find_in(&l, "21115", true) >= 0);  /* xã Trà Bồng (new) */
    CHECK(find_in(&l, "21157", true) >= 0);  /* xã Tây Trà Bồng (new) */
    CHECK(find_in(&l, "21115", true) < find_in(&l, "21157", true));
    cks_refunit_list_free(&l);
    cks_store_close(s);
}

/* ------------------------------------------------------------ messy */

/* Everything the real files do, in one small file of real Quảng Ngãi (and
 * Thái Nguyên) rows laid out as the office's workbook (sheet "Tổng
 * hợp_không merge") saved as CSV: BOM, CRLF, its title row, its Vietnamese
 * headers in its order, a province heading row; then mixed-case and
 * accent-less type words, stray and double spaces, NFD text, names without
 * a type word, codes that lost their leading zeros, an empty old code,
 * partial notes, one new unit spelt with the tone mark in two places, a
 * quoted note over two lines, and a line of separators only.
 * Columns: province, new name, new code, old name, old code, note,
 * district, old province. */
static const char messy_csv[] =
    "\xEF\xBB\xBF"
    "Đơn vị hành chính từ ngày 01/7/2025,,,Đơn vị hành chính trước ngày 01/7/2025,,,,\r\n" /* 1 */
    "\"Tỉnh, thành phố\",Tên Xã mới,Mã Xã mới,Tên Xã cũ,Mã Xã cũ,Ghi chú,Quận/huyện,"
    "Tỉnh cũ\r\n"                                                                 /* 2 */
    "TỈNH QUẢNG NGÃI  ,,,,,,,\r\n"                                                /* 3 */
    "Tỉnh Quảng Ngãi (51),Phường Cẩm Thành,21025,phường Nghĩa Chánh,21019,"
    "Nhập toàn bộ,Thành phố Quảng Ngãi (522),Tỉnh Quảng Ngãi (51)\r\n"             /* 4 */
    "Tỉnh Quảng Ngãi  (51),  PHƯỜNG   Cẩm  Thành ,21025,Phường  Trần Hưng Đạo,21022,"
    " Nhập toàn bộ ,Thành phố  Quảng Ngãi (522),Tỉnh Quảng Ngãi (51)\r\n"          /* 5 */
    "Tỉnh Quảng Ngãi (51)," PHUONG_NFD " " CAM_THANH_NFD ",21025,"
    PHUONG_NFD " " NGUYEN_NGHIEM_NFD ",21025,Nhập toàn bộ,Thành phố Quảng Ngãi (522),"
    "Tỉnh Quảng Ngãi (51)\r\n"                                                    /* 6 */
    "Tỉnh Quảng Ngãi (51),Phường Cẩm Thành,21025,Chánh Lộ,21031,\"Nhập toàn bộ\r\n"
    "(tên không có loại)\",Thành phố Quảng Ngãi (522),Tỉnh Quảng Ngãi (51)\r\n"   /* 7-8 */
    ",,,,,,,\r\n"                                                                 /* 9 */
    "Tỉnh Quảng Ngãi (51),xã  Bình Chương,21100,Xã Bình Chương,21100,Nhập toàn bộ,"
    "Huyện Bình Sơn (524),Tỉnh Quảng Ngãi (51)\r\n"                               /* 10 */
    "Tỉnh Quảng Ngãi (51),XÃ BÌNH CHƯƠNG,21100,Xa Bình Mỹ,21106,Nhập toàn bộ,"
    "Huyện Bình Sơn (524),Tỉnh Quảng Ngãi (51)\r\n"                               /* 11 */
    "Tỉnh Quảng Ngãi (51),Xã Bình Sơn,21040,Thị Trấn Châu Ổ,21040,Nhập toàn bộ,"
    "Huyện Bình Sơn (524),Tỉnh Quảng Ngãi (51)\r\n"                               /* 12 */
    "Tỉnh Quảng Ngãi (51),Xã Trà Bồng,21115,thi tran Trà Xuân,21115,Nhập toàn bộ,"
    "Huyện Trà Bồng (525),Tỉnh Quảng Ngãi (51)\r\n"                               /* 13 */
    "Tỉnh Quảng Ngãi (51),Xã Cà Đam,21136,Xã Trà Bùi,21142,Nhập một phần,"
    "Huyện Trà Bồng (525),Tỉnh Quảng Ngãi (51)\r\n"                               /* 14 */
    "Tỉnh Quảng Ngãi (51),Xã Tây Trà Bồng,21157,Xã Trà Bùi,21142,NHẬP MỘT PHẦN,"
    "Huyện Trà Bồng (525),Tỉnh Quảng Ngãi (51)\r\n"                               /* 15 */
    "Tỉnh Quảng Ngãi (51),Đặc khu Lý Sơn,21548,,,"
    "Sắp xếp toàn bộ huyện Lý Sơn thành đặc khu Lý Sơn,Huyện Lý Sơn (536),"
    "Tỉnh Quảng Ngãi (51)\r\n"                                                    /* 16 */
    "Tỉnh Thái Nguyên (19),Xã Điềm Thụy,5941,Xã Thượng Đình,5932,Nhập một phần,"
    "Huyện Phú Bình (173),Tỉnh Thái Nguyên (19)\r\n"                              /* 17 */
    "Tỉnh Thái Nguyên (19),Xã Điềm Thuỵ,5941,Xã Điềm Thụy,5941,Nhập toàn bộ,"
    "Huyện Phú Bình (173),Tỉnh Thái Nguyên (19)\r\n";                             /* 18 */

static void test_messy(void)
{
    char path[600], buf[600];
    write_file(path, sizeof path, "messy.csv", messy_csv);
    cks_store *s = fresh();
    if (!s)
        return;
    cks_refdata_stats st;
    cks_diags d = CKS_DIAGS_INIT;
    cks_error err;
    cks_err e = import(s, path, 0, &st, &d, &err);
    CHECK_INT(e, CKS_E_OK);
    if (e)
        fprintf(stderr, "  import: %s\n", cks_error_format(&err, buf, sizeof buf));
    CHECK_INT(d.count, 0); /* not even a warning: all of it is the same data */
    if (d.count)
        print_diags(&d);
    cks_diags_free(&d);
    CHECK_INT(st.rows, 13);
    CHECK_INT(st.new_units, 8);  /* 21025 21100 21040 21115 21136 21157 21548 05941 */
    CHECK_INT(st.old_units, 11);
    CHECK_INT(st.partial, 3);
    CHECK_INT(st.provinces, 2);
    CHECK_INT(st.skipped, 0);
    CHECK_INT(cks_refdata_count(s), 13);

    /* names: NFC, spaces collapsed, type words canonical */
    CHECK_INT(scalar(s, "SELECT count(*) FROM ref_unit WHERE new_code = '21025'"
                        " AND new_type = 'phuong' AND new_name = 'Cẩm Thành'"),
              4);
    CHECK_STR(text_of(s, "SELECT old_type || '|' || old_name FROM ref_unit WHERE old_code = '21019'",
                      buf, sizeof buf),
              "phuong|Nghĩa Chánh");
    CHECK_STR(text_of(s, "SELECT old_type || '|' || old_name FROM ref_unit WHERE old_code = '21022'",
                      buf, sizeof buf),
              "phuong|Trần Hưng Đạo");
    CHECK_STR(text_of(s, "SELECT old_type || '|' || old_name FROM ref_unit WHERE old_code = '21025'",
                      buf, sizeof buf),
              "phuong|Nguyễn Nghiêm");
    CHECK_STR(text_of(s, "SELECT ifnull(old_type, '') || '|' || old_name FROM ref_unit"
                         " WHERE old_code = '21031'",
                      buf, sizeof buf),
              "|Chánh Lộ");
    CHECK_STR(text_of(s, "SELECT old_type || '|' || old_name FROM ref_unit WHERE old_code = '21106'",
                      buf, sizeof buf),
              "xa|Bình Mỹ");
    CHECK_STR(text_of(s, "SELECT old_type || '|' || old_name FROM ref_unit WHERE old_code = '21040'",
                      buf, sizeof buf),
              "thi_tran|Châu Ổ");
    CHECK_STR(text_of(s, "SELECT old_type || '|' || old_name FROM ref_unit WHERE old_code = '21115'",
                      buf, sizeof buf),
              "thi_tran|Trà Xuân");
    CHECK_INT(scalar(s, "SELECT count(*) FROM ref_unit WHERE new_code = '21100'"
                        " AND new_type = 'xa' AND new_name IN ('Bình Chương', 'BÌNH CHƯƠNG')"),
              2);
    /* district and province: codes split off, spaces collapsed */
    CHECK_STR(text_of(s, "SELECT new_province || '|' || new_province_code || '|' || old_district"
                         " || '|' || old_district_code || '|' || note FROM ref_unit"
                         " WHERE old_code = '21022'",
                      buf, sizeof buf),
              "Tỉnh Quảng Ngãi|51|Thành phố Quảng Ngãi|522|Nhập toàn bộ");
    /* codes padded back to 5 digits */
    CHECK_INT(scalar(s, "SELECT count(*) FROM ref_unit WHERE new_code = '05941'"), 2);
    CHECK_INT(scalar(s, "SELECT count(*) FROM ref_unit WHERE old_code IN ('05932', '05941')"), 2);
    /* the quoted note over two lines: its row starts at line 7, the rows
     * after it keep their real line numbers */
    CHECK_INT(scalar(s, "SELECT line FROM ref_unit WHERE old_code = '21031'"), 7);
    CHECK_INT(scalar(s, "SELECT line FROM ref_unit WHERE old_code = '21100'"), 10);
    CHECK_INT(scalar(s, "SELECT line FROM ref_unit WHERE old_code = '05941'"), 18);
    CHECK_STR(text_of(s, "SELECT note FROM ref_unit WHERE old_code = '21031'", buf, sizeof buf),
              "Nhập toàn bộ (tên không có loại)");
    /* partial, however it is written */
    CHECK_INT(scalar(s, "SELECT count(*) FROM ref_unit WHERE partial = 1 AND old_code = '21142'"), 2);
    CHECK_INT(scalar(s, "SELECT partial FROM ref_unit WHERE old_code = '05932'"), 1);
    /* the empty old code */
    CHECK_INT(scalar(s, "SELECT count(*) FROM ref_unit WHERE old_code IS NULL AND new_code = '21548'"
                        " AND new_type = 'dac_khu'"),
              1);

    check_cam_thanh_members(s);
    cks_refunit nu;
    cks_refunit_list mem;
    e = cks_refdata_members(s, "05941", &nu, &mem, &err);
    CHECK_INT(e, CKS_E_OK);
    CHECK_INT(mem.count, 2);
    if (mem.count == 2) {
        CHECK_STR(mem.items[0].unit.code, "05932");
        CHECK(mem.items[0].partial);
        CHECK(!mem.items[1].partial);
    }
    cks_refunit_list_free(&mem);
    e = cks_refdata_members(s, "21548", &nu, &mem, &err);
    CHECK_INT(e, CKS_E_OK);
    CHECK_INT(mem.count, 0);
    cks_refunit_list_free(&mem);

    /* search: accents, case, spacing and NFD do not matter */
    const char *queries[] = {"cam thanh", "CẨM THÀNH", CAM_THANH_NFD, "cẩm  thành",
                             "Phường Cẩm Thành", PHUONG_NFD " " CAM_THANH_NFD, "PHUONG cam THANH"};
    for (size_t q = 0; q < sizeof queries / sizeof queries[0]; q++) {
        cks_refunit_list l;
        search(s, queries[q], 0, &l);
        CHECK_INT(l.count, 1);
        if (l.count) {
            CHECK_STR(l.items[0].unit.code, "21025");
            CHECK(l.items[0].is_new);
            CHECK_STR(l.items[0].province, "Tỉnh Quảng Ngãi");
        }
        cks_refunit_list_free(&l);
    }
    cks_refunit_list l;
    search(s, "Chánh Lộ", 0, &l); /* an old unit without a type word */
    CHECK_INT(l.count, 1);
    if (l.count) {
        CHECK_STR(l.items[0].unit.code, "21031");
        CHECK(!l.items[0].is_new);
        CHECK_STR(l.items[0].new_name, "Phường Cẩm Thành");
        CHECK_STR(l.items[0].district, "Thành phố Quảng Ngãi");
    }
    cks_refunit_list_free(&l);
    search(s, "thị trấn", 0, &l); /* a type word alone lists that type */
    CHECK_INT(l.count, 2);
    CHECK(find_in(&l, "21040", false) >= 0 && find_in(&l, "21115", false) >= 0);
    cks_refunit_list_free(&l);
    search(s, "Điềm Thụy", 0, &l);
    CHECK_INT(l.count, 2);
    CHECK(find_in(&l, "05941", true) == 0);
    CHECK(find_in(&l, "05941", false) == 1);
    cks_refunit_list_free(&l);
    search(s, "nothing like this", 0, &l);
    CHECK_INT(l.count, 0);
    cks_refunit_list_free(&l);
    cks_store_close(s);
}

/* The same rows as TSV with English headers in another order, LF, no BOM,
 * and the provincial extract's columns. */
static const char english_tsv[] =
    "Note\tOld_Name\tOLD_CODE\tnew_name\tnew_code\tnew_type\told_type\told_district\t"
    "old_district_code\n"
    "Nhập toàn bộ\tBình Chương\t21100\tBình Chương\t21100\tXã\txã\tHuyện Bình Sơn\t524\n"
    "Nhập toàn bộ\tBình Mỹ\t21106\tBình Chương\t21100\tXA\tXa\tHuyện Bình Sơn\t524\n"
    "Nhập một phần\tTrà Bùi\t21142\tCà Đam\t21136\tXã\tXã\tHuyện Trà Bồng\t525\n";

static void test_english_tsv_and_reimport(void)
{
    char path[600], messy[600], buf[600];
    write_file(path, sizeof path, "english.tsv", english_tsv);
    write_file(messy, sizeof messy, "messy.csv", messy_csv);
    cks_store *s = fresh();
    if (!s)
        return;
    cks_refdata_stats st;
    cks_diags d = CKS_DIAGS_INIT;
    cks_error err;
    CHECK_INT(import(s, messy, 0, &st, &d, &err), CKS_E_OK);
    CHECK_INT(st.rows, 13);
    long audit = cks_store_audit_count(s);
    cks_err e = import(s, path, 0, &st, &d, &err);
    CHECK_INT(e, CKS_E_OK);
    if (e)
        fprintf(stderr, "  import: %s\n", cks_error_format(&err, buf, sizeof buf));
    CHECK_INT(d.count, 0);
    print_diags(&d);
    cks_diags_free(&d);
    /* the table is replaced, not added to */
    CHECK_INT(st.rows, 3);
    CHECK_INT(st.new_units, 2);
    CHECK_INT(st.old_units, 3);
    CHECK_INT(st.partial, 1);
    CHECK_INT(cks_refdata_count(s), 3);
    CHECK(cks_store_audit_count(s) > audit);
    CHECK_STR(text_of(s, "SELECT new_type || '|' || new_name || '|' || old_type || '|' || old_name"
                         " || '|' || old_district || '|' || old_district_code FROM ref_unit"
                         " WHERE old_code = '21106'",
                      buf, sizeof buf),
              "xa|Bình Chương|xa|Bình Mỹ|Huyện Bình Sơn|524");
    cks_refunit_list l;
    search(s, "cam thanh", 0, &l);
    CHECK_INT(l.count, 0); /* gone with the previous table */
    cks_refunit_list_free(&l);
    search(s, "trà bùi", 0, &l);
    CHECK_INT(l.count, 1);
    if (l.count) {
        CHECK(l.items[0].partial);
        CHECK_INT(l.items[0].n_new, 1);
    }
    cks_refunit_list_free(&l);

    /* the same file twice: still its own row count */
    CHECK_INT(import(s, messy, 0, &st, &d, &err), CKS_E_OK);
    CHECK_INT(import(s, messy, 0, &st, &d, &err), CKS_E_OK);
    cks_diags_free(&d);
    CHECK_INT(st.rows, 13);
    CHECK_INT(cks_refdata_count(s), 13);
    CHECK_INT(scalar(s, "SELECT count(*) FROM ref_unit WHERE old_code = '21106'"), 1);

    /* and the real extract after it */
    char qn[600];
    if (shared_file(qn, sizeof qn, "quang-ngai.csv")) {
        CHECK_INT(import(s, qn, 0, &st, &d, &err), CKS_E_OK);
        cks_diags_free(&d);
        CHECK_INT(cks_refdata_count(s), 274);
        CHECK_INT(st.rows, 274);
        CHECK_INT(scalar(s, "SELECT count(*) FROM ref_unit WHERE new_code = '05941'"), 0);
    }
    cks_store_close(s);
}

/* ------------------------------------------------------------ contradictions */

/* Sheet 1's headers ("Tỉnh, thành phố mới", "Quận/huyện cũ"), ';' as the
 * separator (Excel in a Vietnamese locale), and the contradictions the
 * real table has: a new code under two names, an old code under two
 * names, a (new, old) pair listed twice. */
static const char semicolon_csv[] =
    "Tỉnh, thành phố mới;Tên Xã mới;Mã Xã mới;Tên Xã cũ;Mã Xã cũ;Ghi chú;Quận/huyện cũ;Tỉnh cũ\n" /* 1 */
    "Tỉnh Quảng Ngãi (51);Phường Cẩm Thành;21025;Phường Nghĩa Chánh;21019;Nhập toàn bộ;"
    "Thành phố Quảng Ngãi (522);Tỉnh Quảng Ngãi (51)\n"                                        /* 2 */
    "Tỉnh Quảng Ngãi (51);Phường Cẩm Thành;21025;Phường Trần Hưng Đạo;21022;Nhập toàn bộ;"
    "Thành phố Quảng Ngãi (522);Tỉnh Quảng Ngãi (51)\n"                                        /* 3 */
    "Tỉnh Quảng Ngãi (51);Phường Cẩm Thành;21025;Phường Nghĩa Chánh;21019;Nhập toàn bộ;"
    "Thành phố Quảng Ngãi (522);Tỉnh Quảng Ngãi (51)\n"                                        /* 4 */
    "Tỉnh Quảng Ngãi (51);Phường Nghĩa Lộ;21025;Phường Chánh Lộ;21031;Nhập toàn bộ;"
    "Thành phố Quảng Ngãi (522);Tỉnh Quảng Ngãi (51)\n"                                        /* 5 */
    "Tỉnh Quảng Ngãi (51);Phường Nghĩa Lộ;21028;Phường Trần Phú;21022;Nhập toàn bộ;"
    "Thành phố Quảng Ngãi (522);Tỉnh Quảng Ngãi (51)\n";                                       /* 6 */

static void test_contradictions(void)
{
    char path[600], buf[1200];
    write_file(path, sizeof path, "semicolon.csv", semicolon_csv);
    cks_store *s = fresh();
    if (!s)
        return;
    cks_refdata_stats st;
    cks_diags d = CKS_DIAGS_INIT;
    cks_error err;
    cks_err e = import(s, path, 0, &st, &d, &err);
    CHECK_INT(e, CKS_E_OK);
    if (e)
        fprintf(stderr, "  import: %s\n", cks_error_format(&err, buf, sizeof buf));
    /* not refused: warnings, each at its line of the file */
    CHECK_INT(cks_diags_errors(&d), 0);
    CHECK_INT(diags_warnings(&d), 3);
    const long lines[] = {4, 5, 6};
    const char *fields[] = {"old_code", "new_name", "old_name"};
    for (size_t i = 0; i < 3; i++) {
        const cks_error *w = diag_at(&d, lines[i], 1);
        CHECK(w != NULL);
        if (!w)
            continue;
        CHECK_STR(w->file, path);
        CHECK_STR(w->field, fields[i]);
    }
    if (diags_warnings(&d) != 3)
        print_diags(&d);
    cks_diags_free(&d);
    /* the repeated pair is left out, the others kept as written */
    CHECK_INT(st.rows, 4);
    CHECK_INT(cks_refdata_count(s), 4);
    CHECK_INT(scalar(s, "SELECT count(*) FROM ref_unit WHERE old_code = '21019'"), 1);
    CHECK_INT(scalar(s, "SELECT count(*) FROM ref_unit WHERE old_code = '21022'"), 2);
    CHECK_STR(text_of(s, "SELECT new_province || '|' || old_district FROM ref_unit WHERE line = 2",
                      buf, sizeof buf),
              "Tỉnh Quảng Ngãi|Thành phố Quảng Ngãi");
    cks_store_close(s);
}

/* ------------------------------------------------------------ refusals */

/* Good rows at lines 2 and 10; every other data line has one problem. */
static const char bad_csv[] =
    "new_code,new_name,old_code,old_name,note,new_type\n"                     /* 1 */
    "21100,Xã Bình Chương,21100,Xã Bình Chương,Nhập toàn bộ,\n"                /* 2 */
    "2110A,Xã Bình Chương,21106,Xã Bình Mỹ,Nhập toàn bộ,\n"                    /* 3 */
    "210250,Phường Cẩm Thành,21019,Phường Nghĩa Chánh,Nhập toàn bộ,\n"         /* 4 */
    "21025,,21022,Phường Trần Hưng Đạo,Nhập toàn bộ,\n"                        /* 5 */
    "21025,Phường,21025,Phường Nguyễn Nghiêm,Nhập toàn bộ,\n"                  /* 6 */
    "21025,Phường Cẩm Thành,21031,,Nhập toàn bộ,\n"                            /* 7 */
    "21136,Xã Cà Đam,21142,Xã Trà Bùi,Nhập \x1b[31mmột phần,\n"                /* 8 */
    "21157,Tây Trà Bồng,21166,Xã Trà Tây,Nhập toàn bộ,Quận\n"                  /* 9 */
    "21457,Xã Nguyễn Nghiêm,21445,Xã Phổ Phong,Nhập toàn bộ,\n"                /* 10 */
    "21457,Xã Nguyễn Nghiêm,2144x5,Xã Phổ Nhơn,Nhập toàn bộ,\n";               /* 11 */

static const long bad_lines[] = {3, 4, 5, 6, 7, 8, 9, 11};
#define N_BAD (sizeof bad_lines / sizeof bad_lines[0])

static void test_refused_whole(void)
{
    char path[600], good[600], buf[1200];
    write_file(path, sizeof path, "bad.csv", bad_csv);
    write_file(good, sizeof good, "messy.csv", messy_csv);
    cks_store *s = fresh();
    if (!s)
        return;
    cks_refdata_stats st;
    cks_diags d = CKS_DIAGS_INIT;
    cks_error err;
    CHECK_INT(import(s, good, 0, &st, &d, &err), CKS_E_OK);
    CHECK_INT(cks_refdata_count(s), 13);
    long audit = cks_store_audit_count(s);

    cks_err e = import(s, path, 0, &st, &d, &err);
    CHECK_INT(e, CKS_E_INVALID);
    CHECK_STR(err.file, path);
    CHECK(strstr(err.msg, "8") != NULL); /* how many problems */
    CHECK_INT(cks_diags_errors(&d), N_BAD);
    if (cks_diags_errors(&d) != N_BAD)
        print_diags(&d);
    for (size_t i = 0; i < N_BAD; i++) {
        const cks_error *p = diag_at(&d, bad_lines[i], 0);
        CHECK(p != NULL);
        if (!p) {
            fprintf(stderr, "  no problem reported at line %ld\n", bad_lines[i]);
            continue;
        }
        CHECK_STR(p->file, path);
        CHECK(p->msg[0] != '\0');
        /* FILE:LINE: what is wrong */
        char want[700];
        snprintf(want, sizeof want, "%s:%ld: ", path, bad_lines[i]);
        CHECK(strncmp(cks_error_format(p, buf, sizeof buf), want, strlen(want)) == 0);
    }
    CHECK(diag_at(&d, 2, 0) == NULL && diag_at(&d, 10, 0) == NULL);
    CHECK(diag_at(&d, 3, 0) && strcmp(diag_at(&d, 3, 0)->field, "new_code") == 0);
    CHECK(diag_at(&d, 3, 0) && strstr(diag_at(&d, 3, 0)->msg, "2110A") != NULL);
    CHECK(diag_at(&d, 4, 0) && strstr(diag_at(&d, 4, 0)->msg, "210250") != NULL);
    CHECK(diag_at(&d, 5, 0) && strcmp(diag_at(&d, 5, 0)->field, "new_name") == 0);
    CHECK(diag_at(&d, 6, 0) && strcmp(diag_at(&d, 6, 0)->field, "new_name") == 0);
    CHECK(diag_at(&d, 7, 0) && strcmp(diag_at(&d, 7, 0)->field, "old_name") == 0);
    CHECK(diag_at(&d, 8, 0) && strcmp(diag_at(&d, 8, 0)->field, "note") == 0);
    CHECK(diag_at(&d, 9, 0) && strstr(diag_at(&d, 9, 0)->msg, "Quận") != NULL);
    CHECK(diag_at(&d, 11, 0) && strcmp(diag_at(&d, 11, 0)->field, "old_code") == 0);
    cks_diags_free(&d);
    /* nothing changed: the previous table is whole, nothing logged */
    CHECK_INT(cks_refdata_count(s), 13);
    CHECK_INT(scalar(s, "SELECT count(*) FROM ref_unit WHERE new_code = '21457'"), 0);
    CHECK_INT(cks_store_audit_count(s), audit);
    cks_refunit_list l;
    search(s, "cam thanh", 0, &l);
    CHECK_INT(l.count, 1);
    cks_refunit_list_free(&l);

    /* --skip-bad: the good rows replace the table, every bad line listed */
    e = import(s, path, CKS_REFDATA_SKIP_BAD, &st, &d, &err);
    CHECK_INT(e, CKS_E_OK);
    CHECK_INT(st.rows, 2);
    CHECK_INT(st.skipped, N_BAD);
    CHECK_INT(st.new_units, 2);
    CHECK_INT(cks_refdata_count(s), 2);
    CHECK_INT(cks_diags_errors(&d), N_BAD);
    for (size_t i = 0; i < N_BAD; i++) {
        const cks_error *p = diag_at(&d, bad_lines[i], 0);
        CHECK(p != NULL && strcmp(p->file, path) == 0);
    }
    cks_diags_free(&d);
    CHECK_INT(scalar(s, "SELECT count(*) FROM ref_unit WHERE line IN (2, 10)"), 2);
    search(s, "cam thanh", 0, &l);
    CHECK_INT(l.count, 0);
    cks_refunit_list_free(&l);
    search(s, "Xã Nguyễn Nghiêm", 0, &l);
    CHECK_INT(l.count, 1);
    cks_refunit_list_free(&l);
    cks_store_close(s);
}

static void expect_refused(cks_store *s, const char *name, const char *text, unsigned flags,
                           long line, const char *in_msg, int want_diag)
{
    char path[600], buf[1200];
    write_file(path, sizeof path, name, text);
    long before = cks_refdata_count(s), audit = cks_store_audit_count(s);
    cks_refdata_stats st;
    cks_diags d = CKS_DIAGS_INIT;
    cks_error err;
    cks_err e = import(s, path, flags, &st, &d, &err);
    CHECK(e != CKS_E_OK);
    CHECK_STR(err.file, path);
    if (line)
        CHECK_INT(err.line, line);
    if (in_msg && !strstr(err.msg, in_msg)) {
        CHECK(!"message");
        fprintf(stderr, "  %s: got '%s', want it to contain '%s'\n", name,
                cks_error_format(&err, buf, sizeof buf), in_msg);
    }
    if (want_diag)
        CHECK(cks_diags_errors(&d) >= 1); /* the problem is listed too */
    cks_diags_free(&d);
    CHECK_INT(cks_refdata_count(s), before);
    CHECK_INT(cks_store_audit_count(s), audit);
}

static void test_refused_files(void)
{
    char good[600], missing[600];
    write_file(good, sizeof good, "messy.csv", messy_csv);
    cks_store *s = fresh();
    if (!s)
        return;
    cks_refdata_stats st;
    cks_diags d = CKS_DIAGS_INIT;
    cks_error err;
    CHECK_INT(import(s, good, 0, &st, &d, &err), CKS_E_OK);
    cks_diags_free(&d);

    /* a header without the required columns: it names them */
    expect_refused(s, "noheader.csv", "code,name,district\n21025,Phường Cẩm Thành,x\n", 0, 1,
                   "old_code", 1);
    expect_refused(s, "noheader2.csv",
                   "new_code,new_name,old_name\n21025,Phường Cẩm Thành,Phường Chánh Lộ\n",
                   CKS_REFDATA_SKIP_BAD, 1, "old_code", 1);
    expect_refused(s, "empty.csv", "", 0, 0, NULL, 1);
    /* a header and no rows */
    expect_refused(s, "onlyheader.tsv", "new_code\tnew_name\told_code\told_name\n", 0, 0, NULL, 0);
    /* every row bad, even with --skip-bad: nothing to import */
    expect_refused(s, "allbad.csv", "new_code,new_name,old_code,old_name\nx,Xã A,1,Xã B\n",
                   CKS_REFDATA_SKIP_BAD, 0, NULL, 1);
    /* text that is not UTF-8: refused at its line, even with --skip-bad */
    expect_refused(s, "latin1.csv",
                   "new_code,new_name,old_code,old_name\n21100,Xã Bình Chương,21100,Xã Bình Chương\n"
                   "21100,Xã Bình Chương,21106,X\xe3 B\xecnh M\xfd\n",
                   CKS_REFDATA_SKIP_BAD, 3, NULL, 1);
    /* an unterminated quote: at the line where it opened */
    expect_refused(s, "quote.csv",
                   "new_code,new_name,old_code,old_name\n21100,Xã Bình Chương,21100,Xã Bình Chương\n"
                   "21100,\"Xã Bình Chương,21106,Xã Bình Mỹ\n21025,Phường Cẩm Thành,21019,Phường Nghĩa Chánh\n",
                   CKS_REFDATA_SKIP_BAD, 3, NULL, 1);
    /* a file that is not there */
    snprintf(missing, sizeof missing, "%s/no-such-file.tsv", tmpdir);
    long before = cks_refdata_count(s);
    cks_err e = import(s, missing, 0, &st, &d, &err);
    CHECK(e != CKS_E_OK);
    CHECK_STR(err.file, missing);
    cks_diags_free(&d);
    CHECK_INT(cks_refdata_count(s), before);
    CHECK_INT(before, 13);
    cks_store_close(s);
}

/* ------------------------------------------------------------ progress */

typedef struct progress_seen {
    int calls;
    size_t last;
    int backwards;
} progress_seen;

static void on_progress(void *user, size_t done, size_t total)
{
    progress_seen *p = user;
    (void)total;
    if (done < p->last)
        p->backwards = 1;
    p->last = done;
    p->calls++;
}

static void test_progress_and_no_table(void)
{
    cks_store *s = fresh();
    if (!s)
        return;
    /* nothing imported: the search finds nothing, and says so cleanly */
    CHECK_INT(cks_refdata_count(s), 0);
    cks_refunit_list l;
    search(s, "cam thanh", 0, &l);
    CHECK_INT(l.count, 0);
    cks_refunit_list_free(&l);
    cks_refunit nu;
    cks_error err;
    CHECK_INT(cks_refdata_members(s, "21025", &nu, &l, &err), CKS_E_NOTFOUND);
    CHECK(strstr(err.msg, "21025") != NULL);
    cks_refunit_list_free(&l);

    char path[600];
    if (shared_file(path, sizeof path, "nso-old-to-new.tsv")) {
        progress_seen p = {0, 0, 0};
        cks_refdata_stats st;
        cks_diags d = CKS_DIAGS_INIT;
        cks_err e = cks_refdata_import(s, path, 0, on_progress, &p, &st, &d, &err);
        CHECK_INT(e, CKS_E_OK);
        cks_diags_free(&d);
        CHECK(p.calls >= 1);
        CHECK(!p.backwards);
        /* stats may be NULL */
        e = cks_refdata_import(s, path, 0, NULL, NULL, NULL, &d, &err);
        CHECK_INT(e, CKS_E_OK);
        cks_diags_free(&d);
        CHECK_INT(cks_refdata_count(s), 10571);
    }
    cks_store_close(s);
}

int main(void)
{
    const char *base = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/cks-refdata-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    RUN(test_national);
    RUN(test_extract);
    RUN(test_messy);
    RUN(test_english_tsv_and_reimport);
    RUN(test_contradictions);
    RUN(test_refused_whole);
    RUN(test_refused_files);
    RUN(test_progress_and_no_table);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    return check_summary();
}
