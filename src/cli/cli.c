/* cli.c — helpers shared by the subcommands. */
#include "cli/cli.h"

#include <limits.h>
#include <stdarg.h>
#include <string.h>
#include <stdlib.h>

#include "cks/i18n.h"
#include "cks/paths.h"
#include "cks/text.h"

void cli_puts(const cli_ctx *ctx, FILE *stream, const char *text)
{
    if (ctx && !ctx->utf8) {
        char *plain = cks_text_ascii(text, NULL);
        if (plain) {
            fputs(plain, stream);
            free(plain);
            return;
        }
    }
    fputs(text, stream);
}

void cli_print_error(const cli_ctx *ctx, const cks_error *e)
{
    char buf[CKS_ERROR_FILE_MAX + CKS_ERROR_FIELD_MAX + CKS_ERROR_MSG_MAX + 64];
    cks_error_format(e, buf, sizeof buf);
    fprintf(stderr, "%s: ", ctx && ctx->prog ? ctx->prog : "cks-sapnhap");
    cli_puts(ctx, stderr, buf);
    fputc('\n', stderr);
}

void cli_print_diags(const cli_ctx *ctx, const cks_diags *d, const cks_error *e)
{
    char buf[CKS_ERROR_FILE_MAX + CKS_ERROR_FIELD_MAX + CKS_ERROR_MSG_MAX + 64];
    size_t shown = 0;
    for (size_t i = 0; d && i < d->count; i++, shown++) {
        cks_error_format(&d->items[i], buf, sizeof buf);
        if (d->items[i].warning)
            cli_puts(ctx, stderr, _("warning: "));
        cli_puts(ctx, stderr, buf);
        fputc('\n', stderr);
    }
    if (!shown && e)
        cli_print_error(ctx, e);
}

int cli_exit_for(cks_err e)
{
    switch (e) {
    case CKS_E_OK:
        return CLI_EXIT_OK;
    case CKS_E_USAGE:
        return CLI_EXIT_USAGE;
    case CKS_E_NOTIMPL:
        return CLI_EXIT_NOTIMPL;
    default:
        return CLI_EXIT_FAIL;
    }
}

cks_store *cli_open_store(cli_ctx *ctx, bool create)
{
    char path[PATH_MAX];
    cks_error err;
    cks_store *s = NULL;
    cks_error_clear(&err);
    const char *p = ctx->db_opt;
    if (!p) {
        if (cks_paths_default_db(path, sizeof path, &err)) {
            cli_print_error(ctx, &err);
            return NULL;
        }
        p = path;
    }
    if (cks_store_open(p, create ? CKS_STORE_CREATE : 0, &s, &err)) {
        cli_print_error(ctx, &err);
        return NULL;
    }
    return s;
}

void cli_printf(const cli_ctx *ctx, FILE *stream, const char *fmt, ...)
{
    char buf[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    cli_puts(ctx, stream, buf);
}

void cli_cell(const cli_ctx *ctx, FILE *stream, const char *text, int width)
{
    char *plain = NULL;
    if (!text)
        text = "";
    if (ctx && !ctx->utf8 && (plain = cks_text_ascii(text, NULL)) != NULL)
        text = plain;
    int cols = cks_text_width(text);
    if (cols >= 0 && cols <= width) {
        fputs(text, stream);
    } else {
        const char *ell = ctx && !ctx->utf8 ? "~" : "\u2026";
        int used = 0;
        size_t bytes = cks_text_fit(text, width - 1, &used);
        fwrite(text, 1, bytes, stream);
        fputs(ell, stream);
        cols = used + 1;
    }
    for (; cols < width; cols++)
        fputc(' ', stream);
    free(plain);
}

int cli_usage(const cli_ctx *ctx, const char *message)
{
    fprintf(stderr, "%s: ", ctx && ctx->prog ? ctx->prog : "cks-sapnhap");
    cli_puts(ctx, stderr, message);
    fputc('\n', stderr);
    cli_puts(ctx, stderr, _("Try 'cks-sapnhap --help' for more information.\n"));
    return CLI_EXIT_USAGE;
}
