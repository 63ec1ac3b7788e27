/* plan.c — gather the decision inputs from the session, store the
 * officer's overrides, write the plan as CSV or JSON. */
#include "cks/plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cks/i18n.h"
#include "cks/refdata.h"
#include "cks/text.h"
#include "store/store_internal.h"

/* ------------------------------------------------------------ loading */

static cks_err load_overrides(cks_store *s, cks_plan_set *ps, cks_error *err)
{
    sqlite3_stmt *st = NULL;
    size_t cap = 0;
    int rc = sqlite3_prepare_v2(cks_store_db(s),
                                "SELECT cert_id, merger_id, body, action, reason FROM decision"
                                " ORDER BY id",
                                -1, &st, NULL);
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (ps->n_overrides == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            cks_override *v = realloc(ps->overrides, ncap * sizeof *v);
            if (!v) {
                rc = SQLITE_NOMEM;
                break;
            }
            ps->overrides = v;
            cap = ncap;
        }
        cks_override *o = &ps->overrides[ps->n_overrides++];
        memset(o, 0, sizeof *o);
        o->cert_id = (long)sqlite3_column_int64(st, 0);
        o->merger_id = (long)sqlite3_column_int64(st, 1);
        const char *body = (const char *)sqlite3_column_text(st, 2);
        for (int b = 0; body && b < CKS_BODY_COUNT_; b++)
            if (strcmp(cks_body_key((cks_body)b), body) == 0)
                o->body = (cks_body)b;
        int a = cks_action_from_key((const char *)sqlite3_column_text(st, 3));
        o->action = a < 0 ? CKS_ACT_ASK : (cks_action)a;
        const unsigned char *r = sqlite3_column_text(st, 4);
        snprintf(o->reason, sizeof o->reason, "%s", r ? (const char *)r : "");
        rc = SQLITE_OK;
    }
    if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    sqlite3_finalize(st);
    return rc == SQLITE_OK ? CKS_E_OK : cks_store_sqlerr(s, rc, "decisions", err);
}

/* For each partial member: the other new units that received part of it,
 * from the official table when it is imported, else from the other
 * declared mergers holding the same old unit. */
static cks_err load_splits(cks_store *s, cks_plan_set *ps, cks_error *err)
{
    size_t cap = 0;
    bool have_table = cks_refdata_count(s) > 0;
    for (size_t i = 0; i < ps->mergers.count; i++) {
        const cks_merger *m = &ps->mergers.items[i];
        for (size_t k = 0; k < m->n_members; k++) {
            const cks_member *mb = &m->members[k];
            if (!mb->partial)
                continue;
            if (ps->n_splits == cap) {
                size_t ncap = cap ? cap * 2 : 8;
                cks_split_info *v = realloc(ps->splits, ncap * sizeof *v);
                if (!v)
                    return cks_error_set(err, CKS_E_NOMEM, NULL, 0, NULL, NULL);
                ps->splits = v;
                cap = ncap;
            }
            cks_split_info *si = &ps->splits[ps->n_splits++];
            memset(si, 0, sizeof *si);
            si->member_id = mb->id;
            char buf[256];
            if (have_table && mb->unit.code[0]) {
                cks_refunit_list others;
                cks_err e = cks_refdata_other_new_units(s, mb->unit.code, m->unit.code, &others,
                                                        err);
                if (e)
                    return e;
                for (size_t j = 0; j < others.count; j++) {
                    size_t l = strlen(si->others);
                    snprintf(si->others + l, sizeof si->others - l, "%s%s", l ? "; " : "",
                             cks_unit_display(&others.items[j].unit, buf, sizeof buf));
                }
                cks_refunit_list_free(&others);
            } else {
                for (size_t j = 0; j < ps->mergers.count; j++) {
                    const cks_merger *o = &ps->mergers.items[j];
                    if (o == m)
                        continue;
                    for (size_t q = 0; q < o->n_members; q++) {
                        const cks_unit_ref *u = &o->members[q].unit;
                        bool same = mb->unit.code[0] && u->code[0]
                                        ? strcmp(mb->unit.code, u->code) == 0
                                        : u->type == mb->unit.type &&
                                              cks_text_same_name(u->name, mb->unit.name);
                        if (!same)
                            continue;
                        size_t l = strlen(si->others);
                        snprintf(si->others + l, sizeof si->others - l, "%s%s", l ? "; " : "",
                                 cks_unit_display(&o->unit, buf, sizeof buf));
                    }
                }
            }
        }
    }
    return CKS_E_OK;
}

void cks_plan_set_free(cks_plan_set *ps)
{
    if (!ps)
        return;
    cks_plan_free(&ps->plan);
    cks_merger_list_free(&ps->mergers);
    cks_cert_list_free(&ps->certs);
    free(ps->overrides);
    free(ps->splits);
    memset(ps, 0, sizeof *ps);
}

/* Inputs without deciding. */
static cks_err load_inputs(cks_store *s, const cks_plan_options *opt, cks_plan_set *ps,
                           cks_error *err)
{
    memset(ps, 0, sizeof *ps);
    cks_err e = cks_merger_list_all(s, &ps->mergers, err);
    if (!e)
        e = cks_cert_list_of(s, &ps->mergers, &ps->certs, err);
    if (!e)
        e = load_overrides(s, ps, err);
    if (!e)
        e = load_splits(s, ps, err);
    if (e) {
        cks_plan_set_free(ps);
        return e;
    }
    ps->input.mergers = ps->mergers.items;
    ps->input.n_mergers = ps->mergers.count;
    ps->input.certs = ps->certs.items;
    ps->input.n_certs = ps->certs.count;
    ps->input.overrides = ps->overrides;
    ps->input.n_overrides = ps->n_overrides;
    ps->input.splits = ps->splits;
    ps->input.n_splits = ps->n_splits;
    ps->input.date = opt->date;
    ps->input.check_stale_hierarchy = opt->check_stale_hierarchy;
    return CKS_E_OK;
}

cks_plan_options cks_plan_options_for(const cks_config *cfg, cks_date date)
{
    cks_plan_options o;
    memset(&o, 0, sizeof o);
    o.date = date;
    o.check_stale_hierarchy = cfg->check_stale_hierarchy;
    return o;
}

cks_err cks_plan_load(cks_store *s, const cks_plan_options *opt, cks_plan_set *out,
                      cks_error *err)
{
    cks_err e = load_inputs(s, opt, out, err);
    if (e)
        return e;
    e = cks_decide(&out->input, &out->plan, err);
    if (e)
        cks_plan_set_free(out);
    return e;
}

/* ------------------------------------------------------------ overrides */

/* The override's target: a certificate by serial, or a merger's body. */
static cks_err target_of(cks_store *s, const char *serial, const char *new_ref, cks_body body,
                         cks_override *o, cks_error *err)
{
    memset(o, 0, sizeof *o);
    if (serial && *serial) {
        cks_cert c;
        cks_err e = cks_cert_get(s, serial, &c, err);
        if (e)
            return e;
        o->cert_id = c.id;
        o->merger_id = c.merger_id;
        o->body = c.body;
        cks_cert_clear(&c);
        return CKS_E_OK;
    }
    if (!new_ref || !*new_ref)
        return cks_error_set(err, CKS_E_USAGE, NULL, 0, NULL,
                             _("name a certificate by its serial, or a merger and a body"));
    cks_merger m;
    cks_err e = cks_merger_get(s, new_ref, &m, err);
    if (e)
        return e;
    o->merger_id = m.id;
    o->body = body;
    cks_merger_free(&m);
    return CKS_E_OK;
}

cks_err cks_plan_decide(cks_store *s, const cks_plan_options *opt, const char *serial,
                        const char *new_ref, cks_body body, cks_action action,
                        const char *reason, cks_error *err)
{
    cks_override o;
    cks_err e = target_of(s, serial, new_ref, body, &o, err);
    if (e)
        return e;
    char *clean = cks_text_clean(reason ? reason : "", err);
    if (!clean)
        return err ? err->code : CKS_E_INVALID;
    if (!clean[0]) {
        free(clean);
        return cks_error_set(err, CKS_E_INVALID, NULL, 0, "--reason",
                             _("say why the unit decided otherwise (--reason)"));
    }
    if (strlen(clean) >= sizeof o.reason) {
        free(clean);
        return cks_error_set(err, CKS_E_TOOLONG, NULL, 0, "--reason",
                             _("the reason is longer than %zu bytes"), sizeof o.reason - 1);
    }
    snprintf(o.reason, sizeof o.reason, "%s", clean);
    free(clean);
    o.action = action;

    cks_plan_set ps;
    e = load_inputs(s, opt, &ps, err);
    if (e)
        return e;
    e = cks_decide_check_override(&ps.input, &o, err);
    cks_plan_set_free(&ps);
    if (e)
        return e;

    sqlite3 *db = cks_store_db(s);
    sqlite3_stmt *del = NULL, *ins = NULL;
    e = cks_store_begin(s, err);
    if (e)
        return e;
    int rc = sqlite3_prepare_v2(db,
                                o.cert_id ? "DELETE FROM decision WHERE cert_id = ?1"
                                          : "DELETE FROM decision WHERE cert_id IS NULL AND"
                                            " merger_id = ?2 AND body = ?3",
                                -1, &del, NULL);
    if (rc == SQLITE_OK) {
        if (o.cert_id)
            sqlite3_bind_int64(del, 1, o.cert_id);
        else {
            sqlite3_bind_int64(del, 2, o.merger_id);
            sqlite3_bind_text(del, 3, cks_body_key(o.body), -1, SQLITE_STATIC);
        }
        rc = sqlite3_step(del);
        if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
    }
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db,
                                "INSERT INTO decision(cert_id, merger_id, body, action, reason)"
                                " VALUES (?1, ?2, ?3, ?4, ?5)",
                                -1, &ins, NULL);
    if (rc == SQLITE_OK) {
        if (o.cert_id)
            sqlite3_bind_int64(ins, 1, o.cert_id);
        else
            sqlite3_bind_null(ins, 1);
        sqlite3_bind_int64(ins, 2, o.merger_id);
        sqlite3_bind_text(ins, 3, cks_body_key(o.body), -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 4, cks_action_key(o.action), -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 5, o.reason, -1, SQLITE_STATIC);
        rc = sqlite3_step(ins);
        if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
    }
    sqlite3_finalize(del);
    sqlite3_finalize(ins);
    if (rc != SQLITE_OK) {
        e = cks_store_sqlerr(s, rc, "decision", err);
        cks_store_rollback(s);
        return e;
    }
    return cks_store_commit(s, err);
}

cks_err cks_plan_clear(cks_store *s, const char *serial, const char *new_ref, cks_body body,
                       cks_error *err)
{
    cks_override o;
    cks_err e = target_of(s, serial, new_ref, body, &o, err);
    if (e)
        return e;
    sqlite3_stmt *del = NULL;
    int rc = sqlite3_prepare_v2(cks_store_db(s),
                                o.cert_id ? "DELETE FROM decision WHERE cert_id = ?1"
                                          : "DELETE FROM decision WHERE cert_id IS NULL AND"
                                            " merger_id = ?2 AND body = ?3",
                                -1, &del, NULL);
    if (rc == SQLITE_OK) {
        if (o.cert_id)
            sqlite3_bind_int64(del, 1, o.cert_id);
        else {
            sqlite3_bind_int64(del, 2, o.merger_id);
            sqlite3_bind_text(del, 3, cks_body_key(o.body), -1, SQLITE_STATIC);
        }
        rc = sqlite3_step(del);
        if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
    }
    int changed = sqlite3_changes(cks_store_db(s));
    sqlite3_finalize(del);
    if (rc != SQLITE_OK)
        return cks_store_sqlerr(s, rc, "decision", err);
    if (!changed)
        return cks_error_set(err, CKS_E_NOTFOUND, NULL, 0, NULL,
                             _("the officer has not decided anything for that row"));
    return CKS_E_OK;
}

/* ------------------------------------------------------------ output */

size_t cks_plan_count_ask(const cks_plan *p, long merger_id)
{
    size_t n = 0;
    for (size_t i = 0; i < p->count; i++)
        n += (!merger_id || p->rows[i].merger_id == merger_id) &&
             p->rows[i].action == CKS_ACT_ASK;
    return n;
}

static int put(cks_write_fn w, void *u, const char *s)
{
    return w(u, s, strlen(s));
}

static int csv_field(cks_write_fn w, void *u, const char *v, int last)
{
    int quote = strpbrk(v, ",\"\n\r") != NULL || (v[0] == ' ');
    if (quote && put(w, u, "\""))
        return -1;
    /* in spans up to each '"', which is doubled */
    for (const char *p = v; *p;) {
        size_t n = strcspn(p, "\"");
        if (n && w(u, p, n))
            return -1;
        p += n;
        if (*p == '"') {
            if (w(u, "\"\"", 2))
                return -1;
            p++;
        }
    }
    if (quote && put(w, u, "\""))
        return -1;
    return put(w, u, last ? "\n" : ",");
}

/* The unit column: the old unit of a certificate, the new unit of a `new` row. */
static const char *row_unit(const cks_decision *d, char *buf, size_t n)
{
    const cks_unit_ref *u = d->cert ? d->cert->unit : &d->merger->unit;
    buf[0] = '\0';
    return u ? cks_unit_format(u, buf, n) : buf;
}

/* The holder column: the certificate's holder, or the body of a `new` row. */
static const char *row_holder(const cks_decision *d, char *buf, size_t n)
{
    if (d->cert)
        return d->cert->holder;
    return cks_decision_target(d, buf, n);
}

static const char *row_reason(const cks_plan *p, const cks_decision *d, char *buf, size_t n)
{
    char rule[1024];
    cks_decision_reason(p, d, rule, sizeof rule);
    if (d->overridden && d->action != CKS_ACT_ASK)
        snprintf(buf, n, _("decided by the unit: %s (the rules said %s: %s)"),
                 cks_decision_override_reason(d), cks_action_key(d->recommended), rule);
    else
        snprintf(buf, n, "%s", rule);
    return buf;
}

cks_err cks_plan_write_csv(const cks_plan *p, long merger_id, cks_write_fn w, void *u,
                           cks_error *err)
{
    static const char *const head[] = {"serial", "kind", "unit", "holder", "action",
                                       "rule", "form", "reason", "overridden"};
    for (int i = 0; i < 9; i++)
        if (csv_field(w, u, head[i], i == 8))
            goto fail;
    for (size_t i = 0; i < p->count; i++) {
        const cks_decision *d = &p->rows[i];
        if (merger_id && d->merger_id != merger_id)
            continue;
        char unit[256], reason[2048], holder[CKS_CERT_TEXT_MAX];
        const char *v[9] = {d->cert ? d->cert->serial : "", cks_kind_key(d->kind),
                            row_unit(d, unit, sizeof unit), row_holder(d, holder, sizeof holder),
                            cks_action_key(d->action), cks_rule_id(d->rule),
                            cks_action_form(d->action), row_reason(p, d, reason, sizeof reason),
                            d->overridden ? "yes" : "no"};
        for (int k = 0; k < 9; k++)
            if (csv_field(w, u, v[k], k == 8))
                goto fail;
    }
    return CKS_E_OK;
fail:
    return cks_error_set(err, CKS_E_IO, NULL, 0, NULL, _("cannot write the plan"));
}

static int json_str(cks_write_fn w, void *u, const char *s)
{
    if (put(w, u, "\""))
        return -1;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        char esc[8];
        if (*p == '"' || *p == '\\') {
            esc[0] = '\\';
            esc[1] = (char)*p;
            esc[2] = '\0';
        } else if (*p < 0x20) {
            snprintf(esc, sizeof esc, "\\u%04x", *p);
        } else {
            esc[0] = (char)*p;
            esc[1] = '\0';
        }
        if (put(w, u, esc))
            return -1;
    }
    return put(w, u, "\"");
}

static int json_pair(cks_write_fn w, void *u, const char *key, const char *value, int first)
{
    return put(w, u, first ? "\n    " : ",\n    ") || json_str(w, u, key) || put(w, u, ": ") ||
           json_str(w, u, value);
}

cks_err cks_plan_write_json(const cks_plan *p, long merger_id, cks_write_fn w, void *u,
                            cks_error *err)
{
    int first_row = 1;
    if (put(w, u, "["))
        goto fail;
    for (size_t i = 0; i < p->count; i++) {
        const cks_decision *d = &p->rows[i];
        if (merger_id && d->merger_id != merger_id)
            continue;
        char unit[256], merger[256], reason[2048], rule[1024], holder[CKS_CERT_TEXT_MAX],
            target[CKS_CERT_TEXT_MAX], warning[1024];
        cks_unit_format(&d->merger->unit, merger, sizeof merger);
        cks_decision_reason(p, d, rule, sizeof rule);
        cks_decision_target(d, target, sizeof target);
        cks_decision_warning(p, d, warning, sizeof warning);
        if (put(w, u, first_row ? "\n  {" : ",\n  {") ||
            json_pair(w, u, "serial", d->cert ? d->cert->serial : "", 1) ||
            json_pair(w, u, "kind", cks_kind_key(d->kind), 0) ||
            json_pair(w, u, "unit", row_unit(d, unit, sizeof unit), 0) ||
            json_pair(w, u, "holder", row_holder(d, holder, sizeof holder), 0) ||
            json_pair(w, u, "action", cks_action_key(d->action), 0) ||
            json_pair(w, u, "rule", cks_rule_id(d->rule), 0) ||
            json_pair(w, u, "form", cks_action_form(d->action), 0) ||
            json_pair(w, u, "reason", row_reason(p, d, reason, sizeof reason), 0) ||
            put(w, u, ",\n    \"overridden\": ") || put(w, u, d->overridden ? "true" : "false") ||
            json_pair(w, u, "merger", merger, 0) ||
            json_pair(w, u, "body", cks_body_key(d->body), 0) ||
            json_pair(w, u, "target", target, 0) ||
            json_pair(w, u, "new_position", cks_decision_new_position(d), 0) ||
            json_pair(w, u, "recommended_action", cks_action_key(d->recommended), 0) ||
            json_pair(w, u, "rule_reason", rule, 0) ||
            json_pair(w, u, "override_reason", cks_decision_override_reason(d), 0) ||
            put(w, u, ",\n    \"collect_token\": ") ||
            put(w, u, d->collect_token ? "true" : "false") ||
            put(w, u, ",\n    \"record_loss\": ") || put(w, u, d->record_loss ? "true" : "false") ||
            put(w, u, ",\n    \"warnings\": [") ||
            (warning[0] && json_str(w, u, warning)) || put(w, u, "]\n  }"))
            goto fail;
        first_row = 0;
    }
    if (put(w, u, first_row ? "]\n" : "\n]\n"))
        goto fail;
    return CKS_E_OK;
fail:
    return cks_error_set(err, CKS_E_IO, NULL, 0, NULL, _("cannot write the plan"));
}
