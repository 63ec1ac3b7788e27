/* main.c — cks-sapnhap: global options, settings, language, and the
 * dispatch to the wizard or a batch subcommand. */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cks/config.h"
#include "cks/i18n.h"
#include "cks/paths.h"
#include "cli/cli.h"

typedef struct cli_cmd {
    const char *name;
    cli_cmd_fn fn;          /* NULL: not built yet */
    const char *usage;      /* not translated: command syntax */
    const char *summary;    /* msgid */
} cli_cmd;

static const cli_cmd commands[] = {
    {"demo", cli_cmd_demo, "demo", N_("the wizard on a fresh demo session (the letter's examples)")},
    {"units", cli_cmd_units, "units import FILE | units find TEXT",
     N_("load the official old-to-new unit table; search it")},
    {"merger", cli_cmd_merger, "merger add|from-table|list|show|seat|rm ...",
     N_("declare which old units merged into which new unit")},
    {"certs", cli_cmd_certs, "certs import FILE.csv | list | add | edit | rm",
     N_("the certificate inventory")},
    {"plan", cli_cmd_plan, "plan [--merger NEW] [--format text|csv|json] [--redact]",
     N_("what to do with every certificate, and the rule behind it")},
    {"decide", cli_cmd_decide, "decide SERIAL --action A --reason TEXT | --clear",
     N_("record the officer's own decision for a certificate")},
    {"export", cli_cmd_export, "export [--merger NEW] [--out DIR] [--force]",
     N_("write the forms, the checklist and plan.csv")},
    {"session", cli_cmd_session, "session [info|check]",
     N_("show or check the session file")},
};

enum { OPT_DB = 1000, OPT_CONFIG, OPT_LANG, OPT_DATE, OPT_HELP, OPT_VERSION };

static const struct option global_options[] = {
    {"db", required_argument, NULL, OPT_DB},
    {"config", required_argument, NULL, OPT_CONFIG},
    {"lang", required_argument, NULL, OPT_LANG},
    {"date", required_argument, NULL, OPT_DATE},
    {"help", no_argument, NULL, OPT_HELP},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

static void print_help(const cli_ctx *ctx)
{
    char line[1024];
    cli_puts(ctx, stdout, _("cks-sapnhap — the digital certificates of a commune merger, "
                            "step by step: keep, change or revoke each one, and print the "
                            "forms to sign.\n\n"));
    cli_puts(ctx, stdout, _("Usage: cks-sapnhap [OPTION]... [SUBCOMMAND [ARG]...]\n"
                            "Without a subcommand the wizard starts.\n\n"));
    cli_puts(ctx, stdout, _("Subcommands:\n"));
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        snprintf(line, sizeof line, "  %s\n      %s\n", commands[i].usage,
                 _(commands[i].summary));
        cli_puts(ctx, stdout, line);
    }
    cli_puts(ctx, stdout, _("\nOptions:\n"
                            "  --db FILE          the session file (default: "
                            "$XDG_DATA_HOME/cks-sapnhap/session.sqlite)\n"
                            "  --config FILE      the settings file\n"
                            "  --lang vi|en       language of the program (default: vi)\n"
                            "  --date YYYY-MM-DD  the day validity is judged on and forms are "
                            "dated (default: today)\n"
                            "  --help             show this help\n"
                            "  --version          show the version\n"));
    cli_puts(ctx, stdout, _("\nExit status: 0 done, 1 failed, 2 wrong use, 3 not built yet.\n"));
}

static int usage_error(const cli_ctx *ctx, const char *msg)
{
    fprintf(stderr, "%s: ", ctx->prog);
    cli_puts(ctx, stderr, msg);
    fputc('\n', stderr);
    cli_puts(ctx, stderr, _("Try 'cks-sapnhap --help' for more information.\n"));
    return CLI_EXIT_USAGE;
}

/* Load the settings in force. Returns false (error printed) when they are
 * not usable: the program never runs half-configured. */
static bool load_settings(cli_ctx *ctx)
{
    char path[PATH_MAX];
    cks_error err;
    cks_diags diags = CKS_DIAGS_INIT;
    cks_error_clear(&err);
    cks_config_defaults(&ctx->cfg);
    if (cks_config_find(ctx->config_opt, cks_paths_datadir(), path, sizeof path, &err)) {
        if (ctx->config_opt) {
            cli_print_error(ctx, &err);
            return false;
        }
        return true; /* no file anywhere: the built-in defaults */
    }
    if (cks_config_load(&ctx->cfg, path, &diags, &err)) {
        cli_print_diags(ctx, &diags, &err);
        fprintf(stderr, "%s: ", ctx->prog);
        cli_puts(ctx, stderr, _("the settings have problems; fix them and start again\n"));
        cks_diags_free(&diags);
        return false;
    }
    cks_diags_free(&diags);
    return true;
}

static const cli_cmd *find_command(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

/* Take the global options that carry a value (--db, --config, --lang,
 * --date) out of argv wherever they stand, so that they work after the
 * subcommand too ("cks-sapnhap plan --date 2025-07-01"). "--" ends the
 * search. Returns the new argc; argv is compacted in place. A value option
 * without its value is left for the usage error. */
static int take_global_values(cli_ctx *ctx, const char **date_opt, int argc, char **argv)
{
    static const struct {
        const char *name;
        size_t len;
    } value_opts[] = {{"--db", 4}, {"--config", 8}, {"--lang", 6}, {"--date", 6}};
    int out = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            while (i < argc)
                argv[out++] = argv[i++];
            break;
        }
        int which = -1;
        const char *value = NULL;
        for (int k = 0; k < 4 && which < 0; k++) {
            size_t len = value_opts[k].len;
            if (strncmp(a, value_opts[k].name, len) != 0)
                continue;
            if (a[len] == '=') {
                which = k;
                value = a + len + 1;
            } else if (a[len] == '\0' && i + 1 < argc) {
                which = k;
                value = argv[++i];
            }
        }
        switch (which) {
        case 0: ctx->db_opt = value; break;
        case 1: ctx->config_opt = value; break;
        case 2: ctx->lang_opt = value; break;
        case 3: *date_opt = value; break;
        default: argv[out++] = argv[i]; break;
        }
    }
    argv[out] = NULL;
    return out;
}

int main(int argc, char **argv)
{
    cli_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.prog = "cks-sapnhap";
    ctx.utf8 = true;
    const char *date_opt = NULL;
    int want_help = 0, want_version = 0, bad_option = 0;

    argc = take_global_values(&ctx, &date_opt, argc, argv);
    opterr = 0;
    int c;
    /* '+': stop at the subcommand; its own options are its own. */
    while ((c = getopt_long(argc, argv, "+", global_options, NULL)) != -1) {
        switch (c) {
        case OPT_HELP: want_help = 1; break;
        case OPT_VERSION: want_version = 1; break;
        default: bad_option = optind - 1 > 0 ? optind - 1 : 1; break;
        }
    }

    /* Language first (so every message below is translated): --lang, else
     * Vietnamese; the setting may change it once it has been read. */
    cks_error err;
    cks_error_clear(&err);
    const char *lang = ctx.lang_opt && cks_i18n_lang_valid(ctx.lang_opt) ? ctx.lang_opt : "vi";
    cks_i18n_setup(lang, NULL, &ctx.utf8, &err);
    if (ctx.lang_opt && !cks_i18n_lang_valid(ctx.lang_opt)) {
        char msg[256];
        snprintf(msg, sizeof msg, _("unknown language '%s' (use vi or en)"), ctx.lang_opt);
        return usage_error(&ctx, msg);
    }
    if (bad_option) {
        char msg[512];
        snprintf(msg, sizeof msg, _("unknown or incomplete option '%s'"),
                 bad_option < argc ? argv[bad_option] : "?");
        return usage_error(&ctx, msg);
    }
    if (want_version) {
        printf("cks-sapnhap %s\n", CKS_VERSION);
        return CLI_EXIT_OK;
    }

    bool settings_ok = load_settings(&ctx);
    if (settings_ok && !ctx.lang_opt && strcmp(ctx.cfg.lang, lang) != 0)
        cks_i18n_setup(ctx.cfg.lang, NULL, &ctx.utf8, &err);
    if (want_help) {
        print_help(&ctx);
        return CLI_EXIT_OK;
    }
    if (!settings_ok)
        return CLI_EXIT_FAIL;

    if (date_opt) {
        if (!cks_date_parse_iso(date_opt, &ctx.date)) {
            char msg[256];
            snprintf(msg, sizeof msg, _("--date wants a real day written YYYY-MM-DD, not '%s'"),
                     date_opt);
            return usage_error(&ctx, msg);
        }
    } else {
        ctx.date = cks_date_today();
    }

    if (optind >= argc)
        return cli_wizard(&ctx, false);
    const char *name = argv[optind];
    const cli_cmd *cmd = find_command(name);
    if (!cmd) {
        char msg[512];
        snprintf(msg, sizeof msg, _("unknown subcommand '%s'"), name);
        return usage_error(&ctx, msg);
    }
    if (!cmd->fn) {
        char msg[512];
        snprintf(msg, sizeof msg, _("'%s' is not built yet\n"), name);
        fprintf(stderr, "%s: ", ctx.prog);
        cli_puts(&ctx, stderr, msg);
        return CLI_EXIT_NOTIMPL;
    }
    int sub = optind;
    optind = 0; /* the subcommand parses its own options with getopt again */
    return cmd->fn(&ctx, argc - sub, argv + sub);
}
