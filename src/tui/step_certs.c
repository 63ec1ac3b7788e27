/* step_certs.c — steps 3 and 4: the organisation and the personal
 * certificates of the merger's old units. A list; a (add) and e (edit)
 * open a form whose every field is checked by the same core code as the
 * CSV import, the message beside the field, what was typed kept; the form
 * cannot be saved while a field is wrong. d deletes, i imports a CSV. */
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cks/cert.h"
#include "cks/i18n.h"
#include "tui/tui.h"

typedef struct form_field {
    cks_cert_field f;
    const char *label; /* msgid */
    tui_field text;
    char error[CKS_ERROR_MSG_MAX];
} form_field;

enum { FORM_MAX = 14 };

typedef struct form {
    form_field fields[FORM_MAX];
    int n, focus, top;
    cks_cert cert;
    char cross[CKS_ERROR_FIELD_MAX + CKS_ERROR_MSG_MAX + 4]; /* a problem across fields */
} form;

typedef struct certs_state {
    cks_kind kind;
    cks_cert_list list;
    bool loaded;
    int *rows;         /* indexes into list of this kind */
    tui_list sel;
} certs_state;

static certs_state orgs = {CKS_KIND_ORG, {0}, false, NULL, {0, 0, 0}};
static certs_state people = {CKS_KIND_PERSON, {0}, false, NULL, {0, 0, 0}};

static void load(tui *t, certs_state *st)
{
    cks_error err;
    if (st->loaded)
        cks_cert_list_free(&st->list);
    free(st->rows);
    st->rows = NULL;
    st->sel.count = 0;
    st->loaded = t->merger_id &&
                 cks_cert_list_all(t->store, t->merger_id, &st->list, &err) == CKS_E_OK;
    if (!st->loaded)
        return;
    st->rows = malloc((st->list.count + 1) * sizeof *st->rows);
    for (size_t i = 0; st->rows && i < st->list.count; i++)
        if (st->list.items[i].kind == st->kind)
            st->rows[st->sel.count++] = (int)i;
    if (st->sel.sel >= st->sel.count)
        st->sel.sel = st->sel.count ? st->sel.count - 1 : 0;
}

/* ------------------------------------------------------------ the form */

static void form_add(form *fm, cks_cert_field f, const char *label)
{
    form_field *ff = &fm->fields[fm->n++];
    memset(ff, 0, sizeof *ff);
    ff->f = f;
    ff->label = label;
}

static void form_init(form *fm, cks_kind kind)
{
    memset(fm, 0, sizeof *fm);
    form_add(fm, CKS_F_UNIT, N_("Old unit"));
    form_add(fm, CKS_F_BODY, N_("Body (UBND, HĐND, Đảng ủy, MTTQ, other)"));
    form_add(fm, CKS_F_HOLDER, kind == CKS_KIND_ORG ? N_("Organisation (as on the certificate)")
                                                    : N_("Full name"));
    if (kind == CKS_KIND_PERSON) {
        form_add(fm, CKS_F_POSITION, N_("Post"));
        form_add(fm, CKS_F_ID_NUMBER, N_("Citizen ID (12 digits)"));
    }
    form_add(fm, CKS_F_EMAIL, N_("Official email"));
    form_add(fm, CKS_F_SERIAL, N_("Certificate serial"));
    form_add(fm, CKS_F_TOKEN_SERIAL, N_("Token serial"));
    form_add(fm, CKS_F_VALID_FROM, N_("Valid from (day/month/year)"));
    form_add(fm, CKS_F_VALID_TO, N_("Valid to (day/month/year)"));
    form_add(fm, CKS_F_STATUS, N_("Status (valid, expired, revoked, lost)"));
    if (kind == CKS_KIND_PERSON) {
        form_add(fm, CKS_F_AFTER, N_("After the merger (continue, leave, unused)"));
        form_add(fm, CKS_F_NEW_POSITION, N_("New post (when it changes)"));
    }
}

/* Check one field with the core's validator; the message stays beside it. */
static void form_check(tui *t, form *fm, int i)
{
    form_field *ff = &fm->fields[i];
    cks_error err;
    char *v = tui_field_get(&ff->text);
    ff->error[0] = '\0';
    if (cks_cert_set_field(t->store, &fm->cert, ff->f, v ? v : "", &err) != CKS_E_OK)
        snprintf(ff->error, sizeof ff->error, "%s", err.msg);
    free(v);
}

static bool form_valid(const form *fm)
{
    for (int i = 0; i < fm->n; i++)
        if (fm->fields[i].error[0])
            return false;
    return true;
}

/* One line per field: the label (marked ! when the field is wrong) and
 * the text, the field's message on the line under it. When they do not
 * all fit, the form scrolls so that the focused field is always shown. */
enum { LABEL_W = 43 };

static int field_rows(const form_field *ff)
{
    return 1 + (ff->error[0] != 0);
}

static void form_draw(tui *t, form *fm, const char *title)
{
    int top_y = 1, bottom_y = t->lines - 3; /* rows for the fields: [top_y, bottom_y) */
    int fx = LABEL_W + 2, fw = t->cols - fx - 1, cursor_y = top_y;
    int rows = 0;
    erase();
    tui_text(0, 0, t->cols, title, R_TITLE);
    /* the first field shown: the focused one must fit below it */
    if (fm->top > fm->focus)
        fm->top = fm->focus;
    for (;;) {
        rows = 0;
        for (int i = fm->top; i <= fm->focus; i++)
            rows += field_rows(&fm->fields[i]);
        if (rows <= bottom_y - top_y || fm->top >= fm->focus)
            break;
        fm->top++;
    }
    int y = top_y;
    for (int i = fm->top; i < fm->n && y + field_rows(&fm->fields[i]) <= bottom_y; i++) {
        form_field *ff = &fm->fields[i];
        char label[200];
        snprintf(label, sizeof label, "%s%s", ff->error[0] ? "! " : "", _(ff->label));
        tui_text(y, 1, LABEL_W, label,
                 i == fm->focus ? R_SELECTED : ff->error[0] ? R_ERROR : R_NORMAL);
        tui_field_draw(&ff->text, y, fx, fw, false);
        if (i == fm->focus)
            cursor_y = y;
        y++;
        if (ff->error[0]) {
            tui_text(y, 3, t->cols - 4, ff->error, R_ERROR);
            y++;
        }
    }
    if (fm->cross[0])
        tui_wrap(t->lines - 3, 1, t->cols - 2, 2, fm->cross, R_ERROR);
    tui_text(t->lines - 1, 0, t->cols,
             form_valid(fm) ? _("↑↓/Tab field  F2 save  Esc cancel")
                            : _("↑↓/Tab field  (F2 save: correct the fields in red first)  Esc "
                                "cancel"),
             R_STATUS);
    /* the cursor in the focused field */
    tui_field_draw(&fm->fields[fm->focus].text, cursor_y, fx, fw, true);
    refresh();
}

/* Run the form; true when the certificate was saved. */
static bool form_run(tui *t, form *fm, bool editing, long id)
{
    const char *title = editing ? _(" Edit the certificate") : _(" A new certificate");
    bool changed = false;
    for (;;) {
        curs_set(1);
        form_draw(t, fm, title);
        wint_t ch;
        int kind = get_wch(&ch);
        tui_action a = tui_key_action(kind, ch, true);
        if (a == ACT_RESIZE) {
            getmaxyx(stdscr, t->lines, t->cols);
            continue;
        }
        if (a == ACT_BACK || (kind == KEY_CODE_YES && ch == KEY_F(10))) {
            if (!changed || tui_confirm(t, _("Leave the form without saving what was typed?")))
                return false;
            continue;
        }
        if (a == ACT_UP || a == ACT_BTAB || a == ACT_DOWN || a == ACT_TAB || a == ACT_ENTER) {
            form_check(t, fm, fm->focus);
            int d = (a == ACT_UP || a == ACT_BTAB) ? -1 : 1;
            fm->focus = (fm->focus + d + fm->n) % fm->n;
            continue;
        }
        if (a == ACT_NEXT) {
            cks_error err;
            cks_diags diags = CKS_DIAGS_INIT;
            for (int i = 0; i < fm->n; i++)
                form_check(t, fm, i);
            fm->cross[0] = '\0';
            if (!form_valid(fm))
                continue;
            if (cks_cert_check(&fm->cert, &diags, &err) != CKS_E_OK) {
                snprintf(fm->cross, sizeof fm->cross, "%s%s%s", err.field,
                         err.field[0] ? ": " : "", err.msg);
                cks_diags_free(&diags);
                continue;
            }
            cks_diags_free(&diags);
            fm->cert.id = id;
            cks_err e = editing ? cks_cert_update(t->store, &fm->cert, &err)
                                : cks_cert_add(t->store, &fm->cert, &err);
            if (e != CKS_E_OK) {
                snprintf(fm->cross, sizeof fm->cross, "%s%s%s", err.field,
                         err.field[0] ? ": " : "", err.msg);
                continue;
            }
            return true;
        }
        if (tui_field_key(&fm->fields[fm->focus].text, kind, ch, a))
            changed = true;
    }
}

static void open_form(tui *t, certs_state *st, bool editing)
{
    form fm;
    char buf[CKS_CERT_TEXT_MAX * 2];
    cks_error err;
    long id = 0;
    form_init(&fm, st->kind);
    cks_cert_init(&fm.cert);
    cks_cert_set_field(t->store, &fm.cert, CKS_F_KIND, st->kind == CKS_KIND_ORG ? "org" : "person",
                       &err);
    if (editing && st->sel.count) {
        const cks_cert *c = &st->list.items[st->rows[st->sel.sel]];
        cks_cert_clear(&fm.cert);
        cks_cert_copy(&fm.cert, c, &err);
        id = c->id;
        for (int i = 0; i < fm.n; i++)
            tui_field_set(&fm.fields[i].text,
                          cks_cert_field_text(c, fm.fields[i].f, buf, sizeof buf));
    }
    if (form_run(t, &fm, editing, id)) {
        tui_say(t, false, _("Saved: %s."), fm.cert.serial);
        load(t, st);
    }
    cks_cert_clear(&fm.cert);
    clear();
}

/* ------------------------------------------------------------ the list */

static void enter_with(tui *t, certs_state *st)
{
    memset(&st->sel, 0, sizeof st->sel);
    load(t, st);
}

static void leave_with(certs_state *st)
{
    if (st->loaded)
        cks_cert_list_free(&st->list);
    st->loaded = false;
    free(st->rows);
    st->rows = NULL;
}

static void draw_with(tui *t, certs_state *st)
{
    int y = t->body_top;
    char day[16];
    tui_cell(y, 1, 19, _("Old unit"), R_DIM);
    tui_cell(y, 20, 23, st->kind == CKS_KIND_ORG ? _("Organisation") : _("Holder"), R_DIM);
    tui_cell(y, 43, 14, _("Serial"), R_DIM);
    tui_cell(y, 57, 11, _("Valid to"), R_DIM);
    tui_text(y, 68, t->cols - 69, _("Status"), R_DIM);
    int h = t->body_lines - 3;
    for (int i = 0; i < h && st->sel.top + i < st->sel.count; i++) {
        int k = st->sel.top + i;
        const cks_cert *c = &st->list.items[st->rows[k]];
        char unit[200], serial[24];
        tui_role r = k == st->sel.sel ? R_SELECTED : R_NORMAL;
        snprintf(unit, sizeof unit, "%s %s", c->unit ? c->unit->code : "",
                 c->unit ? c->unit->name : "");
        cks_cert_serial_short(c, 13, serial, sizeof serial);
        cks_date_dmy(c->valid_to, day, sizeof day);
        tui_cell(y + 1 + i, 1, 19, unit, r);
        tui_cell(y + 1 + i, 20, 23, c->holder, r);
        tui_cell(y + 1 + i, 43, 14, serial, r);
        tui_cell(y + 1 + i, 57, 11, day, r);
        tui_text(y + 1 + i, 68, t->cols - 69, cks_status_label(c->status), r);
    }
    if (!st->sel.count)
        tui_text(y + 1, 1, t->cols - 2,
                 _("No certificate yet: a adds one, i imports a CSV file."), R_DIM);
    else
        move(y + 1 + st->sel.sel - st->sel.top, 1);
}

static int key_with(tui *t, certs_state *st, tui_action a)
{
    cks_error err;
    if (a == ACT_QUIT)
        return TUI_QUIT;
    if (a == ACT_BACK)
        return TUI_GO_BACK;
    if (a == ACT_NEXT)
        return TUI_GO_NEXT;
    if (tui_list_key(&st->sel, a, t->body_lines - 3))
        return TUI_STAY;
    if (a == ACT_ADD) {
        open_form(t, st, false);
    } else if ((a == ACT_EDIT || a == ACT_ENTER) && st->sel.count) {
        open_form(t, st, true);
    } else if (a == ACT_DELETE && st->sel.count) {
        const cks_cert *c = &st->list.items[st->rows[st->sel.sel]];
        char q[400], serial[CKS_CERT_SERIAL_MAX];
        snprintf(serial, sizeof serial, "%s", c->serial);
        snprintf(q, sizeof q, _("Delete the certificate %s of %s?"), c->serial, c->holder);
        if (tui_confirm(t, q)) {
            if (cks_cert_remove(t->store, serial, &err) != CKS_E_OK)
                tui_say(t, true, "%s", err.msg);
            else
                tui_say(t, false, _("Saved: %s deleted."), serial);
            load(t, st);
        }
    } else if (a == ACT_IMPORT) {
        char *path = tui_prompt(t, _("Import certificates"),
                                _("Path of the CSV file (UTF-8; the columns of the manual):"),
                                NULL);
        if (path && *path) {
            cks_diags diags = CKS_DIAGS_INIT;
            cks_cert_import_stats stats;
            if (cks_cert_import(t->store, path, 0, &stats, &diags, &err) != CKS_E_OK) {
                size_t cap = 16384, used = 0;
                char *text = malloc(cap);
                for (size_t i = 0; text && i < diags.count && used + 600 < cap; i++) {
                    char line[CKS_ERROR_FILE_MAX + CKS_ERROR_FIELD_MAX + CKS_ERROR_MSG_MAX + 64];
                    cks_error_format(&diags.items[i], line, sizeof line);
                    used += (size_t)snprintf(text + used, cap - used, "%s\n", line);
                }
                if (text && !diags.count)
                    cks_error_format(&err, text, cap);
                tui_show(t, _("Nothing was imported"), text ? text : err.msg);
                free(text);
                tui_say(t, true, "%s", _("Nothing was imported: correct the file and try again."));
            } else {
                tui_say(t, false, _("Saved: %zu certificate(s) imported."), stats.rows);
            }
            cks_diags_free(&diags);
            load(t, st);
        }
        free(path);
    }
    return TUI_STAY;
}

static void enter_orgs(tui *t) { enter_with(t, &orgs); }
static void enter_people(tui *t) { enter_with(t, &people); }
static void leave_orgs(tui *t) { (void)t; leave_with(&orgs); }
static void leave_people(tui *t) { (void)t; leave_with(&people); }
static void draw_orgs(tui *t) { draw_with(t, &orgs); }
static void draw_people(tui *t) { draw_with(t, &people); }

static int key_orgs(tui *t, int kind, wint_t ch, tui_action a)
{
    (void)kind;
    (void)ch;
    return key_with(t, &orgs, a);
}

static int key_people(tui *t, int kind, wint_t ch, tui_action a)
{
    (void)kind;
    (void)ch;
    return key_with(t, &people, a);
}

#define CERT_KEYS_ N_("↑↓ move  a add  e edit  d delete  i import  F2 next  Esc back  F10 quit")

const tui_screen tui_step_orgs = {
    N_("Organisation certificates"),
    N_("Step 3: the organisation certificates (UBND, HĐND, Đảng ủy, MTTQ…) of every old "
       "unit.\n\n"
       "a adds one in a form; each field is checked as you leave it and the message stays "
       "beside it; F2 saves once every field is right. e or Enter edits the highlighted one, d "
       "deletes it, i imports a CSV file (all or nothing: every problem is listed with its line "
       "and column).\n\n"
       "Why it matters (letter II.1): per body of the new unit one certificate is kept or "
       "changed, the others are revoked; the valid ones count, expired or revoked ones need no "
       "request."),
    CERT_KEYS_, false, enter_orgs, draw_orgs, key_orgs, leave_orgs,
};

const tui_screen tui_step_people = {
    N_("Personal certificates"),
    N_("Step 4: the personal certificates of the officers of the old units.\n\n"
       "For each, say whether the holder continues in the new unit (and the new post, when it "
       "changes), leaves, or no longer needs it. Keys as in step 3.\n\n"
       "Why it matters (letter II.2): a holder who continues gets a change of information, not "
       "a new certificate; a holder who leaves is revoked and the token collected (Mẫu 08); one "
       "person with several certificates for one role keeps the one that expires last."),
    CERT_KEYS_, false, enter_people, draw_people, key_people, leave_people,
};
