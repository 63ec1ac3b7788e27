/* cli.h — the batch front end: shared context of the subcommands.
 * Front-end code: it may print (to stdout for results, stderr for errors). */
#ifndef CKS_CLI_H
#define CKS_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "cks/config.h"
#include "cks/date.h"
#include "cks/error.h"
#include "cks/store.h"

/* Exit statuses of the program. */
enum {
    CLI_EXIT_OK = 0,
    CLI_EXIT_FAIL = 1,    /* the operation failed (bad file, refused change…) */
    CLI_EXIT_USAGE = 2,   /* wrong use of the command line */
    CLI_EXIT_NOTIMPL = 3  /* the subcommand is not built yet */
};

typedef struct cli_ctx {
    const char *prog;          /* argv[0] as shown in messages */
    const char *db_opt;        /* --db, or NULL for the default */
    const char *config_opt;    /* --config, or NULL */
    const char *lang_opt;      /* --lang, or NULL */
    cks_date date;             /* --date, or today */
    bool utf8;                 /* the terminal's locale can show UTF-8 */
    cks_config cfg;            /* settings in force */
} cli_ctx;

/* Print one error (formatted FILE:LINE: FIELD: MESSAGE) to stderr,
 * unaccented when the terminal cannot show UTF-8. */
void cli_print_error(const cli_ctx *ctx, const cks_error *e);

/* Print every problem of a list, then the summary error. */
void cli_print_diags(const cli_ctx *ctx, const cks_diags *d, const cks_error *e);

/* Print text to stream, unaccented when the terminal cannot show UTF-8. */
void cli_puts(const cli_ctx *ctx, FILE *stream, const char *text);

/* Print text in a column of exactly width terminal columns: cut (with
 * "…") when longer, padded with spaces when shorter. Widths are counted
 * with the display width of the characters, never bytes. */
void cli_cell(const cli_ctx *ctx, FILE *stream, const char *text, int width);

/* printf to stream through cli_puts. */
void cli_printf(const cli_ctx *ctx, FILE *stream, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* "cks-sapnhap: <message>\n" to stderr for a usage error of subcommand
 * cmd; returns CLI_EXIT_USAGE. */
int cli_usage(const cli_ctx *ctx, const char *message);

/* Open the session named by --db (or the default), creating it when
 * create is true. Prints the error and returns NULL on failure. */
cks_store *cli_open_store(cli_ctx *ctx, bool create);

/* Map a core error to the program's exit status. */
int cli_exit_for(cks_err e);

struct cks_merger;
/* A merger and its old units, as a small table. */
void cli_print_merger(const cli_ctx *ctx, const struct cks_merger *m);

/* A subcommand: argv[0] is its own name. Returns an exit status. */
typedef int (*cli_cmd_fn)(cli_ctx *ctx, int argc, char **argv);

int cli_cmd_session(cli_ctx *ctx, int argc, char **argv);
int cli_cmd_units(cli_ctx *ctx, int argc, char **argv);
int cli_cmd_merger(cli_ctx *ctx, int argc, char **argv);
int cli_cmd_demo(cli_ctx *ctx, int argc, char **argv);
int cli_cmd_certs(cli_ctx *ctx, int argc, char **argv);
int cli_cmd_plan(cli_ctx *ctx, int argc, char **argv);
int cli_cmd_decide(cli_ctx *ctx, int argc, char **argv);
int cli_cmd_export(cli_ctx *ctx, int argc, char **argv);

/* The wizard on the session of --db (or the default one); fresh_demo: the
 * session was just made by `demo`. Needs a terminal. */
int cli_wizard(cli_ctx *ctx, bool fresh_demo);

#endif
