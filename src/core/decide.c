/* decide.c — the rules of the guidance letter (see cks/decide.h and
 * domain/RULES.md). Every rule is applied in one place below, in the order
 * of RULES.md: the name check (O1/O2/O4), the organisation rules per body
 * (X1, X2, O3, O4, O1, O2), the personal rules (X1, X2, P2, O4, P3, P1),
 * then the officer's overrides. Pure: no I/O, deterministic. */
#include "cks/decide.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cks/i18n.h"
#include "cks/text.h"

/* ------------------------------------------------------------ words */

static const char *const action_keys[] = {"keep", "change", "revoke", "new", "none", "ask"};
static const char *const rule_ids[] = {"O1", "O2", "O3", "O4", "P1", "P2", "P3", "X1", "X2"};

const char *cks_action_key(cks_action a)
{
    return (unsigned)a < 6 ? action_keys[a] : "";
}

int cks_action_from_key(const char *key)
{
    for (int i = 0; key && i < 6; i++)
        if (strcmp(action_keys[i], key) == 0)
            return i;
    return -1;
}

const char *cks_action_label(cks_action a)
{
    switch (a) {
    case CKS_ACT_KEEP: return _("keep");
    case CKS_ACT_CHANGE: return _("change information");
    case CKS_ACT_REVOKE: return _("revoke");
    case CKS_ACT_NEW: return _("new issuance");
    case CKS_ACT_NONE: return _("no request");
    default: return _("decide!");
    }
}

const char *cks_rule_id(cks_rule r)
{
    return (unsigned)r < 9 ? rule_ids[r] : "";
}

const char *cks_action_form(cks_action a)
{
    switch (a) {
    case CKS_ACT_CHANGE: return "04";
    case CKS_ACT_REVOKE: return "05";
    case CKS_ACT_NEW: return "02";
    default: return "";
    }
}

bool cks_cert_valid_on(const cks_cert *c, cks_date d)
{
    return c->status == CKS_STATUS_ACTIVE && cks_date_cmp(c->valid_to, d) >= 0;
}

/* Still in force (possibly lost): not expired, not revoked. */
static bool in_force(const cks_cert *c, cks_date d)
{
    return (c->status == CKS_STATUS_ACTIVE || c->status == CKS_STATUS_LOST) &&
           cks_date_cmp(c->valid_to, d) >= 0;
}

/* ------------------------------------------------------------ plan rows */

typedef struct builder {
    cks_plan *plan;
    size_t cap;
    int failed;
} builder;

static const cks_member *member_of(const cks_merger *m, long member_id);

static cks_decision *push(builder *b, const cks_merger *m, const cks_cert *c, cks_kind kind,
                          cks_body body)
{
    if (b->failed)
        return NULL;
    if (b->plan->count == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64;
        cks_decision *rows = realloc(b->plan->rows, cap * sizeof *rows);
        if (!rows) {
            b->failed = 1;
            return NULL;
        }
        b->plan->rows = rows;
        b->cap = cap;
    }
    cks_decision *d = &b->plan->rows[b->plan->count++];
    memset(d, 0, sizeof *d);
    d->merger_id = m->id;
    d->merger = m;
    d->cert = c;
    d->member = c ? member_of(m, c->member_id) : NULL;
    d->kind = kind;
    d->body = body;
    return d;
}

static void set(cks_decision *d, cks_action a, cks_rule r, cks_why why)
{
    d->action = d->recommended = a;
    d->rule = r;
    d->why = why;
    d->collect_token = a == CKS_ACT_REVOKE || a == CKS_ACT_NONE;
}

/* X1: expired or already revoked — nothing to request; the token is
 * collected, unless it is lost (then there is none to hand over). */
static void settle_x1(cks_decision *d, const cks_cert *c)
{
    set(d, CKS_ACT_NONE, CKS_RULE_X1, CKS_WHY_X1);
    if (c->status == CKS_STATUS_LOST) {
        d->why = CKS_WHY_X1_LOST;
        d->collect_token = false;
    }
}

/* "phường Nguyễn Nghiêm (21025)" */
static const char *unit_text(const cks_unit_ref *u, char *buf, size_t n)
{
    return cks_unit_display(u, buf, n);
}

/* ------------------------------------------------------------ the name */

typedef enum name_state { NAME_NEW, NAME_KEPT, NAME_SHARED, NAME_ACCENTS } name_state;

typedef struct name_check {
    name_state state;
    const cks_member *kept;       /* NAME_KEPT */
    char units[512];              /* NAME_SHARED / NAME_ACCENTS: the members concerned */
} name_check;

/* Does the new unit keep the name of an old one? Name identity on the
 * names without their type word: case, Unicode form, spacing and the tone
 * mark's place ignored, accents not. */
static void check_name(const cks_merger *m, name_check *nc)
{
    memset(nc, 0, sizeof *nc);
    int same = 0, folded = 0;
    char buf[256];
    for (size_t i = 0; i < m->n_members; i++) {
        const cks_member *mb = &m->members[i];
        if (cks_text_same_name(mb->unit.name, m->unit.name)) {
            if (same++ == 0)
                nc->kept = mb;
        } else if (cks_text_same_folded(mb->unit.name, m->unit.name)) {
            folded++;
        } else {
            continue;
        }
        size_t l = strlen(nc->units);
        snprintf(nc->units + l, sizeof nc->units - l, "%s%s", l ? ", " : "",
                 unit_text(&mb->unit, buf, sizeof buf));
    }
    /* one exact match decides, whatever matches only without accents
     * ("Sa Pa" keeps the name of Sa Pa, not of Sa Pả) */
    if (same == 1)
        nc->state = NAME_KEPT;
    else if (same > 1)
        nc->state = NAME_SHARED;
    else if (folded > 0)
        nc->state = NAME_ACCENTS;
    else
        nc->state = NAME_NEW;
    if (nc->state != NAME_KEPT)
        nc->kept = NULL;
}

/* ------------------------------------------------------------ stale names */

/* Does the holder's name name an abolished district, or a province other
 * than the new unit's? Only what the name says beyond the body and the
 * unit's own name counts ("UBND xã Tứ Quận" names no district), and accents
 * matter ("Quán Thánh" is no "quận"). On true, *what names it. */
static bool names_stale_hierarchy(const char *holder, const cks_unit_ref *unit,
                                  const char *province, char *what, size_t n)
{
    enum { MAXW = 48 };
    char *words[MAXW];
    size_t nw = 0;
    char *copy = strdup(holder);
    bool stale = false;
    if (!copy)
        return false;
    for (char *tok = strtok(copy, " ,;-()"); tok && nw < MAXW; tok = strtok(NULL, " ,;-()"))
        words[nw++] = tok;

    /* skip the unit's own name (its words, by name identity) */
    size_t name_words = 1;
    for (const char *p = unit->name; *p; p++)
        name_words += *p == ' ';
    size_t from = 0;
    for (size_t i = 0; i + name_words <= nw; i++) {
        char window[512] = "";
        for (size_t k = 0; k < name_words; k++) {
            size_t l = strlen(window);
            snprintf(window + l, sizeof window - l, "%s%s", k ? " " : "", words[i + k]);
        }
        if (cks_text_same_name(window, unit->name)) {
            from = i + name_words;
            break;
        }
    }

    /* the current province's name, without "Tỉnh"/"Thành phố" */
    char prov[256] = "";
    if (province) {
        const char *p = province;
        static const char *const prefixes[] = {"Tỉnh ", "tỉnh ", "Thành phố ", "thành phố ",
                                               "TP ", "TP. "};
        for (size_t k = 0; k < sizeof prefixes / sizeof prefixes[0]; k++)
            if (strncmp(p, prefixes[k], strlen(prefixes[k])) == 0) {
                p += strlen(prefixes[k]);
                break;
            }
        snprintf(prov, sizeof prov, "%s", p);
    }

    for (size_t i = from; i < nw && !stale; i++) {
        size_t level_words = 0;
        int district = 0;
        if (cks_text_same_name(words[i], "huyện") || cks_text_same_name(words[i], "quận")) {
            level_words = 1;
            district = 1;
        } else if (i + 1 < nw && cks_text_same_name(words[i], "thị") &&
                   cks_text_same_name(words[i + 1], "xã")) {
            level_words = 2;
            district = 1;
        } else if (cks_text_same_name(words[i], "tỉnh")) {
            level_words = 1;
        } else if (i + 1 < nw && cks_text_same_name(words[i], "thành") &&
                   cks_text_same_name(words[i + 1], "phố")) {
            level_words = 2;
        } else {
            continue;
        }
        /* the place named: the words up to the next level word or the end */
        char place[256] = "";
        size_t j = i + level_words;
        for (; j < nw; j++) {
            if (cks_text_same_name(words[j], "huyện") || cks_text_same_name(words[j], "quận") ||
                cks_text_same_name(words[j], "tỉnh") || cks_text_same_name(words[j], "thị") ||
                cks_text_same_name(words[j], "thành"))
                break;
            size_t l = strlen(place);
            snprintf(place + l, sizeof place - l, "%s%s", l ? " " : "", words[j]);
        }
        if (!place[0])
            continue;
        /* a thành phố is province-level only when it is one of the centrally
         * run cities; any other (thành phố Quảng Ngãi, thành phố Kon Tum)
         * was a district-level city, abolished like the districts */
        if (level_words == 2 && !district) {
            static const char *const central[] = {"Hà Nội", "Hải Phòng", "Đà Nẵng",
                                                  "Hồ Chí Minh", "Cần Thơ", "Huế"};
            district = 1;
            for (size_t k = 0; k < sizeof central / sizeof central[0]; k++)
                if (cks_text_same_name(place, central[k]))
                    district = 0;
        }
        /* a province-level name that is today's province is not stale;
         * without the province, only district-level words are judged */
        if (!district && (!prov[0] || cks_text_same_name(place, prov)))
            continue;
        char level[32] = "";
        for (size_t k = 0; k < level_words; k++) {
            size_t l = strlen(level);
            snprintf(level + l, sizeof level - l, "%s%s", k ? " " : "", words[i + k]);
        }
        snprintf(what, n, "%s %s", level, place);
        stale = true;
    }
    free(copy);
    return stale;
}

/* ------------------------------------------------------------ helpers */

static const cks_member *member_of(const cks_merger *m, long member_id)
{
    for (size_t i = 0; i < m->n_members; i++)
        if (m->members[i].id == member_id)
            return &m->members[i];
    return NULL;
}

static const char *code_of(const cks_cert *c)
{
    return c->unit ? c->unit->code : "";
}

/* Order of preference among valid organisation certificates (O2): the
 * seat, the old unit whose code is the new unit's, the latest expiry, the
 * lowest old code, then the serial (so the choice is always the same). */
typedef struct cand {
    const cks_cert *c;
    const cks_member *mb;
} cand;

static int prefer(const void *pa, const void *pb, void *merger)
{
    const cand *a = pa, *b = pb;
    const cks_merger *m = merger;
    int seat_a = a->mb && a->mb->is_seat, seat_b = b->mb && b->mb->is_seat;
    if (seat_a != seat_b)
        return seat_b - seat_a;
    int code_a = m->unit.code[0] && strcmp(code_of(a->c), m->unit.code) == 0;
    int code_b = m->unit.code[0] && strcmp(code_of(b->c), m->unit.code) == 0;
    if (code_a != code_b)
        return code_b - code_a;
    int exp = cks_date_cmp(b->c->valid_to, a->c->valid_to);
    if (exp)
        return exp;
    const char *ca = code_of(a->c)[0] ? code_of(a->c) : "99999";
    const char *cb = code_of(b->c)[0] ? code_of(b->c) : "99999";
    int code = strcmp(ca, cb);
    if (code)
        return code;
    return strcmp(a->c->serial, b->c->serial);
}

/* The certificates of one merger: a slice of the input, sorted by merger. */
typedef struct slice {
    const cks_cert *const *certs;
    size_t n;
} slice;

/* ------------------------------------------------------------ organisations */

static void decide_org_body(const cks_decide_input *in, builder *b, const cks_merger *m,
                            const name_check *nc, const slice *sl, cks_body body)
{
    cand *cands = NULL;
    size_t nc_ = 0, total = 0;
    for (size_t i = 0; i < sl->n; i++)
        total += sl->certs[i]->kind == CKS_KIND_ORG && sl->certs[i]->body == body;
    if (!total)
        return;
    cands = calloc(total, sizeof *cands);
    if (!cands) {
        b->failed = 1;
        return;
    }

    /* X1, X2: certificates that cannot be kept are settled first */
    for (size_t i = 0; i < sl->n; i++) {
        const cks_cert *c = sl->certs[i];
        if (c->kind != CKS_KIND_ORG || c->body != body)
            continue;
        if (!in_force(c, in->date)) {
            cks_decision *d = push(b, m, c, c->kind, body);
            if (!d)
                goto done;
            settle_x1(d, c);
        } else if (c->status == CKS_STATUS_LOST) {
            cks_decision *d = push(b, m, c, c->kind, body);
            if (!d)
                goto done;
            set(d, CKS_ACT_REVOKE, CKS_RULE_X2, CKS_WHY_X2);
            d->record_loss = true;
            d->collect_token = false;
        } else {
            cands[nc_++] = (cand){c, member_of(m, c->member_id)};
        }
    }

    if (nc_ == 0 && body != CKS_BODY_OTHER) {
        /* O3: no valid certificate of this body anywhere in the merger
         * ("other" is no one body: nothing to issue anew for it) */
        cks_decision *d = push(b, m, NULL, CKS_KIND_ORG, body);
        if (d)
            set(d, CKS_ACT_NEW, CKS_RULE_O3, CKS_WHY_O3);
        goto done;
    }

    if (body == CKS_BODY_OTHER || nc->state == NAME_SHARED || nc->state == NAME_ACCENTS) {
        /* O4: organisations of another kind are not matched to each other,
         * and a name the check cannot settle is asked */
        cks_why why = body == CKS_BODY_OTHER       ? CKS_WHY_OTHER_BODY
                      : nc->state == NAME_SHARED ? CKS_WHY_SHARED_NAME
                                                 : CKS_WHY_ACCENTS;
        for (size_t i = 0; i < nc_; i++) {
            cks_decision *d = push(b, m, cands[i].c, CKS_KIND_ORG, body);
            if (!d)
                goto done;
            set(d, CKS_ACT_ASK, CKS_RULE_O4, why);
        }
        goto done;
    }

    qsort_r(cands, nc_, sizeof *cands, prefer, (void *)m);

    if (nc->state == NAME_KEPT) {
        /* O1: keep the certificate of the unit whose name is kept */
        const cand *keep = NULL;
        for (size_t i = 0; i < nc_ && !keep; i++)
            if (cands[i].mb == nc->kept)
                keep = &cands[i];
        if (keep) {
            cks_decision *d = push(b, m, keep->c, CKS_KIND_ORG, body);
            if (!d)
                goto done;
            char stale[256];
            d->kept = nc->kept;
            if (nc->kept->unit.type != m->unit.type)
                set(d, CKS_ACT_CHANGE, CKS_RULE_O1, CKS_WHY_O1_TYPE);
            else if (in->check_stale_hierarchy &&
                     names_stale_hierarchy(keep->c->holder, &nc->kept->unit, m->province, stale,
                                           sizeof stale))
                set(d, CKS_ACT_CHANGE, CKS_RULE_O1, CKS_WHY_O1_STALE);
            else
                set(d, CKS_ACT_KEEP, CKS_RULE_O1, CKS_WHY_O1_KEEP);
            for (size_t i = 0; i < nc_; i++) {
                if (&cands[i] == keep)
                    continue;
                d = push(b, m, cands[i].c, CKS_KIND_ORG, body);
                if (!d)
                    goto done;
                d->kept = nc->kept;
                d->ref = keep->c;
                set(d, CKS_ACT_REVOKE, CKS_RULE_O1,
                    cands[i].mb == nc->kept ? CKS_WHY_O1_SECOND : CKS_WHY_O1_REVOKE);
            }
            goto done;
        }
        /* the unit whose name is kept has no valid certificate of this body:
         * one of the others is changed, as for a new name */
    }

    /* O2: a new name — choose one, change it, revoke the others */
    {
        cks_decision *d = push(b, m, cands[0].c, CKS_KIND_ORG, body);
        if (!d)
            goto done;
        set(d, CKS_ACT_CHANGE, CKS_RULE_O2,
            nc->state == NAME_KEPT ? CKS_WHY_O2_KEPT_NONE : CKS_WHY_O2_CHOSEN);
        d->kept = nc->kept;
        d->runner_up = nc_ > 1 ? cands[1].c : NULL;
        for (size_t i = 1; i < nc_; i++) {
            d = push(b, m, cands[i].c, CKS_KIND_ORG, body);
            if (!d)
                goto done;
            set(d, CKS_ACT_REVOKE, CKS_RULE_O2, CKS_WHY_O2_REVOKE);
            d->ref = cands[0].c;
        }
    }
done:
    free(cands);
}

/* ------------------------------------------------------------ people */

typedef struct p1_row {
    size_t row;
    cks_body body;
    const cks_cert *c;
    size_t person; /* rows of one person share it */
} p1_row;

static int by_body_id(const void *pa, const void *pb)
{
    const p1_row *a = pa, *b = pb;
    if (a->body != b->body)
        return (int)a->body - (int)b->body;
    int id = strcmp(a->c->id_number, b->c->id_number);
    if (id)
        return id;
    return (a->row > b->row) - (a->row < b->row);
}

static void decide_people(const cks_decide_input *in, builder *b, const cks_merger *m,
                          const name_check *nc, const slice *sl)
{
    size_t first = b->plan->count;
    for (size_t i = 0; i < sl->n; i++) {
        const cks_cert *c = sl->certs[i];
        if (c->kind != CKS_KIND_PERSON)
            continue;
        cks_decision *d = push(b, m, c, c->kind, c->body);
        if (!d)
            return;
        const cks_member *mb = d->member;
        if (!in_force(c, in->date)) {
            settle_x1(d, c);
        } else if (c->status == CKS_STATUS_LOST) {
            set(d, CKS_ACT_REVOKE, CKS_RULE_X2, CKS_WHY_X2);
            d->record_loss = true;
            d->collect_token = false;
        } else if (c->after == CKS_AFTER_LEAVE || c->after == CKS_AFTER_UNUSED) {
            set(d, CKS_ACT_REVOKE, CKS_RULE_P2,
                c->after == CKS_AFTER_LEAVE ? CKS_WHY_P2_LEAVE : CKS_WHY_P2_UNUSED);
        } else if (c->after == CKS_AFTER_UNSET) {
            set(d, CKS_ACT_ASK, CKS_RULE_O4, CKS_WHY_P_UNKNOWN);
        } else {
            /* P1 for now; P3 below may revoke a duplicate */
            bool same_org = nc->state == NAME_KEPT && nc->kept == mb &&
                            mb->unit.type == m->unit.type;
            bool same_post = !c->new_position[0] ||
                             cks_text_same_name(c->new_position, c->position);
            if (same_org && same_post)
                set(d, CKS_ACT_KEEP, CKS_RULE_P1, CKS_WHY_P1_KEEP);
            else if (c->new_position[0] && !same_post)
                set(d, CKS_ACT_CHANGE, CKS_RULE_P1, CKS_WHY_P1_POST);
            else
                set(d, CKS_ACT_CHANGE, CKS_RULE_P1, CKS_WHY_P1_ORG);
        }
    }

    /* P3: one person, several valid certificates for one role (body): the
     * one that expires last stays (ties: the lowest serial); the others are
     * revoked and the reason names it. A person is known by the id number
     * where it is given, else by the name: the rows of one body are first
     * grouped into persons — by id number; a row without one joins the id
     * group whose holder has its name when there is exactly one such group,
     * else the other rows of that name — and only then compared, so two
     * different people never decide each other's certificates. */
    size_t n_p1 = 0;
    for (size_t i = first; i < b->plan->count; i++)
        n_p1 += b->plan->rows[i].rule == CKS_RULE_P1;
    if (n_p1 < 2)
        return;
    p1_row *p1 = malloc(n_p1 * sizeof *p1);
    if (!p1) {
        b->failed = 1;
        return;
    }
    size_t k = 0;
    for (size_t i = first; i < b->plan->count; i++)
        if (b->plan->rows[i].rule == CKS_RULE_P1)
            p1[k++] = (p1_row){i, b->plan->rows[i].body, b->plan->rows[i].cert, 0};
    /* sorted by body, then id number (rows without one first), then row */
    qsort(p1, n_p1, sizeof *p1, by_body_id);
    for (size_t g = 0; g < n_p1;) {
        size_t end = g;
        while (end < n_p1 && p1[end].body == p1[g].body)
            end++;
        /* person numbers: each id number its own; a row without one takes
         * the number of the only id group of its name, or of the first
         * earlier id-less row of its name, or a new one */
        size_t next = 1;
        for (size_t i = g; i < end; i++) {
            const cks_cert *c = p1[i].c;
            if (c->id_number[0])
                p1[i].person = i > g && strcmp(p1[i - 1].c->id_number, c->id_number) == 0
                                   ? p1[i - 1].person
                                   : next++;
        }
        for (size_t i = g; i < end; i++) {
            const cks_cert *c = p1[i].c;
            if (c->id_number[0])
                continue;
            size_t id_group = 0;
            int id_groups = 0;
            for (size_t j = g; j < end; j++)
                if (p1[j].c->id_number[0] && cks_text_same_name(p1[j].c->holder, c->holder) &&
                    p1[j].person != id_group) {
                    id_group = p1[j].person;
                    id_groups++;
                }
            if (id_groups == 1) {
                p1[i].person = id_group;
                continue;
            }
            size_t same = 0;
            for (size_t j = g; j < i && !same; j++)
                if (!p1[j].c->id_number[0] && cks_text_same_name(p1[j].c->holder, c->holder))
                    same = p1[j].person;
            /* two people of this name with id numbers: the row is nobody's
             * duplicate (each keeps their own) */
            p1[i].person = same && id_groups == 0 ? same : next++;
        }
        for (size_t i = g; i < end; i++) {
            const cks_cert *best = NULL;
            for (size_t j = g; j < end; j++) {
                if (j == i || p1[j].person != p1[i].person)
                    continue;
                const cks_cert *o = p1[j].c, *top = best ? best : p1[i].c;
                int later = cks_date_cmp(o->valid_to, top->valid_to);
                if (later > 0 || (later == 0 && strcmp(o->serial, top->serial) < 0))
                    best = o;
            }
            if (best) {
                cks_decision *d = &b->plan->rows[p1[i].row];
                set(d, CKS_ACT_REVOKE, CKS_RULE_P3, CKS_WHY_P3);
                d->ref = best;
            }
        }
        g = end;
    }
    free(p1);
}

/* ------------------------------------------------------------ text of a row */

static const char *status_word(const cks_cert *c)
{
    return c->status == CKS_STATUS_REVOKED ? _("revoked") : _("expired");
}

/* Why the chosen certificate was chosen: every criterion of the order that
 * speaks for it (the seat, the new unit's code), else the one that set it
 * before the runner-up. */
static const char *why_chosen(const cks_decision *d, char *buf, size_t len)
{
    const cks_merger *m = d->merger;
    const cks_cert *first = d->cert;
    bool seat = d->member && d->member->is_seat;
    bool code = m->unit.code[0] && strcmp(code_of(first), m->unit.code) == 0;
    if (seat && code)
        snprintf(buf, len, _("its unit is the seat of the new unit and its code %s is the new "
                             "unit's code"),
                 m->unit.code);
    else if (seat)
        snprintf(buf, len, "%s", _("its unit is the seat of the new unit"));
    else if (code)
        snprintf(buf, len, _("its code %s is the new unit's code"), m->unit.code);
    else if (!d->runner_up)
        snprintf(buf, len, "%s", _("it is the only valid one"));
    else if (cks_date_cmp(first->valid_to, d->runner_up->valid_to) > 0) {
        char day[16];
        snprintf(buf, len, _("it is valid the longest (to %s)"),
                 cks_date_dmy(first->valid_to, day, sizeof day));
    } else
        snprintf(buf, len, "%s", _("its unit has the lowest code"));
    return buf;
}

char *cks_decision_target(const cks_decision *d, char *buf, size_t n)
{
    buf[0] = '\0';
    if (d->action == CKS_ACT_CHANGE || (!d->cert && d->merger))
        cks_body_org_name(d->body, &d->merger->unit, buf, n);
    return buf;
}

const char *cks_decision_new_position(const cks_decision *d)
{
    if (d->action != CKS_ACT_CHANGE || !d->cert || d->kind != CKS_KIND_PERSON)
        return "";
    return d->cert->new_position[0] ? d->cert->new_position : d->cert->position;
}

const char *cks_decision_override_reason(const cks_decision *d)
{
    return d->override ? d->override->reason : "";
}

char *cks_decision_reason(const cks_plan *p, const cks_decision *d, char *buf, size_t n)
{
    const cks_merger *m = d->merger;
    const cks_cert *c = d->cert;
    char u1[256], u2[256], org[CKS_CERT_TEXT_MAX], held[CKS_CERT_TEXT_MAX], more[512];
    cks_body_org_name(d->body, &m->unit, org, sizeof org);
    unit_text(&m->unit, u2, sizeof u2);
    if (d->kept)
        unit_text(&d->kept->unit, u1, sizeof u1);
    else
        u1[0] = '\0';
    buf[0] = '\0';
    switch (d->why) {
    case CKS_WHY_X1:
        snprintf(buf, n, _("already %s: nothing to request; the token is still collected"),
                 status_word(c));
        break;
    case CKS_WHY_X1_LOST:
        snprintf(buf, n, "%s", _("already expired, and its token is lost: nothing to request "
                                 "and no token to collect"));
        break;
    case CKS_WHY_X2:
        snprintf(buf, n, "%s", _("the token is lost while the certificate is still valid: "
                                 "revoke it (the key may be in other hands) and record the loss "
                                 "(Mẫu 09)"));
        break;
    case CKS_WHY_O3:
        snprintf(buf, n, _("no old unit has a valid %s certificate: %s needs a new one (Mẫu 02) "
                           "— the exception to \"change, not new issuance\""),
                 cks_body_label(d->body), org);
        break;
    case CKS_WHY_OTHER_BODY:
        snprintf(buf, n, _("%s is not UBND, HĐND, Đảng ủy or MTTQ, so the rules cannot pair it: "
                           "decide whether it continues (change) or is revoked"),
                 c->holder);
        break;
    case CKS_WHY_SHARED_NAME:
    case CKS_WHY_ACCENTS: {
        name_check nc;
        check_name(m, &nc);
        if (d->why == CKS_WHY_SHARED_NAME)
            snprintf(buf, n, _("%s shares its name with several old units (%s): say which one's "
                               "certificate is kept; the others are revoked"),
                     u2, nc.units);
        else
            snprintf(buf, n, _("%s matches %s only without accents: say whether it is the same "
                               "name (keep that certificate) or a new name (choose one to "
                               "change)"),
                     u2, nc.units);
        break;
    }
    case CKS_WHY_O1_TYPE:
        snprintf(buf, n, _("%s keeps the name of %s but becomes a %s: change of information to "
                           "%s"),
                 u2, u1, cks_unit_type_lower(m->unit.type), org);
        break;
    case CKS_WHY_O1_STALE:
        if (!names_stale_hierarchy(c->holder, &d->kept->unit, m->province, more, sizeof more))
            more[0] = '\0';
        snprintf(buf, n, _("%s keeps the name of %s, but the certificate still names %s, which "
                           "no longer exists: change of information to %s"),
                 u2, u1, more, org);
        break;
    case CKS_WHY_O1_KEEP:
        snprintf(buf, n, _("%s keeps the name of %s: this certificate is kept as it is"), u2, u1);
        break;
    case CKS_WHY_O1_SECOND:
        snprintf(buf, n, _("a second valid %s certificate of %s: the one valid longest is kept, "
                           "this one is revoked"),
                 cks_body_label(d->body), u1);
        break;
    case CKS_WHY_O1_REVOKE:
        snprintf(buf, n, _("%s keeps the name of %s: the certificate of %s is revoked"), u2, u1,
                 c->unit ? unit_text(c->unit, more, sizeof more) : "");
        break;
    case CKS_WHY_O2_KEPT_NONE:
    case CKS_WHY_O2_CHOSEN:
        cks_body_org_name(d->body, c->unit, held, sizeof held);
        why_chosen(d, more, sizeof more);
        if (d->why == CKS_WHY_O2_KEPT_NONE)
            snprintf(buf, n, _("%s, whose name is kept, has no valid %s certificate; the "
                               "certificate of %s is chosen (%s): change of information to %s"),
                     u1, cks_body_label(d->body), held, more, org);
        else
            snprintf(buf, n, _("new name; the certificate of %s is chosen: %s; change of "
                               "information to %s"),
                     held, more, org);
        break;
    case CKS_WHY_O2_REVOKE:
        cks_body_org_name(d->body, d->ref->unit, held, sizeof held);
        cks_body_org_name(d->body, c->unit, more, sizeof more);
        snprintf(buf, n, _("the certificate of %s is kept for %s; this one of %s is revoked"),
                 held, org, more);
        break;
    case CKS_WHY_P2_LEAVE:
        snprintf(buf, n, _("%s leaves: revoke the certificate and collect the token (Mẫu 08)"),
                 c->holder);
        break;
    case CKS_WHY_P2_UNUSED:
        snprintf(buf, n, _("%s no longer needs a certificate: revoke it and collect the token "
                           "(Mẫu 08)"),
                 c->holder);
        break;
    case CKS_WHY_P_UNKNOWN:
        snprintf(buf, n, _("it is not known whether %s continues in %s: say so (continue → "
                           "change of information, leave → revoke)"),
                 c->holder, org);
        break;
    case CKS_WHY_P1_KEEP:
        snprintf(buf, n, _("%s continues in %s, whose name is unchanged, in the same post: kept "
                           "as it is"),
                 c->holder, org);
        break;
    case CKS_WHY_P1_POST:
        snprintf(buf, n, _("%s continues in %s as %s: change of information"), c->holder, org,
                 c->new_position);
        break;
    case CKS_WHY_P1_ORG:
        snprintf(buf, n, _("%s continues in %s: change of information (the organisation's name "
                           "changes)"),
                 c->holder, org);
        break;
    case CKS_WHY_OVERRIDE_VOID:
        snprintf(buf, n, _("the unit decided %s, but the certificate is now %s: decide again"),
                 cks_action_label(d->override->action),
                 c->status == CKS_STATUS_LOST ? _("lost") : status_word(c));
        break;
    case CKS_WHY_OVERRIDE_TWICE: {
        char body_org[CKS_CERT_TEXT_MAX];
        cks_body_org_name(d->body, &m->unit, body_org, sizeof body_org);
        snprintf(buf, n, _("%s would keep two certificates (this one and %s): decide again"),
                 body_org, d->ref ? d->ref->serial : "");
        break;
    }
    case CKS_WHY_P3: {
        char day[16];
        snprintf(buf, n, _("%s holds another valid %s certificate (%s, valid to %s): that one is "
                           "kept, this one is revoked"),
                 c->holder, cks_body_label(d->body), d->ref->serial,
                 cks_date_dmy(d->ref->valid_to, day, sizeof day));
        break;
    }
    }
    (void)p;
    return buf;
}

char *cks_decision_warning(const cks_plan *p, const cks_decision *d, char *buf, size_t n)
{
    buf[0] = '\0';
    const cks_member *mb = d->member;
    if (!mb || !mb->partial)
        return buf;
    const char *others = "";
    for (size_t i = 0; p->in && i < p->in->n_splits; i++)
        if (p->in->splits[i].member_id == mb->id)
            others = p->in->splits[i].others;
    char a[256], b[256];
    if (others[0])
        snprintf(buf, n,
                 _("%s was split: part of it also went to %s; its certificate can serve only "
                   "one new unit (here %s)"),
                 unit_text(&mb->unit, a, sizeof a), others,
                 unit_text(&d->merger->unit, b, sizeof b));
    else
        snprintf(buf, n,
                 _("only part of %s went into %s; its certificate can serve only one new unit"),
                 unit_text(&mb->unit, a, sizeof a), unit_text(&d->merger->unit, b, sizeof b));
    return buf;
}

/* ------------------------------------------------------------ overrides */

static cks_decision *row_for(cks_plan *p, const cks_override *o)
{
    for (size_t i = 0; i < p->count; i++) {
        cks_decision *d = &p->rows[i];
        if (o->cert_id ? (d->cert && d->cert->id == o->cert_id)
                       : (!d->cert && d->merger_id == o->merger_id && d->body == o->body))
            return d;
    }
    return NULL;
}

static bool keeps(cks_action a)
{
    return a == CKS_ACT_KEEP || a == CKS_ACT_CHANGE;
}

static void apply_override(cks_plan *p, const cks_override *o, cks_date day)
{
    cks_decision *d = row_for(p, o);
    if (!d)
        return;
    d->overridden = true;
    d->override = o;
    /* a decision that no longer holds (the certificate was since marked
     * lost, or has expired) is put back to the officer, never applied */
    if (d->cert && keeps(o->action) &&
        (d->cert->status == CKS_STATUS_LOST || !in_force(d->cert, day))) {
        d->action = CKS_ACT_ASK;
        d->why = CKS_WHY_OVERRIDE_VOID;
        d->collect_token = false;
        return;
    }
    d->action = o->action;
    d->collect_token = o->action == CKS_ACT_REVOKE || (o->action == CKS_ACT_NONE && d->cert);
    if (d->cert && d->cert->status == CKS_STATUS_LOST)
        d->collect_token = false;
}

/* After the overrides: one body of one new unit keeps one certificate at
 * most. Where decisions (or undoing one) leave two, the overridden ones
 * are asked again. */
static void check_kept_once(cks_plan *p)
{
    for (size_t i = 0; i < p->count; i++) {
        cks_decision *d = &p->rows[i];
        if (d->kind != CKS_KIND_ORG || !d->cert || !keeps(d->action))
            continue;
        for (size_t k = i + 1; k < p->count; k++) {
            cks_decision *x = &p->rows[k];
            if (x->kind != CKS_KIND_ORG || !x->cert || x->merger_id != d->merger_id ||
                x->body != d->body || !keeps(x->action))
                continue;
            cks_decision *both[2] = {d, x};
            for (int j = 0; j < 2; j++) {
                if (!both[j]->overridden)
                    continue;
                both[j]->action = CKS_ACT_ASK;
                both[j]->why = CKS_WHY_OVERRIDE_TWICE;
                both[j]->ref = both[1 - j]->cert;
            }
        }
    }
}

/* ------------------------------------------------------------ entry */

void cks_plan_free(cks_plan *p)
{
    if (!p)
        return;
    free(p->rows);
    p->rows = NULL;
    p->count = 0;
}

/* The certificates of each merger, in their input order: a counting sort
 * by the merger's place in the input (one pass to count, one to place). */
typedef struct buckets {
    const cks_cert **certs; /* grouped by merger */
    size_t *start;          /* merger i's certificates: certs[start[i] .. start[i + 1]) */
} buckets;

static int merger_place(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

static bool bucket(const cks_decide_input *in, buckets *bk)
{
    size_t nm = in->n_mergers;
    /* (id, place) pairs sorted by id, to find a merger's place by its id */
    long *ids = malloc((nm ? nm : 1) * 2 * sizeof *ids);
    bk->certs = malloc((in->n_certs ? in->n_certs : 1) * sizeof *bk->certs);
    bk->start = calloc(nm + 2, sizeof *bk->start);
    size_t *place = malloc((in->n_certs ? in->n_certs : 1) * sizeof *place);
    if (!ids || !bk->certs || !bk->start || !place) {
        free(ids);
        free(place);
        return false;
    }
    for (size_t i = 0; i < nm; i++) {
        ids[2 * i] = in->mergers[i].id;
        ids[2 * i + 1] = (long)i;
    }
    qsort(ids, nm, 2 * sizeof *ids, merger_place);
    for (size_t k = 0; k < in->n_certs; k++) {
        long id = in->certs[k].merger_id;
        size_t lo = 0, hi = nm;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (ids[2 * mid] < id)
                lo = mid + 1;
            else
                hi = mid;
        }
        /* a certificate of no merger of the input goes nowhere */
        place[k] = lo < nm && ids[2 * lo] == id ? (size_t)ids[2 * lo + 1] : nm;
        bk->start[place[k] + 1]++;
    }
    for (size_t i = 0; i <= nm; i++)
        bk->start[i + 1] += bk->start[i];
    size_t *fill = calloc(nm + 1, sizeof *fill);
    if (!fill) {
        free(ids);
        free(place);
        return false;
    }
    for (size_t k = 0; k < in->n_certs; k++)
        bk->certs[bk->start[place[k]] + fill[place[k]]++] = &in->certs[k];
    free(fill);
    free(ids);
    free(place);
    return true;
}

cks_err cks_decide(const cks_decide_input *in, cks_plan *out, cks_error *err)
{
    out->rows = NULL;
    out->count = 0;
    out->in = in;
    builder b = {out, 0, 0};
    buckets bk = {NULL, NULL};
    if (!bucket(in, &bk)) {
        free(bk.certs);
        free(bk.start);
        return cks_error_set(err, CKS_E_NOMEM, NULL, 0, NULL, NULL);
    }
    /* room for every certificate and a few `new` rows */
    out->rows = malloc((in->n_certs + 4 * in->n_mergers + 8) * sizeof *out->rows);
    if (out->rows)
        b.cap = in->n_certs + 4 * in->n_mergers + 8;
    for (size_t i = 0; i < in->n_mergers && !b.failed; i++) {
        const cks_merger *m = &in->mergers[i];
        slice sl = {bk.certs + bk.start[i], bk.start[i + 1] - bk.start[i]};
        name_check nc;
        check_name(m, &nc);
        for (int body = 0; body < CKS_BODY_COUNT_ && !b.failed; body++)
            decide_org_body(in, &b, m, &nc, &sl, (cks_body)body);
        decide_people(in, &b, m, &nc, &sl);
    }
    free(bk.certs);
    free(bk.start);
    for (size_t i = 0; i < in->n_overrides && !b.failed; i++)
        apply_override(out, &in->overrides[i], in->date);
    if (in->n_overrides)
        check_kept_once(out);
    if (b.failed) {
        cks_plan_free(out);
        return cks_error_set(err, CKS_E_NOMEM, NULL, 0, NULL, NULL);
    }
    return CKS_E_OK;
}

cks_err cks_decide_check_override(const cks_decide_input *in, const cks_override *o,
                                  cks_error *err)
{
    if (o->action == CKS_ACT_ASK || (int)o->action < 0 || o->action > CKS_ACT_ASK)
        return cks_error_set(err, CKS_E_INVALID, NULL, 0, "--action",
                             _("the action must be keep, change, revoke, new or none"));
    /* the plan with this override in place of any earlier one for the same row */
    cks_override *all = calloc(in->n_overrides + 1, sizeof *all);
    if (!all)
        return cks_error_set(err, CKS_E_NOMEM, NULL, 0, NULL, NULL);
    size_t n = 0;
    for (size_t i = 0; i < in->n_overrides; i++) {
        const cks_override *x = &in->overrides[i];
        bool same = o->cert_id ? x->cert_id == o->cert_id
                               : (!x->cert_id && x->merger_id == o->merger_id && x->body == o->body);
        if (!same)
            all[n++] = *x;
    }
    all[n++] = *o;
    cks_decide_input with = *in;
    with.overrides = all;
    with.n_overrides = n;
    cks_plan p;
    cks_err e = cks_decide(&with, &p, err);
    if (e) {
        free(all);
        return e;
    }
    const cks_decision *d = NULL;
    for (size_t i = 0; i < p.count && !d; i++) {
        const cks_decision *x = &p.rows[i];
        if (o->cert_id ? (x->cert && x->cert->id == o->cert_id)
                       : (!x->cert && x->merger_id == o->merger_id && x->body == o->body))
            d = x;
    }
    char buf[CKS_CERT_TEXT_MAX];
    if (o->action == CKS_ACT_NEW) {
        /* checked before the row is looked for: `new` for a body that has a
         * valid certificate (hence no `new` row) is refused with this why */
        const cks_cert *self = NULL;
        for (size_t i = 0; o->cert_id && i < in->n_certs && !self; i++)
            if (in->certs[i].id == o->cert_id)
                self = &in->certs[i];
        for (size_t i = 0; i < in->n_certs; i++) {
            const cks_cert *c = &in->certs[i];
            bool same_role = o->cert_id ? self && (c == self || (self->kind == CKS_KIND_ORG &&
                                                                 c->kind == CKS_KIND_ORG &&
                                                                 c->merger_id == self->merger_id &&
                                                                 c->body == self->body))
                                        : c->kind == CKS_KIND_ORG && c->merger_id == o->merger_id &&
                                              c->body == o->body;
            if (same_role && cks_cert_valid_on(c, in->date)) {
                e = cks_error_set(err, CKS_E_INVALID, NULL, 0, "--action",
                                  _("certificate %s is still valid: change, not new issuance "
                                    "(the letter: existing holders use the change procedure)"),
                                  c->serial);
                goto done;
            }
        }
    }
    if (!d) {
        e = cks_error_set(err, CKS_E_NOTFOUND, NULL, 0, NULL,
                          o->cert_id ? _("that certificate is not in the plan")
                                     : _("that body has no new-issuance row in the plan"));
        goto done;
    }
    bool kept = o->action == CKS_ACT_KEEP || o->action == CKS_ACT_CHANGE;
    if (d->cert && o->action == CKS_ACT_NEW) {
        e = cks_error_set(err, CKS_E_INVALID, NULL, 0, "--action",
                          _("new issuance is decided on the body's own row (decide --merger "
                            "NEW --body BODY), not on a certificate"));
        goto done;
    }
    if (!d->cert && o->action != CKS_ACT_NEW && o->action != CKS_ACT_NONE) {
        e = cks_error_set(err, CKS_E_INVALID, NULL, 0, "--action",
                          _("%s has no certificate to keep, change or revoke: decide new "
                            "(new issuance) or none (no request)"),
                          cks_body_org_name(d->body, &d->merger->unit, buf, sizeof buf));
        goto done;
    }
    if (d->cert && kept && d->cert->status == CKS_STATUS_LOST) {
        e = cks_error_set(err, CKS_E_INVALID, NULL, 0, "--action",
                          _("the token of %s is lost: the certificate must be revoked, never "
                            "kept"),
                          d->cert->serial);
        goto done;
    }
    if (d->cert && kept && !in_force(d->cert, in->date)) {
        e = cks_error_set(err, CKS_E_INVALID, NULL, 0, "--action",
                          _("%s is %s: an expired or revoked certificate cannot be kept"),
                          d->cert->serial,
                          d->cert->status == CKS_STATUS_REVOKED ? _("revoked") : _("expired"));
        goto done;
    }
    if (d->kind == CKS_KIND_ORG && kept) {
        for (size_t i = 0; i < p.count; i++) {
            const cks_decision *x = &p.rows[i];
            if (x == d || x->kind != CKS_KIND_ORG || x->merger_id != d->merger_id ||
                x->body != d->body || !x->cert)
                continue;
            /* what each row is meant to do: its decision, where there is one
             * (the plan puts two kept ones back to `ask`) */
            cks_action meant = x->why == CKS_WHY_OVERRIDE_VOID ? x->recommended
                               : x->override                      ? x->override->action
                                                                  : x->action;
            if (keeps(meant)) {
                e = cks_error_set(err, CKS_E_INVALID, NULL, 0, "--action",
                                  _("%s would then have two certificates (%s and %s); revoke "
                                    "%s first, or choose it instead"),
                                  cks_body_org_name(d->body, &d->merger->unit, buf, sizeof buf),
                                  d->cert ? d->cert->serial : "", x->cert->serial,
                                  x->cert->serial);
                goto done;
            }
        }
    }
done:
    cks_plan_free(&p);
    free(all); /* the plan's rows point at these */
    return e;
}
