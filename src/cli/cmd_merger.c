/* cmd_merger.c — `merger add|from-table|list|show|rm|seat`. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cks/i18n.h"
#include "cks/merger.h"
#include "cli/cli.h"

enum { MAX_ARGS = 64 };

static const char *usage_text(void)
{
    return _("usage: cks-sapnhap merger add --new \"[CODE:]Type Name\" --member \"[CODE:]Type "
             "Name\"... [--partial CODE|NAME]... [--seat CODE|NAME] [--province NAME]\n"
             "       cks-sapnhap merger from-table NEWCODE [--seat CODE|NAME]\n"
             "       cks-sapnhap merger list | show NEW | seat NEW CODE|NAME\n"
             "       cks-sapnhap merger rm NEW [--member CODE|NAME]");
}

void cli_print_merger(const cli_ctx *ctx, const cks_merger *m)
{
    char buf[256];
    cli_printf(ctx, stdout, "%s%s%s %s", m->unit.code, m->unit.code[0] ? "  " : "",
               cks_unit_type_name(m->unit.type), m->unit.name);
    if (m->province[0])
        cli_printf(ctx, stdout, "  (%s)", m->province);
    fputc('\n', stdout);
    for (size_t i = 0; i < m->n_members; i++) {
        const cks_member *mb = &m->members[i];
        fputs("    ", stdout);
        cli_cell(ctx, stdout, mb->unit.code[0] ? mb->unit.code : "-----", 7);
        snprintf(buf, sizeof buf, "%s %s", cks_unit_type_name(mb->unit.type), mb->unit.name);
        if (!mb->district[0] && !mb->is_seat && !mb->partial) {
            cli_puts(ctx, stdout, buf);
            fputc('\n', stdout);
            continue;
        }
        cli_cell(ctx, stdout, buf, 28);
        if (mb->is_seat)
            cli_puts(ctx, stdout, _(" [seat]"));
        if (mb->partial)
            cli_puts(ctx, stdout, _(" [partly]"));
        if (mb->district[0])
            cli_printf(ctx, stdout, "  %s", mb->district);
        fputc('\n', stdout);
    }
}

static int fail(const cli_ctx *ctx, cks_store *s, const cks_error *err)
{
    cli_print_error(ctx, err);
    cks_store_close(s);
    return err->code == CKS_E_USAGE ? CLI_EXIT_USAGE : CLI_EXIT_FAIL;
}

/* "SUB [--name VALUE] ARG": the option (optional) into *value, exactly one
 * argument left at argv[optind]. Returns -1 on wrong use. */
static int one_option_one_arg(int argc, char **argv, const char *name, const char **value)
{
    const struct option opts[] = {
        {name, required_argument, NULL, 'o'},
        {NULL, 0, NULL, 0},
    };
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c != 'o')
            return -1;
        *value = optarg;
    }
    return optind == argc - 1 ? 0 : -1;
}

/* After a merger was declared: say so, show it, close the session. */
static int show_declared(const cli_ctx *ctx, cks_store *s, long id, const char *title)
{
    cks_error err;
    cks_merger m;
    cks_error_clear(&err);
    if (cks_merger_get_id(s, id, &m, &err))
        return fail(ctx, s, &err);
    cli_puts(ctx, stdout, title);
    cli_print_merger(ctx, &m);
    cks_merger_free(&m);
    cks_store_close(s);
    return CLI_EXIT_OK;
}

static int merger_add(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {
        {"new", required_argument, NULL, 'n'},
        {"member", required_argument, NULL, 'm'},
        {"partial", required_argument, NULL, 'p'},
        {"seat", required_argument, NULL, 's'},
        {"province", required_argument, NULL, 'P'},
        {NULL, 0, NULL, 0},
    };
    const char *members[MAX_ARGS], *partial[MAX_ARGS];
    cks_merger_spec spec;
    memset(&spec, 0, sizeof spec);
    spec.members = members;
    spec.partial = partial;
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'n':
            spec.new_unit = optarg;
            break;
        case 'm':
            if (spec.n_members == MAX_ARGS)
                return cli_usage(ctx, _("too many --member options"));
            members[spec.n_members++] = optarg;
            break;
        case 'p':
            if (spec.n_partial == MAX_ARGS)
                return cli_usage(ctx, _("too many --partial options"));
            partial[spec.n_partial++] = optarg;
            break;
        case 's':
            spec.seat = optarg;
            break;
        case 'P':
            spec.province = optarg;
            break;
        default:
            return cli_usage(ctx, usage_text());
        }
    }
    if (optind != argc || !spec.new_unit || spec.n_members == 0)
        return cli_usage(ctx, usage_text());
    cks_store *s = cli_open_store(ctx, true);
    if (!s)
        return CLI_EXIT_FAIL;
    cks_error err;
    long id = 0;
    cks_error_clear(&err);
    if (cks_merger_add(s, &spec, &id, &err))
        return fail(ctx, s, &err);
    return show_declared(ctx, s, id, _("Merger declared:\n"));
}

static int merger_from_table(cli_ctx *ctx, int argc, char **argv)
{
    const char *seat = NULL;
    if (one_option_one_arg(argc, argv, "seat", &seat))
        return cli_usage(ctx, usage_text());
    cks_store *s = cli_open_store(ctx, true);
    if (!s)
        return CLI_EXIT_FAIL;
    cks_error err;
    long id = 0;
    cks_error_clear(&err);
    if (cks_merger_from_table(s, argv[optind], seat, &id, &err))
        return fail(ctx, s, &err);
    return show_declared(ctx, s, id, _("Merger declared from the official table:\n"));
}

static int merger_list(cli_ctx *ctx, int argc, char **argv)
{
    (void)argv;
    if (argc != 1)
        return cli_usage(ctx, usage_text());
    cks_store *s = cli_open_store(ctx, true);
    if (!s)
        return CLI_EXIT_FAIL;
    cks_error err;
    cks_merger_list list;
    cks_error_clear(&err);
    if (cks_merger_list_all(s, &list, &err))
        return fail(ctx, s, &err);
    if (list.count == 0)
        cli_puts(ctx, stdout, _("No merger is declared yet (merger add, merger from-table).\n"));
    for (size_t i = 0; i < list.count; i++)
        cli_print_merger(ctx, &list.items[i]);
    cks_merger_list_free(&list);
    cks_store_close(s);
    return CLI_EXIT_OK;
}

static int merger_show(cli_ctx *ctx, int argc, char **argv)
{
    if (argc < 2)
        return cli_usage(ctx, usage_text());
    char ref[512] = "";
    for (int i = 1; i < argc; i++) {
        size_t l = strlen(ref);
        snprintf(ref + l, sizeof ref - l, "%s%s", i > 1 ? " " : "", argv[i]);
    }
    cks_store *s = cli_open_store(ctx, true);
    if (!s)
        return CLI_EXIT_FAIL;
    cks_error err;
    cks_merger m;
    cks_error_clear(&err);
    if (cks_merger_get(s, ref, &m, &err))
        return fail(ctx, s, &err);
    cli_print_merger(ctx, &m);
    cks_merger_free(&m);
    cks_store_close(s);
    return CLI_EXIT_OK;
}

static int merger_rm(cli_ctx *ctx, int argc, char **argv)
{
    const char *member = NULL;
    if (one_option_one_arg(argc, argv, "member", &member))
        return cli_usage(ctx, usage_text());
    cks_store *s = cli_open_store(ctx, true);
    if (!s)
        return CLI_EXIT_FAIL;
    cks_error err;
    cks_error_clear(&err);
    cks_err e = member ? cks_merger_remove_member(s, argv[optind], member, &err)
                       : cks_merger_remove(s, argv[optind], &err);
    if (e)
        return fail(ctx, s, &err);
    cli_puts(ctx, stdout, member ? _("The old unit was removed from the merger.\n")
                                 : _("The merger was removed.\n"));
    cks_store_close(s);
    return CLI_EXIT_OK;
}

static int merger_seat(cli_ctx *ctx, int argc, char **argv)
{
    if (argc != 3)
        return cli_usage(ctx, usage_text());
    cks_store *s = cli_open_store(ctx, true);
    if (!s)
        return CLI_EXIT_FAIL;
    cks_error err;
    cks_error_clear(&err);
    if (cks_merger_set_seat(s, argv[1], argv[2], &err))
        return fail(ctx, s, &err);
    cks_merger m;
    if (cks_merger_get(s, argv[1], &m, &err))
        return fail(ctx, s, &err);
    cli_print_merger(ctx, &m);
    cks_merger_free(&m);
    cks_store_close(s);
    return CLI_EXIT_OK;
}

int cli_cmd_merger(cli_ctx *ctx, int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*fn)(cli_ctx *, int, char **);
    } subs[] = {
        {"add", merger_add},   {"from-table", merger_from_table},
        {"list", merger_list}, {"show", merger_show},
        {"rm", merger_rm},     {"seat", merger_seat},
    };
    for (size_t i = 0; argc >= 2 && i < sizeof subs / sizeof subs[0]; i++)
        if (strcmp(argv[1], subs[i].name) == 0)
            return subs[i].fn(ctx, argc - 1, argv + 1);
    return cli_usage(ctx, usage_text());
}
