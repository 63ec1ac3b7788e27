/* test_merger.c — declared mergers: by hand with no table, from the
 * imported table, the province's name clashes (two old phường Trần Hưng
 * Đạo, a new xã Nguyễn Nghiêm that is not the old phường Nguyễn Nghiêm),
 * partial members, removal, the seat, and every refusal with nothing
 * saved. Facts are the statistics office's own (Quảng Ngãi). */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "cks/merger.h"
#include "cks/refdata.h"
#include "cks/store.h"
#include "cks/text.h"
#include "store/store_internal.h"

static char tmpdir[256];
static int session_no;

/* "Phường Nguyễn Nghiêm" and "Cẩm Thành" decomposed (NFD). */
#define PHUONG_NFD "Phu\xcc\x9bo\xcc\x9b\xcc\x80ng"
#define NGUYEN_NGHIEM_NFD "Nguye\xcc\x82\xcc\x83n Nghie\xcc\x82m"
#define CAM_THANH_NFD "C" "a\xcc\x82\xcc\x89" "m Th" "a\xcc\x80" "nh"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------ helpers */

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

/* A session with a shared table imported; NULL (skipped) without it. */
static cks_store *with_table(const char *name)
{
    char path[600];
    if (!shared_file(path, sizeof path, name))
        return NULL;
    cks_store *s = fresh();
    if (!s)
        return NULL;
    cks_diags d = CKS_DIAGS_INIT;
    cks_error err;
    cks_err e = cks_refdata_import(s, path, 0, NULL, NULL, NULL, &d, &err);
    CHECK_INT(e, CKS_E_OK);
    cks_diags_free(&d);
    if (e) {
        fprintf(stderr, "  import %s: %s\n", name, err.msg);
        cks_store_close(s);
        return NULL;
    }
    return s;
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

/* What a refusal must leave as it was. */
typedef struct snapshot {
    long long mergers, members, seats, partials, audit;
} snapshot;

static snapshot snap(cks_store *s)
{
    snapshot p;
    p.mergers = scalar(s, "SELECT count(*) FROM merger");
    p.members = scalar(s, "SELECT count(*) FROM member");
    p.seats = scalar(s, "SELECT count(*) FROM member WHERE is_seat = 1");
    p.partials = scalar(s, "SELECT count(*) FROM member WHERE partial = 1");
    p.audit = cks_store_audit_count(s);
    return p;
}

static int same_snap(snapshot a, snapshot b)
{
    return a.mergers == b.mergers && a.members == b.members && a.seats == b.seats &&
           a.partials == b.partials && a.audit == b.audit;
}

static cks_err add(cks_store *s, const char *new_unit, const char *province,
                   const char *const *members, size_t n_members, const char *const *partial,
                   size_t n_partial, const char *seat, long *id, cks_error *err)
{
    cks_merger_spec sp;
    memset(&sp, 0, sizeof sp);
    sp.new_unit = new_unit;
    sp.province = province;
    sp.members = members;
    sp.n_members = n_members;
    sp.partial = partial;
    sp.n_partial = n_partial;
    sp.seat = seat;
    cks_error_clear(err);
    return cks_merger_add(s, &sp, id, err);
}

/* Must be accepted; returns the id (0 on failure, reported). */
static long add_ok(cks_store *s, const char *new_unit, const char *province,
                   const char *const *members, size_t n_members, const char *const *partial,
                   size_t n_partial, const char *seat)
{
    cks_error err;
    long id = 0;
    cks_err e = add(s, new_unit, province, members, n_members, partial, n_partial, seat, &id,
                    &err);
    CHECK_INT(e, CKS_E_OK);
    if (e) {
        char buf[1200];
        fprintf(stderr, "  add %s: %s\n", new_unit, cks_error_format(&err, buf, sizeof buf));
        return 0;
    }
    CHECK(id > 0);
    return id;
}

/* Must be refused with code, a message containing want (may be NULL), and
 * nothing saved. */
static void add_refused(cks_store *s, cks_err code, const char *want, const char *new_unit,
                        const char *province, const char *const *members, size_t n_members,
                        const char *const *partial, size_t n_partial, const char *seat)
{
    cks_error err;
    long id = -7;
    snapshot before = snap(s);
    cks_err e = add(s, new_unit, province, members, n_members, partial, n_partial, seat, &id,
                    &err);
    CHECK_INT(e, code);
    CHECK(err.msg[0] != '\0');
    if (e == CKS_E_OK || (want && !strstr(err.msg, want)))
        fprintf(stderr, "  add %s [%s]: got %s '%s', want '%s'\n", new_unit ? new_unit : "(null)",
                n_members ? members[0] : "", cks_error_name(e), err.msg, want ? want : "");
    if (want)
        CHECK(strstr(err.msg, want) != NULL);
    CHECK(same_snap(before, snap(s)));
}

static const cks_member *member_with(const cks_merger *m, const char *code)
{
    for (size_t i = 0; i < m->n_members; i++)
        if (strcmp(m->members[i].unit.code, code) == 0)
            return &m->members[i];
    return NULL;
}

static long get_id_of(cks_store *s, const char *ref)
{
    cks_merger m;
    cks_error err;
    if (cks_merger_get(s, ref, &m, &err) != CKS_E_OK)
        return -1;
    long id = m.id;
    cks_merger_free(&m);
    return id;
}

/* The code of the member ref names in the merger new_ref; "" when none. */
static const char *member_code(cks_store *s, const char *new_ref, const char *ref, char *buf,
                               size_t n)
{
    cks_merger m;
    cks_error err;
    snprintf(buf, n, "%s", "");
    if (cks_merger_get(s, new_ref, &m, &err) != CKS_E_OK)
        return buf;
    const cks_member *mb = cks_merger_find_member(&m, ref, &err);
    if (mb)
        snprintf(buf, n, "%s", mb->unit.code[0] ? mb->unit.code : "(no code)");
    cks_merger_free(&m);
    return buf;
}

/* ------------------------------------------------------------ by hand */

static const char *const cam_thanh[] = {"21019:Phường Nghĩa Chánh", "21022:Phường Trần Hưng Đạo",
                                        "21025:Phường Nguyễn Nghiêm", "Phường Chánh Lộ"};
static const char *const dak_bla[] = {"23302:Phường Lê Lợi", "23305:Phường Nguyễn Trãi",
                                      "23308:Phường Trần Hưng Đạo"};
static const char *const nguyen_nghiem[] = {"21445:Xã Phổ Phong", "21457:Xã Phổ Nhơn"};
static const char *const binh_chuong[] = {"21100:Xã Bình Chương", "Xã Bình Mỹ"};

static void test_by_hand(void)
{
    cks_store *s = fresh();
    if (!s)
        return;
    char buf[256];
    cks_error err;
    CHECK_INT(cks_refdata_count(s), 0); /* no table at all */
    long audit = cks_store_audit_count(s);

    /* names typed by hand, codes optional, the seat by name */
    long ct = add_ok(s, "Phường Cẩm Thành", "Quảng Ngãi", cam_thanh, N(cam_thanh), NULL, 0,
                     "Nguyễn Nghiêm");
    CHECK(cks_store_audit_count(s) > audit); /* every change is logged */
    cks_merger m;
    cks_err e = cks_merger_get_id(s, ct, &m, &err);
    CHECK_INT(e, CKS_E_OK);
    if (!e) {
        CHECK_STR(m.unit.code, "");
        CHECK_INT(m.unit.type, CKS_UT_PHUONG);
        CHECK_STR(m.unit.name, "Cẩm Thành");
        CHECK_STR(m.province, "Quảng Ngãi");
        CHECK_INT(m.n_members, 4);
        /* ordered by code, the one without a code last */
        const char *codes[] = {"21019", "21022", "21025", ""};
        const char *names[] = {"Nghĩa Chánh", "Trần Hưng Đạo", "Nguyễn Nghiêm", "Chánh Lộ"};
        for (size_t i = 0; i < 4 && i < m.n_members; i++) {
            CHECK_STR(m.members[i].unit.code, codes[i]);
            CHECK_STR(m.members[i].unit.name, names[i]);
            CHECK_INT(m.members[i].unit.type, CKS_UT_PHUONG);
            CHECK(!m.members[i].partial);
            CHECK_INT(m.members[i].is_seat, i == 2);
            CHECK_STR(m.members[i].district, "");
        }
        cks_merger_free(&m);
    }
    /* found by its name however it is typed */
    const char *refs[] = {"Cẩm Thành", "phường cẩm thành", "  Phường   CẨM THÀNH ",
                          PHUONG_NFD " " CAM_THANH_NFD, CAM_THANH_NFD};
    for (size_t i = 0; i < N(refs); i++)
        CHECK_INT(get_id_of(s, refs[i]), ct);
    CHECK_INT(get_id_of(s, "Xã Cẩm Thành"), -1); /* another type, another unit */
    CHECK_INT(cks_merger_get(s, "Cẩm Thành Nam", &m, &err), CKS_E_NOTFOUND);
    CHECK(strstr(err.msg, "Cẩm Thành Nam") != NULL);

    /* codes where known */
    long bc = add_ok(s, "21100:Xã Bình Chương", NULL, binh_chuong, N(binh_chuong), NULL, 0, "21100");
    CHECK_INT(get_id_of(s, "21100"), bc);
    CHECK_INT(get_id_of(s, "21100:Xã Bình Chương"), bc);
    CHECK_INT(get_id_of(s, "bình chương"), bc);
    /* the old phường Trần Hưng Đạo of Kon Tum is another unit than Quảng
     * Ngãi's 21022: by its code it is accepted in another merger */
    long db = add_ok(s, "23302:Phường Đăk Bla", "Quảng Ngãi", dak_bla, N(dak_bla), NULL, 0, NULL);
    /* the new xã Nguyễn Nghiêm is not the old phường Nguyễn Nghiêm */
    long nn = add_ok(s, "21457:Xã Nguyễn Nghiêm", "Quảng Ngãi", nguyen_nghiem, N(nguyen_nghiem),
                     NULL, 0, "Phổ Nhơn");
    CHECK(ct && bc && db && nn);
    CHECK_INT(get_id_of(s, "Nguyễn Nghiêm"), nn);
    CHECK_INT(get_id_of(s, "Xã Nguyễn Nghiêm"), nn);
    CHECK_INT(get_id_of(s, "21457"), nn);
    CHECK_INT(get_id_of(s, "Phường Nguyễn Nghiêm"), -1);
    CHECK_INT(get_id_of(s, "21025"), -1); /* the old unit's code: no merger */
    CHECK_STR(member_code(s, "Cẩm Thành", "Nguyễn Nghiêm", buf, sizeof buf), "21025");
    CHECK_STR(member_code(s, "Cẩm Thành", "Phường Nguyễn Nghiêm", buf, sizeof buf), "21025");
    CHECK_STR(member_code(s, "Cẩm Thành", "Xã Nguyễn Nghiêm", buf, sizeof buf), "");
    CHECK_STR(member_code(s, "Xã Nguyễn Nghiêm", "Nguyễn Nghiêm", buf, sizeof buf), "");
    CHECK_STR(member_code(s, "Cẩm Thành", "Trần Hưng Đạo", buf, sizeof buf), "21022");
    CHECK_STR(member_code(s, "Đăk Bla", "Trần Hưng Đạo", buf, sizeof buf), "23308");
    CHECK_STR(member_code(s, "Đăk Bla", "21022", buf, sizeof buf), "");
    CHECK_STR(member_code(s, "Cẩm Thành", "Chánh Lộ", buf, sizeof buf), "(no code)");
    CHECK_STR(member_code(s, "Cẩm Thành", "chanh lo", buf, sizeof buf), ""); /* accents count */

    /* list: by new code, the one without a code last */
    cks_merger_list all;
    e = cks_merger_list_all(s, &all, &err);
    CHECK_INT(e, CKS_E_OK);
    CHECK_INT(all.count, 4);
    if (all.count == 4) {
        CHECK_STR(all.items[0].unit.code, "21100");
        CHECK_STR(all.items[1].unit.code, "21457");
        CHECK_STR(all.items[2].unit.code, "23302");
        CHECK_STR(all.items[3].unit.name, "Cẩm Thành");
        CHECK_INT(all.items[0].n_members, 2);
        CHECK_INT(all.items[2].n_members, 3);
        CHECK_INT(all.items[3].n_members, 4);
    }
    cks_merger_list_free(&all);
    CHECK_INT(scalar(s, "SELECT count(*) FROM member WHERE code = '21022' OR code = '23308'"), 2);

    /* removing a member the merger does not have changes nothing */
    snapshot before = snap(s);
    CHECK_INT(cks_merger_remove_member(s, "Cẩm Thành", "23308", &err), CKS_E_NOTFOUND);
    CHECK(same_snap(before, snap(s)));
    CHECK_INT(cks_merger_remove_member(s, "Phường Nghĩa Lộ", "21022", &err), CKS_E_NOTFOUND);
    CHECK(same_snap(before, snap(s)));
    CHECK_INT(cks_merger_remove(s, "Xã Cẩm Thành", &err), CKS_E_NOTFOUND);
    CHECK(same_snap(before, snap(s)));

    /* a member, then a whole merger */
    e = cks_merger_remove_member(s, "Cẩm Thành", "Trần Hưng Đạo", &err);
    CHECK_INT(e, CKS_E_OK);
    CHECK(cks_store_audit_count(s) > before.audit);
    CHECK_INT(scalar(s, "SELECT count(*) FROM member WHERE code = '21022'"), 0);
    CHECK_INT(scalar(s, "SELECT count(*) FROM member WHERE code = '23308'"), 1);
    CHECK_STR(member_code(s, "Đăk Bla", "Trần Hưng Đạo", buf, sizeof buf), "23308");
    e = cks_merger_remove(s, "Xã Nguyễn Nghiêm", &err);
    CHECK_INT(e, CKS_E_OK);
    CHECK_INT(get_id_of(s, "Nguyễn Nghiêm"), -1);
    CHECK_INT(scalar(s, "SELECT count(*) FROM member WHERE code IN ('21445', '21457')"), 0);
    CHECK_INT(scalar(s, "SELECT count(*) FROM merger"), 3);
    /* the old phường Nguyễn Nghiêm stays where it was */
    CHECK_STR(member_code(s, "Cẩm Thành", "Nguyễn Nghiêm", buf, sizeof buf), "21025");
    cks_store_close(s);
}

/* ------------------------------------------------------------ refusals */

static void test_refusals(void)
{
    cks_store *s = fresh();
    if (!s)
        return;
    CHECK(add_ok(s, "Phường Cẩm Thành", NULL, cam_thanh, N(cam_thanh), NULL, 0, "21025"));
    const char *const one[] = {"21100:Xã Bình Chương"};
    const char *const ok2[] = {"21100:Xã Bình Chương", "21106:Xã Bình Mỹ"};

    /* the new unit: empty, without a type, an unknown type word, a type a
     * new unit cannot have, a type and no name */
    add_refused(s, CKS_E_INVALID, NULL, NULL, NULL, one, 1, NULL, 0, NULL);
    add_refused(s, CKS_E_INVALID, NULL, "", NULL, one, 1, NULL, 0, NULL);
    add_refused(s, CKS_E_INVALID, NULL, "   ", NULL, one, 1, NULL, 0, NULL);
    add_refused(s, CKS_E_INVALID, "Bình Chương", "Bình Chương", NULL, one, 1, NULL, 0, NULL);
    add_refused(s, CKS_E_INVALID, NULL, "21100:Bình Chương", NULL, one, 1, NULL, 0, NULL);
    add_refused(s, CKS_E_INVALID, "Quận", "Quận Bình Chương", NULL, one, 1, NULL, 0, NULL);
    add_refused(s, CKS_E_INVALID, NULL, "Huyện Bình Sơn", NULL, one, 1, NULL, 0, NULL);
    add_refused(s, CKS_E_INVALID, "thị trấn", "Thị trấn Châu Ổ", NULL, one, 1, NULL, 0, NULL);
    add_refused(s, CKS_E_INVALID, NULL, "Xã", NULL, one, 1, NULL, 0, NULL);
    add_refused(s, CKS_E_INVALID, NULL, "Đặc khu   ", NULL, one, 1, NULL, 0, NULL);
    /* codes that are not 5 digits */
    add_refused(s, CKS_E_INVALID, "2110", "2110:Xã Bình Chương", NULL, one, 1, NULL, 0, NULL);
    add_refused(s, CKS_E_INVALID, NULL, "211000:Xã Bình Chương", NULL, one, 1, NULL, 0, NULL);
    add_refused(s, CKS_E_INVALID, NULL, "2110a:Xã Bình Chương", NULL, one, 1, NULL, 0, NULL);
    add_refused(s, CKS_E_INVALID, NULL, ":Xã Bình Chương", NULL, one, 1, NULL, 0, NULL);
    const char *const bad_code[] = {"21100:Xã Bình Chương", "2116:Xã Bình Mỹ"};
    add_refused(s, CKS_E_INVALID, "2116", "21100:Xã Bình Chương", NULL, bad_code, 2, NULL, 0,
                NULL);
    /* the members: none, without a type, a type an old unit cannot have */
    add_refused(s, CKS_E_INVALID, NULL, "21100:Xã Bình Chương", NULL, NULL, 0, NULL, 0, NULL);
    const char *const no_type[] = {"21100:Xã Bình Chương", "Bình Mỹ"};
    add_refused(s, CKS_E_INVALID, "Bình Mỹ", "21100:Xã Bình Chương", NULL, no_type, 2, NULL, 0,
                NULL);
    const char *const dac_khu[] = {"Đặc khu Lý Sơn"};
    add_refused(s, CKS_E_INVALID, "đặc khu", "Xã Lý Sơn", NULL, dac_khu, 1, NULL, 0, NULL);
    const char *const empty_member[] = {"21100:Xã Bình Chương", ""};
    add_refused(s, CKS_E_INVALID, NULL, "21100:Xã Bình Chương", NULL, empty_member, 2, NULL, 0,
                NULL);
    /* the same member twice: by code, by name however written, by name
     * identity (the tone mark's place) */
    const char *const twice_code[] = {"21100:Xã Bình Chương", "21106:Xã Bình Mỹ",
                                      "21106:Xã Bình Mỹ"};
    add_refused(s, CKS_E_INVALID, NULL, "21100:Xã Bình Chương", NULL, twice_code, 3, NULL, 0,
                NULL);
    const char *const twice_name[] = {"Xã Bình Mỹ", "21100:Xã Bình Chương", "xã  BÌNH MỸ"};
    add_refused(s, CKS_E_INVALID, NULL, "21100:Xã Bình Chương", NULL, twice_name, 3, NULL,
                0, NULL);
    const char *const twice_nfd[] = {"Phường Nguyễn Nghiêm", PHUONG_NFD " " NGUYEN_NGHIEM_NFD};
    add_refused(s, CKS_E_INVALID, NULL, "Phường Nghĩa Lộ", NULL, twice_nfd, 2, NULL, 0, NULL);
    const char *const twice_tone[] = {"Xã Điềm Thụy", "Xã Điềm Thuỵ"};
    add_refused(s, CKS_E_INVALID, NULL, "Xã Điềm Thụy", NULL, twice_tone, 2, NULL, 0, NULL);
    /* a member already whole in another merger: by code, by name, and
     * even when declared partial here */
    const char *const taken[] = {"21022:Phường Trần Hưng Đạo", "21028:Phường Nghĩa Lộ"};
    add_refused(s, CKS_E_EXISTS, "Cẩm Thành", "Phường Nghĩa Lộ", NULL, taken, 2, NULL, 0, NULL);
    const char *const taken_partial[] = {"21022"};
    add_refused(s, CKS_E_EXISTS, "Cẩm Thành", "Phường Nghĩa Lộ", NULL, taken, 2, taken_partial,
                1, NULL);
    const char *const taken_name[] = {"Phường Chánh Lộ"};
    add_refused(s, CKS_E_EXISTS, "Chánh Lộ", "Phường Nghĩa Lộ", NULL, taken_name, 1, NULL, 0,
                NULL);
    /* a seat that is not a member, by name or by code */
    add_refused(s, CKS_E_INVALID, "Chánh Lộ", "21100:Xã Bình Chương", NULL, ok2, 2, NULL, 0,
                "Phường Chánh Lộ");
    add_refused(s, CKS_E_INVALID, "21109", "21100:Xã Bình Chương", NULL, ok2, 2, NULL, 0,
                "21109");
    add_refused(s, CKS_E_INVALID, NULL, "21100:Xã Bình Chương", NULL, ok2, 2, NULL, 0,
                "Phường Bình Mỹ");
    /* a partial mark on a unit that is not a member */
    const char *const not_member[] = {"Xã Trà Bùi"};
    add_refused(s, CKS_E_INVALID, "Trà Bùi", "21100:Xã Bình Chương", NULL, ok2, 2, not_member, 1,
                NULL);
    /* a new unit already declared: by name, and by code */
    const char *const other[] = {"21028:Phường Nghĩa Lộ"};
    add_refused(s, CKS_E_EXISTS, "Cẩm Thành", "phường cẩm  thành", NULL, other, 1, NULL, 0, NULL);
    long bc = add_ok(s, "21100:Xã Bình Chương", NULL, ok2, 2, NULL, 0, "Bình Mỹ");
    add_refused(s, CKS_E_EXISTS, NULL, "21100:Xã Bình Chương", NULL, other, 1, NULL, 0, NULL);
    CHECK(bc > 0);

    /* the other changes refuse the same things */
    cks_error err;
    snapshot before = snap(s);
    CHECK_INT(cks_merger_add_member(s, bc, "21106:Xã Bình Mỹ", false, &err), CKS_E_EXISTS);
    CHECK_INT(cks_merger_add_member(s, bc, "xã bình mỹ", false, &err), CKS_E_EXISTS);
    CHECK_INT(cks_merger_add_member(s, bc, "21022:Phường Trần Hưng Đạo", false, &err),
              CKS_E_EXISTS);
    CHECK_INT(cks_merger_add_member(s, bc, "21022:Phường Trần Hưng Đạo", true, &err),
              CKS_E_EXISTS);
    CHECK_INT(cks_merger_add_member(s, bc, "2110:Xã Bình Mỹ", false, &err), CKS_E_INVALID);
    CHECK_INT(cks_merger_add_member(s, bc, "Bình Mỹ", false, &err), CKS_E_INVALID);
    CHECK_INT(cks_merger_add_member(s, bc, "Đặc khu Lý Sơn", false, &err), CKS_E_INVALID);
    CHECK_INT(cks_merger_add_member(s, 9999, "21109:Xã Bình Dương", false, &err),
              CKS_E_NOTFOUND);
    CHECK(same_snap(before, snap(s)));
    /* the last member: remove the whole merger instead */
    const char *const lone[] = {"21028:Phường Nghĩa Lộ"};
    CHECK(add_ok(s, "21028:Phường Nghĩa Lộ", NULL, lone, 1, NULL, 0, NULL));
    before = snap(s);
    CHECK_INT(cks_merger_remove_member(s, "21028", "21028", &err), CKS_E_INVALID);
    CHECK(strstr(err.msg, "21028") != NULL);
    CHECK(same_snap(before, snap(s)));
    /* the seat */
    CHECK_INT(cks_merger_set_seat(s, "21100", "Xã Bình Chương", &err), CKS_E_OK);
    CHECK_INT(scalar(s, "SELECT count(*) FROM member WHERE is_seat = 1 AND code = '21100'"), 1);
    CHECK_INT(scalar(s, "SELECT count(*) FROM member m JOIN merger g ON g.id = m.merger_id"
                        " WHERE g.new_code = '21100' AND m.is_seat = 1"),
              1);
    before = snap(s);
    CHECK_INT(cks_merger_set_seat(s, "21100", "Phường Chánh Lộ", &err), CKS_E_NOTFOUND);
    CHECK(same_snap(before, snap(s)));
    CHECK_INT(cks_merger_set_seat(s, "21100", NULL, &err), CKS_E_OK);
    CHECK_INT(scalar(s, "SELECT count(*) FROM member m JOIN merger g ON g.id = m.merger_id"
                        " WHERE g.new_code = '21100' AND m.is_seat = 1"),
              0);
    CHECK_INT(cks_merger_set_seat(s, "21100", "21106", &err), CKS_E_OK);
    CHECK_INT(scalar(s, "SELECT count(*) FROM member WHERE is_seat = 1 AND code = '21106'"), 1);
    cks_store_close(s);
}

/* ------------------------------------------------------------ partial */

static void test_partial(void)
{
    cks_store *s = fresh();
    if (!s)
        return;
    cks_error err;
    /* xã Trà Bùi (21142) went partly into Cà Đam and partly into Tây Trà Bồng */
    const char *const ca_dam[] = {"21136:Xã Trà Tân", "21142:Xã Trà Bùi"};
    const char *const tay_tra_bong[] = {"21142:Xã Trà Bùi", "21157:Xã Hương Trà",
                                        "21166:Xã Trà Tây"};
    const char *const p_code[] = {"21142"};
    const char *const p_name[] = {"trà bùi"};
    long cd = add_ok(s, "21136:Xã Cà Đam", "Quảng Ngãi", ca_dam, N(ca_dam), p_code, 1, NULL);
    long tb = add_ok(s, "21157:Xã Tây Trà Bồng", "Quảng Ngãi", tay_tra_bong, N(tay_tra_bong),
                     p_name, 1, "Hương Trà");
    CHECK(cd && tb);
    CHECK_INT(scalar(s, "SELECT count(*) FROM member WHERE code = '21142' AND partial = 1"), 2);
    CHECK_INT(scalar(s, "SELECT count(*) FROM member WHERE partial = 1"), 2);
    cks_merger m;
    if (cks_merger_get(s, "Tây Trà Bồng", &m, &err) == CKS_E_OK) {
        const cks_member *mb = member_with(&m, "21142");
        CHECK(mb && mb->partial && !mb->is_seat);
        mb = member_with(&m, "21157");
        CHECK(mb && !mb->partial && mb->is_seat);
        cks_merger_free(&m);
    } else {
        CHECK(!"get Tây Trà Bồng");
    }
    /* a third merger: partial is fine, whole is not */
    const char *const whole[] = {"21142:Xã Trà Bùi"};
    add_refused(s, CKS_E_EXISTS, "partial", "21139:Xã Trà Phong", NULL, whole, 1, NULL, 0, NULL);
    add_refused(s, CKS_E_EXISTS, NULL, "21139:Xã Trà Phong", NULL, (const char *const[]){"Xã Trà Bùi"},
                1, NULL, 0, NULL);
    long tp = add_ok(s, "21139:Xã Trà Phong", NULL, whole, 1, p_code, 1, NULL);
    CHECK_INT(scalar(s, "SELECT count(*) FROM member WHERE code = '21142'"), 3);
    /* add_member: the same rules */
    const char *const other[] = {"21151:Xã Trà Thủy"};
    long tt = add_ok(s, "21151:Xã Trà Thủy", NULL, other, 1, NULL, 0, NULL);
    snapshot before = snap(s);
    CHECK_INT(cks_merger_add_member(s, tt, "21142:Xã Trà Bùi", false, &err), CKS_E_EXISTS);
    CHECK(strstr(err.msg, "Trà Bùi") != NULL);
    CHECK(same_snap(before, snap(s)));
    CHECK_INT(cks_merger_add_member(s, tt, "21142:Xã Trà Bùi", true, &err), CKS_E_OK);
    CHECK_INT(scalar(s, "SELECT count(*) FROM member WHERE code = '21142' AND partial = 1"), 4);
    /* a unit whole in one merger cannot be declared partial elsewhere */
    CHECK_INT(cks_merger_add_member(s, tt, "21136:Xã Trà Tân", true, &err), CKS_E_EXISTS);
    /* once every partial declaration is gone, it may go whole */
    CHECK_INT(cks_merger_remove(s, "21139", &err), CKS_E_OK);
    CHECK_INT(cks_merger_remove_member(s, "21151", "Trà Bùi", &err), CKS_E_OK);
    CHECK_INT(cks_merger_remove_member(s, "Tây Trà Bồng", "21142", &err), CKS_E_OK);
    before = snap(s);
    CHECK_INT(cks_merger_add_member(s, tt, "21142:Xã Trà Bùi", false, &err), CKS_E_EXISTS);
    CHECK(same_snap(before, snap(s)));
    CHECK_INT(cks_merger_remove_member(s, "Cà Đam", "21142", &err), CKS_E_OK);
    CHECK_INT(cks_merger_add_member(s, tt, "21142:Xã Trà Bùi", false, &err), CKS_E_OK);
    CHECK_INT(scalar(s, "SELECT count(*) FROM member WHERE code = '21142'"), 1);
    CHECK_INT(scalar(s, "SELECT partial FROM member WHERE code = '21142'"), 0);
    CHECK(tp > 0);
    cks_store_close(s);
}

/* ------------------------------------------------------------ from table */

static void test_from_table(void)
{
    cks_store *s = with_table("quang-ngai.csv");
    if (!s)
        return;
    char buf[256];
    cks_error err;
    cks_merger m;

    /* by name, with the table: codes and districts come from it */
    long nn = add_ok(s, "Xã Nguyễn Nghiêm", NULL,
                     (const char *const[]){"Xã Phổ Phong", "Xã Phổ Nhơn"}, 2, NULL, 0,
                     "Xã Phổ Nhơn");
    if (nn && cks_merger_get_id(s, nn, &m, &err) == CKS_E_OK) {
        CHECK_STR(m.unit.code, "21457");
        CHECK_INT(m.unit.type, CKS_UT_XA);
        CHECK_INT(m.n_members, 2);
        if (m.n_members == 2) {
            CHECK_STR(m.members[0].unit.code, "21445");
            CHECK_STR(m.members[1].unit.code, "21457");
            CHECK_STR(m.members[0].district, "Thị xã Đức Phổ");
            CHECK_STR(m.members[0].province, "Tỉnh Quảng Ngãi");
            CHECK(m.members[1].is_seat && !m.members[0].is_seat);
        }
        cks_merger_free(&m);
    }
    /* the table's merger of xã Nguyễn Nghiêm is the one declared already */
    snapshot before = snap(s);
    CHECK_INT(cks_merger_from_table(s, "21457", NULL, NULL, &err), CKS_E_EXISTS);
    CHECK(same_snap(before, snap(s)));

    /* Cẩm Thành as the table has it */
    long ct = 0;
    CHECK_INT(cks_merger_from_table(s, "21025", "Nguyễn Nghiêm", &ct, &err), CKS_E_OK);
    CHECK(ct > 0);
    if (ct && cks_merger_get_id(s, ct, &m, &err) == CKS_E_OK) {
        CHECK_STR(m.unit.code, "21025");
        CHECK_INT(m.unit.type, CKS_UT_PHUONG);
        CHECK_STR(m.unit.name, "Cẩm Thành");
        const char *codes[] = {"21019", "21022", "21025", "21031"};
        const char *names[] = {"Nghĩa Chánh", "Trần Hưng Đạo", "Nguyễn Nghiêm", "Chánh Lộ"};
        CHECK_INT(m.n_members, 4);
        for (size_t i = 0; i < 4 && i < m.n_members; i++) {
            CHECK_STR(m.members[i].unit.code, codes[i]);
            CHECK_STR(m.members[i].unit.name, names[i]);
            CHECK_INT(m.members[i].unit.type, CKS_UT_PHUONG);
            CHECK_STR(m.members[i].district, "Thành phố Quảng Ngãi");
            CHECK(!m.members[i].partial);
            CHECK_INT(m.members[i].is_seat, i == 2);
        }
        cks_merger_free(&m);
    }
    /* the seat by code, and none */
    long bc = 0;
    CHECK_INT(cks_merger_from_table(s, "21100", "21100", &bc, &err), CKS_E_OK);
    CHECK_INT(scalar(s, "SELECT count(*) FROM member WHERE code = '21100' AND is_seat = 1"), 1);
    CHECK_INT(scalar(s, "SELECT count(*) FROM member WHERE code = '21106'"), 1);
    CHECK_INT(cks_merger_from_table(s, "23302", NULL, NULL, &err), CKS_E_OK);
    /* the two old phường Trần Hưng Đạo, each in its own merger */
    CHECK_STR(member_code(s, "Cẩm Thành", "Trần Hưng Đạo", buf, sizeof buf), "21022");
    CHECK_STR(member_code(s, "Đăk Bla", "Phường Trần Hưng Đạo", buf, sizeof buf), "23308");
    CHECK_STR(member_code(s, "23302", "Trần Hưng Đạo", buf, sizeof buf), "23308");
    CHECK_INT(scalar(s, "SELECT count(*) FROM member WHERE name = 'Trần Hưng Đạo'"), 2);
    /* xã Nguyễn Nghiêm and the old phường Nguyễn Nghiêm */
    CHECK_INT(get_id_of(s, "Nguyễn Nghiêm"), nn);
    CHECK_STR(member_code(s, "Cẩm Thành", "Nguyễn Nghiêm", buf, sizeof buf), "21025");
    CHECK_STR(member_code(s, "Nguyễn Nghiêm", "Nguyễn Nghiêm", buf, sizeof buf), "");

    /* partial membership taken from the table */
    CHECK_INT(cks_merger_from_table(s, "21136", NULL, NULL, &err), CKS_E_OK);
    CHECK_INT(cks_merger_from_table(s, "21157", "Hương Trà", NULL, &err), CKS_E_OK);
    CHECK_INT(scalar(s, "SELECT count(*) FROM member WHERE code = '21142' AND partial = 1"), 2);
    CHECK_INT(scalar(s, "SELECT count(*) FROM member WHERE partial = 1"), 2);

    /* refusals, nothing saved */
    before = snap(s);
    CHECK_INT(cks_merger_from_table(s, "21025", NULL, NULL, &err), CKS_E_EXISTS);
    CHECK_INT(cks_merger_from_table(s, "2102", NULL, NULL, &err), CKS_E_INVALID);
    CHECK_INT(cks_merger_from_table(s, "210250", NULL, NULL, &err), CKS_E_INVALID);
    CHECK_INT(cks_merger_from_table(s, "99999", NULL, NULL, &err), CKS_E_NOTFOUND);
    CHECK(strstr(err.msg, "99999") != NULL);
    CHECK_INT(cks_merger_from_table(s, "21548", NULL, NULL, &err), CKS_E_INVALID); /* Lý Sơn */
    CHECK(strstr(err.msg, "Lý Sơn") != NULL);
    CHECK_INT(cks_merger_from_table(s, "21040", "Nguyễn Nghiêm", NULL, &err), CKS_E_INVALID);
    CHECK_STR(err.field, "--seat");
    CHECK(same_snap(before, snap(s)));

    /* by hand with the table: a name the table cannot tell apart */
    add_refused(s, CKS_E_INVALID, "23308", "Phường Nghĩa Lộ", NULL,
                (const char *const[]){"Phường Trần Hưng Đạo"}, 1, NULL, 0, NULL);
    add_refused(s, CKS_E_INVALID, "21022", "Phường Nghĩa Lộ", NULL,
                (const char *const[]){"Phường Trần Hưng Đạo"}, 1, NULL, 0, NULL);
    add_refused(s, CKS_E_INVALID, "21439", "Phường Đức Phổ", NULL,
                (const char *const[]){"Phường Nguyễn Nghiêm"}, 1, NULL, 0, NULL);
    /* a code the table knows, with another name or type */
    add_refused(s, CKS_E_INVALID, "Nguyễn Nghiêm", "Phường Nghĩa Lộ", NULL,
                (const char *const[]){"21025:Phường Cẩm Thành"}, 1, NULL, 0, NULL);
    add_refused(s, CKS_E_INVALID, "21457", "21457:Phường Nguyễn Nghiêm", NULL,
                (const char *const[]){"21445:Xã Phổ Phong"}, 1, NULL, 0, NULL);
    add_refused(s, CKS_E_INVALID, NULL, "21028:Xã Nghĩa Lộ", NULL,
                (const char *const[]){"21010:Phường Lê Hồng Phong"}, 1, NULL, 0, NULL);
    /* the whole-member rule across table and hand */
    add_refused(s, CKS_E_EXISTS, NULL, "Phường Nghĩa Lộ", NULL,
                (const char *const[]){"21022:Phường Trần Hưng Đạo"}, 1, NULL, 0, NULL);
    add_refused(s, CKS_E_EXISTS, NULL, "Phường Nghĩa Lộ", NULL,
                (const char *const[]){"Phường Nghĩa Chánh"}, 1, NULL, 0, NULL);

    /* remove a member, then give it by code to another merger */
    CHECK_INT(cks_merger_remove_member(s, "Cẩm Thành", "21022", &err), CKS_E_OK);
    CHECK_INT(cks_merger_get(s, "21025", &m, &err), CKS_E_OK);
    CHECK_INT(m.n_members, 3);
    CHECK(member_with(&m, "21022") == NULL);
    cks_merger_free(&m);
    long nl = add_ok(s, "Phường Nghĩa Lộ", NULL,
                     (const char *const[]){"21022:Phường Trần Hưng Đạo", "Phường Lê Hồng Phong"},
                     2, NULL, 0, NULL);
    if (nl && cks_merger_get_id(s, nl, &m, &err) == CKS_E_OK) {
        CHECK_STR(m.unit.code, "21028");
        CHECK(member_with(&m, "21022") != NULL);
        CHECK(member_with(&m, "21010") != NULL); /* its code from the table */
        cks_merger_free(&m);
    }
    CHECK_STR(member_code(s, "Đăk Bla", "Trần Hưng Đạo", buf, sizeof buf), "23308");

    /* certificates keep a member and a merger from being removed */
    char sql[300];
    snprintf(sql, sizeof sql,
             "INSERT INTO cert(serial, member_id, kind, body, holder, valid_to)"
             " SELECT '54030A13', id, 'org', 'ubnd', 'UBND xã Bình Mỹ', '2026-01-01'"
             " FROM member WHERE code = '21106'");
    CHECK_INT(sqlite3_exec(cks_store_db(s), sql, NULL, NULL, NULL), SQLITE_OK);
    before = snap(s);
    CHECK_INT(cks_merger_remove_member(s, "Bình Chương", "Bình Mỹ", &err), CKS_E_INVALID);
    CHECK(strstr(err.msg, "1") != NULL);
    CHECK_INT(cks_merger_remove(s, "21100", &err), CKS_E_INVALID);
    CHECK(same_snap(before, snap(s)));
    CHECK_INT(cks_merger_remove_member(s, "Bình Chương", "21100", &err), CKS_E_OK);
    CHECK_INT(sqlite3_exec(cks_store_db(s), "DELETE FROM cert", NULL, NULL, NULL), SQLITE_OK);
    CHECK_INT(cks_merger_remove(s, "21100", &err), CKS_E_OK);
    CHECK_INT(get_id_of(s, "21100"), -1);
    CHECK_INT(scalar(s, "SELECT count(*) FROM member WHERE code IN ('21100', '21106')"), 0);
    /* and from the table again */
    CHECK_INT(cks_merger_from_table(s, "21100", NULL, &bc, &err), CKS_E_OK);
    CHECK_INT(scalar(s, "SELECT count(*) FROM member WHERE code IN ('21100', '21106')"), 2);
    cks_store_close(s);
}

/* The extract has no column of today's province; naming the province must
 * still never turn Kon Tum's phường Trần Hưng Đạo into Quảng Ngãi's. */
static void test_extract_province(void)
{
    cks_store *s = with_table("quang-ngai.csv");
    if (!s)
        return;
    cks_error err;
    long id = 0;
    const char *const thd[] = {"23302:Phường Lê Lợi", "Phường Trần Hưng Đạo"};
    snapshot before = snap(s);
    cks_err e = add(s, "Phường Đăk Bla", "Quảng Ngãi", thd, 2, NULL, 0, NULL, &id, &err);
    CHECK_INT(e, CKS_E_INVALID);
    CHECK(strstr(err.msg, "23308") != NULL && strstr(err.msg, "21022") != NULL);
    CHECK_INT(scalar(s, "SELECT count(*) FROM member WHERE code = '21022'"), 0);
    CHECK(same_snap(before, snap(s)));
    /* with its code it is accepted, and the new unit gets its code from the
     * table although the table does not say which province it is in */
    const char *const thd_code[] = {"23302:Phường Lê Lợi", "23308:Phường Trần Hưng Đạo"};
    long db = add_ok(s, "Phường Đăk Bla", "Quảng Ngãi", thd_code, 2, NULL, 0, NULL);
    CHECK(db > 0);
    CHECK_INT(scalar(s, "SELECT count(*) FROM merger WHERE new_code = '23302'"
                        " AND province = 'Quảng Ngãi'"),
              1);
    CHECK_INT(scalar(s, "SELECT count(*) FROM member WHERE code = '23308'"
                        " AND district = 'Thành phố Kon Tum'"),
              1);
    CHECK_INT(scalar(s, "SELECT count(*) FROM member WHERE code = '23302'"), 1);
    /* and a name the extract knows once is given its code */
    CHECK_INT(cks_merger_add_member(s, db, "Phường Nguyễn Trãi", false, &err), CKS_E_OK);
    CHECK_INT(scalar(s, "SELECT count(*) FROM member WHERE code = '23305'"), 1);
    cks_store_close(s);
}

/* ------------------------------------------------------------ national */

static void test_national(void)
{
    cks_store *s = with_table("nso-old-to-new.tsv");
    if (!s)
        return;
    char buf[256];
    cks_error err;
    cks_merger m;
    long ct = 0, db = 0;
    CHECK_INT(cks_merger_from_table(s, "21025", "21025", &ct, &err), CKS_E_OK);
    CHECK_INT(cks_merger_from_table(s, "23302", NULL, &db, &err), CKS_E_OK);
    if (ct && cks_merger_get_id(s, ct, &m, &err) == CKS_E_OK) {
        CHECK_STR(m.province, "Tỉnh Quảng Ngãi");
        CHECK_INT(m.n_members, 4);
        cks_merger_free(&m);
    }
    /* Kon Tum joined Quảng Ngãi: both Trần Hưng Đạo are in the province now */
    if (db && cks_merger_get_id(s, db, &m, &err) == CKS_E_OK) {
        CHECK_STR(m.province, "Tỉnh Quảng Ngãi");
        const cks_member *mb = member_with(&m, "23308");
        CHECK(mb != NULL);
        if (mb) {
            CHECK_STR(mb->district, "Thành phố Kon Tum");
            CHECK_STR(mb->province, "Tỉnh Kon Tum");
        }
        cks_merger_free(&m);
    }
    CHECK_STR(member_code(s, "Cẩm Thành", "Trần Hưng Đạo", buf, sizeof buf), "21022");
    CHECK_STR(member_code(s, "Đăk Bla", "Trần Hưng Đạo", buf, sizeof buf), "23308");
    CHECK_INT(cks_merger_remove(s, "23302", &err), CKS_E_OK);
    /* by name: the table has ten old phường Trần Hưng Đạo; in the province
     * of the new unit (given, or taken from the table) still two */
    const char *const thd[] = {"23302:Phường Lê Lợi", "Phường Trần Hưng Đạo"};
    add_refused(s, CKS_E_INVALID, "23308", "Phường Đăk Bla", NULL, thd, 2, NULL, 0, NULL);
    add_refused(s, CKS_E_INVALID, "21022", "Phường Đăk Bla", "Quảng Ngãi", thd, 2, NULL, 0, NULL);
    /* with its code it is accepted */
    long id = add_ok(s, "Phường Đăk Bla", NULL,
                     (const char *const[]){"23302:Phường Lê Lợi", "23308:Phường Trần Hưng Đạo"}, 2,
                     NULL, 0, NULL);
    CHECK_STR(member_code(s, "Đăk Bla", "Trần Hưng Đạo", buf, sizeof buf), "23308");
    CHECK(id > 0);
    /* one new unit, two spellings of its name in the table (05941) */
    long dt = add_ok(s, "Xã Điềm Thụy", NULL,
                     (const char *const[]){"Xã Điềm Thuỵ", "Xã Nga My", "Xã Hà Châu",
                                           "Xã Thượng Đình"},
                     4, (const char *const[]){"Thượng Đình"}, 1, "Điềm Thụy");
    if (dt && cks_merger_get_id(s, dt, &m, &err) == CKS_E_OK) {
        CHECK_STR(m.unit.code, "05941");
        CHECK_STR(m.province, "Tỉnh Thái Nguyên");
        CHECK_INT(m.n_members, 4);
        const cks_member *mb = member_with(&m, "05932");
        CHECK(mb && mb->partial);
        mb = member_with(&m, "05941");
        CHECK(mb && mb->is_seat && !mb->partial);
        cks_merger_free(&m);
    }
    CHECK_INT(get_id_of(s, "Điềm Thuỵ"), dt);
    /* two new phường Trần Hưng Đạo (Hải Phòng, Hưng Yên): two mergers,
     * shown by code; the name alone does not choose between them */
    long hp = 0, hy = 0;
    CHECK_INT(cks_merger_from_table(s, "10570", NULL, &hp, &err), CKS_E_OK);
    CHECK_INT(cks_merger_from_table(s, "12452", NULL, &hy, &err), CKS_E_OK);
    CHECK(hp > 0 && hy > 0 && hp != hy);
    CHECK_INT(get_id_of(s, "10570"), hp);
    CHECK_INT(get_id_of(s, "12452"), hy);
    CHECK_INT(cks_merger_get(s, "Phường Trần Hưng Đạo", &m, &err), CKS_E_INVALID);
    CHECK_INT(cks_merger_remove(s, "Trần Hưng Đạo", &err), CKS_E_INVALID);
    CHECK_INT(get_id_of(s, "10570"), hp);
    /* by hand, the name of a new unit the table has twice needs its code */
    CHECK_INT(cks_merger_remove(s, "12452", &err), CKS_E_OK);
    add_refused(s, CKS_E_INVALID, "12452", "Phường Trần Hưng Đạo", NULL,
                (const char *const[]){"12452:Phường Trần Hưng Đạo"}, 1, NULL, 0, NULL);
    CHECK(add_ok(s, "12452:Phường Trần Hưng Đạo", NULL,
                 (const char *const[]){"12452:Phường Trần Hưng Đạo"}, 1, NULL, 0, NULL));
    cks_store_close(s);
}

static void test_no_table_from_table(void)
{
    cks_store *s = fresh();
    if (!s)
        return;
    cks_error err;
    snapshot before = snap(s);
    CHECK_INT(cks_merger_from_table(s, "21025", NULL, NULL, &err), CKS_E_NOTFOUND);
    CHECK(strstr(err.msg, "import") != NULL);
    CHECK(same_snap(before, snap(s)));
    cks_merger_list all;
    CHECK_INT(cks_merger_list_all(s, &all, &err), CKS_E_OK);
    CHECK_INT(all.count, 0);
    cks_merger_list_free(&all);
    CHECK_INT(cks_merger_get(s, "21025", &(cks_merger){0}, &err), CKS_E_NOTFOUND);
    CHECK_INT(cks_merger_remove(s, "21025", &err), CKS_E_NOTFOUND);
    CHECK_INT(cks_merger_get_id(s, 1, &(cks_merger){0}, &err), CKS_E_NOTFOUND);
    cks_store_close(s);
}

int main(void)
{
    const char *base = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/cks-merger-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    RUN(test_by_hand);
    RUN(test_refusals);
    RUN(test_partial);
    RUN(test_no_table_from_table);
    RUN(test_from_table);
    RUN(test_extract_province);
    RUN(test_national);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    return check_summary();
}
