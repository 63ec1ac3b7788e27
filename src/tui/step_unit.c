/* step_unit.c — step 1: the new unit. Type to search the imported table
 * (without accents; a code works too) or the mergers already declared;
 * Enter takes the highlighted one. Without a table, type the type and the
 * name ("Phường Cẩm Thành", or with its code "21025:Phường Cẩm Thành"). */
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cks/i18n.h"
#include "cks/merger.h"
#include "cks/refdata.h"
#include "cks/text.h"
#include "cks/unit.h"
#include "tui/tui.h"

enum { MAX_HITS = 200 };

typedef struct hit {
    long merger_id;       /* a declared merger, or 0 */
    char code[6];
    char label[400];
} hit;

static struct {
    tui_field search;
    hit hits[MAX_HITS];
    tui_list list;
    bool table;           /* the official table is imported */
} st;

static void refresh_hits(tui *t)
{
    char *q = tui_field_get(&st.search);
    cks_merger_list ml;
    cks_error err;
    int n = 0;
    char *fq = q ? cks_text_fold(q, NULL) : NULL;
    /* the declared mergers first */
    if (cks_merger_list_all(t->store, &ml, &err) == CKS_E_OK) {
        for (size_t i = 0; i < ml.count && n < MAX_HITS; i++) {
            char name[240];
            cks_unit_display(&ml.items[i].unit, name, sizeof name);
            char *fn = cks_text_fold(name, NULL);
            bool match = !fq || !*fq || (fn && strstr(fn, fq));
            free(fn);
            if (!match)
                continue;
            hit *h = &st.hits[n++];
            h->merger_id = ml.items[i].id;
            snprintf(h->code, sizeof h->code, "%s", ml.items[i].unit.code);
            snprintf(h->label, sizeof h->label, _("✓ %s — declared, %zu old unit(s)"), name,
                     ml.items[i].n_members);
        }
        cks_merger_list_free(&ml);
    }
    /* then the table's new units */
    if (st.table && q && *q) {
        cks_refunit_list rl;
        if (cks_refdata_find(t->store, q, 100, &rl, &err) == CKS_E_OK) {
            for (size_t i = 0; i < rl.count && n < MAX_HITS; i++) {
                const cks_refunit *r = &rl.items[i];
                bool dup = false;
                if (!r->is_new)
                    continue;
                for (int k = 0; k < n; k++)
                    dup = dup || (st.hits[k].code[0] && strcmp(st.hits[k].code, r->unit.code) == 0);
                if (dup)
                    continue;
                hit *h = &st.hits[n++];
                char name[240];
                h->merger_id = 0;
                snprintf(h->code, sizeof h->code, "%s", r->unit.code);
                cks_unit_display(&r->unit, name, sizeof name);
                snprintf(h->label, sizeof h->label, "  %s%s%s", name, r->province[0] ? " — " : "",
                         r->province);
            }
            cks_refunit_list_free(&rl);
        }
    }
    free(fq);
    free(q);
    st.list.count = n;
    if (st.list.sel >= n)
        st.list.sel = n ? n - 1 : 0;
    if (st.list.top > st.list.sel)
        st.list.top = st.list.sel;
}

static void enter(tui *t)
{
    tui_field_set(&st.search, "");
    memset(&st.list, 0, sizeof st.list);
    st.table = cks_refdata_count(t->store) > 0;
    refresh_hits(t);
}

static void draw(tui *t)
{
    int y = t->body_top;
    tui_wrap(y, 1, t->cols - 2, 2,
             st.table ? _("Search the new unit (without accents is fine; a code works too):")
                      : _("No official table imported: type the new unit, e.g. 21025:Phường Cẩm "
                          "Thành, then Enter."),
             R_NORMAL);
    y++;
    int h = t->body_lines - 5;
    for (int i = 0; i < h; i++) {
        int k = st.list.top + i;
        if (k >= st.list.count)
            break;
        tui_text(y + 3 + i, 1, t->cols - 2, st.hits[k].label,
                 k == st.list.sel ? R_SELECTED : R_NORMAL);
    }
    if (!st.list.count)
        tui_text(y + 3, 1, t->cols - 2,
                 st.table ? _("Nothing found yet: keep typing, or type the unit by hand.") : "",
                 R_DIM);
    tui_field_draw(&st.search, y + 1, 1, t->cols - 2, true);
}

/* Take the typed text as a new unit by hand: the merger is declared in
 * step 2 with its first old unit. */
static int by_hand(tui *t)
{
    char *q = tui_field_get(&st.search);
    cks_unit_ref u;
    cks_error err;
    int r = TUI_STAY;
    if (!q || !*q) {
        free(q);
        return TUI_STAY;
    }
    if (cks_unit_parse(q, true, &u, &err) != CKS_E_OK) {
        tui_say(t, true, "%s", err.msg);
    } else {
        char *first = tui_prompt(t, _("The first old unit"),
                                 _("An old unit that went into it (e.g. 21025:Phường Nguyễn "
                                   "Nghiêm):"),
                                 NULL);
        if (first && *first) {
            const char *members[1] = {first};
            cks_merger_spec spec;
            long id = 0;
            memset(&spec, 0, sizeof spec);
            spec.new_unit = q;
            spec.province = t->cfg->province;
            spec.members = members;
            spec.n_members = 1;
            if (cks_merger_add(t->store, &spec, &id, &err) != CKS_E_OK) {
                tui_say(t, true, "%s", err.msg);
            } else {
                tui_set_merger(t, id);
                tui_say(t, false, _("Saved: %s."), t->merger_name);
                r = TUI_GO_NEXT;
            }
        }
        free(first);
    }
    free(q);
    return r;
}

static int key(tui *t, int kind, wint_t ch, tui_action a)
{
    cks_error err;
    if (a == ACT_QUIT)
        return TUI_QUIT;
    if (a == ACT_BACK)
        return TUI_STAY; /* the first step */
    if (a == ACT_NEXT) {
        if (t->merger_id)
            return TUI_GO_NEXT;
        tui_say(t, true, "%s", _("Choose or type the new unit first."));
        return TUI_STAY;
    }
    /* the list moves with the arrows and pages; Home, End and the rest edit
     * the search */
    if ((a == ACT_UP || a == ACT_DOWN || a == ACT_PGUP || a == ACT_PGDN) &&
        tui_list_key(&st.list, a, t->body_lines - 5))
        return TUI_STAY;
    if (a == ACT_ENTER) {
        if (st.list.count == 0)
            return by_hand(t);
        hit *h = &st.hits[st.list.sel];
        if (h->merger_id) {
            tui_set_merger(t, h->merger_id);
            return TUI_GO_NEXT;
        }
        long id = 0;
        if (cks_merger_from_table(t->store, h->code, NULL, &id, &err) != CKS_E_OK) {
            tui_say(t, true, "%s", err.msg);
            return TUI_STAY;
        }
        tui_set_merger(t, id);
        tui_say(t, false, _("Saved: %s, with its old units from the table."), t->merger_name);
        return TUI_GO_NEXT;
    }
    if (tui_field_key(&st.search, kind, ch, a))
        refresh_hits(t);
    return TUI_STAY;
}

const tui_screen tui_step_unit = {
    N_("New unit"),
    N_("Step 1: the new unit after the merger.\n\n"
       "Type a few letters of its name (accents are not needed: \"cam thanh\" finds Phường Cẩm "
       "Thành) or its code, then Enter on the right line. With the official table imported, "
       "the old units that went into it are taken from the table. Mergers declared already are "
       "listed first (✓).\n\n"
       "Without the table, type the type and the name (\"Phường Cẩm Thành\", or "
       "\"21025:Phường Cẩm Thành\" with its code) and Enter; you are then asked for a first old "
       "unit.\n\n"
       "Why it matters (letter II.1): whether the new unit keeps the name of an old one decides "
       "which organisation certificates are kept, changed or revoked."),
    N_("Type to search  ↑↓ choose  Enter take  F2 next  F1 help  F10 quit"),
    true, enter, draw, key, NULL,
};
