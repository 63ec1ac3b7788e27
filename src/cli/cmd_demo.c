/* cmd_demo.c — `demo`: a fresh copy of the demo session. */
#include <limits.h>
#include <stdio.h>
#include <unistd.h>

#include "cks/demo.h"
#include "cks/i18n.h"
#include "cks/merger.h"
#include "cks/paths.h"
#include "cli/cli.h"

int cli_cmd_demo(cli_ctx *ctx, int argc, char **argv)
{
    (void)argv;
    if (argc != 1)
        return cli_usage(ctx, _("usage: cks-sapnhap [--db FILE] demo"));
    char path[PATH_MAX];
    cks_error err;
    cks_error_clear(&err);
    if (ctx->db_opt)
        snprintf(path, sizeof path, "%s", ctx->db_opt);
    else if (cks_paths_demo_db(path, sizeof path, &err)) {
        cli_print_error(ctx, &err);
        return CLI_EXIT_FAIL;
    }
    cks_store *s = NULL;
    if (cks_demo_create(path, cks_paths_datadir(), &s, &err)) {
        cli_print_error(ctx, &err);
        return CLI_EXIT_FAIL;
    }
    if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
        /* a person at a terminal: the wizard on the fresh demo */
        cks_store_close(s);
        ctx->db_opt = path;
        return cli_wizard(ctx, true);
    }
    cks_merger_list list;
    if (cks_merger_list_all(s, &list, &err)) {
        cli_print_error(ctx, &err);
        cks_store_close(s);
        return CLI_EXIT_FAIL;
    }
    cli_printf(ctx, stdout, _("A fresh demo session is ready: %s\n\n"), path);
    for (size_t i = 0; i < list.count; i++)
        cli_print_merger(ctx, &list.items[i]);
    cli_printf(ctx, stdout,
               _("\nOpen it in the wizard (cks-sapnhap --db %s) or explore it with the "
                 "subcommands, e.g.\n"
                 "  cks-sapnhap --db %s merger show 21025\n"
                 "  cks-sapnhap --db %s certs list\n"),
               path, path, path);
    cks_merger_list_free(&list);
    cks_store_close(s);
    return CLI_EXIT_OK;
}
