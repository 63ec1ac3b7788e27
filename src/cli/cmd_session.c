/* cmd_session.c — `session info`: which session file, which schema, what
 * it holds; `session check`: is the file sound. */
#include <stdio.h>
#include <string.h>

#include "cks/i18n.h"
#include "cli/cli.h"

int cli_cmd_session(cli_ctx *ctx, int argc, char **argv)
{
    const char *what = argc > 1 ? argv[1] : "info";
    if (argc > 2 || (strcmp(what, "info") != 0 && strcmp(what, "check") != 0)) {
        fprintf(stderr, "%s: ", ctx->prog);
        cli_puts(ctx, stderr, _("usage: cks-sapnhap session [info|check]"));
        fputc('\n', stderr);
        return CLI_EXIT_USAGE;
    }
    cks_store *s = cli_open_store(ctx, strcmp(what, "info") == 0);
    if (!s)
        return CLI_EXIT_FAIL;
    int status = CLI_EXIT_OK;
    cks_error err;
    cks_error_clear(&err);
    if (strcmp(what, "check") == 0) {
        if (cks_store_check(s, &err)) {
            cli_print_error(ctx, &err);
            status = CLI_EXIT_FAIL;
        } else {
            cli_puts(ctx, stdout, _("The session file is sound."));
            fputc('\n', stdout);
        }
    } else {
        char line[1024];
        snprintf(line, sizeof line, _("Session file: %s\n"), cks_store_path(s));
        cli_puts(ctx, stdout, line);
        snprintf(line, sizeof line, _("Schema version: %d\n"), cks_store_version(s));
        cli_puts(ctx, stdout, line);
        snprintf(line, sizeof line, _("Changes recorded: %ld\n"), cks_store_audit_count(s));
        cli_puts(ctx, stdout, line);
    }
    cks_store_close(s);
    return status;
}
