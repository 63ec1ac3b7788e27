/* cmd_export.c — `export`: the forms to print and sign. */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "cks/export.h"
#include "cks/i18n.h"
#include "cks/layout.h"
#include "cks/paths.h"
#include "cks/plan.h"
#include "cks/text.h"
#include "cli/cli.h"

static const char *form_label(int form)
{
    switch (form) {
    case CKS_FORM_MAU04: return _("form 04, changes of information");
    case CKS_FORM_MAU05: return _("form 05, revocations");
    case CKS_FORM_MAU08: return _("form 08, tokens handed over");
    case CKS_FORM_CHECKLIST: return _("checklist");
    default: return _("the plan, as CSV");
    }
}

static void print_result(const cli_ctx *ctx, const cks_export_result *res, const char *dir)
{
    size_t skip = strlen(dir);
    int width = 0;
    for (size_t i = 0; i < res->n_files; i++) {
        const char *rel = res->files[i].path;
        int w;
        if (strncmp(rel, dir, skip) == 0 && rel[skip] == '/')
            rel += skip + 1;
        w = cks_text_width(rel);
        if (w > width)
            width = w;
    }
    cli_printf(ctx, stdout, _("Exported %zu file(s) for %zu merger(s) into %s:\n"), res->n_files,
               res->n_mergers, dir);
    for (size_t i = 0; i < res->n_files; i++) {
        const cks_export_file *f = &res->files[i];
        const char *rel = f->path;
        if (strncmp(rel, dir, skip) == 0 && rel[skip] == '/')
            rel += skip + 1;
        fputs("  ", stdout);
        cli_cell(ctx, stdout, rel, width);
        cli_printf(ctx, stdout, "  %s", form_label(f->form));
        if (f->form != CKS_FORM_CHECKLIST)
            cli_printf(ctx, stdout, _(" (%zu row(s))"), f->rows);
        fputc('\n', stdout);
    }
    if (res->n_removed)
        cli_printf(ctx, stdout,
                   _("%zu form(s) of the earlier export that have no row now were removed.\n"),
                   res->n_removed);
    cli_puts(ctx, stdout,
             _("A form with no row is not written. Print the files, tick the checklist, sign.\n"));
}

int cli_cmd_export(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {
        {"out", required_argument, NULL, 'o'},
        {"merger", required_argument, NULL, 'm'},
        {"force", no_argument, NULL, 'f'},
        {NULL, 0, NULL, 0},
    };
    const char *usage = _("usage: cks-sapnhap export [--merger NEW] [--out DIR] [--force]");
    const char *out = NULL, *merger = NULL;
    bool force = false;
    char dir[PATH_MAX];
    int c, status = CLI_EXIT_FAIL;
    cks_layout *layouts[CKS_FORM_COUNT_] = {NULL};
    cks_diags diags = {0};
    cks_error err;
    cks_store *s = NULL;
    cks_plan_set ps;
    bool have_plan = false;

    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'o')
            out = optarg;
        else if (c == 'm')
            merger = optarg;
        else if (c == 'f')
            force = true;
        else
            return cli_usage(ctx, usage);
    }
    if (optind != argc || (out && !*out))
        return cli_usage(ctx, usage);
    cks_error_clear(&err);
    /* the folder: --out, else the settings' export folder */
    if (cks_paths_expand_home(out ? out : ctx->cfg.export_dir, dir, sizeof dir, &err)) {
        cli_print_error(ctx, &err);
        return CLI_EXIT_FAIL;
    }
    if (cks_layout_load_all(cks_paths_datadir(), layouts, &diags, &err)) {
        cli_print_diags(ctx, &diags, &err);
        goto done;
    }
    s = cli_open_store(ctx, false);
    if (!s)
        goto done;

    cks_plan_options po = cks_plan_options_for(&ctx->cfg, ctx->date);
    cks_export_options eo;
    memset(&eo, 0, sizeof eo);
    if (merger) {
        cks_merger m;
        if (cks_merger_get(s, merger, &m, &err)) {
            cli_print_error(ctx, &err);
            goto done;
        }
        eo.merger_id = m.id;
        cks_merger_free(&m);
    }
    if (cks_plan_load(s, &po, &ps, &err)) {
        cli_print_error(ctx, &err);
        goto done;
    }
    have_plan = true;
    if (ps.plan.count == 0) {
        cli_puts(ctx, stderr, _("Nothing to export yet: declare the mergers and import the "
                                "certificates first.\n"));
        goto done;
    }
    eo.out_dir = dir;
    eo.force = force;
    eo.date = ctx->date;
    eo.cfg = &ctx->cfg;
    for (int f = 0; f < CKS_FORM_COUNT_; f++)
        eo.layouts[f] = layouts[f];
    cks_export_result res;
    cks_err e = cks_export_run(&ps.plan, &eo, &res, &diags, &err);
    if (e) {
        cli_print_diags(ctx, &diags, &err);
        if (diags.count && (e == CKS_E_ASK || e == CKS_E_EXISTS))
            cli_print_error(ctx, &err); /* the summary: what to do next */
    } else {
        print_result(ctx, &res, dir);
        status = CLI_EXIT_OK;
    }
    cks_export_result_free(&res);
done:
    if (have_plan)
        cks_plan_set_free(&ps);
    cks_store_close(s);
    for (int f = 0; f < CKS_FORM_COUNT_; f++)
        cks_layout_free(layouts[f]);
    cks_diags_free(&diags);
    return status;
}
