/* step_export.c — step 6: choose the folder (the settings' by default),
 * export the forms of the merger, see the files written. */
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <curses.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cks/export.h"
#include "cks/i18n.h"
#include "cks/layout.h"
#include "cks/paths.h"
#include "cks/plan.h"
#include "tui/tui.h"

enum { FILES_MAX = 16 };

static struct {
    tui_field folder;
    char files[FILES_MAX][PATH_MAX];
    int n_files;
} st;

static void enter(tui *t)
{
    char dir[PATH_MAX];
    cks_error err;
    if (cks_paths_expand_home(t->cfg->export_dir, dir, sizeof dir, &err) != CKS_E_OK)
        snprintf(dir, sizeof dir, "%s", t->cfg->export_dir);
    tui_field_set(&st.folder, dir);
    st.n_files = 0;
}

static void draw(tui *t)
{
    int y = t->body_top;
    tui_text(y, 1, t->cols - 2, _("Folder for the forms (Enter exports):"), R_NORMAL);
    if (st.n_files) {
        tui_text(y + 3, 1, t->cols - 2, _("Written:"), R_DONE);
        for (int i = 0; i < st.n_files && y + 4 + i < t->lines - 3; i++)
            tui_text(y + 4 + i, 3, t->cols - 4, st.files[i], R_NORMAL);
        tui_wrap(t->lines - 5, 1, t->cols - 2, 2,
                 _("Print them, have them signed, then tick the checklist (F2)."), R_HELP);
    } else {
        tui_wrap(y + 3, 1, t->cols - 2, 4,
                 _("One folder per merger: Mẫu 04 (changes, to the Sở KH&CN), Mẫu 05 "
                   "(revocations, to the Cục), Mẫu 08 (tokens handed over), the checklist and "
                   "plan.csv. A form with no row is not written."),
                 R_HELP);
    }
    tui_field_draw(&st.folder, y + 1, 1, t->cols - 2, true);
}

static void do_export(tui *t)
{
    cks_layout *layouts[CKS_FORM_COUNT_];
    cks_diags diags = CKS_DIAGS_INIT;
    cks_error err;
    cks_plan_set ps;
    cks_plan_options po;
    cks_export_options eo;
    cks_export_result res;
    char *dir = tui_field_get(&st.folder);

    st.n_files = 0;
    if (!dir || !*dir) {
        tui_say(t, true, "%s", _("Type a folder first."));
        free(dir);
        return;
    }
    if (cks_layout_load_all(cks_paths_datadir(), layouts, &diags, &err) != CKS_E_OK) {
        char line[CKS_ERROR_FILE_MAX + CKS_ERROR_FIELD_MAX + CKS_ERROR_MSG_MAX + 64];
        cks_error_format(&err, line, sizeof line);
        tui_say(t, true, "%s", line);
        goto done;
    }
    po = cks_plan_options_for(t->cfg, t->date);
    if (cks_plan_load(t->store, &po, &ps, &err) != CKS_E_OK) {
        tui_say(t, true, "%s", err.msg);
        goto free_layouts;
    }
    memset(&eo, 0, sizeof eo);
    eo.out_dir = dir;
    eo.merger_id = t->merger_id;
    eo.date = t->date;
    eo.cfg = t->cfg;
    for (int f = 0; f < CKS_FORM_COUNT_; f++)
        eo.layouts[f] = layouts[f];
    cks_err e = cks_export_run(&ps.plan, &eo, &res, NULL, &err);
    if (e == CKS_E_EXISTS &&
        tui_confirm(t, _("The folder holds the files of an earlier export. Replace them?"))) {
        eo.force = true;
        e = cks_export_run(&ps.plan, &eo, &res, NULL, &err);
    }
    if (e == CKS_E_OK) {
        size_t skip = strlen(dir);
        for (size_t i = 0; i < res.n_files && st.n_files < FILES_MAX; i++) {
            const char *p = res.files[i].path;
            if (strncmp(p, dir, skip) == 0 && p[skip] == '/')
                p += skip + 1;
            snprintf(st.files[st.n_files++], sizeof st.files[0], "%s", p);
        }
        tui_say(t, false, _("Saved: %zu file(s) in %s."), res.n_files, dir);
        cks_export_result_free(&res);
    } else if (e != CKS_E_EXISTS) {
        tui_say(t, true, "%s", err.msg);
    } else {
        tui_say(t, false, "%s", _("Nothing was written."));
    }
    cks_plan_set_free(&ps);
free_layouts:
    for (int f = 0; f < CKS_FORM_COUNT_; f++)
        cks_layout_free(layouts[f]);
done:
    cks_diags_free(&diags);
    free(dir);
}

static int key(tui *t, int kind, wint_t ch, tui_action a)
{
    if (a == ACT_QUIT)
        return TUI_QUIT;
    if (a == ACT_BACK)
        return TUI_GO_BACK;
    if (a == ACT_NEXT)
        return TUI_GO_NEXT;
    if (a == ACT_ENTER) {
        do_export(t);
        return TUI_STAY;
    }
    tui_field_key(&st.folder, kind, ch, a);
    return TUI_STAY;
}

const tui_screen tui_step_export = {
    N_("Export"),
    N_("Step 6: the forms to print and sign.\n\n"
       "Type or correct the folder and press Enter. For the merger it writes Mẫu 04 (the "
       "changes of information, to the Sở KH&CN before the deadline of the settings), Mẫu 05 "
       "(the revocations, with the reasons of Nghị định 68 Điều 17, to the Cục through "
       "dichvucong.ca.gov.vn and one copy by post with the tokens), Mẫu 08 (the tokens handed "
       "over), the checklist and plan.csv. Files of an earlier export are replaced only when "
       "you say so. The export refuses while a recommendation still asks (step 5)."),
    N_("Type the folder  Enter export  F2 next  Esc back  F1 help  F10 quit"),
    true, enter, draw, key, NULL,
};
