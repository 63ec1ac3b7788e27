/* refdata.c — import and search of the official old→new unit table. */
#include "cks/refdata.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cks/csv.h"
#include "cks/i18n.h"
#include "cks/text.h"
#include "store/store_internal.h"

/* ------------------------------------------------------------ columns */

enum col {
    C_NEW_PROVINCE, C_NEW_CODE, C_NEW_NAME, C_OLD_CODE, C_OLD_NAME,
    C_OLD_DISTRICT, C_OLD_PROVINCE, C_NOTE, C_NEW_TYPE, C_OLD_TYPE,
    C_OLD_DISTRICT_CODE, C_OLD_PROVINCE_CODE, C_COUNT
};

typedef struct column {
    const char *name;     /* English header, as in messages */
    const char *aliases;  /* normalised headers, '|'-separated */
    int required;
} column;

/* Normalised = folded (no case, no accents, đ→d), letters and digits only. */
static const column columns[C_COUNT] = {
    [C_NEW_PROVINCE] = {"new_province", "newprovince|tinhthanhpho|tinhmoi|tinhthanhphomoi|tinh", 0},
    [C_NEW_CODE] = {"new_code", "newcode|maxamoi|madonvimoi|mamoi|maxaphuongmoi", 1},
    [C_NEW_NAME] = {"new_name", "newname|tenxamoi|tendonvimoi|tenmoi|tenxaphuongmoi", 1},
    [C_OLD_CODE] = {"old_code", "oldcode|maxacu|madonvicu|macu|maxaphuongcu", 1},
    [C_OLD_NAME] = {"old_name", "oldname|tenxacu|tendonvicu|tencu|tenxaphuongcu", 1},
    [C_OLD_DISTRICT] = {"old_district", "olddistrict|quanhuyen|huyen|huyencu|quanhuyencu", 0},
    [C_OLD_PROVINCE] = {"old_province", "oldprovince|tinhcu|tinhthanhphocu", 0},
    [C_NOTE] = {"note", "note|ghichu", 0},
    [C_NEW_TYPE] = {"new_type", "newtype|loaimoi|loaihinhmoi", 0},
    [C_OLD_TYPE] = {"old_type", "oldtype|loaicu|loaihinhcu", 0},
    [C_OLD_DISTRICT_CODE] = {"old_district_code", "olddistrictcode|mahuyen|mahuyencu|maquanhuyen", 0},
    [C_OLD_PROVINCE_CODE] = {"old_province_code", "oldprovincecode|matinhcu|matinh", 0},
};

/* Map a header record. Returns the number of required columns found. */
static int map_header(const cks_csv_record *rec, int idx[C_COUNT])
{
    int found = 0;
    for (int c = 0; c < C_COUNT; c++)
        idx[c] = -1;
    for (size_t i = 0; i < rec->count; i++) {
        char norm[128];
        cks_text_header_key(rec->fields[i], norm, sizeof norm);
        for (int c = 0; c < C_COUNT; c++) {
            if (idx[c] < 0 && cks_text_in_list(columns[c].aliases, norm)) {
                idx[c] = (int)i;
                found += columns[c].required;
                break;
            }
        }
    }
    return found;
}

/* ------------------------------------------------------------ rows */

typedef struct row {
    long line;
    char *f[C_COUNT];         /* cleaned fields ("" when absent) */
    char new_code[6], old_code[6];
    char prov_code[8], dist_code[8], oldprov_code[8];
    cks_unit_type new_type, old_type;
    const char *new_name, *old_name; /* inside f[], after the type word */
    char *new_fold, *old_fold;
    char *new_key, *old_key;  /* name identity, computed when first needed */
    int partial;
    int bad;
    int dup;      /* a repeated (new, old) pair: left out */
} row;

static void row_free(row *r)
{
    for (int c = 0; c < C_COUNT; c++)
        free(r->f[c]);
    free(r->new_fold);
    free(r->old_fold);
    free(r->new_key);
    free(r->old_key);
}

/* A code of 1..5 digits, padded to 5 ("4" → "00004": Excel drops the
 * zeros). Empty stays empty. Returns 0 when it is not a code. */
static int parse_code(const char *s, char out[6])
{
    size_t len = strlen(s);
    out[0] = '\0';
    if (len == 0)
        return 1;
    if (len > 5)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (!isdigit((unsigned char)s[i]))
            return 0;
    memset(out, '0', 5 - len);
    memcpy(out + 5 - len, s, len + 1);
    return 1;
}

/* "Tỉnh Quảng Ngãi (51)" → keeps "Tỉnh Quảng Ngãi" in s, "51" in code. */
static void split_paren_code(char *s, char *code, size_t n)
{
    code[0] = '\0';
    size_t len = strlen(s);
    if (len < 3 || s[len - 1] != ')')
        return;
    char *open = strrchr(s, '(');
    if (!open)
        return;
    size_t digits = (size_t)(s + len - 1 - (open + 1));
    if (digits == 0 || digits >= n)
        return;
    for (char *p = open + 1; p < s + len - 1; p++)
        if (!isdigit((unsigned char)*p))
            return;
    memcpy(code, open + 1, digits);
    code[digits] = '\0';
    while (open > s && open[-1] == ' ')
        open--;
    *open = '\0';
}

/* Notes repeat ("Nhập toàn bộ" thousands of times): remember the last. */
static int note_is_partial(const char *note)
{
    static char last[256];
    static int last_result;
    if (strlen(note) < sizeof last && strcmp(note, last) == 0)
        return last_result;
    char *f = cks_text_fold(note, NULL);
    int partial = f && (strstr(f, "mot phan") || strstr(f, "phan con lai"));
    free(f);
    if (strlen(note) < sizeof last) {
        memcpy(last, note, strlen(note) + 1);
        last_result = partial;
    }
    return partial;
}

typedef struct importer {
    const char *path;
    cks_diags *diags;
    size_t problems;
    cks_error first;
} importer;

static void problem(importer *im, long line, const char *field, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static void problem(importer *im, long line, const char *field, const char *fmt, ...)
{
    cks_error e;
    char msg[CKS_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cks_error_set(&e, CKS_E_INVALID, im->path, line, field, "%s", msg);
    if (im->problems++ == 0)
        im->first = e;
    cks_diags_add(im->diags, &e);
}

/* Split a leading type word off a name (or take it from the type column). */
static int take_type(importer *im, row *r, int name_col, int type_col, cks_unit_type *type,
                     const char **name)
{
    const char *rest = r->f[name_col];
    cks_unit_type from_name = cks_unit_type_prefix(rest, &rest);
    *type = from_name;
    *name = rest;
    if (r->f[type_col][0]) {
        cks_unit_type t = cks_unit_type_parse(r->f[type_col]);
        if (t == CKS_UT_NONE) {
            problem(im, r->line, columns[type_col].name,
                    _("'%s' is not a type of unit (Xã, Phường, Thị trấn, Đặc khu)"),
                    r->f[type_col]);
            return 0;
        }
        if (from_name != CKS_UT_NONE && from_name != t) {
            /* the name itself starts with another type word: keep it */
            *name = r->f[name_col];
        }
        *type = t;
    }
    return 1;
}

static int parse_row(importer *im, const cks_csv_record *rec, const int idx[C_COUNT],
                     const row *prev, row *r)
{
    memset(r, 0, sizeof *r);
    r->line = rec->line;
    for (int c = 0; c < C_COUNT; c++) {
        const char *raw = idx[c] >= 0 && (size_t)idx[c] < rec->count ? rec->fields[idx[c]] : "";
        cks_error e;
        r->f[c] = cks_text_clean(raw, &e);
        if (!r->f[c]) {
            if (e.code == CKS_E_NOMEM)
                return -1;
            problem(im, r->line, columns[c].name, "%s", e.msg);
            r->f[c] = strdup("");
            if (!r->f[c])
                return -1;
            r->bad = 1;
        }
    }
    if (!r->f[C_NEW_CODE][0] && !r->f[C_NEW_NAME][0] && !r->f[C_OLD_CODE][0] &&
        !r->f[C_OLD_NAME][0])
        return 0; /* a heading row (a province's name) */
    if (!parse_code(r->f[C_NEW_CODE], r->new_code) || !r->new_code[0]) {
        problem(im, r->line, "new_code", _("'%s' is not a unit code (5 digits)"),
                r->f[C_NEW_CODE]);
        r->bad = 1;
    }
    if (!parse_code(r->f[C_OLD_CODE], r->old_code)) {
        problem(im, r->line, "old_code", _("'%s' is not a unit code (5 digits)"),
                r->f[C_OLD_CODE]);
        r->bad = 1;
    }
    if (!r->f[C_NEW_NAME][0]) {
        problem(im, r->line, "new_name", _("the new unit has no name"));
        r->bad = 1;
    }
    if (r->old_code[0] && !r->f[C_OLD_NAME][0]) {
        problem(im, r->line, "old_name", _("the old unit %s has no name"), r->old_code);
        r->bad = 1;
    }
    /* both, always: take_type sets the name even when it refuses the type */
    int new_ok = take_type(im, r, C_NEW_NAME, C_NEW_TYPE, &r->new_type, &r->new_name);
    int old_ok = take_type(im, r, C_OLD_NAME, C_OLD_TYPE, &r->old_type, &r->old_name);
    if (!new_ok || !old_ok)
        r->bad = 1;
    if (r->f[C_NEW_NAME][0] && !r->new_name[0]) {
        problem(im, r->line, "new_name", _("'%s' has a type but no name"), r->f[C_NEW_NAME]);
        r->bad = 1;
    }
    if (strlen(r->new_name) >= CKS_UNIT_NAME_MAX || strlen(r->old_name) >= CKS_UNIT_NAME_MAX) {
        problem(im, r->line, NULL, _("a name is longer than %d bytes"), CKS_UNIT_NAME_MAX - 1);
        r->bad = 1;
    }
    split_paren_code(r->f[C_NEW_PROVINCE], r->prov_code, sizeof r->prov_code);
    split_paren_code(r->f[C_OLD_DISTRICT], r->dist_code, sizeof r->dist_code);
    split_paren_code(r->f[C_OLD_PROVINCE], r->oldprov_code, sizeof r->oldprov_code);
    if (!r->dist_code[0] && strlen(r->f[C_OLD_DISTRICT_CODE]) < sizeof r->dist_code)
        strcpy(r->dist_code, r->f[C_OLD_DISTRICT_CODE]);
    if (!r->oldprov_code[0] && strlen(r->f[C_OLD_PROVINCE_CODE]) < sizeof r->oldprov_code)
        strcpy(r->oldprov_code, r->f[C_OLD_PROVINCE_CODE]);
    r->partial = note_is_partial(r->f[C_NOTE]);
    /* rows of one new unit follow each other: fold its name once */
    if (prev && prev->new_fold && strcmp(prev->new_name, r->new_name) == 0)
        r->new_fold = strdup(prev->new_fold);
    else
        r->new_fold = cks_text_fold(r->new_name, NULL);
    r->old_fold = cks_text_fold(r->old_name, NULL);
    if (!r->new_fold || !r->old_fold)
        return -1;
    return 1;
}

/* Same unit name? Byte-equal names need no key; others are compared by
 * name identity (keys computed once, when first needed). */
static int same_name(char **key_a, const char *a, char **key_b, const char *b)
{
    if (strcmp(a, b) == 0)
        return 1;
    if (!*key_a)
        *key_a = cks_text_name_key(a, NULL);
    if (!*key_b)
        *key_b = cks_text_name_key(b, NULL);
    return *key_a && *key_b && strcmp(*key_a, *key_b) == 0;
}

/* ------------------------------------------------------------ checks */

/* Sort keys: codes are 5 digits, so (code, code, line) packs into 64 bits
 * and the sorts compare integers. */
typedef struct sort_key {
    uint64_t key;
    size_t row;
} sort_key;

static uint64_t code_num(const char *code)
{
    uint64_t v = 0;
    for (const char *p = code; *p; p++)
        v = v * 10 + (uint64_t)(*p - '0');
    return code[0] ? v + 1 : 0; /* 0: no code */
}

static int by_key(const void *a, const void *b)
{
    uint64_t x = ((const sort_key *)a)->key, y = ((const sort_key *)b)->key;
    return (x > y) - (x < y);
}

/* The official table contradicts itself in a few places (the national
 * file gives code 00553 to both xã Cổ Bi and xã Đặng Xá). Such rows are
 * kept with a warning, never refused: the officer must be able to use the
 * file the office publishes. A repeated (new, old) pair is left out with a
 * warning. */
static void note(importer *im, long line, const char *field, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static void note(importer *im, long line, const char *field, const char *fmt, ...)
{
    cks_error e;
    char msg[CKS_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cks_error_set(&e, CKS_E_INVALID, im->path, line, field, "%s", msg);
    cks_diags_warn(im->diags, &e);
}

static int check_consistency(importer *im, row *rows, size_t n)
{
    sort_key *ix = malloc((n ? n : 1) * sizeof *ix);
    if (!ix)
        return -1;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!rows[i].bad)
            ix[m++] = (sort_key){(code_num(rows[i].new_code) << 40) |
                                     (code_num(rows[i].old_code) << 22) |
                                     (uint64_t)(rows[i].line & 0x3FFFFF),
                                 i};
    qsort(ix, m, sizeof *ix, by_key);
    size_t first = 0;
    for (size_t k = 1; k < m; k++) {
        row *a = &rows[ix[k - 1].row], *b = &rows[ix[k].row];
        if (strcmp(a->new_code, b->new_code) != 0) {
            first = k;
            continue;
        }
        row *f = &rows[ix[first].row];
        if (!same_name(&f->new_key, f->new_name, &b->new_key, b->new_name) ||
            f->new_type != b->new_type)
            note(im, b->line, "new_name",
                 _("new unit %s is called '%s' here but '%s' at line %ld; both rows are kept"),
                 b->new_code, b->f[C_NEW_NAME], f->f[C_NEW_NAME], f->line);
        if (b->old_code[0] && strcmp(a->old_code, b->old_code) == 0) {
            note(im, b->line, "old_code",
                 _("old unit %s is listed again for new unit %s (first at line %ld); this "
                   "line is left out"),
                 b->old_code, b->new_code, a->line);
            b->dup = 1;
        }
    }
    for (size_t k = 0; k < m; k++) {
        const row *r = &rows[ix[k].row];
        ix[k].key = (code_num(r->old_code) << 22) | (uint64_t)(r->line & 0x3FFFFF);
    }
    qsort(ix, m, sizeof *ix, by_key);
    first = 0;
    for (size_t k = 1; k < m; k++) {
        row *a = &rows[ix[k - 1].row], *b = &rows[ix[k].row];
        if (!b->old_code[0] || strcmp(a->old_code, b->old_code) != 0) {
            first = k;
            continue;
        }
        row *f = &rows[ix[first].row];
        if (!same_name(&f->old_key, f->old_name, &b->old_key, b->old_name) ||
            f->old_type != b->old_type)
            note(im, b->line, "old_name",
                 _("old unit %s is called '%s' here but '%s' at line %ld; the official "
                   "table gives one code to two units, so check this one by hand"),
                 b->old_code, b->f[C_OLD_NAME], f->f[C_OLD_NAME], f->line);
    }
    free(ix);
    return 0;
}

/* ------------------------------------------------------------ import */

static int bind_opt(sqlite3_stmt *st, int i, const char *v)
{
    if (!v || !*v)
        return sqlite3_bind_null(st, i);
    return sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

static cks_err store_rows(cks_store *s, const char *path, row *rows, size_t n,
                          cks_refdata_stats *stats, cks_error *err)
{
    sqlite3 *db = cks_store_db(s);
    sqlite3_stmt *st = NULL;
    cks_err e = cks_store_begin(s, err);
    if (e)
        return e;
    /* bulk load: the indexes are built once afterwards, which is faster
     * than keeping them up to date row by row */
    int rc = sqlite3_exec(db,
                          "DROP INDEX IF EXISTS ref_unit_new_code;"
                          "DROP INDEX IF EXISTS ref_unit_old_code;"
                          "DELETE FROM ref_unit;",
                          NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(
            db,
            "INSERT INTO ref_unit(line, new_province, new_province_code, new_code, new_type,"
            " new_name, old_code, old_type, old_name, old_district, old_district_code,"
            " old_province, old_province_code, note, partial, new_fold, old_fold)"
            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
            -1, &st, NULL);
    for (size_t i = 0; rc == SQLITE_OK && i < n; i++) {
        const row *r = &rows[i];
        if (r->bad || r->dup)
            continue;
        sqlite3_bind_int64(st, 1, r->line);
        sqlite3_bind_text(st, 2, r->f[C_NEW_PROVINCE], -1, SQLITE_STATIC);
        bind_opt(st, 3, r->prov_code);
        sqlite3_bind_text(st, 4, r->new_code, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, cks_unit_type_key(r->new_type), -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 6, r->new_name, -1, SQLITE_STATIC);
        bind_opt(st, 7, r->old_code);
        bind_opt(st, 8, cks_unit_type_key(r->old_type));
        bind_opt(st, 9, r->old_name);
        bind_opt(st, 10, r->f[C_OLD_DISTRICT]);
        bind_opt(st, 11, r->dist_code);
        bind_opt(st, 12, r->f[C_OLD_PROVINCE]);
        bind_opt(st, 13, r->oldprov_code);
        bind_opt(st, 14, r->f[C_NOTE]);
        sqlite3_bind_int(st, 15, r->partial);
        sqlite3_bind_text(st, 16, r->new_fold, -1, SQLITE_STATIC);
        bind_opt(st, 17, r->old_fold);
        rc = sqlite3_step(st);
        if (rc == SQLITE_DONE)
            rc = sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db,
                          "CREATE INDEX ref_unit_new_code ON ref_unit(new_code);"
                          "CREATE INDEX ref_unit_old_code ON ref_unit(old_code);",
                          NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        e = cks_store_sqlerr(s, rc, "import", err);
        cks_store_rollback(s);
        return e;
    }
    sqlite3_stmt *q = NULL;
    rc = sqlite3_prepare_v2(db,
                            "SELECT count(*), count(DISTINCT new_code), count(DISTINCT old_code),"
                            " sum(partial), count(DISTINCT nullif(new_province, '')) FROM ref_unit",
                            -1, &q, NULL);
    if (rc == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW && stats) {
        stats->rows = (size_t)sqlite3_column_int64(q, 0);
        stats->new_units = (size_t)sqlite3_column_int64(q, 1);
        stats->old_units = (size_t)sqlite3_column_int64(q, 2);
        stats->partial = (size_t)sqlite3_column_int64(q, 3);
        stats->provinces = (size_t)sqlite3_column_int64(q, 4);
    }
    sqlite3_finalize(q);
    char detail[1200];
    snprintf(detail, sizeof detail, "%s (%zu rows)", path, stats ? stats->rows : (size_t)0);
    e = cks_store_audit(s, "import", "ref_unit", detail, err);
    if (e) {
        cks_store_rollback(s);
        return e;
    }
    return cks_store_commit(s, err);
}

cks_err cks_refdata_import(cks_store *s, const char *path, unsigned flags,
                           cks_progress_fn progress, void *user,
                           cks_refdata_stats *stats, cks_diags *diags, cks_error *err)
{
    importer im = {path, diags, 0, {0}};
    cks_csv *csv = NULL;
    row *rows = NULL;
    size_t n = 0, cap = 0;
    cks_csv_record rec;
    int idx[C_COUNT];
    cks_err e = cks_csv_open_file(path, 0, &csv, err);
    cks_refdata_stats local;
    memset(&local, 0, sizeof local);
    if (e) {
        cks_diags_add(diags, err);
        return e;
    }
    /* the header: the first record naming the required columns (a title
     * row above it, as in the office's workbook, is passed over) */
    int header_found = 0;
    for (int tries = 0; tries < 5 && !header_found; tries++) {
        e = cks_csv_next(csv, &rec, err);
        if (e)
            break;
        header_found = map_header(&rec, idx) == 4;
    }
    if (!header_found) {
        if (e == CKS_E_OK || e == CKS_E_NOTFOUND) {
            int missing[C_COUNT], k = 0;
            char names[256] = "";
            (void)missing;
            for (int c = 0; c < C_COUNT; c++) {
                if (!columns[c].required)
                    continue;
                size_t l = strlen(names);
                snprintf(names + l, sizeof names - l, "%s%s", k++ ? ", " : "", columns[c].name);
            }
            e = cks_error_set(err, CKS_E_INVALID, path, 1, NULL,
                              _("no header row naming the columns %s"), names);
        }
        cks_diags_add(diags, err);
        goto done;
    }
    size_t total = 0;
    for (;;) {
        e = cks_csv_next(csv, &rec, err);
        if (e == CKS_E_NOTFOUND) {
            e = CKS_E_OK;
            break;
        }
        if (e) {
            cks_diags_add(diags, err);
            goto done;
        }
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 1024;
            row *nr = realloc(rows, ncap * sizeof *nr);
            if (!nr) {
                e = cks_error_set(err, CKS_E_NOMEM, path, 0, NULL, NULL);
                goto done;
            }
            rows = nr;
            cap = ncap;
        }
        int r = parse_row(&im, &rec, idx, n ? &rows[n - 1] : NULL, &rows[n]);
        if (r < 0) {
            row_free(&rows[n]);
            e = cks_error_set(err, CKS_E_NOMEM, path, 0, NULL, NULL);
            goto done;
        }
        if (r == 0) {
            row_free(&rows[n]);
            continue;
        }
        n++;
        if (progress && (++total & 1023) == 0)
            progress(user, (size_t)rec.line, 0);
    }
    if (check_consistency(&im, rows, n) < 0) {
        e = cks_error_set(err, CKS_E_NOMEM, path, 0, NULL, NULL);
        goto done;
    }
    size_t bad = 0;
    for (size_t i = 0; i < n; i++)
        bad += rows[i].bad != 0;
    if (im.problems && !(flags & CKS_REFDATA_SKIP_BAD)) {
        e = cks_error_set(err, CKS_E_INVALID, path, 0, NULL,
                          _("%zu problem(s) in the file; nothing was imported (fix them, or "
                            "use --skip-bad to import only the good rows)"),
                          im.problems);
        goto done;
    }
    if (n - bad == 0) {
        e = cks_error_set(err, CKS_E_INVALID, path, 0, NULL, _("the file has no usable rows"));
        goto done;
    }
    e = store_rows(s, path, rows, n, &local, err);
    local.skipped = bad;
    if (!e && stats)
        *stats = local;
done:
    for (size_t i = 0; i < n; i++)
        row_free(&rows[i]);
    free(rows);
    cks_csv_free(csv);
    return e;
}

long cks_refdata_count(cks_store *s)
{
    sqlite3_stmt *st = NULL;
    long v = -1;
    if (sqlite3_prepare_v2(cks_store_db(s), "SELECT count(*) FROM ref_unit", -1, &st, NULL) ==
            SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* ------------------------------------------------------------ search */

void cks_refunit_list_free(cks_refunit_list *l)
{
    if (!l)
        return;
    free(l->items);
    l->items = NULL;
    l->count = 0;
}

static void copy_text(char *dst, size_t n, const unsigned char *src)
{
    snprintf(dst, n, "%s", src ? (const char *)src : "");
}

static cks_refunit *list_push(cks_refunit_list *l, size_t *cap)
{
    if (l->count == *cap) {
        size_t ncap = *cap ? *cap * 2 : 32;
        cks_refunit *items = realloc(l->items, ncap * sizeof *items);
        if (!items)
            return NULL;
        l->items = items;
        *cap = ncap;
    }
    cks_refunit *u = &l->items[l->count++];
    memset(u, 0, sizeof *u);
    return u;
}

typedef struct found {
    cks_refunit u;
    int exact;
} found;

static int by_rank(const void *a, const void *b)
{
    const found *x = a, *y = b;
    if (x->exact != y->exact)
        return y->exact - x->exact;
    if (x->u.is_new != y->u.is_new)
        return (int)y->u.is_new - (int)x->u.is_new;
    return strcmp(x->u.unit.code, y->u.unit.code);
}

static void fill_new(cks_refunit *u, sqlite3_stmt *st)
{
    u->is_new = true;
    copy_text(u->unit.code, sizeof u->unit.code, sqlite3_column_text(st, 0));
    u->unit.type = cks_unit_type_from_key((const char *)sqlite3_column_text(st, 1));
    copy_text(u->unit.name, sizeof u->unit.name, sqlite3_column_text(st, 2));
    copy_text(u->province, sizeof u->province, sqlite3_column_text(st, 3));
    memcpy(u->new_code, u->unit.code, sizeof u->new_code);
    snprintf(u->new_name, sizeof u->new_name, "%s%s%s", cks_unit_type_name(u->unit.type),
             u->unit.type ? " " : "", u->unit.name);
}

static void fill_old(cks_refunit *u, sqlite3_stmt *st)
{
    u->is_new = false;
    copy_text(u->unit.code, sizeof u->unit.code, sqlite3_column_text(st, 0));
    u->unit.type = cks_unit_type_from_key((const char *)sqlite3_column_text(st, 1));
    copy_text(u->unit.name, sizeof u->unit.name, sqlite3_column_text(st, 2));
    copy_text(u->district, sizeof u->district, sqlite3_column_text(st, 3));
    copy_text(u->province, sizeof u->province, sqlite3_column_text(st, 4));
    copy_text(u->new_code, sizeof u->new_code, sqlite3_column_text(st, 5));
    cks_unit_type nt = cks_unit_type_from_key((const char *)sqlite3_column_text(st, 6));
    const char *nn = (const char *)sqlite3_column_text(st, 7);
    snprintf(u->new_name, sizeof u->new_name, "%s%s%s", cks_unit_type_name(nt), nt ? " " : "",
             nn ? nn : "");
    u->n_new = sqlite3_column_int(st, 8);
    u->partial = sqlite3_column_int(st, 9) != 0;
}

cks_err cks_refdata_find(cks_store *s, const char *text, size_t max,
                         cks_refunit_list *out, cks_error *err)
{
    out->items = NULL;
    out->count = 0;
    if (!max)
        max = 200;
    char *clean = cks_text_clean(text ? text : "", err);
    if (!clean)
        return err ? err->code : CKS_E_INVALID;
    const char *rest = clean;
    cks_unit_type type = cks_unit_type_prefix(clean, &rest);
    char *q = cks_text_fold(rest, err);
    const char *typed = rest;
    if (!q) {
        free(clean);
        return err ? err->code : CKS_E_INVALID;
    }
    int by_code = q[0] != '\0';
    for (const char *p = q; *p; p++)
        by_code &= isdigit((unsigned char)*p) != 0;
    if (!q[0] && type == CKS_UT_NONE) {
        free(q);
        free(clean);
        return cks_error_set(err, CKS_E_INVALID, NULL, 0, NULL, _("nothing to search for"));
    }
    const char *where_new = by_code ? "new_code GLOB ?1 || '*'" : "instr(new_fold, ?1) > 0";
    const char *where_old = by_code ? "old_code GLOB ?1 || '*'" : "instr(old_fold, ?1) > 0";
    char *sql_new = sqlite3_mprintf(
        "SELECT new_code, new_type, new_name, new_province, new_fold = ?1"
        " FROM ref_unit WHERE %s AND (?2 = '' OR new_type = ?2)"
        " GROUP BY new_code ORDER BY new_code",
        where_new);
    /* the new unit's type and name are looked up outside the grouping:
     * SQLite refuses an aggregate of the outer query inside a subquery */
    char *sql_old = sqlite3_mprintf(
        "SELECT old_code, old_type, old_name, old_district, old_province, nc,"
        " (SELECT new_type FROM ref_unit r2 WHERE r2.new_code = g.nc LIMIT 1),"
        " (SELECT new_name FROM ref_unit r2 WHERE r2.new_code = g.nc LIMIT 1),"
        " n_new, part, exact FROM ("
        "SELECT old_code, old_type, old_name, old_district, old_province,"
        " min(new_code) AS nc, count(DISTINCT new_code) AS n_new, max(partial) AS part,"
        " old_fold = ?1 AS exact"
        " FROM ref_unit r WHERE old_code IS NOT NULL AND %s AND (?2 = '' OR old_type = ?2)"
        " GROUP BY old_code) g ORDER BY old_code",
        where_old);
    found *all = NULL;
    size_t n = 0, cap = 0;
    cks_err e = CKS_E_OK;
    sqlite3_stmt *st = NULL;
    int rc = sql_new && sql_old ? SQLITE_OK : SQLITE_NOMEM;
    for (int pass = 0; pass < 2 && rc == SQLITE_OK; pass++) {
        rc = sqlite3_prepare_v2(cks_store_db(s), pass ? sql_old : sql_new, -1, &st, NULL);
        if (rc != SQLITE_OK)
            break;
        sqlite3_bind_text(st, 1, q, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, cks_unit_type_key(type), -1, SQLITE_STATIC);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            if (n == cap) {
                size_t ncap = cap ? cap * 2 : 64;
                found *nf = realloc(all, ncap * sizeof *nf);
                if (!nf) {
                    rc = SQLITE_NOMEM;
                    break;
                }
                all = nf;
                cap = ncap;
            }
            found *f = &all[n++];
            memset(f, 0, sizeof *f);
            if (pass == 0) {
                fill_new(&f->u, st);
                f->exact = sqlite3_column_int(st, 4);
            } else {
                fill_old(&f->u, st);
                f->exact = sqlite3_column_int(st, 10);
            }
        }
        if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
        sqlite3_finalize(st);
        st = NULL;
    }
    sqlite3_free(sql_new);
    sqlite3_free(sql_old);
    free(q);
    if (rc != SQLITE_OK) {
        free(all);
        free(clean);
        return cks_store_sqlerr(s, rc, "find", err);
    }
    /* the same name as typed, accents and all, ranks above a name that is
     * only the same without accents */
    for (size_t i = 0; i < n; i++)
        if (all[i].exact && cks_text_same_name(all[i].u.unit.name, typed))
            all[i].exact = 2;
    if (n)
        qsort(all, n, sizeof *all, by_rank);
    size_t keep = n < max ? n : max;
    size_t lcap = 0;
    for (size_t i = 0; i < keep; i++) {
        cks_refunit *u = list_push(out, &lcap);
        if (!u) {
            e = cks_error_set(err, CKS_E_NOMEM, NULL, 0, NULL, NULL);
            cks_refunit_list_free(out);
            break;
        }
        *u = all[i].u;
    }
    free(all);
    free(clean);
    return e;
}

cks_err cks_refdata_members(cks_store *s, const char *new_code, cks_refunit *new_unit,
                            cks_refunit_list *members, cks_error *err)
{
    members->items = NULL;
    members->count = 0;
    sqlite3_stmt *st = NULL;
    size_t cap = 0;
    int got_new = 0;
    cks_err e = CKS_E_OK;
    int rc = sqlite3_prepare_v2(
        cks_store_db(s),
        "SELECT r.new_code, r.new_type, r.new_name, r.new_province,"
        " r.old_code, r.old_type, r.old_name, r.old_district, r.old_province,"
        " r.new_code, r.new_type, r.new_name,"
        " (SELECT count(DISTINCT new_code) FROM ref_unit x WHERE x.old_code = r.old_code),"
        " r.partial"
        " FROM ref_unit r WHERE r.new_code = ?1 ORDER BY r.old_code, r.line",
        -1, &st, NULL);
    if (rc == SQLITE_OK)
        sqlite3_bind_text(st, 1, new_code, -1, SQLITE_STATIC);
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        rc = SQLITE_OK;
        if (!got_new) {
            memset(new_unit, 0, sizeof *new_unit);
            fill_new(new_unit, st);
            got_new = 1;
        }
        if (sqlite3_column_type(st, 4) == SQLITE_NULL)
            continue; /* a whole district became this unit: no old commune */
        cks_refunit *u = list_push(members, &cap);
        if (!u) {
            rc = SQLITE_NOMEM;
            break;
        }
        /* fill_old reads columns 0..9 of its own shape: shift by 4 */
        u->is_new = false;
        copy_text(u->unit.code, sizeof u->unit.code, sqlite3_column_text(st, 4));
        u->unit.type = cks_unit_type_from_key((const char *)sqlite3_column_text(st, 5));
        copy_text(u->unit.name, sizeof u->unit.name, sqlite3_column_text(st, 6));
        copy_text(u->district, sizeof u->district, sqlite3_column_text(st, 7));
        copy_text(u->province, sizeof u->province, sqlite3_column_text(st, 8));
        memcpy(u->new_code, new_unit->unit.code, sizeof u->new_code);
        memcpy(u->new_name, new_unit->new_name, sizeof u->new_name);
        u->n_new = sqlite3_column_int(st, 12);
        u->partial = sqlite3_column_int(st, 13) != 0;
    }
    if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    sqlite3_finalize(st);
    if (rc != SQLITE_OK) {
        cks_refunit_list_free(members);
        return cks_store_sqlerr(s, rc, "members", err);
    }
    if (!got_new)
        e = cks_error_set(err, CKS_E_NOTFOUND, NULL, 0, NULL,
                          _("new unit %s is not in the imported table"), new_code);
    return e;
}

cks_err cks_refdata_other_new_units(cks_store *s, const char *old_code,
                                    const char *except_new_code,
                                    cks_refunit_list *out, cks_error *err)
{
    out->items = NULL;
    out->count = 0;
    sqlite3_stmt *st = NULL;
    size_t cap = 0;
    int rc = sqlite3_prepare_v2(cks_store_db(s),
                                "SELECT new_code, new_type, new_name, new_province FROM ref_unit"
                                " WHERE old_code = ?1 AND new_code <> ?2"
                                " GROUP BY new_code ORDER BY new_code",
                                -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, old_code, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, except_new_code ? except_new_code : "", -1, SQLITE_STATIC);
    }
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        rc = SQLITE_OK;
        cks_refunit *u = list_push(out, &cap);
        if (!u) {
            rc = SQLITE_NOMEM;
            break;
        }
        fill_new(u, st);
    }
    if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    sqlite3_finalize(st);
    if (rc != SQLITE_OK) {
        cks_refunit_list_free(out);
        return cks_store_sqlerr(s, rc, "find", err);
    }
    return CKS_E_OK;
}
