/* cmd_plan.c — `plan` and `decide`. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cks/i18n.h"
#include "cks/plan.h"
#include "cli/cli.h"

static int stdout_write(void *user, const char *bytes, size_t len)
{
    (void)user;
    return fwrite(bytes, 1, len, stdout) == len ? 0 : -1;
}

static cks_plan_options options_of(const cli_ctx *ctx)
{
    return cks_plan_options_for(&ctx->cfg, ctx->date);
}

static void print_text(const cli_ctx *ctx, const cks_plan *p, long merger_id)
{
    long current = -1;
    int shown = 0;
    char buf[1024];
    for (size_t i = 0; i < p->count; i++) {
        const cks_decision *d = &p->rows[i];
        if (merger_id && d->merger_id != merger_id)
            continue;
        if (d->merger_id != current) {
            current = d->merger_id;
            cks_unit_format(&d->merger->unit, buf, sizeof buf);
            cli_printf(ctx, stdout, "%s%s\n", shown++ ? "\n" : "", buf);
        }
        fputs("  ", stdout);
        cli_cell(ctx, stdout, d->kind == CKS_KIND_ORG ? cks_body_label(d->body)
                                                      : cks_kind_label(d->kind), 9);
        fputc(' ', stdout);
        if (d->cert)
            snprintf(buf, sizeof buf, "%s %s", d->cert->unit->code, d->cert->unit->name);
        else
            cks_decision_target(d, buf, sizeof buf);
        cli_cell(ctx, stdout, buf, 22);
        fputc(' ', stdout);
        cli_cell(ctx, stdout, d->cert ? d->cert->holder : "", 18);
        fputc(' ', stdout);
        snprintf(buf, sizeof buf, "%s%s", cks_action_label(d->action), d->overridden ? "*" : "");
        cli_cell(ctx, stdout, buf, 18);
        fputc(' ', stdout);
        cli_puts(ctx, stdout, cks_rule_id(d->rule));
        fputc('\n', stdout);
        if (d->cert)
            cli_printf(ctx, stdout, "      %s %s\n", _("serial"), d->cert->serial);
        cli_printf(ctx, stdout, "      %s\n", cks_decision_reason(p, d, buf, sizeof buf));
        if (d->overridden)
            cli_printf(ctx, stdout, _("      * decided by the unit: %s\n"),
                       cks_decision_override_reason(d));
        if (cks_decision_warning(p, d, buf, sizeof buf)[0])
            cli_printf(ctx, stdout, _("      ! %s\n"), buf);
    }
    size_t ask = cks_plan_count_ask(p, merger_id);
    if (ask)
        cli_printf(ctx, stdout,
                   _("\n%zu row(s) need the unit's decision (action %s): cks-sapnhap decide "
                     "SERIAL --action keep|change|revoke|new|none --reason TEXT\n"),
                   ask, cks_action_label(CKS_ACT_ASK));
}

int cli_cmd_plan(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {
        {"merger", required_argument, NULL, 'm'},
        {"format", required_argument, NULL, 'f'},
        {"redact", no_argument, NULL, 'r'},
        {NULL, 0, NULL, 0},
    };
    const char *merger = NULL, *format = "text";
    bool redact = false;
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'm')
            merger = optarg;
        else if (c == 'f')
            format = optarg;
        else if (c == 'r')
            redact = true;
        else
            return cli_usage(ctx, _("usage: cks-sapnhap plan [--merger NEW] [--format "
                                    "text|csv|json] [--redact]"));
    }
    if (optind != argc || (strcmp(format, "text") && strcmp(format, "csv") &&
                           strcmp(format, "json")))
        return cli_usage(ctx, _("usage: cks-sapnhap plan [--merger NEW] [--format "
                                "text|csv|json] [--redact]"));
    cks_store *s = cli_open_store(ctx, true);
    if (!s)
        return CLI_EXIT_FAIL;
    cks_error err;
    cks_error_clear(&err);
    long merger_id = 0;
    int status = CLI_EXIT_OK;
    if (merger) {
        cks_merger m;
        if (cks_merger_get(s, merger, &m, &err)) {
            cli_print_error(ctx, &err);
            cks_store_close(s);
            return CLI_EXIT_FAIL;
        }
        merger_id = m.id;
        cks_merger_free(&m);
    }
    cks_plan_options opt = options_of(ctx);
    cks_plan_set ps;
    if (cks_plan_load(s, &opt, &ps, &err)) {
        cli_print_error(ctx, &err);
        cks_store_close(s);
        return CLI_EXIT_FAIL;
    }
    /* the personal data of the certificates the plan speaks of, masked */
    cks_err e = redact ? cks_cert_list_redact(&ps.certs, &err) : CKS_E_OK;
    if (e != CKS_E_OK) {
        /* reported below */
    } else if (strcmp(format, "csv") == 0) {
        e = cks_plan_write_csv(&ps.plan, merger_id, stdout_write, NULL, &err);
    } else if (strcmp(format, "json") == 0) {
        e = cks_plan_write_json(&ps.plan, merger_id, stdout_write, NULL, &err);
    } else if (ps.plan.count == 0) {
        cli_puts(ctx, stdout, _("Nothing to decide yet: declare the mergers and import the "
                                "certificates first.\n"));
    } else {
        print_text(ctx, &ps.plan, merger_id);
    }
    if (e) {
        cli_print_error(ctx, &err);
        status = CLI_EXIT_FAIL;
    }
    cks_plan_set_free(&ps);
    cks_store_close(s);
    return status;
}

int cli_cmd_decide(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {
        {"action", required_argument, NULL, 'a'},
        {"reason", required_argument, NULL, 'r'},
        {"clear", no_argument, NULL, 'c'},
        {"merger", required_argument, NULL, 'm'},
        {"body", required_argument, NULL, 'b'},
        {NULL, 0, NULL, 0},
    };
    const char *usage = _("usage: cks-sapnhap decide SERIAL --action keep|change|revoke|new|none "
                          "--reason TEXT\n"
                          "       cks-sapnhap decide SERIAL --clear\n"
                          "       cks-sapnhap decide --merger NEW --body BODY --action A "
                          "--reason TEXT | --clear");
    const char *action = NULL, *reason = NULL, *merger = NULL, *body = NULL;
    int clear = 0, c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'a': action = optarg; break;
        case 'r': reason = optarg; break;
        case 'c': clear = 1; break;
        case 'm': merger = optarg; break;
        case 'b': body = optarg; break;
        default: return cli_usage(ctx, usage);
        }
    }
    const char *serial = optind == argc - 1 ? argv[optind] : NULL;
    if (optind < argc - 1 || (!serial && !(merger && body)) || (serial && (merger || body)) ||
        (clear && (action || reason)) || (!clear && !action))
        return cli_usage(ctx, usage);
    int act = action ? cks_action_from_key(action) : 0;
    if (act < 0 || act == CKS_ACT_ASK) {
        char msg[256];
        snprintf(msg, sizeof msg, _("unknown action '%s' (keep, change, revoke, new, none)"),
                 action);
        return cli_usage(ctx, msg);
    }
    if (!clear && (!reason || !*reason))
        return cli_usage(ctx, _("say why the unit decided otherwise (--reason)"));
    cks_store *s = cli_open_store(ctx, true);
    if (!s)
        return CLI_EXIT_FAIL;
    cks_error err;
    cks_error_clear(&err);
    cks_body b = CKS_BODY_UBND;
    if (body) {
        cks_cert tmp;
        cks_cert_init(&tmp);
        if (cks_cert_set_field(s, &tmp, CKS_F_BODY, body, &err)) {
            cli_print_error(ctx, &err);
            cks_store_close(s);
            return CLI_EXIT_USAGE;
        }
        b = tmp.body;
    }
    cks_plan_options opt = options_of(ctx);
    cks_err e = clear ? cks_plan_clear(s, serial, merger, b, &err)
                      : cks_plan_decide(s, &opt, serial, merger, b, (cks_action)act, reason, &err);
    if (e) {
        cli_print_error(ctx, &err);
        cks_store_close(s);
        return e == CKS_E_USAGE ? CLI_EXIT_USAGE : CLI_EXIT_FAIL;
    }
    if (clear)
        cli_puts(ctx, stdout, _("The unit's decision was undone; the rules decide again.\n"));
    else
        cli_printf(ctx, stdout, _("Recorded: %s.\n"), cks_action_label((cks_action)act));
    cks_store_close(s);
    return CLI_EXIT_OK;
}
