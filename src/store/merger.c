/* merger.c — declared mergers and their members. */
#include "cks/merger.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cks/i18n.h"
#include "cks/refdata.h"
#include "cks/text.h"
#include "store/store_internal.h"

/* ------------------------------------------------------------ helpers */

static void copy_col(char *dst, size_t n, sqlite3_stmt *st, int col)
{
    const unsigned char *v = sqlite3_column_text(st, col);
    snprintf(dst, n, "%s", v ? (const char *)v : "");
}

static int bind_opt(sqlite3_stmt *st, int i, const char *v)
{
    if (!v || !*v)
        return sqlite3_bind_null(st, i);
    return sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

/* Same unit? By code when both have one, else by type and name identity.
 * The official table gives a few codes to two units (01615 is both xã Hồng
 * Quang and xã Mỹ Hưng): one code with two different names is two units. */
static bool same_unit(const cks_unit_ref *a, const cks_unit_ref *b)
{
    if (a->code[0] && b->code[0])
        return strcmp(a->code, b->code) == 0 &&
               (a->type == b->type && cks_text_same_name(a->name, b->name));
    return a->type == b->type && cks_text_same_name(a->name, b->name);
}

static char *show(const cks_unit_ref *u, char *buf, size_t n)
{
    return cks_unit_display(u, buf, n);
}

/* A resolved unit with what the table says of it. */
typedef struct resolved {
    cks_unit_ref unit;
    char district[96];
    char province[96];
} resolved;

static bool type_allowed(cks_unit_type t, bool is_new)
{
    if (is_new)
        return t == CKS_UT_XA || t == CKS_UT_PHUONG || t == CKS_UT_DAC_KHU;
    return t == CKS_UT_XA || t == CKS_UT_PHUONG || t == CKS_UT_THI_TRAN;
}

/* Parse text and settle its code against the table (if imported). */
static cks_err resolve(cks_store *s, const char *text, bool is_new, const char *province,
                       const char *field, resolved *out, cks_error *err)
{
    memset(out, 0, sizeof *out);
    cks_err e = cks_unit_parse(text, true, &out->unit, err);
    if (e) {
        if (err)
            snprintf(err->field, sizeof err->field, "%s", field);
        return e;
    }
    if (!type_allowed(out->unit.type, is_new))
        return cks_error_set(err, CKS_E_INVALID, NULL, 0, field,
                             is_new ? _("a new unit is a xã, a phường or a đặc khu, not a %s")
                                    : _("an old unit was a xã, a phường or a thị trấn, not a %s"),
                             cks_unit_type_lower(out->unit.type));
    if (cks_refdata_count(s) <= 0)
        return CKS_E_OK;

    sqlite3 *db = cks_store_db(s);
    sqlite3_stmt *st = NULL;
    char *fold = cks_text_fold(out->unit.name, err);
    char *key = cks_text_name_key(out->unit.name, err);
    char *prov_fold = province && *province ? cks_text_fold(province, err) : NULL;
    char buf[256], buf2[256];
    int rc;
    if (!fold || !key || (province && *province && !prov_fold)) {
        e = err ? err->code : CKS_E_NOMEM;
        goto done;
    }
    if (out->unit.code[0]) {
        /* every row of that code: the table gives a few codes to two units */
        rc = sqlite3_prepare_v2(
            db,
            is_new ? "SELECT DISTINCT new_type, new_name, '', new_province FROM ref_unit"
                     " WHERE new_code = ?1"
                   : "SELECT DISTINCT old_type, old_name, old_district, old_province FROM ref_unit"
                     " WHERE old_code = ?1",
            -1, &st, NULL);
        if (rc == SQLITE_OK)
            sqlite3_bind_text(st, 1, out->unit.code, -1, SQLITE_STATIC);
        int rows = 0, matched = 0;
        cks_unit_ref t;
        memset(&t, 0, sizeof t);
        while (rc == SQLITE_OK && !matched && sqlite3_step(st) == SQLITE_ROW) {
            cks_unit_ref r;
            memset(&r, 0, sizeof r);
            memcpy(r.code, out->unit.code, sizeof r.code);
            r.type = cks_unit_type_from_key((const char *)sqlite3_column_text(st, 0));
            copy_col(r.name, sizeof r.name, st, 1);
            if (rows++ == 0)
                t = r;
            if (r.type == out->unit.type && cks_text_same_name(r.name, out->unit.name)) {
                matched = 1;
                copy_col(out->district, sizeof out->district, st, 2);
                copy_col(out->province, sizeof out->province, st, 3);
            }
        }
        if (rc == SQLITE_OK && rows && !matched) {
            e = cks_error_set(err, CKS_E_INVALID, NULL, 0, field,
                              _("code %s is %s in the official table, not %s"),
                              out->unit.code, show(&t, buf, sizeof buf),
                              show(&out->unit, buf2, sizeof buf2));
            goto done;
        }
        /* a code the table does not know is taken as given */
    } else {
        rc = sqlite3_prepare_v2(
            db,
            is_new ? "SELECT new_code, new_type, new_name, '', new_province, new_province,"
                     " max(new_province = '')"
                     " FROM ref_unit WHERE new_fold = ?1 AND new_type = ?2"
                     " GROUP BY new_code ORDER BY new_code"
                   : "SELECT old_code, old_type, old_name, old_district, old_province,"
                     " group_concat(new_province || '|' || ifnull(old_province, ''), '|'),"
                     " max(new_province = '') FROM ref_unit"
                     " WHERE old_fold = ?1 AND old_type = ?2 AND old_code IS NOT NULL"
                     " GROUP BY old_code ORDER BY old_code",
            -1, &st, NULL);
        if (rc == SQLITE_OK) {
            sqlite3_bind_text(st, 1, fold, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 2, cks_unit_type_key(out->unit.type), -1, SQLITE_STATIC);
        }
        int matches = 0;
        char list[600] = "";
        resolved first;
        memset(&first, 0, sizeof first);
        while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
            rc = SQLITE_OK;
            char name[CKS_UNIT_NAME_MAX], prov[96];
            copy_col(name, sizeof name, st, 2);
            copy_col(prov, sizeof prov, st, 4);
            if (!cks_text_same_name(name, out->unit.name))
                continue;
            if (prov_fold) {
                /* the province named may be today's or the old one */
                char newprov[512];
                copy_col(newprov, sizeof newprov, st, 5);
                char *pf = cks_text_fold(newprov, NULL);
                /* a table without today's province (a provincial extract)
                 * cannot narrow by it: never rule a unit out for that */
                int in_prov = sqlite3_column_int(st, 6) != 0 ||
                              (pf && strstr(pf, prov_fold) != NULL);
                free(pf);
                if (!in_prov)
                    continue;
            }
            if (matches == 0) {
                first.unit = out->unit;
                copy_col(first.unit.code, sizeof first.unit.code, st, 0);
                copy_col(first.district, sizeof first.district, st, 3);
                memcpy(first.province, prov, sizeof first.province);
            }
            size_t l = strlen(list);
            char dist[96];
            copy_col(dist, sizeof dist, st, 3);
            snprintf(list + l, sizeof list - l, "%s%s (%s%s%s)", matches ? "; " : "",
                     (const char *)sqlite3_column_text(st, 0), dist, dist[0] ? ", " : "", prov);
            matches++;
        }
        if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
        if (matches == 1) {
            *out = first;
        } else if (matches > 1) {
            e = cks_error_set(err, CKS_E_INVALID, NULL, 0, field,
                              _("the official table has %d units called %s: %s; give the "
                                "code, e.g. %s:%s %s"),
                              matches, show(&out->unit, buf, sizeof buf), list,
                              first.unit.code, cks_unit_type_name(out->unit.type),
                              out->unit.name);
            goto done;
        }
    }
    if (rc != SQLITE_OK)
        e = cks_store_sqlerr(s, rc, "find", err);
done:
    sqlite3_finalize(st);
    free(fold);
    free(key);
    free(prov_fold);
    return e;
}

/* ------------------------------------------------------------ reading */

void cks_merger_free(cks_merger *m)
{
    if (!m)
        return;
    free(m->members);
    m->members = NULL;
    m->n_members = 0;
}

void cks_merger_list_free(cks_merger_list *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->count; i++)
        cks_merger_free(&l->items[i]);
    free(l->items);
    l->items = NULL;
    l->count = 0;
}

#define MEMBER_SELECT                                                                   \
    "SELECT id, code, type, name, district, province, partial, is_seat"                \
    " FROM member WHERE merger_id = ?1 ORDER BY code IS NULL, code, name"

/* The members of m through st (MEMBER_SELECT, prepared by the caller, so
 * that listing every merger prepares it once). */
static cks_err read_members(cks_store *s, sqlite3_stmt *st, cks_merger *m, cks_error *err)
{
    size_t cap = 0;
    int rc = sqlite3_reset(st);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_int64(st, 1, m->id);
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (m->n_members == cap) {
            size_t ncap = cap ? cap * 2 : 8;
            cks_member *v = realloc(m->members, ncap * sizeof *v);
            if (!v) {
                rc = SQLITE_NOMEM;
                break;
            }
            m->members = v;
            cap = ncap;
        }
        cks_member *mb = &m->members[m->n_members++];
        memset(mb, 0, sizeof *mb);
        mb->id = (long)sqlite3_column_int64(st, 0);
        copy_col(mb->unit.code, sizeof mb->unit.code, st, 1);
        mb->unit.type = cks_unit_type_from_key((const char *)sqlite3_column_text(st, 2));
        copy_col(mb->unit.name, sizeof mb->unit.name, st, 3);
        copy_col(mb->district, sizeof mb->district, st, 4);
        copy_col(mb->province, sizeof mb->province, st, 5);
        mb->partial = sqlite3_column_int(st, 6) != 0;
        mb->is_seat = sqlite3_column_int(st, 7) != 0;
        rc = SQLITE_OK;
    }
    if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    return rc == SQLITE_OK ? CKS_E_OK : cks_store_sqlerr(s, rc, "members", err);
}

static cks_err load_members(cks_store *s, cks_merger *m, cks_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(cks_store_db(s), MEMBER_SELECT, -1, &st, NULL);
    cks_err e = rc == SQLITE_OK ? read_members(s, st, m, err)
                                : cks_store_sqlerr(s, rc, "members", err);
    sqlite3_finalize(st);
    return e;
}

static void fill_merger(cks_merger *m, sqlite3_stmt *st)
{
    memset(m, 0, sizeof *m);
    m->id = (long)sqlite3_column_int64(st, 0);
    copy_col(m->unit.code, sizeof m->unit.code, st, 1);
    m->unit.type = cks_unit_type_from_key((const char *)sqlite3_column_text(st, 2));
    copy_col(m->unit.name, sizeof m->unit.name, st, 3);
    copy_col(m->province, sizeof m->province, st, 4);
}

#define MERGER_COLUMNS "SELECT id, new_code, new_type, new_name, province FROM merger"

cks_err cks_merger_list_all(cks_store *s, cks_merger_list *out, cks_error *err)
{
    out->items = NULL;
    out->count = 0;
    sqlite3_stmt *st = NULL;
    size_t cap = 0;
    cks_err e = CKS_E_OK;
    int rc = sqlite3_prepare_v2(cks_store_db(s),
                                MERGER_COLUMNS " ORDER BY new_code IS NULL, new_code, new_name, id",
                                -1, &st, NULL);
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->count == cap) {
            size_t ncap = cap ? cap * 2 : 8;
            cks_merger *v = realloc(out->items, ncap * sizeof *v);
            if (!v) {
                rc = SQLITE_NOMEM;
                break;
            }
            out->items = v;
            cap = ncap;
        }
        fill_merger(&out->items[out->count++], st);
        rc = SQLITE_OK;
    }
    if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    sqlite3_finalize(st);
    if (rc != SQLITE_OK)
        e = cks_store_sqlerr(s, rc, "mergers", err);
    st = NULL;
    if (!e && (rc = sqlite3_prepare_v2(cks_store_db(s), MEMBER_SELECT, -1, &st, NULL)) !=
                  SQLITE_OK)
        e = cks_store_sqlerr(s, rc, "members", err);
    for (size_t i = 0; !e && i < out->count; i++)
        e = read_members(s, st, &out->items[i], err);
    sqlite3_finalize(st);
    if (e)
        cks_merger_list_free(out);
    return e;
}

cks_err cks_merger_get_id(cks_store *s, long id, cks_merger *out, cks_error *err)
{
    sqlite3_stmt *st = NULL;
    memset(out, 0, sizeof *out);
    int rc = sqlite3_prepare_v2(cks_store_db(s), MERGER_COLUMNS " WHERE id = ?1", -1, &st, NULL);
    if (rc == SQLITE_OK)
        sqlite3_bind_int64(st, 1, id);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        fill_merger(out, st);
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE)
        return cks_error_set(err, CKS_E_NOTFOUND, NULL, 0, NULL, _("no such merger"));
    if (rc != SQLITE_ROW)
        return cks_store_sqlerr(s, rc, "merger", err);
    cks_err e = load_members(s, out, err);
    if (e)
        cks_merger_free(out);
    return e;
}

cks_err cks_merger_get(cks_store *s, const char *new_ref, cks_merger *out, cks_error *err)
{
    memset(out, 0, sizeof *out);
    cks_merger_list all;
    cks_err e = cks_merger_list_all(s, &all, err);
    if (e)
        return e;
    cks_unit_ref want;
    memset(&want, 0, sizeof want);
    bool by_code = cks_unit_code_valid(new_ref);
    if (!by_code) {
        e = cks_unit_parse(new_ref, false, &want, err);
        if (e) {
            cks_merger_list_free(&all);
            return e;
        }
    }
    long found = -1;
    int matches = 0;
    for (size_t i = 0; i < all.count; i++) {
        const cks_unit_ref *u = &all.items[i].unit;
        bool hit = by_code ? strcmp(u->code, new_ref) == 0
                           : (want.code[0] ? strcmp(u->code, want.code) == 0
                                           : (!want.type || want.type == u->type) &&
                                                 cks_text_same_name(u->name, want.name));
        if (hit) {
            matches++;
            found = (long)i;
        }
    }
    if (matches == 1) {
        *out = all.items[found];
        all.items[found].members = NULL; /* moved */
        all.items[found].n_members = 0;
    } else if (matches == 0) {
        e = cks_error_set(err, CKS_E_NOTFOUND, NULL, 0, NULL,
                          _("no merger is declared for '%s' (see: merger list)"), new_ref);
    } else {
        e = cks_error_set(err, CKS_E_INVALID, NULL, 0, NULL,
                          _("%d mergers match '%s'; give the new unit's code"), matches, new_ref);
    }
    cks_merger_list_free(&all);
    return e;
}

const cks_member *cks_merger_find_member(const cks_merger *m, const char *member_ref,
                                         cks_error *err)
{
    cks_unit_ref want;
    memset(&want, 0, sizeof want);
    bool by_code = cks_unit_code_valid(member_ref);
    if (!by_code && cks_unit_parse(member_ref, false, &want, err))
        return NULL;
    const cks_member *found = NULL;
    int matches = 0;
    for (size_t i = 0; i < m->n_members; i++) {
        const cks_unit_ref *u = &m->members[i].unit;
        bool hit = by_code ? strcmp(u->code, member_ref) == 0
                           : (want.code[0] ? strcmp(u->code, want.code) == 0
                                           : (!want.type || want.type == u->type) &&
                                                 cks_text_same_name(u->name, want.name));
        if (hit) {
            matches++;
            found = &m->members[i];
        }
    }
    char buf[256];
    if (matches == 0) {
        cks_error_set(err, CKS_E_NOTFOUND, NULL, 0, NULL,
                      _("'%s' is not one of the old units of %s"), member_ref,
                      cks_unit_display(&m->unit, buf, sizeof buf));
        return NULL;
    }
    if (matches > 1) {
        cks_error_set(err, CKS_E_INVALID, NULL, 0, NULL,
                      _("%d old units of %s match '%s'; give the code"), matches,
                      cks_unit_display(&m->unit, buf, sizeof buf), member_ref);
        return NULL;
    }
    return found;
}

/* ------------------------------------------------------------ checks */

/* Is new unit u already declared (other than merger except_id)? */
static cks_err check_new_unique(cks_store *s, const cks_unit_ref *u, cks_error *err)
{
    cks_merger_list all;
    cks_err e = cks_merger_list_all(s, &all, err);
    if (e)
        return e;
    char buf[256];
    /* a new unit's code is its own: one code, one merger, whatever the name */
    for (size_t i = 0; i < all.count && !e; i++)
        if ((u->code[0] && strcmp(all.items[i].unit.code, u->code) == 0) ||
            same_unit(&all.items[i].unit, u))
            e = cks_error_set(err, CKS_E_EXISTS, NULL, 0, "--new",
                              _("a merger for %s is already declared (see: merger show %s)"),
                              show(&all.items[i].unit, buf, sizeof buf),
                              all.items[i].unit.code[0] ? all.items[i].unit.code
                                                        : all.items[i].unit.name);
    cks_merger_list_free(&all);
    return e;
}

/* Can old unit u (partial or whole) join a merger other than merger_id? */
static cks_err check_membership(cks_store *s, long merger_id, const cks_unit_ref *u,
                                bool partial, cks_error *err)
{
    cks_merger_list all;
    cks_err e = cks_merger_list_all(s, &all, err);
    if (e)
        return e;
    char buf[256], buf2[256];
    for (size_t i = 0; i < all.count && !e; i++) {
        const cks_merger *m = &all.items[i];
        if (m->id == merger_id)
            continue;
        for (size_t k = 0; k < m->n_members && !e; k++) {
            const cks_member *mb = &m->members[k];
            if (!same_unit(&mb->unit, u))
                continue;
            if (!mb->partial)
                e = cks_error_set(err, CKS_E_EXISTS, NULL, 0, "--member",
                                  _("%s went whole into %s, declared already; it cannot be "
                                    "a member here too (if it is another unit of the same "
                                    "name, give its code)"),
                                  show(&mb->unit, buf, sizeof buf),
                                  show(&m->unit, buf2, sizeof buf2));
            else if (!partial)
                e = cks_error_set(err, CKS_E_EXISTS, NULL, 0, "--member",
                                  _("part of %s went into %s; here it must be marked partial "
                                    "too (--partial)"),
                                  show(&mb->unit, buf, sizeof buf),
                                  show(&m->unit, buf2, sizeof buf2));
        }
    }
    cks_merger_list_free(&all);
    return e;
}

/* ------------------------------------------------------------ writing */

static cks_err insert_member(cks_store *s, long merger_id, const resolved *r, bool partial,
                             bool seat, cks_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(cks_store_db(s),
                                "INSERT INTO member(merger_id, code, type, name, district, province,"
                                " partial, is_seat) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                                -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, merger_id);
        bind_opt(st, 2, r->unit.code);
        sqlite3_bind_text(st, 3, cks_unit_type_key(r->unit.type), -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, r->unit.name, -1, SQLITE_STATIC);
        bind_opt(st, 5, r->district);
        bind_opt(st, 6, r->province);
        sqlite3_bind_int(st, 7, partial);
        sqlite3_bind_int(st, 8, seat);
        rc = sqlite3_step(st);
        if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_OK ? CKS_E_OK : cks_store_sqlerr(s, rc, "member", err);
}

static cks_err insert_merger(cks_store *s, const resolved *nu, const char *province, long *id,
                             cks_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(cks_store_db(s),
                                "INSERT INTO merger(new_code, new_type, new_name, province)"
                                " VALUES (?1, ?2, ?3, ?4)",
                                -1, &st, NULL);
    if (rc == SQLITE_OK) {
        bind_opt(st, 1, nu->unit.code);
        sqlite3_bind_text(st, 2, cks_unit_type_key(nu->unit.type), -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, nu->unit.name, -1, SQLITE_STATIC);
        bind_opt(st, 4, province);
        rc = sqlite3_step(st);
        if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_OK)
        return cks_store_sqlerr(s, rc, "merger", err);
    *id = (long)sqlite3_last_insert_rowid(cks_store_db(s));
    return CKS_E_OK;
}

/* Does ref (CODE or name) name unit u? */
static bool ref_names(const char *ref, const cks_unit_ref *u)
{
    if (cks_unit_code_valid(ref))
        return strcmp(ref, u->code) == 0;
    cks_unit_ref want;
    if (cks_unit_parse(ref, false, &want, NULL))
        return false;
    if (want.code[0])
        return strcmp(want.code, u->code) == 0;
    return (!want.type || want.type == u->type) && cks_text_same_name(want.name, u->name);
}

/* Index of the one member that ref names, -1 none, -2 several. */
static int pick(const char *ref, const resolved *members, size_t n)
{
    int found = -1;
    for (size_t i = 0; i < n; i++) {
        if (ref_names(ref, &members[i].unit)) {
            if (found >= 0)
                return -2;
            found = (int)i;
        }
    }
    return found;
}

/* Validate and write a merger whose units are resolved already. */
static cks_err add_resolved(cks_store *s, const resolved *nu, const char *province,
                            const resolved *members, const bool *partial, size_t n,
                            const char *seat, long *id_out, cks_error *err)
{
    char buf[256];
    cks_err e;
    if (n == 0)
        return cks_error_set(err, CKS_E_INVALID, NULL, 0, "--member",
                             _("a merger needs at least one old unit (--member)"));
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < i; k++)
            if (same_unit(&members[i].unit, &members[k].unit))
                return cks_error_set(err, CKS_E_INVALID, NULL, 0, "--member",
                                     _("%s is given twice"),
                                     show(&members[i].unit, buf, sizeof buf));
    int seat_ix = -1;
    if (seat && *seat) {
        seat_ix = pick(seat, members, n);
        if (seat_ix == -1)
            return cks_error_set(err, CKS_E_INVALID, NULL, 0, "--seat",
                                 _("the seat '%s' is not one of the old units given"), seat);
        if (seat_ix == -2)
            return cks_error_set(err, CKS_E_INVALID, NULL, 0, "--seat",
                                 _("the seat '%s' matches several old units; give its code"),
                                 seat);
    }
    e = cks_store_begin(s, err);
    if (e)
        return e;
    long id = 0;
    e = check_new_unique(s, &nu->unit, err);
    for (size_t i = 0; !e && i < n; i++)
        e = check_membership(s, 0, &members[i].unit, partial[i], err);
    if (!e)
        e = insert_merger(s, nu, province, &id, err);
    for (size_t i = 0; !e && i < n; i++)
        e = insert_member(s, id, &members[i], partial[i], (int)i == seat_ix, err);
    if (e) {
        cks_store_rollback(s);
        return e;
    }
    e = cks_store_commit(s, err);
    if (!e && id_out)
        *id_out = id;
    return e;
}

cks_err cks_merger_add(cks_store *s, const cks_merger_spec *spec, long *id, cks_error *err)
{
    resolved nu;
    resolved *members = NULL;
    bool *partial = NULL;
    char *province = NULL;
    cks_err e;
    if (!spec->new_unit || !*spec->new_unit)
        return cks_error_set(err, CKS_E_INVALID, NULL, 0, "--new",
                             _("the new unit is missing (--new \"Type Name\")"));
    if (spec->province && *spec->province) {
        province = cks_text_clean(spec->province, err);
        if (!province)
            return err ? err->code : CKS_E_INVALID;
    }
    e = resolve(s, spec->new_unit, true, province, "--new", &nu, err);
    if (e)
        goto done;
    if (!province && nu.province[0]) {
        province = strdup(nu.province);
        if (!province) {
            e = cks_error_set(err, CKS_E_NOMEM, NULL, 0, NULL, NULL);
            goto done;
        }
    }
    members = calloc(spec->n_members ? spec->n_members : 1, sizeof *members);
    partial = calloc(spec->n_members ? spec->n_members : 1, sizeof *partial);
    if (!members || !partial) {
        e = cks_error_set(err, CKS_E_NOMEM, NULL, 0, NULL, NULL);
        goto done;
    }
    for (size_t i = 0; i < spec->n_members; i++) {
        e = resolve(s, spec->members[i], false, province, "--member", &members[i], err);
        if (e)
            goto done;
    }
    for (size_t p = 0; p < spec->n_partial; p++) {
        int k = pick(spec->partial[p], members, spec->n_members);
        if (k < 0) {
            e = cks_error_set(err, CKS_E_INVALID, NULL, 0, "--partial",
                              k == -1 ? _("'%s' is not one of the old units given")
                                      : _("'%s' matches several old units; give its code"),
                              spec->partial[p]);
            goto done;
        }
        partial[k] = true;
    }
    e = add_resolved(s, &nu, province, members, partial, spec->n_members, spec->seat, id, err);
done:
    free(members);
    free(partial);
    free(province);
    return e;
}

cks_err cks_merger_from_table(cks_store *s, const char *new_code, const char *seat, long *id,
                              cks_error *err)
{
    if (!cks_unit_code_valid(new_code))
        return cks_error_set(err, CKS_E_INVALID, NULL, 0, NULL,
                             _("'%s' is not a unit code (5 digits)"), new_code);
    if (cks_refdata_count(s) <= 0)
        return cks_error_set(err, CKS_E_NOTFOUND, NULL, 0, NULL,
                             _("no official table is imported yet (units import FILE); "
                               "or declare the merger by hand (merger add)"));
    cks_refunit nu_ref;
    cks_refunit_list list;
    cks_err e = cks_refdata_members(s, new_code, &nu_ref, &list, err);
    if (e)
        return e;
    resolved nu;
    memset(&nu, 0, sizeof nu);
    nu.unit = nu_ref.unit;
    snprintf(nu.province, sizeof nu.province, "%s", nu_ref.province);
    resolved *members = calloc(list.count ? list.count : 1, sizeof *members);
    bool *partial = calloc(list.count ? list.count : 1, sizeof *partial);
    char buf[256];
    if (!members || !partial) {
        e = cks_error_set(err, CKS_E_NOMEM, NULL, 0, NULL, NULL);
        goto done;
    }
    if (!type_allowed(nu.unit.type, true)) {
        e = cks_error_set(err, CKS_E_INVALID, NULL, 0, NULL,
                          _("the table gives no type for new unit %s; declare it by hand "
                            "(merger add)"),
                          new_code);
        goto done;
    }
    if (list.count == 0) {
        e = cks_error_set(err, CKS_E_INVALID, NULL, 0, NULL,
                          _("the table lists no old commune for %s (a whole district became "
                            "it); declare its old units by hand (merger add)"),
                          show(&nu.unit, buf, sizeof buf));
        goto done;
    }
    for (size_t i = 0; i < list.count; i++) {
        members[i].unit = list.items[i].unit;
        snprintf(members[i].district, sizeof members[i].district, "%s", list.items[i].district);
        snprintf(members[i].province, sizeof members[i].province, "%s", list.items[i].province);
        partial[i] = list.items[i].partial;
    }
    e = add_resolved(s, &nu, nu.province, members, partial, list.count, seat, id, err);
done:
    free(members);
    free(partial);
    cks_refunit_list_free(&list);
    return e;
}

cks_err cks_merger_add_member(cks_store *s, long merger_id, const char *member, bool partial,
                              cks_error *err)
{
    cks_merger m;
    cks_err e = cks_merger_get_id(s, merger_id, &m, err);
    if (e)
        return e;
    resolved r;
    char buf[256];
    e = resolve(s, member, false, m.province, "--member", &r, err);
    for (size_t i = 0; !e && i < m.n_members; i++)
        if (same_unit(&m.members[i].unit, &r.unit))
            e = cks_error_set(err, CKS_E_EXISTS, NULL, 0, "--member",
                              _("%s is already one of the old units"),
                              show(&r.unit, buf, sizeof buf));
    if (!e)
        e = cks_store_begin(s, err);
    if (!e) {
        e = check_membership(s, merger_id, &r.unit, partial, err);
        if (!e)
            e = insert_member(s, merger_id, &r, partial, false, err);
        if (e)
            cks_store_rollback(s);
        else
            e = cks_store_commit(s, err);
    }
    cks_merger_free(&m);
    return e;
}

static long count_certs(cks_store *s, const char *sql, long id)
{
    sqlite3_stmt *st = NULL;
    long n = -1;
    if (sqlite3_prepare_v2(cks_store_db(s), sql, -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, id);
        if (sqlite3_step(st) == SQLITE_ROW)
            n = (long)sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    return n;
}

static cks_err exec_id(cks_store *s, const char *sql, long id, cks_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(cks_store_db(s), sql, -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, id);
        rc = sqlite3_step(st);
        if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_OK ? CKS_E_OK : cks_store_sqlerr(s, rc, "delete", err);
}

cks_err cks_merger_remove(cks_store *s, const char *new_ref, cks_error *err)
{
    cks_merger m;
    char buf[256];
    cks_err e = cks_merger_get(s, new_ref, &m, err);
    if (e)
        return e;
    long n = count_certs(s, "SELECT count(*) FROM cert c JOIN member b ON b.id = c.member_id"
                            " WHERE b.merger_id = ?1",
                         m.id);
    if (n < 0)
        e = cks_store_sqlerr(s, SQLITE_ERROR, "certificates", err);
    else if (n != 0)
        e = cks_error_set(err, CKS_E_INVALID, NULL, 0, NULL,
                          _("the merger of %s still has %ld certificate(s); remove or move "
                            "them first"),
                          show(&m.unit, buf, sizeof buf), n);
    if (!e)
        e = exec_id(s, "DELETE FROM merger WHERE id = ?1", m.id, err);
    cks_merger_free(&m);
    return e;
}

cks_err cks_merger_remove_member(cks_store *s, const char *new_ref, const char *member_ref,
                                 cks_error *err)
{
    cks_merger m;
    char buf[256];
    cks_err e = cks_merger_get(s, new_ref, &m, err);
    if (e)
        return e;
    const cks_member *mb = cks_merger_find_member(&m, member_ref, err);
    if (!mb) {
        e = err ? err->code : CKS_E_NOTFOUND;
    } else if (m.n_members == 1) {
        e = cks_error_set(err, CKS_E_INVALID, NULL, 0, NULL,
                          _("%s is the last old unit of the merger; remove the whole merger "
                            "instead (merger rm %s)"),
                          show(&mb->unit, buf, sizeof buf), new_ref);
    } else {
        long n = count_certs(s, "SELECT count(*) FROM cert WHERE member_id = ?1", mb->id);
        if (n < 0)
            e = cks_store_sqlerr(s, SQLITE_ERROR, "certificates", err);
        else if (n != 0)
            e = cks_error_set(err, CKS_E_INVALID, NULL, 0, NULL,
                              _("%s still has %ld certificate(s); remove or move them first"),
                              show(&mb->unit, buf, sizeof buf), n);
        else
            e = exec_id(s, "DELETE FROM member WHERE id = ?1", mb->id, err);
    }
    cks_merger_free(&m);
    return e;
}

cks_err cks_merger_set_seat(cks_store *s, const char *new_ref, const char *member_ref,
                            cks_error *err)
{
    cks_merger m;
    cks_err e = cks_merger_get(s, new_ref, &m, err);
    if (e)
        return e;
    const cks_member *mb = NULL;
    if (member_ref && *member_ref) {
        mb = cks_merger_find_member(&m, member_ref, err);
        if (!mb) {
            e = err ? err->code : CKS_E_NOTFOUND;
            goto done;
        }
    }
    e = cks_store_begin(s, err);
    if (e)
        goto done;
    e = exec_id(s, "UPDATE member SET is_seat = 0 WHERE merger_id = ?1 AND is_seat = 1", m.id, err);
    if (!e && mb)
        e = exec_id(s, "UPDATE member SET is_seat = 1 WHERE id = ?1", mb->id, err);
    if (e)
        cks_store_rollback(s);
    else
        e = cks_store_commit(s, err);
done:
    cks_merger_free(&m);
    return e;
}
