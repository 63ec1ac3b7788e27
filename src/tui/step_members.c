/* step_members.c — step 2: the old units of the merger. Add (a), remove
 * (d), mark the seat (s); partial members and the seat are flagged. */
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cks/i18n.h"
#include "cks/merger.h"
#include "cks/unit.h"
#include "tui/tui.h"

static struct {
    cks_merger m;
    bool loaded;
    tui_list list;
} st;

static void load(tui *t)
{
    cks_error err;
    if (st.loaded)
        cks_merger_free(&st.m);
    st.loaded = t->merger_id && cks_merger_get_id(t->store, t->merger_id, &st.m, &err) == CKS_E_OK;
    st.list.count = st.loaded ? (int)st.m.n_members : 0;
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
        cks_merger_free(&st.m);
    st.loaded = false;
}

static void draw(tui *t)
{
    int y = t->body_top;
    tui_text(y, 1, t->cols - 2, _("Old units that went into the new unit:"), R_NORMAL);
    tui_text(y + 1, 3, 7, _("Code"), R_DIM);
    tui_text(y + 1, 10, 35, _("Old unit"), R_DIM);
    tui_text(y + 1, 45, 23, _("District"), R_DIM);
    tui_text(y + 1, 68, t->cols - 69, _("Notes"), R_DIM);
    int h = t->body_lines - 5;
    for (int i = 0; i < h && st.list.top + i < st.list.count; i++) {
        const cks_member *mb = &st.m.members[st.list.top + i];
        char name[200], notes[200];
        snprintf(name, sizeof name, "%s %s", cks_unit_type_name(mb->unit.type), mb->unit.name);
        snprintf(notes, sizeof notes, "%s%s%s", mb->is_seat ? _("seat") : "",
                 mb->is_seat && mb->partial ? ", " : "", mb->partial ? _("only part of it") : "");
        int k = st.list.top + i;
        tui_role r = k == st.list.sel ? R_SELECTED : R_NORMAL;
        int x = 1;
        tui_text(y + 2 + i, x, 2, mb->is_seat ? "★" : " ", r);
        tui_text(y + 2 + i, x + 2, 7, mb->unit.code, r);
        tui_text(y + 2 + i, x + 9, 35, name, r);
        tui_text(y + 2 + i, x + 44, 23, mb->district, r);
        tui_text(y + 2 + i, x + 67, t->cols - 69, notes, mb->partial ? R_ASK : r);
    }
    if (!st.list.count)
        tui_text(y + 2, 1, t->cols - 2, _("No old unit yet: press a to add one."), R_DIM);
    int hy = t->body_top + t->body_lines - 2;
    if (st.list.count) {
        const cks_member *mb = &st.m.members[st.list.sel];
        tui_wrap(hy, 1, t->cols - 2, 2,
                 mb->partial ? _("Only part of this old unit went into the new unit: its "
                                 "certificate can go to at most one of the new units.")
                             : _("s marks the seat (trụ sở) of the new unit: the rules prefer "
                                 "its certificate when the name is new (letter II.1.b)."),
                 R_HELP);
        move(y + 2 + st.list.sel - st.list.top, 1);
    }
}

static int key(tui *t, int kind, wint_t ch, tui_action a)
{
    cks_error err;
    char ref[16];
    (void)kind;
    (void)ch;
    if (a == ACT_QUIT)
        return TUI_QUIT;
    if (a == ACT_BACK)
        return TUI_GO_BACK;
    if (a == ACT_NEXT) {
        if (!st.list.count) {
            tui_say(t, true, "%s", _("Add at least one old unit first."));
            return TUI_STAY;
        }
        return TUI_GO_NEXT;
    }
    if (tui_list_key(&st.list, a, t->body_lines - 5) || !st.loaded)
        return TUI_STAY;
    snprintf(ref, sizeof ref, "%ld", st.m.id);
    const char *new_ref = st.m.unit.code[0] ? st.m.unit.code : st.m.unit.name;
    if (a == ACT_ADD) {
        char *u = tui_prompt(t, _("Add an old unit"),
                             _("Old unit, with its type (and code if known), e.g. "
                               "21019:Phường Nghĩa Chánh:"),
                             NULL);
        if (u && *u) {
            if (cks_merger_add_member(t->store, st.m.id, u, false, &err) != CKS_E_OK)
                tui_say(t, true, "%s", err.msg);
            else
                tui_say(t, false, _("Saved: %s added."), u);
            load(t);
        }
        free(u);
    } else if (a == ACT_DELETE && st.list.count) {
        const cks_member *mb = &st.m.members[st.list.sel];
        char q[300], mref[200];
        snprintf(mref, sizeof mref, "%s", mb->unit.code[0] ? mb->unit.code : mb->unit.name);
        snprintf(q, sizeof q, _("Remove %s %s from this merger?"),
                 cks_unit_type_name(mb->unit.type), mb->unit.name);
        if (tui_confirm(t, q)) {
            if (cks_merger_remove_member(t->store, new_ref, mref, &err) != CKS_E_OK)
                tui_say(t, true, "%s", err.msg);
            else
                tui_say(t, false, "%s", _("Saved: removed."));
            load(t);
        }
    } else if (a == ACT_SEAT && st.list.count) {
        const cks_member *mb = &st.m.members[st.list.sel];
        char mref[200];
        snprintf(mref, sizeof mref, "%s", mb->unit.code[0] ? mb->unit.code : mb->unit.name);
        if (cks_merger_set_seat(t->store, new_ref, mb->is_seat ? "" : mref, &err) != CKS_E_OK)
            tui_say(t, true, "%s", err.msg);
        else
            tui_say(t, false, "%s", _("Saved: the seat."));
        load(t);
    }
    return TUI_STAY;
}

const tui_screen tui_step_members = {
    N_("Old units"),
    N_("Step 2: the old units that went into the new unit.\n\n"
       "a (or Insert) adds one: its type and name, with its code when known "
       "(\"21019:Phường Nghĩa Chánh\"). d removes the highlighted one (refused while it still "
       "has certificates). s marks it as the seat (trụ sở) of the new unit.\n\n"
       "Why it matters (letter II.1.b): when the new unit has a new name, the rules prefer a "
       "valid certificate of the seat, then of the old unit whose code the new unit took. An "
       "old unit split between several new units is flagged: its certificate can go to at "
       "most one of them."),
    N_("↑↓ move  a add  d remove  s seat  F2 next  Esc back  F1 help  F10 quit"),
    false, enter, draw, key, leave,
};
