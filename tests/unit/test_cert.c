/* test_cert.c — the certificate inventory: header and word matching,
 * parsing of the CSV (BOM, ',' or ';', RFC 4180 quotes, Vietnamese headers
 * in any order and case, NFD text, three date forms, Vietnamese words),
 * every refusal with its line and column and the session unchanged,
 * several problems at once, warnings, --replace, one-by-one changes, list
 * order and filter, the CSV round trip (with the `merger` column), the
 * audit log; an old unit split between two mergers (the `merger` column),
 * cks_cert_copy, cks_cert_serial_short and cks_body_parse.
 *
 * Memory: a lone certificate (cks_cert_get, or cks_cert_init and
 * cks_cert_set_field) owns its storage and is released exactly once; a
 * struct copy shares it (clear_shared releases each storage once).
 *
 * Sessions declare by hand, with true Quảng Ngãi codes: xã Bình Chương
 * (21100) ← Bình Chương (21100), Bình Mỹ (21106); phường Cẩm Thành (21025)
 * ← Nguyễn Nghiêm (21025), Trần Hưng Đạo (21022), Nghĩa Chánh (21019),
 * Chánh Lộ (21031); and, for the name clash, xã Nguyễn Nghiêm (21457) ←
 * phường Nguyễn Nghiêm (21439) of the old Đức Phổ; for the split, xã Cà
 * Đam (21136) and xã Tây Trà Bồng (21157) each ← part of xã Trà Bùi (21142). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "cks/cert.h"
#include "cks/merger.h"
#include "cks/store.h"
#include "cks/text.h"
#include "store/store_internal.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* NFD forms (decomposed, as some input methods send them). */
#define TRAN_VAN_HUNG_NFD "Tra\xcc\x82\xcc\x80n Va\xcc\x86n Hu\xcc\x80ng"
#define PHUONG_THD_NFD "Phu\xcc\x9bo\xcc\x9b\xcc\x80ng Tra\xcc\x82\xcc\x80n Hu\xcc\x9bng \xc4\x90" "a\xcc\xa3o"
#define DANG_UY_NFD "\xc4\x90" "a\xcc\x89ng u\xcc\x89y"
#define SO_HIEU_NFD "So\xcc\x82\xcc\x81 hie\xcc\xa3\xcc\x82u"
#define XA_BINH_MY_NFD "Xa\xcc\x83 Bi\xcc\x80nh My\xcc\x83"
#define BOM "\xEF\xBB\xBF"

#define HDR_EN                                                                          \
    "unit,kind,body,holder,position,id_number,email,serial,token_serial,valid_from,"   \
    "valid_to,status,after,new_position\n"
#define HDR_VI                                                                          \
    "Đơn vị,Loại,Cơ quan,Chủ thể,Chức vụ,Số định danh,Email,Số hiệu,Số serial thiết bị," \
    "Hiệu lực từ,Hiệu lực đến,Trạng thái,Sau sáp nhập,Chức vụ mới\n"
#define HDR_MIN "unit,kind,holder,serial,valid_to\n"
/* What cks_cert_write_csv writes first: HDR_EN with the merger column. */
#define HDR_OUT                                                                         \
    "unit,kind,body,holder,position,id_number,email,serial,token_serial,valid_from,"   \
    "valid_to,status,after,new_position,merger\n"

/* Two good rows under HDR_EN. */
#define ROW_ORG                                                                         \
    "21100,org,ubnd,UBND xã Bình Chương,,,ubnd@quangngai.gov.vn,AA00000000000001,,"     \
    "2023-01-01,2028-01-01,active,,\n"
#define ROW_PERSON                                                                      \
    "21106,person,ubnd,Nguyễn Thị Lan,Phó Chủ tịch,051183007765,lan@quangngai.gov.vn,"  \
    "AA00000000000002,,2023-01-01,2028-01-01,active,continue,\n"

#define HDR_MIN_NOLF "unit,kind,holder,serial,valid_to"
#define HDR_MIN_BODY "unit,kind,body,holder,serial,valid_to\n"

/* A problem whose column does not matter (see import_refused). */
static const char ANY_FIELD[] = "*";

/* Eight certificates: a BOM, an NFD header first, Vietnamese headers with
 * and without diacritics and in capitals, in another order than the
 * contract's; serials with colons and spaces; the three date forms; the
 * Vietnamese words with and without accents; quoted fields holding a
 * comma, quotes, a semicolon and a line break; units by code, by name, in
 * NFD and without the type word. Lines: 2, 3, 4–5, 6, 7, 8, 9, 10. */
#define RICH_CSV                                                                        \
        BOM SO_HIEU_NFD ",ĐƠN VỊ,loai,Co quan,Họ tên,chuc vu,SO DINH DANH,Email," \
        "so serial thiet bi,Hiệu lực từ,HIỆU LỰC ĐẾN,Trạng thái,Sau sáp nhập,Chức vụ mới\n" \
        /* 2 */ \
        "54:03:0a:11:b2:c4:d6:e8,21100,tổ chức,UBND,\"UBND xã Bình Chương, huyện Bình Sơn\",,," \
        "ubnd.binhchuong@quangngai.gov.vn,TK-21100-0001,2023-04-10,10/04/2028,còn hiệu lực,,\n" \
        /* 3 */ \
        "5403 0a11 b2c4 d6e9,Xã Bình Mỹ,TỔ CHỨC,hđnd,HĐND xã Bình Mỹ,,,,,1/4/2023,1/4/2028," \
        "HẾT HẠN,,\n" \
        /* 4–5: a quoted field with a quote and a semicolon, one with a line break */ \
        "54030A11B2C4D6EA," PHUONG_THD_NFD ",cá nhân," DANG_UY_NFD "," TRAN_VAN_HUNG_NFD \
        ",\"Bí thư \"\"Đảng ủy\"\"; phường\",051.078.003.412,tvhung@quangngai.gov.vn,," \
        "2023-05-02,02/05/2028,đã thu hồi,TIẾP TỤC,\"Phó Bí thư\nĐảng ủy phường Cẩm Thành\"\n" \
        /* 6 */ \
        "54030a11b2c4d6eb,21439,ca nhan,MTTQ,Lê Thị Mai,,,,,,31/12/2027,mat,khong dung,\n" \
        /* 7 */ \
        "54030A11B2C4D6EC,21031,Cá Nhân,khác,Phan Thị Hoa,,051180004402,,,,2027-12-31,Mất," \
        "Nghỉ,Phó Chủ tịch HĐND phường Cẩm Thành\n" \
        /* 8: a name without its type word, lower case */ \
        "54030A11B2C4D6ED,bình mỹ,org,,Văn phòng UBND,,,,,,2027-01-31,,,\n" \
        /* 9 */ \
        "54030A11B2C4D6EE,21019,tc,dang uy,Đảng ủy phường Nghĩa Chánh,,,,,2024-01-15,15/1/2029," \
        "expired,,\n" \
        /* 10: the unit in NFD, words in English, statuses in Vietnamese without accents */ \
        "54030A11B2C4D6EF," XA_BINH_MY_NFD ",person,Đảng ủy,Ông A,,,,,,2027-01-31,da thu hoi," \
        "tiep tuc,\n"

static char tmpdir[256];
static int session_no, file_no;
/* The mergers' ids in the session last made by session(). */
static long id_bc, id_ct, id_nn;
/* The ids of xã Cà Đam and xã Tây Trà Bồng, made by declare_split(). */
static long id_cd, id_ttb;

/* ------------------------------------------------------------ helpers */

/* Declare a merger; partial lists the members that went in only partly. */
static long declare_partial(cks_store *s, const char *new_unit, const char *const *members,
                            size_t n, const char *const *partial, size_t n_partial,
                            const char *seat)
{
    cks_merger_spec sp;
    memset(&sp, 0, sizeof sp);
    sp.new_unit = new_unit;
    sp.province = "Quảng Ngãi";
    sp.members = members;
    sp.n_members = n;
    sp.partial = partial;
    sp.n_partial = n_partial;
    sp.seat = seat;
    long id = 0;
    cks_error err;
    cks_error_clear(&err);
    cks_err e = cks_merger_add(s, &sp, &id, &err);
    CHECK_INT(e, CKS_E_OK);
    if (e)
        fprintf(stderr, "  merger add %s: %s\n", new_unit, err.msg);
    return id;
}

static long declare(cks_store *s, const char *new_unit, const char *const *members, size_t n,
                    const char *seat)
{
    return declare_partial(s, new_unit, members, n, NULL, 0, seat);
}

/* xã Trà Bùi (21142) split between two declared mergers: xã Cà Đam
 * (21136) and xã Tây Trà Bồng (21157) each take part of it. */
static void declare_split(cks_store *s)
{
    static const char *const tb[] = {"21142:Xã Trà Bùi"};
    static const char *const part[] = {"21142"};
    id_cd = declare_partial(s, "21136:Xã Cà Đam", tb, N(tb), part, N(part), NULL);
    id_ttb = declare_partial(s, "21157:Xã Tây Trà Bồng", tb, N(tb), part, N(part), NULL);
}

/* A fresh session with the first `mergers` of the three mergers (0–3). */
static cks_store *session(int mergers)
{
    static const char *const bc[] = {"21100:Xã Bình Chương", "21106:Xã Bình Mỹ"};
    static const char *const ct[] = {"21025:Phường Nguyễn Nghiêm", "21022:Phường Trần Hưng Đạo",
                                     "21019:Phường Nghĩa Chánh", "21031:Phường Chánh Lộ"};
    static const char *const nn[] = {"21439:Phường Nguyễn Nghiêm"};
    char path[512];
    cks_store *s = NULL;
    cks_error err;
    snprintf(path, sizeof path, "%s/s%02d/session.cks", tmpdir, ++session_no);
    cks_err e = cks_store_open(path, CKS_STORE_CREATE, &s, &err);
    CHECK_INT(e, CKS_E_OK);
    if (e) {
        fprintf(stderr, "  open: %s\n", err.msg);
        return NULL;
    }
    id_bc = id_ct = id_nn = 0;
    if (mergers >= 1)
        id_bc = declare(s, "21100:Xã Bình Chương", bc, N(bc), "21100");
    if (mergers >= 2)
        id_ct = declare(s, "21025:Phường Cẩm Thành", ct, N(ct), "21025");
    if (mergers >= 3)
        id_nn = declare(s, "21457:Xã Nguyễn Nghiêm", nn, N(nn), NULL);
    return s;
}

/* Write content to a new file; its path into path. */
static void put_file(char *path, size_t n, const char *content)
{
    snprintf(path, n, "%s/f%03d.csv", tmpdir, ++file_no);
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f)
        return;
    size_t len = strlen(content);
    CHECK(fwrite(content, 1, len, f) == len);
    CHECK(fclose(f) == 0);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    *len = 0;
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0, got;
    char *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *b = realloc(buf, cap * 2);
            if (!b) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = b;
            cap *= 2;
        }
    }
    fclose(f);
    *len = n;
    if (buf) {
        char *b = realloc(buf, n + 1);
        if (b) {
            buf = b;
            buf[n] = '\0';
        }
    }
    return buf;
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

/* The text of the first column of the first row; caller frees. */
static char *scalar_text(cks_store *s, const char *sql)
{
    sqlite3_stmt *st = NULL;
    char *v = NULL;
    if (sqlite3_prepare_v2(cks_store_db(s), sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
        const unsigned char *t = sqlite3_column_text(st, 0);
        v = strdup(t ? (const char *)t : "");
    }
    sqlite3_finalize(st);
    return v ? v : strdup("(no row)");
}

static long long cert_count(cks_store *s)
{
    return scalar(s, "SELECT count(*) FROM cert");
}

/* What a refusal must leave as it was: the rows and the audit log. */
typedef struct snapshot {
    long long certs;
    long audit;
    char *rows;
} snapshot;

static snapshot snap(cks_store *s)
{
    snapshot p;
    p.certs = cert_count(s);
    p.audit = cks_store_audit_count(s);
    p.rows = scalar_text(
        s, "SELECT coalesce(group_concat(id || '|' || serial || '|' || member_id || '|' || kind"
           " || '|' || body || '|' || holder || '|' || coalesce(position, '') || '|' ||"
           " coalesce(id_number, '') || '|' || coalesce(email, '') || '|' ||"
           " coalesce(token_serial, '') || '|' || coalesce(valid_from, '') || '|' || valid_to"
           " || '|' || status || '|' || coalesce(after, '') || '|' ||"
           " coalesce(new_position, ''), char(10)), '') FROM (SELECT * FROM cert ORDER BY id)");
    return p;
}

/* True when s is as in before; releases before. */
static int unchanged(snapshot *before, cks_store *s)
{
    snapshot now = snap(s);
    int same = before->certs == now.certs && before->audit == now.audit &&
               strcmp(before->rows, now.rows) == 0;
    if (!same)
        fprintf(stderr, "  session changed: certs %lld -> %lld, audit %ld -> %ld\n",
                before->certs, now.certs, before->audit, now.audit);
    free(before->rows);
    free(now.rows);
    before->rows = NULL;
    return same;
}

static void dump_diags(const cks_diags *d, const cks_error *err)
{
    char buf[1600];
    for (size_t i = 0; d && i < d->count; i++)
        fprintf(stderr, "    diag %zu%s: %s\n", i, d->items[i].warning ? " (warning)" : "",
                cks_error_format(&d->items[i], buf, sizeof buf));
    if (err)
        fprintf(stderr, "    err %s: %s\n", cks_error_name(err->code),
                cks_error_format(err, buf, sizeof buf));
}

/* Must be accepted with no error (warnings allowed); diags to *out when
 * out is not NULL (caller frees). */
static cks_cert_import_stats import_ok(cks_store *s, const char *path, unsigned flags,
                                       cks_diags *out)
{
    cks_diags d = CKS_DIAGS_INIT;
    cks_error err;
    cks_cert_import_stats st = {12345, 12345};
    cks_error_clear(&err);
    cks_err e = cks_cert_import(s, path, flags, &st, &d, &err);
    CHECK_INT(e, CKS_E_OK);
    CHECK_INT(cks_diags_errors(&d), 0);
    if (e || cks_diags_errors(&d)) {
        fprintf(stderr, "  import %s refused:\n", path);
        dump_diags(&d, &err);
    }
    if (out)
        *out = d;
    else
        cks_diags_free(&d);
    return st;
}

static cks_cert_import_stats import_text_ok(cks_store *s, const char *content, unsigned flags,
                                            cks_diags *out)
{
    char path[512];
    put_file(path, sizeof path, content);
    return import_ok(s, path, flags, out);
}

typedef struct want {
    long line;
    const char *field; /* NULL: the problem names no column; ANY_FIELD: any */
    const char *text;  /* a part of the message, or NULL */
} want;

/* content must be refused with exactly n_errors problems among which every
 * one of w (line, column, message part), the summary in *err_out (may be
 * NULL), and the session unchanged. Returns the error code. */
static cks_err import_refused(cks_store *s, const char *content, unsigned flags, size_t n_errors,
                              const want *w, size_t nw, cks_error *err_out)
{
    char path[512];
    put_file(path, sizeof path, content);
    snapshot before = snap(s);
    cks_diags d = CKS_DIAGS_INIT;
    cks_error err;
    cks_cert_import_stats st = {777, 777};
    cks_error_clear(&err);
    cks_err e = cks_cert_import(s, path, flags, &st, &d, &err);
    int ok = e != CKS_E_OK;
    CHECK(e != CKS_E_OK);
    CHECK(err.msg[0] != '\0');
    CHECK_STR(err.file, path);
    CHECK(st.rows == 777 && st.replaced == 777); /* stats untouched on a refusal */
    ok &= cks_diags_errors(&d) == n_errors;
    CHECK_INT(cks_diags_errors(&d), n_errors);
    for (size_t k = 0; k < nw; k++) {
        int found = 0;
        for (size_t i = 0; i < d.count && !found; i++) {
            const cks_error *p = &d.items[i];
            found = !p->warning && p->line == w[k].line &&
                    (w[k].field == ANY_FIELD ||
                     strcmp(p->field, w[k].field ? w[k].field : "") == 0) &&
                    strcmp(p->file, path) == 0 && p->msg[0] &&
                    (!w[k].text || strstr(p->msg, w[k].text));
        }
        CHECK(found);
        if (!found) {
            fprintf(stderr, "  wanted line %ld column '%s' '%s' among:\n", w[k].line,
                    w[k].field ? w[k].field : "", w[k].text ? w[k].text : "");
            ok = 0;
        }
    }
    CHECK(unchanged(&before, s));
    if (!ok)
        dump_diags(&d, &err);
    cks_diags_free(&d);
    if (err_out)
        *err_out = err;
    return e;
}

/* Read the certificate of serial into c. What c held is released first: c
 * must be fresh, cleared, or a lone certificate no struct copy shares. */
static int get_cert(cks_store *s, const char *serial, cks_cert *c)
{
    cks_error err;
    cks_cert_clear(c);
    cks_err e = cks_cert_get(s, serial, c, &err);
    CHECK_INT(e, CKS_E_OK);
    if (e)
        fprintf(stderr, "  get %s: %s\n", serial, err.msg);
    return e == CKS_E_OK;
}

/* Release the storage of the certificates cs, each storage once however
 * many of cs share it (struct copies do), and leave every one fresh.
 * Returns how many storages were released. */
static size_t clear_shared(cks_cert *const *cs, size_t n)
{
    struct cks_cert_own *owns[32];
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        struct cks_cert_own *o = cs[i]->own;
        int seen = o == NULL;
        for (size_t j = 0; j < k && !seen; j++)
            seen = owns[j] == o;
        if (!seen) {
            CHECK(k < N(owns));
            if (k < N(owns))
                owns[k++] = o;
        }
    }
    for (size_t i = 0; i < n; i++)
        cks_cert_init(cs[i]); /* forget the shared pointers before any is freed */
    for (size_t j = 0; j < k; j++) {
        cks_cert one;
        cks_cert_init(&one);
        one.own = owns[j];
        cks_cert_clear(&one);
    }
    return k;
}

static int date_is(cks_date d, int y, int m, int dd)
{
    return d.y == y && d.m == m && d.d == dd;
}

static cks_err set(cks_store *s, cks_cert *c, cks_cert_field f, const char *v, cks_error *err)
{
    cks_error_clear(err);
    return cks_cert_set_field(s, c, f, v, err);
}

/* A field value must be refused with the field named and c unchanged. */
static void set_refused(cks_store *s, cks_cert *c, cks_cert_field f, const char *v,
                        cks_err code)
{
    cks_cert before = *c;
    cks_error err;
    cks_err e = set(s, c, f, v, &err);
    CHECK_INT(e, code);
    CHECK_STR(err.field, cks_cert_field_name(f));
    CHECK(err.msg[0] != '\0');
    CHECK(memcmp(&before, c, sizeof before) == 0);
    if (e != code)
        fprintf(stderr, "  %s = '%s': got %s '%s'\n", cks_cert_field_name(f), v,
                cks_error_name(e), err.msg);
}

/* ------------------------------------------------------------ names and words */

static void test_headers_and_words(void)
{
    static const struct {
        const char *header;
        int field;
    } cases[] = {
        {"unit", CKS_F_UNIT},
        {"Đơn vị", CKS_F_UNIT},
        {"don vi", CKS_F_UNIT},
        {"ĐƠN VỊ", CKS_F_UNIT},
        {"kind", CKS_F_KIND},
        {"Loại", CKS_F_KIND},
        {"body", CKS_F_BODY},
        {"Cơ quan", CKS_F_BODY},
        {"holder", CKS_F_HOLDER},
        {"Chủ thể", CKS_F_HOLDER},
        {"Họ tên", CKS_F_HOLDER},
        {"ho ten", CKS_F_HOLDER},
        {"Chức vụ", CKS_F_POSITION},
        {"id_number", CKS_F_ID_NUMBER},
        {"ID Number", CKS_F_ID_NUMBER},
        {"Số định danh", CKS_F_ID_NUMBER},
        {"EMAIL", CKS_F_EMAIL},
        {"serial", CKS_F_SERIAL},
        {"Số hiệu", CKS_F_SERIAL},
        {"so hieu", CKS_F_SERIAL},
        {"SỐ HIỆU", CKS_F_SERIAL},
        {SO_HIEU_NFD, CKS_F_SERIAL},
        {"  Số   hiệu  ", CKS_F_SERIAL},
        {"token_serial", CKS_F_TOKEN_SERIAL},
        {"Số serial thiết bị", CKS_F_TOKEN_SERIAL},
        {"valid_from", CKS_F_VALID_FROM},
        {"Hiệu lực từ", CKS_F_VALID_FROM},
        {"valid_to", CKS_F_VALID_TO},
        {"Valid To", CKS_F_VALID_TO},
        {"Hiệu lực đến", CKS_F_VALID_TO},
        {"HIEU LUC DEN", CKS_F_VALID_TO},
        {"Trạng thái", CKS_F_STATUS},
        {"Sau sáp nhập", CKS_F_AFTER},
        {"new_position", CKS_F_NEW_POSITION},
        {"Chức vụ mới", CKS_F_NEW_POSITION},
        {"merger", CKS_F_MERGER},
        {"MERGER", CKS_F_MERGER},
        {"Đơn vị mới", CKS_F_MERGER},
        {"don vi moi", CKS_F_MERGER},
        {"ĐƠN VỊ MỚI", CKS_F_MERGER},
        {"Ghi chú", -1},
        {"", -1},
        {"   ", -1},
    };
    for (size_t i = 0; i < N(cases); i++) {
        int got = cks_cert_field_from_header(cases[i].header);
        CHECK_INT(got, cases[i].field);
        if (got != cases[i].field)
            fprintf(stderr, "  header '%s'\n", cases[i].header);
    }
    static const char *const names[CKS_F_COUNT_] = {
        "unit", "kind", "body", "holder", "position", "id_number", "email", "serial",
        "token_serial", "valid_from", "valid_to", "status", "after", "new_position",
        "merger"};
    for (int f = 0; f < CKS_F_COUNT_; f++) {
        CHECK_STR(cks_cert_field_name((cks_cert_field)f), names[f]);
        CHECK_INT(cks_cert_field_from_header(names[f]), f);
    }

    CHECK_STR(cks_kind_key(CKS_KIND_ORG), "org");
    CHECK_STR(cks_kind_key(CKS_KIND_PERSON), "person");
    CHECK_STR(cks_body_key(CKS_BODY_UBND), "ubnd");
    CHECK_STR(cks_body_key(CKS_BODY_HDND), "hdnd");
    CHECK_STR(cks_body_key(CKS_BODY_PARTY), "party");
    CHECK_STR(cks_body_key(CKS_BODY_MTTQ), "mttq");
    CHECK_STR(cks_body_key(CKS_BODY_OTHER), "other");
    CHECK_STR(cks_status_key(CKS_STATUS_ACTIVE), "active");
    CHECK_STR(cks_status_key(CKS_STATUS_EXPIRED), "expired");
    CHECK_STR(cks_status_key(CKS_STATUS_REVOKED), "revoked");
    CHECK_STR(cks_status_key(CKS_STATUS_LOST), "lost");
    CHECK_STR(cks_after_key(CKS_AFTER_UNSET), "");
    CHECK_STR(cks_after_key(CKS_AFTER_CONTINUE), "continue");
    CHECK_STR(cks_after_key(CKS_AFTER_LEAVE), "leave");
    CHECK_STR(cks_after_key(CKS_AFTER_UNUSED), "unused");
    CHECK_STR(cks_body_label(CKS_BODY_HDND), "HĐND");

    cks_unit_ref u;
    memset(&u, 0, sizeof u);
    snprintf(u.code, sizeof u.code, "21025");
    u.type = CKS_UT_PHUONG;
    snprintf(u.name, sizeof u.name, "Cẩm Thành");
    char buf[256];
    CHECK_STR(cks_body_org_name(CKS_BODY_UBND, &u, buf, sizeof buf), "UBND phường Cẩm Thành");
    CHECK_STR(cks_body_org_name(CKS_BODY_HDND, &u, buf, sizeof buf), "HĐND phường Cẩm Thành");
    CHECK_STR(cks_body_org_name(CKS_BODY_PARTY, &u, buf, sizeof buf),
              "Đảng ủy phường Cẩm Thành");

    cks_cert c;
    memset(&c, 0x5A, sizeof c);
    cks_cert_init(&c);
    CHECK(c.id == 0 && c.member_id == 0 && c.holder[0] == '\0' && c.serial[0] == '\0');
    CHECK(c.status == CKS_STATUS_ACTIVE && c.after == CKS_AFTER_UNSET);
    CHECK(cks_date_is_none(c.valid_from) && cks_date_is_none(c.valid_to));
    /* text never NULL, units not set, no storage of its own yet */
    CHECK(c.position && c.email && c.token_serial && c.new_position && c.merger_hint);
    CHECK_STR(c.merger_hint, "");
    CHECK(c.unit == NULL && c.new_unit == NULL && c.own == NULL);
    cks_cert_clear(&c); /* nothing to release: harmless */
    CHECK(c.own == NULL && c.holder[0] == '\0');
    cks_cert_clear(NULL);
}

/* ------------------------------------------------------------ parsing */

static void test_parse_vietnamese(void)
{
    cks_store *s = session(3);
    if (!s)
        return;
    /* BOM, an NFD header first, Vietnamese headers with and without
     * diacritics, in capitals, in another order than the contract's. */
    const char *csv = RICH_CSV;
    long audit0 = cks_store_audit_count(s);
    cks_diags d = CKS_DIAGS_INIT;
    cks_cert_import_stats st = import_text_ok(s, csv, 0, &d);
    CHECK_INT(st.rows, 8);
    CHECK_INT(st.replaced, 0);
    CHECK_INT(d.count, 0); /* every header known: no warning */
    cks_diags_free(&d);
    CHECK_INT(cert_count(s), 8);
    CHECK_INT(cks_store_audit_count(s), audit0 + 1); /* one import, naming the 8 serials */
    CHECK_INT(scalar(s, "SELECT json_array_length(detail, '$.serials') FROM audit"
                        " WHERE action = 'import' AND object = 'cert'"),
              8);

    cks_cert c;
    cks_cert_init(&c);
    if (get_cert(s, "54030A11B2C4D6E8", &c)) {
        CHECK_STR(c.serial, "54030A11B2C4D6E8");
        CHECK_STR(c.unit->code, "21100");
        CHECK_STR(c.unit->name, "Bình Chương");
        CHECK_INT(c.unit->type, CKS_UT_XA);
        CHECK_STR(c.new_unit->code, "21100");
        CHECK_INT(c.merger_id, id_bc);
        CHECK_INT(c.kind, CKS_KIND_ORG);
        CHECK_INT(c.body, CKS_BODY_UBND);
        CHECK_STR(c.holder, "UBND xã Bình Chương, huyện Bình Sơn");
        CHECK_STR(c.email, "ubnd.binhchuong@quangngai.gov.vn");
        CHECK_STR(c.token_serial, "TK-21100-0001");
        CHECK(date_is(c.valid_from, 2023, 4, 10));
        CHECK(date_is(c.valid_to, 2028, 4, 10));
        CHECK_INT(c.status, CKS_STATUS_ACTIVE);
        CHECK_INT(c.after, CKS_AFTER_UNSET);
        CHECK_STR(c.position, "");
        CHECK_STR(c.id_number, "");
    }
    if (get_cert(s, "54030A11B2C4D6E9", &c)) {
        CHECK_STR(c.unit->code, "21106");
        CHECK_INT(c.body, CKS_BODY_HDND);
        CHECK(date_is(c.valid_from, 2023, 4, 1)); /* D/M/YYYY */
        CHECK(date_is(c.valid_to, 2028, 4, 1));
        CHECK_INT(c.status, CKS_STATUS_EXPIRED);
    }
    if (get_cert(s, "54030A11B2C4D6EA", &c)) {
        CHECK_STR(c.unit->code, "21022");
        CHECK_STR(c.unit->name, "Trần Hưng Đạo"); /* NFC */
        CHECK_INT(c.merger_id, id_ct);
        CHECK_STR(c.new_unit->name, "Cẩm Thành");
        CHECK_INT(c.kind, CKS_KIND_PERSON);
        CHECK_INT(c.body, CKS_BODY_PARTY);
        CHECK_STR(c.holder, "Trần Văn Hùng"); /* NFD in, NFC stored */
        CHECK_STR(c.position, "Bí thư \"Đảng ủy\"; phường");
        CHECK_STR(c.id_number, "051078003412");
        CHECK(date_is(c.valid_from, 2023, 5, 2));
        CHECK(date_is(c.valid_to, 2028, 5, 2));
        CHECK_INT(c.status, CKS_STATUS_REVOKED);
        CHECK_INT(c.after, CKS_AFTER_CONTINUE);
        CHECK_STR(c.new_position, "Phó Bí thư Đảng ủy phường Cẩm Thành"); /* one line */
    }
    CHECK_INT(scalar(s, "SELECT count(*) FROM cert WHERE holder = 'Trần Văn Hùng'"), 1);
    if (get_cert(s, "54030A11B2C4D6EB", &c)) {
        CHECK_STR(c.unit->code, "21439");
        CHECK_INT(c.merger_id, id_nn);
        CHECK_STR(c.new_unit->code, "21457");
        CHECK_INT(c.body, CKS_BODY_MTTQ);
        CHECK(cks_date_is_none(c.valid_from));
        CHECK(date_is(c.valid_to, 2027, 12, 31));
        CHECK_INT(c.status, CKS_STATUS_LOST);
        CHECK_INT(c.after, CKS_AFTER_UNUSED);
    }
    if (get_cert(s, "54030A11B2C4D6EC", &c)) {
        CHECK_INT(c.body, CKS_BODY_OTHER);
        CHECK_INT(c.status, CKS_STATUS_LOST);
        CHECK_INT(c.after, CKS_AFTER_LEAVE);
        CHECK_STR(c.id_number, "051180004402");
        CHECK_STR(c.new_position, "Phó Chủ tịch HĐND phường Cẩm Thành");
    }
    if (get_cert(s, "54030A11B2C4D6ED", &c)) {
        CHECK_STR(c.unit->code, "21106");
        CHECK_INT(c.body, CKS_BODY_UBND); /* empty body: UBND */
        CHECK_INT(c.status, CKS_STATUS_ACTIVE);
    }
    if (get_cert(s, "54030A11B2C4D6EE", &c)) {
        CHECK_INT(c.kind, CKS_KIND_ORG);
        CHECK_INT(c.body, CKS_BODY_PARTY);
        CHECK(date_is(c.valid_to, 2029, 1, 15));
        CHECK_INT(c.status, CKS_STATUS_EXPIRED);
    }
    if (get_cert(s, "54030A11B2C4D6EF", &c)) {
        CHECK_STR(c.unit->code, "21106");
        CHECK_INT(c.status, CKS_STATUS_REVOKED);
        CHECK_INT(c.after, CKS_AFTER_CONTINUE);
    }
    /* stored words are the English keys */
    CHECK_INT(scalar(s, "SELECT count(*) FROM cert WHERE kind NOT IN ('org', 'person')"
                        " OR status NOT IN ('active', 'expired', 'revoked', 'lost')"),
              0);
    char *body = scalar_text(s, "SELECT group_concat(DISTINCT body) FROM"
                                " (SELECT body FROM cert ORDER BY body)");
    CHECK_STR(body, "hdnd,mttq,other,party,ubnd");
    free(body);
    cks_cert_clear(&c);
    cks_store_close(s);
}

static void test_parse_semicolon_crlf(void)
{
    cks_store *s = session(2);
    if (!s)
        return;
    /* ';' detected from the header, CRLF line ends, headers in capitals,
     * a ';' and a CRLF inside quotes, a ',' in an unquoted field, a blank
     * line, an unknown column. */
    const char *csv = BOM "UNIT;KIND;HOLDER;SERIAL;Valid_To;Ghi chú\r\n"
                          "21022;CÁ NHÂN;\"Huỳnh Văn Phúc; Phó Chủ tịch\";ab cd ef 01 23 45;"
                          "2027-10-10;ghi chú, có dấu phẩy\r\n"
                          "\r\n"
                          "Phường Chánh Lộ;tổ chức;\"UBND phường\r\nChánh Lộ\";"
                          "AB:CD:EF:01:23:46;20/03/2028;\r\n";
    cks_diags d = CKS_DIAGS_INIT;
    cks_cert_import_stats st = import_text_ok(s, csv, 0, &d);
    CHECK_INT(st.rows, 2);
    CHECK_INT(d.count, 1);
    if (d.count == 1) {
        CHECK_INT(d.items[0].warning, 1);
        CHECK_INT(d.items[0].line, 1);
        CHECK_STR(d.items[0].field, "Ghi chú");
    }
    cks_diags_free(&d);
    cks_cert c;
    cks_cert_init(&c);
    if (get_cert(s, "ABCDEF012345", &c)) {
        CHECK_STR(c.holder, "Huỳnh Văn Phúc; Phó Chủ tịch");
        CHECK_INT(c.kind, CKS_KIND_PERSON);
        CHECK_STR(c.unit->code, "21022");
        CHECK(date_is(c.valid_to, 2027, 10, 10));
    }
    if (get_cert(s, "abcdef012346", &c)) {
        CHECK_STR(c.holder, "UBND phường Chánh Lộ");
        CHECK_STR(c.unit->code, "21031");
        CHECK(date_is(c.valid_to, 2028, 3, 20));
    }

    /* capitals with diacritics, ';' again, only the required columns */
    const char *caps = "ĐƠN VỊ;LOẠI;CHỦ THỂ;SỐ HIỆU;HIỆU LỰC ĐẾN\n"
                       "21019;TỔ CHỨC;UBND PHƯỜNG NGHĨA CHÁNH;0A0B0C0D0E0F;2028-09-30\n";
    st = import_text_ok(s, caps, 0, NULL);
    CHECK_INT(st.rows, 1);
    if (get_cert(s, "0A0B0C0D0E0F", &c)) {
        CHECK_STR(c.unit->code, "21019");
        CHECK_STR(c.holder, "UBND PHƯỜNG NGHĨA CHÁNH");
    }
    CHECK_INT(cert_count(s), 3);
    cks_cert_clear(&c);
    cks_store_close(s);
}

static void test_unknown_columns_warn(void)
{
    cks_store *s = session(2);
    if (!s)
        return;
    const char *csv = "Ghi chú,unit,kind,holder,serial,valid_to,Người nhập\n"
                      "xem lại,21100,org,UBND xã Bình Chương,BC000001,2028-01-01,Lan\n"
                      ",21106,org,UBND xã Bình Mỹ,BC000002,2028-01-01,\n";
    cks_diags d = CKS_DIAGS_INIT;
    cks_cert_import_stats st = import_text_ok(s, csv, 0, &d);
    CHECK_INT(st.rows, 2);
    CHECK_INT(d.count, 2);
    CHECK_INT(cks_diags_errors(&d), 0);
    for (size_t i = 0; i < d.count; i++) {
        CHECK_INT(d.items[i].warning, 1);
        CHECK_INT(d.items[i].line, 1);
        CHECK(d.items[i].msg[0] != '\0');
        CHECK(strstr(d.items[i].file, ".csv") != NULL);
    }
    if (d.count == 2) {
        CHECK_STR(d.items[0].field, "Ghi chú");
        CHECK_STR(d.items[1].field, "Người nhập");
    }
    cks_diags_free(&d);
    CHECK_INT(cert_count(s), 2);

    /* a row wider than the header: the extra values are no column at all */
    const char *wide = HDR_MIN "21100,org,UBND xã Bình Chương,BC000003,2028-01-01,x,y,z\n";
    st = import_text_ok(s, wide, 0, NULL);
    CHECK_INT(st.rows, 1);
    cks_cert c;
    cks_cert_init(&c);
    if (get_cert(s, "BC000003", &c)) {
        CHECK_STR(c.holder, "UBND xã Bình Chương");
        CHECK_STR(c.position, "");
        CHECK(date_is(c.valid_to, 2028, 1, 1));
    }
    cks_cert_clear(&c);
    cks_store_close(s);
}

static void test_demo_file(void)
{
    const char *src = getenv("CKS_SOURCE_DIR");
    char path[600];
    if (!src || !*src) {
        printf("note: CKS_SOURCE_DIR is not set; the demo file is skipped\n");
        return;
    }
    snprintf(path, sizeof path, "%s/data/demo/certs.csv", src);
    if (access(path, R_OK) != 0) {
        printf("note: %s is missing; skipped\n", path);
        return;
    }
    cks_store *s = session(2);
    if (!s)
        return;
    cks_cert_import_stats st = import_ok(s, path, 0, NULL);
    CHECK_INT(st.rows, 28);
    CHECK_INT(cert_count(s), 28);
    CHECK_INT(scalar(s, "SELECT count(*) FROM cert WHERE kind = 'person'"), 13);
    cks_cert c;
    cks_cert_init(&c);
    if (get_cert(s, "54030A11B2C4D6E80000000000000C01", &c)) {
        CHECK_STR(c.unit->code, "21025"); /* "Phường Nguyễn Nghiêm": one only here */
        CHECK_STR(c.holder, "Lê Văn Minh");
    }
    /* again: every serial is already there */
    cks_diags d = CKS_DIAGS_INIT;
    cks_error err;
    snapshot before = snap(s);
    cks_err e = cks_cert_import(s, path, 0, NULL, &d, &err);
    CHECK(e != CKS_E_OK);
    CHECK_INT(cks_diags_errors(&d), 28);
    CHECK(unchanged(&before, s));
    cks_diags_free(&d);
    /* with --replace: 28 replaced, still 28 */
    st = import_ok(s, path, CKS_CERT_REPLACE, NULL);
    CHECK_INT(st.rows, 28);
    CHECK_INT(st.replaced, 28);
    CHECK_INT(cert_count(s), 28);
    cks_cert_clear(&c);
    cks_store_close(s);

    /* with the second phường Nguyễn Nghiêm declared, its two rows by name
     * are ambiguous: the file is refused naming both lines */
    s = session(3);
    if (!s)
        return;
    before = snap(s);
    e = cks_cert_import(s, path, 0, NULL, &d, &err);
    CHECK(e != CKS_E_OK);
    CHECK_INT(cks_diags_errors(&d), 2);
    if (d.count == 2) {
        CHECK_INT(d.items[0].line, 20);
        CHECK_INT(d.items[1].line, 21);
        CHECK_STR(d.items[0].field, "unit");
        CHECK(strstr(d.items[0].msg, "21439") != NULL);
        CHECK(strstr(d.items[0].msg, "21025") != NULL);
    }
    CHECK(unchanged(&before, s));
    cks_diags_free(&d);
    cks_store_close(s);
}

/* ------------------------------------------------------------ refusals */

static void test_refuse_serial(void)
{
    cks_store *s = session(3);
    if (!s)
        return;
    {
        const want w[] = {{2, "serial", "AA0000000000000G"}};
        import_refused(s, HDR_MIN "21100,org,X,AA0000000000000G,2028-01-01\n", 0, 1, w, N(w),
                       NULL);
    }
    {
        const want w[] = {{2, "serial", "ABC123"},
                          {3, "serial", NULL},
                          {4, "serial", NULL}};
        import_refused(s,
                       HDR_MIN "21100,org,X,ABC123,2028-01-01\n"
                               "21100,org,X,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA,2028-01-01\n"
                               "21100,org,X,AB-CD-EF-01,2028-01-01\n",
                       0, 3, w, N(w), NULL);
    }
    /* 8 and 40 digits are plausible */
    cks_cert_import_stats st = import_text_ok(
        s, HDR_MIN "21100,org,X,abcdef01,2028-01-01\n"
                   "21100,org,X,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA,2028-01-01\n",
        0, NULL);
    CHECK_INT(st.rows, 2);
    /* the same serial twice in the file, written differently */
    {
        const want w[] = {{4, "serial", "2"}};
        import_refused(s,
                       HDR_MIN "21100,org,X,BB00000000000001,2028-01-01\n"
                               "21100,org,X,BB00000000000002,2028-01-01\n"
                               "21106,org,Y,bb:00:00:00:00:00:00:01,2028-01-01\n",
                       0, 1, w, N(w), NULL);
    }
    /* already in the session */
    {
        const want w[] = {{3, "serial", "ABCDEF01"}};
        import_refused(s,
                       HDR_MIN "21100,org,X,CC00000000000001,2028-01-01\n"
                               "21106,org,X,AB CD EF 01,2028-01-01\n",
                       0, 1, w, N(w), NULL);
    }
    cks_store_close(s);
}

static void test_refuse_dates(void)
{
    cks_store *s = session(2);
    if (!s)
        return;
    const want w[] = {{2, "valid_to", "2025-02-30"}, {3, "valid_from", "31/04/2025"},
                      {4, "valid_to", "29/02/2023"}, {5, "valid_to", "2025-13-01"},
                      {6, "valid_to", "1/1/28"},     {7, "valid_from", "2025/01/01"},
                      {8, "valid_to", "mai"}};
    import_refused(s,
                   HDR_EN "21100,org,ubnd,X,,,,AA00000000000001,,,2025-02-30,,,\n"
                          "21100,org,ubnd,X,,,,AA00000000000002,,31/04/2025,2028-01-01,,,\n"
                          "21100,org,ubnd,X,,,,AA00000000000003,,,29/02/2023,,,\n"
                          "21100,org,ubnd,X,,,,AA00000000000004,,,2025-13-01,,,\n"
                          "21100,org,ubnd,X,,,,AA00000000000005,,,1/1/28,,,\n"
                          "21100,org,ubnd,X,,,,AA00000000000006,,2025/01/01,2028-01-01,,,\n"
                          "21100,org,ubnd,X,,,,AA00000000000007,,,mai,,,\n",
                   0, 7, w, N(w), NULL);
    /* valid_to before valid_from */
    const want w2[] = {{3, "valid_to", "2024-12-31"}};
    import_refused(s,
                   HDR_EN ROW_ORG "21100,org,ubnd,X,,,,AA00000000000009,,01/01/2025,31/12/2024,,,\n",
                   0, 1, w2, N(w2), NULL);
    /* a leap day is a date; valid_to equal to valid_from is fine */
    cks_cert_import_stats st =
        import_text_ok(s, HDR_EN "21100,org,ubnd,X,,,,AA0000000000000A,,29/02/2024,29/02/2024,,,\n",
                       0, NULL);
    CHECK_INT(st.rows, 1);
    cks_store_close(s);
}

static void test_refuse_person_email_words(void)
{
    cks_store *s = session(2);
    if (!s)
        return;
    const want ids[] = {{2, "id_number", "05118300776"},
                        {3, "id_number", NULL},
                        {4, "id_number", NULL}};
    import_refused(
        s,
        HDR_EN "21106,person,ubnd,A,,05118300776,,AA00000000000001,,,2028-01-01,,continue,\n"
               "21106,person,ubnd,B,,0511830077655,,AA00000000000002,,,2028-01-01,,continue,\n"
               "21106,person,ubnd,C,,05118300776X,,AA00000000000003,,,2028-01-01,,continue,\n",
        0, 3, ids, N(ids), NULL);

    const want emails[] = {{2, "email", "lan@qn"}, {3, "email", NULL}, {4, "email", NULL},
                           {5, "email", NULL},     {6, "email", NULL}};
    import_refused(s,
                   HDR_EN "21106,person,ubnd,A,,,lan@qn,AA00000000000001,,,2028-01-01,,,\n"
                          "21106,person,ubnd,A,,,lan.qn.gov.vn,AA00000000000002,,,2028-01-01,,,\n"
                          "21106,person,ubnd,A,,,lan@@qn.gov.vn,AA00000000000003,,,2028-01-01,,,\n"
                          "21106,person,ubnd,A,,,lan nguyen@qn.gov.vn,AA00000000000004,,,"
                          "2028-01-01,,,\n"
                          "21106,person,ubnd,A,,,lan@qn..gov.vn,AA00000000000005,,,2028-01-01,,,\n",
                   0, 5, emails, N(emails), NULL);

    const want words[] = {{2, "kind", "nhóm"},
                          {3, "status", "đang chờ"},
                          {4, "after", "về quê"},
                          {5, "body", "Công an"},
                          {6, "after", NULL}};
    import_refused(s,
                   HDR_EN "21106,nhóm,ubnd,A,,,,AA00000000000001,,,2028-01-01,,,\n"
                          "21106,person,ubnd,A,,,,AA00000000000002,,,2028-01-01,đang chờ,,\n"
                          "21106,person,ubnd,A,,,,AA00000000000003,,,2028-01-01,,về quê,\n"
                          "21106,org,Công an,A,,,,AA00000000000004,,,2028-01-01,,,\n"
                          /* 'after' is for persons only */
                          "21106,org,ubnd,A,,,,AA00000000000005,,,2028-01-01,,tiếp tục,\n",
                   0, 5, words, N(words), NULL);

    /* empty required values, and a row cut short */
    const want empty[] = {{2, "unit", NULL},     {3, "kind", NULL},  {4, "holder", NULL},
                          {5, "serial", NULL},   {6, "valid_to", NULL}, {7, "holder", NULL},
                          {7, "serial", NULL},   {7, "valid_to", NULL}};
    import_refused(s,
                   HDR_MIN ",org,A,AA00000000000001,2028-01-01\n"
                           "21100,,A,AA00000000000002,2028-01-01\n"
                           "21100,org,  ,AA00000000000003,2028-01-01\n"
                           "21100,org,A,,2028-01-01\n"
                           "21100,org,A,AA00000000000005,\n"
                           "21100,org\n",
                   0, 8, empty, N(empty), NULL);

    /* control characters (an escape sequence) and an over-long holder */
    char longrow[1200];
    char name[400];
    memset(name, 'A', 300);
    name[300] = '\0';
    snprintf(longrow, sizeof longrow,
             HDR_MIN "21100,org,UBND\x1b[31m,AA00000000000001,2028-01-01\n"
                     "21100,org,%s,AA00000000000002,2028-01-01\n",
             name);
    const want text[] = {{2, "holder", NULL}, {3, "holder", NULL}};
    import_refused(s, longrow, 0, 2, text, N(text), NULL);
    cks_store_close(s);
}

static void test_refuse_units(void)
{
    cks_store *s = session(3);
    if (!s)
        return;
    const want w[] = {
        {2, "unit", "Bình Thạnh"},
        {3, "unit", "21439"}, /* two phường Nguyễn Nghiêm: the code is asked for */
        {4, "unit", "99999"},
        {5, "unit", NULL}, /* the new unit, not an old one */
        {6, "unit", NULL}, /* a code with another unit's name */
        {7, "unit", NULL}, /* a code of 4 digits */
    };
    cks_error err;
    import_refused(s,
                   HDR_MIN "Xã Bình Thạnh,org,A,AA00000000000001,2028-01-01\n"
                           "Phường Nguyễn Nghiêm,org,A,AA00000000000002,2028-01-01\n"
                           "99999,org,A,AA00000000000003,2028-01-01\n"
                           "Phường Cẩm Thành,org,A,AA00000000000004,2028-01-01\n"
                           "21025:Phường Cẩm Thành,org,A,AA00000000000005,2028-01-01\n"
                           "2110,org,A,AA00000000000006,2028-01-01\n",
                   0, 6, w, N(w), &err);
    CHECK_INT(err.code, CKS_E_NOTFOUND); /* the first problem's code */

    /* the same units by code are fine, and a code with its own name */
    cks_cert_import_stats st = import_text_ok(
        s, HDR_MIN "21439,org,UBND phường Nguyễn Nghiêm (Đức Phổ),AA00000000000011,2028-01-01\n"
                   "21025,org,UBND phường Nguyễn Nghiêm,AA00000000000012,2028-01-01\n"
                   "21025:Phường Nguyễn Nghiêm,org,HĐND phường Nguyễn Nghiêm,AA00000000000013,"
                   "2028-01-01\n"
                   "21439:phường nguyễn nghiêm,person,Ông B,AA00000000000014,2028-01-01\n",
        0, NULL);
    CHECK_INT(st.rows, 4);
    CHECK_INT(scalar(s, "SELECT count(*) FROM cert c JOIN member b ON b.id = c.member_id"
                        " WHERE b.code = '21439'"),
              2);
    cks_store_close(s);

    /* no merger declared yet */
    s = session(0);
    if (!s)
        return;
    const want none[] = {{2, "unit", NULL}};
    import_refused(s, HDR_MIN "21100,org,A,AA00000000000001,2028-01-01\n", 0, 1, none,
                   N(none), NULL);
    cks_store_close(s);
}

static void test_refuse_file(void)
{
    cks_store *s = session(2);
    if (!s)
        return;
    cks_error err;
    /* invalid UTF-8 (the Windows-1258 bytes of "xã Bình Mỹ") on line 3 */
    const want utf8[] = {{3, ANY_FIELD, NULL}};
    cks_err e = import_refused(s,
                               HDR_MIN "21100,org,UBND xã Bình Chương,AA00000000000001,2028-01-01\n"
                                       "21106,org,UBND x\xe3 B\xecnh M\xfd,AA00000000000002,"
                                       "2028-01-01\n",
                               0, 1, utf8, N(utf8), &err);
    CHECK_INT(e, CKS_E_UTF8);

    /* an unterminated quote is reported where it opened (line 4), with the
     * problems before it */
    const want quote[] = {{2, "serial", NULL}, {4, ANY_FIELD, NULL}};
    import_refused(s,
                   HDR_MIN "21100,org,A,XYZ,2028-01-01\n"
                           "21100,org,B,AA00000000000002,2028-01-01\n"
                           "21106,org,\"UBND xã Bình Mỹ,AA00000000000003,2028-01-01\n"
                           "21106,org,C,AA00000000000004,2028-01-01\n"
                           "21106,org,D,AA00000000000005,2028-01-01\n",
                   0, 2, quote, N(quote), NULL);

    /* missing required columns: line 1, named */
    const want col1[] = {{1, "valid_to", NULL}};
    import_refused(s, "unit,kind,holder,serial\n21100,org,A,AA00000000000001\n", 0, 1, col1,
                   N(col1), NULL);
    const want col2[] = {{1, "kind", NULL}, {1, "holder", NULL}};
    import_refused(s, "Ghi chú,Đơn vị,Số hiệu,Hiệu lực đến\nx,21100,AA00000000000001,2028-01-01\n",
                   0, 2, col2, N(col2), NULL);
    /* the same column twice (once in English, once in Vietnamese) */
    const want twice[] = {{1, "Số hiệu", NULL}};
    import_refused(s, HDR_MIN_NOLF ",Số hiệu\n21100,org,A,AA00000000000001,2028-01-01,AB000001\n",
                   0, 1, twice, N(twice), NULL);
    /* empty, only a BOM, only a header */
    const want empty[] = {{1, NULL, NULL}};
    import_refused(s, "", 0, 1, empty, N(empty), NULL);
    import_refused(s, BOM, 0, 1, empty, N(empty), NULL);
    const want header_only[] = {{0, NULL, NULL}};
    import_refused(s, HDR_VI, 0, 1, header_only, N(header_only), NULL);
    /* a file that is not there */
    cks_diags d = CKS_DIAGS_INIT;
    snapshot before = snap(s);
    e = cks_cert_import(s, "/nonexistent/certs.csv", 0, NULL, &d, &err);
    CHECK_INT(e, CKS_E_IO);
    CHECK_STR(err.file, "/nonexistent/certs.csv");
    CHECK(unchanged(&before, s));
    cks_diags_free(&d);
    CHECK_INT(cert_count(s), 0);
    cks_store_close(s);
}

static void test_many_at_once(void)
{
    cks_store *s = session(2);
    if (!s)
        return;
    const want w[] = {
        {3, "email", "a@b"},       {3, "serial", "XYZ"},      {4, "valid_to", "2028-02-30"},
        {5, "unit", "Bình Thạnh"}, {6, "serial", NULL},       {7, "id_number", "123"},
    };
    const char *csv =
        "unit,kind,holder,email,serial,valid_to,id_number,Ghi chú\n"
        "21100,org,UBND xã Bình Chương,,DD00000000000001,2028-01-01,,ok\n"
        "21100,org,HĐND xã Bình Chương,a@b,XYZ,2028-01-01,,\n"
        "21106,org,UBND xã Bình Mỹ,,DD00000000000003,2028-02-30,,\n"
        "Xã Bình Thạnh,org,UBND xã Bình Thạnh,,DD00000000000004,2028-01-01,,\n"
        "21106,org,HĐND xã Bình Mỹ,,dd00000000000001,2028-01-01,,\n"
        "21106,person,Nguyễn Thị Lan,,DD00000000000006,2028-01-01,123,\n";
    char path[512];
    put_file(path, sizeof path, csv);
    snapshot before = snap(s);
    cks_diags d = CKS_DIAGS_INIT;
    cks_error err;
    cks_err e = cks_cert_import(s, path, 0, NULL, &d, &err);
    CHECK(e != CKS_E_OK);
    CHECK_INT(d.count, 7); /* 6 problems and the warning */
    CHECK_INT(cks_diags_errors(&d), 6);
    CHECK(strstr(err.msg, "6") != NULL); /* "6 problem(s)…" */
    for (size_t k = 0; k < N(w); k++) {
        int found = 0;
        for (size_t i = 0; i < d.count && !found; i++)
            found = !d.items[i].warning && d.items[i].line == w[k].line &&
                    strcmp(d.items[i].field, w[k].field) == 0 &&
                    strcmp(d.items[i].file, path) == 0 &&
                    (!w[k].text || strstr(d.items[i].msg, w[k].text));
        CHECK(found);
        if (!found)
            fprintf(stderr, "  missing line %ld %s\n", w[k].line, w[k].field);
    }
    int warned = 0;
    for (size_t i = 0; i < d.count; i++)
        warned += d.items[i].warning && d.items[i].line == 1 &&
                  strcmp(d.items[i].field, "Ghi chú") == 0;
    CHECK_INT(warned, 1);
    /* the line of the earlier serial is named */
    for (size_t i = 0; i < d.count; i++)
        if (d.items[i].line == 6)
            CHECK(strstr(d.items[i].msg, "DD00000000000001") && strstr(d.items[i].msg, "2"));
    /* formatted as FILE:LINE: column: message */
    char buf[1600], prefix[800];
    if (d.count) {
        snprintf(prefix, sizeof prefix, "%s:%ld: %s: ", path, d.items[1].line,
                 d.items[1].field);
        cks_error_format(&d.items[1], buf, sizeof buf);
        CHECK(strncmp(buf, prefix, strlen(prefix)) == 0);
    }
    CHECK(unchanged(&before, s));
    cks_diags_free(&d);
    cks_store_close(s);
}

/* ------------------------------------------------------------ replace */

static void test_replace(void)
{
    cks_store *s = session(2);
    if (!s)
        return;
    cks_cert_import_stats st = import_text_ok(s, HDR_EN ROW_ORG ROW_PERSON, 0, NULL);
    CHECK_INT(st.rows, 2);
    cks_cert c;
    cks_cert_init(&c);
    long id2 = get_cert(s, "AA00000000000002", &c) ? c.id : -1;
    const char *again =
        HDR_EN "21106,person,ubnd,Nguyễn Thị Lan,Phó Chủ tịch,051183007765,lan@quangngai.gov.vn,"
               "aa:00:00:00:00:00:00:02,,2023-01-01,2028-01-01,mất,nghỉ,\n"
               "21100,person,hdnd,Trần Văn Hùng,,,,AA00000000000003,,,2028-06-30,,tiếp tục,\n";
    const want w[] = {{2, "serial", "AA00000000000002"}};
    import_refused(s, again, 0, 1, w, N(w), NULL);
    long audit0 = cks_store_audit_count(s);
    long long upd0 = scalar(s, "SELECT count(*) FROM audit WHERE action = 'update'");
    st = import_text_ok(s, again, CKS_CERT_REPLACE, NULL);
    CHECK_INT(st.rows, 2);
    CHECK_INT(st.replaced, 1);
    CHECK_INT(cert_count(s), 3); /* replaced, not duplicated */
    CHECK_INT(scalar(s, "SELECT count(*) FROM cert WHERE serial = 'AA00000000000002'"), 1);
    if (get_cert(s, "AA00000000000002", &c)) {
        CHECK_INT(c.id, id2); /* the same row, so decisions on it stay */
        CHECK_INT(c.status, CKS_STATUS_LOST);
        CHECK_INT(c.after, CKS_AFTER_LEAVE);
    }
    CHECK_INT(cks_store_audit_count(s), audit0 + 2); /* the update, then the import */
    CHECK_INT(scalar(s, "SELECT count(*) FROM audit WHERE action = 'update'"), upd0 + 1);
    /* even with --replace, a serial twice in the file is refused */
    const want w2[] = {{3, "serial", NULL}};
    import_refused(s,
                   HDR_MIN "21100,org,X,AA00000000000001,2028-01-01\n"
                           "21100,org,Y,AA00000000000001,2028-01-01\n",
                   CKS_CERT_REPLACE, 1, w2, N(w2), NULL);
    cks_cert_clear(&c);
    cks_store_close(s);
}

/* ------------------------------------------------------------ one by one */

static void test_one_by_one(void)
{
    cks_store *s = session(3);
    if (!s)
        return;
    cks_cert c;
    cks_error err;
    cks_cert_init(&c);

    CHECK_INT(set(s, &c, CKS_F_UNIT, XA_BINH_MY_NFD, &err), CKS_E_OK);
    CHECK(c.own != NULL); /* storage of its own from the first field */
    CHECK_STR(c.unit->code, "21106");
    CHECK_STR(c.unit->name, "Bình Mỹ");
    CHECK_STR(c.new_unit->code, "21100");
    CHECK_INT(c.merger_id, id_bc);
    CHECK(c.member_id > 0);
    set_refused(s, &c, CKS_F_UNIT, "Phường Nguyễn Nghiêm", CKS_E_INVALID);
    set(s, &c, CKS_F_UNIT, "Phường Nguyễn Nghiêm", &err);
    CHECK(strstr(err.msg, "21025") && strstr(err.msg, "21439"));
    set_refused(s, &c, CKS_F_UNIT, "Xã Không Có", CKS_E_NOTFOUND);
    set_refused(s, &c, CKS_F_UNIT, "", CKS_E_INVALID);
    CHECK_INT(set(s, &c, CKS_F_UNIT, "21439", &err), CKS_E_OK);
    CHECK_INT(c.merger_id, id_nn);
    CHECK_INT(set(s, &c, CKS_F_UNIT, "xã bình mỹ", &err), CKS_E_OK);
    CHECK_STR(c.unit->code, "21106");

    CHECK_INT(set(s, &c, CKS_F_KIND, "CÁ NHÂN", &err), CKS_E_OK);
    CHECK_INT(c.kind, CKS_KIND_PERSON);
    set_refused(s, &c, CKS_F_KIND, "nhóm", CKS_E_INVALID);
    set_refused(s, &c, CKS_F_KIND, "", CKS_E_INVALID);
    CHECK_INT(set(s, &c, CKS_F_BODY, "ĐẢNG ỦY", &err), CKS_E_OK);
    CHECK_INT(c.body, CKS_BODY_PARTY);
    CHECK_INT(set(s, &c, CKS_F_BODY, "Khác", &err), CKS_E_OK);
    CHECK_INT(c.body, CKS_BODY_OTHER);
    CHECK_INT(set(s, &c, CKS_F_BODY, "hội đồng nhân dân", &err), CKS_E_OK);
    CHECK_INT(c.body, CKS_BODY_HDND);
    set_refused(s, &c, CKS_F_BODY, "Công an", CKS_E_INVALID);

    CHECK_INT(set(s, &c, CKS_F_HOLDER, "  " TRAN_VAN_HUNG_NFD "  ", &err), CKS_E_OK);
    CHECK_STR(c.holder, "Trần Văn Hùng");
    set_refused(s, &c, CKS_F_HOLDER, "", CKS_E_INVALID);
    set_refused(s, &c, CKS_F_HOLDER, "A\x1b[2JB", CKS_E_INVALID);
    set_refused(s, &c, CKS_F_HOLDER, "x\xff", CKS_E_UTF8);
    char big[400];
    memset(big, 'H', 299);
    big[299] = '\0';
    set_refused(s, &c, CKS_F_HOLDER, big, CKS_E_TOOLONG);

    CHECK_INT(set(s, &c, CKS_F_SERIAL, "ab:cd:ef:01 23", &err), CKS_E_OK);
    CHECK_STR(c.serial, "ABCDEF0123");
    set_refused(s, &c, CKS_F_SERIAL, "xyz12345", CKS_E_INVALID);
    set_refused(s, &c, CKS_F_SERIAL, "ABC", CKS_E_INVALID);
    set_refused(s, &c, CKS_F_SERIAL, "", CKS_E_INVALID);
    set_refused(s, &c, CKS_F_SERIAL, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", CKS_E_INVALID);

    CHECK_INT(set(s, &c, CKS_F_ID_NUMBER, "0510 7800 3412", &err), CKS_E_OK);
    CHECK_STR(c.id_number, "051078003412");
    set_refused(s, &c, CKS_F_ID_NUMBER, "05107800341", CKS_E_INVALID);
    set_refused(s, &c, CKS_F_ID_NUMBER, "0510780034123", CKS_E_INVALID);
    set_refused(s, &c, CKS_F_ID_NUMBER, "CCCD051078003", CKS_E_INVALID);
    CHECK_INT(set(s, &c, CKS_F_EMAIL, "tvhung.binhmy@quangngai.gov.vn", &err), CKS_E_OK);
    CHECK_STR(c.email, "tvhung.binhmy@quangngai.gov.vn");
    set_refused(s, &c, CKS_F_EMAIL, "tvhung@", CKS_E_INVALID);
    set_refused(s, &c, CKS_F_EMAIL, "@quangngai.gov.vn", CKS_E_INVALID);
    set_refused(s, &c, CKS_F_EMAIL, "hùng@quangngai.gov.vn", CKS_E_INVALID);

    CHECK_INT(set(s, &c, CKS_F_VALID_FROM, "2/5/2023", &err), CKS_E_OK);
    CHECK(date_is(c.valid_from, 2023, 5, 2));
    CHECK_INT(set(s, &c, CKS_F_VALID_TO, "02/05/2028", &err), CKS_E_OK);
    CHECK(date_is(c.valid_to, 2028, 5, 2));
    set_refused(s, &c, CKS_F_VALID_TO, "30/02/2028", CKS_E_INVALID);
    set_refused(s, &c, CKS_F_VALID_TO, "", CKS_E_INVALID);
    set_refused(s, &c, CKS_F_VALID_FROM, "2023-02-29", CKS_E_INVALID);
    CHECK_INT(set(s, &c, CKS_F_STATUS, "Còn hiệu lực", &err), CKS_E_OK);
    CHECK_INT(c.status, CKS_STATUS_ACTIVE);
    set_refused(s, &c, CKS_F_STATUS, "tạm dừng", CKS_E_INVALID);
    CHECK_INT(set(s, &c, CKS_F_AFTER, "Tiếp tục", &err), CKS_E_OK);
    CHECK_INT(c.after, CKS_AFTER_CONTINUE);
    set_refused(s, &c, CKS_F_AFTER, "chưa biết", CKS_E_INVALID);
    CHECK_INT(set(s, &c, CKS_F_POSITION, "Chủ tịch UBND xã", &err), CKS_E_OK);
    CHECK_INT(set(s, &c, CKS_F_TOKEN_SERIAL, "TK-21106-0101", &err), CKS_E_OK);
    CHECK_INT(set(s, &c, CKS_F_NEW_POSITION, "Phó Chủ tịch UBND xã Bình Chương", &err),
              CKS_E_OK);

    /* the CSV text of each field */
    static const char *const text[CKS_F_COUNT_] = {
        "21106:Xã Bình Mỹ", "person", "hdnd", "Trần Văn Hùng", "Chủ tịch UBND xã",
        "051078003412", "tvhung.binhmy@quangngai.gov.vn", "ABCDEF0123", "TK-21106-0101",
        "2023-05-02", "2028-05-02", "active", "continue", "Phó Chủ tịch UBND xã Bình Chương",
        "21100:Xã Bình Chương" /* merger: the new unit */};
    char buf[512];
    for (int f = 0; f < CKS_F_COUNT_; f++)
        CHECK_STR(cks_cert_field_text(&c, (cks_cert_field)f, buf, sizeof buf), text[f]);

    /* an empty optional field clears it (tmp shares c's storage) */
    cks_cert tmp = c;
    CHECK_INT(set(s, &tmp, CKS_F_EMAIL, "", &err), CKS_E_OK);
    CHECK_STR(tmp.email, "");
    CHECK_INT(set(s, &tmp, CKS_F_VALID_FROM, " ", &err), CKS_E_OK);
    CHECK(cks_date_is_none(tmp.valid_from));
    CHECK_STR(cks_cert_field_text(&tmp, CKS_F_VALID_FROM, buf, sizeof buf), "");
    CHECK_INT(set(s, &tmp, CKS_F_AFTER, "", &err), CKS_E_OK);
    CHECK_INT(tmp.after, CKS_AFTER_UNSET);
    CHECK_INT(set(s, &tmp, CKS_F_STATUS, "", &err), CKS_E_OK);
    CHECK_INT(tmp.status, CKS_STATUS_ACTIVE);

    /* checks across fields */
    cks_diags d = CKS_DIAGS_INIT;
    cks_cert empty;
    cks_cert_init(&empty);
    cks_error_clear(&err);
    CHECK(cks_cert_check(&empty, &d, &err) != CKS_E_OK);
    CHECK_INT(d.count, 4);
    CHECK_STR(err.field, "unit");
    const char *need[] = {"unit", "holder", "serial", "valid_to"};
    for (size_t i = 0; i < N(need) && i < d.count; i++)
        CHECK_STR(d.items[i].field, need[i]);
    cks_diags_free(&d);
    tmp = c;
    tmp.valid_to = (cks_date){2022, 1, 1};
    CHECK(cks_cert_check(&tmp, &d, &err) != CKS_E_OK);
    CHECK_INT(d.count, 1);
    CHECK_STR(err.field, "valid_to");
    cks_diags_free(&d);
    tmp = c;
    tmp.kind = CKS_KIND_ORG;
    CHECK(cks_cert_check(&tmp, &d, &err) != CKS_E_OK);
    CHECK_STR(err.field, "after");
    cks_diags_free(&d);
    CHECK_INT(cks_cert_check(&c, &d, &err), CKS_E_OK);
    CHECK_INT(d.count, 0);
    cks_diags_free(&d);

    /* add, get, update, remove */
    snapshot before = snap(s);
    CHECK(cks_cert_add(s, &empty, &err) != CKS_E_OK); /* checked again */
    CHECK(unchanged(&before, s));
    long audit0 = cks_store_audit_count(s);
    CHECK_INT(cks_cert_add(s, &c, &err), CKS_E_OK);
    CHECK(c.id > 0);
    CHECK_INT(cert_count(s), 1);
    CHECK_INT(cks_store_audit_count(s), audit0 + 1);
    before = snap(s);
    cks_cert dup = c;
    CHECK_INT(cks_cert_add(s, &dup, &err), CKS_E_EXISTS);
    CHECK_STR(err.field, "serial");
    CHECK(unchanged(&before, s));

    cks_cert g;
    cks_cert_init(&g);
    if (get_cert(s, "ab cd ef 01 23", &g)) {
        CHECK(g.own != NULL && g.own != c.own); /* a lone certificate of its own */
        CHECK_INT(g.id, c.id);
        CHECK_STR(g.serial, "ABCDEF0123");
        CHECK_STR(g.holder, "Trần Văn Hùng");
        CHECK_STR(g.unit->code, "21106");
        CHECK_STR(g.new_unit->name, "Bình Chương");
        CHECK_INT(g.merger_id, id_bc);
        CHECK_INT(g.member_id, c.member_id);
        CHECK_INT(g.body, CKS_BODY_HDND);
        CHECK_INT(g.after, CKS_AFTER_CONTINUE);
        CHECK(date_is(g.valid_from, 2023, 5, 2));
        for (int f = 0; f < CKS_F_COUNT_; f++)
            CHECK_STR(cks_cert_field_text(&g, (cks_cert_field)f, buf, sizeof buf), text[f]);
    }
    struct cks_cert_own *g_own = g.own;
    CHECK_INT(cks_cert_get(s, "abcdef0124", &g, &err), CKS_E_NOTFOUND);
    CHECK_INT(cks_cert_get(s, "not a serial", &g, &err), CKS_E_INVALID);
    CHECK(g.own == g_own && g.id == c.id); /* untouched when refused */

    /* a second certificate to collide with */
    cks_cert other = c;
    other.id = 0;
    CHECK_INT(set(s, &other, CKS_F_SERIAL, "0011223344556677", &err), CKS_E_OK);
    CHECK_INT(cks_cert_add(s, &other, &err), CKS_E_OK);

    cks_cert_clear(&g); /* before g becomes a copy of c, sharing c's storage */
    g = c;
    CHECK_INT(set(s, &g, CKS_F_STATUS, "mất", &err), CKS_E_OK);
    CHECK_INT(set(s, &g, CKS_F_UNIT, "21439", &err), CKS_E_OK);
    audit0 = cks_store_audit_count(s);
    CHECK_INT(cks_cert_update(s, &g, &err), CKS_E_OK);
    CHECK_INT(cks_store_audit_count(s), audit0 + 1);
    cks_cert h;
    cks_cert_init(&h);
    if (get_cert(s, "ABCDEF0123", &h)) {
        CHECK_INT(h.status, CKS_STATUS_LOST);
        CHECK_STR(h.unit->code, "21439");
        CHECK_INT(h.merger_id, id_nn);
    }
    /* a new serial through edit */
    CHECK_INT(set(s, &g, CKS_F_SERIAL, "ABCDEF0199", &err), CKS_E_OK);
    CHECK_INT(cks_cert_update(s, &g, &err), CKS_E_OK);
    CHECK_INT(cks_cert_get(s, "ABCDEF0123", &h, &err), CKS_E_NOTFOUND);
    CHECK(get_cert(s, "ABCDEF0199", &h) && h.id == c.id);
    before = snap(s);
    cks_cert clash = g;
    CHECK_INT(set(s, &clash, CKS_F_SERIAL, "00:11:22:33:44:55:66:77", &err), CKS_E_OK);
    CHECK_INT(cks_cert_update(s, &clash, &err), CKS_E_EXISTS);
    CHECK_STR(err.field, "serial");
    clash = g;
    clash.id = 99999;
    CHECK_INT(set(s, &clash, CKS_F_SERIAL, "ABCDEF0198", &err), CKS_E_OK);
    CHECK_INT(cks_cert_update(s, &clash, &err), CKS_E_NOTFOUND);
    clash = g;
    clash.holder = "";
    CHECK(cks_cert_update(s, &clash, &err) != CKS_E_OK);
    CHECK_STR(err.field, "holder");
    CHECK(unchanged(&before, s));

    audit0 = cks_store_audit_count(s);
    CHECK_INT(cks_cert_remove(s, "abcdef0199", &err), CKS_E_OK);
    CHECK_INT(cert_count(s), 1);
    CHECK_INT(cks_store_audit_count(s), audit0 + 1);
    CHECK_INT(cks_cert_get(s, "ABCDEF0199", &h, &err), CKS_E_NOTFOUND);
    before = snap(s);
    CHECK_INT(cks_cert_remove(s, "ABCDEF0199", &err), CKS_E_NOTFOUND);
    CHECK_INT(cks_cert_remove(s, "zz", &err), CKS_E_INVALID);
    CHECK(unchanged(&before, s));
    /* c, tmp, dup, other, g and clash share c's storage; h has its own;
     * empty has none */
    cks_cert *const all[] = {&c, &tmp, &empty, &dup, &g, &other, &h, &clash};
    CHECK_INT(clear_shared(all, N(all)), 2);
    cks_store_close(s);
}

/* ------------------------------------------------------------ list */

static void test_list_order(void)
{
    cks_store *s = session(3);
    if (!s)
        return;
    const char *csv = HDR_MIN_BODY
        "21100,person,ubnd,Trần Văn Hùng,1500000000000001,2028-01-01\n"
        "21100,org,ubnd,UBND xã Bình Chương,1500000000000002,2028-01-01\n"
        "21106,org,hdnd,HĐND xã Bình Mỹ,1500000000000003,2028-01-01\n"
        "21031,org,party,Đảng ủy phường Chánh Lộ,1500000000000004,2028-01-01\n"
        "21025,person,ubnd,B,1500000000000005,2028-01-01\n"
        "21025,org,hdnd,HĐND phường Nguyễn Nghiêm,1500000000000006,2028-01-01\n"
        "21025,org,ubnd,UBND phường Nguyễn Nghiêm,1500000000000007,2028-01-01\n"
        "21025,person,ubnd,A,1500000000000009,2028-01-01\n"
        "21025,person,ubnd,A,1500000000000008,2028-01-01\n"
        "21025,org,mttq,MTTQ phường Nguyễn Nghiêm,1500000000000010,2028-01-01\n"
        "21025,org,other,Hội Nông dân phường Nguyễn Nghiêm,1500000000000011,2028-01-01\n"
        "21025,person,party,A,1500000000000012,2028-01-01\n"
        "21019,org,ubnd,UBND phường Nghĩa Chánh,1500000000000013,2028-01-01\n"
        "21439,org,ubnd,UBND phường Nguyễn Nghiêm,1500000000000014,2028-01-01\n";
    import_text_ok(s, csv, 0, NULL);
    static const int all[] = {13, 7, 6, 10, 11, 8, 9, 5, 12, 4, 2, 1, 3, 14};
    static const int bc[] = {2, 1, 3};
    static const int nn[] = {14};
    static const struct {
        const long *merger;
        const int *order;
        size_t n;
    } cases[] = {{NULL, all, N(all)}, {&id_bc, bc, N(bc)}, {&id_nn, nn, N(nn)}};
    for (size_t k = 0; k < N(cases); k++) {
        cks_cert_list l;
        cks_error err;
        CHECK_INT(cks_cert_list_all(s, cases[k].merger ? *cases[k].merger : 0, &l, &err),
                  CKS_E_OK);
        CHECK_INT(l.count, cases[k].n);
        for (size_t i = 0; i < l.count && i < cases[k].n; i++) {
            char want_serial[32];
            snprintf(want_serial, sizeof want_serial, "15000000000000%02d", cases[k].order[i]);
            CHECK_STR(l.items[i].serial, want_serial);
            if (cases[k].merger)
                CHECK_INT(l.items[i].merger_id, *cases[k].merger);
        }
        cks_cert_list_free(&l);
        CHECK(l.items == NULL && l.count == 0);
    }
    cks_cert_list l;
    cks_error err;
    CHECK_INT(cks_cert_list_all(s, id_ct, &l, &err), CKS_E_OK);
    CHECK_INT(l.count, 10);
    cks_cert_list_free(&l);
    CHECK_INT(cks_cert_list_all(s, 424242, &l, &err), CKS_E_OK);
    CHECK_INT(l.count, 0);
    cks_cert_list_free(&l);
    /* the plan's reading: every certificate, its units from the mergers */
    cks_merger_list ml;
    CHECK_INT(cks_merger_list_all(s, &ml, &err), CKS_E_OK);
    CHECK_INT(cks_cert_list_of(s, &ml, &l, &err), CKS_E_OK);
    CHECK_INT(l.count, 14);
    int resolved = 1;
    long long serials = 0;
    for (size_t i = 0; i < l.count; i++) {
        const cks_cert *c = &l.items[i];
        bool in_mergers = false;
        for (size_t m = 0; m < ml.count; m++)
            for (size_t k = 0; k < ml.items[m].n_members; k++)
                if (c->unit == &ml.items[m].members[k].unit && c->new_unit == &ml.items[m].unit &&
                    c->merger_id == ml.items[m].id && c->member_id == ml.items[m].members[k].id)
                    in_mergers = true;
        resolved &= in_mergers && c->own == NULL;
        int k = atoi(c->serial + 14);
        if (k >= 1 && k <= 14 && strncmp(c->serial, "15000000000000", 14) == 0)
            serials |= 1LL << k;
    }
    CHECK(resolved);
    CHECK_INT(serials, 0x7FFE); /* 1 to 14, each once */
    cks_cert_list_free(&l);
    cks_merger_list_free(&ml);
    cks_store_close(s);
}

/* ------------------------------------------------------------ round trip */

static int file_write(void *user, const char *bytes, size_t len)
{
    return fwrite(bytes, 1, len, (FILE *)user) == len ? 0 : -1;
}

static int failing_write(void *user, const char *bytes, size_t len)
{
    (void)bytes;
    (void)len;
    return ++*(int *)user > 3 ? -1 : 0;
}

/* Write the whole list of s into path. */
static int write_list(cks_store *s, const char *path)
{
    cks_cert_list l;
    cks_error err;
    if (cks_cert_list_all(s, 0, &l, &err) != CKS_E_OK)
        return -1;
    FILE *f = fopen(path, "wb");
    int rc = -1;
    if (f) {
        rc = cks_cert_write_csv(&l, file_write, f, &err) == CKS_E_OK ? 0 : -1;
        if (fclose(f) != 0)
            rc = -1;
    }
    cks_cert_list_free(&l);
    return rc;
}

static void test_round_trip(void)
{
    cks_store *s = session(3);
    if (!s)
        return;
    import_text_ok(s, RICH_CSV, 0, NULL);
    /* values that need quoting on the way out */
    import_text_ok(s,
                   HDR_EN "21025,person,other,\"\"\"Bà\"\" Tư, Lê\",\"A; B\",,,"
                          "0000000000000001,,,2028-01-01,lost,unused,\"x,y\"\n"
                          "21022,org,hdnd,\"HĐND, phường \"\"Trần Hưng Đạo\"\"\",,,,"
                          "0000000000000002,\"TK;1\",,2028-01-01,,,\n",
                   0, NULL);
    long long n = cert_count(s);
    CHECK_INT(n, 10);
    char p1[512], p2[512];
    snprintf(p1, sizeof p1, "%s/round1.csv", tmpdir);
    snprintf(p2, sizeof p2, "%s/round2.csv", tmpdir);
    CHECK_INT(write_list(s, p1), 0);
    size_t len1 = 0, len2 = 0;
    char *a = slurp(p1, &len1);
    CHECK(a != NULL);
    if (a) {
        CHECK(len1 > strlen(HDR_OUT) && memcmp(a, HDR_OUT, strlen(HDR_OUT)) == 0);
        /* the merger column last: the new unit, as [CODE:]Type Name */
        CHECK(strstr(a, "\n21100:Xã Bình Chương,org,ubnd,\"UBND xã Bình Chương, huyện Bình "
                        "Sơn\",,,ubnd.binhchuong@quangngai.gov.vn,54030A11B2C4D6E8,"
                        "TK-21100-0001,2023-04-10,2028-04-10,active,,,21100:Xã Bình Chương\n") !=
              NULL);
        CHECK(strstr(a, "\n21439:Phường Nguyễn Nghiêm,person,mttq,Lê Thị Mai,,,,54030A11B2C4D6EB,"
                        ",,2027-12-31,lost,unused,,21457:Xã Nguyễn Nghiêm\n") != NULL);
        CHECK(strstr(a, ",\"x,y\",21025:Phường Cẩm Thành\n") != NULL);
        CHECK(strstr(a, ",\"Bí thư \"\"Đảng ủy\"\"; phường\",051078003412,") != NULL);
        CHECK(strstr(a, "\"\"\"Bà\"\" Tư, Lê\",\"A; B\"") != NULL);
        CHECK(strstr(a, "\"TK;1\"") != NULL);
        size_t lines = 0;
        for (size_t i = 0; i < len1; i++)
            lines += a[i] == '\n';
        CHECK_INT(lines, n + 1); /* one line a certificate: no line breaks in values */
    }

    /* into a fresh session with the same mergers, and out again */
    cks_store *t = session(3);
    if (t) {
        cks_cert_import_stats st = import_ok(t, p1, 0, NULL);
        CHECK_INT(st.rows, (size_t)n);
        CHECK_INT(write_list(t, p2), 0);
        char *b = slurp(p2, &len2);
        CHECK(b != NULL);
        CHECK(a && b && len1 == len2 && memcmp(a, b, len1) == 0);
        if (a && b && (len1 != len2 || memcmp(a, b, len1) != 0))
            fprintf(stderr, "  round trip differs:\n--- first\n%s--- second\n%s", a, b);
        free(b);
        cks_store_close(t);
    }

    /* back into the same session with --replace: nothing changes */
    snapshot before = snap(s);
    cks_cert_import_stats st = import_ok(s, p1, CKS_CERT_REPLACE, NULL);
    CHECK_INT(st.replaced, (size_t)n);
    snapshot after = snap(s);
    CHECK_STR(after.rows, before.rows);
    CHECK_INT(after.certs, before.certs);
    free(before.rows);
    free(after.rows);
    free(a);

    /* a writer that fails */
    cks_cert_list l;
    cks_error err;
    int calls = 0;
    CHECK_INT(cks_cert_list_all(s, 0, &l, &err), CKS_E_OK);
    CHECK_INT(cks_cert_write_csv(&l, failing_write, &calls, &err), CKS_E_IO);
    CHECK(err.msg[0] != '\0');
    cks_cert_list_free(&l);
    cks_store_close(s);
}

/* ------------------------------------------------------------ audit */

static void test_audit(void)
{
    cks_store *s = session(2);
    if (!s)
        return;
#define AUDIT(cond) "SELECT count(*) FROM audit WHERE object = 'cert' AND " cond
    char path[512];
    put_file(path, sizeof path, HDR_EN ROW_ORG ROW_PERSON);
    import_ok(s, path, 0, NULL);
    /* an import is one entry: the file, the count, every serial (the rows
     * themselves are in the cert table; edits and removals are logged row
     * by row) */
    CHECK_INT(scalar(s, AUDIT("action = 'insert'")), 0);
    CHECK_INT(scalar(s, AUDIT("action = 'import' AND json_extract(detail, '$.certificates') = 2"
                              " AND json_extract(detail, '$.serials[1]') = 'AA00000000000002'")),
              1);
    CHECK_INT(scalar(s, AUDIT("action = 'import'")), 1);
    CHECK_INT(scalar(s, "SELECT count(*) FROM meta WHERE key = 'audit.bulk'"), 0);
    char *detail = scalar_text(s, "SELECT json_extract(detail, '$') FROM audit"
                                  " WHERE action = 'import'");
    CHECK(strstr(detail, path) != NULL && strstr(detail, "2") != NULL);
    free(detail);

    cks_cert c;
    cks_cert_init(&c);
    cks_error err;
    if (get_cert(s, "AA00000000000002", &c)) {
        CHECK_INT(cks_cert_set_field(s, &c, CKS_F_STATUS, "mất", &err), CKS_E_OK);
        CHECK_INT(cks_cert_update(s, &c, &err), CKS_E_OK);
    }
    CHECK_INT(scalar(s, AUDIT("action = 'update' AND json_extract(detail, '$.old.status') ="
                              " 'active' AND json_extract(detail, '$.new.status') = 'lost'"
                              " AND json_extract(detail, '$.new.serial') = 'AA00000000000002'")),
              1);
    cks_cert n;
    cks_cert_init(&n);
    CHECK_INT(cks_cert_set_field(s, &n, CKS_F_UNIT, "21019", &err), CKS_E_OK);
    CHECK_INT(cks_cert_set_field(s, &n, CKS_F_HOLDER, "UBND phường Nghĩa Chánh", &err), CKS_E_OK);
    CHECK_INT(cks_cert_set_field(s, &n, CKS_F_SERIAL, "AA00000000000003", &err), CKS_E_OK);
    CHECK_INT(cks_cert_set_field(s, &n, CKS_F_VALID_TO, "30/09/2028", &err), CKS_E_OK);
    CHECK_INT(cks_cert_add(s, &n, &err), CKS_E_OK);
    CHECK_INT(scalar(s, AUDIT("action = 'insert' AND json_extract(detail, '$.serial') ="
                              " 'AA00000000000003' AND json_extract(detail, '$.valid_to') ="
                              " '2028-09-30'")),
              1);
    CHECK_INT(cks_cert_remove(s, "AA00000000000001", &err), CKS_E_OK);
    CHECK_INT(scalar(s, AUDIT("action = 'delete' AND json_extract(detail, '$.serial') ="
                              " 'AA00000000000001' AND json_extract(detail, '$.holder') ="
                              " 'UBND xã Bình Chương'")),
              1);
    CHECK_INT(scalar(s, AUDIT("1")), 4); /* import, update, insert, delete */
    /* the audit log is in order */
    char *actions = scalar_text(s, "SELECT group_concat(action, ' ') FROM (SELECT action FROM"
                                   " audit WHERE object = 'cert' ORDER BY id)");
    CHECK_STR(actions, "import update insert delete");
    free(actions);
#undef AUDIT
    cks_cert_clear(&c);
    cks_cert_clear(&n);
    cks_store_close(s);
}

/* ------------------------------------------------------------ a split old unit */

#define HDR_MERGER "unit,kind,holder,serial,valid_to,merger\n"

/* The id of the member for old unit code in merger merger_id, or -1. */
static long member_of(cks_store *s, const char *code, long merger_id)
{
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT id FROM member WHERE code = '%s' AND merger_id = %ld",
             code, merger_id);
    return (long)scalar(s, sql);
}

static void test_split_unit(void)
{
    cks_store *s = session(1); /* xã Bình Chương too: a merger Trà Bùi is not in */
    if (!s)
        return;
    declare_split(s);
    CHECK(id_cd > 0 && id_ttb > 0 && id_cd != id_ttb);
    CHECK_INT(scalar(s, "SELECT count(*) FROM member WHERE code = '21142'"), 2);
    long m_cd = member_of(s, "21142", id_cd), m_ttb = member_of(s, "21142", id_ttb);
    CHECK(m_cd > 0 && m_ttb > 0 && m_cd != m_ttb);
    cks_error err;

    /* without the merger column: refused, asking for it, naming both new units */
    {
        const want w[] = {{2, "unit", "'merger'"}, {2, "unit", "Cà Đam"},
                          {2, "unit", "Tây Trà Bồng"}, {3, "unit", "'merger'"},
                          {4, "unit", "'merger'"}};
        import_refused(s,
                       HDR_MIN "21142,org,UBND xã Trà Bùi,5A00000000000001,2028-01-01\n"
                               "21142:Xã Trà Bùi,org,HĐND xã Trà Bùi,5A00000000000002,"
                               "2028-01-01\n"
                               /* by name: the code would not tell them apart either */
                               "Xã Trà Bùi,org,MTTQ xã Trà Bùi,5A00000000000004,2028-01-01\n"
                               "21100,org,UBND xã Bình Chương,5A00000000000003,2028-01-01\n",
                       0, 3, w, N(w), &err);
    }
    /* the column there but empty on the split unit's row */
    {
        const want w[] = {{2, "unit", "'merger'"}};
        import_refused(s,
                       HDR_MERGER "21142,org,UBND xã Trà Bùi,5A00000000000001,2028-01-01,\n"
                                  "21100,org,UBND xã Bình Chương,5A00000000000003,2028-01-01,\n",
                       0, 1, w, N(w), NULL);
    }
    /* a merger the unit is not in (or no merger at all): refused */
    {
        const want w[] = {{2, "unit", "21100"},          {3, "unit", "Xã Bình Chương"},
                          {4, "unit", "99999"},          {5, "unit", "Xã Không Có"},
                          {6, "unit", "Tây Trà Bồng"}};
        import_refused(s,
                       HDR_MERGER "21142,org,X,5A00000000000001,2028-01-01,21100\n"
                                  "21142,org,X,5A00000000000002,2028-01-01,Xã Bình Chương\n"
                                  "21142,org,X,5A00000000000003,2028-01-01,99999\n"
                                  "21142,org,X,5A00000000000004,2028-01-01,Xã Không Có\n"
                                  /* Bình Mỹ is whole in Bình Chương, not in Tây Trà Bồng */
                                  "21106,org,X,5A00000000000005,2028-01-01,Xã Tây Trà Bồng\n",
                       0, 5, w, N(w), NULL);
    }
    CHECK_INT(cert_count(s), 0);

    /* accepted: the merger by code, by name (any case, with or without the
     * type word, with its code), under its Vietnamese header, before the
     * unit's column; and where no merger is needed, empty or right */
    const char *csv = "Đơn vị mới,Đơn vị,Loại,Chủ thể,Số hiệu,Hiệu lực đến\n"
                      "21157,21142,tổ chức,UBND xã Trà Bùi,5A00000000000011,2028-01-01\n"
                      "Xã Tây Trà Bồng,Xã Trà Bùi,cá nhân,Hồ Văn Ba,5A00000000000012,2028-01-01\n"
                      "21136:Xã Cà Đam,21142:Xã Trà Bùi,cá nhân,Đinh Thị Hà,5A00000000000013,"
                      "2028-01-01\n"
                      "cà đam,21142,tổ chức,HĐND xã Trà Bùi,5A00000000000014,2028-01-01\n"
                      ",21100,tổ chức,UBND xã Bình Chương,5A00000000000015,2028-01-01\n"
                      "21100,21106,tổ chức,UBND xã Bình Mỹ,5A00000000000016,2028-01-01\n";
    cks_diags d = CKS_DIAGS_INIT;
    cks_cert_import_stats st = import_text_ok(s, csv, 0, &d);
    CHECK_INT(st.rows, 6);
    CHECK_INT(d.count, 0); /* "Đơn vị mới" is a known column */
    cks_diags_free(&d);
    static const struct {
        const char *serial;
        const long *merger;
        const char *new_code;
    } where[] = {{"5A00000000000011", &id_ttb, "21157"}, {"5A00000000000012", &id_ttb, "21157"},
                 {"5A00000000000013", &id_cd, "21136"},  {"5A00000000000014", &id_cd, "21136"},
                 {"5A00000000000015", &id_bc, "21100"},  {"5A00000000000016", &id_bc, "21100"}};
    cks_cert c;
    cks_cert_init(&c);
    for (size_t i = 0; i < N(where); i++)
        if (get_cert(s, where[i].serial, &c)) {
            CHECK_INT(c.merger_id, *where[i].merger);
            CHECK_STR(c.new_unit->code, where[i].new_code);
            if (*where[i].merger != id_bc) {
                CHECK_STR(c.unit->code, "21142");
                CHECK_STR(c.unit->name, "Trà Bùi");
                CHECK_INT(c.member_id, *where[i].merger == id_cd ? m_cd : m_ttb);
            }
        }
    char buf[512];
    if (get_cert(s, "5A00000000000012", &c)) {
        CHECK_STR(c.new_unit->name, "Tây Trà Bồng");
        CHECK_STR(cks_cert_field_text(&c, CKS_F_UNIT, buf, sizeof buf), "21142:Xã Trà Bùi");
        CHECK_STR(cks_cert_field_text(&c, CKS_F_MERGER, buf, sizeof buf),
                  "21157:Xã Tây Trà Bồng");
    }
    cks_cert_list l;
    CHECK_INT(cks_cert_list_all(s, id_cd, &l, &err), CKS_E_OK);
    CHECK_INT(l.count, 2);
    for (size_t i = 0; i < l.count; i++)
        CHECK_INT(l.items[i].member_id, m_cd);
    cks_cert_list_free(&l);

    /* one by one: the unit alone is refused, asking for the merger */
    cks_cert n;
    cks_cert_init(&n);
    set_refused(s, &n, CKS_F_UNIT, "21142", CKS_E_INVALID);
    set(s, &n, CKS_F_UNIT, "21142", &err);
    CHECK(strstr(err.msg, "merger") && strstr(err.msg, "Cà Đam") &&
          strstr(err.msg, "Tây Trà Bồng"));
    CHECK(n.own == NULL); /* the refused field left no storage behind */
    CHECK_INT(set(s, &n, CKS_F_MERGER, "Xã Tây Trà Bồng", &err), CKS_E_OK);
    CHECK_STR(n.merger_hint, "Xã Tây Trà Bồng");
    CHECK(n.unit == NULL && n.merger_id == 0); /* no unit yet: only remembered */
    CHECK_INT(set(s, &n, CKS_F_UNIT, "21142", &err), CKS_E_OK);
    CHECK_INT(n.merger_id, id_ttb);
    CHECK_INT(n.member_id, m_ttb);
    CHECK_STR(cks_cert_field_text(&n, CKS_F_MERGER, buf, sizeof buf), "21157:Xã Tây Trà Bồng");
    /* the merger field alone moves the certificate to the other part */
    CHECK_INT(set(s, &n, CKS_F_MERGER, "21136", &err), CKS_E_OK);
    CHECK_INT(n.merger_id, id_cd);
    CHECK_INT(n.member_id, m_cd);
    CHECK_STR(n.unit->code, "21142");
    CHECK_STR(n.new_unit->name, "Cà Đam");
    /* a merger the unit is not in, or none: refused, n unchanged */
    set_refused(s, &n, CKS_F_MERGER, "21100", CKS_E_NOTFOUND);
    set_refused(s, &n, CKS_F_MERGER, "Xã Không Có", CKS_E_NOTFOUND);
    set_refused(s, &n, CKS_F_MERGER, "", CKS_E_INVALID); /* split again: which one? */
    set_refused(s, &n, CKS_F_UNIT, "21106", CKS_E_NOTFOUND); /* not in Cà Đam */
    CHECK_STR(n.merger_hint, "21136");
    CHECK_INT(n.merger_id, id_cd);
    CHECK_INT(set(s, &n, CKS_F_KIND, "org", &err), CKS_E_OK);
    CHECK_INT(set(s, &n, CKS_F_HOLDER, "Văn phòng UBND xã Trà Bùi", &err), CKS_E_OK);
    CHECK_INT(set(s, &n, CKS_F_SERIAL, "5A00000000000021", &err), CKS_E_OK);
    CHECK_INT(set(s, &n, CKS_F_VALID_TO, "2028-01-01", &err), CKS_E_OK);
    CHECK_INT(cks_cert_add(s, &n, &err), CKS_E_OK);

    /* a stored one (no merger remembered): its unit again is refused; the
     * merger field moves it, and the update keeps that */
    cks_cert g;
    cks_cert_init(&g);
    if (get_cert(s, "5A00000000000021", &g)) {
        CHECK_INT(g.merger_id, id_cd);
        CHECK_STR(g.merger_hint, "");
        set_refused(s, &g, CKS_F_UNIT, "Xã Trà Bùi", CKS_E_INVALID);
        CHECK_INT(set(s, &g, CKS_F_MERGER, "tây trà bồng", &err), CKS_E_OK);
        CHECK_INT(g.member_id, m_ttb);
        CHECK_INT(cks_cert_update(s, &g, &err), CKS_E_OK);
    }
    if (get_cert(s, "5A00000000000021", &c)) {
        CHECK_INT(c.merger_id, id_ttb);
        CHECK_INT(c.member_id, m_ttb);
    }
    CHECK_INT(cert_count(s), 7);

    /* the round trip: the merger column brings every row back where it was */
    char p1[512], p2[512];
    snprintf(p1, sizeof p1, "%s/split1.csv", tmpdir);
    snprintf(p2, sizeof p2, "%s/split2.csv", tmpdir);
    CHECK_INT(write_list(s, p1), 0);
    size_t len1 = 0, len2 = 0;
    char *a = slurp(p1, &len1);
    CHECK(a != NULL);
    if (a) {
        CHECK(len1 > strlen(HDR_OUT) && memcmp(a, HDR_OUT, strlen(HDR_OUT)) == 0);
        CHECK(strstr(a, "\n21142:Xã Trà Bùi,person,ubnd,Hồ Văn Ba,,,,5A00000000000012,,,"
                        "2028-01-01,active,,,21157:Xã Tây Trà Bồng\n") != NULL);
        CHECK(strstr(a, "\n21142:Xã Trà Bùi,person,ubnd,Đinh Thị Hà,,,,5A00000000000013,,,"
                        "2028-01-01,active,,,21136:Xã Cà Đam\n") != NULL);
        CHECK(strstr(a, ",5A00000000000021,,,2028-01-01,active,,,21157:Xã Tây Trà Bồng\n") !=
              NULL);
    }
    cks_store *t = session(1);
    if (t) {
        declare_split(t);
        cks_cert_import_stats st2 = import_ok(t, p1, 0, NULL);
        CHECK_INT(st2.rows, 7);
        CHECK_INT(scalar(t, "SELECT count(*) FROM cert c JOIN member b ON b.id = c.member_id"
                            " JOIN merger m ON m.id = b.merger_id WHERE m.new_code = '21157'"),
                  3);
        CHECK_INT(scalar(t, "SELECT count(*) FROM cert c JOIN member b ON b.id = c.member_id"
                            " JOIN merger m ON m.id = b.merger_id WHERE m.new_code = '21136'"),
                  2);
        CHECK_INT(write_list(t, p2), 0);
        char *b = slurp(p2, &len2);
        CHECK(a && b && len1 == len2 && memcmp(a, b, len1) == 0);
        if (a && b && (len1 != len2 || memcmp(a, b, len1) != 0))
            fprintf(stderr, "  split round trip differs:\n--- first\n%s--- second\n%s", a, b);
        free(b);
        cks_store_close(t);
    }
    free(a);
    cks_cert_clear(&c);
    cks_cert_clear(&n);
    cks_cert_clear(&g);
    cks_store_close(s);
}

/* ------------------------------------------------------------ copies */

static void test_copy(void)
{
    cks_store *s = session(3);
    if (!s)
        return;
    import_text_ok(s, HDR_EN ROW_ORG ROW_PERSON, 0, NULL);
    cks_error err;
    char want_text[CKS_F_COUNT_][512], buf[512];

    /* of a certificate read from the session */
    cks_cert a, b;
    cks_cert_init(&a);
    cks_cert_init(&b);
    if (!get_cert(s, "AA00000000000002", &a)) {
        cks_store_close(s);
        return;
    }
    CHECK_INT(cks_cert_copy(&b, &a, &err), CKS_E_OK);
    CHECK(b.own != NULL && b.own != a.own);
    CHECK(b.holder != a.holder && b.position != a.position && b.email != a.email);
    CHECK(b.unit != a.unit && b.new_unit != a.new_unit);
    CHECK(b.unit && memcmp(b.unit, a.unit, sizeof *b.unit) == 0);
    CHECK(b.new_unit && memcmp(b.new_unit, a.new_unit, sizeof *b.new_unit) == 0);
    CHECK(b.id == a.id && b.member_id == a.member_id && b.merger_id == a.merger_id);
    CHECK(b.kind == a.kind && b.body == a.body && b.status == a.status && b.after == a.after);
    CHECK(cks_date_cmp(b.valid_from, a.valid_from) == 0 &&
          cks_date_cmp(b.valid_to, a.valid_to) == 0);
    for (int f = 0; f < CKS_F_COUNT_; f++) {
        cks_cert_field_text(&a, (cks_cert_field)f, want_text[f], sizeof want_text[f]);
        CHECK_STR(cks_cert_field_text(&b, (cks_cert_field)f, buf, sizeof buf), want_text[f]);
    }
    CHECK_STR(b.merger_hint, "");
    CHECK_STR(b.token_serial, "");

    /* change the copy: the original stays as it was */
    CHECK_INT(set(s, &b, CKS_F_HOLDER, "Trần Thị Bích", &err), CKS_E_OK);
    CHECK_INT(set(s, &b, CKS_F_POSITION, "", &err), CKS_E_OK);
    CHECK_INT(set(s, &b, CKS_F_UNIT, "21439", &err), CKS_E_OK);
    CHECK_INT(set(s, &b, CKS_F_SERIAL, "AA00000000000009", &err), CKS_E_OK);
    CHECK_INT(set(s, &b, CKS_F_STATUS, "mất", &err), CKS_E_OK);
    CHECK_STR(b.holder, "Trần Thị Bích");
    CHECK_STR(b.unit->code, "21439");
    CHECK_INT(b.merger_id, id_nn);
    for (int f = 0; f < CKS_F_COUNT_; f++)
        CHECK_STR(cks_cert_field_text(&a, (cks_cert_field)f, buf, sizeof buf), want_text[f]);
    CHECK_STR(a.holder, "Nguyễn Thị Lan");
    CHECK_STR(a.position, "Phó Chủ tịch");
    CHECK_STR(a.unit->code, "21106");
    CHECK_STR(a.new_unit->code, "21100");
    CHECK_INT(a.merger_id, id_bc);
    CHECK_STR(a.serial, "AA00000000000002");
    CHECK_INT(a.status, CKS_STATUS_ACTIVE);

    /* release the original first: the copy still reads (under ASan, a use
     * after free would show) */
    cks_cert_clear(&a);
    CHECK(a.own == NULL && a.unit == NULL && a.holder[0] == '\0');
    CHECK_STR(b.email, "lan@quangngai.gov.vn");
    CHECK_STR(b.id_number, "051183007765");
    CHECK_STR(b.new_unit->code, "21457");
    CHECK_STR(b.unit->name, "Nguyễn Nghiêm");
    /* the changed copy stored as a new certificate */
    b.id = 0;
    CHECK_INT(cks_cert_add(s, &b, &err), CKS_E_OK);
    CHECK_INT(cert_count(s), 3);
    CHECK_INT(scalar(s, "SELECT count(*) FROM cert WHERE holder = 'Nguyễn Thị Lan'"), 1);

    /* a copy of a copy, each released once */
    cks_cert b2;
    cks_cert_init(&b2);
    CHECK_INT(cks_cert_copy(&b2, &b, &err), CKS_E_OK);
    cks_cert_clear(&b);
    CHECK_STR(b2.holder, "Trần Thị Bích");
    CHECK_STR(b2.unit->code, "21439");
    cks_cert_clear(&b2);

    /* of a list's item (no storage of its own): the copy outlives the list */
    cks_cert_list l;
    cks_cert d;
    cks_cert_init(&d);
    CHECK_INT(cks_cert_list_all(s, id_bc, &l, &err), CKS_E_OK);
    CHECK_INT(l.count, 2);
    int copied = 0;
    if (l.count) {
        CHECK(l.items[0].own == NULL);
        copied = cks_cert_copy(&d, &l.items[0], &err) == CKS_E_OK;
        CHECK(copied);
        for (int f = 0; f < CKS_F_COUNT_; f++)
            cks_cert_field_text(&l.items[0], (cks_cert_field)f, want_text[f],
                                sizeof want_text[f]);
    }
    cks_cert_list_free(&l);
    CHECK(d.own != NULL && d.unit != NULL);
    for (int f = 0; copied && f < CKS_F_COUNT_; f++)
        CHECK_STR(cks_cert_field_text(&d, (cks_cert_field)f, buf, sizeof buf), want_text[f]);
    cks_cert_clear(&d);

    /* of one being entered (cks_cert_set_field), and of a fresh one */
    cks_cert e, e2, z, z2;
    cks_cert_init(&e);
    cks_cert_init(&e2);
    cks_cert_init(&z);
    cks_cert_init(&z2);
    CHECK_INT(set(s, &e, CKS_F_UNIT, "21031", &err), CKS_E_OK);
    CHECK_INT(set(s, &e, CKS_F_NEW_POSITION, "Phó Chủ tịch HĐND phường Cẩm Thành", &err),
              CKS_E_OK);
    CHECK_INT(cks_cert_copy(&e2, &e, &err), CKS_E_OK);
    CHECK(e2.own != e.own);
    cks_cert_clear(&e);
    CHECK_STR(e2.new_position, "Phó Chủ tịch HĐND phường Cẩm Thành");
    CHECK_STR(e2.unit->code, "21031");
    CHECK_STR(e2.new_unit->name, "Cẩm Thành");
    CHECK_INT(e2.merger_id, id_ct);
    cks_cert_clear(&e2);
    CHECK_INT(cks_cert_copy(&z2, &z, &err), CKS_E_OK);
    CHECK(z2.unit == NULL && z2.new_unit == NULL);
    CHECK(z2.holder && z2.position && z2.email && z2.token_serial && z2.new_position &&
          z2.merger_hint);
    CHECK_STR(z2.holder, "");
    CHECK_STR(z2.merger_hint, "");
    CHECK_INT(z2.status, CKS_STATUS_ACTIVE);
    cks_cert_clear(&z2);
    cks_cert_clear(&z);
    cks_store_close(s);
}

/* ------------------------------------------------------------ small words */

static void test_serial_short(void)
{
    cks_cert c;
    cks_cert_init(&c);
    char buf[64];
    snprintf(c.serial, sizeof c.serial, "0123456789ABCDEF0123"); /* 20 digits */
    /* n characters in all: "…" and the last n - 1 digits */
    CHECK_STR(cks_cert_serial_short(&c, 8, buf, sizeof buf), "\u2026DEF0123");
    CHECK_STR(cks_cert_serial_short(&c, 12, buf, sizeof buf), "\u20269ABCDEF0123");
    CHECK_STR(cks_cert_serial_short(&c, 2, buf, sizeof buf), "\u20263");
    CHECK_STR(cks_cert_serial_short(&c, 19, buf, sizeof buf), "\u202623456789ABCDEF0123");
    CHECK(cks_cert_serial_short(&c, 8, buf, sizeof buf) == buf);
    /* short enough: the whole serial */
    CHECK_STR(cks_cert_serial_short(&c, 20, buf, sizeof buf), "0123456789ABCDEF0123");
    CHECK_STR(cks_cert_serial_short(&c, 40, buf, sizeof buf), "0123456789ABCDEF0123");
    CHECK_STR(cks_cert_serial_short(&c, 1, buf, sizeof buf), "0123456789ABCDEF0123");
    CHECK_STR(cks_cert_serial_short(&c, 0, buf, sizeof buf), "0123456789ABCDEF0123");
    snprintf(c.serial, sizeof c.serial, "ABCDEF01");
    CHECK_STR(cks_cert_serial_short(&c, 8, buf, sizeof buf), "ABCDEF01");
    CHECK_STR(cks_cert_serial_short(&c, 7, buf, sizeof buf), "\u2026CDEF01");
    /* 40 digits, as wide as a serial gets, into a 12-character column */
    memset(c.serial, 'F', 39);
    c.serial[39] = 'A';
    c.serial[40] = '\0';
    CHECK_STR(cks_cert_serial_short(&c, 12, buf, sizeof buf), "\u2026FFFFFFFFFFA");
    c.serial[0] = '\0';
    CHECK_STR(cks_cert_serial_short(&c, 12, buf, sizeof buf), "");
    /* a buffer too small is not overrun */
    char tiny[6];
    memset(tiny, 'x', sizeof tiny);
    snprintf(c.serial, sizeof c.serial, "0123456789ABCDEF0123");
    cks_cert_serial_short(&c, 4, tiny, 5);
    CHECK(tiny[5] == 'x' && memchr(tiny, '\0', 5) != NULL);
}

static void test_body_parse(void)
{
    static const struct {
        const char *text;
        int body;
    } cases[] = {
        {"UBND", CKS_BODY_UBND},      {"ubnd", CKS_BODY_UBND},
        {"Ủy ban nhân dân", CKS_BODY_UBND},
        {"HĐND", CKS_BODY_HDND},      {"hdnd", CKS_BODY_HDND},
        {"Hội đồng nhân dân", CKS_BODY_HDND},
        {"Đảng ủy", CKS_BODY_PARTY},  {"dang uy", CKS_BODY_PARTY},
        {"ĐẢNG ỦY", CKS_BODY_PARTY},  {DANG_UY_NFD, CKS_BODY_PARTY},
        {"party", CKS_BODY_PARTY},
        {"MTTQ", CKS_BODY_MTTQ},      {"Mặt trận Tổ quốc", CKS_BODY_MTTQ},
        {"khác", CKS_BODY_OTHER},     {"Khac", CKS_BODY_OTHER},
        {"other", CKS_BODY_OTHER},
        {"xyz", -1},                  {"", -1},
        {"Công an", -1},              {"UBND xyz", -1},
    };
    for (size_t i = 0; i < N(cases); i++) {
        int got = cks_body_parse(cases[i].text);
        CHECK_INT(got, cases[i].body);
        if (got != cases[i].body)
            fprintf(stderr, "  body '%s'\n", cases[i].text);
    }
    /* every stored key parses back to its body */
    for (int b = 0; b < CKS_BODY_COUNT_; b++)
        CHECK_INT(cks_body_parse(cks_body_key((cks_body)b)), b);
}

/* ------------------------------------------------------------ main */

static void cleanup(void)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
}

int main(void)
{
    const char *base = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/cks-cert-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    RUN(test_headers_and_words);
    RUN(test_parse_vietnamese);
    RUN(test_parse_semicolon_crlf);
    RUN(test_unknown_columns_warn);
    RUN(test_demo_file);
    RUN(test_refuse_serial);
    RUN(test_refuse_dates);
    RUN(test_refuse_person_email_words);
    RUN(test_refuse_units);
    RUN(test_refuse_file);
    RUN(test_many_at_once);
    RUN(test_replace);
    RUN(test_one_by_one);
    RUN(test_list_order);
    RUN(test_round_trip);
    RUN(test_audit);
    RUN(test_split_unit);
    RUN(test_copy);
    RUN(test_serial_short);
    RUN(test_body_parse);
    cleanup();
    return check_summary();
}
