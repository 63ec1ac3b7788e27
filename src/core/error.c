/* error.c — the error table and its helpers. */
#include "cks/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cks/i18n.h"

static const char *const error_names[] = {
#define CKS_ERR_NAME_(name, msg) #name,
    CKS_ERRORS(CKS_ERR_NAME_)
#undef CKS_ERR_NAME_
};

static const char *const error_msgids[] = {
#define CKS_ERR_MSG_(name, msg) msg,
    CKS_ERRORS(CKS_ERR_MSG_)
#undef CKS_ERR_MSG_
};

const char *cks_error_name(cks_err code)
{
    if ((int)code < 0 || code >= CKS_E_COUNT_)
        return "UNKNOWN";
    return error_names[code];
}

const char *cks_error_message(cks_err code)
{
    if ((int)code < 0 || code >= CKS_E_COUNT_)
        return _("unknown error");
    return _(error_msgids[code]);
}

void cks_error_clear(cks_error *e)
{
    if (e)
        memset(e, 0, sizeof *e);
}

/* Copy src into dst (size n), cutting only at a UTF-8 character boundary. */
static void copy_utf8(char *dst, size_t n, const char *src)
{
    size_t len = strlen(src);
    if (len >= n) {
        len = n - 1;
        while (len > 0 && ((unsigned char)src[len] & 0xC0) == 0x80)
            len--;
    }
    memcpy(dst, src, len);
    dst[len] = '\0';
}

/* Cut a vsnprintf result that was truncated back to a character boundary. */
static void trim_partial_utf8(char *s)
{
    size_t len = strlen(s);
    size_t i = len;
    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
        i--;
    if (i == 0)
        return;
    unsigned char lead = (unsigned char)s[i - 1];
    size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (len - (i - 1) < need)
        s[i - 1] = '\0';
}

cks_err cks_error_set(cks_error *e, cks_err code, const char *file, long line,
                      const char *field, const char *fmt, ...)
{
    if (!e)
        return code;
    e->code = code;
    e->warning = 0;
    copy_utf8(e->file, sizeof e->file, file ? file : "");
    e->line = line;
    copy_utf8(e->field, sizeof e->field, field ? field : "");
    if (fmt) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(e->msg, sizeof e->msg, fmt, ap);
        va_end(ap);
        trim_partial_utf8(e->msg);
    } else {
        copy_utf8(e->msg, sizeof e->msg, cks_error_message(code));
    }
    if (e->msg[0] == '\0')
        copy_utf8(e->msg, sizeof e->msg, cks_error_message(code));
    return code;
}

char *cks_error_format(const cks_error *e, char *buf, size_t n)
{
    if (!buf || n == 0)
        return buf;
    buf[0] = '\0';
    if (!e)
        return buf;
    size_t used = 0;
#define APPEND_(...)                                                           \
    do {                                                                       \
        if (used < n) {                                                        \
            int k_ = snprintf(buf + used, n - used, __VA_ARGS__);              \
            if (k_ > 0)                                                        \
                used += (size_t)k_;                                            \
        }                                                                      \
    } while (0)
    if (e->file[0]) {
        APPEND_("%s", e->file);
        if (e->line > 0)
            APPEND_(":%ld", e->line);
        APPEND_(": ");
    }
    if (e->field[0])
        APPEND_("%s: ", e->field);
    APPEND_("%s", e->msg[0] ? e->msg : cks_error_message(e->code));
#undef APPEND_
    if (used >= n)
        trim_partial_utf8(buf);
    return buf;
}

cks_err cks_diags_add(cks_diags *d, const cks_error *e)
{
    if (!d || !e)
        return CKS_E_OK;
    if (d->count == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 16;
        cks_error *items = realloc(d->items, cap * sizeof *items);
        if (!items)
            return CKS_E_NOMEM;
        d->items = items;
        d->cap = cap;
    }
    d->items[d->count++] = *e;
    return CKS_E_OK;
}

cks_err cks_diags_warn(cks_diags *d, const cks_error *e)
{
    if (!d || !e)
        return CKS_E_OK;
    cks_err rc = cks_diags_add(d, e);
    if (!rc)
        d->items[d->count - 1].warning = 1;
    return rc;
}

size_t cks_diags_errors(const cks_diags *d)
{
    size_t n = 0;
    for (size_t i = 0; d && i < d->count; i++)
        n += !d->items[i].warning;
    return n;
}

void cks_diags_free(cks_diags *d)
{
    if (!d)
        return;
    free(d->items);
    d->items = NULL;
    d->count = d->cap = 0;
}
