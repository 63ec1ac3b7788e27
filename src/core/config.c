/* config.c — settings, read with iniparser into a typed struct.
 *
 * How a file is read (cks_config_load):
 *  1. The whole file (at most CONFIG_FILE_MAX bytes) is read into memory;
 *     a UTF-8 BOM is removed, CRLF and lone CR line ends become LF.
 *  2. Every line is checked for valid UTF-8; bad bytes are reported with
 *     their line and replaced by '?' so that the rest can still be checked.
 *  3. A scanner that mirrors iniparser 4.1's line grammar (sections, keys,
 *     comments, "\" continuation lines) walks the text once: it knows the
 *     line of every section and key (iniparser keeps none), reports unknown
 *     sections and keys, a key given twice (iniparser would keep the last
 *     one silently), and lines longer than CONFIG_LINE_MAX (those are
 *     blanked before iniparser sees them: its line buffer is 1 KiB).
 *  4. The cleaned text is handed to iniparser_load() through an anonymous
 *     memory file (memfd_create, opened as /proc/self/fd/N; if memfd is not
 *     available, a mkstemp file in $TMPDIR or /tmp that is unlinked at once
 *     and opened the same way). Nothing is left on disk. iniparser's error
 *     messages go to a static capture function, never to stderr; each
 *     becomes a CKS_E_CONFIG_SYNTAX problem at its line. When iniparser
 *     refuses the file for syntax errors, the bad lines are blanked and the
 *     text parsed again, so that the values of the other lines are still
 *     checked and every problem is listed at once.
 *  5. Values are read only with iniparser_getstring("section:key") for the
 *     keys the scanner saw, validated and stored in a local copy of the
 *     defaults; *c is assigned only when no problem was found.
 *
 * Not reentrant: iniparser's error callback is process-global, so the
 * capture buffer is static. Call from one thread at a time.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memfd_create, fileno, mkostemp */
#endif

#include "cks/config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <iniparser/iniparser.h>

#include "cks/i18n.h"
#include "cks/paths.h"
#include "cks/text.h"

#if defined(__GNUC__)
#define CONFIG_PRINTF_(a, b) __attribute__((format(printf, a, b)))
#else
#define CONFIG_PRINTF_(a, b)
#endif

enum {
    CONFIG_FILE_MAX = 1024 * 1024, /* bytes; a larger file is refused */
    CONFIG_LINE_MAX = 1000,        /* bytes of one (continued) line; iniparser
                                      4.1 stops at 1023 */
    CONFIG_QUOTE_MAX = 60,         /* bytes of a bad line quoted in a message */
    CAPTURE_MAX = 16,              /* iniparser messages kept per parse */
    CAPTURE_MSG_MAX = 1200
};

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

typedef struct line_info {
    size_t off, len;      /* physical line in the text, without its '\n' */
    size_t lfirst, llast; /* physical lines of the logical line it belongs to */
    size_t bad;           /* 1 + offset of the first invalid byte; 0 = fine */
    bool blank;           /* hidden from iniparser (written as an empty line) */
} line_info;

typedef struct load_ctx {
    const char *path;
    char *text; /* cleaned file, NUL-terminated */
    size_t len;
    line_info *lines;
    size_t n_lines;
    unsigned char *syntax; /* per physical line: 1 = blank before a re-parse */

    long section_line[N_SECTIONS];                   /* first header line */
    long key_line[N_SECTIONS][KEYS_PER_SECTION_MAX]; /* last occurrence */
    bool key_bad[N_SECTIONS][KEYS_PER_SECTION_MAX];  /* already reported */

    cks_error *problems;
    size_t n_problems, cap_problems;
    bool nomem;
} load_ctx;

static void add_problem(load_ctx *ctx, cks_err code, long line,
                        const char *field, const char *fmt, ...)
    CONFIG_PRINTF_(5, 6);

static void add_problem(load_ctx *ctx, cks_err code, long line,
                        const char *field, const char *fmt, ...)
{
    char msg[CKS_ERROR_MSG_MAX];
    va_list ap;
    if (ctx->n_problems == ctx->cap_problems) {
        size_t cap = ctx->cap_problems ? ctx->cap_problems * 2 : 8;
        cks_error *p = realloc(ctx->problems, cap * sizeof *p);
        if (!p) {
            ctx->nomem = true;
            return;
        }
        ctx->problems = p;
        ctx->cap_problems = cap;
    }
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cks_error_set(&ctx->problems[ctx->n_problems++], code, ctx->path, line,
                  field, "%s", msg);
}

static bool has_problem_at(const load_ctx *ctx, long line)
{
    for (size_t i = 0; i < ctx->n_problems; i++)
        if (ctx->problems[i].line == line)
            return true;
    return false;
}

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

/* Copy at most max bytes of s into dst (size n), cutting at a character
 * boundary and marking the cut with "…". */
static void quote_text(char *dst, size_t n, const char *s, size_t max)
{
    size_t len = strlen(s);
    bool cut = false;
    if (len > max) {
        len = max;
        while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
            len--;
        cut = true;
    }
    snprintf(dst, n, "%.*s%s", (int)len, s, cut ? "…" : "");
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

/* ------------------------------------------------------------ reading */

static cks_err read_file(load_ctx *ctx)
{
    FILE *f = NULL;
    struct stat st;
    size_t n;
    cks_err rc = CKS_E_OK;

    f = fopen(ctx->path, "rb");
    if (!f) {
        add_problem(ctx, CKS_E_IO, 0, NULL,
                    _("cannot open the settings file: %s"), strerror(errno));
        rc = CKS_E_IO;
        goto done;
    }
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        add_problem(ctx, CKS_E_IO, 0, NULL,
                    _("this is a folder, not a settings file"));
        rc = CKS_E_IO;
        goto done;
    }
    ctx->text = malloc((size_t)CONFIG_FILE_MAX + 2);
    if (!ctx->text) {
        rc = CKS_E_NOMEM;
        ctx->nomem = true;
        goto done;
    }
    n = fread(ctx->text, 1, (size_t)CONFIG_FILE_MAX + 1, f);
    if (ferror(f)) {
        add_problem(ctx, CKS_E_IO, 0, NULL,
                    _("cannot read the settings file: %s"), strerror(errno));
        rc = CKS_E_IO;
        goto done;
    }
    if (n > (size_t)CONFIG_FILE_MAX) {
        add_problem(ctx, CKS_E_CONFIG_SYNTAX, 0, NULL,
                    _("the settings file is larger than %d KiB; is it the "
                      "right file?"),
                    CONFIG_FILE_MAX / 1024);
        rc = CKS_E_CONFIG_SYNTAX;
        goto done;
    }
    ctx->text[n] = '\0';
    ctx->len = n;
done:
    if (f)
        fclose(f);
    return rc;
}

/* Remove a UTF-8 BOM; CRLF and lone CR become LF. */
static void normalize(load_ctx *ctx)
{
    char *t = ctx->text;
    size_t r = 0, w = 0, n = ctx->len;
    if (n >= 3 && memcmp(t, "\xEF\xBB\xBF", 3) == 0)
        r = 3;
    for (; r < n; r++) {
        if (t[r] == '\r') {
            t[w++] = '\n';
            if (r + 1 < n && t[r + 1] == '\n')
                r++;
        } else {
            t[w++] = t[r];
        }
    }
    t[w] = '\0';
    ctx->len = w;
}

static cks_err split_lines(load_ctx *ctx)
{
    size_t count = 0, i = 0, start = 0;
    for (size_t k = 0; k < ctx->len; k++)
        if (ctx->text[k] == '\n')
            count++;
    count++; /* the last line, perhaps without '\n' (or empty) */
    ctx->lines = calloc(count, sizeof *ctx->lines);
    ctx->syntax = calloc(count, 1);
    if (!ctx->lines || !ctx->syntax) {
        ctx->nomem = true;
        return CKS_E_NOMEM;
    }
    for (size_t k = 0; k <= ctx->len; k++) {
        if (k == ctx->len || ctx->text[k] == '\n') {
            if (k == ctx->len && k == start && i > 0)
                break; /* text ends with '\n': no extra empty line */
            ctx->lines[i].off = start;
            ctx->lines[i].len = k - start;
            i++;
            start = k + 1;
        }
    }
    ctx->n_lines = i;
    return CKS_E_OK;
}

/* Check each line for UTF-8; remember the first bad byte and replace every
 * bad byte (NUL included) with '?' so that the text can still be parsed. */
static void check_utf8(load_ctx *ctx)
{
    for (size_t i = 0; i < ctx->n_lines; i++) {
        char *s = ctx->text + ctx->lines[i].off;
        size_t len = ctx->lines[i].len, pos = 0, bad;
        while (pos < len && !cks_text_valid(s + pos, len - pos, &bad)) {
            if (!ctx->lines[i].bad)
                ctx->lines[i].bad = pos + bad + 1;
            s[pos + bad] = '?';
            pos += bad + 1;
        }
    }
}

/* ------------------------------------------------------------ scanning */

typedef enum line_kind { L_EMPTY, L_COMMENT, L_SECTION, L_KEY, L_ERROR } line_kind;

/* Classify a stripped logical line the way iniparser 4.1 does; *name gets
 * the lower-cased section name or key (pointing into s, which is changed). */
static line_kind classify(char *s, char **name)
{
    size_t len = strlen(s);
    char *eq;
    *name = NULL;
    if (len == 0)
        return L_EMPTY;
    if (s[0] == '#' || s[0] == ';')
        return L_COMMENT;
    if (s[0] == '[' && s[len - 1] == ']' && len >= 2) {
        s[len - 1] = '\0';
        *name = strip(s + 1);
        ascii_lower(*name);
        return L_SECTION;
    }
    eq = strchr(s, '=');
    if (eq && eq != s) {
        *eq = '\0';
        *name = strip(s);
        ascii_lower(*name);
        return L_KEY;
    }
    return L_ERROR;
}

/* Hide lines from iniparser; they keep their place so that the line
 * numbers of the others do not change. */
static void blank_lines(load_ctx *ctx, size_t first, size_t last)
{
    for (size_t i = first; i <= last; i++)
        ctx->lines[i].blank = true;
}

typedef struct scan_state {
    bool in_section; /* a [section] header was seen */
    int sec;         /* index of the current section, -1 when unknown */
    bool poisoned;   /* the current header was too long: skip its keys */
    char section[CONFIG_LINE_MAX + 1];
} scan_state;

static void handle_line(load_ctx *ctx, scan_state *st, char *buf,
                        size_t first, size_t last, size_t raw_total)
{
    char *name, field[CKS_ERROR_FIELD_MAX + CONFIG_LINE_MAX];
    char list[512];
    long line = (long)first + 1;
    long bad_line = 0;
    size_t bad_byte = 0;
    int key = -1;
    line_kind kind = classify(strip(buf), &name);

    for (size_t i = first; i <= last && !bad_line; i++) {
        if (ctx->lines[i].bad) {
            bad_line = (long)i + 1;
            bad_byte = ctx->lines[i].bad;
        }
    }

    field[0] = '\0';
    if (kind == L_SECTION) {
        snprintf(st->section, sizeof st->section, "%s", name);
        st->in_section = true;
        st->sec = find_section(name);
        st->poisoned = false;
        snprintf(field, sizeof field, "%s", name);
    } else if (kind == L_KEY) {
        if (st->poisoned) {
            blank_lines(ctx, first, last);
            return;
        }
        if (st->in_section && st->sec >= 0)
            key = find_key(st->sec, name);
        if (st->in_section)
            snprintf(field, sizeof field, "%s:%s", st->section, name);
        else
            snprintf(field, sizeof field, "%s", name);
    }

    if (bad_line) {
        if (key >= 0) {
            add_problem(ctx, CKS_E_CONFIG_VALUE, bad_line, field,
                        _("the value is not valid UTF-8 text (byte %zu of "
                          "the line); save the file as UTF-8"),
                        bad_byte);
            ctx->key_bad[st->sec][key] = true;
            ctx->key_line[st->sec][key] = line;
        } else {
            add_problem(ctx, CKS_E_UTF8, bad_line, field,
                        _("the line is not valid UTF-8 text (byte %zu); save "
                          "the file as UTF-8"),
                        bad_byte);
        }
    }

    if (raw_total > CONFIG_LINE_MAX) {
        if (!bad_line) {
            if (key >= 0)
                add_problem(ctx, CKS_E_CONFIG_VALUE, line, field,
                            _("the line is too long: at most %d bytes"),
                            CONFIG_LINE_MAX);
            else
                add_problem(ctx, CKS_E_CONFIG_SYNTAX, line, field,
                            _("the line is too long: at most %d bytes"),
                            CONFIG_LINE_MAX);
        }
        if (key >= 0) {
            ctx->key_bad[st->sec][key] = true;
            ctx->key_line[st->sec][key] = line;
        }
        if (kind == L_SECTION) {
            st->sec = -1;
            st->poisoned = true;
        }
        blank_lines(ctx, first, last);
        return;
    }

    switch (kind) {
    case L_EMPTY:
    case L_COMMENT:
        break;
    case L_SECTION:
        if (st->sec < 0) {
            if (!bad_line) {
                list_sections(list, sizeof list);
                add_problem(ctx, CKS_E_CONFIG_KEY, line, field,
                            _("unknown section [%s]; the known sections "
                              "are %s"),
                            name, list);
            }
        } else if (!ctx->section_line[st->sec]) {
            ctx->section_line[st->sec] = line;
        }
        break;
    case L_KEY:
        if (bad_line)
            break;
        if (!st->in_section) {
            add_problem(ctx, CKS_E_CONFIG_KEY, line, field,
                        _("a setting must come after a [section] header"));
        } else if (st->sec >= 0 && key < 0) {
            list_keys(st->sec, list, sizeof list);
            add_problem(ctx, CKS_E_CONFIG_KEY, line, field,
                        _("unknown setting; the settings of [%s] are %s"),
                        st->section, list);
        } else if (key >= 0) {
            /* iniparser keeps the last one silently: say so instead (its
             * value, the last, is still checked, at its own line) */
            if (ctx->key_line[st->sec][key])
                add_problem(ctx, CKS_E_CONFIG_KEY, line, field,
                            _("this setting is already given at line %ld"),
                            ctx->key_line[st->sec][key]);
            ctx->key_line[st->sec][key] = line;
            ctx->key_bad[st->sec][key] = false;
        }
        /* a key of an unknown section: the section was reported */
        break;
    case L_ERROR:
        for (size_t i = first; i <= last; i++)
            ctx->syntax[i] = 1;
        break;
    }
}

/* Walk the logical lines (physical lines joined where one ends with '\'),
 * as iniparser 4.1 does. */
static cks_err scan(load_ctx *ctx)
{
    scan_state *st = calloc(1, sizeof *st);
    char *buf = malloc(ctx->len + 1);
    size_t i = 0;
    cks_err rc = CKS_E_OK;

    if (!st || !buf) {
        ctx->nomem = true;
        rc = CKS_E_NOMEM;
        goto done;
    }
    st->sec = -1;
    while (i < ctx->n_lines) {
        size_t first = i, used = 0, raw_total = 0;
        bool complete = false;
        while (i < ctx->n_lines) {
            const char *s = ctx->text + ctx->lines[i].off;
            size_t len = ctx->lines[i].len, l = len;
            raw_total += len + 1;
            while (l > 0 && is_space(s[l - 1]))
                l--;
            if (l > 0 && s[l - 1] == '\\') {
                memcpy(buf + used, s, l - 1);
                used += l - 1;
                i++;
                continue;
            }
            memcpy(buf + used, s, len);
            used += len;
            i++;
            complete = true;
            break;
        }
        for (size_t k = first; k < i; k++) {
            ctx->lines[k].lfirst = first;
            ctx->lines[k].llast = i - 1;
        }
        if (!complete) {
            /* iniparser silently drops a last line ending with '\' */
            add_problem(ctx, CKS_E_CONFIG_SYNTAX, (long)first + 1, NULL,
                        _("the last line ends with \\, which continues it on "
                          "a next line that does not exist"));
            blank_lines(ctx, first, i - 1);
            break;
        }
        buf[used] = '\0';
        handle_line(ctx, st, buf, first, i - 1, raw_total);
    }
done:
    free(buf);
    free(st);
    return rc;
}

/* ------------------------------------------------------------ iniparser */

/* iniparser's error callback is a process-global function pointer without
 * user data: its messages are kept here while one parse runs. */
static struct {
    int count;
    char msg[CAPTURE_MAX][CAPTURE_MSG_MAX];
} capture;

static int capture_error(const char *fmt, ...) CONFIG_PRINTF_(1, 2);

static int capture_error(const char *fmt, ...)
{
    va_list ap;
    int k;
    if (capture.count >= CAPTURE_MAX)
        return 0; /* the scanner finds the syntax errors past these too */
    va_start(ap, fmt);
    k = vsnprintf(capture.msg[capture.count], sizeof capture.msg[0], fmt, ap);
    va_end(ap);
    capture.count++;
    return k;
}

/* An anonymous file holding the text: memfd, or an unlinked temp file. */
static int open_memfile(void)
{
    int fd = memfd_create("cks-sapnhap-config", MFD_CLOEXEC);
    if (fd < 0) {
        char tmpl[PATH_MAX];
        const char *dir = getenv("TMPDIR");
        if (!dir || dir[0] != '/')
            dir = "/tmp";
        if (snprintf(tmpl, sizeof tmpl, "%s/cks-sapnhap-XXXXXX", dir) >=
            (int)sizeof tmpl)
            return -1;
        fd = mkostemp(tmpl, O_CLOEXEC);
        if (fd >= 0)
            unlink(tmpl);
    }
    return fd;
}

static bool write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t k = write(fd, p, n);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        p += k;
        n -= (size_t)k;
    }
    return true;
}

/* Report a syntax error at physical line k (1-based), once per line. */
static void report_syntax(load_ctx *ctx, long k, bool too_long)
{
    char quote[CONFIG_QUOTE_MAX + 8], tmp[CONFIG_LINE_MAX + 1];
    const line_info *li;
    long line;
    size_t len;
    if (k < 1 || (size_t)k > ctx->n_lines) {
        if (!has_problem_at(ctx, 0))
            add_problem(ctx, CKS_E_CONFIG_SYNTAX, 0, NULL, "%s",
                        cks_error_message(CKS_E_CONFIG_SYNTAX));
        return;
    }
    li = &ctx->lines[ctx->lines[k - 1].lfirst];
    line = (long)ctx->lines[k - 1].lfirst + 1;
    for (size_t i = li->lfirst; i <= li->llast; i++)
        ctx->syntax[i] = 1;
    if (has_problem_at(ctx, line))
        return;
    if (too_long) {
        add_problem(ctx, CKS_E_CONFIG_SYNTAX, line, NULL,
                    _("the line is too long: at most %d bytes"),
                    CONFIG_LINE_MAX);
        return;
    }
    len = li->len < CONFIG_LINE_MAX ? li->len : CONFIG_LINE_MAX;
    memcpy(tmp, ctx->text + li->off, len);
    tmp[len] = '\0';
    quote_text(quote, sizeof quote, strip(tmp), CONFIG_QUOTE_MAX);
    add_problem(ctx, CKS_E_CONFIG_SYNTAX, line, NULL,
                _("this line is not a [section] header, a key = value "
                  "setting or a comment: %s"),
                quote);
}

/* Turn the captured iniparser messages into problems. */
static void report_captured(load_ctx *ctx, const char *ininame)
{
    for (int i = 0; i < capture.count; i++) {
        char *m = capture.msg[i];
        const char *p = strstr(m, ininame);
        long line = 0;
        if (p)
            sscanf(p + strlen(ininame), " (%ld)", &line);
        if (strstr(m, "memory allocation")) {
            ctx->nomem = true;
        } else if (strstr(m, "cannot open")) {
            add_problem(ctx, CKS_E_IO, 0, NULL,
                        _("cannot reopen the temporary copy of the settings "
                          "(is /proc mounted?)"));
        } else if (strstr(m, "syntax error") || strstr(m, "too long")) {
            report_syntax(ctx, line, strstr(m, "too long") != NULL);
        } else {
            size_t n;
            if (strncmp(m, "iniparser: ", 11) == 0)
                m += 11;
            n = strcspn(m, "\n");
            m[n] = '\0';
            add_problem(ctx, CKS_E_CONFIG_SYNTAX, 0, NULL,
                        _("the settings file cannot be read: %s"), m);
        }
    }
}

/* Parse the current text with iniparser; NULL when it refused it (the
 * reasons are in the problems) or on a system failure (ctx->nomem or an
 * IO problem). */
static dictionary *ini_parse(load_ctx *ctx)
{
    char name[64];
    char *out = NULL;
    size_t used = 0;
    dictionary *dict = NULL;
    int fd = open_memfile();
    if (fd < 0) {
        add_problem(ctx, CKS_E_IO, 0, NULL,
                    _("cannot make a temporary file to read the settings: %s"),
                    strerror(errno));
        goto done;
    }
    out = malloc(ctx->len + 2);
    if (!out) {
        ctx->nomem = true;
        goto done;
    }
    for (size_t i = 0; i < ctx->n_lines; i++) {
        const line_info *li = &ctx->lines[i];
        if (!li->blank) {
            memcpy(out + used, ctx->text + li->off, li->len);
            used += li->len;
        }
        out[used++] = '\n';
    }
    if (!write_all(fd, out, used)) {
        add_problem(ctx, CKS_E_IO, 0, NULL,
                    _("cannot make a temporary file to read the settings: %s"),
                    strerror(errno));
        goto done;
    }
    snprintf(name, sizeof name, "/proc/self/fd/%d", fd);
    capture.count = 0;
    iniparser_set_error_callback(capture_error);
    dict = iniparser_load(name);
    iniparser_set_error_callback(NULL); /* back to iniparser's default */
    report_captured(ctx, name);
    if (!dict && capture.count == 0 && !ctx->nomem)
        add_problem(ctx, CKS_E_CONFIG_SYNTAX, 0, NULL, "%s",
                    cks_error_message(CKS_E_CONFIG_SYNTAX));
done:
    free(out);
    if (fd >= 0)
        close(fd);
    return dict;
}

/* ------------------------------------------------------------ values */

static bool parse_int(const char *s, int min, int max, int *out)
{
    char *end;
    long v;
    if (!(*s == '+' || *s == '-' || (*s >= '0' && *s <= '9')))
        return false;
    errno = 0;
    v = strtol(s, &end, 10);
    if (end == s || *end != '\0' || errno == ERANGE || v < min || v > max)
        return false;
    *out = (int)v;
    return true;
}

static bool parse_bool(const char *s, bool *out)
{
    static const char *const yes[] = {"yes", "true", "on", "1"};
    static const char *const no[] = {"no", "false", "off", "0"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        if (ascii_ieq(s, yes[i])) {
            *out = true;
            return true;
        }
        if (ascii_ieq(s, no[i])) {
            *out = false;
            return true;
        }
    }
    return false;
}

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
        if (parse_bool(val, &b))
            memcpy(dst, &b, sizeof b);
        else
            add_problem(ctx, CKS_E_CONFIG_VALUE, line, field,
                        _("expected yes or no (also true/false, on/off, "
                          "1/0)"));
        break;
    }
    case V_INT: {
        int v;
        if (parse_int(val, s->min, s->max, &v))
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

/* The value of a key the scanner saw (never a bare section name). NULL
 * when iniparser holds none. */
static const char *get_value(dictionary *dict, int sec, int key, char *field,
                             size_t n)
{
    snprintf(field, n, "%s:%s", sections[sec].name,
             sections[sec].keys[key].key);
    return iniparser_getstring(dict, field, NULL);
}

static void apply(load_ctx *ctx, dictionary *dict, cks_config *c)
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
            v = get_value(dict, sec, k, field, sizeof field);
            if (v)
                check_value(ctx, &sd->keys[k], ctx->key_line[sec][k], field,
                            v, (char *)c);
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
            v = get_value(dict, sec, k, field, sizeof field);
            if (v)
                check_value(ctx, &sd->keys[k], ctx->key_line[sec][k], field,
                            v, (char *)&ct);
        }
        for (int k = 0; k < (int)sd->n_keys; k++) {
            if (have[k] || sd->keys[k].kind == V_TEXT_OPT)
                continue;
            snprintf(field, sizeof field, "%s:%s", sd->name, sd->keys[k].key);
            add_problem(ctx, CKS_E_CONFIG_VALUE, ctx->section_line[sec], field,
                        _("every contact needs a name and a phone number; "
                          "[%s] has no %s"),
                        sd->name, sd->keys[k].key);
        }
        found[n_found++] = ct;
    }
    c->n_contacts = n_found;
    memcpy(c->contacts, found, sizeof found);
}

/* ------------------------------------------------------------ load */

/* Stable sort of the problems by line. */
static void sort_problems(load_ctx *ctx)
{
    for (size_t i = 1; i < ctx->n_problems; i++) {
        cks_error e = ctx->problems[i];
        size_t j = i;
        while (j > 0 && ctx->problems[j - 1].line > e.line) {
            ctx->problems[j] = ctx->problems[j - 1];
            j--;
        }
        ctx->problems[j] = e;
    }
}

cks_err cks_config_load(cks_config *c, const char *path, cks_diags *diags,
                        cks_error *err)
{
    load_ctx ctx;
    cks_config tmp;
    dictionary *dict = NULL;
    bool any_syntax = false;
    cks_err rc = CKS_E_OK;

    memset(&ctx, 0, sizeof ctx);
    if (!c || !path || !*path)
        return cks_error_set(err, CKS_E_INVALID, NULL, 0, NULL,
                             _("no settings file given"));
    ctx.path = path;
    cks_config_defaults(&tmp);
    if (strlen(path) >= sizeof tmp.source) {
        add_problem(&ctx, CKS_E_TOOLONG, 0, NULL,
                    _("the name of the settings file is too long"));
        goto done;
    }
    memcpy(tmp.source, path, strlen(path) + 1);

    if (read_file(&ctx) != CKS_E_OK)
        goto done;
    normalize(&ctx);
    if (split_lines(&ctx) != CKS_E_OK)
        goto done;
    check_utf8(&ctx);
    if (scan(&ctx) != CKS_E_OK)
        goto done;

    dict = ini_parse(&ctx);
    /* Syntax errors found by iniparser (through its error callback) or by
     * the scanner (lines iniparser may skip, e.g. a last line of one
     * character): each reported once, at the first line of its logical
     * line. */
    for (size_t i = 0; i < ctx.n_lines; i++) {
        if (ctx.syntax[i]) {
            report_syntax(&ctx, (long)i + 1, false);
            any_syntax = true;
        }
    }
    if (!dict && any_syntax && !ctx.nomem) {
        /* iniparser refused the file: blank the bad lines and parse again
         * so that the values of the other lines are checked too. */
        for (size_t i = 0; i < ctx.n_lines; i++)
            if (ctx.syntax[i])
                blank_lines(&ctx, i, i);
        dict = ini_parse(&ctx);
    }
    if (dict && !ctx.nomem)
        apply(&ctx, dict, &tmp);

done:
    if (ctx.nomem) {
        cks_error e;
        rc = cks_error_set(&e, CKS_E_NOMEM, path, 0, NULL, NULL);
        if (diags)
            cks_diags_add(diags, &e);
        if (err)
            *err = e;
    } else if (ctx.n_problems) {
        sort_problems(&ctx);
        for (size_t i = 0; i < ctx.n_problems; i++)
            if (diags && cks_diags_add(diags, &ctx.problems[i]) != CKS_E_OK)
                break;
        if (err)
            *err = ctx.problems[0];
        rc = ctx.problems[0].code;
    } else {
        *c = tmp;
        cks_error_clear(err);
    }
    if (dict)
        iniparser_freedict(dict);
    free(ctx.problems);
    free(ctx.syntax);
    free(ctx.lines);
    free(ctx.text);
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
