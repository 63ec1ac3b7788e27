/* export.c — the printed forms of a plan (see cks/export.h). What goes on
 * which form is decided here; how a form looks, in sheet.c and the layout
 * files. */
#include "cks/export.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cks/i18n.h"
#include "cks/outfile.h"
#include "cks/plan.h"
#include "cks/text.h"
#include "export/sheet.h"

enum { SLUG_MAX = 96, NAME_MAX_ = 160 };

/* The words a form shows that come from no layout and no session: fixed
 * Vietnamese, like the organisation names of cks_body_org_name(), since
 * the forms go to Vietnamese offices whatever the program's language. */
#define VI_ORG "Tổ chức"
#define VI_PERSON "Cá nhân"
#define VI_DEVICE "USB Token"
#define VI_TICK "\u25A1" /* □ */

/* ------------------------------------------------------------ names */

char *cks_export_slug(const cks_unit_ref *u, char *buf, size_t n)
{
    char text[CKS_UNIT_NAME_MAX + 32];
    char *ascii;
    size_t used = 0;
    bool dash = false;

    snprintf(text, sizeof text, "%s%s%s", cks_unit_type_lower(u->type),
             u->type ? " " : "", u->name);
    ascii = cks_text_ascii(text, NULL);
    if (n == 0)
        return buf;
    for (const char *p = ascii ? ascii : ""; *p && used + 2 < n; p++) {
        char c = *p;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (dash && used)
                buf[used++] = '-';
            buf[used++] = c;
            dash = false;
        } else {
            dash = true;
        }
    }
    if (!used && u->code[0])
        used = (size_t)snprintf(buf, n, "don-vi-%s", u->code);
    else if (!used)
        used = (size_t)snprintf(buf, n, "don-vi");
    buf[used < n ? used : n - 1] = '\0';
    free(ascii);
    return buf;
}

/* ------------------------------------------------------------ a merger's rows */

typedef struct group {
    const cks_merger *merger;
    long merger_id;
    const cks_decision **rows; /* into the plan */
    size_t n_rows;
    char slug[SLUG_MAX];
} group;

static bool on_form(const cks_decision *d, cks_form f)
{
    switch (f) {
    case CKS_FORM_MAU04: return d->action == CKS_ACT_CHANGE;
    case CKS_FORM_MAU05: return d->action == CKS_ACT_REVOKE;
    case CKS_FORM_MAU08: return d->collect_token && d->cert;
    default: return true;
    }
}

static size_t count_on(const group *g, cks_form f)
{
    size_t n = 0;
    for (size_t i = 0; i < g->n_rows; i++)
        n += on_form(g->rows[i], f);
    return n;
}

/* The rule's words for a revocation (Mẫu 05 [reasons]). */
static cks_reason revoke_reason(const cks_decision *d)
{
    if (d->overridden)
        return CKS_REASON_REQUEST;
    switch (d->why) {
    case CKS_WHY_X2: return CKS_REASON_LOST;
    case CKS_WHY_P2_LEAVE: return CKS_REASON_LEAVE;
    case CKS_WHY_P2_UNUSED: return CKS_REASON_UNUSED;
    case CKS_WHY_P3: return CKS_REASON_DUPLICATE;
    default: return d->kind == CKS_KIND_ORG ? CKS_REASON_MERGED : CKS_REASON_REQUEST;
    }
}

static cks_token_status token_status(const cks_decision *d)
{
    if (d->action == CKS_ACT_REVOKE)
        return CKS_TOKEN_REVOKE;
    if (d->cert && d->cert->status == CKS_STATUS_REVOKED)
        return CKS_TOKEN_REVOKED;
    return CKS_TOKEN_EXPIRED;
}

/* ------------------------------------------------------------ cells */

typedef struct cellbuf {
    char text[CKS_LAYOUT_COLUMNS_MAX][768];
    const char *cells[CKS_LAYOUT_COLUMNS_MAX];
} cellbuf;

static void org_of(const cks_decision *d, char *buf, size_t n)
{
    if (d->cert && d->kind == CKS_KIND_ORG && d->body == CKS_BODY_OTHER)
        snprintf(buf, n, "%s", d->cert->holder); /* the organisation is its holder */
    else if (d->cert)
        cks_body_org_name(d->body, d->cert->unit, buf, n);
    else
        cks_decision_target(d, buf, n);
}

/* The note of a row: the unit's own decision, a lost token, a warning. */
static void note_of(const cks_plan *p, const cks_decision *d, char *buf, size_t n)
{
    char warn[512];
    size_t used = 0;
    buf[0] = '\0';
    if (d->overridden)
        used += (size_t)snprintf(buf + used, n - used, "%s", cks_decision_override_reason(d));
    if (d->record_loss && used < n)
        used += (size_t)snprintf(buf + used, n - used, "%sMất thiết bị (Mẫu số 09)",
                                 used ? "; " : "");
    if (cks_decision_warning(p, d, warn, sizeof warn)[0] && used < n)
        snprintf(buf + used, n - used, "%s%s", used ? "; " : "", warn);
}

static void cell_text(const cks_plan *p, const cks_layout *l, const cks_decision *d,
                      size_t index, cks_col field, char *buf, size_t n)
{
    const cks_cert *c = d->cert;
    char org[CKS_CERT_TEXT_MAX * 2], tgt[CKS_CERT_TEXT_MAX * 2];
    buf[0] = '\0';
    switch (field) {
    case CKS_COL_INDEX: snprintf(buf, n, "%zu", index); break;
    case CKS_COL_HOLDER:
        if (c)
            snprintf(buf, n, "%s", c->holder);
        else
            cks_decision_target(d, buf, n);
        break;
    case CKS_COL_KIND: snprintf(buf, n, "%s", d->kind == CKS_KIND_ORG ? VI_ORG : VI_PERSON); break;
    case CKS_COL_ORG: org_of(d, buf, n); break;
    case CKS_COL_POSITION: snprintf(buf, n, "%s", c ? c->position : ""); break;
    case CKS_COL_ID_NUMBER: snprintf(buf, n, "%s", c ? c->id_number : ""); break;
    case CKS_COL_EMAIL: snprintf(buf, n, "%s", c ? c->email : ""); break;
    case CKS_COL_SERIAL: snprintf(buf, n, "%s", c ? c->serial : ""); break;
    case CKS_COL_TOKEN_SERIAL: snprintf(buf, n, "%s", c ? c->token_serial : ""); break;
    case CKS_COL_DEVICE: snprintf(buf, n, "%s", c ? VI_DEVICE : ""); break;
    case CKS_COL_VALID_FROM:
        if (c && !cks_date_is_none(c->valid_from))
            cks_date_dmy(c->valid_from, buf, n);
        break;
    case CKS_COL_VALID_TO:
        if (c && !cks_date_is_none(c->valid_to))
            cks_date_dmy(c->valid_to, buf, n);
        break;
    case CKS_COL_OLD_UNIT:
        if (c)
            snprintf(buf, n, "%s%s%s", cks_unit_type_lower(c->unit->type),
                     c->unit->type ? " " : "", c->unit->name);
        break;
    case CKS_COL_OLD_INFO:
        if (!c)
            break;
        if (d->kind == CKS_KIND_ORG) {
            snprintf(buf, n, "Tên tổ chức: %s", c->holder);
        } else {
            org_of(d, org, sizeof org);
            snprintf(buf, n, "Cơ quan: %s%s%s", org, c->position[0] ? "\nChức vụ: " : "",
                     c->position);
        }
        break;
    case CKS_COL_NEW_INFO: {
        const char *pos = cks_decision_new_position(d);
        cks_decision_target(d, tgt, sizeof tgt);
        if (d->kind == CKS_KIND_ORG)
            snprintf(buf, n, "Tên tổ chức: %s", tgt);
        else
            snprintf(buf, n, "Cơ quan: %s%s%s", tgt, pos[0] ? "\nChức vụ: " : "", pos);
        break;
    }
    case CKS_COL_NEW_ORG: cks_decision_target(d, buf, n); break;
    case CKS_COL_NEW_POSITION: snprintf(buf, n, "%s", cks_decision_new_position(d)); break;
    case CKS_COL_REASON:
        if (l->form == CKS_FORM_MAU05)
            snprintf(buf, n, "%s", l->reasons[revoke_reason(d)]);
        else
            cks_decision_reason(p, d, buf, n);
        break;
    case CKS_COL_STATUS: snprintf(buf, n, "%s", l->statuses[token_status(d)]); break;
    case CKS_COL_ACTION: snprintf(buf, n, "%s", cks_action_label(d->action)); break;
    case CKS_COL_RULE: snprintf(buf, n, "%s", cks_rule_id(d->rule)); break;
    case CKS_COL_NOTE: note_of(p, d, buf, n); break;
    case CKS_COL_DONE: snprintf(buf, n, "%s", VI_TICK); break;
    default: break;
    }
}

/* ------------------------------------------------------------ placeholders */

typedef struct varbuf {
    char agency[NAME_MAX_ * 2], agency_up[NAME_MAX_ * 3], unit[NAME_MAX_ + 32],
        unit_up[NAME_MAX_ * 2];
    char date[16], deadline[16], collect_deadline[16], handover[16];
    char count[24], n_change[24], n_revoke[24], n_tokens[24], n_new[24], n_lost[24];
    char n_collect[24];
    size_t changes, revocations, new_ones, losses, collected; /* the merger's rows */
    char *tokens;
    cks_vars v;
} varbuf;

static void copy_upper(char *dst, size_t n, const char *s)
{
    char *up = cks_text_upper(s, NULL);
    snprintf(dst, n, "%s", up ? up : s);
    free(up);
}

/* The placeholders of one merger. Returns false when memory runs out. */
static bool make_vars(varbuf *vb, const group *g, const cks_export_options *opt)
{
    const cks_config *cfg = opt->cfg;
    size_t n_change = 0, n_revoke = 0, n_post = 0, n_new = 0, n_lost = 0, len = 0, cap = 256;
    cks_vars *v = &vb->v;

    memset(vb, 0, sizeof *vb);
    snprintf(vb->unit, sizeof vb->unit, "%s%s%s", cks_unit_type_lower(g->merger->unit.type),
             g->merger->unit.type ? " " : "", g->merger->unit.name);
    cks_body_org_name(CKS_BODY_UBND, &g->merger->unit, vb->agency, sizeof vb->agency);
    copy_upper(vb->unit_up, sizeof vb->unit_up, vb->unit);
    copy_upper(vb->agency_up, sizeof vb->agency_up, vb->agency);
    cks_date_dmy(opt->date, vb->date, sizeof vb->date);
    cks_date_dmy(cfg->mau04_deadline, vb->deadline, sizeof vb->deadline);
    cks_date_dmy(cks_date_add_workdays(opt->date, cfg->handover_days), vb->collect_deadline,
                 sizeof vb->collect_deadline);
    snprintf(vb->handover, sizeof vb->handover, "%d", cfg->handover_days);

    vb->tokens = malloc(cap);
    if (!vb->tokens)
        return false;
    vb->tokens[0] = '\0';
    for (size_t i = 0; i < g->n_rows; i++) {
        const cks_decision *d = g->rows[i];
        n_change += d->action == CKS_ACT_CHANGE;
        n_revoke += d->action == CKS_ACT_REVOKE;
        n_new += d->action == CKS_ACT_NEW;
        n_lost += d->record_loss;
        vb->collected += d->collect_token && d->cert;
        if (d->action == CKS_ACT_REVOKE && d->collect_token && d->cert) {
            /* the tokens posted with Mẫu 05: their serials, else the
             * certificate's */
            const char *t = d->cert->token_serial[0] ? d->cert->token_serial : d->cert->serial;
            size_t need = len + strlen(t) + 3;
            if (need > cap) {
                char *q;
                cap = need * 2;
                q = realloc(vb->tokens, cap);
                if (!q)
                    return false;
                vb->tokens = q;
            }
            len += (size_t)sprintf(vb->tokens + len, "%s%s", n_post ? ", " : "", t);
            n_post++;
        }
    }
    snprintf(vb->n_change, sizeof vb->n_change, "%zu", n_change);
    snprintf(vb->n_revoke, sizeof vb->n_revoke, "%zu", n_revoke);
    snprintf(vb->n_tokens, sizeof vb->n_tokens, "%zu", n_post);
    snprintf(vb->n_new, sizeof vb->n_new, "%zu", n_new);
    snprintf(vb->n_lost, sizeof vb->n_lost, "%zu", n_lost);
    snprintf(vb->n_collect, sizeof vb->n_collect, "%zu", vb->collected);
    vb->changes = n_change;
    vb->revocations = n_revoke;
    vb->new_ones = n_new;
    vb->losses = n_lost;

    v->v[CKS_VAR_AGENCY] = vb->agency;
    v->v[CKS_VAR_AGENCY_UP] = vb->agency_up;
    v->v[CKS_VAR_UNIT] = vb->unit;
    v->v[CKS_VAR_UNIT_UP] = vb->unit_up;
    v->v[CKS_VAR_PROVINCE] = cfg->province;
    v->v[CKS_VAR_PLACE] = cfg->place;
    v->v[CKS_VAR_DATE] = vb->date;
    v->v[CKS_VAR_DOST] = cfg->dost_name;
    v->v[CKS_VAR_CUC] = cfg->cuc_name;
    v->v[CKS_VAR_CUC_ADDRESS] = cfg->cuc_address;
    v->v[CKS_VAR_PORTAL] = cfg->portal_url;
    v->v[CKS_VAR_FORMS_URL] = cfg->forms_url;
    v->v[CKS_VAR_DEADLINE] = vb->deadline;
    v->v[CKS_VAR_HANDOVER_DAYS] = vb->handover;
    v->v[CKS_VAR_COUNT] = vb->count;
    v->v[CKS_VAR_N_CHANGE] = vb->n_change;
    v->v[CKS_VAR_N_REVOKE] = vb->n_revoke;
    v->v[CKS_VAR_N_TOKENS] = vb->n_tokens;
    v->v[CKS_VAR_N_NEW] = vb->n_new;
    v->v[CKS_VAR_N_LOST] = vb->n_lost;
    v->v[CKS_VAR_TOKENS] = vb->tokens;
    v->v[CKS_VAR_COLLECT_DEADLINE] = vb->collect_deadline;
    return true;
}

/* ------------------------------------------------------------ the forms */

static void list_rows(cks_sheet *sh, const cks_plan *p, const cks_layout *l, const group *g,
                      cellbuf *cb)
{
    size_t index = 0;
    for (size_t i = 0; i < g->n_rows; i++) {
        const cks_decision *d = g->rows[i];
        if (!on_form(d, l->form))
            continue;
        index++;
        for (size_t c = 0; c < l->n_columns; c++) {
            cell_text(p, l, d, index, l->columns[c].field, cb->text[c], sizeof cb->text[c]);
            cb->cells[c] = cb->text[c];
        }
        cks_sheet_row(sh, cb->cells);
    }
}

/* One checklist line: what each column shows. */
static void check_row(cks_sheet *sh, const cks_layout *l, cellbuf *cb, size_t index,
                      const char *task, const char *owner, const char *deadline, bool tick)
{
    for (size_t c = 0; c < l->n_columns; c++) {
        const char *t = "";
        switch (l->columns[c].field) {
        case CKS_COL_INDEX:
            snprintf(cb->text[c], sizeof cb->text[c], "%zu", index);
            t = index ? cb->text[c] : "";
            break;
        case CKS_COL_TASK: t = task; break;
        case CKS_COL_OWNER: t = owner; break;
        case CKS_COL_DEADLINE: t = deadline; break;
        case CKS_COL_DONE: t = tick ? VI_TICK : ""; break;
        default: break;
        }
        cb->cells[c] = t;
    }
    cks_sheet_row(sh, cb->cells);
}

enum { ROW_LINES_MAX = 24 }; /* a printed row stays well under a page (and
                                Excel's 409 points) */

/* One checklist line; a task too long for one row (the serials of many
 * tokens) goes on as many continuation rows as it needs, cut between
 * words. */
static void check_line(cks_sheet *sh, const cks_layout *l, cellbuf *cb, size_t index,
                       const char *task, const char *owner, const char *deadline, bool tick)
{
    double width = 0;
    char *buf;
    size_t len, start = 0, first = 1;
    for (size_t c = 0; c < l->n_columns; c++)
        if (l->columns[c].field == CKS_COL_TASK)
            width = l->columns[c].width;
    if (width <= 0 || cks_sheet_lines(task, width, 12, false) <= ROW_LINES_MAX ||
        !(buf = malloc((len = strlen(task)) + 1))) {
        check_row(sh, l, cb, index, task, owner, deadline, tick);
        return;
    }
    while (start < len) {
        size_t end = start, good = 0;
        /* the longest run of whole words that fits */
        while (end < len) {
            size_t next = end;
            while (next < len && task[next] == ' ')
                next++;
            while (next < len && task[next] != ' ')
                next++;
            memcpy(buf, task + start, next - start);
            buf[next - start] = '\0';
            if (good && cks_sheet_lines(buf, width, 12, false) > ROW_LINES_MAX)
                break;
            good = next;
            end = next;
        }
        memcpy(buf, task + start, good - start);
        buf[good - start] = '\0';
        if (first)
            check_row(sh, l, cb, index, buf, owner, deadline, tick);
        else
            check_row(sh, l, cb, 0, buf, "", "", false);
        first = 0;
        start = good;
        while (start < len && task[start] == ' ')
            start++;
    }
    free(buf);
}

/* A step of the checklist is printed when the merger has work for it. */
static bool step_applies(cks_step s, const varbuf *vb)
{
    switch (s) {
    case CKS_STEP_PORTAL:
    case CKS_STEP_POST: return vb->revocations > 0;
    case CKS_STEP_MAU04: return vb->changes > 0;
    case CKS_STEP_NEW: return vb->new_ones > 0;
    case CKS_STEP_LOST: return vb->losses > 0;
    case CKS_STEP_COLLECT: return vb->collected > 0;
    default: return false;
    }
}

/* ------------------------------------------------------------ the checklist */

static bool add_item(cks_checklist *c, cks_check_kind kind, const char *key, size_t index,
                     const char *task, const char *owner, const char *deadline)
{
    cks_check_item *p = realloc(c->items, (c->count + 1) * sizeof *p);
    if (!p)
        return false;
    c->items = p;
    cks_check_item *it = &p[c->count];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    it->index = index;
    snprintf(it->key, sizeof it->key, "%s", key);
    snprintf(it->deadline, sizeof it->deadline, "%s", deadline ? deadline : "");
    it->task = strdup(task ? task : "");
    it->owner = strdup(owner ? owner : "");
    c->count++;
    return it->task && it->owner;
}

void cks_checklist_free(cks_checklist *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->count; i++) {
        free(c->items[i].task);
        free(c->items[i].owner);
    }
    free(c->items);
    memset(c, 0, sizeof *c);
}

static bool build_checklist(const cks_plan *p, const cks_layout *l, const group *g, varbuf *vb,
                            const cks_export_options *opt, cks_checklist *out)
{
    static const char *const step_names[CKS_STEP_COUNT_] = {"portal", "post", "mau04",
                                                            "new",    "lost", "collect"};
    size_t index = 0;
    bool ok = true;

    memset(out, 0, sizeof *out);

    for (int s = 0; s < CKS_STEP_COUNT_ && ok; s++) {
        const cks_layout_step *st = &l->steps[s];
        char key[32], *task, *owner, *deadline;
        if (!step_applies((cks_step)s, vb))
            continue;
        /* {n_tokens} is what is collected in the collecting step, what
         * is posted elsewhere */
        vb->v.v[CKS_VAR_N_TOKENS] = s == CKS_STEP_COLLECT ? vb->n_collect : vb->n_tokens;
        task = cks_layout_expand(st->text, &vb->v);
        owner = cks_layout_expand(st->owner, &vb->v);
        deadline = cks_layout_expand(st->deadline, &vb->v);
        vb->v.v[CKS_VAR_N_TOKENS] = vb->n_tokens;
        snprintf(key, sizeof key, "step:%s", step_names[s]);
        ok = task && owner && deadline &&
             add_item(out, CKS_CHECK_STEP, key, ++index, task, owner, deadline);
        free(task);
        free(owner);
        free(deadline);
    }

    /* one line per certificate decision */
    ok = ok && add_item(out, CKS_CHECK_BAND, "", 0, l->decisions_title, "", "");
    for (size_t i = 0; i < g->n_rows && ok; i++) {
        const cks_decision *d = g->rows[i];
        char who[CKS_CERT_TEXT_MAX * 2], reason[1024], task[2048], deadline[16] = "", key[64];
        const char *owner = l->decisions_owner_org;
        if (d->cert)
            snprintf(who, sizeof who, "%s (%s)", d->cert->holder, d->cert->serial);
        else
            cks_decision_target(d, who, sizeof who);
        cks_decision_reason(p, d, reason, sizeof reason);
        snprintf(task, sizeof task, "%s\n%s%s: %s", who, cks_action_label(d->action),
                 d->overridden ? "*" : "", reason);
        if (d->kind == CKS_KIND_PERSON && d->cert)
            owner = d->cert->holder;
        if (d->action == CKS_ACT_CHANGE)
            cks_date_dmy(opt->cfg->mau04_deadline, deadline, sizeof deadline);
        else if (d->collect_token && d->cert)
            snprintf(deadline, sizeof deadline, "%s", vb->collect_deadline);
        if (d->cert)
            snprintf(key, sizeof key, "cert:%s", d->cert->serial);
        else
            snprintf(key, sizeof key, "new:%s", cks_body_key(d->body));
        ok = add_item(out, CKS_CHECK_DECISION, key, ++index, task, owner, deadline);
    }

    /* the support contacts of the settings */
    if (ok && opt->cfg->n_contacts) {
        ok = add_item(out, CKS_CHECK_BAND, "", 0, l->contacts_title, "", "");
        for (size_t i = 0; i < opt->cfg->n_contacts && ok; i++) {
            const cks_contact *ct = &opt->cfg->contacts[i];
            char line[CKS_CONFIG_TEXT_MAX * 2 + 64];
            snprintf(line, sizeof line, "%s%s%s; điện thoại: %s", ct->name,
                     ct->title[0] ? " – " : "", ct->title, ct->phone);
            ok = add_item(out, CKS_CHECK_CONTACT, "", 0, line, "", "");
        }
    }
    if (!ok)
        cks_checklist_free(out);
    return ok;
}

static bool checklist_rows(cks_sheet *sh, const cks_plan *p, const cks_layout *l,
                           const group *g, varbuf *vb, const cks_export_options *opt,
                           cellbuf *cb)
{
    cks_checklist c;
    if (!build_checklist(p, l, g, vb, opt, &c))
        return false;
    for (size_t i = 0; i < c.count; i++) {
        const cks_check_item *it = &c.items[i];
        if (it->kind == CKS_CHECK_BAND)
            cks_sheet_band(sh, it->task);
        else
            check_line(sh, l, cb, it->index, it->task, it->owner, it->deadline,
                       it->kind != CKS_CHECK_CONTACT);
    }
    cks_checklist_free(&c);
    return true;
}

/* ------------------------------------------------------------ files */

/* The files of one merger waiting to be renamed. */
typedef struct pending {
    cks_outdir *dir;
    cks_outfile *f[CKS_EXPORT_PLAN_CSV + 1];
    size_t rows[CKS_EXPORT_PLAN_CSV + 1];
} pending;

static int stream_write(void *user, const char *bytes, size_t len)
{
    return fwrite(bytes, 1, len, (FILE *)user) == len ? 0 : -1;
}

static void file_name(const group *g, const cks_export_options *opt, int form, char *buf,
                      size_t n)
{
    if (form == CKS_EXPORT_PLAN_CSV)
        snprintf(buf, n, "plan.csv");
    else
        snprintf(buf, n, "%s_%s.xlsx", g->slug, opt->layouts[form]->file);
}

static cks_err write_form(const cks_plan *p, const cks_export_options *opt, const group *g,
                          varbuf *vb, cks_form form, cks_outfile *f, const char *dir,
                          cellbuf *cb, cks_error *err)
{
    const cks_layout *l = opt->layouts[form];
    cks_sheet *sh;
    cks_err e;
    snprintf(vb->count, sizeof vb->count, "%zu", count_on(g, form));
    e = cks_sheet_open(cks_outfile_temp_path(f), dir, l, opt->cfg, &sh, err);
    if (e)
        return e;
    cks_sheet_head(sh, &vb->v, opt->date);
    if (form == CKS_FORM_CHECKLIST) {
        if (!checklist_rows(sh, p, l, g, vb, opt, cb)) {
            cks_sheet_close(sh, NULL);
            return cks_error_set(err, CKS_E_NOMEM, NULL, 0, NULL, NULL);
        }
    } else {
        list_rows(sh, p, l, g, cb);
    }
    cks_sheet_tail(sh, &vb->v);
    e = cks_sheet_close(sh, err);
    if (e) /* name the file the officer asked for, not its temporary name */
        snprintf(err->file, sizeof err->file, "%s", cks_outfile_path(f));
    return e;
}

static cks_err add_result(cks_export_result *res, const char *path, long merger_id, int form,
                          size_t rows, cks_error *err)
{
    cks_export_file *p = realloc(res->files, (res->n_files + 1) * sizeof *p);
    if (!p)
        return cks_error_set(err, CKS_E_NOMEM, NULL, 0, NULL, NULL);
    res->files = p;
    p[res->n_files].path = strdup(path);
    if (!p[res->n_files].path)
        return cks_error_set(err, CKS_E_NOMEM, NULL, 0, NULL, NULL);
    p[res->n_files].merger_id = merger_id;
    p[res->n_files].form = form;
    p[res->n_files].rows = rows;
    res->n_files++;
    return CKS_E_OK;
}

/* Every file of one merger, written to temporary names (renamed later,
 * with those of every other merger, by cks_export_run). */
static cks_err write_group(const cks_plan *p, const cks_export_options *opt, const group *g,
                           pending *pd, cellbuf *cb, cks_error *err)
{
    char dir[4096], name[SLUG_MAX + 64];
    varbuf vb;
    cks_err e;

    snprintf(dir, sizeof dir, "%s/%s", opt->out_dir, g->slug);
    e = cks_outdir_open(dir, opt->force, &pd->dir, err);
    if (e)
        return e;
    if (!make_vars(&vb, g, opt)) {
        free(vb.tokens);
        return cks_error_set(err, CKS_E_NOMEM, NULL, 0, NULL, NULL);
    }
    for (int form = 0; form <= CKS_EXPORT_PLAN_CSV && !e; form++) {
        size_t rows = form == CKS_EXPORT_PLAN_CSV ? g->n_rows : count_on(g, (cks_form)form);
        if (form != CKS_FORM_CHECKLIST && form != CKS_EXPORT_PLAN_CSV && rows == 0)
            continue;
        file_name(g, opt, form, name, sizeof name);
        e = cks_outfile_begin(pd->dir, name, &pd->f[form], err);
        if (e)
            break;
        pd->rows[form] = rows;
        if (form == CKS_EXPORT_PLAN_CSV)
            e = cks_plan_write_csv(p, g->merger_id, stream_write,
                                   cks_outfile_stream(pd->f[form]), err);
        else
            e = write_form(p, opt, g, &vb, (cks_form)form, pd->f[form], dir, cb, err);
        if (!e)
            e = cks_outfile_close(pd->f[form], err);
        if (e && !err->file[0])
            snprintf(err->file, sizeof err->file, "%s", cks_outfile_path(pd->f[form]));
    }
    free(vb.tokens);
    return e;
}

/* ------------------------------------------------------------ run */

static void free_groups(group *gs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(gs[i].rows);
    free(gs);
}

/* The mergers of the plan (one, or all) with their rows, in plan order. */
static cks_err make_groups(const cks_plan *p, long merger_id, group **out, size_t *n_out,
                           cks_error *err)
{
    group *gs = NULL;
    size_t n = 0;
    for (size_t i = 0; i < p->in->n_mergers; i++) {
        const cks_merger *m = &p->in->mergers[i];
        if (merger_id && m->id != merger_id)
            continue;
        group *q = realloc(gs, (n + 1) * sizeof *q);
        if (!q)
            goto nomem;
        gs = q;
        memset(&gs[n], 0, sizeof gs[n]);
        gs[n].merger = m;
        gs[n].merger_id = m->id;
        n++;
    }
    /* rows are ordered by merger: one pass */
    for (size_t i = 0, k = 0; i < p->count; i++) {
        const cks_decision *d = &p->rows[i];
        group *g = NULL;
        if (k < n && gs[k].merger_id == d->merger_id)
            g = &gs[k];
        for (size_t j = 0; !g && j < n; j++)
            if (gs[j].merger_id == d->merger_id)
                g = &gs[k = j];
        if (!g)
            continue;
        const cks_decision **r = realloc(g->rows, (g->n_rows + 1) * sizeof *r);
        if (!r)
            goto nomem;
        g->rows = r;
        g->rows[g->n_rows++] = d;
    }
    /* folder names: unique within the export (two units of one name in
     * different provinces get their codes added) */
    for (size_t i = 0; i < n; i++) {
        cks_export_slug(&gs[i].merger->unit, gs[i].slug, sizeof gs[i].slug);
        for (size_t j = 0; j < i; j++) {
            if (strcmp(gs[i].slug, gs[j].slug) == 0) {
                size_t len = strlen(gs[i].slug);
                snprintf(gs[i].slug + len, sizeof gs[i].slug - len, "-%s",
                         gs[i].merger->unit.code[0] ? gs[i].merger->unit.code : "2");
                j = (size_t)-1; /* check again */
            }
        }
    }
    *out = gs;
    *n_out = n;
    return CKS_E_OK;
nomem:
    free_groups(gs, n);
    return cks_error_set(err, CKS_E_NOMEM, NULL, 0, NULL, NULL);
}

static cks_err write_all(const cks_plan *p, const cks_export_options *opt, const group *gs,
                         size_t n, cks_export_result *res, cks_error *err)
{
    pending *pd = calloc(n ? n : 1, sizeof *pd);
    cks_outfile **all = calloc((n ? n : 1) * (CKS_EXPORT_PLAN_CSV + 1), sizeof *all);
    char (*paths)[4096 + SLUG_MAX * 2 + 64] = calloc((n ? n : 1) * (CKS_EXPORT_PLAN_CSV + 1),
                                                     sizeof *paths);
    cellbuf *cb = malloc(sizeof *cb);
    size_t k = 0;
    cks_err e = CKS_E_OK;

    if (!pd || !all || !paths || !cb) {
        e = cks_error_set(err, CKS_E_NOMEM, NULL, 0, NULL, NULL);
        goto done;
    }
    for (size_t i = 0; i < n && !e; i++)
        e = write_group(p, opt, &gs[i], &pd[i], cb, err);
    if (e)
        goto done;
    for (size_t i = 0; i < n; i++) {
        for (int form = 0; form <= CKS_EXPORT_PLAN_CSV; form++, k++) {
            if (pd[i].f[form])
                snprintf(paths[k], sizeof paths[k], "%s", cks_outfile_path(pd[i].f[form]));
            all[k] = pd[i].f[form];
            pd[i].f[form] = NULL;
        }
    }
    e = cks_outfile_commit_all(all, k, err);
    for (size_t i = 0, j = 0; i < n && !e; i++) {
        for (int form = 0; form <= CKS_EXPORT_PLAN_CSV && !e; form++, j++) {
            if (paths[j][0]) {
                e = add_result(res, paths[j], gs[i].merger_id, form, pd[i].rows[form], err);
            } else if (opt->force) {
                /* a form of an earlier export that has no row now */
                char name[SLUG_MAX + 64], path[4096 + SLUG_MAX * 2 + 64];
                file_name(&gs[i], opt, form, name, sizeof name);
                snprintf(path, sizeof path, "%s/%s/%s", opt->out_dir, gs[i].slug, name);
                if (unlink(path) == 0)
                    res->n_removed++;
            }
        }
        if (!e)
            res->n_mergers++;
    }
done:
    for (size_t i = 0; pd && i < n; i++) {
        for (int form = 0; form <= CKS_EXPORT_PLAN_CSV; form++)
            cks_outfile_abort(pd[i].f[form]);
        cks_outdir_close(pd[i].dir);
    }
    free(pd);
    free(all);
    free(paths);
    free(cb);
    return e;
}

cks_err cks_export_checklist(const cks_plan *p, long merger_id, const cks_export_options *opt,
                             cks_checklist *out, cks_error *err)
{
    group *gs = NULL;
    size_t n = 0;
    varbuf vb;
    cks_err e;
    memset(out, 0, sizeof *out);
    if (!opt->layouts[CKS_FORM_CHECKLIST])
        return cks_error_set(err, CKS_E_INVALID, NULL, 0, NULL, _("the layout of %s is missing"),
                             cks_form_key(CKS_FORM_CHECKLIST));
    e = make_groups(p, merger_id, &gs, &n, err);
    if (e)
        return e;
    if (n != 1) {
        free_groups(gs, n);
        return cks_error_set(err, CKS_E_NOTFOUND, NULL, 0, NULL, "%s",
                             cks_error_message(CKS_E_NOTFOUND));
    }
    if (!make_vars(&vb, &gs[0], opt) ||
        !build_checklist(p, opt->layouts[CKS_FORM_CHECKLIST], &gs[0], &vb, opt, out))
        e = cks_error_set(err, CKS_E_NOMEM, NULL, 0, NULL, NULL);
    free(vb.tokens);
    free_groups(gs, n);
    return e;
}

static bool exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

cks_err cks_export_run(const cks_plan *p, const cks_export_options *opt, cks_export_result *res,
                       cks_diags *diags, cks_error *err)
{
    group *gs = NULL;
    size_t n = 0, asks = 0, in_way = 0;
    cks_err e;

    memset(res, 0, sizeof *res);
    for (int f = 0; f < CKS_FORM_COUNT_; f++)
        if (!opt->layouts[f])
            return cks_error_set(err, CKS_E_INVALID, NULL, 0, NULL,
                                 _("the layout of %s is missing"), cks_form_key((cks_form)f));
    e = make_groups(p, opt->merger_id, &gs, &n, err);
    if (e)
        return e;

    /* 1. every row decided */
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < gs[i].n_rows; k++) {
            const cks_decision *d = gs[i].rows[k];
            char unit[CKS_UNIT_NAME_MAX + 32], why[1024], org[CKS_CERT_TEXT_MAX * 2];
            cks_error row;
            if (d->action != CKS_ACT_ASK)
                continue;
            asks++;
            cks_unit_display(&gs[i].merger->unit, unit, sizeof unit);
            org_of(d, org, sizeof org);
            cks_decision_reason(p, d, why, sizeof why);
            cks_error_set(&row, CKS_E_ASK, NULL, 0, d->cert ? d->cert->serial : "",
                          _("%s: %s, %s: %s"), unit, org,
                          d->cert ? d->cert->holder : cks_body_label(d->body), why);
            if (diags)
                cks_diags_add(diags, &row);
        }
    }
    if (asks) {
        free_groups(gs, n);
        return cks_error_set(err, CKS_E_ASK, NULL, 0, NULL,
                             _("%zu certificate(s) still need the unit's decision; nothing was "
                               "exported. Decide them (cks-sapnhap decide SERIAL --action … "
                               "--reason …) and export again"),
                             asks);
    }

    /* 2. nothing in the way (every name this export may write) */
    if (!opt->force) {
        for (size_t i = 0; i < n; i++) {
            for (int form = 0; form <= CKS_EXPORT_PLAN_CSV; form++) {
                char name[SLUG_MAX + 64], path[4096 + SLUG_MAX * 2 + 64];
                cks_error row;
                file_name(&gs[i], opt, form, name, sizeof name);
                snprintf(path, sizeof path, "%s/%s/%s", opt->out_dir, gs[i].slug, name);
                if (!exists(path))
                    continue;
                in_way++;
                cks_error_set(&row, CKS_E_EXISTS, path, 0, NULL,
                              _("the file exists already"));
                if (diags)
                    cks_diags_add(diags, &row);
            }
        }
        if (in_way) {
            free_groups(gs, n);
            return cks_error_set(err, CKS_E_EXISTS, opt->out_dir, 0, NULL,
                                 _("%zu file(s) of an earlier export are in the folder; "
                                   "nothing was written. Choose another folder, or replace "
                                   "them with --force"),
                                 in_way);
        }
    }

    /* 3. every file to a temporary name; then all synced and renamed at
     * once: a failure anywhere leaves the folder as it was */
    e = write_all(p, opt, gs, n, res, err);
    free_groups(gs, n);
    return e;
}

void cks_export_result_free(cks_export_result *res)
{
    if (!res)
        return;
    for (size_t i = 0; i < res->n_files; i++)
        free(res->files[i].path);
    free(res->files);
    memset(res, 0, sizeof *res);
}
