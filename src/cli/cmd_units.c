/* cmd_units.c — `units import FILE [--skip-bad]`, `units find TEXT`. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cks/i18n.h"
#include "cks/refdata.h"
#include "cli/cli.h"

static void show_progress(void *user, size_t line, size_t total)
{
    const cli_ctx *ctx = user;
    (void)total;
    fputc('\r', stderr);
    cli_printf(ctx, stderr, _("  reading line %zu…"), line);
    fflush(stderr);
}

static int units_import(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {
        {"skip-bad", no_argument, NULL, 's'},
        {NULL, 0, NULL, 0},
    };
    unsigned flags = 0;
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 's')
            flags |= CKS_REFDATA_SKIP_BAD;
        else
            return cli_usage(ctx, _("usage: cks-sapnhap units import FILE [--skip-bad]"));
    }
    if (optind != argc - 1)
        return cli_usage(ctx, _("usage: cks-sapnhap units import FILE [--skip-bad]"));
    const char *path = argv[optind];
    cks_store *s = cli_open_store(ctx, true);
    if (!s)
        return CLI_EXIT_FAIL;
    cks_error err;
    cks_diags diags = CKS_DIAGS_INIT;
    cks_refdata_stats st;
    cks_error_clear(&err);
    bool tty = isatty(STDERR_FILENO);
    cks_err e = cks_refdata_import(s, path, flags, tty ? show_progress : NULL, ctx, &st,
                                   &diags, &err);
    if (tty)
        fputs("\r\033[K", stderr);
    int status = CLI_EXIT_OK;
    if (e) {
        cli_print_diags(ctx, &diags, NULL);
        cli_print_error(ctx, &err);
        status = CLI_EXIT_FAIL;
    } else {
        cli_print_diags(ctx, &diags, NULL);
        if (st.skipped)
            cli_printf(ctx, stderr, _("%zu line(s) left out, listed above.\n"), st.skipped);
        cli_printf(ctx, stdout,
                   _("Imported %zu rows: %zu new units in %zu provinces, %zu old units, "
                     "%zu partial memberships.\n"),
                   st.rows, st.new_units, st.provinces, st.old_units, st.partial);
    }
    cks_diags_free(&diags);
    cks_store_close(s);
    return status;
}

static int units_find(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {
        {"limit", required_argument, NULL, 'l'},
        {NULL, 0, NULL, 0},
    };
    long limit = 50;
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        char *end = NULL;
        if (c == 'l' && (limit = strtol(optarg, &end, 10)) > 0 && limit <= 10000 && !*end)
            continue;
        return cli_usage(ctx, _("usage: cks-sapnhap units find TEXT [--limit N]"));
    }
    if (optind >= argc)
        return cli_usage(ctx, _("usage: cks-sapnhap units find TEXT [--limit N]"));
    /* the words may come unquoted: "units find cam thanh" */
    char text[512] = "";
    for (int i = optind; i < argc; i++) {
        size_t l = strlen(text);
        snprintf(text + l, sizeof text - l, "%s%s", i > optind ? " " : "", argv[i]);
    }
    cks_store *s = cli_open_store(ctx, true);
    if (!s)
        return CLI_EXIT_FAIL;
    cks_error err;
    cks_error_clear(&err);
    cks_refunit_list list;
    int status = CLI_EXIT_OK;
    if (cks_refdata_count(s) <= 0) {
        cli_puts(ctx, stderr, _("No official table is imported yet: cks-sapnhap units import "
                                "FILE\n"));
        cks_store_close(s);
        return CLI_EXIT_FAIL;
    }
    if (cks_refdata_find(s, text, (size_t)limit + 1, &list, &err)) {
        cli_print_error(ctx, &err);
        cks_store_close(s);
        return CLI_EXIT_FAIL;
    }
    if (list.count == 0) {
        cli_printf(ctx, stderr, _("No unit matches '%s'.\n"), text);
        status = CLI_EXIT_FAIL;
    }
    for (size_t i = 0; i < list.count && i < (size_t)limit; i++) {
        const cks_refunit *u = &list.items[i];
        char where[256];
        fputs(u->unit.code, stdout);
        fputs("  ", stdout);
        cli_cell(ctx, stdout, cks_unit_type_name(u->unit.type), 9);
        cli_cell(ctx, stdout, u->unit.name, 22);
        cli_cell(ctx, stdout, u->is_new ? _("new") : _("old"), 5);
        if (u->is_new) {
            cli_puts(ctx, stdout, u->province);
        } else {
            snprintf(where, sizeof where, "%s%s%s", u->district, u->district[0] ? ", " : "",
                     u->province);
            cli_puts(ctx, stdout, where);
            if (u->n_new > 1)
                cli_printf(ctx, stdout, _(" → %s (%s) and %d other(s), split"), u->new_name,
                           u->new_code, u->n_new - 1);
            else
                cli_printf(ctx, stdout, _(" → %s (%s)%s"), u->new_name, u->new_code,
                           u->partial ? _(", partly") : "");
        }
        fputc('\n', stdout);
    }
    if (list.count > (size_t)limit)
        cli_printf(ctx, stderr, _("(more not shown; narrow the search or use --limit)\n"));
    cks_refunit_list_free(&list);
    cks_store_close(s);
    return status;
}

int cli_cmd_units(cli_ctx *ctx, int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "import") == 0)
        return units_import(ctx, argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "find") == 0)
        return units_find(ctx, argc - 1, argv + 1);
    return cli_usage(ctx, _("usage: cks-sapnhap units import FILE [--skip-bad] | units find TEXT"));
}
