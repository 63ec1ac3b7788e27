/* cmd_certs.c — `certs import|list|add|edit|rm`. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cks/cert.h"
#include "cks/i18n.h"
#include "cks/merger.h"
#include "cli/cli.h"

static const char *usage_text(void)
{
    return _("usage: cks-sapnhap certs import FILE.csv [--replace]\n"
             "       cks-sapnhap certs list [--merger NEW] [--format text|csv] [--redact]\n"
             "       cks-sapnhap certs add --unit U --kind K --holder H --serial S --valid-to D "
             "[--FIELD VALUE]...\n"
             "       cks-sapnhap certs edit SERIAL --FIELD VALUE...\n"
             "       cks-sapnhap certs rm SERIAL\n"
             "FIELD: unit kind body holder position id-number email serial token-serial "
             "valid-from valid-to status after new-position merger");
}

/* One long option per field: --id-number for id_number. */
/* One long option per field: --id-number for id_number, and the field's
 * own spelling (--id_number) as well, as in the CSV header. Entries
 * 0..CKS_F_COUNT_-1 are the dashed names (used in messages). */
static struct option field_opts[2 * CKS_F_COUNT_ + 1];
static char field_opt_names[CKS_F_COUNT_][32];

static const struct option *field_options(void)
{
    int n = CKS_F_COUNT_;
    for (int f = 0; f < CKS_F_COUNT_; f++) {
        const char *name = cks_cert_field_name((cks_cert_field)f);
        snprintf(field_opt_names[f], sizeof field_opt_names[f], "%s", name);
        for (char *p = field_opt_names[f]; *p; p++)
            if (*p == '_')
                *p = '-';
        field_opts[f] = (struct option){field_opt_names[f], required_argument, NULL, 1000 + f};
        if (strchr(name, '_'))
            field_opts[n++] = (struct option){name, required_argument, NULL, 1000 + f};
    }
    memset(&field_opts[n], 0, sizeof field_opts[0]);
    return field_opts;
}

static int stdout_write(void *user, const char *bytes, size_t len)
{
    (void)user;
    return fwrite(bytes, 1, len, stdout) == len ? 0 : -1;
}

static int fail(const cli_ctx *ctx, cks_store *s, const cks_error *err)
{
    cli_print_error(ctx, err);
    cks_store_close(s);
    return CLI_EXIT_FAIL;
}

static int certs_import(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {
        {"replace", no_argument, NULL, 'r'},
        {NULL, 0, NULL, 0},
    };
    unsigned flags = 0;
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c != 'r')
            return cli_usage(ctx, usage_text());
        flags |= CKS_CERT_REPLACE;
    }
    if (optind != argc - 1)
        return cli_usage(ctx, usage_text());
    cks_store *s = cli_open_store(ctx, true);
    if (!s)
        return CLI_EXIT_FAIL;
    cks_error err;
    cks_diags diags = CKS_DIAGS_INIT;
    cks_cert_import_stats st;
    cks_error_clear(&err);
    cks_err e = cks_cert_import(s, argv[optind], flags, &st, &diags, &err);
    cli_print_diags(ctx, &diags, NULL);
    /* a file that cannot be read at all is its own only problem: say it once */
    int said = e && diags.count && strcmp(diags.items[diags.count - 1].msg, err.msg) == 0;
    cks_diags_free(&diags);
    if (said) {
        cks_store_close(s);
        return CLI_EXIT_FAIL;
    }
    if (e)
        return fail(ctx, s, &err);
    cli_printf(ctx, stdout, _("Imported %zu certificate(s)"), st.rows);
    if (st.replaced)
        cli_printf(ctx, stdout, _(", %zu of them replacing earlier ones"), st.replaced);
    cli_puts(ctx, stdout, ".\n");
    cks_store_close(s);
    return CLI_EXIT_OK;
}

static void print_table(const cli_ctx *ctx, const cks_cert_list *l)
{
    char buf[512];
    long merger = -1;
    for (size_t i = 0; i < l->count; i++) {
        const cks_cert *c = &l->items[i];
        if (c->merger_id != merger) {
            merger = c->merger_id;
            cks_unit_format(c->new_unit, buf, sizeof buf);
            cli_printf(ctx, stdout, "%s%s\n", i ? "\n" : "", buf);
        }
        fputs("  ", stdout);
        cli_cell(ctx, stdout, cks_cert_serial_short(c, 12, buf, sizeof buf), 12);
        fputc(' ', stdout);
        cli_cell(ctx, stdout, cks_kind_label(c->kind), 9);
        fputc(' ', stdout);
        cli_cell(ctx, stdout, cks_body_label(c->body), 8);
        fputc(' ', stdout);
        snprintf(buf, sizeof buf, "%s %s", c->unit->code, c->unit->name);
        cli_cell(ctx, stdout, buf, 20);
        fputc(' ', stdout);
        cli_cell(ctx, stdout, c->holder, 22);
        fputc(' ', stdout);
        cks_date_dmy(c->valid_to, buf, sizeof buf);
        fputs(buf, stdout);
        fputc(' ', stdout);
        snprintf(buf, sizeof buf, "%s%s%s", cks_status_label(c->status),
                 c->after ? ", " : "", cks_after_label(c->after));
        cli_puts(ctx, stdout, buf);
        fputc('\n', stdout);
    }
}

static int certs_list(cli_ctx *ctx, int argc, char **argv)
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
            return cli_usage(ctx, usage_text());
    }
    if (optind != argc || (strcmp(format, "text") != 0 && strcmp(format, "csv") != 0))
        return cli_usage(ctx, usage_text());
    cks_store *s = cli_open_store(ctx, true);
    if (!s)
        return CLI_EXIT_FAIL;
    cks_error err;
    cks_error_clear(&err);
    long merger_id = 0;
    if (merger) {
        cks_merger m;
        if (cks_merger_get(s, merger, &m, &err))
            return fail(ctx, s, &err);
        merger_id = m.id;
        cks_merger_free(&m);
    }
    cks_cert_list l;
    if (cks_cert_list_all(s, merger_id, &l, &err))
        return fail(ctx, s, &err);
    if (redact && cks_cert_list_redact(&l, &err)) {
        cks_cert_list_free(&l);
        return fail(ctx, s, &err);
    }
    if (strcmp(format, "csv") == 0) {
        if (cks_cert_write_csv(&l, stdout_write, NULL, &err)) {
            cks_cert_list_free(&l);
            return fail(ctx, s, &err);
        }
    } else if (l.count == 0) {
        cli_puts(ctx, stdout, _("No certificate yet (certs import FILE.csv, certs add).\n"));
    } else {
        print_table(ctx, &l);
    }
    cks_cert_list_free(&l);
    cks_store_close(s);
    return CLI_EXIT_OK;
}

/* Apply --FIELD VALUE options to c; the first problem is printed. */
/* Apply --FIELD VALUE options to c, --merger first (it says where a split
 * old unit's certificate goes, which --unit needs), the rest in order. The
 * first problem is printed. */
static int apply_fields(cli_ctx *ctx, cks_store *s, cks_cert *c, int argc, char **argv,
                        bool *given)
{
    const struct option *opts = field_options();
    const char *values[CKS_F_COUNT_];
    int order[CKS_F_COUNT_ * 4], n = 0, ch;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (ch < 1000 || ch >= 1000 + CKS_F_COUNT_ || n == (int)(sizeof order / sizeof order[0]))
            return cli_usage(ctx, usage_text());
        values[ch - 1000] = optarg;
        order[n++] = ch - 1000;
    }
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < n; i++) {
            int f = order[i];
            if ((f == CKS_F_MERGER) != (pass == 0))
                continue;
            cks_error err;
            cks_error_clear(&err);
            if (cks_cert_set_field(s, c, (cks_cert_field)f, values[f], &err)) {
                snprintf(err.field, sizeof err.field, "--%s", opts[f].name);
                cli_print_error(ctx, &err);
                return CLI_EXIT_FAIL;
            }
            if (given)
                given[f] = true;
        }
    }
    return CLI_EXIT_OK;
}

/* Check c across fields and store it (added, or updated when update). */
static int save(const cli_ctx *ctx, cks_store *s, cks_cert *c, bool update)
{
    cks_error err;
    cks_diags d = CKS_DIAGS_INIT;
    cks_error_clear(&err);
    if (cks_cert_check(c, &d, &err)) {
        cli_print_diags(ctx, &d, &err);
        cks_diags_free(&d);
        return CLI_EXIT_FAIL;
    }
    cks_diags_free(&d);
    if (update ? cks_cert_update(s, c, &err) : cks_cert_add(s, c, &err)) {
        cli_print_error(ctx, &err);
        return CLI_EXIT_FAIL;
    }
    cli_printf(ctx, stdout, update ? _("Certificate %s changed.\n") : _("Certificate %s added.\n"),
               c->serial);
    return CLI_EXIT_OK;
}

static int certs_add(cli_ctx *ctx, int argc, char **argv)
{
    static const cks_cert_field required[] = {CKS_F_UNIT, CKS_F_KIND, CKS_F_HOLDER,
                                              CKS_F_SERIAL, CKS_F_VALID_TO};
    cks_store *s = cli_open_store(ctx, true);
    if (!s)
        return CLI_EXIT_FAIL;
    cks_cert c;
    cks_cert_init(&c);
    bool given[CKS_F_COUNT_] = {false};
    int status = apply_fields(ctx, s, &c, argc, argv, given);
    if (status == CLI_EXIT_OK && optind != argc)
        status = cli_usage(ctx, usage_text());
    /* every required option must be given (a missing --kind would make an
     * organisation's certificate): each missing one is named */
    int missing = 0;
    for (size_t i = 0; status == CLI_EXIT_OK && i < sizeof required / sizeof required[0]; i++) {
        if (given[required[i]])
            continue;
        cks_cert scratch;
        cks_error err;
        cks_cert_init(&scratch);
        cks_error_clear(&err);
        cks_cert_set_field(s, &scratch, required[i], "", &err); /* its "missing" message */
        cks_cert_clear(&scratch);
        snprintf(err.field, sizeof err.field, "--%s", field_opts[required[i]].name);
        cli_print_error(ctx, &err);
        missing++;
    }
    if (missing)
        status = cli_usage(ctx, usage_text());
    if (status == CLI_EXIT_OK)
        status = save(ctx, s, &c, false);
    cks_cert_clear(&c);
    cks_store_close(s);
    return status;
}

static int certs_edit(cli_ctx *ctx, int argc, char **argv)
{
    if (argc < 3 || argv[1][0] == '-')
        return cli_usage(ctx, usage_text());
    cks_store *s = cli_open_store(ctx, true);
    if (!s)
        return CLI_EXIT_FAIL;
    cks_cert c;
    cks_error err;
    cks_error_clear(&err);
    if (cks_cert_get(s, argv[1], &c, &err))
        return fail(ctx, s, &err);
    int status = apply_fields(ctx, s, &c, argc - 1, argv + 1, NULL);
    if (status == CLI_EXIT_OK && optind != argc - 1)
        status = cli_usage(ctx, usage_text());
    if (status == CLI_EXIT_OK)
        status = save(ctx, s, &c, true);
    cks_cert_clear(&c);
    cks_store_close(s);
    return status;
}

static int certs_rm(cli_ctx *ctx, int argc, char **argv)
{
    if (argc != 2)
        return cli_usage(ctx, usage_text());
    cks_store *s = cli_open_store(ctx, true);
    if (!s)
        return CLI_EXIT_FAIL;
    cks_error err;
    cks_error_clear(&err);
    if (cks_cert_remove(s, argv[1], &err))
        return fail(ctx, s, &err);
    cli_puts(ctx, stdout, _("The certificate was removed.\n"));
    cks_store_close(s);
    return CLI_EXIT_OK;
}

int cli_cmd_certs(cli_ctx *ctx, int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*fn)(cli_ctx *, int, char **);
    } subs[] = {
        {"import", certs_import}, {"list", certs_list}, {"add", certs_add},
        {"edit", certs_edit},     {"rm", certs_rm},
    };
    for (size_t i = 0; argc >= 2 && i < sizeof subs / sizeof subs[0]; i++)
        if (strcmp(argv[1], subs[i].name) == 0)
            return subs[i].fn(ctx, argc - 1, argv + 1);
    return cli_usage(ctx, usage_text());
}
