/* layout.c — the layouts of the printed forms, read from data files (see
 * cks/layout.h and the comments of data/forms/mau04.ini). */
#include "cks/layout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cks/i18n.h"
#include "cks/ini.h"
#include "cks/paths.h"
#include "cks/text.h"

struct cks_layout_mem {
    char **strings;
    size_t n, cap;
    bool nomem;
};

static const char *const form_keys[CKS_FORM_COUNT_] = {"mau04", "mau05", "mau08", "checklist"};

static const char *const col_keys[CKS_COL_COUNT_] = {
    "index", "holder", "kind", "org", "position", "id_number", "email", "serial",
    "token_serial", "device", "valid_from", "valid_to", "old_unit", "old_info", "new_info",
    "new_org", "new_position", "reason", "status", "action", "rule", "note", "blank",
    "task", "owner", "deadline", "done"};

static const char *const var_names[CKS_VAR_COUNT_] = {
    "agency", "AGENCY", "unit", "UNIT", "province", "place", "date", "dost", "cuc",
    "cuc_address", "portal", "forms_url", "deadline", "handover_days", "count", "n_change",
    "n_revoke", "n_tokens", "n_new", "n_lost", "tokens", "collect_deadline"};

static const char *const reason_keys[CKS_REASON_COUNT_] = {"merged", "leave", "unused",
                                                           "duplicate", "lost", "request"};
static const char *const status_keys[CKS_TOKEN_COUNT_] = {"revoke", "revoked", "expired"};
static const char *const step_keys[CKS_STEP_COUNT_] = {
    "step_portal", "step_post", "step_mau04", "step_new", "step_lost", "step_collect"};

const char *cks_form_key(cks_form f)
{
    return f < CKS_FORM_COUNT_ ? form_keys[f] : "";
}

const char *cks_col_key(cks_col c)
{
    return c < CKS_COL_COUNT_ ? col_keys[c] : "";
}

const char *cks_layout_var_name(cks_var v)
{
    return v < CKS_VAR_COUNT_ ? var_names[v] : "";
}

static bool checklist_col(cks_col c)
{
    return c == CKS_COL_INDEX || c == CKS_COL_TASK || c == CKS_COL_OWNER ||
           c == CKS_COL_DEADLINE || c == CKS_COL_DONE || c == CKS_COL_NOTE;
}

static bool col_allowed(cks_form f, cks_col c)
{
    if (f == CKS_FORM_CHECKLIST)
        return checklist_col(c);
    return c == CKS_COL_INDEX || c == CKS_COL_NOTE || !checklist_col(c);
}

/* ------------------------------------------------------------ finding */

cks_err cks_layout_find(cks_form f, const char *datadir, char *out, size_t n, cks_error *err)
{
    char user[1024];
    cks_error e;
    /* the user's folder: beside the user's settings file */
    if (cks_paths_user_config(user, sizeof user, &e) == CKS_E_OK) {
        char *slash = strrchr(user, '/');
        if (slash) {
            int k;
            *slash = '\0';
            k = snprintf(out, n, "%s/forms/%s.ini", user, form_keys[f]);
            if (k > 0 && (size_t)k < n && access(out, R_OK) == 0)
                return CKS_E_OK;
        }
    }
    int k = snprintf(out, n, "%s/forms/%s.ini", datadir, form_keys[f]);
    if (k < 0 || (size_t)k >= n)
        return cks_error_set(err, CKS_E_TOOLONG, datadir, 0, NULL, _("the path is too long"));
    return CKS_E_OK;
}

/* ------------------------------------------------------------ memory */

static const char *keep(struct cks_layout_mem *m, char *s)
{
    if (!s) {
        m->nomem = true;
        return "";
    }
    if (m->n == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 64;
        char **p = realloc(m->strings, cap * sizeof *p);
        if (!p) {
            free(s);
            m->nomem = true;
            return "";
        }
        m->strings = p;
        m->cap = cap;
    }
    m->strings[m->n++] = s;
    return s;
}

void cks_layout_free(cks_layout *l)
{
    if (!l)
        return;
    if (l->mem) {
        for (size_t i = 0; i < l->mem->n; i++)
            free(l->mem->strings[i]);
        free(l->mem->strings);
        free(l->mem);
    }
    free(l);
}

/* ------------------------------------------------------------ placeholders */

static int find_var(const char *name, size_t len)
{
    for (int v = 0; v < CKS_VAR_COUNT_; v++)
        if (strlen(var_names[v]) == len && memcmp(var_names[v], name, len) == 0)
            return v;
    return -1;
}

static void list_vars(char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int v = 0; v < CKS_VAR_COUNT_ && used < n; v++) {
        int k = snprintf(buf + used, n - used, "%s{%s}", v ? ", " : "", var_names[v]);
        if (k < 0)
            break;
        used += (size_t)k;
    }
}

char *cks_layout_expand(const char *text, const cks_vars *vars)
{
    size_t cap = strlen(text) + 64, used = 0;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    for (const char *p = text; *p;) {
        const char *add = p;
        size_t len = 1;
        if (*p == '{') {
            const char *close = strchr(p, '}');
            int v = close ? find_var(p + 1, (size_t)(close - p - 1)) : -1;
            if (v >= 0) {
                add = vars && vars->v[v] ? vars->v[v] : "";
                len = strlen(add);
                p = close + 1;
            } else {
                p++;
            }
        } else {
            p++;
        }
        if (used + len + 1 > cap) {
            size_t ncap = (used + len + 1) * 2;
            char *q = realloc(out, ncap);
            if (!q) {
                free(out);
                return NULL;
            }
            out = q;
            cap = ncap;
        }
        memcpy(out + used, add, len);
        used += len;
    }
    out[used] = '\0';
    return out;
}

/* ------------------------------------------------------------ reading */

typedef struct load_ctx {
    cks_ini *ini;
    cks_layout *l;
    long column_line[CKS_LAYOUT_COLUMNS_MAX];
    long intro_line[CKS_LAYOUT_LINES_MAX], note_line[CKS_LAYOUT_LINES_MAX];
    long signature_line[CKS_LAYOUT_SIGNATURES_MAX];
    long section_line[8]; /* form, reasons, status, decisions, contacts, steps… */
    long step_line[CKS_STEP_COUNT_];
} load_ctx;

#define problem(ctx, ...) cks_ini_problem((ctx)->ini, __VA_ARGS__)

/* A text value: NFC, no control characters, "\n" written as two
 * characters becomes a line break, placeholders known. */
static const char *text_value(load_ctx *ctx, const cks_ini_item *it, const char *field)
{
    cks_error e;
    char list[600];
    char *v, *w;
    if (it->comment_cut) {
        /* a layout's texts have no comments: a ';' or '#' in a text would
         * cut it silently */
        problem(ctx, CKS_E_LAYOUT, it->line, field,
                _("the text holds ; or #, which would end it there (the rest is read as a "
                  "comment): put the whole text in double quotes"));
        return NULL;
    }
    v = cks_text_clean(it->value, &e);
    if (!v) {
        if (e.code == CKS_E_NOMEM)
            ctx->l->mem->nomem = true;
        else
            problem(ctx, CKS_E_LAYOUT, it->line, field,
                    _("the text contains control characters or is not UTF-8"));
        return NULL;
    }
    /* "\n" → line break, in place; spaces around it dropped */
    w = v;
    for (char *r = v; *r; r++) {
        if (r[0] == '\\' && r[1] == 'n') {
            while (w > v && w[-1] == ' ')
                w--;
            *w++ = '\n';
            r++;
            while (r[1] == ' ')
                r++;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
    for (const char *p = v; (p = strchr(p, '{')) != NULL; p++) {
        const char *close = strchr(p, '}');
        if (!close) {
            problem(ctx, CKS_E_LAYOUT, it->line, field,
                    _("a { without its closing }: placeholders are written {name}"));
            free(v);
            return NULL;
        }
        if (find_var(p + 1, (size_t)(close - p - 1)) < 0) {
            list_vars(list, sizeof list);
            problem(ctx, CKS_E_LAYOUT, it->line, field,
                    _("unknown placeholder {%.*s}; the placeholders are %s"),
                    (int)(close - p - 1), p + 1, list);
            free(v);
            return NULL;
        }
        p = close;
    }
    return keep(ctx->l->mem, v);
}

/* "line7" → 7 (1..max), or 0. */
static int numbered(const char *s, const char *prefix, int max)
{
    size_t n = strlen(prefix);
    int v;
    if (strncmp(s, prefix, n) != 0 || s[n] < '1' || s[n] > '9')
        return 0;
    return cks_ini_int(s + n, 1, max, &v) ? v : 0;
}

static int find_in(const char *const *keys, int n, const char *key)
{
    for (int i = 0; i < n; i++)
        if (strcmp(keys[i], key) == 0)
            return i;
    return -1;
}

static void unknown_key(load_ctx *ctx, const cks_ini_item *it, const char *field,
                        const char *known)
{
    problem(ctx, CKS_E_LAYOUT, it->line, field,
            _("unknown key; the keys of [%s] are %s"), it->section, known);
}

static void form_key(load_ctx *ctx, const cks_ini_item *it, const char *field)
{
    static const char *const keys[] = {"file",      "number",      "title", "subtitle",
                                       "recipient", "orientation", "agency"};
    cks_layout *l = ctx->l;
    int k = find_in(keys, 7, it->key);
    const char *v;
    if (k < 0) {
        unknown_key(ctx, it, field,
                    "file, number, title, subtitle, recipient, orientation, agency");
        return;
    }
    if (k == 0) {
        size_t len = strlen(it->value), i;
        for (i = 0; i < len; i++)
            if (!((it->value[i] >= 'a' && it->value[i] <= 'z') ||
                  (it->value[i] >= '0' && it->value[i] <= '9') || it->value[i] == '-'))
                break;
        if (len == 0)
            return; /* reported as missing */
        if (len > 40 || i < len || it->value[0] == '-')
            problem(ctx, CKS_E_LAYOUT, it->line, field,
                    _("expected 1 to 40 lower-case letters a-z, digits and -, "
                      "e.g. mau05-thu-hoi"));
        else
            l->file = keep(l->mem, strdup(it->value));
        return;
    }
    if (k == 5) {
        if (strcmp(it->value, "portrait") == 0 || strcmp(it->value, "landscape") == 0)
            l->landscape = it->value[0] == 'l';
        else
            problem(ctx, CKS_E_LAYOUT, it->line, field,
                    _("expected portrait or landscape"));
        return;
    }
    v = text_value(ctx, it, field);
    if (!v)
        return;
    if (k == 1)
        l->number = v;
    else if (k == 2)
        l->title = v;
    else if (k == 3)
        l->subtitle = v;
    else if (k == 4)
        l->recipient = v;
    else
        l->agency = v;
}

static void lines_key(load_ctx *ctx, const cks_ini_item *it, const char *field, bool intro)
{
    int n = numbered(it->key, "line", CKS_LAYOUT_LINES_MAX);
    const char *v;
    if (!n) {
        problem(ctx, CKS_E_LAYOUT, it->line, field,
                _("unknown key; the keys of [%s] are line1, line2, … up to line%d"),
                it->section, CKS_LAYOUT_LINES_MAX);
        return;
    }
    v = text_value(ctx, it, field);
    if (!v)
        return;
    (intro ? ctx->intro_line : ctx->note_line)[n - 1] = it->line;
    (intro ? ctx->l->intro : ctx->l->notes)[n - 1] = v;
}

static void column_key(load_ctx *ctx, const cks_ini_item *it, const char *field, int n)
{
    cks_layout_column *c = &ctx->l->columns[n - 1];
    char list[400];
    if (strcmp(it->key, "header") == 0) {
        const char *v = text_value(ctx, it, field);
        if (v)
            c->header = v;
    } else if (strcmp(it->key, "field") == 0) {
        int f = find_in(col_keys, CKS_COL_COUNT_, it->value);
        if (f < 0 || !col_allowed(ctx->l->form, (cks_col)f)) {
            size_t used = 0;
            list[0] = '\0';
            for (int i = 0; i < CKS_COL_COUNT_; i++) {
                int k;
                if (!col_allowed(ctx->l->form, (cks_col)i) || used >= sizeof list)
                    continue;
                k = snprintf(list + used, sizeof list - used, "%s%s", used ? ", " : "",
                             col_keys[i]);
                if (k > 0)
                    used += (size_t)k;
            }
            problem(ctx, CKS_E_LAYOUT, it->line, field,
                    _("unknown field \"%s\"; the fields of this form are %s"), it->value, list);
        } else {
            c->field = (cks_col)f;
        }
    } else if (strcmp(it->key, "width") == 0) {
        if (!cks_ini_int(it->value, 3, 80, &c->width))
            problem(ctx, CKS_E_LAYOUT, it->line, field,
                    _("expected a width from 3 to 80 characters"));
    } else {
        unknown_key(ctx, it, field, "header, field, width");
    }
}

static void signature_key(load_ctx *ctx, const cks_ini_item *it, const char *field, int n)
{
    cks_layout_signature *s = &ctx->l->signatures[n - 1];
    const char *v;
    int k = find_in((const char *const[]){"title", "note", "name"}, 3, it->key);
    if (k < 0) {
        unknown_key(ctx, it, field, "title, note, name");
        return;
    }
    v = text_value(ctx, it, field);
    if (!v)
        return;
    if (k == 0)
        s->title = v;
    else if (k == 1)
        s->note = v;
    else
        s->name = v;
}

/* [reasons], [status]: a fixed list of keys, each a text. */
static void words_key(load_ctx *ctx, const cks_ini_item *it, const char *field,
                      const char *const *keys, int n, const char **dst)
{
    char list[200];
    size_t used = 0;
    int k = find_in(keys, n, it->key);
    if (k < 0) {
        list[0] = '\0';
        for (int i = 0; i < n; i++) {
            int w = snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", keys[i]);
            if (w > 0 && (size_t)w < sizeof list - used)
                used += (size_t)w;
        }
        unknown_key(ctx, it, field, list);
        return;
    }
    const char *v = text_value(ctx, it, field);
    if (v)
        dst[k] = v;
}

static void step_key(load_ctx *ctx, const cks_ini_item *it, const char *field, int step)
{
    cks_layout_step *s = &ctx->l->steps[step];
    int k = find_in((const char *const[]){"text", "owner", "deadline"}, 3, it->key);
    const char *v;
    if (k < 0) {
        unknown_key(ctx, it, field, "text, owner, deadline");
        return;
    }
    v = text_value(ctx, it, field);
    if (!v)
        return;
    if (k == 0)
        s->text = v;
    else if (k == 1)
        s->owner = v;
    else
        s->deadline = v;
}

static const char *section_list(cks_form f)
{
    switch (f) {
    case CKS_FORM_MAU05:
        return "[form], [intro], [column1]…, [notes], [signature1], [signature2], [reasons]";
    case CKS_FORM_MAU08:
        return "[form], [intro], [column1]…, [notes], [signature1], [signature2], [status]";
    case CKS_FORM_CHECKLIST:
        return "[form], [intro], [column1]…, [notes], [signature1], [signature2], "
               "[step_portal], [step_post], [step_mau04], [step_new], [step_lost], "
               "[step_collect], [decisions], [contacts]";
    default:
        return "[form], [intro], [column1]…, [notes], [signature1], [signature2]";
    }
}

/* Sections with a fixed role: index into ctx->section_line. */
enum { SEC_FORM = 0, SEC_REASONS, SEC_STATUS, SEC_DECISIONS, SEC_CONTACTS };

static void handle_item(load_ctx *ctx, const cks_ini_item *it)
{
    cks_layout *l = ctx->l;
    char field[CKS_ERROR_FIELD_MAX];
    const char *sec = it->section;
    int n, step = find_in(step_keys, CKS_STEP_COUNT_, sec);
    bool known;

    n = numbered(sec, "column", CKS_LAYOUT_COLUMNS_MAX);
    if (!n)
        n = numbered(sec, "signature", CKS_LAYOUT_SIGNATURES_MAX);
    known = strcmp(sec, "form") == 0 || strcmp(sec, "intro") == 0 ||
            strcmp(sec, "notes") == 0 || n ||
            (l->form == CKS_FORM_MAU05 && strcmp(sec, "reasons") == 0) ||
            (l->form == CKS_FORM_MAU08 && strcmp(sec, "status") == 0) ||
            (l->form == CKS_FORM_CHECKLIST &&
             (step >= 0 || strcmp(sec, "decisions") == 0 || strcmp(sec, "contacts") == 0));
    if (!it->key) {
        if (!known && !it->bad)
            problem(ctx, CKS_E_LAYOUT, it->line, sec,
                    _("unknown section [%s]; the sections of this form are %s"), sec,
                    section_list(l->form));
        else if (strcmp(sec, "form") == 0 && !ctx->section_line[SEC_FORM])
            ctx->section_line[SEC_FORM] = it->line;
        else if (strcmp(sec, "reasons") == 0 && !ctx->section_line[SEC_REASONS])
            ctx->section_line[SEC_REASONS] = it->line;
        else if (strcmp(sec, "status") == 0 && !ctx->section_line[SEC_STATUS])
            ctx->section_line[SEC_STATUS] = it->line;
        else if (strcmp(sec, "decisions") == 0 && !ctx->section_line[SEC_DECISIONS])
            ctx->section_line[SEC_DECISIONS] = it->line;
        else if (strcmp(sec, "contacts") == 0 && !ctx->section_line[SEC_CONTACTS])
            ctx->section_line[SEC_CONTACTS] = it->line;
        else if (strncmp(sec, "signature", 9) == 0 && n && !ctx->signature_line[n - 1])
            ctx->signature_line[n - 1] = it->line;
        else if (strncmp(sec, "column", 6) == 0 && n && !ctx->column_line[n - 1])
            ctx->column_line[n - 1] = it->line;
        else if (step >= 0 && !ctx->step_line[step])
            ctx->step_line[step] = it->line;
        return;
    }
    if (!known || it->superseded || !it->value)
        return; /* reported at the section, the later key, or the line */
    snprintf(field, sizeof field, "%s:%s", sec, it->key);
    if (strcmp(sec, "form") == 0)
        form_key(ctx, it, field);
    else if (strcmp(sec, "intro") == 0 || strcmp(sec, "notes") == 0)
        lines_key(ctx, it, field, sec[0] == 'i');
    else if (strncmp(sec, "column", 6) == 0)
        column_key(ctx, it, field, n);
    else if (strncmp(sec, "signature", 9) == 0)
        signature_key(ctx, it, field, n);
    else if (strcmp(sec, "reasons") == 0)
        words_key(ctx, it, field, reason_keys, CKS_REASON_COUNT_, l->reasons);
    else if (strcmp(sec, "status") == 0)
        words_key(ctx, it, field, status_keys, CKS_TOKEN_COUNT_, l->statuses);
    else if (step >= 0)
        step_key(ctx, it, field, step);
}

/* [decisions] and [contacts] of the checklist. */
static void checklist_item(load_ctx *ctx, const cks_ini_item *it)
{
    char field[CKS_ERROR_FIELD_MAX];
    const char *v;
    if (!it->key || it->superseded || !it->value)
        return;
    snprintf(field, sizeof field, "%s:%s", it->section, it->key);
    if (strcmp(it->section, "decisions") == 0) {
        int k = find_in((const char *const[]){"title", "owner_org"}, 2, it->key);
        if (k < 0) {
            unknown_key(ctx, it, field, "title, owner_org");
            return;
        }
        if ((v = text_value(ctx, it, field)) != NULL)
            *(k ? &ctx->l->decisions_owner_org : &ctx->l->decisions_title) = v;
    } else if (strcmp(it->section, "contacts") == 0) {
        if (strcmp(it->key, "title") != 0) {
            unknown_key(ctx, it, field, "title");
            return;
        }
        if ((v = text_value(ctx, it, field)) != NULL)
            ctx->l->contacts_title = v;
    }
}

static void missing(load_ctx *ctx, long line, const char *section, const char *key)
{
    char field[CKS_ERROR_FIELD_MAX];
    snprintf(field, sizeof field, "%s:%s", section, key);
    problem(ctx, CKS_E_LAYOUT, line, field, _("[%s] needs %s"), section, key);
}

/* Report key of section as missing at line when the file does not give
 * it, or gives it empty (a value with a problem is reported already). */
static void need(load_ctx *ctx, long line, const char *section, const char *key)
{
    const cks_ini_item *it = cks_ini_find(ctx->ini, section, key);
    if (!it)
        missing(ctx, line, section, key);
    else if (it->value && !it->value[0])
        missing(ctx, it->line, section, key);
}

/* What every layout needs, once every line is read. */
static void check_complete(load_ctx *ctx)
{
    cks_layout *l = ctx->l;
    char sec[32];
    size_t n = 0;

    if (!ctx->section_line[SEC_FORM]) {
        problem(ctx, CKS_E_LAYOUT, 0, "form",
                _("the layout has no [form] section (file, title)"));
    } else {
        need(ctx, ctx->section_line[SEC_FORM], "form", "file");
        need(ctx, ctx->section_line[SEC_FORM], "form", "title");
    }
    /* columns: numbered 1, 2, … (gaps closed up), each complete */
    for (int i = 0; i < CKS_LAYOUT_COLUMNS_MAX; i++) {
        static const char *const keys[] = {"header", "field", "width"};
        if (!ctx->column_line[i])
            continue;
        snprintf(sec, sizeof sec, "column%d", i + 1);
        for (int k = 0; k < 3; k++)
            need(ctx, ctx->column_line[i], sec, keys[k]);
        l->columns[n++] = l->columns[i];
    }
    l->n_columns = n;
    if (n == 0)
        problem(ctx, CKS_E_LAYOUT, 0, "column1",
                _("the layout has no columns: add [column1] with header, field and width"));
    n = 0;
    for (int i = 0; i < CKS_LAYOUT_LINES_MAX; i++)
        if (ctx->intro_line[i])
            l->intro[n++] = l->intro[i];
    l->n_intro = n;
    n = 0;
    for (int i = 0; i < CKS_LAYOUT_LINES_MAX; i++)
        if (ctx->note_line[i])
            l->notes[n++] = l->notes[i];
    l->n_notes = n;
    n = 0;
    for (int i = 0; i < CKS_LAYOUT_SIGNATURES_MAX; i++) {
        if (!ctx->signature_line[i])
            continue;
        snprintf(sec, sizeof sec, "signature%d", i + 1);
        need(ctx, ctx->signature_line[i], sec, "title");
        l->signatures[n++] = l->signatures[i];
    }
    l->n_signatures = n;

    if (l->form == CKS_FORM_MAU05)
        for (int r = 0; r < CKS_REASON_COUNT_; r++)
            need(ctx, ctx->section_line[SEC_REASONS], "reasons", reason_keys[r]);
    if (l->form == CKS_FORM_MAU08)
        for (int s = 0; s < CKS_TOKEN_COUNT_; s++)
            need(ctx, ctx->section_line[SEC_STATUS], "status", status_keys[s]);
    if (l->form == CKS_FORM_CHECKLIST) {
        for (int s = 0; s < CKS_STEP_COUNT_; s++)
            need(ctx, ctx->step_line[s], step_keys[s], "text");
        need(ctx, ctx->section_line[SEC_DECISIONS], "decisions", "title");
        need(ctx, ctx->section_line[SEC_DECISIONS], "decisions", "owner_org");
        need(ctx, ctx->section_line[SEC_CONTACTS], "contacts", "title");
    }
}

cks_err cks_layout_load(const char *path, cks_form f, cks_layout **out, cks_diags *diags,
                        cks_error *err)
{
    load_ctx ctx;
    cks_layout *l;
    cks_err rc;

    *out = NULL;
    memset(&ctx, 0, sizeof ctx);
    l = calloc(1, sizeof *l);
    if (!l || !(l->mem = calloc(1, sizeof *l->mem))) {
        free(l);
        return cks_error_set(err, CKS_E_NOMEM, path, 0, NULL, NULL);
    }
    l->form = f;
    l->path = keep(l->mem, strdup(path));
    l->file = l->number = l->title = l->subtitle = l->recipient = "";
    l->agency = "{AGENCY}";
    for (int i = 0; i < CKS_LAYOUT_COLUMNS_MAX; i++) {
        l->columns[i].header = "";
        l->columns[i].width = 10;
    }
    for (int i = 0; i < CKS_LAYOUT_SIGNATURES_MAX; i++)
        l->signatures[i].title = l->signatures[i].note = l->signatures[i].name = "";
    for (int i = 0; i < CKS_REASON_COUNT_; i++)
        l->reasons[i] = "";
    for (int i = 0; i < CKS_TOKEN_COUNT_; i++)
        l->statuses[i] = "";
    for (int i = 0; i < CKS_STEP_COUNT_; i++)
        l->steps[i].text = l->steps[i].owner = l->steps[i].deadline = "";
    l->decisions_title = l->decisions_owner_org = l->contacts_title = "";

    rc = cks_ini_read(path, &ctx.ini, err);
    if (rc) {
        if (diags)
            cks_diags_add(diags, err);
        cks_layout_free(l);
        return rc;
    }
    ctx.l = l;
    for (size_t i = 0; i < cks_ini_count(ctx.ini); i++) {
        const cks_ini_item *it = cks_ini_at(ctx.ini, i);
        if (f == CKS_FORM_CHECKLIST && it->key &&
            (strcmp(it->section, "decisions") == 0 || strcmp(it->section, "contacts") == 0))
            checklist_item(&ctx, it);
        else
            handle_item(&ctx, it);
    }
    check_complete(&ctx);
    if (l->mem->nomem)
        rc = cks_error_set(err, CKS_E_NOMEM, path, 0, NULL, NULL);
    else
        rc = cks_ini_finish(ctx.ini, diags, err);
    cks_ini_free(ctx.ini);
    if (rc) {
        cks_layout_free(l);
        return rc;
    }
    *out = l;
    return CKS_E_OK;
}

cks_err cks_layout_load_all(const char *datadir, cks_layout *out[CKS_FORM_COUNT_],
                            cks_diags *diags, cks_error *err)
{
    cks_err first = CKS_E_OK;
    cks_error e1;
    cks_error_clear(&e1);
    for (int f = 0; f < CKS_FORM_COUNT_; f++)
        out[f] = NULL;
    for (int f = 0; f < CKS_FORM_COUNT_; f++) {
        char path[4096];
        cks_error e;
        cks_err rc = cks_layout_find((cks_form)f, datadir, path, sizeof path, &e);
        if (!rc)
            rc = cks_layout_load(path, (cks_form)f, &out[f], diags, &e);
        else if (diags)
            cks_diags_add(diags, &e);
        if (rc && !first) {
            first = rc;
            e1 = e;
        }
    }
    if (first) {
        for (int f = 0; f < CKS_FORM_COUNT_; f++) {
            cks_layout_free(out[f]);
            out[f] = NULL;
        }
        if (err)
            *err = e1;
    }
    return first;
}
