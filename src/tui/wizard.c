/* wizard.c — the dispatcher: the frame ("Bước k/7 — …", the keys of the
 * screen, the message line), the step order, F1 help, Esc back, F10 quit,
 * KEY_RESIZE and the too-small message, and the small dialogs the screens
 * share (prompt, confirm, choose, show). */
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cks/i18n.h"
#include "cks/merger.h"
#include "cks/text.h"
#include "cks/unit.h"
#include "tui/tui.h"

static const tui_screen *const steps[7] = {
    &tui_step_unit, &tui_step_members, &tui_step_orgs, &tui_step_people,
    &tui_step_plan, &tui_step_export, &tui_step_checklist,
};

void tui_say(tui *t, bool error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(t->message, sizeof t->message, fmt, ap);
    va_end(ap);
    t->message_error = error;
}

void tui_set_merger(tui *t, long id)
{
    cks_merger m;
    cks_error err;
    t->merger_id = id;
    t->merger_name[0] = '\0';
    if (id && cks_merger_get_id(t->store, id, &m, &err) == CKS_E_OK) {
        cks_unit_display(&m.unit, t->merger_name, sizeof t->merger_name);
        cks_merger_free(&m);
        cks_store_state_set(t->store, "wizard.merger", m.unit.code[0] ? m.unit.code : m.unit.name,
                            &err);
    }
}

bool tui_list_key(tui_list *l, tui_action a, int height)
{
    switch (a) {
    case ACT_UP: l->sel--; break;
    case ACT_DOWN: l->sel++; break;
    case ACT_PGUP: l->sel -= height > 1 ? height - 1 : 1; break;
    case ACT_PGDN: l->sel += height > 1 ? height - 1 : 1; break;
    case ACT_HOME: l->sel = 0; break;
    case ACT_END: l->sel = l->count - 1; break;
    default: return false;
    }
    if (l->sel >= l->count)
        l->sel = l->count - 1;
    if (l->sel < 0)
        l->sel = 0;
    if (l->sel < l->top)
        l->top = l->sel;
    if (height > 0 && l->sel >= l->top + height)
        l->top = l->sel - height + 1;
    if (l->top < 0)
        l->top = 0;
    return true;
}

/* ------------------------------------------------------------ the frame */

static bool too_small(tui *t);
static void draw_too_small(tui *t);

static bool too_small(tui *t)
{
    getmaxyx(stdscr, t->lines, t->cols);
    return t->lines < TUI_MIN_LINES || t->cols < TUI_MIN_COLS;
}

static void draw_too_small(tui *t)
{
    char msg[200];
    erase();
    snprintf(msg, sizeof msg, _("The window is too small (%d×%d). Please make it at least %d×%d."),
             t->cols, t->lines, TUI_MIN_COLS, TUI_MIN_LINES);
    tui_wrap(0, 0, t->cols > 1 ? t->cols : 1, t->lines, msg, R_ERROR);
    refresh();
}

static void draw_frame(tui *t, const tui_screen *sc)
{
    char left[300], right[200];
    erase();
    snprintf(left, sizeof left, " %s%s%s", _("CKS merger"), t->merger_name[0] ? " · " : "",
             t->merger_name);
    snprintf(right, sizeof right, _("Step %d/7 — %s "), t->step + 1, _(sc->name));
    attrset(tui_attr(R_TITLE));
    mvhline(0, 0, ' ', t->cols);
    attrset(A_NORMAL);
    /* the step on the right, whole; the unit on the left, cut to fit */
    int rcols = cks_text_width(right);
    tui_text(0, 0, t->cols - rcols, left, R_TITLE);
    tui_text(0, t->cols - rcols, rcols, right, R_TITLE);
    /* the message line and the keys */
    tui_text(t->lines - 2, 0, t->cols, t->message, t->message_error ? R_ERROR : R_DONE);
    tui_text(t->lines - 1, 0, t->cols, _(sc->keys), R_STATUS);
    t->body_top = 2;
    t->body_lines = t->lines - 5;
}

/* ------------------------------------------------------------ dialogs */

static void box_at(int y, int x, int h, int w, const char *title)
{
    bool u = tui_term_utf8();
    attrset(A_NORMAL);
    for (int i = 0; i < h; i++) {
        move(y + i, x);
        for (int k = 0; k < w; k++) {
            const char *c = " ";
            bool top = i == 0, bottom = i == h - 1, left = k == 0, right = k == w - 1;
            if ((top || bottom) && (left || right))
                c = u ? (top ? (left ? "┌" : "┐") : (left ? "└" : "┘")) : "+";
            else if (top || bottom)
                c = u ? "─" : "-";
            else if (left || right)
                c = u ? "│" : "|";
            addstr(c);
        }
    }
    if (title && *title) {
        char t[200];
        snprintf(t, sizeof t, " %s ", title);
        int tw = cks_text_width(t);
        tui_text(y, x + 2, tw < w - 4 ? tw : w - 4, t, R_TITLE);
    }
}

char *tui_prompt(tui *t, const char *title, const char *label, const char *initial)
{
    tui_field f;
    tui_field_set(&f, initial);
    for (;;) {
        int w = t->cols - 8, x = 4, y = t->lines / 2 - 3;
        if (too_small(t)) {
            /* what was typed stays in the field until the window is back */
            wint_t c;
            draw_too_small(t);
            get_wch(&c);
            erase();
            continue;
        }
        box_at(y, x, 6, w, title);
        tui_text(y + 1, x + 2, w - 4, label, R_NORMAL);
        tui_text(y + 4, x + 2, w - 4, _("Enter: confirm   Esc: cancel"), R_DIM);
        tui_field_draw(&f, y + 2, x + 2, w - 4, true);
        refresh();
        wint_t ch;
        int kind = get_wch(&ch);
        tui_action a = tui_key_action(kind, ch, true);
        if (a == ACT_RESIZE) {
            getmaxyx(stdscr, t->lines, t->cols);
            erase();
            continue;
        }
        if (a == ACT_BACK)
            return NULL;
        if (a == ACT_ENTER)
            return tui_field_get(&f);
        tui_field_key(&f, kind, ch, a);
    }
}

bool tui_confirm(tui *t, const char *question)
{
    for (;;) {
        int w = t->cols - 8, x = 4, y = t->lines / 2 - 3;
        box_at(y, x, 6, w, _("Confirm"));
        tui_wrap(y + 1, x + 2, w - 4, 2, question, R_NORMAL);
        tui_text(y + 4, x + 2, w - 4, _("y / c: yes    n / k / Esc: no"), R_DIM);
        move(y + 1, x + 2);
        refresh();
        wint_t ch;
        int kind = get_wch(&ch);
        if (kind == KEY_CODE_YES && ch == KEY_RESIZE) {
            getmaxyx(stdscr, t->lines, t->cols);
            continue;
        }
        if (kind == OK && (ch == 'y' || ch == 'Y' || ch == 'c' || ch == 'C'))
            return true;
        if (kind == OK && (ch == 'n' || ch == 'N' || ch == 'k' || ch == 'K' || ch == 27))
            return false;
    }
}

void tui_show(tui *t, const char *title, const char *text)
{
    int w = t->cols - 4, h = t->lines - 4, x = 2, y = 2;
    box_at(y, x, h, w, title);
    tui_wrap(y + 1, x + 2, w - 4, h - 3, text, R_HELP);
    tui_text(y + h - 2, x + 2, w - 4, _("Press any key to go back."), R_DIM);
    move(y + 1, x + 2);
    refresh();
    wint_t ch;
    get_wch(&ch);
}

int tui_choose(tui *t, const char *title, const char *const *items, int n)
{
    tui_list l = {0, 0, n};
    for (;;) {
        int w = t->cols - 16, h = n + 4, x = 8, y = (t->lines - h) / 2;
        box_at(y, x, h, w, title);
        for (int i = 0; i < n; i++)
            tui_text(y + 2 + i, x + 2, w - 4, items[i], i == l.sel ? R_SELECTED : R_NORMAL);
        move(y + 2 + l.sel, x + 2);
        refresh();
        wint_t ch;
        int kind = get_wch(&ch);
        tui_action a = tui_key_action(kind, ch, false);
        if (a == ACT_BACK)
            return -1;
        if (a == ACT_QUIT)
            return -2;
        if (a == ACT_ENTER)
            return l.sel;
        if (a == ACT_RESIZE)
            getmaxyx(stdscr, t->lines, t->cols);
        tui_list_key(&l, a, n);
    }
}

/* ------------------------------------------------------------ start */

/* Resume the last session, or begin a new merger. False when the officer
 * quit (F10) at the question. */
static bool offer_resume(tui *t)
{
    cks_merger_list ml;
    cks_error err;
    char last[64] = "";
    if (cks_merger_list_all(t->store, &ml, &err) != CKS_E_OK)
        return true;
    if (ml.count == 0) {
        cks_merger_list_free(&ml);
        return true;
    }
    cks_store_state_get(t->store, "wizard.merger", last, sizeof last, &err);
    long pick = ml.items[0].id;
    for (size_t i = 0; i < ml.count; i++)
        if (last[0] && (strcmp(ml.items[i].unit.code, last) == 0 ||
                        strcmp(ml.items[i].unit.name, last) == 0))
            pick = ml.items[i].id;
    cks_merger_list_free(&ml);
    char step[16] = "";
    cks_store_state_get(t->store, "wizard.step", step, sizeof step, &err);
    tui_set_merger(t, pick);
    const char *items[2];
    char resume[300];
    snprintf(resume, sizeof resume, _("Resume: %s"), t->merger_name);
    items[0] = resume;
    items[1] = _("Begin another merger");
    erase();
    int c = tui_choose(t, _("Welcome back"), items, 2);
    if (c == -2)
        return false;
    if (c == 0) {
        int k = atoi(step);
        t->step = k >= 0 && k < 7 ? k : 0;
    } else {
        t->merger_id = 0;
        t->merger_name[0] = '\0';
        t->step = 0;
    }
    return true;
}

int tui_run(cks_store *s, const cks_config *cfg, cks_date date, bool fresh_demo)
{
    tui t;
    cks_error err;
    memset(&t, 0, sizeof t);
    t.store = s;
    t.cfg = cfg;
    t.date = date;
    tui_term_start(T_COLOUR);
    getmaxyx(stdscr, t.lines, t.cols);
    /* the first question waits for a window big enough to ask it */
    while (too_small(&t)) {
        wint_t ch;
        draw_too_small(&t);
        int kind = get_wch(&ch);
        if (kind == KEY_CODE_YES && ch == KEY_F(10)) {
            tui_term_stop();
            return 0;
        }
    }
    {
        if (fresh_demo) {
            /* the demo opens on the letter's second example */
            cks_merger m;
            if (cks_merger_get(s, "21025", &m, &err) == CKS_E_OK) {
                tui_set_merger(&t, m.id);
                cks_merger_free(&m);
            }
            tui_say(&t, false, "%s", _("A fresh demo session: the letter's two examples."));
        } else if (!offer_resume(&t)) {
            tui_term_stop();
            return 0;
        }
    }
    const tui_screen *sc = steps[t.step];
    if (sc->enter)
        sc->enter(&t);
    for (;;) {
        if (too_small(&t)) {
            draw_too_small(&t);
        } else {
            curs_set(1); /* visible on the focused item: screen readers follow it */
            draw_frame(&t, sc);
            sc->draw(&t);
            refresh();
        }
        wint_t ch;
        int kind = get_wch(&ch);
        if (kind == ERR)
            continue;
        if (too_small(&t)) {
            if (kind == KEY_CODE_YES && ch == KEY_F(10))
                break;
            continue;
        }
        tui_action a = tui_key_action(kind, ch, sc->typing);
        if (a == ACT_RESIZE) {
            clear();
            continue;
        }
        if (a == ACT_HELP) {
            char title[200];
            snprintf(title, sizeof title, _("Help — step %d/7: %s"), t.step + 1, _(sc->name));
            tui_show(&t, title, _(sc->help));
            continue;
        }
        int r = sc->key(&t, kind, ch, a);
        if (r & TUI_QUIT)
            break;
        int to = t.step;
        if (r & TUI_GO_NEXT)
            to = t.step + 1;
        else if (r & TUI_GO_BACK)
            to = t.step - 1;
        if (to != t.step && to >= 0 && to < 7) {
            char buf[8];
            if (sc->leave)
                sc->leave(&t);
            t.step = to;
            sc = steps[t.step];
            snprintf(buf, sizeof buf, "%d", t.step);
            cks_store_state_set(s, "wizard.step", buf, &err);
            if (sc->enter)
                sc->enter(&t);
        }
    }
    if (sc->leave)
        sc->leave(&t);
    tui_term_stop();
    return 0;
}
