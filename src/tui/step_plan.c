/* step_plan.c — step 5: the recommendation for every certificate, with
 * its rule and reason. Enter shows the whole explanation; s overrides with
 * a typed reason; c goes back to the rules. Rows that ask (O4, a split
 * unit) are put to the officer first and block the export. */
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cks/i18n.h"
#include "cks/plan.h"
#include "tui/tui.h"

static struct {
    cks_plan_set ps;
    bool loaded;
    int *rows;       /* the merger's rows, asking ones first */
    tui_list list;
} st;

static cks_plan_options options(const tui *t)
{
    return cks_plan_options_for(t->cfg, t->date);
}

static void load(tui *t)
{
    cks_error err;
    cks_plan_options o = options(t);
    if (st.loaded)
        cks_plan_set_free(&st.ps);
    free(st.rows);
    st.rows = NULL;
    st.list.count = 0;
    st.loaded = cks_plan_load(t->store, &o, &st.ps, &err) == CKS_E_OK;
    if (!st.loaded) {
        tui_say(t, true, "%s", err.msg);
        return;
    }
    st.rows = malloc((st.ps.plan.count + 1) * sizeof *st.rows);
    /* the questions first: the officer answers them before anything else */
    for (int pass = 0; pass < 2 && st.rows; pass++)
        for (size_t i = 0; i < st.ps.plan.count; i++) {
            const cks_decision *d = &st.ps.plan.rows[i];
            if (d->merger_id == t->merger_id && (d->action == CKS_ACT_ASK) == (pass == 0))
                st.rows[st.list.count++] = (int)i;
        }
    if (st.list.sel >= st.list.count)
        st.list.sel = st.list.count ? st.list.count - 1 : 0;
}

static void enter(tui *t)
{
    memset(&st.list, 0, sizeof st.list);
    load(t);
}

static void leave(tui *t)
{
    (void)t;
    if (st.loaded)
        cks_plan_set_free(&st.ps);
    st.loaded = false;
    free(st.rows);
    st.rows = NULL;
}

static size_t asking(void)
{
    size_t n = 0;
    for (int i = 0; i < st.list.count; i++)
        n += st.ps.plan.rows[st.rows[i]].action == CKS_ACT_ASK;
    return n;
}

static void draw(tui *t)
{
    int y = t->body_top;
    tui_cell(y, 1, 9, _("Body"), R_DIM);
    tui_cell(y, 10, 23, _("Old unit / holder"), R_DIM);
    tui_cell(y, 33, 18, _("Serial"), R_DIM);
    tui_cell(y, 51, 21, _("Recommendation"), R_DIM);
    tui_text(y, 72, t->cols - 73, _("Rule"), R_DIM);
    int h = t->body_lines - 6;
    for (int i = 0; i < h && st.list.top + i < st.list.count; i++) {
        int k = st.list.top + i;
        const cks_decision *d = &st.ps.plan.rows[st.rows[k]];
        char who[300], serial[24], act[120];
        tui_role r = k == st.list.sel ? R_SELECTED : d->action == CKS_ACT_ASK ? R_ASK : R_NORMAL;
        if (d->cert && d->kind == CKS_KIND_PERSON)
            snprintf(who, sizeof who, "%s", d->cert->holder);
        else if (d->cert)
            snprintf(who, sizeof who, "%s %s", d->cert->unit->code, d->cert->unit->name);
        else
            cks_decision_target(d, who, sizeof who);
        if (d->cert)
            cks_cert_serial_short(d->cert, 17, serial, sizeof serial);
        else
            serial[0] = '\0';
        snprintf(act, sizeof act, "%s%s", cks_action_label(d->action),
                 d->overridden ? " *" : "");
        tui_cell(y + 1 + i, 1, 9,
                 d->kind == CKS_KIND_ORG ? cks_body_label(d->body) : cks_kind_label(d->kind), r);
        tui_cell(y + 1 + i, 10, 23, who, r);
        tui_cell(y + 1 + i, 33, 18, serial, r);
        tui_cell(y + 1 + i, 51, 21, act, r);
        tui_text(y + 1 + i, 72, t->cols - 73, cks_rule_id(d->rule), r);
    }
    if (st.list.count) {
        const cks_decision *d = &st.ps.plan.rows[st.rows[st.list.sel]];
        char why[1200];
        cks_decision_reason(&st.ps.plan, d, why, sizeof why);
        tui_hline(y + h + 1, 1, t->cols - 2, R_DIM);
        tui_wrap(y + h + 2, 1, t->cols - 2, 3, why, d->action == CKS_ACT_ASK ? R_ASK : R_HELP);
        move(y + 1 + st.list.sel - st.list.top, 1);
    } else {
        tui_text(y + 1, 1, t->cols - 2,
                 _("Nothing to decide yet: enter the certificates in steps 3 and 4."), R_DIM);
    }
}

static void details(tui *t, const cks_decision *d)
{
    char text[4000], why[1500], warn[600], target[300];
    size_t used = 0;
    cks_decision_reason(&st.ps.plan, d, why, sizeof why);
    used += (size_t)snprintf(text + used, sizeof text - used, _("Rule %s: %s\n\n"),
                             cks_rule_id(d->rule), why);
    if (d->cert)
        used += (size_t)snprintf(text + used, sizeof text - used, _("Certificate %s of %s.\n"),
                                 d->cert->serial, d->cert->holder);
    if (cks_decision_target(d, target, sizeof target)[0])
        used += (size_t)snprintf(text + used, sizeof text - used, _("After the merger: %s.\n"),
                                 target);
    if (d->overridden)
        used += (size_t)snprintf(text + used, sizeof text - used,
                                 _("Decided by the unit (the rules said: %s): %s\n"),
                                 cks_action_label(d->recommended),
                                 cks_decision_override_reason(d));
    if (cks_decision_warning(&st.ps.plan, d, warn, sizeof warn)[0])
        snprintf(text + used, sizeof text - used, "\n! %s\n", warn);
    tui_show(t, _("Why"), text);
}

static void override(tui *t, const cks_decision *d)
{
    static const cks_action acts[] = {CKS_ACT_KEEP, CKS_ACT_CHANGE, CKS_ACT_REVOKE, CKS_ACT_NEW,
                                      CKS_ACT_NONE};
    const char *items[5];
    cks_error err;
    for (int i = 0; i < 5; i++)
        items[i] = cks_action_label(acts[i]);
    int c = tui_choose(t, _("The unit's decision"), items, 5);
    if (c < 0)
        return; /* Esc, or F10: nothing decided */
    char *reason = tui_prompt(t, _("The unit's decision"),
                              _("Why (required; it is printed on the forms):"), NULL);
    if (reason && *reason) {
        cks_plan_options o = options(t);
        char new_ref[CKS_UNIT_NAME_MAX];
        snprintf(new_ref, sizeof new_ref, "%s",
                 d->merger->unit.code[0] ? d->merger->unit.code : d->merger->unit.name);
        if (cks_plan_decide(t->store, &o, d->cert ? d->cert->serial : NULL, new_ref, d->body,
                            acts[c], reason, &err) != CKS_E_OK)
            tui_say(t, true, "%s", err.msg);
        else
            tui_say(t, false, "%s", _("Saved: the unit's decision."));
        load(t);
    } else if (reason) {
        tui_say(t, true, "%s", _("A decision needs its reason: nothing was changed."));
    }
    free(reason);
}

static int key(tui *t, int kind, wint_t ch, tui_action a)
{
    cks_error err;
    (void)kind;
    (void)ch;
    if (a == ACT_QUIT)
        return TUI_QUIT;
    if (a == ACT_BACK)
        return TUI_GO_BACK;
    if (a == ACT_NEXT) {
        size_t n = asking();
        if (n) {
            tui_say(t, true, _("%zu row(s) still need the unit's decision (marked !): press s on "
                               "each."),
                    n);
            return TUI_STAY;
        }
        return TUI_GO_NEXT;
    }
    if (tui_list_key(&st.list, a, t->body_lines - 6) || !st.list.count)
        return TUI_STAY;
    const cks_decision *d = &st.ps.plan.rows[st.rows[st.list.sel]];
    if (a == ACT_ENTER) {
        details(t, d);
    } else if (a == ACT_SEAT || a == ACT_EDIT) {
        override(t, d);
    } else if (a == ACT_CLEAR && d->overridden) {
        char new_ref[CKS_UNIT_NAME_MAX];
        snprintf(new_ref, sizeof new_ref, "%s",
                 d->merger->unit.code[0] ? d->merger->unit.code : d->merger->unit.name);
        if (cks_plan_clear(t->store, d->cert ? d->cert->serial : NULL, new_ref, d->body, &err) !=
            CKS_E_OK)
            tui_say(t, true, "%s", err.msg);
        else
            tui_say(t, false, "%s", _("Saved: back to the rules."));
        load(t);
    }
    return TUI_STAY;
}

const tui_screen tui_step_plan = {
    N_("Recommendations"),
    N_("Step 5: what to do with every certificate, and the rule of the letter behind it.\n\n"
       "Enter shows the whole explanation. s records the unit's own decision (keep, change, "
       "revoke, new, nothing) with its reason, which is printed on the forms; c goes back to "
       "the rules. Rows marked ! are questions the rules cannot answer (two old units with the "
       "kept name, a name that matches only without accents, an 'other' body, a split unit): "
       "they are listed first and must be answered before the export.\n\n"
       "Rules: O1 the new unit keeps an old name — keep that certificate, revoke the others; "
       "O2 a new name — change one certificate to the new body, revoke the others; O3 no valid "
       "certificate — new issuance (Mẫu 02); P1 a holder who continues — change; P2 a holder "
       "who leaves — revoke; P3 several for one role — keep the last to expire; X1 expired or "
       "revoked — nothing to request; X2 lost token — revoke and record the loss."),
    N_("↑↓ move  Enter why  s decide  c back to the rules  F2 next  Esc back  F10 quit"),
    false, enter, draw, key, leave,
};
