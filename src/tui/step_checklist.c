/* step_checklist.c — step 7: the checklist of the merger, the same lines
 * as the printed one; space ticks a line as done, saved at once. */
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cks/checklist.h"
#include "cks/export.h"
#include "cks/i18n.h"
#include "cks/layout.h"
#include "cks/paths.h"
#include "cks/plan.h"
#include "tui/tui.h"

static struct {
    cks_checklist c;
    bool *ticked;
    tui_list list;
} st;

static void load(tui *t)
{
    cks_layout *layouts[CKS_FORM_COUNT_];
    cks_error err;
    cks_plan_set ps;
    cks_plan_options po;
    cks_export_options eo;

    cks_checklist_free(&st.c);
    free(st.ticked);
    st.ticked = NULL;
    st.list.count = 0;
    if (cks_layout_load_all(cks_paths_datadir(), layouts, NULL, &err) != CKS_E_OK) {
        tui_say(t, true, "%s: %s", err.file, err.msg);
        return;
    }
    po = cks_plan_options_for(t->cfg, t->date);
    if (cks_plan_load(t->store, &po, &ps, &err) == CKS_E_OK) {
        memset(&eo, 0, sizeof eo);
        eo.date = t->date;
        eo.cfg = t->cfg;
        for (int f = 0; f < CKS_FORM_COUNT_; f++)
            eo.layouts[f] = layouts[f];
        if (cks_export_checklist(&ps.plan, t->merger_id, &eo, &st.c, &err) != CKS_E_OK)
            tui_say(t, true, "%s", err.msg);
        cks_plan_set_free(&ps);
    } else {
        tui_say(t, true, "%s", err.msg);
    }
    for (int f = 0; f < CKS_FORM_COUNT_; f++)
        cks_layout_free(layouts[f]);
    st.ticked = calloc(st.c.count + 1, sizeof *st.ticked);
    for (size_t i = 0; st.ticked && i < st.c.count; i++)
        if (st.c.items[i].key[0])
            cks_checklist_get(t->store, t->merger_id, st.c.items[i].key, &st.ticked[i], &err);
    st.list.count = (int)st.c.count;
}

static void enter(tui *t)
{
    memset(&st.list, 0, sizeof st.list);
    load(t);
}

static void leave(tui *t)
{
    (void)t;
    cks_checklist_free(&st.c);
    free(st.ticked);
    st.ticked = NULL;
}

static void draw(tui *t)
{
    int y = t->body_top;
    int h = t->body_lines - 3;
    char line[2200];
    size_t done = 0, all = 0;
    for (size_t i = 0; i < st.c.count; i++) {
        if (!st.c.items[i].key[0])
            continue;
        all++;
        done += st.ticked && st.ticked[i];
    }
    snprintf(line, sizeof line, _("Done: %zu of %zu. Space ticks the highlighted line."), done,
             all);
    tui_text(y, 1, t->cols - 2, line, done == all && all ? R_DONE : R_NORMAL);
    for (int i = 0; i < h && st.list.top + i < st.list.count; i++) {
        int k = st.list.top + i;
        const cks_check_item *it = &st.c.items[k];
        tui_role r = k == st.list.sel ? R_SELECTED : it->kind == CKS_CHECK_BAND ? R_TITLE
                                                                                 : R_NORMAL;
        char task[1024];
        snprintf(task, sizeof task, "%s", it->task);
        for (char *p = task; *p; p++)
            if (*p == '\n')
                *p = ' ';
        if (it->key[0])
            snprintf(line, sizeof line, "%s %2zu. %s%s%s", st.ticked && st.ticked[k] ? "[x]" : "[ ]",
                     it->index, task, it->deadline[0] ? " — " : "", it->deadline);
        else
            snprintf(line, sizeof line, "%s", task);
        tui_text(y + 1 + i, 1, t->cols - 2, line, r);
    }
    if (st.list.count) {
        const cks_check_item *it = &st.c.items[st.list.sel];
        char who[600];
        snprintf(who, sizeof who, "%s%s%s", it->owner[0] ? _("Who: ") : "", it->owner,
                 it->deadline[0] ? "" : "");
        tui_hline(y + h + 1, 1, t->cols - 2, R_DIM);
        tui_wrap(y + h + 2, 1, t->cols - 2, 1, who, R_HELP);
        move(y + 1 + st.list.sel - st.list.top, 2);
    }
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
        tui_say(t, false, "%s", _("The last step: print the checklist (export folder), tick "
                                  "what is done. F10 quits."));
        return TUI_STAY;
    }
    if (tui_list_key(&st.list, a, t->body_lines - 3) || !st.list.count)
        return TUI_STAY;
    if ((a == ACT_TICK || a == ACT_ENTER) && st.ticked) {
        const cks_check_item *it = &st.c.items[st.list.sel];
        if (!it->key[0])
            return TUI_STAY;
        bool on = !st.ticked[st.list.sel];
        if (cks_checklist_set(t->store, t->merger_id, it->key, on, &err) != CKS_E_OK) {
            tui_say(t, true, "%s", err.msg);
        } else {
            st.ticked[st.list.sel] = on;
            tui_say(t, false, "%s", on ? _("Saved: ticked.") : _("Saved: not ticked."));
        }
    }
    return TUI_STAY;
}

const tui_screen tui_step_checklist = {
    N_("Checklist"),
    N_("Step 7: what is left to do, the same lines as the printed checklist.\n\n"
       "Space (or Enter) ticks the highlighted line as done; it is saved at once and stays "
       "ticked the next time. The steps of the letter: file Mẫu 05 on dichvucong.ca.gov.vn, "
       "post one copy with the tokens by VNPost, send Mẫu 04 to the Sở KH&CN before the "
       "deadline, collect the tokens of leaving holders (Mẫu 08); then one line per "
       "certificate, and the support contacts.\n\n"
       "To print: open the checklist workbook in the export folder (step 6) and print it on "
       "A4."),
    N_("↑↓ move  Space tick  Esc back  F1 help  F10 quit"),
    false, enter, draw, key, leave,
};
