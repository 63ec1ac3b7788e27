/* test_decide.c — the decision rules (cks/decide.h, domain/RULES.md) as a
 * pure function: mergers, members and certificates built in memory, no
 * session. One test per rule and case, with the statistics office's own
 * units (Quảng Ngãi extract; the national table where the province has no
 * example: Sa Pa, Nà Hang, Điềm Thuỵ, Chi Lăng, Tân Thành, Hải Châu).
 *
 * Every row is checked for its action, rule, form (cks_action_form), target
 * and the words of its reason that name the units and the why.
 *
 * Precomposed (NFC) Vietnamese is written as it is; decomposed (NFD) text
 * with \x escapes for the combining marks.
 */
#include "cks/decide.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

/* ------------------------------------------------------------ fixture */

enum { MAX_MERGERS = 4, MAX_MEMBERS = 8, MAX_CERTS = 48, MAX_OVERRIDES = 8, MAX_SPLITS = 4 };

typedef struct fixture {
    cks_merger mergers[MAX_MERGERS];
    cks_member members[MAX_MERGERS][MAX_MEMBERS];
    size_t n_mergers;
    cks_cert certs[MAX_CERTS];
    size_t n_certs;
    cks_override overrides[MAX_OVERRIDES];
    size_t n_overrides;
    cks_split_info splits[MAX_SPLITS];
    size_t n_splits;
    bool stale_off;
    cks_decide_input in;
    cks_plan plan;
} fixture;

static fixture F;

/* The text of a row of F.plan, formatted on demand (cks/decide.h). Each
 * call gets its own buffer among a few in turn, so that several can be
 * used in one expression. */
static char *text_buf(void)
{
    static char bufs[8][2048];
    static unsigned next;
    return bufs[next++ % 8];
}

static const char *R(const cks_decision *d)
{
    return cks_decision_reason(&F.plan, d, text_buf(), 2048);
}

static const char *T(const cks_decision *d)
{
    return cks_decision_target(d, text_buf(), 2048);
}

static const char *W(const cks_decision *d)
{
    return cks_decision_warning(&F.plan, d, text_buf(), 2048);
}

/* The effective date of the mergers. */
#define EFFECTIVE "2025-07-01"

static void reset(void)
{
    cks_plan_free(&F.plan);
    memset(&F, 0, sizeof F);
}

/* A failed check of a helper, reported at the caller's line. */
static void note(int line, bool ok, const char *fmt, ...)
{
    if (ok) {
        check_passed_++;
        return;
    }
    check_failed_++;
    fprintf(stderr, "%s:%d: %s: ", __FILE__, line, check_current_);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static cks_date day(const char *iso)
{
    cks_date d;
    memset(&d, 0, sizeof d);
    if (!cks_date_parse_iso(iso, &d)) {
        check_failed_++;
        fprintf(stderr, "%s: bad date in the test: %s\n", check_current_, iso);
    }
    return d;
}

static cks_unit_ref unit(const char *code, cks_unit_type type, const char *name)
{
    cks_unit_ref u;
    memset(&u, 0, sizeof u);
    snprintf(u.code, sizeof u.code, "%s", code);
    u.type = type;
    snprintf(u.name, sizeof u.name, "%s", name);
    return u;
}

/* A merger: new unit code/type/name in province. Ids are 1, 2, … */
static cks_merger *merger(const char *code, cks_unit_type type, const char *name,
                          const char *province)
{
    size_t i = F.n_mergers++;
    cks_merger *m = &F.mergers[i];
    m->id = (long)i + 1;
    m->unit = unit(code, type, name);
    snprintf(m->province, sizeof m->province, "%s", province ? province : "");
    m->members = F.members[i];
    return m;
}

/* An old unit of m. Ids are 100 × the merger's id + 1, 2, … */
static cks_member *member(cks_merger *m, const char *code, cks_unit_type type, const char *name)
{
    cks_member *mb = &m->members[m->n_members++];
    mb->id = m->id * 100 + (long)m->n_members;
    mb->unit = unit(code, type, name);
    return mb;
}

static const cks_merger *merger_of(const cks_member *mb)
{
    for (size_t i = 0; i < F.n_mergers; i++)
        for (size_t k = 0; k < F.mergers[i].n_members; k++)
            if (&F.mergers[i].members[k] == mb)
                return &F.mergers[i];
    return NULL;
}

/* A certificate of old unit mb, valid from 2023-03-20 to valid_to, active.
 * Ids are 1, 2, … (0 would name a body's `new` row in an override). */
static cks_cert *cert(const cks_member *mb, cks_kind kind, cks_body body, const char *holder,
                      const char *serial, const char *valid_to)
{
    const cks_merger *m = merger_of(mb);
    cks_cert *c = &F.certs[F.n_certs++];
    cks_cert_init(c);
    c->id = (long)F.n_certs;
    c->member_id = mb->id;
    c->merger_id = m->id;
    c->unit = &mb->unit;
    c->new_unit = &m->unit;
    c->kind = kind;
    c->body = body;
    c->holder = holder;
    snprintf(c->serial, sizeof c->serial, "%s", serial);
    c->valid_from = day("2023-03-20");
    c->valid_to = day(valid_to);
    c->status = CKS_STATUS_ACTIVE;
    return c;
}

static cks_cert *org(const cks_member *mb, cks_body body, const char *holder, const char *serial,
                     const char *valid_to)
{
    return cert(mb, CKS_KIND_ORG, body, holder, serial, valid_to);
}

static cks_cert *person(const cks_member *mb, cks_body body, const char *holder,
                        const char *position, const char *id_number, const char *serial,
                        const char *valid_to, cks_after after, const char *new_position)
{
    cks_cert *c = cert(mb, CKS_KIND_PERSON, body, holder, serial, valid_to);
    c->position = position;
    snprintf(c->id_number, sizeof c->id_number, "%s", id_number ? id_number : "");
    c->after = after;
    c->new_position = new_position ? new_position : "";
    return c;
}

static void split(const cks_member *mb, const char *others)
{
    cks_split_info *s = &F.splits[F.n_splits++];
    s->member_id = mb->id;
    snprintf(s->others, sizeof s->others, "%s", others);
}

static cks_override *override(const cks_cert *c, cks_action action, const char *reason)
{
    cks_override *o = &F.overrides[F.n_overrides++];
    memset(o, 0, sizeof *o);
    o->cert_id = c->id;
    o->merger_id = c->merger_id;
    o->body = c->body;
    o->action = action;
    snprintf(o->reason, sizeof o->reason, "%s", reason);
    return o;
}

static void build_input(const char *date)
{
    memset(&F.in, 0, sizeof F.in);
    F.in.mergers = F.mergers;
    F.in.n_mergers = F.n_mergers;
    F.in.certs = F.certs;
    F.in.n_certs = F.n_certs;
    F.in.overrides = F.overrides;
    F.in.n_overrides = F.n_overrides;
    F.in.splits = F.splits;
    F.in.n_splits = F.n_splits;
    F.in.date = day(date);
    F.in.check_stale_hierarchy = !F.stale_off;
}

/* Decide on date (YYYY-MM-DD). */
static void decide(const char *date)
{
    cks_error err;
    cks_error_clear(&err);
    cks_plan_free(&F.plan);
    build_input(date);
    cks_err e = cks_decide(&F.in, &F.plan, &err);
    CHECK_INT(e, CKS_E_OK);
    if (e)
        fprintf(stderr, "  cks_decide: %s\n", err.msg);
}

/* The row of the certificate with this serial (exactly one). */
static const cks_decision *find(const char *serial)
{
    const cks_decision *found = NULL;
    int n = 0;
    for (size_t i = 0; i < F.plan.count; i++)
        if (F.plan.rows[i].cert && strcmp(F.plan.rows[i].cert->serial, serial) == 0) {
            found = &F.plan.rows[i];
            n++;
        }
    return n == 1 ? found : NULL;
}

/* The row of serial has this action, rule and form; returns it (NULL when
 * missing, reported). */
static const cks_decision *expect_row(int line, const char *serial, const char *action,
                                      const char *rule, const char *form)
{
    const cks_decision *d = find(serial);
    note(line, d != NULL, "no single row for certificate %s", serial);
    if (!d)
        return NULL;
    note(line, strcmp(cks_action_key(d->action), action) == 0 &&
                   strcmp(cks_rule_id(d->rule), rule) == 0 &&
                   strcmp(cks_action_form(d->action), form) == 0,
         "%s: got %s %s form '%s', wanted %s %s form '%s'\n  reason: %s", serial,
         cks_action_key(d->action), cks_rule_id(d->rule), cks_action_form(d->action), action,
         rule, form, R(d));
    return d;
}

/* The `new` rows of body in merger m: exactly one, returned. */
static const cks_decision *expect_new_row(int line, const cks_merger *m, cks_body body)
{
    const cks_decision *found = NULL;
    int n = 0;
    for (size_t i = 0; i < F.plan.count; i++) {
        const cks_decision *d = &F.plan.rows[i];
        if (!d->cert && d->merger_id == m->id && d->body == body) {
            found = d;
            n++;
        }
    }
    note(line, n == 1, "%d `new` rows for body %s of merger %s, wanted 1", n, cks_body_key(body),
         m->unit.name);
    return n == 1 ? found : NULL;
}

static void expect_has(int line, const char *text, const char *needle, bool want)
{
    bool has = text && strstr(text, needle) != NULL;
    note(line, has == want, "%s '%s' in: %s", want ? "wanted" : "did not want", needle,
         text ? text : "(null)");
}

#define ROW(serial, action, rule, form) expect_row(__LINE__, (serial), (action), (rule), (form))
#define NEW_ROW(m, body) expect_new_row(__LINE__, (m), (body))
#define HAS(text, needle) expect_has(__LINE__, (text), (needle), true)
#define LACKS(text, needle) expect_has(__LINE__, (text), (needle), false)

/* Rows of merger m (0: all) that are `new` rows (no certificate). */
static size_t count_new_rows(long merger_id)
{
    size_t n = 0;
    for (size_t i = 0; i < F.plan.count; i++)
        n += !F.plan.rows[i].cert && (!merger_id || F.plan.rows[i].merger_id == merger_id);
    return n;
}

/* Rows of body in merger m whose action is a. */
static size_t count_action(long merger_id, cks_kind kind, cks_body body, cks_action a)
{
    size_t n = 0;
    for (size_t i = 0; i < F.plan.count; i++) {
        const cks_decision *d = &F.plan.rows[i];
        n += d->merger_id == merger_id && d->kind == kind && d->body == body && d->action == a;
    }
    return n;
}

/* cks_decide_check_override() on the fixture's input as it stands. */
static cks_err check_override(const cks_override *o, cks_error *err)
{
    build_input(EFFECTIVE);
    cks_error_clear(err);
    return cks_decide_check_override(&F.in, o, err);
}

static cks_override proposal(const cks_cert *c, cks_action action)
{
    cks_override o;
    memset(&o, 0, sizeof o);
    o.cert_id = c->id;
    o.merger_id = c->merger_id;
    o.body = c->body;
    o.action = action;
    snprintf(o.reason, sizeof o.reason, "%s", "the unit's meeting of 25/6/2025");
    return o;
}

/* ------------------------------------------------------------ the letter */

/* Letter II.1.a: the xã Bình Mỹ and Bình Chương keep the name Bình Chương:
 * keep Bình Chương's certificates, revoke Bình Mỹ's — body by body. */
static void test_letter_o1_binh_chuong(void)
{
    reset();
    cks_merger *m = merger("21100", CKS_UT_XA, "Bình Chương", "Quảng Ngãi");
    cks_member *bc = member(m, "21100", CKS_UT_XA, "Bình Chương");
    cks_member *bm = member(m, "21106", CKS_UT_XA, "Bình Mỹ");
    bc->is_seat = true;
    org(bc, CKS_BODY_UBND, "UBND xã Bình Chương", "2101", "2028-04-10");
    org(bm, CKS_BODY_UBND, "UBND xã Bình Mỹ", "2111", "2028-12-31"); /* lasts longer */
    org(bc, CKS_BODY_HDND, "HĐND xã Bình Chương", "2102", "2028-04-10");
    org(bm, CKS_BODY_HDND, "HĐND xã Bình Mỹ", "2112", "2028-04-10");
    org(bm, CKS_BODY_PARTY, "Đảng ủy xã Bình Mỹ", "2113", "2029-02-01");
    decide(EFFECTIVE);

    const cks_decision *d = ROW("2101", "keep", "O1", "");
    if (d) {
        HAS(R(d), "xã Bình Chương (21100) keeps the name of xã Bình Chương (21100)");
        HAS(R(d), "kept as it is");
        CHECK_STR(T(d), "");
        CHECK(!d->collect_token && !d->record_loss && !d->overridden);
        CHECK(d->recommended == CKS_ACT_KEEP);
        CHECK(d->kind == CKS_KIND_ORG && d->body == CKS_BODY_UBND && d->merger == m);
    }
    d = ROW("2111", "revoke", "O1", "05");
    if (d) {
        HAS(R(d), "keeps the name of xã Bình Chương (21100)");
        HAS(R(d), "the certificate of xã Bình Mỹ (21106) is revoked");
        CHECK(d->collect_token);
        CHECK_STR(T(d), "");
    }
    /* each body on its own */
    ROW("2102", "keep", "O1", "");
    ROW("2112", "revoke", "O1", "05");
    /* Bình Chương has no Đảng ủy certificate: Bình Mỹ's is changed (O2) */
    d = ROW("2113", "change", "O2", "04");
    if (d) {
        CHECK_STR(T(d), "Đảng ủy xã Bình Chương");
        HAS(R(d), "xã Bình Chương (21100), whose name is kept, has no valid");
        HAS(R(d), cks_body_label(CKS_BODY_PARTY));
        HAS(R(d), "Đảng ủy xã Bình Mỹ");
    }
    CHECK_INT(count_new_rows(0), 0);
    CHECK_INT(F.plan.count, 5);
}

/* Letter II.1.b: Nguyễn Nghiêm, Trần Hưng Đạo, Nghĩa Chánh and Chánh Lộ
 * become phường Cẩm Thành: change Nguyễn Nghiêm's (its code 21025 is the
 * new unit's), revoke the others. No seat is marked here, and Nghĩa
 * Chánh's certificate lasts longer: the code decides. */
static void test_letter_o2_cam_thanh(void)
{
    reset();
    cks_merger *m = merger("21025", CKS_UT_PHUONG, "Cẩm Thành", "Quảng Ngãi");
    cks_member *nc = member(m, "21019", CKS_UT_PHUONG, "Nghĩa Chánh");
    cks_member *thd = member(m, "21022", CKS_UT_PHUONG, "Trần Hưng Đạo");
    cks_member *nn = member(m, "21025", CKS_UT_PHUONG, "Nguyễn Nghiêm");
    cks_member *cl = member(m, "21031", CKS_UT_PHUONG, "Chánh Lộ");
    org(nc, CKS_BODY_UBND, "UBND phường Nghĩa Chánh", "0A11", "2028-09-30");
    org(thd, CKS_BODY_UBND, "UBND phường Trần Hưng Đạo", "0A12", "2028-03-20");
    org(nn, CKS_BODY_UBND, "UBND phường Nguyễn Nghiêm", "0A13", "2028-03-20");
    org(cl, CKS_BODY_UBND, "UBND phường Chánh Lộ", "0A14", "2028-03-20");
    decide(EFFECTIVE);

    const cks_decision *d = ROW("0A13", "change", "O2", "04");
    if (d) {
        CHECK_STR(R(d), "new name; the certificate of UBND phường Nguyễn Nghiêm is chosen: "
                        "its code 21025 is the new unit's code; change of information to "
                        "UBND phường Cẩm Thành");
        CHECK_STR(T(d), "UBND phường Cẩm Thành");
        CHECK(!d->collect_token);
    }
    static const char *const others[][2] = {{"0A11", "UBND phường Nghĩa Chánh"},
                                            {"0A12", "UBND phường Trần Hưng Đạo"},
                                            {"0A14", "UBND phường Chánh Lộ"}};
    for (size_t i = 0; i < 3; i++) {
        d = ROW(others[i][0], "revoke", "O2", "05");
        if (!d)
            continue;
        HAS(R(d), "the certificate of UBND phường Nguyễn Nghiêm is kept for UBND phường "
                  "Cẩm Thành");
        HAS(R(d), others[i][1]);
        CHECK(d->collect_token);
    }
    CHECK_INT(count_action(m->id, CKS_KIND_ORG, CKS_BODY_UBND, CKS_ACT_CHANGE), 1);
    CHECK_INT(count_action(m->id, CKS_KIND_ORG, CKS_BODY_UBND, CKS_ACT_REVOKE), 3);
    /* the chosen one comes first */
    CHECK(F.plan.count == 4 && strcmp(F.plan.rows[0].cert->serial, "0A13") == 0);
}

/* ------------------------------------------------------------ the name */

/* Thị trấn Mộ Đức (21400) and three xã become xã Mộ Đức: the name is kept
 * but the type changes — O1, change of information to UBND xã Mộ Đức. */
static void test_type_change_thi_tran_to_xa(void)
{
    reset();
    cks_merger *m = merger("21400", CKS_UT_XA, "Mộ Đức", "Quảng Ngãi");
    cks_member *tt = member(m, "21400", CKS_UT_THI_TRAN, "Mộ Đức");
    cks_member *dh = member(m, "21424", CKS_UT_XA, "Đức Hòa");
    cks_member *dt = member(m, "21427", CKS_UT_XA, "Đức Tân");
    cks_member *dp = member(m, "21430", CKS_UT_XA, "Đức Phú");
    org(tt, CKS_BODY_UBND, "UBND thị trấn Mộ Đức", "1101", "2027-05-01");
    org(dh, CKS_BODY_UBND, "UBND xã Đức Hòa", "1102", "2029-05-01");
    org(dt, CKS_BODY_UBND, "UBND xã Đức Tân", "1103", "2028-05-01");
    org(dp, CKS_BODY_UBND, "UBND xã Đức Phú", "1104", "2028-05-01");
    person(tt, CKS_BODY_UBND, "Nguyễn Văn An", "Chủ tịch UBND", "051075000001", "1111",
           "2028-01-01", CKS_AFTER_CONTINUE, NULL);
    decide(EFFECTIVE);

    const cks_decision *d = ROW("1101", "change", "O1", "04");
    if (d) {
        CHECK_STR(T(d), "UBND xã Mộ Đức");
        HAS(R(d), "xã Mộ Đức (21400) keeps the name of thị trấn Mộ Đức (21400)");
        HAS(R(d), "becomes a xã");
        HAS(R(d), "change of information to UBND xã Mộ Đức");
    }
    static const char *const others[] = {"1102", "1103", "1104"};
    for (size_t i = 0; i < 3; i++) {
        d = ROW(others[i], "revoke", "O1", "05");
        if (d)
            HAS(R(d), "keeps the name of thị trấn Mộ Đức (21400)");
    }
    /* the person's organisation changes name too (thị trấn → xã) */
    d = ROW("1111", "change", "P1", "04");
    if (d) {
        CHECK_STR(T(d), "UBND xã Mộ Đức");
        HAS(R(d), "Nguyễn Văn An continues in UBND xã Mộ Đức");
    }
}

/* xã Đăk Cấm (23311) and two phường become phường Đăk Cấm, whose code 23284
 * is Duy Tân's: the kept name decides (O1), the code is a hint for O2 only;
 * the seat (Duy Tân's office here) does not override O1 either. */
static void test_type_change_xa_to_phuong_code_is_no_override(void)
{
    reset();
    cks_merger *m = merger("23284", CKS_UT_PHUONG, "Đăk Cấm", "Quảng Ngãi");
    cks_member *dtan = member(m, "23284", CKS_UT_PHUONG, "Duy Tân");
    cks_member *nm = member(m, "23296", CKS_UT_PHUONG, "Ngô Mây");
    cks_member *dc = member(m, "23311", CKS_UT_XA, "Đăk Cấm");
    dtan->is_seat = true;
    org(dtan, CKS_BODY_UBND, "UBND phường Duy Tân", "2301", "2029-01-01");
    org(nm, CKS_BODY_UBND, "UBND phường Ngô Mây", "2302", "2029-01-01");
    org(dc, CKS_BODY_UBND, "UBND xã Đăk Cấm", "2303", "2027-01-01");
    decide(EFFECTIVE);

    const cks_decision *d = ROW("2303", "change", "O1", "04");
    if (d) {
        CHECK_STR(T(d), "UBND phường Đăk Cấm");
        HAS(R(d), "keeps the name of xã Đăk Cấm (23311)");
        HAS(R(d), "becomes a phường");
    }
    d = ROW("2301", "revoke", "O1", "05");
    if (d)
        HAS(R(d), "the certificate of phường Duy Tân (23284) is revoked");
    ROW("2302", "revoke", "O1", "05");
}

/* New xã Nguyễn Nghiêm (21457) ← Phổ Phong (21445), Phổ Nhơn (21457): a NEW
 * name. It is not phường Nguyễn Nghiêm (21025) of Cẩm Thành, which is no
 * member — even with that merger in the same plan. */
static void test_name_clash_xa_nguyen_nghiem(void)
{
    reset();
    cks_merger *ct = merger("21025", CKS_UT_PHUONG, "Cẩm Thành", "Quảng Ngãi");
    cks_member *nn = member(ct, "21025", CKS_UT_PHUONG, "Nguyễn Nghiêm");
    cks_member *thd = member(ct, "21022", CKS_UT_PHUONG, "Trần Hưng Đạo");
    cks_merger *xn = merger("21457", CKS_UT_XA, "Nguyễn Nghiêm", "Quảng Ngãi");
    cks_member *pp = member(xn, "21445", CKS_UT_XA, "Phổ Phong");
    cks_member *pn = member(xn, "21457", CKS_UT_XA, "Phổ Nhơn");
    org(nn, CKS_BODY_UBND, "UBND phường Nguyễn Nghiêm", "0A13", "2028-03-20");
    org(thd, CKS_BODY_UBND, "UBND phường Trần Hưng Đạo", "0A12", "2028-03-20");
    org(pp, CKS_BODY_UBND, "UBND xã Phổ Phong", "4501", "2029-12-31"); /* lasts longer */
    org(pn, CKS_BODY_UBND, "UBND xã Phổ Nhơn", "4502", "2028-03-20");
    decide(EFFECTIVE);

    const cks_decision *d = ROW("4502", "change", "O2", "04");
    if (d) {
        HAS(R(d), "new name");
        HAS(R(d), "its code 21457 is the new unit's code");
        LACKS(R(d), "keeps the name");
        LACKS(R(d), "phường Nguyễn Nghiêm");
        CHECK_STR(T(d), "UBND xã Nguyễn Nghiêm");
    }
    d = ROW("4501", "revoke", "O2", "05");
    if (d)
        HAS(R(d), "this one of UBND xã Phổ Phong is revoked");
    /* Cẩm Thành is decided on its own */
    d = ROW("0A13", "change", "O2", "04");
    if (d)
        CHECK_STR(T(d), "UBND phường Cẩm Thành");
    ROW("0A12", "revoke", "O2", "05");
    for (size_t i = 0; i < F.plan.count; i++)
        if (F.plan.rows[i].merger_id == xn->id)
            LACKS(R(&F.plan.rows[i]), "21025");
}

/* "Điềm Thụy" (old spelling of the tone mark) and "Điềm Thuỵ" are one name:
 * xã Điềm Thuỵ (05941) keeps the name of xã Điềm Thụy (05941). Unicode form
 * and case are ignored too. */
static void test_tone_mark_placement(void)
{
    reset();
    cks_merger *m = merger("05941", CKS_UT_XA, "Điềm Thuỵ", "Thái Nguyên");
    cks_member *dt = member(m, "05941", CKS_UT_XA, "Điềm Thụy");
    cks_member *nm = member(m, "05956", CKS_UT_XA, "Nga My");
    cks_member *hc = member(m, "05968", CKS_UT_XA, "Hà Châu");
    org(dt, CKS_BODY_UBND, "UBND xã Điềm Thụy", "5901", "2028-01-01");
    org(nm, CKS_BODY_UBND, "UBND xã Nga My", "5902", "2029-01-01");
    org(hc, CKS_BODY_UBND, "UBND xã Hà Châu", "5903", "2029-01-01");
    decide(EFFECTIVE);
    const cks_decision *d = ROW("5901", "keep", "O1", "");
    if (d)
        HAS(R(d), "keeps the name of xã Điềm Thụy (05941)");
    ROW("5902", "revoke", "O1", "05");
    ROW("5903", "revoke", "O1", "05");

    /* the same with the new name in NFD, upper case and spaced out; the
     * member "Hoà" (old placement) against "HÒA" */
    reset();
    m = merger("", CKS_UT_XA, "\xc4\x90i" "e\xcc\x82\xcc\x80m  THU\xcc\xa3Y", "");
    dt = member(m, "", CKS_UT_XA, "Điềm Thuỵ");
    nm = member(m, "", CKS_UT_XA, "Nga My");
    org(dt, CKS_BODY_UBND, "UBND xã Điềm Thuỵ", "5901", "2028-01-01");
    org(nm, CKS_BODY_UBND, "UBND xã Nga My", "5902", "2029-01-01");
    decide(EFFECTIVE);
    ROW("5901", "keep", "O1", "");
    ROW("5902", "revoke", "O1", "05");

    reset();
    m = merger("", CKS_UT_XA, "Đức HÒA", "");
    cks_member *hoa = member(m, "", CKS_UT_XA, "Đức Hoà");
    nm = member(m, "", CKS_UT_XA, "Đức Tân");
    org(hoa, CKS_BODY_UBND, "UBND xã Đức Hoà", "2401", "2028-01-01");
    org(nm, CKS_BODY_UBND, "UBND xã Đức Tân", "2402", "2029-01-01");
    decide(EFFECTIVE);
    ROW("2401", "keep", "O1", "");
    ROW("2402", "revoke", "O1", "05");
}

/* Accents are not ignored: phường Sa Pa (03006) ← Sa Pa (03001), Sa Pả
 * (03002), Phan Si Păng (03006), …: the name of Sa Pa is kept (exactly);
 * Sa Pả matches only without accents and does not make it a question. The
 * new code 03006 is Phan Si Păng's: no override of O1. */
static void test_accents_sa_pa(void)
{
    reset();
    cks_merger *m = merger("03006", CKS_UT_PHUONG, "Sa Pa", "Lào Cai");
    cks_member *sp = member(m, "03001", CKS_UT_PHUONG, "Sa Pa");
    cks_member *spa = member(m, "03002", CKS_UT_PHUONG, "Sa Pả");
    cks_member *ps = member(m, "03006", CKS_UT_PHUONG, "Phan Si Păng");
    org(sp, CKS_BODY_UBND, "UBND phường Sa Pa", "0301", "2027-01-01");
    org(spa, CKS_BODY_UBND, "UBND phường Sa Pả", "0302", "2029-01-01");
    org(ps, CKS_BODY_UBND, "UBND phường Phan Si Păng", "0303", "2029-01-01");
    decide(EFFECTIVE);
    const cks_decision *d = ROW("0301", "keep", "O1", "");
    if (d)
        HAS(R(d), "keeps the name of phường Sa Pa (03001)");
    d = ROW("0302", "revoke", "O1", "05");
    if (d)
        HAS(R(d), "the certificate of phường Sa Pả (03002) is revoked");
    ROW("0303", "revoke", "O1", "05");
}

/* A name that matches only without accents: xã Nà Hang (02221) ← thị trấn
 * Na Hang (02221), Năng Khả, Thanh Tương. The officer is asked (O4), every
 * valid certificate of the body; nothing is guessed. */
static void test_accents_na_hang_asks(void)
{
    reset();
    cks_merger *m = merger("02221", CKS_UT_XA, "Nà Hang", "Tuyên Quang");
    cks_member *nh = member(m, "02221", CKS_UT_THI_TRAN, "Na Hang");
    cks_member *nk = member(m, "02281", CKS_UT_XA, "Năng Khả");
    cks_member *tt = member(m, "02284", CKS_UT_XA, "Thanh Tương");
    org(nh, CKS_BODY_UBND, "UBND thị trấn Na Hang", "0201", "2028-01-01");
    org(nk, CKS_BODY_UBND, "UBND xã Năng Khả", "0202", "2028-01-01");
    org(tt, CKS_BODY_UBND, "UBND xã Thanh Tương", "0203", "2028-01-01");
    org(tt, CKS_BODY_HDND, "HĐND xã Thanh Tương", "0204", "2024-01-01"); /* expired */
    decide(EFFECTIVE);
    static const char *const serials[] = {"0201", "0202", "0203"};
    for (size_t i = 0; i < 3; i++) {
        const cks_decision *d = ROW(serials[i], "ask", "O4", "");
        if (!d)
            continue;
        HAS(R(d), "xã Nà Hang (02221) matches thị trấn Na Hang (02221) only without accents");
        CHECK_STR(T(d), "");
    }
    CHECK_INT(count_action(m->id, CKS_KIND_ORG, CKS_BODY_UBND, CKS_ACT_KEEP) +
                  count_action(m->id, CKS_KIND_ORG, CKS_BODY_UBND, CKS_ACT_CHANGE) +
                  count_action(m->id, CKS_KIND_ORG, CKS_BODY_UBND, CKS_ACT_REVOKE),
              0);
    /* a body with no valid certificate needs a new one whatever the name */
    ROW("0204", "none", "X1", "");
    NEW_ROW(m, CKS_BODY_HDND);
}

/* Two members share the kept name: xã Chi Lăng (06463) ← thị trấn Chi Lăng
 * (06466), xã Chi Lăng (06523): ask (O4) naming both. */
static void test_shared_name_asks(void)
{
    reset();
    cks_merger *m = merger("06463", CKS_UT_XA, "Chi Lăng", "Lạng Sơn");
    cks_member *tt = member(m, "06466", CKS_UT_THI_TRAN, "Chi Lăng");
    cks_member *xa = member(m, "06523", CKS_UT_XA, "Chi Lăng");
    org(tt, CKS_BODY_UBND, "UBND thị trấn Chi Lăng", "0601", "2028-01-01");
    org(xa, CKS_BODY_UBND, "UBND xã Chi Lăng", "0602", "2029-01-01");
    decide(EFFECTIVE);
    static const char *const serials[] = {"0601", "0602"};
    for (size_t i = 0; i < 2; i++) {
        const cks_decision *d = ROW(serials[i], "ask", "O4", "");
        if (!d)
            continue;
        HAS(R(d), "shares its name with several old units");
        HAS(R(d), "thị trấn Chi Lăng (06466)");
        HAS(R(d), "xã Chi Lăng (06523)");
    }

    /* phường Tân Thành (32025) ← phường Tân Thành (32025), xã Tân Thành
     * (32026): the same type and the same code as one of them still do not
     * decide — the table's own case of O4 */
    reset();
    m = merger("32025", CKS_UT_PHUONG, "Tân Thành", "Cà Mau");
    cks_member *p = member(m, "32025", CKS_UT_PHUONG, "Tân Thành");
    xa = member(m, "32026", CKS_UT_XA, "Tân Thành");
    p->is_seat = true;
    org(p, CKS_BODY_UBND, "UBND phường Tân Thành", "3201", "2028-01-01");
    org(xa, CKS_BODY_UBND, "UBND xã Tân Thành", "3202", "2028-01-01");
    decide(EFFECTIVE);
    ROW("3201", "ask", "O4", "");
    ROW("3202", "ask", "O4", "");
}

/* ------------------------------------------------------------ O1, O2, O3 */

/* O2 order: valid first, then the seat, the new unit's code, the latest
 * expiry, the lowest old code. Each step in its own merger of Cẩm Thành's
 * members. */
static cks_merger *cam_thanh(cks_member **nc, cks_member **thd, cks_member **nn,
                             cks_member **cl)
{
    reset();
    cks_merger *m = merger("21025", CKS_UT_PHUONG, "Cẩm Thành", "Quảng Ngãi");
    *nc = member(m, "21019", CKS_UT_PHUONG, "Nghĩa Chánh");
    *thd = member(m, "21022", CKS_UT_PHUONG, "Trần Hưng Đạo");
    *nn = member(m, "21025", CKS_UT_PHUONG, "Nguyễn Nghiêm");
    *cl = member(m, "21031", CKS_UT_PHUONG, "Chánh Lộ");
    return m;
}

/* 1. valid first: the seat and the code have only an expired, a revoked
 * and a lost certificate; Chánh Lộ's is the only valid one */
static void test_o2_valid_first(void)
{
    cks_member *nc, *thd, *nn, *cl;
    const cks_decision *d;
    cam_thanh(&nc, &thd, &nn, &cl);
    nn->is_seat = true;
    org(nn, CKS_BODY_UBND, "UBND phường Nguyễn Nghiêm", "0A13", "2025-06-30");
    org(nn, CKS_BODY_UBND, "UBND phường Nguyễn Nghiêm", "0A23", "2028-01-01")->status =
        CKS_STATUS_REVOKED;
    org(nn, CKS_BODY_UBND, "UBND phường Nguyễn Nghiêm", "0A33", "2029-01-01")->status =
        CKS_STATUS_LOST;
    org(cl, CKS_BODY_UBND, "UBND phường Chánh Lộ", "0A14", "2027-01-01");
    decide(EFFECTIVE);
    d = ROW("0A14", "change", "O2", "04");
    if (d)
        HAS(R(d), "UBND phường Chánh Lộ is chosen: it is the only valid one");
    ROW("0A13", "none", "X1", "");
    ROW("0A23", "none", "X1", "");
    ROW("0A33", "revoke", "X2", "05");
}

/* 2. the seat before the code */
static void test_o2_seat_before_code(void)
{
    cks_member *nc, *thd, *nn, *cl;
    const cks_decision *d;
    cam_thanh(&nc, &thd, &nn, &cl);
    thd->is_seat = true;
    org(nn, CKS_BODY_UBND, "UBND phường Nguyễn Nghiêm", "0A13", "2029-01-01");
    org(thd, CKS_BODY_UBND, "UBND phường Trần Hưng Đạo", "0A12", "2027-01-01");
    decide(EFFECTIVE);
    d = ROW("0A12", "change", "O2", "04");
    if (d) {
        HAS(R(d), "its unit is the seat of the new unit");
        LACKS(R(d), "21025");
    }
    ROW("0A13", "revoke", "O2", "05");

    /* both: the seat and the code */
    cam_thanh(&nc, &thd, &nn, &cl);
    nn->is_seat = true;
    org(nn, CKS_BODY_UBND, "UBND phường Nguyễn Nghiêm", "0A13", "2027-01-01");
    org(thd, CKS_BODY_UBND, "UBND phường Trần Hưng Đạo", "0A12", "2029-01-01");
    decide(EFFECTIVE);
    d = ROW("0A13", "change", "O2", "04");
    if (d)
        HAS(R(d), "its unit is the seat of the new unit and its code 21025 is the new "
                  "unit's code");

}

/* 3. the code before the expiry: test_letter_o2_cam_thanh.
 * 4. the latest expiry (no seat, no member with the new code) */
static void test_o2_latest_expiry(void)
{
    cks_member *nc, *thd, *nn, *cl;
    const cks_decision *d;
    cam_thanh(&nc, &thd, &nn, &cl);
    org(nc, CKS_BODY_UBND, "UBND phường Nghĩa Chánh", "0A11", "2028-03-20");
    org(thd, CKS_BODY_UBND, "UBND phường Trần Hưng Đạo", "0A12", "2028-09-30");
    org(cl, CKS_BODY_UBND, "UBND phường Chánh Lộ", "0A14", "2028-03-20");
    decide(EFFECTIVE);
    d = ROW("0A12", "change", "O2", "04");
    if (d)
        HAS(R(d), "it is valid the longest (to 30/09/2028)");
    ROW("0A11", "revoke", "O2", "05");
    ROW("0A14", "revoke", "O2", "05");
}

/* 5. the lowest old code (same expiry) */
static void test_o2_lowest_code(void)
{
    cks_member *nc, *thd, *nn, *cl;
    const cks_decision *d;
    cam_thanh(&nc, &thd, &nn, &cl);
    org(cl, CKS_BODY_UBND, "UBND phường Chánh Lộ", "0A14", "2028-03-20");
    org(thd, CKS_BODY_UBND, "UBND phường Trần Hưng Đạo", "0A12", "2028-03-20");
    org(nc, CKS_BODY_UBND, "UBND phường Nghĩa Chánh", "0A11", "2028-03-20");
    decide(EFFECTIVE);
    d = ROW("0A11", "change", "O2", "04");
    if (d)
        HAS(R(d), "its unit has the lowest code");
    ROW("0A12", "revoke", "O2", "05");
    ROW("0A14", "revoke", "O2", "05");
}

/* O1 when the unit whose name is kept has no valid certificate of a body:
 * its expired one is X1, and one of the others is changed as for a new name. */
static void test_o1_kept_unit_without_valid_cert(void)
{
    reset();
    cks_merger *m = merger("21100", CKS_UT_XA, "Bình Chương", "Quảng Ngãi");
    cks_member *bc = member(m, "21100", CKS_UT_XA, "Bình Chương");
    cks_member *bm = member(m, "21106", CKS_UT_XA, "Bình Mỹ");
    org(bc, CKS_BODY_UBND, "UBND xã Bình Chương", "2101", "2024-04-10");
    org(bm, CKS_BODY_UBND, "UBND xã Bình Mỹ", "2111", "2028-04-10");
    decide(EFFECTIVE);
    const cks_decision *d = ROW("2101", "none", "X1", "");
    if (d)
        CHECK(d->collect_token);
    d = ROW("2111", "change", "O2", "04");
    if (d) {
        CHECK_STR(T(d), "UBND xã Bình Chương");
        HAS(R(d), "xã Bình Chương (21100), whose name is kept, has no valid UBND certificate");
        HAS(R(d), "the certificate of UBND xã Bình Mỹ is chosen");
        HAS(R(d), "change of information to UBND xã Bình Chương");
    }
    CHECK_INT(count_new_rows(m->id), 0);
}

/* The unit whose name is kept has two valid certificates of one body: the
 * one valid longest is kept, the other revoked (O1). */
static void test_o1_two_of_the_kept_unit(void)
{
    reset();
    cks_merger *m = merger("21100", CKS_UT_XA, "Bình Chương", "Quảng Ngãi");
    cks_member *bc = member(m, "21100", CKS_UT_XA, "Bình Chương");
    member(m, "21106", CKS_UT_XA, "Bình Mỹ");
    org(bc, CKS_BODY_UBND, "UBND xã Bình Chương", "2101", "2026-04-10");
    org(bc, CKS_BODY_UBND, "UBND xã Bình Chương", "2105", "2028-04-10");
    decide(EFFECTIVE);
    ROW("2105", "keep", "O1", "");
    const cks_decision *d = ROW("2101", "revoke", "O1", "05");
    if (d)
        HAS(R(d), "a second valid UBND certificate of xã Bình Chương (21100)");
}

/* O3: no old unit has a valid certificate of a body — one `new` row, empty
 * serial, form 02, saying so; the expired and revoked ones stay listed. */
static void test_o3_all_expired(void)
{
    cks_member *nc, *thd, *nn, *cl;
    cks_merger *m = cam_thanh(&nc, &thd, &nn, &cl);
    org(nc, CKS_BODY_MTTQ, "Ủy ban MTTQ Việt Nam phường Nghĩa Chánh", "0B05", "2024-11-01")
        ->status = CKS_STATUS_EXPIRED;
    org(cl, CKS_BODY_MTTQ, "Ủy ban MTTQ Việt Nam phường Chánh Lộ", "0B06", "2025-05-01");
    org(thd, CKS_BODY_MTTQ, "Ủy ban MTTQ Việt Nam phường Trần Hưng Đạo", "0B07", "2028-01-01")
        ->status = CKS_STATUS_REVOKED;
    org(nn, CKS_BODY_UBND, "UBND phường Nguyễn Nghiêm", "0A13", "2028-01-01");
    decide(EFFECTIVE);

    ROW("0B05", "none", "X1", "");
    ROW("0B06", "none", "X1", "");
    const cks_decision *d = ROW("0B07", "none", "X1", "");
    if (d)
        HAS(R(d), "already revoked");
    d = NEW_ROW(m, CKS_BODY_MTTQ);
    if (d) {
        CHECK(d->cert == NULL);
        CHECK_STR(cks_action_key(d->action), "new");
        CHECK_STR(cks_rule_id(d->rule), "O3");
        CHECK_STR(cks_action_form(d->action), "02");
        CHECK(d->kind == CKS_KIND_ORG && d->merger == m);
        CHECK_STR(T(d), "Ủy ban MTTQ Việt Nam phường Cẩm Thành");
        HAS(R(d), "no old unit has a valid MTTQ certificate");
        HAS(R(d), "Ủy ban MTTQ Việt Nam phường Cẩm Thành needs a new one (Mẫu 02)");
        HAS(R(d), "change, not new issuance");
        CHECK(!d->collect_token);
    }
    /* one `new` row in all: UBND has a valid certificate */
    CHECK_INT(count_new_rows(0), 1);
    ROW("0A13", "change", "O2", "04");

    /* a lost token still valid is no certificate to keep either */
    m = cam_thanh(&nc, &thd, &nn, &cl);
    org(cl, CKS_BODY_PARTY, "Đảng ủy phường Chánh Lộ", "0B02", "2029-01-15")->status =
        CKS_STATUS_LOST;
    decide(EFFECTIVE);
    ROW("0B02", "revoke", "X2", "05");
    d = NEW_ROW(m, CKS_BODY_PARTY);
    if (d)
        CHECK_STR(T(d), "Đảng ủy phường Cẩm Thành");
}

/* ------------------------------------------------------------ X1, X2 */

static void test_x1_expired_or_revoked(void)
{
    reset();
    cks_merger *m = merger("21100", CKS_UT_XA, "Bình Chương", "Quảng Ngãi");
    cks_member *bc = member(m, "21100", CKS_UT_XA, "Bình Chương");
    cks_member *bm = member(m, "21106", CKS_UT_XA, "Bình Mỹ");
    org(bc, CKS_BODY_UBND, "UBND xã Bình Chương", "2101", "2028-04-10");
    /* expired by its date although marked active */
    org(bm, CKS_BODY_UBND, "UBND xã Bình Mỹ", "2111", "2025-06-01");
    /* marked expired although its date is later: the status counts */
    org(bm, CKS_BODY_HDND, "HĐND xã Bình Mỹ", "2112", "2028-04-10")->status =
        CKS_STATUS_EXPIRED;
    org(bc, CKS_BODY_HDND, "HĐND xã Bình Chương", "2102", "2028-04-10");
    person(bm, CKS_BODY_UBND, "Phạm Văn Tâm", "Chủ tịch UBND xã", "051065001289", "2123",
           "2028-01-01", CKS_AFTER_CONTINUE, NULL)
        ->status = CKS_STATUS_REVOKED;
    decide(EFFECTIVE);
    const cks_decision *d = ROW("2111", "none", "X1", "");
    if (d) {
        HAS(R(d), "already expired: nothing to request; the token is still collected");
        CHECK(d->collect_token && !d->record_loss);
        CHECK(d->recommended == CKS_ACT_NONE);
    }
    ROW("2112", "none", "X1", "");
    d = ROW("2123", "none", "X1", "");
    if (d) {
        HAS(R(d), "already revoked");
        CHECK(d->collect_token);
    }
    /* listed, never dropped: five certificates, five rows */
    CHECK_INT(F.plan.count, 5);
    ROW("2101", "keep", "O1", "");
    ROW("2102", "keep", "O1", "");
}

static void test_x2_lost_token(void)
{
    reset();
    cks_merger *m = merger("21100", CKS_UT_XA, "Bình Chương", "Quảng Ngãi");
    cks_member *bc = member(m, "21100", CKS_UT_XA, "Bình Chương");
    cks_member *bm = member(m, "21106", CKS_UT_XA, "Bình Mỹ");
    /* the kept unit's certificate is lost: never kept; Bình Mỹ's is changed */
    org(bc, CKS_BODY_UBND, "UBND xã Bình Chương", "2101", "2028-04-10")->status =
        CKS_STATUS_LOST;
    org(bm, CKS_BODY_UBND, "UBND xã Bình Mỹ", "2111", "2028-04-10");
    person(bm, CKS_BODY_UBND, "Nguyễn Thị Lan", "Phó Chủ tịch UBND xã", "051183007765", "2122",
           "2028-05-02", CKS_AFTER_CONTINUE, NULL)
        ->status = CKS_STATUS_LOST;
    /* lost, but expired already: nothing to request, no token to collect */
    person(bc, CKS_BODY_UBND, "Trần Văn Hùng", "Chủ tịch UBND xã", "051078003412", "2121",
           "2024-05-02", CKS_AFTER_CONTINUE, NULL)
        ->status = CKS_STATUS_LOST;
    decide(EFFECTIVE);
    const cks_decision *d = ROW("2101", "revoke", "X2", "05");
    if (d) {
        CHECK(d->record_loss);
        CHECK(!d->collect_token);
        HAS(R(d), "the token is lost while the certificate is still valid");
        HAS(R(d), "Mẫu 09");
    }
    d = ROW("2111", "change", "O2", "04");
    if (d)
        CHECK_STR(T(d), "UBND xã Bình Chương");
    d = ROW("2122", "revoke", "X2", "05");
    if (d)
        CHECK(d->record_loss && !d->collect_token);
    d = ROW("2121", "none", "X1", "");
    if (d) {
        CHECK(!d->record_loss);
        CHECK(!d->collect_token);
        HAS(R(d), "token is lost");
    }
}

/* ------------------------------------------------------------ people */

static cks_merger *binh_chuong(cks_member **bc, cks_member **bm)
{
    reset();
    cks_merger *m = merger("21100", CKS_UT_XA, "Bình Chương", "Quảng Ngãi");
    *bc = member(m, "21100", CKS_UT_XA, "Bình Chương");
    *bm = member(m, "21106", CKS_UT_XA, "Bình Mỹ");
    return m;
}

static void test_p1_change_or_keep(void)
{
    cks_member *bc, *bm;
    binh_chuong(&bc, &bm);
    /* same body name, same post: plain keep */
    person(bc, CKS_BODY_UBND, "Trần Văn Hùng", "Chủ tịch UBND xã", "051078003412", "2121",
           "2028-05-02", CKS_AFTER_CONTINUE, NULL);
    /* the new post written as the old one (other case and spacing): same post */
    person(bc, CKS_BODY_HDND, "Lê Văn Sơn", "Chủ tịch HĐND xã", "051078003413", "2124",
           "2028-05-02", CKS_AFTER_CONTINUE, "chủ tịch  HĐND xã");
    /* same body name, new post: change */
    person(bc, CKS_BODY_UBND, "Võ Thị Hoa", "Công chức Tư pháp", "051078003414", "2125",
           "2028-05-02", CKS_AFTER_CONTINUE, "Phó Chủ tịch UBND xã Bình Chương");
    /* from Bình Mỹ: the body's name changes */
    person(bm, CKS_BODY_UBND, "Nguyễn Thị Lan", "Phó Chủ tịch UBND xã", "051183007765", "2122",
           "2028-05-02", CKS_AFTER_CONTINUE, NULL);
    decide(EFFECTIVE);
    const cks_decision *d = ROW("2121", "keep", "P1", "");
    if (d) {
        HAS(R(d), "Trần Văn Hùng continues in UBND xã Bình Chương, whose name is "
                  "unchanged, in the same post");
        CHECK_STR(T(d), "");
    }
    ROW("2124", "keep", "P1", "");
    d = ROW("2125", "change", "P1", "04");
    if (d) {
        CHECK_STR(T(d), "UBND xã Bình Chương");
        CHECK_STR(cks_decision_new_position(d), "Phó Chủ tịch UBND xã Bình Chương");
        HAS(R(d), "Võ Thị Hoa continues in UBND xã Bình Chương as Phó Chủ tịch UBND xã "
                  "Bình Chương: change of information");
    }
    d = ROW("2122", "change", "P1", "04");
    if (d) {
        CHECK_STR(T(d), "UBND xã Bình Chương");
        CHECK_STR(cks_decision_new_position(d), "Phó Chủ tịch UBND xã");
        HAS(R(d), "Nguyễn Thị Lan continues in UBND xã Bình Chương: change of information "
                  "(the organisation's name changes)");
    }

    /* a new name: everyone who continues is a change, to the new body */
    cks_member *nc, *thd, *nn, *cl;
    cam_thanh(&nc, &thd, &nn, &cl);
    person(nn, CKS_BODY_PARTY, "Bùi Văn Quang", "Bí thư Đảng ủy phường", "051068007753", "0C12",
           "2029-01-15", CKS_AFTER_CONTINUE, NULL);
    decide(EFFECTIVE);
    d = ROW("0C12", "change", "P1", "04");
    if (d)
        CHECK_STR(T(d), "Đảng ủy phường Cẩm Thành");
}

static void test_p2_leave_or_unused(void)
{
    cks_member *bc, *bm;
    binh_chuong(&bc, &bm);
    person(bm, CKS_BODY_UBND, "Phạm Văn Tâm", "Chủ tịch UBND xã", "051065001289", "2123",
           "2027-09-15", CKS_AFTER_LEAVE, NULL);
    person(bc, CKS_BODY_HDND, "Phan Thị Hoa", "Phó Chủ tịch HĐND xã", "051180004402", "2126",
           "2028-06-01", CKS_AFTER_UNUSED, NULL);
    decide(EFFECTIVE);
    const cks_decision *d = ROW("2123", "revoke", "P2", "05");
    if (d) {
        HAS(R(d), "Phạm Văn Tâm leaves: revoke the certificate and collect the token (Mẫu 08)");
        CHECK(d->collect_token);
    }
    d = ROW("2126", "revoke", "P2", "05");
    if (d) {
        HAS(R(d), "Phan Thị Hoa no longer needs a certificate");
        CHECK(d->collect_token);
    }
}

static void test_p3_duplicates(void)
{
    cks_member *nc, *thd, *nn, *cl;
    cam_thanh(&nc, &thd, &nn, &cl);
    /* by id number (the names are written differently) */
    person(nc, CKS_BODY_UBND, "Lê Thị Mai", "Phó Chủ tịch UBND phường", "051182009147", "0C08",
           "2026-03-01", CKS_AFTER_CONTINUE, NULL);
    person(nc, CKS_BODY_UBND, "LÊ THỊ  MAI", "Phó Chủ tịch UBND phường", "051182009147", "0C07",
           "2028-06-01", CKS_AFTER_CONTINUE, NULL);
    /* by name where no id number is given; three of them, the earliest
     * first: each revoked one names the one that is really kept */
    person(nn, CKS_BODY_UBND, "Đặng Thị Thu", "Công chức Tài chính - Kế toán", "", "0C06",
           "2026-06-01", CKS_AFTER_CONTINUE, NULL);
    person(thd, CKS_BODY_UBND, "Đặng Thị Thu", "Công chức Tài chính - Kế toán", "", "0C04",
           "2027-06-01", CKS_AFTER_CONTINUE, NULL);
    person(cl, CKS_BODY_UBND, "Đặng Thị Thu", "Công chức Tài chính - Kế toán", "", "0C05",
           "2028-06-01", CKS_AFTER_CONTINUE, NULL);
    /* the same person in another role (another body) is no duplicate */
    person(nc, CKS_BODY_PARTY, "Lê Thị Mai", "Đảng ủy viên", "051182009147", "0C09",
           "2027-01-01", CKS_AFTER_CONTINUE, NULL);
    /* the same name, another id number: another person */
    person(cl, CKS_BODY_UBND, "Lê Thị Mai", "Công chức Văn hóa", "051190000001", "0C10",
           "2027-01-01", CKS_AFTER_CONTINUE, NULL);
    decide(EFFECTIVE);

    const cks_decision *d = ROW("0C07", "change", "P1", "04");
    if (d)
        CHECK_STR(T(d), "UBND phường Cẩm Thành");
    d = ROW("0C08", "revoke", "P3", "05");
    if (d) {
        HAS(R(d), "holds another valid UBND certificate (0C07, valid to 01/06/2028)");
        CHECK_STR(T(d), "");
        CHECK_STR(cks_decision_new_position(d), "");
    }
    ROW("0C05", "change", "P1", "04");
    d = ROW("0C04", "revoke", "P3", "05");
    if (d)
        HAS(R(d), "(0C05, valid to 01/06/2028)");
    d = ROW("0C06", "revoke", "P3", "05");
    if (d)
        HAS(R(d), "(0C05, valid to 01/06/2028)");
    ROW("0C09", "change", "P1", "04");
    ROW("0C10", "change", "P1", "04");

    /* same expiry: the lowest serial stays, whatever the order of the input */
    binh_chuong(&nc, &thd);
    person(nc, CKS_BODY_UBND, "Trần Văn Hùng", "Chủ tịch UBND xã", "051078003412", "21B2",
           "2028-05-02", CKS_AFTER_CONTINUE, NULL);
    person(nc, CKS_BODY_UBND, "Trần Văn Hùng", "Chủ tịch UBND xã", "051078003412", "21A1",
           "2028-05-02", CKS_AFTER_CONTINUE, NULL);
    decide(EFFECTIVE);
    ROW("21A1", "keep", "P1", "");
    ROW("21B2", "revoke", "P3", "05");
}

/* Missing data is asked, never guessed: whether a holder continues. */
static void test_after_unset_asks(void)
{
    cks_member *bc, *bm;
    binh_chuong(&bc, &bm);
    person(bm, CKS_BODY_UBND, "Nguyễn Thị Lan", "Phó Chủ tịch UBND xã", "051183007765", "2122",
           "2028-05-02", CKS_AFTER_UNSET, NULL);
    decide(EFFECTIVE);
    const cks_decision *d = ROW("2122", "ask", "O4", "");
    if (d) {
        HAS(R(d), "it is not known whether Nguyễn Thị Lan continues in UBND xã Bình Chương");
        CHECK(!d->collect_token);
    }
}

/* Organisations of another kind are not paired by the rules: ask (O4). */
static void test_body_other_asks(void)
{
    cks_member *bc, *bm;
    cks_merger *m = binh_chuong(&bc, &bm);
    org(bc, CKS_BODY_OTHER, "Trạm Y tế xã Bình Chương", "2131", "2028-01-01");
    org(bm, CKS_BODY_OTHER, "Trạm Y tế xã Bình Mỹ", "2132", "2028-01-01");
    org(bm, CKS_BODY_OTHER, "Trường Tiểu học Bình Mỹ", "2133", "2023-01-01");
    decide(EFFECTIVE);
    const cks_decision *d = ROW("2131", "ask", "O4", "");
    if (d)
        HAS(R(d), "Trạm Y tế xã Bình Chương is not UBND, HĐND, Đảng ủy or MTTQ");
    ROW("2132", "ask", "O4", "");
    ROW("2133", "none", "X1", "");
    CHECK_INT(count_new_rows(m->id), 0);

    /* with none valid at all: listed (X1), and no `new` row — "other" is
     * no one body whose new certificate could be asked for */
    m = binh_chuong(&bc, &bm);
    org(bm, CKS_BODY_OTHER, "Trường Tiểu học Bình Mỹ", "2133", "2023-01-01");
    decide(EFFECTIVE);
    ROW("2133", "none", "X1", "");
    CHECK_INT(F.plan.count, 1);
    CHECK_INT(count_new_rows(m->id), 0);
}

/* ------------------------------------------------------------ stale names */

/* One O1 merger whose kept certificate's holder is holder, in province. */
static void stale_case(cks_unit_type type, const char *new_code, const char *name,
                       const char *province, const char *holder)
{
    reset();
    cks_merger *m = merger(new_code, type, name, province);
    cks_member *kept = member(m, new_code, type, name);
    cks_member *other = member(m, "99998", type, "Khác");
    org(kept, CKS_BODY_UBND, holder, "5101", "2028-01-01");
    org(other, CKS_BODY_UBND, "UBND Khác", "5102", "2028-01-01");
}

/* A district beyond the unit's own name: change; the setting off: keep. */
static void test_stale_district(void)
{
    const cks_decision *d;
    stale_case(CKS_UT_XA, "21100", "Bình Chương", "Quảng Ngãi",
               "UBND xã Bình Chương, huyện Bình Sơn");
    decide(EFFECTIVE);
    d = ROW("5101", "change", "O1", "04");
    if (d) {
        CHECK_STR(T(d), "UBND xã Bình Chương");
        HAS(R(d), "xã Bình Chương (21100) keeps the name of xã Bình Chương (21100), but "
                  "the certificate still names huyện Bình Sơn, which no longer exists");
    }
    ROW("5102", "revoke", "O1", "05");

    /* the setting off: kept as it is */
    F.stale_off = true;
    decide(EFFECTIVE);
    d = ROW("5101", "keep", "O1", "");
    if (d)
        HAS(R(d), "kept as it is");
}

/* Only what the holder says beyond the body and the unit's own name
 * counts, with its accents. */
static void test_stale_name_words(void)
{
    /* "Quận" is part of the name (a hypothetical xã Tứ Quận keeping its
     * name; the real 02464 went into xã Yên Sơn) */
    stale_case(CKS_UT_XA, "02464", "Tứ Quận", "Tuyên Quang", "UBND xã Tứ Quận");
    decide(EFFECTIVE);
    ROW("5101", "keep", "O1", "");

    stale_case(CKS_UT_XA, "02464", "Tứ Quận", "Tuyên Quang",
               "UBND xã Tứ Quận, tỉnh Tuyên Quang");
    decide(EFFECTIVE);
    ROW("5101", "keep", "O1", "");

    /* accents matter: "Quán" is no "quận" (a hypothetical phường Quán Thánh
     * keeping its name), even where the holder is written without accents
     * and the unit's own name cannot be found in it */
    stale_case(CKS_UT_PHUONG, "00013", "Quán Thánh", "Hà Nội", "UBND Phường Quán Thánh");
    decide(EFFECTIVE);
    ROW("5101", "keep", "O1", "");
    stale_case(CKS_UT_PHUONG, "00013", "Quán Thánh", "Hà Nội", "UBND phuong Quan Thanh");
    decide(EFFECTIVE);
    ROW("5101", "keep", "O1", "");
}

/* Today's province is not stale, an old one is. */
static void test_stale_province(void)
{
    const cks_decision *d;

    stale_case(CKS_UT_XA, "21100", "Bình Chương", "Quảng Ngãi",
               "UBND xã Bình Chương, tỉnh Quảng Ngãi");
    decide(EFFECTIVE);
    ROW("5101", "keep", "O1", "");
    stale_case(CKS_UT_XA, "21100", "Bình Chương", "Tỉnh Quảng Ngãi",
               "UBND xã Bình Chương, tỉnh Quảng Ngãi");
    decide(EFFECTIVE);
    ROW("5101", "keep", "O1", "");

    /* an old province: Kon Tum joined Quảng Ngãi (xã Ngọk Bay, 23317) */
    stale_case(CKS_UT_XA, "23317", "Ngọk Bay", "Quảng Ngãi", "UBND xã Ngọk Bay, tỉnh Kon Tum");
    decide(EFFECTIVE);
    d = ROW("5101", "change", "O1", "04");
    if (d)
        HAS(R(d), "the certificate still names tỉnh Kon Tum");
    /* …and without today's province, a province is not judged */
    stale_case(CKS_UT_XA, "23317", "Ngọk Bay", "", "UBND xã Ngọk Bay, tỉnh Kon Tum");
    decide(EFFECTIVE);
    ROW("5101", "keep", "O1", "");
}

/* District-level cities and towns are districts; a centrally run city is a
 * province. A type change is said before any of it. */
static void test_stale_cities(void)
{
    const cks_decision *d;

    /* a district-level city is a district: thành phố Quảng Ngãi is gone
     * (phường Nghĩa Lộ, 21028, keeps its name) */
    stale_case(CKS_UT_PHUONG, "21028", "Nghĩa Lộ", "Quảng Ngãi",
               "UBND phường Nghĩa Lộ, thành phố Quảng Ngãi");
    decide(EFFECTIVE);
    d = ROW("5101", "change", "O1", "04");
    if (d)
        HAS(R(d), "still names thành phố Quảng Ngãi");
    /* a thị xã too */
    stale_case(CKS_UT_PHUONG, "03001", "Sa Pa", "Lào Cai", "UBND phường Sa Pa, thị xã Sa Pa");
    decide(EFFECTIVE);
    d = ROW("5101", "change", "O1", "04");
    if (d)
        HAS(R(d), "still names thị xã Sa Pa");
    /* a centrally-run city is today's province (phường Hải Châu, Đà Nẵng) */
    stale_case(CKS_UT_PHUONG, "20242", "Hải Châu", "Đà Nẵng",
               "UBND phường Hải Châu, thành phố Đà Nẵng");
    decide(EFFECTIVE);
    ROW("5101", "keep", "O1", "");
    /* …but its abolished quận is stale, though it bears the unit's name */
    stale_case(CKS_UT_PHUONG, "20242", "Hải Châu", "Đà Nẵng",
               "UBND phường Hải Châu, quận Hải Châu, thành phố Đà Nẵng");
    decide(EFFECTIVE);
    d = ROW("5101", "change", "O1", "04");
    if (d)
        HAS(R(d), "still names quận Hải Châu");

    /* a type change is said first */
    reset();
    cks_merger *m = merger("21400", CKS_UT_XA, "Mộ Đức", "Quảng Ngãi");
    cks_member *tt = member(m, "21400", CKS_UT_THI_TRAN, "Mộ Đức");
    org(tt, CKS_BODY_UBND, "UBND thị trấn Mộ Đức, huyện Mộ Đức", "1101", "2028-01-01");
    decide(EFFECTIVE);
    d = ROW("1101", "change", "O1", "04");
    if (d)
        HAS(R(d), "becomes a xã");
}

/* ------------------------------------------------------------ the date */

static void test_date_judging(void)
{
    cks_member *bc, *bm;
    binh_chuong(&bc, &bm);
    org(bc, CKS_BODY_UBND, "UBND xã Bình Chương", "2101", "2025-06-30");
    org(bm, CKS_BODY_UBND, "UBND xã Bình Mỹ", "2111", "2028-04-10");
    /* on its last day it is valid and kept */
    decide("2025-06-30");
    ROW("2101", "keep", "O1", "");
    ROW("2111", "revoke", "O1", "05");
    /* the day after, it is expired; Bình Mỹ's is changed instead */
    decide("2025-07-01");
    ROW("2101", "none", "X1", "");
    ROW("2111", "change", "O2", "04");

    cks_cert c;
    cks_cert_init(&c);
    c.valid_to = day("2025-06-30");
    CHECK(cks_cert_valid_on(&c, day("2025-06-30")));
    CHECK(!cks_cert_valid_on(&c, day("2025-07-01")));
    c.status = CKS_STATUS_LOST;
    CHECK(!cks_cert_valid_on(&c, day("2025-06-30")));
    c.status = CKS_STATUS_REVOKED;
    CHECK(!cks_cert_valid_on(&c, day("2025-01-01")));
}

/* ------------------------------------------------------------ split units */

/* xã Trà Bùi (21142) went partly into xã Cà Đam (21136) and partly into
 * xã Tây Trà Bồng (21157): its rows warn, naming the other new unit. */
static void test_split_warning(void)
{
    reset();
    cks_merger *cd = merger("21136", CKS_UT_XA, "Cà Đam", "Quảng Ngãi");
    cks_member *tt = member(cd, "21136", CKS_UT_XA, "Trà Tân");
    cks_member *tb = member(cd, "21142", CKS_UT_XA, "Trà Bùi");
    tb->partial = true;
    cks_merger *ttb = merger("21157", CKS_UT_XA, "Tây Trà Bồng", "Quảng Ngãi");
    cks_member *tb2 = member(ttb, "21142", CKS_UT_XA, "Trà Bùi");
    cks_member *ht = member(ttb, "21157", CKS_UT_XA, "Hương Trà");
    tb2->partial = true;
    split(tb, "xã Tây Trà Bồng (21157)");
    split(tb2, "xã Cà Đam (21136)");
    org(tt, CKS_BODY_UBND, "UBND xã Trà Tân", "3601", "2028-01-01");
    org(tb, CKS_BODY_UBND, "UBND xã Trà Bùi", "3602", "2029-01-01");
    person(tb, CKS_BODY_UBND, "Hồ Văn Bình", "Chủ tịch UBND xã", "051080000001", "3611",
           "2028-01-01", CKS_AFTER_CONTINUE, NULL);
    org(ht, CKS_BODY_UBND, "UBND xã Hương Trà", "5701", "2028-01-01");
    decide(EFFECTIVE);

    const cks_decision *d = ROW("3601", "change", "O2", "04");
    if (d)
        CHECK_STR(W(d), "");
    d = ROW("3602", "revoke", "O2", "05");
    if (d) {
        HAS(W(d), "xã Trà Bùi (21142) was split");
        HAS(W(d), "xã Tây Trà Bồng (21157)");
        HAS(W(d), "here xã Cà Đam (21136)");
    }
    d = ROW("3611", "change", "P1", "04");
    if (d)
        HAS(W(d), "xã Tây Trà Bồng (21157)");
    d = ROW("5701", "change", "O2", "04");
    if (d)
        CHECK_STR(W(d), "");

    /* partial with nothing known of the other part */
    F.n_splits = 0;
    decide(EFFECTIVE);
    d = ROW("3602", "revoke", "O2", "05");
    if (d)
        HAS(W(d), "only part of xã Trà Bùi (21142) went into xã Cà Đam (21136)");
}

/* ------------------------------------------------------------ determinism */

/* A plan with every kind of row (the demo's certificates). */
static void demo_like(void)
{
    reset();
    cks_merger *ct = merger("21025", CKS_UT_PHUONG, "Cẩm Thành", "Quảng Ngãi");
    cks_member *nc = member(ct, "21019", CKS_UT_PHUONG, "Nghĩa Chánh");
    cks_member *thd = member(ct, "21022", CKS_UT_PHUONG, "Trần Hưng Đạo");
    cks_member *nn = member(ct, "21025", CKS_UT_PHUONG, "Nguyễn Nghiêm");
    cks_member *cl = member(ct, "21031", CKS_UT_PHUONG, "Chánh Lộ");
    nn->is_seat = true;
    cks_merger *bcm = merger("21100", CKS_UT_XA, "Bình Chương", "Quảng Ngãi");
    cks_member *bc = member(bcm, "21100", CKS_UT_XA, "Bình Chương");
    cks_member *bm = member(bcm, "21106", CKS_UT_XA, "Bình Mỹ");
    bc->is_seat = true;
    org(nn, CKS_BODY_UBND, "UBND phường Nguyễn Nghiêm", "0A13", "2028-03-20");
    org(thd, CKS_BODY_UBND, "UBND phường Trần Hưng Đạo", "0A12", "2028-03-20");
    org(nc, CKS_BODY_UBND, "UBND phường Nghĩa Chánh", "0A11", "2028-09-30");
    org(cl, CKS_BODY_UBND, "UBND phường Chánh Lộ", "0A14", "2028-03-20");
    org(nn, CKS_BODY_HDND, "HĐND phường Nguyễn Nghiêm", "0B01", "2028-03-20");
    org(nc, CKS_BODY_HDND, "HĐND phường Nghĩa Chánh", "0B03", "2028-03-20");
    org(cl, CKS_BODY_PARTY, "Đảng ủy phường Chánh Lộ", "0B02", "2029-01-15")->status =
        CKS_STATUS_LOST;
    org(thd, CKS_BODY_PARTY, "Đảng ủy phường Trần Hưng Đạo", "0B04", "2029-01-15");
    org(nc, CKS_BODY_MTTQ, "Ủy ban MTTQ Việt Nam phường Nghĩa Chánh", "0B05", "2024-11-01")
        ->status = CKS_STATUS_EXPIRED;
    person(nc, CKS_BODY_UBND, "Lê Thị Mai", "Phó Chủ tịch UBND phường", "051182009147", "0C07",
           "2028-06-01", CKS_AFTER_CONTINUE, "Phó Chủ tịch UBND phường Cẩm Thành");
    person(nc, CKS_BODY_UBND, "Lê Thị Mai", "Phó Chủ tịch UBND phường", "051182009147", "0C08",
           "2026-03-01", CKS_AFTER_CONTINUE, "Phó Chủ tịch UBND phường Cẩm Thành");
    person(thd, CKS_BODY_UBND, "Huỳnh Văn Phúc", "Phó Chủ tịch UBND phường", "051070006614",
           "0C03", "2027-10-10", CKS_AFTER_LEAVE, NULL);
    person(cl, CKS_BODY_UBND, "Trương Công Định", "Chủ tịch UBND phường", "051072008830",
           "0C10", "2028-06-01", CKS_AFTER_CONTINUE, NULL)
        ->status = CKS_STATUS_LOST;
    org(bc, CKS_BODY_UBND, "UBND xã Bình Chương, huyện Bình Sơn", "2101", "2028-04-10");
    org(bc, CKS_BODY_HDND, "HĐND xã Bình Chương", "2102", "2028-04-10");
    org(bm, CKS_BODY_UBND, "UBND xã Bình Mỹ, huyện Bình Sơn", "2111", "2028-04-10");
    org(bm, CKS_BODY_MTTQ, "Ủy ban MTTQ Việt Nam xã Bình Mỹ", "2114", "2024-06-01")->status =
        CKS_STATUS_EXPIRED;
    person(bc, CKS_BODY_UBND, "Trần Văn Hùng", "Chủ tịch UBND xã", "051078003412", "2121",
           "2028-05-02", CKS_AFTER_CONTINUE, NULL);
    person(bm, CKS_BODY_UBND, "Nguyễn Thị Lan", "Phó Chủ tịch UBND xã", "051183007765", "2122",
           "2028-05-02", CKS_AFTER_UNSET, NULL);
}

static bool same_rows(const cks_plan *a, const cks_plan *b)
{
    if (a->count != b->count)
        return false;
    char bx[2048], by[2048];
    for (size_t i = 0; i < a->count; i++) {
        const cks_decision *x = &a->rows[i], *y = &b->rows[i];
        if (x->cert != y->cert || x->merger != y->merger || x->merger_id != y->merger_id ||
            x->kind != y->kind || x->body != y->body || x->action != y->action ||
            x->rule != y->rule || x->recommended != y->recommended ||
            x->overridden != y->overridden || x->record_loss != y->record_loss ||
            x->collect_token != y->collect_token ||
            strcmp(cks_decision_reason(a, x, bx, sizeof bx),
                   cks_decision_reason(b, y, by, sizeof by)) ||
            strcmp(cks_decision_target(x, bx, sizeof bx), cks_decision_target(y, by, sizeof by)) ||
            strcmp(cks_decision_new_position(x), cks_decision_new_position(y)) ||
            strcmp(cks_decision_override_reason(x), cks_decision_override_reason(y)) ||
            strcmp(cks_decision_warning(a, x, bx, sizeof bx),
                   cks_decision_warning(b, y, by, sizeof by)))
            return false;
    }
    return true;
}

static void test_determinism(void)
{
    demo_like();
    decide(EFFECTIVE);
    cks_plan first = F.plan;
    F.plan.rows = NULL;
    F.plan.count = 0;
    decide(EFFECTIVE);
    CHECK(first.count == 21);
    CHECK(same_rows(&first, &F.plan));
    cks_plan_free(&first);

    /* rows are grouped by merger, organisations before people */
    for (size_t i = 1; i < F.plan.count; i++) {
        const cks_decision *p = &F.plan.rows[i - 1], *d = &F.plan.rows[i];
        if (p->merger_id == d->merger_id)
            CHECK(!(p->kind == CKS_KIND_PERSON && d->kind == CKS_KIND_ORG));
        else
            CHECK(p->merger_id < d->merger_id);
    }

    /* the O2 choice does not depend on the order of the input */
    reset();
    cks_member *nc, *thd, *nn, *cl;
    cam_thanh(&nc, &thd, &nn, &cl);
    org(cl, CKS_BODY_UBND, "UBND phường Chánh Lộ", "0A14", "2028-03-20");
    org(thd, CKS_BODY_UBND, "UBND phường Trần Hưng Đạo", "0A12", "2028-03-20");
    org(thd, CKS_BODY_UBND, "UBND phường Trần Hưng Đạo", "0A02", "2028-03-20");
    decide(EFFECTIVE);
    ROW("0A02", "change", "O2", "04");
    cam_thanh(&nc, &thd, &nn, &cl);
    org(thd, CKS_BODY_UBND, "UBND phường Trần Hưng Đạo", "0A02", "2028-03-20");
    org(thd, CKS_BODY_UBND, "UBND phường Trần Hưng Đạo", "0A12", "2028-03-20");
    org(cl, CKS_BODY_UBND, "UBND phường Chánh Lộ", "0A14", "2028-03-20");
    decide(EFFECTIVE);
    ROW("0A02", "change", "O2", "04");
}

/* ------------------------------------------------------------ overrides */

static const cks_cert *by_serial(const char *serial)
{
    for (size_t i = 0; i < F.n_certs; i++)
        if (strcmp(F.certs[i].serial, serial) == 0)
            return &F.certs[i];
    return NULL;
}

/* Overrides in the input are applied: the officer's action, marked, with
 * the reason; the rules' own recommendation kept beside it. */
/* A decision that no longer holds is put back to the officer: the
 * certificate kept was since marked lost; two decisions (or undoing one)
 * leave one body with two certificates. Never applied silently. */
/* P3 never lets two people decide each other's certificates: "Nguyễn Văn
 * An" with id X, another without an id, a third with id Y. The one without
 * an id cannot be told to be X or Y, so nobody's certificate is revoked
 * because of someone else's. */
static void test_p3_two_people_one_name(void)
{
    cks_member *bc, *bm;
    binh_chuong(&bc, &bm);
    person(bm, CKS_BODY_UBND, "Nguyễn Văn An", "Công chức", "111111111111", "AAAA0000",
           "2027-01-01", CKS_AFTER_CONTINUE, NULL);
    person(bm, CKS_BODY_UBND, "Nguyễn Văn An", "Công chức", NULL, "AAAA0001", "2028-01-01",
           CKS_AFTER_CONTINUE, NULL);
    person(bm, CKS_BODY_UBND, "Nguyễn Văn An", "Công chức", "222222222222", "AAAA0002",
           "2029-01-01", CKS_AFTER_CONTINUE, NULL);
    decide(EFFECTIVE);
    ROW("AAAA0000", "change", "P1", "04");
    ROW("AAAA0001", "change", "P1", "04");
    ROW("AAAA0002", "change", "P1", "04");

    /* with one id group of that name, the row without an id is that person */
    reset();
    binh_chuong(&bc, &bm);
    person(bm, CKS_BODY_UBND, "Nguyễn Văn An", "Công chức", "111111111111", "AAAA0000",
           "2027-01-01", CKS_AFTER_CONTINUE, NULL);
    person(bm, CKS_BODY_UBND, "nguyễn  văn an", "Công chức", NULL, "AAAA0001", "2028-01-01",
           CKS_AFTER_CONTINUE, NULL);
    person(bm, CKS_BODY_UBND, "Nguyễn Văn Bình", "Công chức", "222222222222", "AAAA0002",
           "2029-01-01", CKS_AFTER_CONTINUE, NULL);
    decide(EFFECTIVE);
    const cks_decision *d = ROW("AAAA0000", "revoke", "P3", "05");
    if (d)
        HAS(R(d), "AAAA0001");
    ROW("AAAA0001", "change", "P1", "04");
    ROW("AAAA0002", "change", "P1", "04");
}

static void test_overrides_that_no_longer_hold(void)
{
    demo_like();
    override(by_serial("0A12"), CKS_ACT_CHANGE, "Trần Hưng Đạo's token is newer");
    override(by_serial("0A13"), CKS_ACT_REVOKE, "Trần Hưng Đạo's token is newer");
    /* since then, Trần Hưng Đạo's token was lost */
    ((cks_cert *)by_serial("0A12"))->status = CKS_STATUS_LOST;
    decide(EFFECTIVE);
    const cks_decision *d = ROW("0A12", "ask", "X2", "");
    if (d) {
        CHECK(d->overridden);
        CHECK(d->recommended == CKS_ACT_REVOKE);
        HAS(R(d), "decide again");
        HAS(R(d), "lost");
        CHECK(!d->collect_token);
    }

    /* two certificates changed for one body: both decisions are asked again */
    demo_like();
    override(by_serial("0A12"), CKS_ACT_CHANGE, "Trần Hưng Đạo's");
    override(by_serial("0A11"), CKS_ACT_CHANGE, "Nghĩa Chánh's");
    decide(EFFECTIVE);
    d = ROW("0A12", "ask", "O2", "");
    if (d)
        HAS(R(d), "two certificates");
    d = ROW("0A11", "ask", "O2", "");
    if (d)
        HAS(R(d), "two certificates");
    /* the rules' own choice, not overridden, stands */
    ROW("0A13", "change", "O2", "04");
    /* and proposing the second one of them is refused outright */
    demo_like();
    override(by_serial("0A12"), CKS_ACT_CHANGE, "Trần Hưng Đạo's");
    override(by_serial("0A13"), CKS_ACT_REVOKE, "Trần Hưng Đạo's");
    build_input(EFFECTIVE);
    cks_override o = proposal(by_serial("0A11"), CKS_ACT_CHANGE);
    cks_error err;
    CHECK_INT(check_override(&o, &err), CKS_E_INVALID);
    HAS(err.msg, "two certificates");
}

static void test_overrides_applied(void)
{
    demo_like();
    override(by_serial("0A13"), CKS_ACT_REVOKE, "Trần Hưng Đạo's token is newer");
    override(by_serial("0A12"), CKS_ACT_CHANGE, "Trần Hưng Đạo's token is newer");
    cks_override *o = &F.overrides[F.n_overrides++];
    memset(o, 0, sizeof *o);
    o->merger_id = 1;
    o->body = CKS_BODY_MTTQ;
    o->action = CKS_ACT_NONE;
    snprintf(o->reason, sizeof o->reason, "%s", "the MTTQ uses the province's certificate");
    decide(EFFECTIVE);

    const cks_decision *d = ROW("0A13", "revoke", "O2", "05");
    if (d) {
        CHECK(d->overridden);
        CHECK(d->recommended == CKS_ACT_CHANGE);
        CHECK_STR(cks_decision_override_reason(d), "Trần Hưng Đạo's token is newer");
        CHECK_STR(T(d), "");
        CHECK(d->collect_token);
        HAS(R(d), "new name; the certificate of UBND phường Nguyễn Nghiêm is chosen");
    }
    d = ROW("0A12", "change", "O2", "04");
    if (d) {
        CHECK(d->overridden && d->recommended == CKS_ACT_REVOKE);
        CHECK_STR(T(d), "UBND phường Cẩm Thành");
        CHECK(!d->collect_token);
    }
    d = NEW_ROW(&F.mergers[0], CKS_BODY_MTTQ);
    if (d) {
        CHECK_STR(cks_action_key(d->action), "none");
        CHECK_STR(cks_action_form(d->action), "");
        CHECK(d->overridden && d->recommended == CKS_ACT_NEW);
        /* the row still names the body it is about */
        CHECK_STR(T(d), "Ủy ban MTTQ Việt Nam phường Cẩm Thành");
        CHECK(!d->collect_token);
    }
    /* the rest is untouched */
    d = ROW("0A11", "revoke", "O2", "05");
    if (d)
        CHECK(!d->overridden);
}

static void expect_refused(int line, const cks_override *o, const char *why)
{
    cks_error err;
    cks_err e = check_override(o, &err);
    note(line, e == CKS_E_INVALID, "override refused with INVALID, got %s (%s)",
         cks_error_name(e), err.msg);
    if (e)
        expect_has(line, err.msg, why, true);
}

static void expect_accepted(int line, const cks_override *o)
{
    cks_error err;
    cks_err e = check_override(o, &err);
    note(line, e == CKS_E_OK, "override accepted, got %s (%s)", cks_error_name(e), err.msg);
}

#define REFUSED(o, why) expect_refused(__LINE__, (o), (why))
#define ACCEPTED(o) expect_accepted(__LINE__, (o))

static void test_check_override(void)
{
    demo_like();
    cks_override o;

    /* two certificates kept for one body of one new unit */
    o = proposal(by_serial("0A12"), CKS_ACT_CHANGE);
    REFUSED(&o, "UBND phường Cẩm Thành would then have two certificates (0A12 and 0A13)");
    o = proposal(by_serial("0A12"), CKS_ACT_KEEP);
    REFUSED(&o, "two certificates");
    o = proposal(by_serial("2111"), CKS_ACT_KEEP); /* O1: 2101 is changed */
    REFUSED(&o, "UBND xã Bình Chương would then have two certificates (2111 and 2101)");
    /* a lost token kept (X2), even as a change */
    o = proposal(by_serial("0B02"), CKS_ACT_KEEP);
    REFUSED(&o, "the token of 0B02 is lost");
    o = proposal(by_serial("0C10"), CKS_ACT_CHANGE);
    REFUSED(&o, "the token of 0C10 is lost");
    /* an expired certificate kept */
    o = proposal(by_serial("0B05"), CKS_ACT_CHANGE);
    REFUSED(&o, "0B05 is expired: an expired or revoked certificate cannot be kept");
    o = proposal(by_serial("2114"), CKS_ACT_KEEP);
    REFUSED(&o, "2114 is expired");
    /* `new` where a valid certificate exists: the certificate itself… */
    o = proposal(by_serial("0A13"), CKS_ACT_NEW);
    REFUSED(&o, "certificate 0A13 is still valid: change, not new issuance");
    /* …or the body named by merger */
    memset(&o, 0, sizeof o);
    o.merger_id = 1;
    o.body = CKS_BODY_UBND;
    o.action = CKS_ACT_NEW;
    snprintf(o.reason, sizeof o.reason, "%s", "x");
    REFUSED(&o, "still valid: change, not new issuance");
    /* a `new` row has nothing to keep, change or revoke */
    o.body = CKS_BODY_MTTQ;
    o.action = CKS_ACT_KEEP;
    REFUSED(&o, "Ủy ban MTTQ Việt Nam phường Cẩm Thành has no certificate to keep");
    o.action = CKS_ACT_REVOKE;
    REFUSED(&o, "has no certificate");
    /* ask is no decision */
    o = proposal(by_serial("2122"), CKS_ACT_ASK);
    REFUSED(&o, "keep, change, revoke, new or none");

    /* accepted: none for a `new` row (the body needs none) */
    memset(&o, 0, sizeof o);
    o.merger_id = 1;
    o.body = CKS_BODY_MTTQ;
    o.action = CKS_ACT_NONE;
    snprintf(o.reason, sizeof o.reason, "%s", "x");
    ACCEPTED(&o);
    /* new issuance is the body's row, never a certificate's (plan.csv: a
     * `new` row has an empty serial) — even an expired one's */
    o = proposal(by_serial("2114"), CKS_ACT_NEW);
    REFUSED(&o, "body's own row");
    /* the answers to `ask`, a revoke of a lost token's row left as is */
    o = proposal(by_serial("2122"), CKS_ACT_CHANGE);
    ACCEPTED(&o);
    o = proposal(by_serial("0B02"), CKS_ACT_NONE);
    ACCEPTED(&o);
    /* the rule's own decision again */
    o = proposal(by_serial("0A13"), CKS_ACT_CHANGE);
    ACCEPTED(&o);

    /* choosing Trần Hưng Đạo's UBND instead of Nguyễn Nghiêm's: first
     * release Nguyễn Nghiêm's, then change Trần Hưng Đạo's */
    o = proposal(by_serial("0A13"), CKS_ACT_REVOKE);
    ACCEPTED(&o);
    override(by_serial("0A13"), CKS_ACT_REVOKE, "the unit's meeting of 25/6/2025");
    o = proposal(by_serial("0A12"), CKS_ACT_CHANGE);
    ACCEPTED(&o);
    override(by_serial("0A12"), CKS_ACT_CHANGE, "the unit's meeting of 25/6/2025");
    /* now Nguyễn Nghiêm's cannot come back while Trần Hưng Đạo's is kept */
    o = proposal(by_serial("0A13"), CKS_ACT_CHANGE);
    REFUSED(&o, "two certificates (0A13 and 0A12)");
    /* nor a third one */
    o = proposal(by_serial("0A14"), CKS_ACT_KEEP);
    REFUSED(&o, "two certificates");
    /* replacing the override of the same row is judged without the old one */
    o = proposal(by_serial("0A12"), CKS_ACT_REVOKE);
    ACCEPTED(&o);
    decide(EFFECTIVE);
    CHECK_INT(count_action(1, CKS_KIND_ORG, CKS_BODY_UBND, CKS_ACT_CHANGE), 1);
    ROW("0A12", "change", "O2", "04");

    /* a certificate that is not in the plan */
    o = proposal(by_serial("0A12"), CKS_ACT_REVOKE);
    o.cert_id = 999;
    cks_error err;
    CHECK_INT(check_override(&o, &err), CKS_E_NOTFOUND);
    /* checking leaves the input alone */
    CHECK_INT(F.n_overrides, 2);

    /* `new` on an expired certificate while another of the body is valid */
    cks_member *bc, *bm;
    binh_chuong(&bc, &bm);
    org(bc, CKS_BODY_UBND, "UBND xã Bình Chương", "2101", "2024-04-10");
    org(bm, CKS_BODY_UBND, "UBND xã Bình Mỹ", "2111", "2028-04-10");
    o = proposal(by_serial("2101"), CKS_ACT_NEW);
    REFUSED(&o, "certificate 2111 is still valid: change, not new issuance");
    o = proposal(by_serial("2111"), CKS_ACT_REVOKE);
    ACCEPTED(&o);
}

/* ------------------------------------------------------------ words */

static void test_words(void)
{
    static const char *const keys[] = {"keep", "change", "revoke", "new", "none", "ask"};
    static const char *const forms[] = {"", "04", "05", "02", "", ""};
    for (int i = 0; i < 6; i++) {
        CHECK_STR(cks_action_key((cks_action)i), keys[i]);
        CHECK_INT(cks_action_from_key(keys[i]), i);
        CHECK_STR(cks_action_form((cks_action)i), forms[i]);
        CHECK(cks_action_label((cks_action)i)[0] != '\0');
    }
    CHECK_INT(cks_action_from_key("Keep"), -1);
    CHECK_INT(cks_action_from_key(NULL), -1);
    static const char *const rules[] = {"O1", "O2", "O3", "O4", "P1", "P2", "P3", "X1", "X2"};
    for (int i = 0; i < 9; i++)
        CHECK_STR(cks_rule_id((cks_rule)i), rules[i]);
    CHECK_STR(cks_rule_id((cks_rule)9), "");
    CHECK_STR(cks_action_key((cks_action)6), "");

    /* an empty input gives an empty plan */
    reset();
    decide(EFFECTIVE);
    CHECK_INT(F.plan.count, 0);
}

int main(void)
{
    RUN(test_letter_o1_binh_chuong);
    RUN(test_letter_o2_cam_thanh);
    RUN(test_type_change_thi_tran_to_xa);
    RUN(test_type_change_xa_to_phuong_code_is_no_override);
    RUN(test_name_clash_xa_nguyen_nghiem);
    RUN(test_tone_mark_placement);
    RUN(test_accents_sa_pa);
    RUN(test_accents_na_hang_asks);
    RUN(test_shared_name_asks);
    RUN(test_o2_valid_first);
    RUN(test_o2_seat_before_code);
    RUN(test_o2_latest_expiry);
    RUN(test_o2_lowest_code);
    RUN(test_o1_kept_unit_without_valid_cert);
    RUN(test_o1_two_of_the_kept_unit);
    RUN(test_o3_all_expired);
    RUN(test_x1_expired_or_revoked);
    RUN(test_x2_lost_token);
    RUN(test_p1_change_or_keep);
    RUN(test_p2_leave_or_unused);
    RUN(test_p3_duplicates);
    RUN(test_after_unset_asks);
    RUN(test_body_other_asks);
    RUN(test_stale_district);
    RUN(test_stale_name_words);
    RUN(test_stale_province);
    RUN(test_stale_cities);
    RUN(test_date_judging);
    RUN(test_split_warning);
    RUN(test_determinism);
    RUN(test_p3_two_people_one_name);
    RUN(test_overrides_that_no_longer_hold);
    RUN(test_overrides_applied);
    RUN(test_check_override);
    RUN(test_words);
    reset();
    return check_summary();
}
