/* config.c — settings, read into a typed struct.
 *
 * The file is read by the ini module (BOM, CRLF, UTF-8 checks, the line of
 * every section and key, iniparser through a memory file; see cks/ini.h).
 * Here each section and key is checked against the table of settings
 * below, each value validated and stored in a local copy of the defaults;
 * *c is assigned only when no problem was found.
 */
#include "cks/config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cks/i18n.h"
#include "cks/ini.h"
#include "cks/paths.h"
#include "cks/text.h"

/* ------------------------------------------------------------ the settings */

typedef enum value_kind {
    V_TEXT,     /* cleaned text, not empty */
    V_TEXT_OPT, /* cleaned text, may be empty */
    V_PATH,     /* a path: kept as written, not empty, no control characters */
    V_LANG,     /* "vi" | "en" */
    V_DATE,     /* strict YYYY-MM-DD */
    V_URL,      /* http:// or https://, no spaces */
    V_PHONE,    /* 8..15 digits with spaces . - + */
    V_BOOL,     /* yes/no/true/false/on/off/1/0 */
    V_INT       /* decimal whole number in [min, max] */
} value_kind;

typedef struct setting {
    const char *key;
    value_kind kind;
    size_t offset; /* in cks_config, or in cks_contact for contact keys */
    size_t size;   /* bytes of the destination field */
    int min, max;  /* V_INT */
} setting;

#define FIELD_(type, member) offsetof(type, member), sizeof(((type *)0)->member)
#define CFG_(member) FIELD_(cks_config, member)

static const setting general_keys[] = {
    {"language", V_LANG, CFG_(lang), 0, 0},
    {"export_dir", V_PATH, CFG_(export_dir), 0, 0},
};
static const setting province_keys[] = {
    {"name", V_TEXT, CFG_(province), 0, 0},
    {"place", V_TEXT, CFG_(place), 0, 0},
};
static const setting dost_keys[] = {
    {"name", V_TEXT, CFG_(dost_name), 0, 0},
    {"mau04_deadline", V_DATE, CFG_(mau04_deadline), 0, 0},
};
static const setting cuc_keys[] = {
    {"name", V_TEXT, CFG_(cuc_name), 0, 0},
    {"address", V_TEXT, CFG_(cuc_address), 0, 0},
    {"portal", V_URL, CFG_(portal_url), 0, 0},
    {"forms_url", V_URL, CFG_(forms_url), 0, 0},
};
static const setting contact_keys[] = {
    {"name", V_TEXT, FIELD_(cks_contact, name), 0, 0},
    {"title", V_TEXT_OPT, FIELD_(cks_contact, title), 0, 0},
    {"phone", V_PHONE, FIELD_(cks_contact, phone), 0, 0},
};
static const setting decide_keys[] = {
    {"check_stale_hierarchy", V_BOOL, CFG_(check_stale_hierarchy), 0, 0},
};
static const setting print_keys[] = {
    {"margin_top_mm", V_INT, CFG_(margin_top_mm), 20, 25},
    {"margin_bottom_mm", V_INT, CFG_(margin_bottom_mm), 20, 25},
    {"margin_left_mm", V_INT, CFG_(margin_left_mm), 30, 35},
    {"margin_right_mm", V_INT, CFG_(margin_right_mm), 15, 20},
    {"handover_days", V_INT, CFG_(handover_days), 1, 60},
};

typedef struct section_def {
    const char *name;
    const setting *keys;
    size_t n_keys;
    int contact; /* 1..CKS_CONFIG_CONTACTS_MAX for [contactN], else 0 */
} section_def;

#define KEYS_(a) a, sizeof a / sizeof a[0]

static const section_def sections[] = {
    {"general", KEYS_(general_keys), 0},
    {"province", KEYS_(province_keys), 0},
    {"dost", KEYS_(dost_keys), 0},
    {"cuc", KEYS_(cuc_keys), 0},
    {"contact1", KEYS_(contact_keys), 1},
    {"contact2", KEYS_(contact_keys), 2},
    {"contact3", KEYS_(contact_keys), 3},
    {"contact4", KEYS_(contact_keys), 4},
    {"decide", KEYS_(decide_keys), 0},
    {"print", KEYS_(print_keys), 0},
};

enum {
    N_SECTIONS = sizeof sections / sizeof sections[0],
    KEYS_PER_SECTION_MAX = 8
};

/* ------------------------------------------------------------ defaults */

static void set_text(char *dst, size_t n, const char *s)
{
    size_t len = strlen(s);
    if (len >= n)
        len = n - 1; /* never happens for the built-in values */
    memcpy(dst, s, len);
    dst[len] = '\0';
}

#define SET_(field, s) set_text(field, sizeof field, s)

void cks_config_defaults(cks_config *c)
{
    if (!c)
        return;
    memset(c, 0, sizeof *c);
    SET_(c->lang, "vi");
    SET_(c->export_dir, "~/cks-sapnhap-xuat");
    SET_(c->province, "Quảng Ngãi");
    SET_(c->place, "Quảng Ngãi");
    SET_(c->dost_name, "Sở Khoa học và Công nghệ tỉnh Quảng Ngãi");
    c->mau04_deadline = (cks_date){2025, 6, 23};
    SET_(c->cuc_name,
         "Cục Chứng thực số và Bảo mật thông tin – Ban Cơ yếu Chính phủ");
    SET_(c->cuc_address,
         "Số 23 Ngụy Như Kon Tum, phường Thanh Xuân, thành phố Hà Nội");
    SET_(c->portal_url, "https://dichvucong.ca.gov.vn");
    SET_(c->forms_url, "https://dichvucong.ca.gov.vn/page/taitainguyen/BMQL");
    c->n_contacts = 2;
    SET_(c->contacts[0].name, "Bà Đặng Bảo Hy");
    SET_(c->contacts[0].title,
         "Chuyên viên phòng BC-VT&CNTT, Sở Khoa học và Công nghệ");
    SET_(c->contacts[0].phone, "0905181088");
    SET_(c->contacts[1].name, "Ông Vy Tú Đình");
    SET_(c->contacts[1].title,
         "Chuyên viên Trung tâm CĐS&ĐMST, Sở Khoa học và Công nghệ");
    SET_(c->contacts[1].phone, "0947240391");
    c->check_stale_hierarchy = true;
    c->margin_top_mm = 20;
    c->margin_bottom_mm = 20;
    c->margin_left_mm = 30;
    c->margin_right_mm = 15;
    c->handover_days = 5;
}

/* ------------------------------------------------------------ load context */

typedef struct load_ctx {
    cks_ini *ini;
    long section_line[N_SECTIONS];                   /* first header line */
    long key_line[N_SECTIONS][KEYS_PER_SECTION_MAX]; /* last occurrence */
    bool key_bad[N_SECTIONS][KEYS_PER_SECTION_MAX];  /* already reported */
    bool nomem;
} load_ctx;

#define add_problem(ctx, ...) cks_ini_problem((ctx)->ini, __VA_ARGS__)

/* ------------------------------------------------------------ small helpers */

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
           c == '\r';
}

/* Strip ASCII white space at both ends, in place; returns the new start. */
static char *strip(char *s)
{
    size_t n;
    while (is_space(*s))
        s++;
    n = strlen(s);
    while (n > 0 && is_space(s[n - 1]))
        s[--n] = '\0';
    return s;
}

static void ascii_lower(char *s)
{
    for (; *s; s++)
        if (*s >= 'A' && *s <= 'Z')
            *s = (char)(*s - 'A' + 'a');
}

static bool ascii_ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a, y = *b;
        if (x >= 'A' && x <= 'Z')
            x = (char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = (char)(y - 'A' + 'a');
        if (x != y)
            return false;
    }
    return *a == *b;
}

static bool ascii_iprefix(const char *s, const char *prefix)
{
    size_t n = strlen(prefix);
    for (size_t i = 0; i < n; i++) {
        char x = s[i];
        if (x >= 'A' && x <= 'Z')
            x = (char)(x - 'A' + 'a');
        if (x != prefix[i])
            return false;
    }
    return true;
}

static int find_section(const char *name)
{
    for (size_t i = 0; i < N_SECTIONS; i++)
        if (strcmp(sections[i].name, name) == 0)
            return (int)i;
    return -1;
}

static int find_key(int sec, const char *key)
{
    for (size_t i = 0; i < sections[sec].n_keys; i++)
        if (strcmp(sections[sec].keys[i].key, key) == 0)
            return (int)i;
    return -1;
}

static void list_sections(char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < N_SECTIONS && used < n; i++) {
        int k = snprintf(buf + used, n - used, "%s[%s]", i ? ", " : "",
                         sections[i].name);
        if (k < 0)
            break;
        used += (size_t)k;
    }
}

static void list_keys(int sec, char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sections[sec].n_keys && used < n; i++) {
        int k = snprintf(buf + used, n - used, "%s%s", i ? ", " : "",
                         sections[sec].keys[i].key);
        if (k < 0)
            break;
        used += (size_t)k;
    }
}

/* ------------------------------------------------------------ values */

static bool url_ok(const char *s)
{
    size_t skip;
    if (ascii_iprefix(s, "https://"))
        skip = 8;
    else if (ascii_iprefix(s, "http://"))
        skip = 7;
    else
        return false;
    if (s[skip] == '\0' || s[skip] == '/')
        return false;
    for (const char *p = s; *p; p++)
        if (is_space(*p))
            return false;
    return true;
}

static bool phone_ok(const char *s)
{
    int digits = 0;
    for (const char *p = s; *p; p++) {
        if (*p >= '0' && *p <= '9')
            digits++;
        else if (!(*p == ' ' || *p == '.' || *p == '-' || *p == '+'))
            return false;
    }
    return digits >= 8 && digits <= 15;
}

/* No C0, DEL or C1 control character (UTF-8 C2 80..C2 9F). */
static bool no_controls(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x20 || *p == 0x7F)
            return false;
        if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
            return false;
    }
    return true;
}

/* Validate raw (the value iniparser holds) for s and store it at base. */
static void check_value(load_ctx *ctx, const setting *s, long line,
                        const char *field, const char *raw, char *base)
{
    char *dst = base + s->offset;
    char *val = NULL;
    cks_error e;

    cks_error_clear(&e);
    if (s->kind == V_PATH) {
        char *tmp = strdup(raw);
        if (!tmp) {
            ctx->nomem = true;
            return;
        }
        char *p = strip(tmp);
        if (!cks_text_valid(p, strlen(p), NULL) || !no_controls(p))
            add_problem(ctx, CKS_E_CONFIG_VALUE, line, field,
                        _("expected a folder path without control "
                          "characters"));
        else if (!*p)
            add_problem(ctx, CKS_E_CONFIG_VALUE, line, field,
                        _("expected a folder path; it must not be empty"));
        else if (strlen(p) >= s->size)
            add_problem(ctx, CKS_E_CONFIG_VALUE, line, field,
                        _("the text is too long: at most %zu bytes"),
                        s->size - 1);
        else
            memcpy(dst, p, strlen(p) + 1);
        free(tmp);
        return;
    }

    val = cks_text_clean(raw, &e);
    if (!val) {
        if (e.code == CKS_E_NOMEM)
            ctx->nomem = true;
        else if (e.code == CKS_E_UTF8)
            add_problem(ctx, CKS_E_CONFIG_VALUE, line, field,
                        _("the value is not valid UTF-8 text; save the file "
                          "as UTF-8"));
        else
            add_problem(ctx, CKS_E_CONFIG_VALUE, line, field,
                        _("the value contains control characters"));
        return;
    }

    switch (s->kind) {
    case V_TEXT:
    case V_TEXT_OPT:
        if (s->kind == V_TEXT && !*val)
            add_problem(ctx, CKS_E_CONFIG_VALUE, line, field,
                        _("expected a text; it must not be empty"));
        else if (strlen(val) >= s->size)
            add_problem(ctx, CKS_E_CONFIG_VALUE, line, field,
                        _("the text is too long: at most %zu bytes"),
                        s->size - 1);
        else
            memcpy(dst, val, strlen(val) + 1);
        break;
    case V_LANG:
        if (ascii_ieq(val, "vi") || ascii_ieq(val, "en")) {
            ascii_lower(val);
            memcpy(dst, val, 3);
        } else {
            add_problem(ctx, CKS_E_CONFIG_VALUE, line, field,
                        _("expected vi (Vietnamese) or en (English)"));
        }
        break;
    case V_DATE: {
        cks_date d;
        if (cks_date_parse_iso(val, &d))
            memcpy(dst, &d, sizeof d);
        else
            add_problem(ctx, CKS_E_CONFIG_VALUE, line, field,
                        _("expected a real date written YYYY-MM-DD, e.g. "
                          "2025-06-23"));
        break;
    }
    case V_URL:
        if (!url_ok(val))
            add_problem(ctx, CKS_E_CONFIG_VALUE, line, field,
                        _("expected a web address starting with https:// or "
                          "http://, without spaces"));
        else if (strlen(val) >= s->size)
            add_problem(ctx, CKS_E_CONFIG_VALUE, line, field,
                        _("the text is too long: at most %zu bytes"),
                        s->size - 1);
        else
            memcpy(dst, val, strlen(val) + 1);
        break;
    case V_PHONE:
        if (!phone_ok(val))
            add_problem(ctx, CKS_E_CONFIG_VALUE, line, field,
                        _("expected a phone number of 8 to 15 digits "
                          "(spaces, dots, dashes and + allowed)"));
        else if (strlen(val) >= s->size)
            add_problem(ctx, CKS_E_CONFIG_VALUE, line, field,
                        _("the text is too long: at most %zu bytes"),
                        s->size - 1);
        else
            memcpy(dst, val, strlen(val) + 1);
        break;
    case V_BOOL: {
        bool b;
        if (cks_ini_bool(val, &b))
            memcpy(dst, &b, sizeof b);
        else
            add_problem(ctx, CKS_E_CONFIG_VALUE, line, field,
                        _("expected yes or no (also true/false, on/off, "
                          "1/0)"));
        break;
    }
    case V_INT: {
        int v;
        if (cks_ini_int(val, s->min, s->max, &v))
            memcpy(dst, &v, sizeof v);
        else
            add_problem(ctx, CKS_E_CONFIG_VALUE, line, field,
                        _("expected a whole number from %d to %d"), s->min,
                        s->max);
        break;
    }
    case V_PATH:
        break; /* handled above */
    }
    free(val);
}

/* Check every section and key of the file against the table above, and
 * remember the line of each known key. */
static void check_names(load_ctx *ctx)
{
    char list[512], field[CKS_ERROR_FIELD_MAX];
    for (size_t i = 0; i < cks_ini_count(ctx->ini); i++) {
        const cks_ini_item *it = cks_ini_at(ctx->ini, i);
        int sec = find_section(it->section), key;
        if (!it->key) {
            if (sec < 0 && !it->bad) {
                list_sections(list, sizeof list);
                add_problem(ctx, CKS_E_CONFIG_KEY, it->line, it->section,
                            _("unknown section [%s]; the known sections are %s"),
                            it->section, list);
            } else if (sec >= 0 && !ctx->section_line[sec]) {
                ctx->section_line[sec] = it->line;
            }
            continue;
        }
        if (sec < 0 || it->superseded)
            continue; /* an unknown section is reported at its header */
        key = find_key(sec, it->key);
        if (key < 0) {
            if (!it->bad) {
                list_keys(sec, list, sizeof list);
                snprintf(field, sizeof field, "%s:%s", it->section, it->key);
                add_problem(ctx, CKS_E_CONFIG_KEY, it->line, field,
                            _("unknown setting; the settings of [%s] are %s"), it->section,
                            list);
            }
            continue;
        }
        ctx->key_line[sec][key] = it->line;
        ctx->key_bad[sec][key] = it->bad || !it->value;
    }
}

/* The value of a known key the file gives (NULL when it has none). */
static const char *get_value(const load_ctx *ctx, int sec, int key, char *field, size_t n)
{
    const cks_ini_item *it;
    snprintf(field, n, "%s:%s", sections[sec].name, sections[sec].keys[key].key);
    it = cks_ini_find(ctx->ini, sections[sec].name, sections[sec].keys[key].key);
    return it ? it->value : NULL;
}

static void apply(load_ctx *ctx, cks_config *c)
{
    char field[CKS_ERROR_FIELD_MAX];
    cks_contact found[CKS_CONFIG_CONTACTS_MAX];
    size_t n_found = 0;
    bool any_contact = false;

    for (int sec = 0; sec < (int)N_SECTIONS; sec++) {
        const section_def *sd = &sections[sec];
        if (sd->contact) {
            any_contact = any_contact || ctx->section_line[sec] != 0;
            continue;
        }
        for (int k = 0; k < (int)sd->n_keys; k++) {
            const char *v;
            if (!ctx->key_line[sec][k] || ctx->key_bad[sec][k])
                continue;
            v = get_value(ctx, sec, k, field, sizeof field);
            if (v)
                check_value(ctx, &sd->keys[k], ctx->key_line[sec][k], field, v, (char *)c);
        }
    }
    if (!any_contact)
        return;

    /* A file with any [contactN] replaces the whole default list. */
    memset(found, 0, sizeof found);
    for (int sec = 0; sec < (int)N_SECTIONS; sec++) {
        const section_def *sd = &sections[sec];
        cks_contact ct;
        bool have[KEYS_PER_SECTION_MAX] = {false};
        if (!sd->contact || !ctx->section_line[sec])
            continue;
        memset(&ct, 0, sizeof ct);
        for (int k = 0; k < (int)sd->n_keys; k++) {
            const char *v;
            if (!ctx->key_line[sec][k])
                continue;
            have[k] = true; /* present (a bad value is reported already) */
            if (ctx->key_bad[sec][k])
                continue;
            v = get_value(ctx, sec, k, field, sizeof field);
            if (v)
                check_value(ctx, &sd->keys[k], ctx->key_line[sec][k], field, v, (char *)&ct);
        }
        for (int k = 0; k < (int)sd->n_keys; k++) {
            if (have[k] || sd->keys[k].kind == V_TEXT_OPT)
                continue;
            snprintf(field, sizeof field, "%s:%s", sd->name, sd->keys[k].key);
            add_problem(ctx, CKS_E_CONFIG_VALUE, ctx->section_line[sec], field,
                        _("every contact needs a name and a phone number; [%s] has no %s"),
                        sd->name, sd->keys[k].key);
        }
        found[n_found++] = ct;
    }
    c->n_contacts = n_found;
    memcpy(c->contacts, found, sizeof found);
}

/* ------------------------------------------------------------ load */

cks_err cks_config_load(cks_config *c, const char *path, cks_diags *diags, cks_error *err)
{
    load_ctx ctx;
    cks_config tmp;
    cks_err rc;

    memset(&ctx, 0, sizeof ctx);
    if (!c || !path || !*path)
        return cks_error_set(err, CKS_E_INVALID, NULL, 0, NULL, _("no settings file given"));
    cks_config_defaults(&tmp);
    if (strlen(path) >= sizeof tmp.source)
        return cks_error_set(err, CKS_E_TOOLONG, path, 0, NULL,
                             _("the name of the settings file is too long"));
    memcpy(tmp.source, path, strlen(path) + 1);
    rc = cks_ini_read(path, &ctx.ini, err);
    if (rc) {
        if (diags)
            cks_diags_add(diags, err);
        return rc;
    }
    check_names(&ctx);
    apply(&ctx, &tmp);
    if (ctx.nomem)
        rc = cks_error_set(err, CKS_E_NOMEM, path, 0, NULL, NULL);
    else
        rc = cks_ini_finish(ctx.ini, diags, err);
    if (rc == CKS_E_NOMEM && diags)
        cks_diags_add(diags, err);
    if (!rc)
        *c = tmp;
    cks_ini_free(ctx.ini);
    return rc;
}

/* ------------------------------------------------------------ find */

static bool is_file(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && !S_ISDIR(st.st_mode);
}

static cks_err put_path(const char *p, char *out, size_t n, cks_error *err)
{
    size_t len = strlen(p);
    if (len >= n)
        return cks_error_set(err, CKS_E_TOOLONG, p, 0, NULL,
                             _("the name of the settings file is too long"));
    memcpy(out, p, len + 1);
    cks_error_clear(err);
    return CKS_E_OK;
}

cks_err cks_config_find(const char *explicit_path, const char *datadir,
                        char *out, size_t n, cks_error *err)
{
    char user[PATH_MAX], data[PATH_MAX];
    bool have_user, have_data = false;

    if (!out || n == 0)
        return cks_error_set(err, CKS_E_INVALID, NULL, 0, NULL, NULL);
    out[0] = '\0';
    if (explicit_path && *explicit_path) {
        if (!is_file(explicit_path))
            return cks_error_set(err, CKS_E_NOTFOUND, explicit_path, 0, NULL,
                                 _("the settings file %s does not exist"),
                                 explicit_path);
        return put_path(explicit_path, out, n, err);
    }
    have_user = cks_paths_user_config(user, sizeof user, NULL) == CKS_E_OK;
    if (have_user && is_file(user))
        return put_path(user, out, n, err);
    if (datadir && *datadir) {
        int k = snprintf(data, sizeof data, "%s/cks-sapnhap.ini", datadir);
        have_data = k > 0 && (size_t)k < sizeof data;
        if (have_data && is_file(data))
            return put_path(data, out, n, err);
    }
    return cks_error_set(err, CKS_E_NOTFOUND, NULL, 0, NULL,
                         _("no settings file found (looked for %s and %s)"),
                         have_user ? user : "~/.config/cks-sapnhap/cks-sapnhap.ini",
                         have_data ? data : "cks-sapnhap.ini");
}
