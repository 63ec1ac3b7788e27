/* cmd_wizard.c — the wizard from the command line: the session opened,
 * the terminal checked, then the ncursesw front end. */
#include <stdio.h>
#include <unistd.h>

#include "cks/i18n.h"
#include "cli/cli.h"
#include "tui/tui.h"

int cli_wizard(cli_ctx *ctx, bool fresh_demo)
{
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        fprintf(stderr, "%s: ", ctx->prog);
        cli_puts(ctx, stderr, _("the wizard needs a terminal; for scripts use the subcommands "
                                "(see --help)\n"));
        return CLI_EXIT_USAGE;
    }
    cks_store *s = cli_open_store(ctx, true);
    if (!s)
        return CLI_EXIT_FAIL;
    int status = tui_run(s, &ctx->cfg, ctx->date, fresh_demo);
    cks_store_close(s);
    return status;
}
