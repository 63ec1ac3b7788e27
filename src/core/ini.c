/* ini.c — reading an INI file with iniparser, knowing the line of
 * everything (see cks/ini.h).
 *
 * How a file is read:
 *  1. The whole file (at most INI_FILE_MAX bytes) is read into memory; a
 *     UTF-8 BOM is removed, CRLF and lone CR line ends become LF.
 *  2. Every line is checked for valid UTF-8; bad bytes are reported with
 *     their line and replaced by '?' so that the rest can still be checked.
 *  3. A scanner that mirrors iniparser 4.1's line grammar walks the text
 *     once: it records every section and key with its line, reports a key
 *     given twice (iniparser would keep the last one silently) and lines
 *     longer than INI_LINE_MAX (those are blanked before iniparser sees
 *     them: its line buffer is 1 KiB).
 *  4. The cleaned text is handed to iniparser_load() through an anonymous
 *     memory file (memfd_create, opened as /proc/self/fd/N; if memfd is not
 *     available, a mkstemp file in $TMPDIR or /tmp that is unlinked at once
 *     and opened the same way). Nothing is left on disk. iniparser's error
 *     messages go to a static capture function; each becomes a
 *     CKS_E_CONFIG_SYNTAX problem at its line. When iniparser refuses the
 *     file, the bad lines are blanked and the text parsed again, so that
 *     the other lines are still read and every problem is listed at once.
 *  5. The value of each key the scanner saw is read with
 *     iniparser_getstring("section:key") — never a bare section name.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memfd_create, fileno, mkostemp */
#endif

#include "cks/ini.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <iniparser/iniparser.h>

#include "cks/i18n.h"
#include "cks/text.h"

#if defined(__GNUC__)
#define INI_PRINTF_(a, b) __attribute__((format(printf, a, b)))
#else
#define INI_PRINTF_(a, b)
#endif

enum {
    INI_FILE_MAX = 1024 * 1024, /* bytes; a larger file is refused */
    INI_LINE_MAX = 1000,        /* bytes of one (continued) line; iniparser
                                   4.1 stops at 1023 */
    INI_QUOTE_MAX = 60,         /* bytes of a bad line quoted in a message */
    CAPTURE_MAX = 16,           /* iniparser messages kept per parse */
    CAPTURE_MSG_MAX = 1200
};

typedef struct line_info {
    size_t off, len;      /* physical line in the text, without its '\n' */
    size_t lfirst, llast; /* physical lines of the logical line it belongs to */
    size_t bad;           /* 1 + offset of the first invalid byte; 0 = fine */
    bool blank;           /* hidden from iniparser (written as an empty line) */
} line_info;

struct cks_ini {
    char *path;
    char *text; /* cleaned file, NUL-terminated */
    size_t len;
    line_info *lines;
    size_t n_lines;
    unsigned char *syntax; /* per physical line: 1 = blank before a re-parse */

    cks_ini_item *items;
    size_t n_items, cap_items;
    char **strings; /* what the items point to */
    size_t n_strings, cap_strings;

    cks_error *problems;
    size_t n_problems, cap_problems;
    bool nomem;
};

/* ------------------------------------------------------------ helpers */

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
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

static char ascii_lower_c(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static void ascii_lower(char *s)
{
    for (; *s; s++)
        *s = ascii_lower_c(*s);
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

static const char *keep_string(cks_ini *ini, const char *s)
{
    char *copy;
    if (ini->n_strings == ini->cap_strings) {
        size_t cap = ini->cap_strings ? ini->cap_strings * 2 : 32;
        char **p = realloc(ini->strings, cap * sizeof *p);
        if (!p) {
            ini->nomem = true;
            return NULL;
        }
        ini->strings = p;
        ini->cap_strings = cap;
    }
    copy = strdup(s);
    if (!copy) {
        ini->nomem = true;
        return NULL;
    }
    ini->strings[ini->n_strings++] = copy;
    return copy;
}

static cks_ini_item *add_item(cks_ini *ini, const char *section, const char *key, long line)
{
    cks_ini_item *it;
    if (ini->n_items == ini->cap_items) {
        size_t cap = ini->cap_items ? ini->cap_items * 2 : 32;
        cks_ini_item *p = realloc(ini->items, cap * sizeof *p);
        if (!p) {
            ini->nomem = true;
            return NULL;
        }
        ini->items = p;
        ini->cap_items = cap;
    }
    it = &ini->items[ini->n_items];
    memset(it, 0, sizeof *it);
    it->section = keep_string(ini, section);
    it->key = key ? keep_string(ini, key) : NULL;
    it->line = line;
    if (!it->section || (key && !it->key))
        return NULL;
    ini->n_items++;
    return it;
}

void cks_ini_problem(cks_ini *ini, cks_err code, long line, const char *field,
                     const char *fmt, ...)
{
    char msg[CKS_ERROR_MSG_MAX];
    va_list ap;
    if (ini->n_problems == ini->cap_problems) {
        size_t cap = ini->cap_problems ? ini->cap_problems * 2 : 8;
        cks_error *p = realloc(ini->problems, cap * sizeof *p);
        if (!p) {
            ini->nomem = true;
            return;
        }
        ini->problems = p;
        ini->cap_problems = cap;
    }
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cks_error_set(&ini->problems[ini->n_problems++], code, ini->path, line, field, "%s", msg);
}

static bool has_problem_at(const cks_ini *ini, long line)
{
    for (size_t i = 0; i < ini->n_problems; i++)
        if (ini->problems[i].line == line)
            return true;
    return false;
}

/* ------------------------------------------------------------ reading */

static bool read_file(cks_ini *ini)
{
    FILE *f = fopen(ini->path, "rb");
    struct stat st;
    size_t n;
    bool ok = false;

    if (!f) {
        cks_ini_problem(ini, CKS_E_IO, 0, NULL, _("cannot open the file: %s"),
                        strerror(errno));
        return false;
    }
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        cks_ini_problem(ini, CKS_E_IO, 0, NULL, _("this is a folder, not a file"));
        goto done;
    }
    ini->text = malloc((size_t)INI_FILE_MAX + 2);
    if (!ini->text) {
        ini->nomem = true;
        goto done;
    }
    n = fread(ini->text, 1, (size_t)INI_FILE_MAX + 1, f);
    if (ferror(f)) {
        cks_ini_problem(ini, CKS_E_IO, 0, NULL, _("cannot read the file: %s"),
                        strerror(errno));
        goto done;
    }
    if (n > (size_t)INI_FILE_MAX) {
        cks_ini_problem(ini, CKS_E_CONFIG_SYNTAX, 0, NULL,
                        _("the file is larger than %d KiB; is it the right file?"),
                        INI_FILE_MAX / 1024);
        goto done;
    }
    ini->text[n] = '\0';
    ini->len = n;
    ok = true;
done:
    fclose(f);
    return ok;
}

/* Remove a UTF-8 BOM; CRLF and lone CR become LF. */
static void normalize(cks_ini *ini)
{
    char *t = ini->text;
    size_t r = 0, w = 0, n = ini->len;
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
    ini->len = w;
}

static bool split_lines(cks_ini *ini)
{
    size_t count = 0, i = 0, start = 0;
    for (size_t k = 0; k < ini->len; k++)
        if (ini->text[k] == '\n')
            count++;
    count++; /* the last line, perhaps without '\n' (or empty) */
    ini->lines = calloc(count, sizeof *ini->lines);
    ini->syntax = calloc(count, 1);
    if (!ini->lines || !ini->syntax) {
        ini->nomem = true;
        return false;
    }
    for (size_t k = 0; k <= ini->len; k++) {
        if (k == ini->len || ini->text[k] == '\n') {
            if (k == ini->len && k == start && i > 0)
                break; /* text ends with '\n': no extra empty line */
            ini->lines[i].off = start;
            ini->lines[i].len = k - start;
            i++;
            start = k + 1;
        }
    }
    ini->n_lines = i;
    return true;
}

/* Check each line for UTF-8; remember the first bad byte and replace every
 * bad byte (NUL included) with '?' so that the text can still be parsed. */
static void check_utf8(cks_ini *ini)
{
    for (size_t i = 0; i < ini->n_lines; i++) {
        char *s = ini->text + ini->lines[i].off;
        size_t len = ini->lines[i].len, pos = 0, bad;
        while (pos < len && !cks_text_valid(s + pos, len - pos, &bad)) {
            if (!ini->lines[i].bad)
                ini->lines[i].bad = pos + bad + 1;
            s[pos + bad] = '?';
            pos += bad + 1;
        }
    }
}

/* ------------------------------------------------------------ scanning */

typedef enum line_kind { L_EMPTY, L_COMMENT, L_SECTION, L_KEY, L_ERROR } line_kind;

/* Classify a stripped logical line the way iniparser 4.1 does; *name gets
 * the lower-cased section name or key (pointing into s, which is changed). */
static line_kind classify(char *s, char **name, char **value)
{
    size_t len = strlen(s);
    char *eq;
    *name = NULL;
    *value = NULL;
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
        *value = strip(eq + 1);
        ascii_lower(*name);
        return L_KEY;
    }
    return L_ERROR;
}

/* Hide lines from iniparser; they keep their place so that the line
 * numbers of the others do not change. */
static void blank_lines(cks_ini *ini, size_t first, size_t last)
{
    for (size_t i = first; i <= last; i++)
        ini->lines[i].blank = true;
}

typedef struct scan_state {
    bool in_section; /* a [section] header was seen */
    bool poisoned;   /* the current header was too long: skip its keys */
    char section[INI_LINE_MAX + 1];
} scan_state;

static cks_ini_item *last_item(cks_ini *ini, const char *section, const char *key)
{
    for (size_t i = ini->n_items; i-- > 0;) {
        cks_ini_item *it = &ini->items[i];
        if (it->key && strcmp(it->key, key) == 0 && strcmp(it->section, section) == 0)
            return it;
    }
    return NULL;
}

static void handle_line(cks_ini *ini, scan_state *st, char *buf, size_t first, size_t last,
                        size_t raw_total)
{
    char *name, *value, field[CKS_ERROR_FIELD_MAX + INI_LINE_MAX];
    long line = (long)first + 1;
    long bad_line = 0;
    size_t bad_byte = 0;
    cks_ini_item *it = NULL;
    line_kind kind = classify(strip(buf), &name, &value);

    for (size_t i = first; i <= last && !bad_line; i++) {
        if (ini->lines[i].bad) {
            bad_line = (long)i + 1;
            bad_byte = ini->lines[i].bad;
        }
    }
    field[0] = '\0';
    if (kind == L_SECTION) {
        snprintf(st->section, sizeof st->section, "%s", name);
        st->in_section = true;
        st->poisoned = raw_total > INI_LINE_MAX;
        snprintf(field, sizeof field, "%s", name);
        if (!st->poisoned)
            it = add_item(ini, name, NULL, line);
    } else if (kind == L_KEY) {
        if (st->poisoned) {
            blank_lines(ini, first, last);
            return;
        }
        if (st->in_section)
            snprintf(field, sizeof field, "%s:%s", st->section, name);
        else
            snprintf(field, sizeof field, "%s", name);
        if (st->in_section) {
            cks_ini_item *earlier = last_item(ini, st->section, name);
            if (earlier && !bad_line && raw_total <= INI_LINE_MAX)
                cks_ini_problem(ini, CKS_E_CONFIG_KEY, line, field,
                                _("this setting is already given at line %ld"),
                                earlier->line);
            if (earlier)
                earlier->superseded = true;
            it = add_item(ini, st->section, name, line);
        }
    }
    if (bad_line) {
        if (it && kind == L_KEY)
            cks_ini_problem(ini, CKS_E_CONFIG_VALUE, bad_line, field,
                            _("the value is not valid UTF-8 text (byte %zu of the line); "
                              "save the file as UTF-8"),
                            bad_byte);
        else
            cks_ini_problem(ini, CKS_E_UTF8, bad_line, field,
                            _("the line is not valid UTF-8 text (byte %zu); save the file as "
                              "UTF-8"),
                            bad_byte);
        if (it)
            it->bad = true;
    }
    if (raw_total > INI_LINE_MAX) {
        if (!bad_line)
            cks_ini_problem(ini, kind == L_KEY ? CKS_E_CONFIG_VALUE : CKS_E_CONFIG_SYNTAX,
                            line, field[0] ? field : NULL,
                            _("the line is too long: at most %d bytes"), INI_LINE_MAX);
        if (it)
            it->bad = true;
        blank_lines(ini, first, last);
        return;
    }
    if (kind == L_KEY && !bad_line && !st->in_section)
        cks_ini_problem(ini, CKS_E_CONFIG_KEY, line, field,
                        _("a setting must come after a [section] header"));
    if (kind == L_KEY && it && value[0] != '"' && value[0] != '\'' && strpbrk(value, ";#"))
        it->comment_cut = true;
    if (kind == L_KEY && !bad_line && it && (value[0] == '"' || value[0] == '\'')) {
        /* iniparser keeps what is inside the quotes and drops the rest
         * silently (a comment after them is fine) */
        const char *close = strchr(value + 1, value[0]);
        const char *rest = close ? close + 1 : "";
        while (*rest == ' ' || *rest == '\t')
            rest++;
        if (*rest && *rest != ';' && *rest != '#') {
            cks_ini_problem(ini, CKS_E_CONFIG_SYNTAX, line, field,
                            _("text after the closing quote would be lost: put the whole "
                              "value inside the quotes"));
            it->bad = true;
        }
    }
    if (kind == L_ERROR)
        for (size_t i = first; i <= last; i++)
            ini->syntax[i] = 1;
}

/* Walk the logical lines (physical lines joined where one ends with '\'),
 * as iniparser 4.1 does. */
static bool scan(cks_ini *ini)
{
    scan_state *st = calloc(1, sizeof *st);
    char *buf = malloc(ini->len + 1);
    size_t i = 0;
    bool ok = st && buf;

    if (!ok) {
        ini->nomem = true;
        goto done;
    }
    while (i < ini->n_lines && !ini->nomem) {
        size_t first = i, used = 0, raw_total = 0;
        bool complete = false;
        while (i < ini->n_lines) {
            const char *s = ini->text + ini->lines[i].off;
            size_t len = ini->lines[i].len, l = len;
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
            ini->lines[k].lfirst = first;
            ini->lines[k].llast = i - 1;
        }
        if (!complete) {
            /* iniparser silently drops a last line ending with '\' */
            cks_ini_problem(ini, CKS_E_CONFIG_SYNTAX, (long)first + 1, NULL,
                            _("the last line ends with \\, which continues it on a next "
                              "line that does not exist"));
            blank_lines(ini, first, i - 1);
            break;
        }
        buf[used] = '\0';
        handle_line(ini, st, buf, first, i - 1, raw_total);
    }
done:
    free(buf);
    free(st);
    return ok && !ini->nomem;
}

/* ------------------------------------------------------------ iniparser */

/* iniparser's error callback is a process-global function pointer without
 * user data: its messages are kept here while one parse runs. */
static struct {
    int count;
    char msg[CAPTURE_MAX][CAPTURE_MSG_MAX];
} capture;

static int capture_error(const char *fmt, ...) INI_PRINTF_(1, 2);

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
    int fd = memfd_create("cks-sapnhap-ini", MFD_CLOEXEC);
    if (fd < 0) {
        char tmpl[PATH_MAX];
        const char *dir = getenv("TMPDIR");
        if (!dir || dir[0] != '/')
            dir = "/tmp";
        if (snprintf(tmpl, sizeof tmpl, "%s/cks-sapnhap-XXXXXX", dir) >= (int)sizeof tmpl)
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
static void report_syntax(cks_ini *ini, long k, bool too_long)
{
    char quote[INI_QUOTE_MAX + 8], tmp[INI_LINE_MAX + 1];
    const line_info *li;
    long line;
    size_t len;
    if (k < 1 || (size_t)k > ini->n_lines) {
        if (!has_problem_at(ini, 0))
            cks_ini_problem(ini, CKS_E_CONFIG_SYNTAX, 0, NULL, "%s",
                            cks_error_message(CKS_E_CONFIG_SYNTAX));
        return;
    }
    li = &ini->lines[ini->lines[k - 1].lfirst];
    line = (long)ini->lines[k - 1].lfirst + 1;
    for (size_t i = li->lfirst; i <= li->llast; i++)
        ini->syntax[i] = 1;
    if (has_problem_at(ini, line))
        return;
    if (too_long) {
        cks_ini_problem(ini, CKS_E_CONFIG_SYNTAX, line, NULL,
                        _("the line is too long: at most %d bytes"), INI_LINE_MAX);
        return;
    }
    len = li->len < INI_LINE_MAX ? li->len : INI_LINE_MAX;
    memcpy(tmp, ini->text + li->off, len);
    tmp[len] = '\0';
    quote_text(quote, sizeof quote, strip(tmp), INI_QUOTE_MAX);
    cks_ini_problem(ini, CKS_E_CONFIG_SYNTAX, line, NULL,
                    _("this line is not a [section] header, a key = value setting or a "
                      "comment: %s"),
                    quote);
}

/* Turn the captured iniparser messages into problems. */
static void report_captured(cks_ini *ini, const char *ininame)
{
    for (int i = 0; i < capture.count; i++) {
        char *m = capture.msg[i];
        const char *p = strstr(m, ininame);
        long line = 0;
        if (p)
            sscanf(p + strlen(ininame), " (%ld)", &line);
        if (strstr(m, "memory allocation")) {
            ini->nomem = true;
        } else if (strstr(m, "cannot open")) {
            cks_ini_problem(ini, CKS_E_IO, 0, NULL,
                            _("cannot reopen the temporary copy of the file (is /proc "
                              "mounted?)"));
        } else if (strstr(m, "syntax error") || strstr(m, "too long")) {
            report_syntax(ini, line, strstr(m, "too long") != NULL);
        } else {
            size_t n;
            if (strncmp(m, "iniparser: ", 11) == 0)
                m += 11;
            n = strcspn(m, "\n");
            m[n] = '\0';
            cks_ini_problem(ini, CKS_E_CONFIG_SYNTAX, 0, NULL,
                            _("the file cannot be read: %s"), m);
        }
    }
}

/* Parse the current text with iniparser; NULL when it refused it (the
 * reasons are in the problems) or on a system failure. */
static dictionary *ini_parse(cks_ini *ini)
{
    char name[64];
    char *out = NULL;
    size_t used = 0;
    dictionary *dict = NULL;
    int fd = open_memfile();
    if (fd < 0) {
        cks_ini_problem(ini, CKS_E_IO, 0, NULL,
                        _("cannot make a temporary file to read the file: %s"),
                        strerror(errno));
        goto done;
    }
    out = malloc(ini->len + 2);
    if (!out) {
        ini->nomem = true;
        goto done;
    }
    for (size_t i = 0; i < ini->n_lines; i++) {
        const line_info *li = &ini->lines[i];
        if (!li->blank) {
            memcpy(out + used, ini->text + li->off, li->len);
            used += li->len;
        }
        out[used++] = '\n';
    }
    if (!write_all(fd, out, used)) {
        cks_ini_problem(ini, CKS_E_IO, 0, NULL,
                        _("cannot make a temporary file to read the file: %s"),
                        strerror(errno));
        goto done;
    }
    snprintf(name, sizeof name, "/proc/self/fd/%d", fd);
    capture.count = 0;
    iniparser_set_error_callback(capture_error);
    dict = iniparser_load(name);
    iniparser_set_error_callback(NULL); /* back to iniparser's default */
    report_captured(ini, name);
    if (!dict && capture.count == 0 && !ini->nomem)
        cks_ini_problem(ini, CKS_E_CONFIG_SYNTAX, 0, NULL, "%s",
                        cks_error_message(CKS_E_CONFIG_SYNTAX));
done:
    free(out);
    if (fd >= 0)
        close(fd);
    return dict;
}

/* The values of the keys the scanner saw, through "section:key" only. */
static void read_values(cks_ini *ini, dictionary *dict)
{
    for (size_t i = 0; i < ini->n_items && !ini->nomem; i++) {
        cks_ini_item *it = &ini->items[i];
        char *lookup;
        const char *v;
        size_t n;
        if (!it->key || it->bad || it->superseded || !it->section[0] ||
            ini->lines[it->line - 1].blank || ini->syntax[it->line - 1])
            continue;
        n = strlen(it->section) + strlen(it->key) + 2;
        lookup = malloc(n);
        if (!lookup) {
            ini->nomem = true;
            return;
        }
        snprintf(lookup, n, "%s:%s", it->section, it->key);
        v = iniparser_getstring(dict, lookup, NULL);
        free(lookup);
        if (v)
            it->value = keep_string(ini, v);
    }
}

/* ------------------------------------------------------------ public */

cks_err cks_ini_read(const char *path, cks_ini **out, cks_error *err)
{
    cks_ini *ini;
    dictionary *dict = NULL;
    bool any_syntax = false;

    *out = NULL;
    if (!path || !*path)
        return cks_error_set(err, CKS_E_INVALID, NULL, 0, NULL, _("no file given"));
    ini = calloc(1, sizeof *ini);
    if (!ini || !(ini->path = strdup(path))) {
        free(ini);
        return cks_error_set(err, CKS_E_NOMEM, path, 0, NULL, NULL);
    }
    if (!read_file(ini))
        goto done;
    normalize(ini);
    if (!split_lines(ini))
        goto done;
    check_utf8(ini);
    if (!scan(ini))
        goto done;
    dict = ini_parse(ini);
    /* Syntax errors found by iniparser or by the scanner: each reported
     * once, at the first line of its logical line. */
    for (size_t i = 0; i < ini->n_lines; i++) {
        if (ini->syntax[i]) {
            report_syntax(ini, (long)i + 1, false);
            any_syntax = true;
        }
    }
    if (!dict && any_syntax && !ini->nomem) {
        /* iniparser refused the file: blank the bad lines and parse again
         * so that the other lines are read too. */
        for (size_t i = 0; i < ini->n_lines; i++)
            if (ini->syntax[i])
                blank_lines(ini, i, i);
        dict = ini_parse(ini);
    }
    if (dict && !ini->nomem)
        read_values(ini, dict);
done:
    if (dict)
        iniparser_freedict(dict);
    if (ini->nomem) {
        cks_ini_free(ini);
        return cks_error_set(err, CKS_E_NOMEM, path, 0, NULL, NULL);
    }
    *out = ini;
    cks_error_clear(err);
    return CKS_E_OK;
}

const char *cks_ini_path(const cks_ini *ini)
{
    return ini->path;
}

size_t cks_ini_count(const cks_ini *ini)
{
    return ini->n_items;
}

const cks_ini_item *cks_ini_at(const cks_ini *ini, size_t i)
{
    return i < ini->n_items ? &ini->items[i] : NULL;
}

const cks_ini_item *cks_ini_find(const cks_ini *ini, const char *section, const char *key)
{
    for (size_t i = ini->n_items; i-- > 0;) {
        const cks_ini_item *it = &ini->items[i];
        if (it->key && strcmp(it->key, key) == 0 && strcmp(it->section, section) == 0)
            return it;
    }
    return NULL;
}

bool cks_ini_has_problems(const cks_ini *ini)
{
    return ini->n_problems > 0 || ini->nomem;
}

cks_err cks_ini_finish(cks_ini *ini, cks_diags *diags, cks_error *err)
{
    if (ini->nomem)
        return cks_error_set(err, CKS_E_NOMEM, ini->path, 0, NULL, NULL);
    if (!ini->n_problems) {
        cks_error_clear(err);
        return CKS_E_OK;
    }
    /* stable sort by line */
    for (size_t i = 1; i < ini->n_problems; i++) {
        cks_error e = ini->problems[i];
        size_t j = i;
        while (j > 0 && ini->problems[j - 1].line > e.line) {
            ini->problems[j] = ini->problems[j - 1];
            j--;
        }
        ini->problems[j] = e;
    }
    for (size_t i = 0; i < ini->n_problems; i++)
        if (diags && cks_diags_add(diags, &ini->problems[i]) != CKS_E_OK)
            break;
    if (err)
        *err = ini->problems[0];
    return ini->problems[0].code;
}

void cks_ini_free(cks_ini *ini)
{
    if (!ini)
        return;
    for (size_t i = 0; i < ini->n_strings; i++)
        free(ini->strings[i]);
    free(ini->strings);
    free(ini->items);
    free(ini->problems);
    free(ini->syntax);
    free(ini->lines);
    free(ini->text);
    free(ini->path);
    free(ini);
}

bool cks_ini_int(const char *s, int min, int max, int *out)
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

bool cks_ini_bool(const char *s, bool *out)
{
    static const char *const yes[] = {"yes", "true", "on", "1"};
    static const char *const no[] = {"no", "false", "off", "0"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        size_t k;
        for (k = 0; s[k] && ascii_lower_c(s[k]) == yes[i][k]; k++)
            ;
        if (!s[k] && !yes[i][k]) {
            *out = true;
            return true;
        }
        for (k = 0; s[k] && ascii_lower_c(s[k]) == no[i][k]; k++)
            ;
        if (!s[k] && !no[i][k]) {
            *out = false;
            return true;
        }
    }
    return false;
}
