/* csv.c — the CSV/TSV reader; see cks/csv.h. */
#include "cks/csv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cks/i18n.h"
#include "cks/text.h"

struct cks_csv {
    char *name;
    char *data;       /* the whole input (BOM removed), NUL-terminated */
    size_t len;
    size_t pos;
    long line;        /* physical line at pos */
    char sep;
    int done;
    char *buf;        /* decoded fields of the current record, NUL-separated */
    size_t buf_cap;
    size_t offsets[CKS_CSV_MAX_FIELDS];
    const char *fields[CKS_CSV_MAX_FIELDS];
};

/* The separator of the header line: the first line holding more than
 * separators (the reader skips the others). A quote opens a quoted field
 * only at the start of a field, as in the reader; inside one, "" is a quote
 * and line breaks belong to the field. */
static char detect_separator(const char *p, const char *end)
{
    size_t tabs = 0, semis = 0, commas = 0;
    int quoted = 0, field_start = 1, content = 0;
    for (; p < end; p++) {
        if (quoted) {
            if (*p == '"' && p + 1 < end && p[1] == '"')
                p++;
            else if (*p == '"')
                quoted = 0;
            continue;
        }
        if (*p == '\n' || *p == '\r') {
            if (content)
                break;
            tabs = semis = commas = 0; /* a line of only separators */
            field_start = 1;
            continue;
        }
        if (*p == '\t' || *p == ';' || *p == ',') {
            tabs += *p == '\t';
            semis += *p == ';';
            commas += *p == ',';
            field_start = 1;
            continue;
        }
        if (*p == '"' && field_start)
            quoted = 1;
        content = 1;
        field_start = 0;
    }
    if (tabs > semis && tabs > commas)
        return '\t';
    if (semis > commas)
        return ';';
    return ',';
}

static long line_of(const char *data, size_t off)
{
    long line = 1;
    for (size_t i = 0; i < off; i++) {
        if (data[i] == '\n' || (data[i] == '\r' && data[i + 1] != '\n'))
            line++;
    }
    return line;
}

cks_err cks_csv_open_mem(const char *data, size_t len, const char *name, char sep,
                         cks_csv **out, cks_error *err)
{
    *out = NULL;
    if (sep != 0 && sep != ',' && sep != ';' && sep != '\t')
        return cks_error_set(err, CKS_E_INVALID, name, 0, NULL,
                             _("the separator must be a comma, a semicolon or a tab"));
    if (len > CKS_CSV_MAX_BYTES)
        return cks_error_set(err, CKS_E_TOOLONG, name, 0, NULL,
                             _("the file is larger than %zu MiB"), CKS_CSV_MAX_BYTES >> 20);
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        len -= 3;
    }
    size_t bad = 0;
    if (!cks_text_valid(data, len, &bad))
        return cks_error_set(err, CKS_E_UTF8, name, line_of(data, bad), NULL,
                             _("the text is not valid UTF-8 (byte %zu); save the file "
                               "as \"CSV UTF-8\""),
                             bad + 1);
    cks_csv *c = calloc(1, sizeof *c);
    if (!c)
        return cks_error_set(err, CKS_E_NOMEM, name, 0, NULL, NULL);
    c->name = strdup(name ? name : "");
    c->data = malloc(len + 1);
    c->buf_cap = 4096;
    c->buf = malloc(c->buf_cap);
    if (!c->name || !c->data || !c->buf) {
        cks_csv_free(c);
        return cks_error_set(err, CKS_E_NOMEM, name, 0, NULL, NULL);
    }
    if (len)
        memcpy(c->data, data, len); /* data may be NULL when len is 0 */
    c->data[len] = '\0';
    c->len = len;
    c->line = 1;
    c->sep = sep ? sep : detect_separator(c->data, c->data + len);
    *out = c;
    return CKS_E_OK;
}

cks_err cks_csv_open_file(const char *path, char sep, cks_csv **out, cks_error *err)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return cks_error_set(err, CKS_E_IO, path, 0, NULL, _("cannot open the file: %s"),
                             strerror(errno));
    struct stat st;
    char *data = NULL;
    cks_err e = CKS_E_OK;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        e = cks_error_set(err, CKS_E_IO, path, 0, NULL, _("not a regular file"));
        goto done;
    }
    if ((unsigned long long)st.st_size > CKS_CSV_MAX_BYTES) {
        e = cks_error_set(err, CKS_E_TOOLONG, path, 0, NULL,
                          _("the file is larger than %zu MiB"), CKS_CSV_MAX_BYTES >> 20);
        goto done;
    }
    size_t size = (size_t)st.st_size;
    data = malloc(size + 1);
    if (!data) {
        e = cks_error_set(err, CKS_E_NOMEM, path, 0, NULL, NULL);
        goto done;
    }
    if (size && fread(data, 1, size, f) != size) {
        e = cks_error_set(err, CKS_E_IO, path, 0, NULL, _("cannot read the file: %s"),
                          strerror(errno));
        goto done;
    }
    e = cks_csv_open_mem(data, size, path, sep, out, err);
done:
    free(data);
    fclose(f);
    return e;
}

/* Append byte ch to the current record's buffer. */
static int put(cks_csv *c, size_t *used, char ch)
{
    if (*used + 1 >= c->buf_cap) {
        size_t cap = c->buf_cap * 2;
        char *b = realloc(c->buf, cap);
        if (!b)
            return -1;
        c->buf = b;
        c->buf_cap = cap;
    }
    c->buf[(*used)++] = ch;
    return 0;
}

static int at_eol(const cks_csv *c, size_t p)
{
    return p >= c->len || c->data[p] == '\n' || c->data[p] == '\r';
}

/* Step over one line end at pos (LF, CRLF or CR). */
static void skip_eol(cks_csv *c)
{
    if (c->data[c->pos] == '\r')
        c->pos++;
    if (c->pos < c->len && c->data[c->pos] == '\n')
        c->pos++;
    c->line++;
}

cks_err cks_csv_next(cks_csv *c, cks_csv_record *rec, cks_error *err)
{
    for (;;) {
        if (c->done || c->pos >= c->len) {
            c->done = 1;
            return CKS_E_NOTFOUND;
        }
        long start_line = c->line;
        size_t used = 0, nf = 0;
        int all_empty = 1;
        for (;;) {
            if (nf == CKS_CSV_MAX_FIELDS) {
                size_t p = c->pos;
                while (all_empty && p < c->len && c->data[p] == c->sep)
                    p++;
                if (all_empty && at_eol(c, p)) {
                    /* only separators, however many: skipped below */
                    c->pos = p;
                    if (p < c->len)
                        skip_eol(c);
                    break;
                }
                c->done = 1;
                return cks_error_set(err, CKS_E_TOOLONG, c->name, start_line, NULL,
                                     _("more than %d columns"), CKS_CSV_MAX_FIELDS);
            }
            c->offsets[nf] = used;
            size_t field_start = used;
            if (c->pos < c->len && c->data[c->pos] == '"') {
                long open_line = c->line;
                c->pos++;
                for (;;) {
                    if (c->pos >= c->len) {
                        c->done = 1;
                        return cks_error_set(err, CKS_E_INVALID, c->name, open_line, NULL,
                                             _("a quoted field opened here is never closed"));
                    }
                    char ch = c->data[c->pos];
                    if (ch == '"') {
                        if (c->pos + 1 < c->len && c->data[c->pos + 1] == '"') {
                            if (put(c, &used, '"'))
                                goto nomem;
                            c->pos += 2;
                            continue;
                        }
                        c->pos++;
                        break;
                    }
                    if (ch == '\r' || ch == '\n') {
                        /* a line break inside quotes is part of the field */
                        if (ch == '\r' && c->pos + 1 < c->len && c->data[c->pos + 1] == '\n')
                            c->pos++;
                        c->line++;
                        ch = '\n';
                    }
                    if (put(c, &used, ch))
                        goto nomem;
                    c->pos++;
                }
                if (!at_eol(c, c->pos) && c->data[c->pos] != c->sep) {
                    c->done = 1;
                    return cks_error_set(err, CKS_E_INVALID, c->name, c->line, NULL,
                                         _("text after the closing quote of a field "
                                           "(column %zu)"),
                                         nf + 1);
                }
                all_empty = 0; /* "" is a value someone wrote */
            } else {
                /* an unquoted field: find its end, then copy it at once */
                size_t end = c->pos;
                while (end < c->len && c->data[end] != c->sep && c->data[end] != '\n' &&
                       c->data[end] != '\r')
                    end++;
                size_t span = end - c->pos;
                if (span > CKS_CSV_MAX_FIELD_BYTES) {
                    c->done = 1;
                    return cks_error_set(err, CKS_E_TOOLONG, c->name, start_line, NULL,
                                         _("column %zu is longer than %zu bytes"), nf + 1,
                                         CKS_CSV_MAX_FIELD_BYTES);
                }
                while (used + span + 1 >= c->buf_cap) {
                    char *nb = realloc(c->buf, c->buf_cap * 2);
                    if (!nb)
                        goto nomem;
                    c->buf = nb;
                    c->buf_cap *= 2;
                }
                memcpy(c->buf + used, c->data + c->pos, span);
                used += span;
                c->pos = end;
                if (used > field_start)
                    all_empty = 0;
            }
            if (used - field_start > CKS_CSV_MAX_FIELD_BYTES) {
                c->done = 1;
                return cks_error_set(err, CKS_E_TOOLONG, c->name, start_line, NULL,
                                     _("column %zu is longer than %zu bytes"), nf + 1,
                                     CKS_CSV_MAX_FIELD_BYTES);
            }
            if (put(c, &used, '\0'))
                goto nomem;
            nf++;
            if (at_eol(c, c->pos)) {
                if (c->pos < c->len)
                    skip_eol(c);
                else
                    c->pos = c->len;
                break;
            }
            c->pos++; /* the separator */
        }
        if (all_empty)
            continue; /* blank line or only separators */
        for (size_t i = 0; i < nf; i++)
            c->fields[i] = c->buf + c->offsets[i];
        rec->fields = c->fields;
        rec->count = nf;
        rec->line = start_line;
        return CKS_E_OK;
    }
nomem:
    c->done = 1;
    return cks_error_set(err, CKS_E_NOMEM, c->name, c->line, NULL, NULL);
}

char cks_csv_separator(const cks_csv *c)
{
    return c->sep;
}

const char *cks_csv_name(const cks_csv *c)
{
    return c->name;
}

void cks_csv_free(cks_csv *c)
{
    if (!c)
        return;
    free(c->name);
    free(c->data);
    free(c->buf);
    free(c);
}
